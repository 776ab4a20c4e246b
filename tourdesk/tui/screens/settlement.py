"""A show's settlement sheet: every step from tickets to the artist payout."""

from __future__ import annotations

from rich.text import Text

from tourdesk.domain.settlement import Step
from tourdesk.domain.text import printable
from tourdesk.services.settlements import Settled, input_of, save_terms, sheet_for
from tourdesk.tui import keymap
from tourdesk.tui.modals.money_forms import terms_form
from tourdesk.tui.screens.table_screen import TableScreen
from tourdesk.tui.widgets.cells import plain
from tourdesk.tui.widgets.money_charts import right
from tourdesk.tui.widgets.synced_table import Cells


class SettlementScreen(TableScreen[Settled]):
    BINDINGS = keymap.SETTLEMENT
    AUTO_FOCUS = "#sheet"
    LEAVE_WHEN_GONE = True
    TABLE_ID = "sheet"
    SUBTITLE = "Settlement"

    def __init__(self, gig_id: int, event_id: int | None = None) -> None:
        super().__init__()
        self.gig_id, self.event_id = gig_id, event_id  # None: the day's own show

    def load(self) -> Settled:
        return sheet_for(self.store, self.gig_id, self.event_id)

    def draw(self) -> None:
        data = self.loaded
        if data is None:
            return
        step = 34 if self.size.width >= 100 else 24 if self.size.width >= 70 else 20
        self.table([("Step", step), ("Detail", None), ("Amount", 12)]).sync(
            [(str(i), _cells(s)) for i, s in enumerate(data.sheet.steps)])
        terms = data.sheet.terms
        self.sub_title = f"Settlement · {printable(data.title)}"
        self.summary(Text.assemble((f"{terms.deal.label} · {terms.currency} · payout ", ""),
                                   (data.sheet.payout.grouped(), "bold")))


    def action_edit(self) -> None:
        if self.loaded is None:
            return
        gig_id, event_id = self.gig_id, self.event_id
        locale = self.loaded.locale
        self.app.push_screen(
            terms_form(f"Settlement terms: {self.loaded.title}",
                       input_of(self.loaded.sheet.terms), locale),
            lambda terms: None if not terms else self.write(
                lambda: save_terms(self.store, gig_id, terms, event_id), "Terms saved"))


def _cells(step: Step) -> Cells:
    style = "bold" if step.total else ""
    amount_style = style + (" red" if step.amount.minor < 0 else "")
    return (plain(step.label, style), plain(step.detail, "dim" if not step.total else ""),
            right(step.amount.grouped(), 12, amount_style.strip()))
