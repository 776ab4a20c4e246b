"""`h` on a gig day: every recorded change to it, newest first, on the venue's clock;
`u` takes back your own last save on the day when nobody changed it since."""

from __future__ import annotations

from dataclasses import dataclass

from tourdesk.domain.access import Capability
from tourdesk.domain.text import printable
from tourdesk.services.history import Line, day_lines, undo_own_last
from tourdesk.store.history import Change
from tourdesk.tui import keymap
from tourdesk.tui.live import DAYS, watches
from tourdesk.tui.modals.prompt import Confirm
from tourdesk.tui.screens.table_screen import TableScreen
from tourdesk.tui.widgets.cells import plain


@dataclass(frozen=True, slots=True)
class DayHistory:
    lines: list[Line]
    mine: list[Change]  # what u would take back


class DayHistoryScreen(TableScreen[DayHistory]):
    BINDINGS = keymap.DAY_HISTORY
    ACTION_NEEDS = {"undo": Capability.WRITE_SCHEDULE}
    WATCHES = watches("assignments", "staff_needs", "checklists", also=DAYS)
    AUTO_FOCUS = "#history"
    LEAVE_WHEN_GONE = True
    TABLE_ID = "history"

    def __init__(self, gig_id: int, title: str) -> None:
        super().__init__()
        self.gig_id, self._title = gig_id, title

    def subtitle(self) -> str:
        return f"History · {printable(self._title)}"

    def load(self) -> DayHistory:
        return DayHistory(*day_lines(self.store, self.gig_id))

    def draw(self) -> None:
        data = self.loaded
        if data is None:
            return
        narrow = self.size.width < 70  # a phone: the weekday goes, the change keeps room
        table = self.table([("When", 12 if narrow else 16), ("Who", 8 if narrow else 10),
                            ("What", None)])
        cut = 4 if narrow else 0  # "Tue 20 Oct 11:00" -> "20 Oct 11:00"
        table.sync([(str(n), (plain(line.when[cut:], "dim"), plain(line.who, "bold"),
                              plain(line.what)))
                    for n, line in enumerate(data.lines)])
        count = len(data.lines)
        self.summary(plain(
            f"{count} change{'s' if count != 1 else ''}, newest first · venue's clock"
            + (" · u undoes your last save" if data.mine else "")))

    def action_undo(self) -> None:
        if self.loaded is None or not self.loaded.mine:
            self.notify("You have no change on this day to undo", markup=False)
            return
        count = len(self.loaded.mine)
        question = (f"Undo your last save on {self._title} ({count} change"
                    f"{'s' if count != 1 else ''})? It is recorded as a new change.")
        self.app.push_screen(Confirm(question), lambda yes: None if not yes else self.write(
            lambda: undo_own_last(self.store, self.gig_id), "Undone"))
