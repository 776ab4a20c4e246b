"""`4`: the staffing board, people by days like a planner's wall chart.

Each cell is what a person does that day (role code), marked when it clashes; the top
row says which days still lack people. The lines under the board explain the cell under
the cursor: where, which role and call, and every conflict touching it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.widgets import Footer, Header, Static

from tourdesk.domain.access import Capability
from tourdesk.domain.events import MAIN
from tourdesk.domain.kinds import GigKind, GigStatus
from tourdesk.domain.localtime import parse_wall_time
from tourdesk.domain.models import iso_date
from tourdesk.domain.staffing import Person, Shift, copy_dates, role_code, role_key
from tourdesk.domain.text import printable
from tourdesk.services.staffing import Board, board
from tourdesk.store import crew
from tourdesk.store.gigs import GigRow
from tourdesk.tui import keymap
from tourdesk.tui.live import DAYS, watches
from tourdesk.tui.modals.choose import Choose
from tourdesk.tui.modals.prompt import TextPrompt
from tourdesk.tui.screens.base import DataScreen
from tourdesk.tui.widgets.cells import plain
from tourdesk.tui.widgets.wall_chart import Cells, WallChart

SHORT_ROW = "short"
DAY_WIDTH = 4


class BoardTable(WallChart):
    """One cell per person and day; the names and the "needs" row stay put."""

    def __init__(self, on_move: Callable[[], None]) -> None:
        super().__init__(on_move=on_move, id="board", cell_width=DAY_WIDTH, header_height=2,
                         fixed_rows=1)


class StaffingScreen(DataScreen[Board | None]):
    BINDINGS = keymap.STAFFING
    ACTION_NEEDS = {
        "assign": Capability.WRITE_STAFFING, "unassign": Capability.WRITE_STAFFING,
        "call": Capability.WRITE_STAFFING, "copy": Capability.WRITE_STAFFING,
        "new_person": Capability.WRITE_STAFFING,
    }
    WATCHES = watches("people", "assignments", "staff_needs", also=DAYS)
    AUTO_FOCUS = "#board"

    def __init__(self) -> None:
        super().__init__()
        self.loaded: Board | None = None
        self._columns: list[int] = []  # gig day ids, in column order after the name
        self._name_width = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="summary")
        yield BoardTable(on_move=self._explain)
        yield Static(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Staffing"

    def load(self) -> Board | None:
        tour_id = self.tourdesk.tour.get()
        return board(self.store, tour_id) if tour_id is not None else None

    def show(self, data: Board | None) -> None:
        first = self.loaded is None
        self.loaded = data
        self._draw()
        if first and data is not None:
            self.action_today()

    def on_resize(self, event: events.Resize) -> None:
        self._columns = []  # the name column's width follows the screen's
        self._draw()

    # -- drawing --

    def _draw(self) -> None:
        data = self.loaded
        table = self.query_one(BoardTable)
        if data is None:
            self.query_one("#summary", Static).update("No tour yet: load one (tourdesk demo).")
            return
        ids = [d.id for d in data.days]
        if ids != self._columns:
            self._name_width = 12 if self.size.width < 70 else 16
            today = self.tourdesk.today
            span = (f"{data.days[0].date:%b}–{data.days[-1].date:%b %Y}" if data.days
                    else "")
            table.set_days([_day_label(d, today) for d in data.days], Text(span, style="bold"),
                           label_width=self._name_width)
            self._columns = ids
        rows: list[tuple[str, Cells]] = [(SHORT_ROW, self._short_row(data))]
        rows += [(str(p.id), self._person_row(data, p)) for p in data.people]
        table.sync(rows)
        clashes = sum(1 for c in data.conflicts if c.person_id is not None)
        short = sum(1 for n in data.short.values() if n)
        summary = Text(f"{len(data.people)} people · {len(data.days)} days  ")
        summary += Text(f"⚠ {clashes} conflict{'s' if clashes > 1 else ''}" if clashes
                        else "no conflicts",
                        style="bold red" if clashes else "green")
        summary += Text("  ")
        summary += Text(f"▼ {short} day{'s' if short > 1 else ''} short" if short
                        else "every need met",
                        style="bold yellow" if short else "green")
        self.query_one("#summary", Static).update(summary, layout=False)
        self._explain()

    def _short_row(self, data: Board) -> Cells:
        cells = [Text("needs", style="bold")]
        for day in data.days:
            missing = data.short.get(day.id, 0)
            if day.status is GigStatus.CANCELLED:
                cells.append(_centre("✕", "dim"))
            elif missing:
                cells.append(_centre(f"-{missing}", "bold yellow reverse"))
            elif data.needs.get(day.id):
                cells.append(_centre("✓", "green"))
            else:
                cells.append(_centre("", ""))
        return tuple(cells)

    def _person_row(self, data: Board, person: Person) -> Cells:
        name = plain(person.name, "" if person.active else "dim strike")
        name.truncate(self._name_width - 1, overflow="ellipsis")
        cells = [name + " "]  # a space between the name and the first day
        for day in data.days:
            shifts = data.cells.get((person.id or 0, day.id), [])
            if not shifts:
                idle = "off" if day.kind is GigKind.OFF else "·"
                cells.append(_centre(idle, "dim"))
                continue
            code = role_code(shifts[0].role) + ("+" if len(shifts) > 1 else "")
            if (person.id, day.id) in data.flagged:
                cells.append(_centre(code, "bold white on red"))
            elif day.status is GigStatus.CANCELLED:
                cells.append(_centre(code, "dim strike"))
            else:
                cells.append(_centre(code, "bold" if day.kind is GigKind.SHOW else ""))
        return tuple(cells)

    # -- the cell under the cursor --

    def _cursor(self) -> tuple[Person | None, GigRow | None]:
        data = self.loaded
        table = self.query_one(BoardTable)
        if data is None or not data.days:
            return None, None
        column = table.cursor_column - 1
        day = data.days[column] if 0 <= column < len(data.days) else None
        key = table.current_key()
        person = next((p for p in data.people if str(p.id) == key), None)
        return person, day

    @on(WallChart.Selected)
    def _selected(self, event: WallChart.Selected) -> None:
        event.stop()  # a click on the cell under the cursor: that person's page
        self.action_person()

    def _explain(self) -> None:
        data = self.loaded
        person, day = self._cursor()
        detail = self.query_one("#detail", Static)
        if data is None or day is None:
            detail.update("")
            return
        lines = [Text(f"{day.date:%a %d %b} · {printable(day.venue or day.city)} · "
                      f"{day.kind.value}" + ("" if day.status is GigStatus.CONFIRMED
                                             else f" ({day.status.value})"), style="bold")]
        if person is not None:
            shifts = data.cells.get((person.id or 0, day.id), [])
            what = "; ".join(
                s.role + (f", call {s.call:%H:%M}" if s.call else
                          f", day starts {s.first_item:%H:%M}" if s.first_item else "")
                for s in shifts) or "not working"
            lines.append(plain(f"{person.name}: {what}"))
        # what is wrong comes before what is fine
        lines += [Text("⚠ " + printable(c.why), style="red")
                  for c in data.day_conflicts(day.id, person.id if person else None)[:2]]
        needs = data.needs.get(day.id, [])
        if needs and person is None:
            lines.append(plain("needs " + ", ".join(
                f"{n.count} {n.role}" + (f" ({n.local} from the venue)" if n.local else "")
                for n in needs)))
        text = Text("\n").join(lines)
        # Long reasons wrap: the panel grows to hold them (up to 8 lines) and keeps its
        # height while the cursor moves over days that need no more (no relayout).
        wrapped = len(text.wrap(self.app.console, max(10, detail.size.width - 2)))
        height = max(4, min(wrapped + 1, 9))  # + its top border
        if detail.styles.height is None or detail.styles.height.value != height:
            detail.styles.height = height
        detail.update(text, layout=False)

    # -- actions --

    def action_today(self) -> None:
        data = self.loaded
        if data is None or not data.days:
            return
        today = self.tourdesk.today
        column = next((i for i, d in enumerate(data.days) if d.date >= today),
                      len(data.days) - 1)
        table = self.query_one(BoardTable)
        table.move_cursor(column=column + 1, animate=False)

    def action_next_problem(self) -> None:
        """The next cell (left to right, then down) that clashes or is short."""
        data = self.loaded
        if data is None:
            return
        table = self.query_one(BoardTable)
        keys = [SHORT_ROW] + [str(p.id) for p in data.people]
        marks = []
        for row, key in enumerate(keys):
            for col, day in enumerate(data.days, start=1):
                short = key == SHORT_ROW and data.short.get(day.id)
                clash = key != SHORT_ROW and (int(key), day.id) in data.flagged
                if short or clash:
                    marks.append((row, col))
        here = (table.cursor_row, table.cursor_column)
        after = [m for m in marks if m > here] or marks
        if not after:
            self.notify("No conflicts and no gaps", markup=False)
            return
        table.move_cursor(row=after[0][0], column=after[0][1], animate=False)

    def action_assign(self) -> None:
        person, day = self._cursor()
        data = self.loaded
        if person is None or day is None or data is None:
            self.notify("Put the cursor on a person's row and a day", markup=False)
            return
        roles = dict.fromkeys(person.roles)
        for n in data.needs.get(day.id, []):
            roles.setdefault(n.role)
        further = data.events.get(day.id, [])
        # on a day of several events the same role may be worked at each: none is left out
        have = set() if further else {role_key(s.role) for s in
                                      data.cells.get((person.id or 0, day.id), [])}
        options = [(role, role + ("" if person.has_role(role) else "  (not one of theirs)"))
                   for role in roles if role_key(role) not in have]
        if not options:
            self.notify(f"{person.name} already works every role they could that day",
                        markup=False)
            return
        when = f"{day.date:%a %d %b}"

        def assign(role: str, event_id: int | None, label: str) -> None:
            self.write(lambda: crew.assign(self.store, day.id, person, role,
                                           event_id=event_id),
                       f"{person.name}: {role} on {when}{label}")

        def chosen(role: str | None) -> None:
            if not role:
                return
            if not further:
                assign(role, None, "")
                return
            from tourdesk.tui.screens.day_events import event_choices

            by_id = {str(e.id): e for e in further}
            self.app.push_screen(Choose(f"{person.name} as {role} at which event?",
                                        event_choices(day.venue or day.city, further)),
                lambda key: None if key is None else assign(
                    role, None if key == MAIN else int(key),
                    "" if key == MAIN else f" · {by_id[key].label}"))

        self.app.push_screen(Choose(f"{person.name} on {when} as…", options), chosen)

    def _worked(self, hint: str = "") -> tuple[Person, GigRow, list[Shift]] | None:
        """The person and day under the cursor and their shifts; says so when none."""
        person, day = self._cursor()
        if person is None or day is None or self.loaded is None:
            return None
        shifts = self.loaded.cells.get((person.id or 0, day.id), [])
        if not shifts:
            self.notify(f"{person.name} does not work that day{hint}", markup=False)
            return None
        return person, day, shifts

    def action_unassign(self) -> None:
        worked = self._worked()
        if worked is None:
            return
        person, day, shifts = worked

        def remove(assignment: str | None) -> None:
            if assignment:
                self.write(lambda: crew.unassign(self.store, int(assignment)),
                           f"{person.name} off {day.date:%a %d %b}")

        if len(shifts) == 1:
            remove(str(shifts[0].assignment_id))
        else:
            self.app.push_screen(Choose("Remove which role?", [
                (str(s.assignment_id), s.role) for s in shifts]), remove)

    def action_call(self) -> None:
        worked = self._worked(": assign first (a)")
        if worked is None:
            return
        person, day, shifts = worked

        def save(text: str | None) -> None:
            if text is None:
                return
            try:
                at = parse_wall_time(text, "call time") if text.strip() else None
            except ValueError as exc:
                self.notify(printable(str(exc)), severity="warning", markup=False)
                return

            def change() -> None:
                with self.store.write():
                    for s in shifts:
                        crew.set_call(self.store, s.assignment_id, at)

            self.write(change, f"{person.name}: call {at:%H:%M}" if at else "call cleared")

        current = f"{shifts[0].call:%H:%M}" if shifts[0].call else ""
        self.app.push_screen(TextPrompt(
            f"Call time for {person.name}, {day.date:%a %d %b} ({shifts[0].zone} clock)",
            current, "HH:MM; empty clears it"), save)

    def action_copy(self) -> None:
        _, day = self._cursor()
        data = self.loaded
        if day is None or data is None:
            return
        by_date = {d.date: d.id for d in data.days}

        def copy(text: str | None) -> None:
            if not text or not text.strip():
                return
            try:
                first, _, last = text.strip().partition("..")
                dates = copy_dates(iso_date(first, "from"), iso_date(last or first, "to"))
            except ValueError as exc:
                self.notify(printable(str(exc)), severity="warning", markup=False)
                return
            targets = [by_date[d] for d in dates if d in by_date and d != day.date]
            if not targets:
                self.notify("No gig days of this tour in that range", markup=False)
                return
            self.write(lambda: crew.copy_day(self.store, day.id, targets),
                       f"{day.date:%a %d %b} copied onto {len(targets)} days")

        self.app.push_screen(TextPrompt(
            f"Copy the staffing of {day.date:%a %d %b} onto", "",
            "YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD"), copy)

    def action_person(self) -> None:
        person, _ = self._cursor()
        if person is not None and person.id is not None:
            self.tourdesk.open_person(person.id)

    def action_new_person(self) -> None:
        """A local loader hired on the day: on the board at once, ready to assign."""
        from tourdesk.tui.modals.forms import PersonForm

        def save(person: Person | None) -> None:
            if person is not None:
                self.write(lambda: crew.add_person(self.store, person), f"Added {person.name}")

        self.app.push_screen(PersonForm(), save)


def _centre(text: str, style: str) -> Text:
    return Text(text, style=style, justify="center", no_wrap=True)


def _day_label(day: GigRow, today: date) -> Text:
    """Two lines: weekday and day of month; shows bold, today reversed."""
    style = "bold" if day.kind is GigKind.SHOW else "dim"
    if day.date == today:
        style = "bold reverse"
    return Text(f"{day.date:%a}"[:2] + f"\n{day.date:%d}", style=style, justify="center")

