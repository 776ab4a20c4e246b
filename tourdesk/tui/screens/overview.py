"""The tour overview: every gig day of the current tour, one line each."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import DataTable, Footer, Header, Static

from tourdesk.domain.access import Capability
from tourdesk.domain.advancing import DUE_DAYS, Progress
from tourdesk.domain.kinds import GigKind, GigStatus
from tourdesk.domain.models import Tour
from tourdesk.domain.text import printable
from tourdesk.store import gigs, tours
from tourdesk.store.changelog import NEWS_TABLES
from tourdesk.store.gigs import GigRow
from tourdesk.tui import keymap
from tourdesk.tui.live import DAYS, TICKS, watches
from tourdesk.tui.modals.choose import Choose
from tourdesk.tui.screens.base import DataScreen
from tourdesk.tui.widgets.cells import (
    SHORT_KIND,
    SHORT_STATUS,
    STATUS_STYLE,
    days_to_go,
    plain,
)
from tourdesk.tui.widgets.synced_table import Cells, SyncedTable


@dataclass(frozen=True, slots=True)
class Overview:
    tour: Tour | None
    rows: list[GigRow]
    left: dict[int, int]  # gig id -> items loaded in and not yet out (the Load-out column)
    to_advance: int = 0  # shows from today to DUE_DAYS ahead not fully advanced
    advance: dict[int, Progress] = field(default_factory=dict)  # gig id -> its advance
    changed: frozenset[int] = frozenset()  # days others changed since this login's last look


CHANGED = "✱ "  # a day others changed since the login last opened it

# Width tiers: (minimum width, columns). None width = takes what is left.
WIDE, NORMAL, NARROW = "wide", "normal", "narrow"


def tier_for(width: int) -> str:
    return WIDE if width >= 110 else NORMAL if width >= 70 else NARROW


COLUMNS = {
    WIDE: [("Date", 10), ("City", 14), ("Cty", 3), ("Venue", None), ("Kind", 9),
           ("Status", 9), ("Contract", 13), ("Advance", 7), ("Load-out", 9), ("Days", 5)],
    NORMAL: [("Date", 10), ("City", 12), ("Venue", None), ("Kind", 9), ("Status", 9),
             ("Load-out", 9), ("Days", 5)],
    NARROW: [("Date", 10), ("Where", None), ("Kind", 4), ("St", 4), ("To go", 5), ("Days", 5)],
}


class OverviewScreen(DataScreen[Overview]):
    BINDINGS = keymap.OVERVIEW
    ACTION_NEEDS = {"feeds": Capability.MANAGE_FEEDS}
    WATCHES = watches("checklists", "advance_items", also=DAYS | TICKS)
    AUTO_FOCUS = "#gigs"

    def __init__(self) -> None:
        super().__init__()
        self._tier = ""
        self._data = Overview(None, [], {})
        # Whether the days' news must be read again (the ✱ marks): not for a tick, which
        # reloads this screen often at a load-out and changes no day's news
        self._news_stale = True

    def refresh_for(self, tables: frozenset[str] | None) -> None:
        if tables is None or tables & frozenset(NEWS_TABLES):
            self._news_stale = True
        super().refresh_for(tables)

    def on_screen_resume(self) -> None:
        self._news_stale = True  # back from a day: opening it may have read its news
        super().on_screen_resume()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="summary")
        yield SyncedTable(id="gigs")
        yield Footer()

    def load(self) -> Overview:
        from tourdesk.store import checklists  # after the first paint: start-up stays short

        tour_id = self.tourdesk.tour.get()
        if tour_id is None:
            return Overview(None, [], {})
        from tourdesk.services.advancing import tour_state
        from tourdesk.services.changes import changed_days

        news, self._news_stale = self._news_stale, False
        with self.store.read():
            state = tour_state(self.store, tour_id, self.tourdesk.today)
            rows = gigs.rows_for_tour(self.store, tour_id)
            kept = not news and self._data.tour is not None and self._data.tour.id == tour_id
            changed = (self._data.changed if kept
                       else frozenset(changed_days(self.store, [r.id for r in rows])))
            return Overview(tours.get(self.store, tour_id), rows,
                            checklists.left_behind_counts(self.store, tour_id)
                            if self.store.can(Capability.READ_EQUIPMENT) else {},
                            len(state.due), {a.row.id: a.progress for a in state.shows},
                            changed)

    def show(self, data: Overview) -> None:
        first_show = self._data.tour is None and data.tour is not None
        self._data = data
        self.sub_title = printable(data.tour.name) if data.tour else "no tour yet"
        self.query_one("#summary", Static).update(self._summary(data))
        self._fill(self._columns_for(self.size.width))
        if first_show:
            self.action_today()

    def on_resize(self, event: events.Resize) -> None:
        self._fill(self._columns_for(event.size.width))

    def _columns_for(self, width: int) -> str:
        tier = tier_for(width)
        if tier != self._tier:
            self.query_one(SyncedTable).set_columns(COLUMNS[tier], width)
            self._tier = tier
        return tier

    def _fill(self, tier: str) -> None:
        today = self.tourdesk.today
        left = self._data.left
        self.query_one(SyncedTable).sync(
            [(str(r.id), _cells(r, tier, today, left.get(r.id, 0), self._data.advance.get(r.id),
                                r.id in self._data.changed))
             for r in self._data.rows]
        )

    def _summary(self, data: Overview) -> Content:
        if data.tour is None:
            return Content("No tour yet. Load the demo with `tourdesk demo`, or import gigs.")
        rows = data.rows
        shows = [r for r in rows if r.kind is GigKind.SHOW and r.status is not GigStatus.CANCELLED]
        cancelled = sum(1 for r in rows
                        if r.kind is GigKind.SHOW and r.status is GigStatus.CANCELLED)
        # Each part with the rank it is dropped in when the line is too long: the dates
        # first, then what is left to advance, then the count; the next show matters most.
        ranked: list[tuple[int, str]] = [(9, data.tour.artist or data.tour.name)]
        if rows:
            ranked.append((1, f"{rows[0].date:%d %b} – {rows[-1].date:%d %b %Y}"))
        ranked.append((3, f"{len(shows)} show{'s' if len(shows) != 1 else ''}"
                       + (f" + {cancelled} cancelled" if cancelled else "")))
        if data.to_advance:
            ranked.append((2, f"{data.to_advance} to advance ≤{DUE_DAYS}d"))
        if data.changed:  # kept with the next show: what others changed is news
            ranked.append((9, f"{CHANGED}{len(data.changed)} changed since you looked"))
        upcoming = [r for r in shows if r.date >= self.tourdesk.today]
        if upcoming:
            nxt = upcoming[0]
            delta = (nxt.date - self.tourdesk.today).days
            when = "today" if delta == 0 else f"in {delta}d"
            ranked.append((9, f"next: {nxt.city} {when}"))
        room = max(20, self.size.width - 2)
        parts = [text for _, text in ranked]
        for rank in (1, 2, 3):
            if len(" · ".join(parts)) <= room:
                break
            ranked = [(r, t) for r, t in ranked if r != rank]
            parts = [text for _, text in ranked]
        return Content(printable(" · ".join(parts)))

    @on(DataTable.RowSelected, "#gigs")
    def _open_row(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.tourdesk.open_gig(int(event.row_key.value))

    def action_open(self) -> None:
        key = self.query_one(SyncedTable).current_key()
        if key is not None:
            self.tourdesk.open_gig(int(key))

    def action_today(self) -> None:
        """Put the cursor on today, or the next day of the tour."""
        today = self.tourdesk.today
        rows = self._data.rows
        target = next((r for r in rows if r.date >= today), rows[-1] if rows else None)
        if target is not None:
            self.query_one(SyncedTable).select_key(str(target.id), near_top=True)

    def action_choose_tour(self) -> None:
        self.app.action_command_palette()

    def action_route(self) -> None:
        from tourdesk.tui.screens.route import RouteScreen

        if self.tourdesk.tour.id is not None:
            self.app.push_screen(RouteScreen(self.tourdesk.tour.id))

    def action_travel(self) -> None:
        from tourdesk.tui.screens.travel import TravelScreen

        if self.tourdesk.tour.id is not None:
            self.app.push_screen(TravelScreen(self.tourdesk.tour.id))

    def action_feeds(self) -> None:
        from tourdesk.tui.screens.feeds import FeedsScreen

        self.app.push_screen(FeedsScreen())

    def action_export(self) -> None:
        """Write the tour's .ics, for the audience chosen, on the server and say where."""
        from tourdesk.services.calendar import Audience, Scope
        from tourdesk.tui.exports import export_calendar

        tour_id = self.tourdesk.tour.id
        if tour_id is None:
            return

        def chosen(audience: str | None) -> None:
            if audience:
                export_calendar(self, self.store, tour_id, Scope(Audience(audience)))

        self.app.push_screen(Choose("Calendar for…", [
            (Audience.TOUR.value, "Whole tour: every item"),
            (Audience.BAND.value, "Band: no load-in or load-out, band calls"),
            (Audience.CREW.value, "Crew: every item, crew calls"),
        ]), chosen)


