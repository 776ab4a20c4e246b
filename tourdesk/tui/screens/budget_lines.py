"""`l` on the budget: every line of the tour, typed and derived, tour-wide first and
then by day. `n` adds one; on a typed line `e` edits it (someone else's save in the
meantime is shown beside yours), `a` sets or clears its actual, `x` removes it."""

from __future__ import annotations

from datetime import date

from tourdesk.domain.budget import BudgetLine, category_label
from tourdesk.domain.models import iso_date
from tourdesk.domain.money import parse_amount
from tourdesk.services.budgets import Budget, add_line, budget, delete_line, edit_line
from tourdesk.store import budgets
from tourdesk.tui import keymap
from tourdesk.tui.edits import EditFlow
from tourdesk.tui.modals.money_forms import LineForm
from tourdesk.tui.modals.prompt import Confirm, TextPrompt
from tourdesk.tui.screens.base import DataScreen
from tourdesk.tui.screens.table_screen import TableScreen
from tourdesk.tui.widgets.cells import plain
from tourdesk.tui.widgets.money_charts import right
from tourdesk.tui.widgets.synced_table import Cells, SyncedTable


def _key(line: BudgetLine, index: int) -> str:
    return str(line.id) if line.id is not None else f"{line.source}-{index}"


class BudgetLinesScreen(TableScreen[Budget | None]):
    BINDINGS = keymap.BUDGET_LINES
    AUTO_FOCUS = "#lines"
    LEAVE_WHEN_GONE = True
    TABLE_ID = "lines"
    SUBTITLE = "Budget lines"

    def load(self) -> Budget | None:
        tour_id = self.tour()
        return budget(self.store, tour_id, self.tourdesk.today) if tour_id is not None else None

    def draw(self) -> None:
        b = self.loaded
        if b is None:
            return
        wide = self.size.width >= 100
        columns: list[tuple[str, int | None]] = [("Day", 6), ("Category", 12)]
        columns += [("Place", 16)] if wide else []
        columns += [("What", None), ("Estimate", 14), ("Actual", 14)]
        self.table(columns).sync([(_key(line, i), self._cells(b, line, wide))
                                  for i, line in enumerate(b.lines)])
        typed = sum(1 for line in b.lines if line.id is not None)
        self.summary(f"{len(b.lines)} lines: {typed} typed, {len(b.lines) - typed} from "
                     "staffing and the inventory")

    def _cells(self, b: Budget, line: BudgetLine, wide: bool) -> Cells:
        dim = "dim" if line.id is None else ""
        cells = [plain(f"{line.day:%d %b}" if line.day else "tour", dim),
                 plain(category_label(line.category),
                       "green" if line.side.value == "income" else "")]
        if wide:
            cells.append(plain(b.place(line), dim))
        cells += [plain(line.description, dim),
                  right(line.estimate.shown_with_code() if line.estimate else "", 14),
                  right(line.actual.shown_with_code() if line.actual else "-", 14,
                        "" if line.actual else "dim")]
        return tuple(cells)

    def _current(self) -> BudgetLine | None:
        key = self.query_one(SyncedTable).current_key()
        if self.loaded is None or key is None:
            return None
        return next((line for i, line in enumerate(self.loaded.lines) if _key(line, i) == key),
                    None)

    def _form(self, line: object, start: dict[str, str] | None) -> LineForm:
        assert self.loaded is not None
        return line_form(self.loaded, line if isinstance(line, BudgetLine | dict) else None,
                         start)

    def action_new(self) -> None:
        if self.loaded is not None:
            here = self._current()
            new_line(self, self.loaded, here.day if here else None)

    def _typed(self) -> BudgetLine | None:
        line = self._current()
        if line is not None and line.id is None:
            self.notify(f"{category_label(line.category)} comes from {line.source}: change it "
                        "there", markup=False)
            return None
        return line

    def action_edit(self) -> None:
        line = self._typed()
        if line is None or line.id is None:
            return
        line_id = line.id
        flow = EditFlow[BudgetLine | dict[str, str]](
            self, self._form, lambda values, seen: self._save(line_id, values, seen),
            lambda _: (lambda now: (now, now.version))(budgets.line(self.store, line_id)),
            lambda _: "the budget line")
        flow.open(line, line.version)

    def _save(self, line_id: int, values: BudgetLine | dict[str, str], seen: int) -> None:
        if isinstance(values, BudgetLine):  # the form hands back its fields, never a line
            raise TypeError("a budget line's form gave a line, not its fields")
        edit_line(self.store, line_id, values, _day(values), expected_version=seen)

    def action_delete(self) -> None:
        line = self._typed()
        if line is None or line.id is None:
            return
        line_id = line.id
        what = line.description or category_label(line.category)
        self.app.push_screen(Confirm(f"Remove the line '{what}'?"), lambda yes: None if not yes
                             else self.write(lambda: delete_line(self.store, line_id),
                                             "Line removed"))

    def action_actual(self) -> None:
        line = self._typed()
        if line is None or line.id is None or self.loaded is None:
            return
        locale = self.loaded.settings.locale
        line_id, currency, version = line.id, line.currency, line.version

        def save(text: str | None) -> None:
            if text is None:
                return

            def change() -> None:
                actual = parse_amount(text, currency, "actual", locale=locale) \
                    if text.strip() else None
                budgets.set_actual(self.store, line_id, actual, expected_version=version)

            self.write(change, "Actual saved" if text.strip() else "Actual cleared")

        self.app.push_screen(TextPrompt(f"Actual of '{line.description or line.category}' in "
                                        f"{currency} (empty clears it)",
                                        line.actual.plain() if line.actual else "",
                                        "1,234.50"), save)


def _day(values: dict[str, str]) -> date | None:
    return iso_date(values["day"], "day") if values["day"].strip() else None


def line_form(b: Budget, line: BudgetLine | dict[str, str] | None,
              start: dict[str, str] | None = None, day: date | None = None) -> LineForm:
    return LineForm(line, start, tour_id=b.tour.saved_id, home=b.tour.home_currency,
                    locale=b.settings.locale, day=day)


def new_line(screen: DataScreen, b: Budget, day: date | None) -> None:
    """The new-line form, from the budget or its lines; saved in the write worker."""
    def save(values: dict[str, str] | None) -> None:
        if values:
            screen.write(lambda: add_line(screen.store, b.tour.saved_id, values, _day(values)),
                         "Line added")

    screen.app.push_screen(line_form(b, None, day=day), save)
