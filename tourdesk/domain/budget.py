"""Budget lines and the roll-up of a tour's budget in its home currency.

A line is income or expense of one category, tied to a tour and optionally to one of
its gig days, with an estimate and (once known) an actual, both in the line's
currency. Crew pay, per diems, equipment rentals and studio time are derived from
staffing, the inventory and the studio sessions, not typed; the roll-up treats them like
any other line.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from tourdesk.domain.errors import Collector, ValidationError
from tourdesk.domain.exchange import MissingRate, RateBook
from tourdesk.domain.models import Fields, optional_text
from tourdesk.domain.money import Money, NumberLocale, currency_code, parse_amount, zero


class Side(StrEnum):
    INCOME = "income"
    EXPENSE = "expense"


INCOME = ("guarantee", "door_split", "merch", "sponsorship", "other")
EXPENSE = ("crew_pay", "per_diems", "travel", "hotels", "equipment_rentals", "studio", "production",
           "marketing", "promotion", "commissions", "other")
CATEGORIES = {Side.INCOME: INCOME, Side.EXPENSE: EXPENSE}
# Never typed: from other records (staffing, the inventory, studio sessions), so a cost
# is counted once, where it is kept up to date.
DERIVED = ("crew_pay", "per_diems", "equipment_rentals", "studio")
SOURCES = {"crew_pay": "staffing", "per_diems": "staffing",
           "equipment_rentals": "the inventory",
           "studio": "studio sessions (tourdesk studio add|set)"}


def category_label(category: str) -> str:
    return category.replace("_", " ")


@dataclass(frozen=True, slots=True)
class BudgetLine:
    tour_id: int
    side: Side
    category: str
    currency: str
    estimate: Money | None = None
    actual: Money | None = None
    gig_day_id: int | None = None
    description: str = ""
    day: date | None = None  # the gig day's date, when read back
    source: str = ""  # "" typed; "staffing", "inventory" or "studio" when derived
    id: int | None = None
    version: int = 1

    @property
    def signed(self) -> int:
        return 1 if self.side is Side.INCOME else -1


def parse_side(value: str | None, field_name: str = "side") -> Side:
    text = (value or "").strip().lower()
    try:
        return Side(text)
    except ValueError:
        raise ValidationError(field_name, f"'{value}' is not income or expense") from None


def parse_category(side: Side, value: str | None, field_name: str = "category") -> str:
    text = (value or "").strip().lower().replace(" ", "_").replace("-", "_")
    allowed = CATEGORIES[side]
    if text not in allowed:
        raise ValidationError(field_name, f"'{value}' is not a {side.value} category "
                                          f"({', '.join(map(category_label, allowed))})")
    if text in DERIVED:
        raise ValidationError(field_name, f"{category_label(text)} comes from "
                                          f"{SOURCES[text]}; change it there")
    return text


def line_from_fields(fields: Fields, *, tour_id: int, currency: str,
                     locale: NumberLocale = NumberLocale.EN, gig_day_id: int | None = None,
                     line_id: int | None = None, version: int = 1) -> BudgetLine:
    """A typed line from a form, a CSV row or CLI options (strings), every bad field
    named. `currency` is the default when neither amount names one."""
    c = Collector()
    side = c.check(parse_side, fields.get("side"))
    category: str = c.check(parse_category, side, fields.get("category")) if side else ""
    code = c.check(currency_code, fields.get("currency") or currency)
    description = c.check(optional_text, fields.get("description"), "description", max_len=200)
    amounts: dict[str, Money | None] = {}
    for name in ("estimate", "actual"):
        raw = (fields.get(name) or "").strip()
        # without a valid currency the amounts cannot be read: the currency's error says why
        amounts[name] = c.check(parse_amount, raw, code, name, locale=locale) \
            if raw and code else None
    if not any(amounts.values()) and not any((fields.get(n) or "").strip()
                                             for n in ("estimate", "actual")):
        c.errors.append(ValidationError("estimate", "give an estimate, an actual or both"))
    c.raise_if_any()
    return BudgetLine(tour_id=tour_id, side=side, category=category, currency=code,
                      estimate=amounts["estimate"], actual=amounts["actual"],
                      gig_day_id=gig_day_id, description=description or "", id=line_id,
                      version=version)


# -- the roll-up --


@dataclass(frozen=True, slots=True)
class CategoryTotal:
    side: Side
    category: str
    estimate: Money
    actual: Money
    actual_lines: int  # how many lines have an actual yet
    estimate_to_date: Money  # the estimate of the lines that have an actual

    @property
    def variance(self) -> Money:
        """Actual minus the estimate of the same lines (those with an actual): for an
        expense, more than 0 is over budget. Lines still to come do not count."""
        return self.actual - self.estimate_to_date

    def over_by(self) -> Decimal | None:
        """How far an expense's actual runs over its estimate, as a share of it."""
        if self.side is not Side.EXPENSE or self.estimate_to_date.minor <= 0:
            return None
        return Decimal(self.variance.minor) / self.estimate_to_date.minor