def _cells(r: GigRow, tier: str, today: date, left: int,
           advance: Progress | None = None, changed: bool = False) -> Cells:
    past = r.date < today
    # Items loaded in and not out: alarming once the day is over, expected during it.
    # Items loaded in and not yet out, in words: "to go" during the day, "left" (behind)
    # once it is over; the narrow list says the number under "To go".
    words = "" if tier == NARROW else " left" if past else " to go"
    gear = Text(f"{left}{words}", style="bold red" if past else "yellow") if left else Text("")
    dim = "dim" if past else ""
    date_cell = Text(f"{r.date:%a %d %b}", style=dim)
    status = Text(SHORT_STATUS[r.status] if tier == NARROW else r.status.value,
                  style=STATUS_STYLE[r.status])
    kind_style = "italic" if r.kind in (GigKind.OFF, GigKind.TRAVEL) else ""
    kind = plain(SHORT_KIND[r.kind] if tier == NARROW else r.kind.value, kind_style)
    days = days_to_go(r.date, today)
    # a day others changed since this login last opened it: a mark before its place
    mark = CHANGED if changed else ""
    if tier == NARROW:
        where = (r.venue and f"{r.city}: {r.venue}") or r.city
        return (date_cell, plain(mark + where, dim), kind, status, gear, days)
    venue = plain(r.venue or ("—" if r.kind is GigKind.OFF else ""), dim)
    if tier == NORMAL:
        return (date_cell, plain(mark + r.city, dim), venue, kind, status, gear, days)
    return (date_cell, plain(mark + r.city, dim), plain(r.country, dim), venue, kind, status,
            plain(r.contract.value, dim), _advance_cell(advance, past), gear, days)


def _advance_cell(progress: Progress | None, past: bool) -> Text:
    """A show's advance in a few cells: "done", settled/total, or "—" not begun."""
    if progress is None:
        return Text("")
    if progress.done:
        return Text("done", style="dim" if past else "green")
    if not progress.total:
        return Text("—", style="dim" if past else "yellow")
    return Text(f"{progress.settled}/{progress.total}", style="dim" if past else "yellow")
