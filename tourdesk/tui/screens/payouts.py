"""`p` on the budget: the payouts ledger. Per person and currency what has been earned
so far (staffing: fees and per diems of the days played), paid, and outstanding; the
highlighted person's payments under it. `n` records a payment to them, `x` takes one
back with a reversing entry (the original stays)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.widget import Widget
from textual.widgets import DataTable, Static

from tourdesk.domain.money import amounts_shown
from tourdesk.domain.payouts import Balance, Ledger, Payment
from tourdesk.domain.text import printable
from tourdesk.services.payouts import correct_payment, record_payment, tour_ledger
from tourdesk.store import budgets
from tourdesk.store.budgets import Settings
from tourdesk.tui import keymap
from tourdesk.tui.modals.choose import Choose
from tourdesk.tui.modals.money_forms import payment_form
from tourdesk.tui.modals.prompt import TextPrompt
from tourdesk.tui.screens.table_screen import TableScreen
from tourdesk.tui.widgets.cells import plain
from tourdesk.tui.widgets.money_charts import right
from tourdesk.tui.widgets.synced_table import Cells, SyncedTable


@dataclass(frozen=True, slots=True)
class Payouts:
    tour_id: int
    ledger: Ledger
    settings: Settings


class PayoutsScreen(TableScreen[Payouts | None]):
    BINDINGS = keymap.PAYOUTS
    AUTO_FOCUS = "#balances"
    TABLE_ID = "balances"
    SUBTITLE = "Payouts"

    def below(self) -> list[Widget]:
        return [Static(id="ledger-detail")]

    def load(self) -> Payouts | None:
        tour_id = self.tour()
        if tour_id is None:
            return None
        with self.store.read():
            return Payouts(tour_id, tour_ledger(self.store, tour_id, self.tourdesk.today),
                           budgets.settings(self.store, tour_id))

    def draw(self) -> None:
        data = self.loaded
        if data is None:
            return
        wide = self.size.width >= 70
        columns: list[tuple[str, int | None]] = [("Person", None), ("Cur", 3)]
        columns += [("Owed", 11)] if wide else []
        columns += [("Paid", 11), ("Outstanding", 12)]
        self.table(columns).sync([(f"{b.person_id}.{b.currency}", _cells(b, wide))
                                  for b in data.ledger.balances])
        self.summary(Text.assemble(
            "outstanding ", (amounts_shown(data.ledger.outstanding(), "nothing"), "bold"),
            " · earned to date, per currency"))
        self._explain()

    @on(DataTable.RowHighlighted)
    def _moved(self) -> None:
        self._explain()

    def _balance(self) -> Balance | None:
        key = self.query_one(SyncedTable).current_key()
        if self.loaded is None or key is None:
            return None
        return next((b for b in self.loaded.ledger.balances
                     if f"{b.person_id}.{b.currency}" == key), None)

    def _explain(self) -> None:
        detail = self.query_one("#ledger-detail", Static)
        b = self._balance()
        if b is None or self.loaded is None:
            detail.update("")
            return
        theirs = [p for p in self.loaded.ledger.payments if p.person_id == b.person_id]
        whole = b.owed_total.shown_with_code()
        lines = [Text(printable(f"{b.person}: {whole} for the whole tour as staffed"),
                      style="bold")]
        lines += [Text(printable(_payment(p)), style="red" if p.reverses else "")
                  for p in theirs[-3:]]
        lines += [Text(printable(f"converted {n}"), style="dim") for n in b.notes[:1]]
        if not theirs:
            lines.append(Text("no payments yet", style="dim"))
        detail.update(Text("\n").join(lines[:4]), layout=False)

    def action_record(self) -> None:
        b = self._balance()
        if b is None or self.loaded is None:
            return
        tour_id, name = self.loaded.tour_id, b.person

        def save(values: dict[str, str] | None) -> None:
            if values:
                self.write(lambda: record_payment(self.store, tour_id, name, values),
                           f"Payment to {name} recorded")

        self.app.push_screen(payment_form(name, tour_id, b.currency, self.loaded.settings.locale,
                                          self.tourdesk.today), save)

    def action_correct(self) -> None:
        b = self._balance()
        if b is None or self.loaded is None:
            return
        ledger = self.loaded.ledger
        reversed_ids = {p.reverses for p in ledger.payments if p.reverses}
        open_ones = [p for p in ledger.payments if p.person_id == b.person_id
                     and p.reverses is None and p.id not in reversed_ids]
        if not open_ones:
            self.notify(f"{b.person} has no payment to correct", markup=False)
            return
        today = self.tourdesk.today

        def why(payment_id: int, note: str | None) -> None:
            if note is not None:
                self.write(lambda: correct_payment(self.store, payment_id, today, note),
                           f"Payment #{payment_id} reversed")

        def chosen(key: str | None) -> None:
            if key:
                self.app.push_screen(TextPrompt(f"Why is payment #{key} taken back?",
                                                placeholder="entered twice"),
                                     lambda note: why(int(key), note))

        self.app.push_screen(Choose(f"Correct which payment to {b.person}?",
                                    [(str(p.id), _payment(p)) for p in open_ones]), chosen)


def _payment(p: Payment) -> str:
    return f"#{p.id} {p.on:%d %b} {p.amount.shown_with_code()} {p.method.value} {p.note}"


def _cells(b: Balance, wide: bool) -> Cells:
    owing = b.outstanding.minor
    cells = [plain(b.person), plain(b.currency)]
    if wide:
        cells.append(right(b.owed.shown(), 11))
    cells.append(right(b.paid.shown(), 11))
    cells.append(right(b.outstanding.shown(), 12,
                       "bold yellow" if owing > 0 else "red" if owing < 0 else "green"))
    return tuple(cells)
