"""`m` on the tour overview: people moving, by day. Every travel segment at its
departure (local times at each end; `+1` when it lands on a later date, `-1` the day
before) and every hotel stay at its check-in; under the table, who is on the
highlighted segment with their seats, or the stay's rooming list. Never a cost in the
table. Those who change the schedule add, edit and remove segments and stays, and put
people in rooms, in forms checked by the rules `tourdesk travel` and `tourdesk hotel`
use; each change goes through the screen's write queue to the same services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import on
from textual.widget import Widget
from textual.widgets import DataTable, Static

from tourdesk.domain.access import Capability
from tourdesk.domain.text import printable
from tourdesk.domain.travel_plans import HotelStay, Segment, stay_to_fields
from tourdesk.services import travel as svc
from tourdesk.services.travel import RoomLine, SegmentRow, rooming, segments, stays
from tourdesk.store import travel as store_travel
from tourdesk.tui import keymap
from tourdesk.tui.live import TRAVEL, watches
from tourdesk.tui.modals.choose import Choose
from tourdesk.tui.modals.prompt import Confirm
from tourdesk.tui.modals.travel_forms import FormText, RoomForm, SegmentForm, StayForm
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
    records: dict[str, Segment | HotelStay]  # by line key, as shown: an edit names its version
    names: dict[int, str]
    crew: dict[str, int]  # the crew list by name, for those who book (else empty)


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


WRITES = Capability.WRITE_SCHEDULE


class TravelScreen(TableScreen[Moving | None]):
    BINDINGS = keymap.TRAVEL
    ACTION_NEEDS = {"new_segment": WRITES, "new_stay": WRITES, "edit": WRITES,
                    "delete": WRITES, "room": WRITES, "unroom": WRITES}
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
            crew = svc.crew_names(self.store) if self.store.can(WRITES) else {}
        lines = [_segment_line(r) for r in found]
        lines += [_stay_line(h, rooming(h, names)) for h in hotels]
        lines.sort(key=lambda x: (x.on, x.at or "99", x.key))
        people = {p.person_id for r in found for p in r.segment.passengers}
        records: dict[str, Segment | HotelStay] = {f"s{r.segment.id}": r.segment for r in found}
        records.update({f"h{h.id}": h for h in hotels})
        return Moving(lines, len(found), len(people), len(hotels), records, names, crew)

    def draw(self) -> None:
        data = self.loaded
        if data is None:
            return
        wide = self.size.width >= 70
        columns: list[tuple[str, int | None]] = [("Day", 10), ("Time", 5), ("What", 16)]
        columns += [("From → to", None), ("Until", 10)]
        columns += [("Ref", 10)] if wide else []
        self.table(columns).sync([(x.key, self._cells(x, wide)) for x in data.lines])
        hint = "n adds a segment, h a hotel" if self.store.can(WRITES) else \
            "tourdesk travel add / tourdesk hotel add"
        text = (f"{data.segments} segments · {data.people} people moving · "
                f"{data.stays} hotel stays" if data.lines else f"nothing booked: {hint}")
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
            detail.update("", layout=detail.size.height != 0)
            return
        head = f"{line.what} {line.where}" + (f" · ref {line.ref}" if line.ref else "")
        body = [Text(printable(head), style="bold")]
        body += [Text(printable(w)) for w in line.who[:4]]
        if len(line.who) > 4:
            body.append(Text(f"and {len(line.who) - 4} more", style="dim"))
        if not line.who:
            body.append(Text("nobody on it yet", style="dim"))
        # a new layout only when its height changes: moving the cursor stays cheap
        detail.update(Text("\n").join(body), layout=detail.size.height != len(body))

    # -- changes: forms checked as the commands check, saved through the write queue --

    def _current(self) -> Segment | HotelStay | None:
        key = self.query_one(SyncedTable).current_key()
        return self.loaded.records.get(key or "") if self.loaded else None

    def _segment_form(self, segment: Segment | None) -> SegmentForm | None:
        if self.loaded is None:
            return None
        return SegmentForm(segment, self.loaded.names, self.loaded.crew,
                           money=self.store.can(Capability.READ_MONEY))

    def action_new_segment(self) -> None:
        form = self._segment_form(None)
        if form is not None:
            self.app.push_screen(form, self._add_segment)

    def _add_segment(self, text: FormText | None) -> None:
        if text is not None:
            self.write(lambda: svc.add_segment(self.store, self.tour_id, text),
                       f"Added {text.get('mode')} {text.get('from')} → {text.get('to')}")

    def action_new_stay(self) -> None:
        if self.loaded is not None:
            self.app.push_screen(StayForm(None, {}), lambda text: None if not text else self.write(
                lambda: svc.add_stay(self.store, self.tour_id, text),
                f"Added {text.get('hotel')}"))

    @on(DataTable.RowSelected, "#travel")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if self.check_action("edit", ()):
            self.action_edit()

    def action_edit(self) -> None:
        """The highlighted segment or stay in its form; the save names the version
        shown, so a change someone made meanwhile is refused, not overwritten."""
        record = self._current()
        form = self._segment_form(record) if isinstance(record, Segment) else None
        if isinstance(record, Segment) and record.id is not None and form is not None:
            segment_id, seen = record.id, record.version
            self.app.push_screen(form, lambda text: None if not text else self.write(
                lambda: svc.set_segment(self.store, self.tour_id, segment_id, text,
                                        expected_version=seen),
                f"Saved {record.title()}"))
        elif isinstance(record, HotelStay) and record.id is not None:
            stay_id, seen = record.id, record.version
            self.app.push_screen(StayForm(record, stay_to_fields(record)), lambda text: (
                None if not text else self.write(lambda: svc.set_stay(
                    self.store, self.tour_id, text, stay_id=stay_id, expected_version=seen),
                    f"Saved {text.get('hotel')}")))

    def action_delete(self) -> None:
        record = self._current()
        if record is None or record.id is None:
            return
        record_id, seen = record.id, record.version
        if isinstance(record, Segment):
            what = f"{record.title()} on {record.depart_on:%a %d %b}"
            self.app.push_screen(Confirm(f"Remove {what} and its manifest?"), lambda yes: (
                None if not yes else self.write(lambda: svc.remove_segment(
                    self.store, self.tour_id, record_id, expected_version=seen),
                    f"Removed {what}")))
        else:
            what = f"{record.hotel} from {record.check_in:%a %d %b}"
            self.app.push_screen(Confirm(f"Remove {what} and its rooming list?"), lambda yes: (
                None if not yes else self.write(lambda: svc.remove_stay(
                    self.store, self.tour_id, stay_id=record_id, expected_version=seen),
                    f"Removed {what}")))

    def _stay(self) -> HotelStay | None:
        record = self._current()
        if isinstance(record, HotelStay):
            return record
        self.say("Highlight a hotel stay first")
        return None

    def action_room(self) -> None:
        """Put someone in a room of the highlighted stay (their line added or changed)."""
        stay = self._stay()
        if stay is None or stay.id is None or self.loaded is None:
            return
        stay_id = stay.id
        self.app.push_screen(RoomForm(stay, self.loaded.crew), lambda text: (
            None if not text else self.write(
                lambda: svc.set_room(self.store, self.tour_id, text, stay_id=stay_id),
                f"{text.get('person')} is in room {text.get('room') or '(not known yet)'}")))

    def action_unroom(self) -> None:
        """Take someone off the highlighted stay's rooming list."""
        stay = self._stay()
        if stay is None or stay.id is None or self.loaded is None:
            return
        stay_id = stay.id
        names = [self.loaded.names.get(r.person_id, "") for r in stay.rooms]
        if not names:
            self.say(f"Nobody has a room at {printable(stay.hotel)} yet")
            return

        def chosen(name: str | None) -> None:
            if name:
                self.write(lambda: svc.remove_room(self.store, self.tour_id, name,
                                                   stay_id=stay_id),
                           f"{name} is off the rooming list")

        self.app.push_screen(Choose(f"Who leaves the rooming list of {stay.hotel}?",
                                    [(n, n) for n in names if n]), chosen)
