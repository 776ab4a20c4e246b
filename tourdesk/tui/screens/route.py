"""`r` on the tour overview: the road between the gig days.

A line of daily distances (one bar per leg) over the legs themselves; the lines under
the table say in words what is flagged on the leg under the cursor.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.widget import Widget
from textual.widgets import DataTable, Sparkline, Static

from tourdesk.domain.routing import Leg, LegFlag, summary
from tourdesk.domain.text import printable
from tourdesk.domain.travel import DriveRules
from tourdesk.services.routing import route
from tourdesk.tui import keymap
from tourdesk.tui.live import DAYS, TRAVEL, watches
from tourdesk.tui.screens.table_screen import TableScreen
from tourdesk.tui.widgets.cells import plain
from tourdesk.tui.widgets.synced_table import Cells, SyncedTable

Route = tuple[list[Leg], DriveRules]
MARKS = {LegFlag.LONG_DRIVE: ("D", "bold red"), LegFlag.NO_TIME: ("T", "bold red"),
         LegFlag.BORDER: ("B", "yellow"), LegFlag.NEEDS_TRAVEL: ("N", "bold red")}


class RouteScreen(TableScreen[Route]):
    BINDINGS = keymap.ROUTE
    WATCHES = watches("tour_routing", also=DAYS | TRAVEL)
    AUTO_FOCUS = "#legs"
    TABLE_ID = "legs"
    SUBTITLE = "Route"
    LEAVE_WHEN_GONE = True

    def __init__(self, tour_id: int) -> None:
        super().__init__()
        self.tour_id = tour_id

    def above(self) -> list[Widget]:
        return [Sparkline([], id="distances")]

    def below(self) -> list[Widget]:
        return [Static(id="detail")]

    def load(self) -> Route:
        return route(self.store, self.tour_id)

    def draw(self) -> None:
        if self.loaded is None:
            return
        legs, rules = self.loaded
        wide = self.size.width >= 100
        columns: list[tuple[str, int | None]] = [("Dates", 13)]
        columns += [("From", 30), ("To", None)] if wide else [("To", None)]
        columns += [("Road km", 7), ("Drive", 5), ("⚠", 5)]
        table = self.table(columns)
        table.sync([(str(i), self._cells(leg)) for i, leg in enumerate(legs)])
        self.query_one(Sparkline).data = [leg.road_km for leg in legs] or [0.0]
        total = summary(legs)
        longest = total.longest
        text = Text(f"{len(legs)} legs · {total.road_km:,.0f} km by road · longest "
                    f"{_hours(longest.drive_hours) if longest else '-'} · ")
        text += Text(f"⚠ {total.flagged} flagged" if total.flagged else "nothing flagged",
                     style="bold red" if total.flagged else "green")
        self.sub_title = (f"Route · road ×{rules.road_factor:g}, {rules.speed_kmh:g} km/h, "
                          f"{rules.max_drive_hours:g} h a day")
        self.summary(text)
        self._explain()

    def _cells(self, leg: Leg) -> Cells:
        marks = Text()
        for flag in leg.flags:
            if flag is LegFlag.LONG_DRIVE and LegFlag.NEEDS_TRAVEL in leg.flags:
                continue  # N says it: a long drive with nothing booked
            letter, style = MARKS[flag]
            marks.append(letter + " ", style=style)
        cells = [plain(f"{leg.start.date:%d %b}→{leg.end.date:%d %b}")]
        if self.size.width >= 100:
            cells.append(plain(leg.start.place))
        cells += [plain(leg.end.place), Text(f"{leg.road_km:,.0f}", justify="right"),
                  Text(_hours(leg.drive_hours) if leg.driven else leg.how, justify="right",
                       style="bold red" if LegFlag.LONG_DRIVE in leg.flags else ""), marks]
        return tuple(cells)

    @on(DataTable.RowHighlighted)
    def _moved(self) -> None:
        self._explain()

    def _explain(self) -> None:
        detail = self.query_one("#detail", Static)
        key = self.query_one(SyncedTable).current_key()
        if self.loaded is None or key is None:
            detail.update("")
            return
        leg = self.loaded[0][int(key)]
        how = (f"about {leg.road_km:,.0f} km and {_hours(leg.drive_hours)} by road"
               if leg.driven else "")
        how = ", ".join(p for p in (how, leg.travel) if p)
        lines = [Text(printable(f"{leg.start.place} → {leg.end.place}: {leg.km:,.0f} km "
                                f"straight, {how}"), style="bold")]
        lines += [Text("⚠ " + printable(why), style="red" if flag is not LegFlag.BORDER
                       else "yellow") for flag, why in leg.flags.items()]
        detail.update(Text("\n").join(lines[:3]), layout=False)


def _hours(hours: float) -> str:
    minutes = round(hours * 60)
    return f"{minutes // 60}:{minutes % 60:02d}"
