"""All venues, with the highlighted one's facts below (or beside, when wide)."""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Container
from textual.content import Content
from textual.widgets import DataTable, Footer, Header, Static

from tourdesk.domain.models import Venue
from tourdesk.store import venues
from tourdesk.store.venues import VenueListing
from tourdesk.tui import keymap
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
        table = self.query_one(SyncedTable)
        table.sync([
            (str(v.venue.id), (
                plain(v.venue.name), plain(v.venue.city), plain(v.venue.country),
                plain("" if v.venue.capacity is None else v.venue.capacity),
                plain(v.gig_days or ""),
            ))
            for v in data
        ])  # fmt: skip
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

    def _show_detail(self, key: str | None) -> None:
        venue = self._by_key.get(key or "")
        self.query_one("#venue-detail", Static).update(
            venue_card(venue) if venue else Content("No venues yet.")
        )

