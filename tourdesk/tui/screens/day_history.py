"""`h` on a gig day: every recorded change to it, newest first, on the venue's clock;
`u` takes back your own last save on the day when nobody changed it since."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.widgets import Footer, Header, Static

from tourdesk.domain.access import Capability
from tourdesk.domain.text import printable
from tourdesk.services.history import Line, day_lines, undo_own_last
from tourdesk.store.history import Change
from tourdesk.tui import keymap
from tourdesk.tui.live import DAYS, watches
from tourdesk.tui.modals.prompt import Confirm
from tourdesk.tui.screens.base import DataScreen
from tourdesk.tui.widgets.cells import plain
from tourdesk.tui.widgets.synced_table import SyncedTable


@dataclass(frozen=True, slots=True)
class DayHistory:
    lines: list[Line]
    mine: list[Change]  # what u would take back


class DayHistoryScreen(DataScreen[DayHistory]):
    BINDINGS = keymap.DAY_HISTORY
    ACTION_NEEDS = {"undo": Capability.WRITE_SCHEDULE}
    WATCHES = watches("assignments", "staff_needs", "checklists", also=DAYS)
    AUTO_FOCUS = "#history"
    LEAVE_WHEN_GONE = True

    def __init__(self, gig_id: int, title: str) -> None:
        super().__init__()
        self.gig_id, self._title = gig_id, title
        self.loaded: DayHistory | None = None
        self._width = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="summary")
        yield SyncedTable(id="history")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"History · {printable(self._title)}"

    def load(self) -> DayHistory:
        return DayHistory(*day_lines(self.store, self.gig_id))

    def show(self, data: DayHistory) -> None:
        self.loaded = data
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        data = self.loaded
        if data is None:
            return
        table = self.query_one(SyncedTable)
        narrow = self.size.width < 70  # a phone: the weekday goes, the change keeps room
        if self.size.width != self._width:
            self._width = self.size.width
            table.set_columns([("When", 12 if narrow else 16), ("Who", 8 if narrow else 10),
                               ("What", None)], self._width)
        cut = 4 if narrow else 0  # "Tue 20 Oct 11:00" -> "20 Oct 11:00"
        table.sync([(str(n), (plain(line.when[cut:], "dim"), plain(line.who, "bold"),
                              plain(line.what)))
                    for n, line in enumerate(data.lines)])
        count = len(data.lines)
        self.query_one("#summary", Static).update(plain(
            f"{count} change{'s' if count != 1 else ''}, newest first · venue's clock"
            + (" · u undoes your last save" if data.mine else "")), layout=False)

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_undo(self) -> None:
        if self.loaded is None or not self.loaded.mine:
            self.notify("You have no change on this day to undo", markup=False)
            return
        count = len(self.loaded.mine)
        question = (f"Undo your last save on {self._title} ({count} change"
                    f"{'s' if count != 1 else ''})? It is recorded as a new change.")
        self.app.push_screen(Confirm(question), lambda yes: None if not yes else self.write(
            lambda: undo_own_last(self.store, self.gig_id), "Undone"))
