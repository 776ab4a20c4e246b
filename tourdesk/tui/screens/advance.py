"""`v` on a gig day: the show's advance. Every item by area with its state and who at
the venue answered; under the table the highlighted item's note, and the tour's shows
due soon that are not fully advanced. Managers record answers with single keys; the
others read it. Every change goes through the screen's write queue and is refused when
someone changed the item since it was read."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.widget import Widget
from textual.widgets import DataTable, Static

from tourdesk.domain.access import Capability
from tourdesk.domain.advancing import MARKS, AdvanceItem, AdvanceState, Area, Progress, progress
from tourdesk.domain.text import printable
from tourdesk.services import advancing
from tourdesk.services.advancing import TourAdvance
from tourdesk.store import gigs
from tourdesk.store.gigs import GigDetail
from tourdesk.tui import keymap
from tourdesk.tui.live import DAYS, watches
from tourdesk.tui.modals.choose import Choose
from tourdesk.tui.modals.prompt import Confirm, TextPrompt
from tourdesk.tui.screens.table_screen import TableScreen
from tourdesk.tui.widgets.cells import plain
from tourdesk.tui.widgets.synced_table import Cells, SyncedTable

STATE_STYLE = {AdvanceState.TO_ASK: "dim", AdvanceState.REQUESTED: "yellow",
               AdvanceState.CONFIRMED: "green", AdvanceState.DECLINED: "bold red",
               AdvanceState.CHANGED: "cyan"}
WRITE = Capability.WRITE_SCHEDULE


@dataclass(frozen=True, slots=True)
class ShowAdvance:
    detail: GigDetail
    items: list[AdvanceItem]
    tour: TourAdvance
    templates: list[str]

    @property
    def progress(self) -> Progress:
        return progress(self.items)


class AdvanceScreen(TableScreen[ShowAdvance]):
    BINDINGS = keymap.ADVANCE
    ACTION_NEEDS = {"state": WRITE, "confirm": WRITE, "contact": WRITE, "note": WRITE,
                    "new": WRITE, "template": WRITE, "remove": WRITE}
    WATCHES = watches("advance_items", "advance_template_items", "venue_contacts", also=DAYS)
    AUTO_FOCUS = "#advance"
    TABLE_ID = "advance"
    SUBTITLE = "Advance"
    LEAVE_WHEN_GONE = True

    def __init__(self, gig_id: int) -> None:
        super().__init__()
        self.gig_id = gig_id

    def below(self) -> list[Widget]:
        return [Static(id="advance-detail")]

    def load(self) -> ShowAdvance:
        with self.store.read():
            detail = gigs.detail(self.store, self.gig_id)
            tour_id = detail.gig.tour_id
            return ShowAdvance(
                detail, advancing.items(self.store, self.gig_id),
                advancing.tour_state(self.store, tour_id, self.tourdesk.today),
                sorted({t.template for t in advancing.template_items(self.store, tour_id)},
                       key=str.casefold))

    def draw(self) -> None:
        data = self.loaded
        if data is None:
            return
        wide = self.size.width >= 70
        columns: list[tuple[str, int | None]] = [("Area", 12 if wide else 9), ("Item", None),
                                                 ("State", 11 if wide else 3)]
        columns += [("Answered by", 18)] if wide else []
        rows = []
        previous: Area | None = None
        for i in data.items:
            rows.append((str(i.id), self._cells(i, i.area is not previous, wide)))
            previous = i.area
        self.table(columns).sync(rows)
        d = data.detail
        self.sub_title = f"Advance · {d.gig.date:%a %d %b} · {printable(d.place)}"
        line = data.progress.line if data.items else "nothing asked yet"
        if not data.items and self.store.can(WRITE):
            line += " · t puts a template on, n adds an item"
        self.summary(Text(printable(f"{d.gig.date:%a %d %b} · {line}"),
                          style="green" if data.progress.done else ""))
        self._explain()

    @staticmethod
    def _cells(i: AdvanceItem, first: bool, wide: bool) -> Cells:
        label = i.area.label if wide else i.area.label.split()[0]
        state = (f"{MARKS[i.state]} {i.state.label}" if wide else MARKS[i.state])
        cells = [plain(label if first else "", "bold"), plain(i.what),
                 plain(state, STATE_STYLE[i.state])]
        if wide:
            cells.append(plain(i.contact.split(" (")[0], "dim"))
        return tuple(cells)

    def _current(self) -> AdvanceItem | None:
        key = self.query_one(SyncedTable).current_key()
        return next((i for i in (self.loaded.items if self.loaded else [])
                     if str(i.id) == key), None)

    @on(DataTable.RowHighlighted)
    def _moved(self) -> None:
        self._explain()

    def _explain(self) -> None:
        data = self.loaded
        if data is None:
            return
        body: list[Text] = []
        i = self._current()
        if i is not None:
            head = f"{i.area.label}: {i.what} · {i.state.label}"
            if i.contact:
                head += (" by " if i.state.answered else ", asked of ") + i.contact
            if i.answered_at:
                head += f" · {i.answered_at[:10]}"
            body.append(Text(printable(head), style="bold"))
            if i.note:
                body.append(Text(printable(i.note)))
        due = [s for s in data.tour.due if s.row.id != self.gig_id]
        if due:
            names = ", ".join(f"{s.row.date:%d %b} {s.row.city}" for s in due[:4])
            more = f" and {len(due) - 4} more" if len(due) > 4 else ""
            body.append(Text(printable(f"Not fully advanced within {data.tour.days} days: "
                                       f"{names}{more}"), style="yellow"))
        self.query_one("#advance-detail", Static).update(Text("\n").join(body), layout=False)

    # -- actions (managers) --

    def _set(self, item: AdvanceItem, fields: dict[str, str | None], done: str) -> None:
        item_id, seen = item.id or 0, item.version
        self.write(lambda: advancing.set_item(self.store, item_id, fields,
                                              expected_version=seen), done)

    def action_confirm(self) -> None:
        i = self._current()
        if i is not None:
            self._set(i, {"state": AdvanceState.CONFIRMED.value}, f"Confirmed: {i.what}")

    def action_state(self) -> None:
        i = self._current()
        if i is None:
            return
        options = [(s.value, f"{MARKS[s]} {s.label}") for s in AdvanceState]
        self.app.push_screen(Choose(f"{i.what}: state", options), lambda s: (
            None if not s else self._set(
                i, {"state": s}, f"{AdvanceState(s).label.capitalize()}: {i.what}")))

    def action_contact(self) -> None:
        i, data = self._current(), self.loaded
        if i is None or data is None:
            return
        people = [(str(c.id), c.summary) for c in data.detail.contacts]
        if not people:
            self.notify("The venue has no contacts yet: add them on the venue (k)",
                        markup=False)
            return
        self.app.push_screen(Choose("Who at the venue answered?", [*people, ("none", "nobody")]),
                             lambda c: None if not c else self._set(
                                 i, {"contact": c}, f"Saved {i.what}"))

    def action_note(self) -> None:
        i = self._current()
        if i is not None:
            self.app.push_screen(TextPrompt(f"Note on {i.what}", i.note, "what was said"),
                                 lambda text: None if text is None else self._set(
                                     i, {"note": text}, f"Saved {i.what}"))

    def action_new(self) -> None:
        def chosen(area: str | None) -> None:
            if area:
                self.app.push_screen(TextPrompt(f"{Area(area).label}: what is asked for", "",
                                                "stagehand"),
                                     lambda text: None if not text else added(area, text))

        def added(area: str, text: str) -> None:
            self.write(lambda: advancing.add_item(self.store, self.gig_id,
                                                  {"area": area, "item": text}),
                       f"Added {text}")

        self.app.push_screen(Choose("Which area?", [(a.value, a.label) for a in Area]), chosen)

    def action_template(self) -> None:
        data = self.loaded
        if data is None:
            return
        if not data.templates:
            self.notify("No advance templates on this tour yet: tourdesk advance template add",
                        markup=False)
            return

        def chosen(name: str | None) -> None:
            if name:
                self.writes.submit(
                    lambda: advancing.apply_template(self.store, self.gig_id, name),
                    then=lambda n: self.notify(f"{name}: {n} item{'s' if n != 1 else ''} added",
                                                markup=False),
                    reload=True)

        self.app.push_screen(Choose("Put which template on this show?",
                                    [(t, t) for t in data.templates]), chosen)

    def action_remove(self) -> None:
        i = self._current()
        if i is None or i.id is None:
            return
        item_id = i.id
        self.app.push_screen(Confirm(f"Remove {i.what} from the advance?"), lambda yes: (
            None if not yes else self.write(lambda: advancing.remove_item(self.store, item_id),
                       f"Removed {i.what}")))
