"""`5`: the tour's money. A bar per budget category (estimate, estimate of what has an
actual, actual) in the home currency, the running profit over the tour under it.

`n` adds a line, `l` lists every line, `s` opens a show's settlement sheet, `p` the
payouts ledger.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static

from tourdesk.domain.budget import CategoryTotal, category_label
from tourdesk.domain.kinds import GigKind, GigStatus
from tourdesk.domain.text import printable
from tourdesk.services.budgets import Budget, budget
from tourdesk.services.settlements import TermsInput, save_terms
from tourdesk.store import budgets, events, gigs, settlements
from tourdesk.tui import keymap
from tourdesk.tui.modals.choose import Choose
from tourdesk.tui.modals.money_forms import rate_form, terms_form
from tourdesk.tui.screens.settlement import SettlementScreen
from tourdesk.tui.screens.table_screen import TableScreen
from tourdesk.tui.widgets.cells import plain
from tourdesk.tui.widgets.money_charts import category_bar, profit_chart, right, whole
from tourdesk.tui.widgets.synced_table import Cells


@dataclass(frozen=True, slots=True)
class BudgetData:
    budget: Budget
    # (gig day, event: None for the day's own show, label, has settlement terms)
    shows: list[tuple[int, int | None, str, bool]]


def load_money(screen: TableScreen) -> BudgetData | None:
    app = screen.tourdesk
    tour_id = screen.tour()
    if tour_id is None:
        return None
    with screen.store.read():
        found = budget(screen.store, tour_id, app.today)
        settled = settlements.settled(screen.store, tour_id)
        days = [d for d in gigs.rows_for_tour(screen.store, tour_id)
                if d.kind is GigKind.SHOW and d.status is not GigStatus.CANCELLED]
        further = events.for_days(screen.store, (d.id for d in days))
        shows: list[tuple[int, int | None, str, bool]] = []
        for d in days:
            shows.append((d.id, None, f"{d.date:%a %d %b} {d.venue or d.city}",
                          (d.id, None) in settled))
            shows += [(d.id, e.id, f"{d.date:%a %d %b} {e.label}", (d.id, e.id) in settled)
                      for e in further.get(d.id, []) if e.working]
    return BudgetData(found, shows)


def columns_for(width: int) -> list[tuple[str, int | None]]:
    """The table's columns at `width`: the last, the bar, takes what is left (None)."""
    if width >= 100:
        return [("Category", 18), ("Estimate", 10), ("To date", 10), ("Actual", 10),
                ("Variance", 9), ("░ estimate ▒ to date █ actual", None)]
    if width >= 70:
        return [("Category", 13), ("Estimate", 9), ("Actual", 9), ("Var", 8),
                ("█ actual ▒ to date ░ est.", None)]
    return [("Category", 11), ("Actual", 8), ("Var", 7), ("█ act ▒ ░ est", None)]


