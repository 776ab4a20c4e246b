"""All venues, with the highlighted one's facts below (or beside, when wide). `/`
searches forgivingly (accents, case and missing letters do not matter)."""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Container
from textual.content import Content
from textual.widgets import DataTable, Footer, Header, Static

from tourdesk.domain.access import Capability
from tourdesk.domain.models import Venue
from tourdesk.domain.search import ranked
from tourdesk.domain.text import printable
from tourdesk.store import venues
from tourdesk.store.venues import VenueListing
from tourdesk.tui import keymap
from tourdesk.tui.edits import EditFlow
from tourdesk.tui.live import watches
from tourdesk.tui.modals.forms import VenueForm
from tourdesk.tui.modals.prompt import Confirm
from tourdesk.tui.screens.base import DataScreen
from tourdesk.tui.widgets.cells import plain
from tourdesk.tui.widgets.filter_box import FilterBox
from tourdesk.tui.widgets.synced_table import SyncedTable
from tourdesk.tui.widgets.venue_card import venue_card
from tourdesk.tui.writes import WriteQueue

COLUMNS = [("Venue", None), ("City", 14), ("Cty", 3), ("Cap", 6), ("Gigs", 4)]


class VenuesScreen(DataScreen[list[VenueListing]]):
    BINDINGS = keymap.VENUES
    ACTION_NEEDS = {
        "new": Capability.WRITE_SCHEDULE, "edit": Capability.WRITE_SCHEDULE,
        "delete": Capability.WRITE_SCHEDULE, "place": Capability.WRITE_SCHEDULE,
        "place_all": Capability.WRITE_SCHEDULE,
    }
    WATCHES = watches("venues", "venue_contacts", "gig_days")
    AUTO_FOCUS = "#venues"

    def __init__(self) -> None:
        super().__init__()
        self._by_key: dict[str, VenueListing] = {}
        self._versions: dict[int, int] = {}  # as shown: an edit saves against it
        self._made: str | None = None
        self._data: list[VenueListing] = []
        self._width = 0
        self._placing = False  # a batch lookup is running: the top line shows its progress
        self._lookups: WriteQueue | None = None
        self._edits = EditFlow[Venue](self, VenueForm, self._save, self._latest,
                                      lambda v: v.name, ask_first=self._duplicate_question)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="progress")
        yield FilterBox("search: name, city, country or address", "#venues")
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
        self._by_key = {str(v.venue.id): v for v in data}
        self._versions = {v.venue.id: v.version for v in data if v.venue.id is not None}
        self._draw()

    def _draw(self) -> None:
        query = self.query_one(FilterBox).value
        shown = ranked(query, self._data, lambda v: " ".join(
            (v.venue.name, v.venue.city, v.venue.country, v.venue.address)))
        table = self.query_one(SyncedTable)
        table.sync([
            (str(v.venue.id), (
                plain(v.venue.name), plain(v.venue.city), plain(v.venue.country),
                plain("" if v.venue.capacity is None else v.venue.capacity),
                plain(v.gig_days or ""),
            ))
            for v in shown
        ])  # fmt: skip
        # a reload already under way when the venue was saved may not hold it yet: the
        # cursor goes to it with the first data that does
        if self._made is not None and table.select_key(self._made):
            self._made = None
        if not self._placing:
            unplaced = sum(1 for v in self._data if v.venue.latitude is None)
            found = f"{len(shown)} of {len(self._data)}" if query.strip() else len(self._data)
            self._progress(f"{found} venues" + (f" · {unplaced} not on the map (G places them)"
                                                 if unplaced else ""))
        self._show_detail(table.current_key())

    def _progress(self, text: str) -> None:
        self.query_one("#progress", Static).update(Content(printable(text)), layout=False)

    def action_filter(self) -> None:
        self.query_one(FilterBox).open()

    @on(FilterBox.Changed)
    def _filter_changed(self) -> None:
        self._draw()

    def on_resize(self, event: events.Resize) -> None:
        wide = event.size.width >= 110
        self.set_class(wide, "-wide")
        table_width = event.size.width // 2 if wide else event.size.width
        if table_width != self._width:
            self._width = table_width
            self.query_one(SyncedTable).set_columns(COLUMNS, table_width)
            self._draw()

    @on(DataTable.RowHighlighted, "#venues")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail(event.row_key.value)

    # -- add, edit, delete --

    @on(DataTable.RowSelected, "#venues")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()  # Enter (or a tap on the highlighted row): edit it
        self.action_edit()

    def _current(self) -> Venue | None:
        shown = self._by_key.get(self.query_one(SyncedTable).current_key() or "")
        return shown.venue if shown else None

    def action_contacts(self) -> None:
        venue = self._current()
        if venue is not None and venue.id is not None:
            from tourdesk.tui.screens.venue_contacts import VenueContactsScreen

            self.app.push_screen(VenueContactsScreen(venue.id))

    def action_new(self) -> None:
        self._edits.open(None, 0)

    def action_edit(self) -> None:
        venue = self._current()
        if venue is not None and venue.id is not None:
            self._edits.open(venue, self._versions[venue.id])

    def _duplicate_question(self, venue: Venue) -> str | None:
        """Asked before a save (in the write worker): is this one we already have?"""
        twins = venues.likely_duplicates(self.store, venue)
        if not twins:
            return None
        other = twins[0]
        return (f"{venue.name}, {venue.city} looks like {other.name}, {other.city}"
                " (same name and city, or within 200 m). Save anyway?")

    def _latest(self, venue: Venue) -> tuple[Venue, int]:
        assert venue.id is not None
        with self.store.read():
            return venues.get(self.store, venue.id), venues.version(self.store, venue.id)

    def _save(self, venue: Venue, seen: int) -> None:
        if venue.id is None:
            self._made = str(venues.add(self.store, venue))  # the cursor goes to it
        else:
            venues.update(self.store, venue, expected_version=seen)

    def action_place(self) -> None:
        venue = self._current()
        if venue is not None:
            self.notify(f"Looking up {printable(venue.name)}…", markup=False)
            self._place([venue])

    def action_place_all(self) -> None:
        todo = [v.venue for v in self._data if v.venue.latitude is None]
        if not todo:
            self.notify("Every venue is on the map already", markup=False)
        elif self._placing:
            self.notify("Already placing venues: see the top line", markup=False)
        else:
            self._placing = True  # set here, on the UI thread: G twice starts one batch
            self._place(todo)

    def _place(self, todo: list[Venue]) -> None:
        """Nominatim (rate-limited, cached), else the city from the gazetteer, in the
        screen's lookup queue (each lookup can wait its turn for a second or more, and
        edits meanwhile go through the write queue). Each venue is saved as soon as it
        is found, and the top line counts the batch."""
        from tourdesk.services import geocoding

        batch = len(todo) > 1
        call = self.app.call_from_thread

        def run() -> int:
            placed = 0
            geocoder = geocoding.nominatim(self.store)
            for n, venue in enumerate(todo, start=1):
                if not self.is_attached:
                    break
                if batch:
                    call(self._progress, f"Placing {n} of {len(todo)}: {venue.name}, "
                                         f"{venue.city} ({placed} placed so far)")
                done = geocoding.place_venue(self.store, venue, geocoder)
                placed += bool(done.source)
                if not batch:
                    v = done.venue
                    call(self.notify, printable(
                        f"{v.name}: {v.latitude:.4f}, {v.longitude:.4f} from the {done.source}"
                        if done.source else f"{v.name}: not found; enter the coordinates (Enter)"),
                         markup=False)
                call(self.reload)
            return placed

        def finished(placed: int) -> None:
            self._placing = self._placing and not batch
            if batch:
                self.notify(f"{placed} of {len(todo)} venues placed"
                            + ("" if placed == len(todo) else
                               "; enter the others' coordinates by hand"), markup=False)
            self.reload()

        def failed(_: str) -> None:
            self._placing = self._placing and not batch

        self.lookups.submit(run, then=finished, failed=failed)

    @property
    def lookups(self) -> WriteQueue:
        """Map lookups queue apart from edits: a batch of 40 takes 40 s or more."""
        if self._lookups is None:
            self._lookups = WriteQueue(self, "geocode")
        return self._lookups

    def action_delete(self) -> None:
        venue = self._current()
        if venue is None or venue.id is None:
            return
        venue_id = venue.id
        self.app.push_screen(Confirm(f"Delete {venue.name}, {venue.city}?"), lambda yes: None
                             if not yes else self.write(lambda: venues.delete(self.store, venue_id),
                                        f"Deleted {venue.name}"))

    def _show_detail(self, key: str | None) -> None:
        shown = self._by_key.get(key or "")
        self.query_one("#venue-detail", Static).update(
            venue_card(shown.venue, shown.contacts) if shown
            else Content("No venue matches." if self._data else "No venues yet.")
        )

