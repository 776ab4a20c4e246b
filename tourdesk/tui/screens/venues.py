"""All venues, with the highlighted one's facts below (or beside, when wide)."""

from __future__ import annotations

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Container
from textual.content import Content
from textual.widgets import DataTable, Footer, Header, Static

from tourdesk.domain.models import Venue
from tourdesk.domain.text import printable
from tourdesk.store import StoreError, venues
from tourdesk.store.venues import VenueListing
from tourdesk.tui import keymap
from tourdesk.tui.modals.prompt import Confirm
from tourdesk.tui.modals.venue_form import VenueForm
from tourdesk.tui.screens.base import DataScreen
from tourdesk.tui.widgets.cells import plain
from tourdesk.tui.widgets.synced_table import SyncedTable
from tourdesk.tui.widgets.venue_card import venue_card

COLUMNS = [("Venue", None), ("City", 14), ("Cty", 3), ("Cap", 6), ("Gigs", 4)]


class VenuesScreen(DataScreen[list[VenueListing]]):
    BINDINGS = keymap.VENUES
    AUTO_FOCUS = "#venues"

    def __init__(self) -> None:
        super().__init__()
        self._by_key: dict[str, Venue] = {}
        self._versions: dict[int, int] = {}  # as shown: an edit saves against it
        self._made: str | None = None
        self._data: list[VenueListing] = []
        self._width = 0

    def compose(self) -> ComposeResult:
        yield Header()
        with Container(id="venues-body"):
            yield SyncedTable(id="venues")
            yield Static(id="venue-detail", classes="panel")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Venues"

    def load(self) -> list[VenueListing]:
        return venues.listing(self.store)

    def show(self, data: list[VenueListing]) -> None:
        self._data = data
        self._by_key = {str(v.venue.id): v.venue for v in data}
        self._versions = {v.venue.id: v.version for v in data if v.venue.id is not None}
        table = self.query_one(SyncedTable)
        table.sync([
            (str(v.venue.id), (
                plain(v.venue.name), plain(v.venue.city), plain(v.venue.country),
                plain("" if v.venue.capacity is None else v.venue.capacity),
                plain(v.gig_days or ""),
            ))
            for v in data
        ])  # fmt: skip
        if self._made is not None:
            table.select_key(self._made)
            self._made = None
        self._show_detail(table.current_key())

    def on_resize(self, event: events.Resize) -> None:
        wide = event.size.width >= 110
        self.set_class(wide, "-wide")
        table_width = event.size.width // 2 if wide else event.size.width
        if table_width != self._width:
            self._width = table_width
            self.query_one(SyncedTable).set_columns(COLUMNS, table_width)
            self.show(self._data)

    @on(DataTable.RowHighlighted, "#venues")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail(event.row_key.value)

    # -- add, edit, delete --

    @on(DataTable.RowSelected, "#venues")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()  # Enter (or a tap on the highlighted row): edit it
        self.action_edit()

    def _current(self) -> Venue | None:
        return self._by_key.get(self.query_one(SyncedTable).current_key() or "")

    def action_new(self) -> None:
        self.app.push_screen(VenueForm(), lambda venue: venue and self._save(venue, None))

    def action_edit(self) -> None:
        venue = self._current()
        if venue is None or venue.id is None:
            return
        opened = self._versions.get(venue.id)
        self.app.push_screen(VenueForm(venue), lambda v: v and self._save(v, opened))

    @work(thread=True, group="write")
    def _save(self, venue: Venue, opened: int | None) -> None:
        """Warn about a likely duplicate before saving; the save refuses an edit someone
        else made since the form opened."""
        try:
            twins = venues.likely_duplicates(self.store, venue)
        except StoreError as exc:
            self.app.call_from_thread(self.notify, printable(str(exc)), severity="warning",
                                      markup=False)
            return

        def commit() -> None:
            if venue.id is None:
                self._made = str(venues.add(self.store, venue))  # the cursor goes to it
            else:
                venues.update(self.store, venue, expected_version=opened)

        if not twins:
            self.write(commit, f"Saved {venue.name}")
            return
        other = twins[0]
        question = (f"{venue.name}, {venue.city} looks like {other.name}, {other.city}"
                    " (same name and city, or within 200 m). Save anyway?")
        self.app.call_from_thread(self.app.push_screen, Confirm(question), lambda yes: yes and
                                  self.write(commit, f"Saved {venue.name}"))

    def action_place(self) -> None:
        venue = self._current()
        if venue is not None:
            self.notify(f"Looking up {printable(venue.name)}…", markup=False)
            self._place(venue)

    @work(thread=True, group="geocode")
    def _place(self, venue: Venue) -> None:
        """Nominatim (rate-limited, cached), else the city from the gazetteer; off the UI
        thread, since a lookup can wait its turn for a second or more."""
        from tourdesk.services import geocoding

        try:
            done = geocoding.place_venue(self.store, venue, geocoding.nominatim(self.store))
        except StoreError as exc:
            self.app.call_from_thread(self.notify, printable(str(exc)), severity="warning",
                                      markup=False)
            return
        v = done.venue
        said = (f"{v.name}: {v.latitude:.4f}, {v.longitude:.4f} from the {done.source}"
                if done.source else f"{v.name}: not found; enter the coordinates (Enter)")
        self.app.call_from_thread(self.notify, printable(said), markup=False)
        self.app.call_from_thread(self.reload)

    def action_delete(self) -> None:
        venue = self._current()
        if venue is None or venue.id is None:
            return
        venue_id = venue.id
        self.app.push_screen(Confirm(f"Delete {venue.name}, {venue.city}?"), lambda yes: yes and
                             self.write(lambda: venues.delete(self.store, venue_id),
                                        f"Deleted {venue.name}"))

    def _show_detail(self, key: str | None) -> None:
        venue = self._by_key.get(key or "")
        self.query_one("#venue-detail", Static).update(
            venue_card(venue) if venue else Content("No venues yet.")
        )