class BudgetScreen(TableScreen[BudgetData | None]):
    BINDINGS = keymap.BUDGET
    AUTO_FOCUS = "#categories"
    TABLE_ID = "categories"
    SUBTITLE = "Budget"

    def below(self) -> list[Widget]:
        return [Static(id="profit")]

    def load(self) -> BudgetData | None:
        return load_money(self)

    def draw(self) -> None:
        data = self.loaded
        if data is None:
            self.summary("No tour yet: load one (tourdesk demo).")
            return
        b = data.budget
        r = b.rollup
        width = self.size.width
        fitted = columns_for(width)
        table = self.table(fitted)
        bar_width = max(8, width - sum(w or 0 for _, w in fitted) - 2 * len(fitted) - 2)
        totals = [*r.categories, r.income, r.expense]
        scale = max([t.estimate.minor for t in totals] + [t.actual.minor for t in totals] + [1])
        rows = [(f"{t.side.value}.{t.category}", self._cells(t, scale, bar_width, width))
                for t in r.categories]
        rows += [(f"total.{t.side.value}", self._cells(t, scale, bar_width, width, bold=True))
                 for t in (r.income, r.expense)]
        table.sync(rows)
        self.sub_title = f"Budget · {printable(b.tour.name)} · {r.home}"
        summary = Text(f"profit {whole(r.profit_actual)} so far (est. "
                       f"{whole(r.profit_estimate)} {r.home})  ")
        problems = [f"{category_label(w.category)} +{w.share:.0%}" for w in r.warnings]
        problems += [f"{m.currency} not converted" for m, _, _ in r.unconverted]
        summary += Text("⚠ " + ", ".join(problems) if problems else "nothing over budget",
                        style="bold red" if problems else "green")
        self.summary(summary)
        self._draw_profit(b, width)

    def _cells(self, t: CategoryTotal, scale: int, bar_width: int, width: int,
               bold: bool = False) -> Cells:
        label = "all " + t.category if bold else category_label(t.category)
        style = "bold" if bold else ""
        var = t.variance
        var_style = ("red" if var.minor > 0 else "") if t.side.value == "expense" else (
            "red" if var.minor < 0 else "")
        widths = {name: w for name, w in columns_for(width) if w is not None}
        cells = [plain(label, style)]
        if width >= 70:
            cells.append(right(whole(t.estimate), widths["Estimate"], style))
        if width >= 100:
            cells.append(right(whole(t.estimate_to_date), widths["To date"], style))
        cells += [right(whole(t.actual), widths["Actual"], style),
                  right(f"{'+' if var.minor > 0 else ''}{whole(var)}",
                        widths.get("Variance") or widths["Var"], var_style),
                  category_bar(t, scale, bar_width)]
        return tuple(cells)

    def _draw_profit(self, b: Budget, width: int) -> None:
        days = b.rollup.days
        rows = 3 if self.size.height < 30 else 8  # a taller chart where there is room
        chart = profit_chart(days, max(4, width - 4), rows)
        played = [d for d in days if d.played]
        now = played[-1].running if played else None
        head = Text("Running profit ", style="bold")
        head += Text("(actual, else estimate): ")
        head += Text(f"{whole(now)} today · " if now is not None else "")
        head += Text(f"{whole(days[-1].running)} {b.rollup.home} at the end"
                     if days else "")
        for money, count, _ in b.rollup.unconverted:
            head = Text(f"⚠ {count} lines in {money.currency} not counted: no rate to "
                        f"{b.rollup.home} (r: record one)", style="bold red")
        shown = Text("\n").join([head, *chart])
        shown.no_wrap, shown.overflow = True, "ellipsis"
        profit = self.query_one("#profit", Static)
        profit.styles.height = rows + 2  # the heading and the border above it
        profit.update(shown)

    # -- actions --

    def action_new(self) -> None:
        if self.loaded is None:
            return
        from tourdesk.tui.screens.budget_lines import new_line

        new_line(self, self.loaded.budget, None)

    def action_lines(self) -> None:
        from tourdesk.tui.screens.budget_lines import BudgetLinesScreen

        self.app.push_screen(BudgetLinesScreen())

    def action_settlement(self) -> None:
        """A show's sheet; a show without terms yet gets the terms form first."""
        if self.loaded is None:
            return
        data = self.loaded

        def key(gig_id: int, event_id: int | None) -> str:
            return str(gig_id) if event_id is None else f"{gig_id}:{event_id}"

        def open_sheet(chosen: str | None) -> None:
            if not chosen:
                return
            gig_id, event_id, label, done = next(s for s in data.shows if key(*s[:2]) == chosen)
            if done:
                self.app.push_screen(SettlementScreen(gig_id, event_id))
                return
            start = TermsInput("versus", data.budget.tour.home_currency)
            self.app.push_screen(terms_form(f"Settlement terms: {label}", start,
                                            data.budget.settings.locale),
                                 lambda terms: None if not terms else self.writes.submit(
                                     lambda: save_terms(self.store, gig_id, terms, event_id),
                                     then=lambda _: self.app.push_screen(
                                         SettlementScreen(gig_id, event_id)),
                                     done="Terms saved", reload=True))

        ordered = sorted(data.shows, key=lambda show: not show[3])  # settled first, by date
        self.app.push_screen(Choose("Settlement of… (✓ has terms)",
                                    [(key(g, e), f"{'✓' if done else ' '} {label}")
                                     for g, e, label, done in ordered]), open_sheet)

    def action_rates(self) -> None:
        if self.loaded is None:
            return
        b = self.loaded.budget
        tour_id = b.tour.saved_id
        known = "; ".join(f"1 {r.base} = {r.rate} {r.quote} ({r.on})" for r in b.rates[-3:])
        if known:
            self.notify(f"Recorded: {known}", markup=False)
        self.app.push_screen(rate_form(b.tour.home_currency, self.tourdesk.today),
                             lambda rate: None if not rate else self.write(
                                 lambda: budgets.add_rate(self.store, tour_id, rate),
                                 f"Rate recorded: {rate}"))

    def action_payouts(self) -> None:
        from tourdesk.tui.screens.payouts import PayoutsScreen

        self.app.push_screen(PayoutsScreen())
