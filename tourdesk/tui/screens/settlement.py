"""A show's settlement sheet: every step from tickets to the artist payout."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer, Header, Static

from tourdesk.domain.settlement import Step
from tourdesk.domain.text import printable
from tourdesk.services.settlements import Settled, sheet_for
from tourdesk.tui import keymap
from tourdesk.tui.screens.base import DataScreen
from tourdesk.tui.widgets.cells import plain
from tourdesk.tui.widgets.synced_table import Cells, SyncedTable


class SettlementScreen(DataScreen[Settled]):
    BINDINGS = keymap.SETTLEMENT
    AUTO_FOCUS = "#sheet"
    LEAVE_WHEN_GONE = True

    def __init__(self, gig_id: int) -> None:
        super().__init__()
        self.gig_id = gig_id
        self.loaded: Settled | None = None
        self._width = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="summary")
        yield SyncedTable(id="sheet")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Settlement"

    def load(self) -> Settled:
        return sheet_for(self.store, self.gig_id)

    def show(self, data: Settled) -> None:
        self.loaded = data
        self._draw()

    def on_resize(self, event: events.Resize) -> None:
        self._draw()

    def _draw(self) -> None:
        data = self.loaded
        if data is None:
            return
        table = self.query_one(SyncedTable)
        if self.size.width != self._width:
            self._width = self.size.width
            step = 34 if self.size.width >= 100 else 24 if self.size.width >= 70 else 20
            table.set_columns([("Step", step), ("Detail", None), ("Amount", 12)],
                              self.size.width)
        table.sync([(str(i), _cells(s)) for i, s in enumerate(data.sheet.steps)])
        terms = data.sheet.terms
        self.sub_title = f"Settlement · {printable(data.title)}"
        self.query_one("#summary", Static).update(Text.assemble(
            (f"{terms.deal.label} · {terms.currency} · payout ", ""),
            (data.sheet.payout.grouped(), "bold")), layout=False)

    def action_back(self) -> None:
        self.app.pop_screen()


def _cells(step: Step) -> Cells:
    style = "bold" if step.total else ""
    amount_style = style + (" red" if step.amount.minor < 0 else "")
    return (plain(step.label, style), plain(step.detail, "dim" if not step.total else ""),
            Text(step.amount.grouped(), justify="right", style=amount_style.strip()))
