"""`l` on the budget: every line of the tour, typed and derived, tour-wide first and
then by day. `n` adds one, `a` sets or clears the actual of a typed line."""

from __future__ import annotations

from tourdesk.domain.budget import BudgetLine, category_label
from tourdesk.domain.models import iso_date
from tourdesk.domain.money import parse_amount
from tourdesk.services.budgets import Budget, add_line, budget
from tourdesk.store import budgets
from tourdesk.tui import keymap
from tourdesk.tui.modals.money_forms import line_form
from tourdesk.tui.modals.prompt import TextPrompt
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
        columns += [("What", None), ("Estimate", 13), ("Actual", 13)]
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
                  right(str(line.estimate) if line.estimate else "", 13),
                  right(str(line.actual) if line.actual else "-", 13,
                        "" if line.actual else "dim")]
        return tuple(cells)

    def _current(self) -> BudgetLine | None:
        key = self.query_one(SyncedTable).current_key()
        if self.loaded is None or key is None:
            return None
        return next((line for i, line in enumerate(self.loaded.lines) if _key(line, i) == key),
                    None)

    def action_new(self) -> None:
        if self.loaded is None:
            return
        b = self.loaded
        here = self._current()

        def save(values: dict[str, str] | None) -> None:
            if values:
                day = iso_date(values["day"], "day") if values["day"].strip() else None
                self.write(lambda: add_line(self.store, b.tour.id, values, day), "Line added")

        self.app.push_screen(line_form(b.tour.id, b.tour.home_currency, b.settings.locale,
                                       here.day if here else None), save)

    def action_actual(self) -> None:
        line = self._current()
        if line is None or self.loaded is None:
            return
        if line.id is None:
            self.notify(f"{category_label(line.category)} comes from {line.source}: change it "
                        "there", markup=False)
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
