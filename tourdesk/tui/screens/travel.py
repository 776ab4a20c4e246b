"""`m` on the tour overview: people moving, by day. Every travel segment at its
departure (local times at each end; `+1` when it lands on a later date, `-1` the day
before) and every hotel stay at its check-in; under the table, who is on the
highlighted segment with their seats, or the stay's rooming list. Read-only: segments
and stays are added with `tourdesk travel` and `tourdesk hotel`. Never a cost."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import on
from textual.widget import Widget
from textual.widgets import DataTable, Static

from tourdesk.domain.text import printable
from tourdesk.domain.travel_plans import HotelStay
from tourdesk.services.travel import RoomLine, SegmentRow, rooming, segments, stays
from tourdesk.store import travel as store_travel
from tourdesk.tui import keymap
from tourdesk.tui.live import TRAVEL, watches
from tourdesk.tui.screens.table_screen import TableScreen
from tourdesk.tui.widgets.cells import plain
from tourdesk.tui.widgets.synced_table import Cells, SyncedTable


@dataclass(frozen=True, slots=True)
class Line:
    key: str
    on: date
    at: str  # "21:30", "" for a stay without a time
    what: str  # "flight QF2", "hotel"
    where: str  # "LHR → SYD", "The Marker"
    until: str  # "06:10+2", "out Thu 15 Oct"
    ref: str
    who: list[str]  # "Maren Holt (31A)", "412 twin: Maren Holt with Lea Brunner"


@dataclass(frozen=True, slots=True)
class Moving:
    lines: list[Line]
    segments: int
    people: int
    stays: int


def _segment_line(r: SegmentRow) -> Line:
    s = r.segment
    return Line(f"s{s.id}", s.depart_on, f"{s.depart_at:%H:%M}",
                " ".join(x for x in (s.mode.value, s.number or s.carrier) if x),
                f"{s.origin.code or s.origin.place} → {s.destination.code or s.destination.place}",
                r.arrive.split(" ", 1)[0], s.booking_ref, r.people)


def _stay_line(h: HotelStay, rooms: list[RoomLine]) -> Line:
    who = [f"{x.room or '—'} {x.room_type}: {x.person}".replace("  ", " ")
           + (f" with {', '.join(x.shares)}" if x.shares else "") for x in rooms]
    return Line(f"h{h.id}", h.check_in, f"{h.check_in_at:%H:%M}" if h.check_in_at else "",
                "hotel", h.hotel, f"out {h.check_out:%d %b}", h.booking_ref, who)


class TravelScreen(TableScreen[Moving | None]):
    BINDINGS = keymap.TRAVEL
    WATCHES = watches("people", also=TRAVEL)
    AUTO_FOCUS = "#travel"
    TABLE_ID = "travel"
    SUBTITLE = "Travel"
    LEAVE_WHEN_GONE = True

    def __init__(self, tour_id: int) -> None:
        super().__init__()
        self.tour_id = tour_id

    def below(self) -> list[Widget]:
        return [Static(id="travel-detail")]

    def load(self) -> Moving:
        with self.store.read():
            found = segments(self.store, self.tour_id)
            hotels = stays(self.store, self.tour_id)
            names = store_travel.names(self.store)
        lines = [_segment_line(r) for r in found]
        lines += [_stay_line(h, rooming(h, names)) for h in hotels]
        lines.sort(key=lambda x: (x.on, x.at or "99", x.key))
        people = {p.person_id for r in found for p in r.segment.passengers}
        return Moving(lines, len(found), len(people), len(hotels))

    def draw(self) -> None:
        data = self.loaded
        if data is None:
            return
        wide = self.size.width >= 70
        columns: list[tuple[str, int | None]] = [("Day", 10), ("Time", 5), ("What", 16)]
        columns += [("From → to", None), ("Until", 10)]
        columns += [("Ref", 10)] if wide else []
        self.table(columns).sync([(x.key, self._cells(x, wide)) for x in data.lines])
        text = (f"{data.segments} segments · {data.people} people moving · "
                f"{data.stays} hotel stays" if data.lines else
                "nothing booked: tourdesk travel add / tourdesk hotel add")
        self.summary(Text(text, style="" if data.lines else "dim"))
        self._explain()

    @staticmethod
    def _cells(x: Line, wide: bool) -> Cells:
        cells = [plain(f"{x.on:%a %d %b}"), plain(x.at), plain(x.what, "bold"),
                 plain(x.where), plain(x.until)]
        if wide:
            cells.append(plain(x.ref))
        return tuple(cells)

    @on(DataTable.RowHighlighted)
    def _moved(self) -> None:
        self._explain()

    def _explain(self) -> None:
        detail = self.query_one("#travel-detail", Static)
        key = self.query_one(SyncedTable).current_key()
        line = next((x for x in self.loaded.lines if x.key == key), None) if self.loaded else None
        if line is None:
            detail.update("", layout=False)
            return
        head = f"{line.what} {line.where}" + (f" · ref {line.ref}" if line.ref else "")
        body = [Text(printable(head), style="bold")]
        body += [Text(printable(w)) for w in line.who[:4]]
        if len(line.who) > 4:
            body.append(Text(f"and {len(line.who) - 4} more", style="dim"))
        if not line.who:
            body.append(Text("nobody on it yet", style="dim"))
        detail.update(Text("\n").join(body), layout=False)