@dataclass(frozen=True, slots=True)
class Warning:
    category: str
    text: str
    share: Decimal  # how far over, as a share of the estimate


@dataclass(frozen=True, slots=True)
class DayProfit:
    day: date | None  # None: lines of the whole tour
    label: str
    profit: Money  # income minus expense of the day (actual where known, else estimate)
    running: Money
    played: bool


@dataclass(frozen=True, slots=True)
class Rollup:
    home: str
    categories: list[CategoryTotal]
    income: CategoryTotal
    expense: CategoryTotal
    warnings: list[Warning]
    # per currency without a rate: (total left out, how many lines, why)
    unconverted: list[tuple[Money, int, str]] = field(default_factory=list)
    days: list[DayProfit] = field(default_factory=list)

    @property
    def profit_estimate(self) -> Money:
        return self.income.estimate - self.expense.estimate

    @property
    def profit_actual(self) -> Money:
        return self.income.actual - self.expense.actual

    @property
    def profit_variance(self) -> Money:
        """Actual profit against the estimate of the same lines."""
        return self.income.variance - self.expense.variance


def rollup(lines: Sequence[BudgetLine], rates: RateBook, home: str, *,
           overrun: Decimal = Decimal("0.10"), played_before: date | None = None,
           day_labels: dict[date, str] | None = None) -> Rollup:
    """Every line converted to `home` (each amount on its own, rounded once), totals per
    category and side, warnings for expense categories whose actual runs over their
    estimate by more than `overrun`, and the profit day by day. A line in a currency
    without a recorded rate is left out of every total and listed in `unconverted`."""
    sums: dict[tuple[Side, str], list[int]] = {}
    left_out: dict[str, list[int]] = {}
    why: dict[str, str] = {}
    by_day: dict[date | None, int] = {}
    for line in lines:
        try:
            est = rates.convert(line.estimate, home) if line.estimate else None
            act = rates.convert(line.actual, home) if line.actual else None
        except MissingRate as exc:
            out = left_out.setdefault(line.currency, [0, 0])
            out[0] += (line.actual or line.estimate or zero(line.currency)).minor
            out[1] += 1
            why[line.currency] = str(exc)
            continue
        row = sums.setdefault((line.side, line.category), [0, 0, 0, 0])
        row[0] += est.minor if est else 0
        row[1] += act.minor if act else 0
        row[2] += act is not None
        row[3] += est.minor if est and act else 0
        known = act if act is not None else est
        by_day[line.day] = by_day.get(line.day, 0) + line.signed * (known.minor if known else 0)
    order = [(s, c) for s in Side for c in CATEGORIES[s]]
    categories = [CategoryTotal(s, c, Money(sums[(s, c)][0], home), Money(sums[(s, c)][1], home),
                                sums[(s, c)][2], Money(sums[(s, c)][3], home))
                  for s, c in order if (s, c) in sums]
    income = _side_total(Side.INCOME, categories, home)
    expense = _side_total(Side.EXPENSE, categories, home)
    warnings = [Warning(t.category, f"{category_label(t.category)}: actual {t.actual} is "
                                    f"{share:.0%} over its estimate {t.estimate_to_date}", share)
                for t in categories if (share := t.over_by()) is not None and share > overrun]
    unconverted = [(Money(m, code), n, why[code]) for code, (m, n) in sorted(left_out.items())]
    return Rollup(home, categories, income, expense, warnings, unconverted,
                  _running(by_day, home, played_before, day_labels or {}))


def _side_total(side: Side, categories: Iterable[CategoryTotal], home: str) -> CategoryTotal:
    mine = [t for t in categories if t.side is side]
    return CategoryTotal(side, side.value, Money(sum(t.estimate.minor for t in mine), home),
                         Money(sum(t.actual.minor for t in mine), home),
                         sum(t.actual_lines for t in mine),
                         Money(sum(t.estimate_to_date.minor for t in mine), home))


def _running(by_day: dict[date | None, int], home: str, played_before: date | None,
             labels: dict[date, str]) -> list[DayProfit]:
    """Tour-wide lines first, then each day in order, with the running total."""
    result: list[DayProfit] = []
    running = 0
    for day in sorted(by_day, key=lambda d: (d is not None, d or date.min)):
        running += by_day[day]
        played = day is None or (played_before is not None and day < played_before)
        label = "tour" if day is None else labels.get(day, f"{day:%d %b}")
        result.append(DayProfit(day, label, Money(by_day[day], home), Money(running, home),
                                played))
    return result
