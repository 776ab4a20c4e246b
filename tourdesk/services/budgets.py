"""A tour's budget: typed lines, lines derived from staffing and the inventory, the
roll-up in the home currency, and the accountants' CSV.

Derived lines: crew pay and per diems per gig day come from the staffing pay basis
(what was earned up to a day, less what was earned up to the day before, so the days
add up to the tour's pay basis exactly), equipment rentals from the inventory's
rented items whose rental touches the tour, and studio time from the tour's studio
sessions (a day rate, or an hourly rate times the session's hours), and travel from
the cost of each travel segment (under `travel`, beside the typed travel lines). Their
actual is their estimate once the day is played (before "today"), the rental has
started, or the segment has left.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, timedelta

from tourdesk.domain.access import Capability
from tourdesk.domain.budget import (
    BudgetLine,
    Rollup,
    Side,
    category_label,
    line_from_fields,
    rollup,
)
from tourdesk.domain.errors import ValidationError
from tourdesk.domain.exchange import MissingRate, RateBook, rate_from_fields
from tourdesk.domain.inventory import Ownership
from tourdesk.domain.models import Fields, Tour
from tourdesk.domain.money import Money, Rate, totals
from tourdesk.domain.staffing import PayBasis
from tourdesk.services.csv_rows import write_csv
from tourdesk.services.staffing import pay_inputs
from tourdesk.store import budgets, gigs, inventory, studio, tours
from tourdesk.store import travel as store_travel
from tourdesk.store.budgets import Settings
from tourdesk.store.connection import Store
from tourdesk.store.errors import ConflictError
from tourdesk.store.gigs import GigRow


@dataclass(frozen=True, slots=True)
class Budget:
    tour: Tour
    days: list[GigRow]
    lines: list[BudgetLine]  # typed and derived, tour-wide first, then by day
    rates: list[Rate]
    settings: Settings
    rollup: Rollup
    today: date

    def place(self, line: BudgetLine) -> str:
        day = next((d for d in self.days if d.id == line.gig_day_id), None)
        return (day.venue or day.city) if day else "whole tour"


def budget(store: Store, tour_id: int, today: date) -> Budget:
    store.require(Capability.READ_MONEY)
    with store.read():  # one snapshot
        tour = tours.get(store, tour_id)
        days = gigs.rows_for_tour(store, tour_id)
        typed = budgets.lines(store, tour_id)
        derived = derived_lines(store, tour, days, today)
        recorded = budgets.rates(store, tour_id)
        chosen = budgets.settings(store, tour_id)
    every = sorted([*typed, *derived], key=lambda b: (b.day is not None, b.day or date.min))
    labels = {d.date: f"{d.date:%d %b} {d.venue or d.city}" for d in days}
    result = rollup(every, RateBook.of(recorded), tour.home_currency, overrun=chosen.overrun,
                    played_before=today, day_labels=labels)
    return Budget(tour, days, every, recorded, chosen, result, today)


def derived_lines(store: Store, tour: Tour, days: list[GigRow], today: date,
                  ) -> list[BudgetLine]:
    inputs = pay_inputs(store, tour.saved_id, tour.name)
    lines: list[BudgetLine] = []
    before: list[PayBasis] = []
    for day in days:
        upto = inputs.bases(day.date + timedelta(days=1))
        fees = _difference([m for b in upto for m in b.fees], [m for b in before for m in b.fees])
        diems = _difference([b.per_diems for b in upto if b.per_diems],
                            [b.per_diems for b in before if b.per_diems])
        before = upto
        played = day.date < today
        for category, amounts in (("crew_pay", fees), ("per_diems", diems)):
            for money in amounts:
                lines.append(BudgetLine(
                    tour.saved_id, Side.EXPENSE, category, money.currency, estimate=money,
                    actual=money if played else None, gig_day_id=day.id, day=day.date,
                    description=f"{category_label(category)} from staffing", source="staffing"))
    if days:
        lines += _rentals(store, tour.saved_id, days[0].date, days[-1].date, today)
    lines += _studio(store, tour.saved_id, today)
    lines += _travel(store, tour.saved_id, days, today)
    return lines


def _travel(store: Store, tour_id: int, days: list[GigRow], today: date) -> list[BudgetLine]:
    """A `travel` line per segment with a cost, on its departure date (the gig day's,
    when the tour has one then); actual once it has left. Typed `travel` lines (a bus
    hire, fuel) stay typed: these are the segments' own."""
    by_date = {d.date: d.id for d in days}
    found = []
    for s in store_travel.segments(store, tour_id):
        if s.cost is None:
            continue
        found.append(BudgetLine(tour_id, Side.EXPENSE, "travel", s.cost.currency,
                                estimate=s.cost, actual=s.cost if s.depart_on < today else None,
                                gig_day_id=by_date.get(s.depart_on), day=s.depart_on,
                                description=f"travel: {s.title()}"
                                            + (f" ({len(s.passengers)} people)"
                                               if s.passengers else ""),
                                source="travel"))
    return found


def _studio(store: Store, tour_id: int, today: date) -> list[BudgetLine]:
    """A line per studio session with a rate: the day rate, or the hourly rate times
    its hours; actual once the day is played."""
    found = []
    for day, zone, s in studio.for_tour(store, tour_id):
        cost = s.cost(day, zone)
        if cost is None:
            continue
        what = ", ".join(x for x in (s.studio, s.room and f"room {s.room}") if x)
        found.append(BudgetLine(tour_id, Side.EXPENSE, "studio", cost.currency, estimate=cost,
                                actual=cost if day < today else None, gig_day_id=s.gig_day_id,
                                day=day, description=f"studio: {what} ({s.rate} per "
                                                     f"{s.rate_per.value})", source="studio"))
    return found


def _difference(now: list[Money], then: list[Money]) -> list[Money]:
    """Per currency, what `now` has more than `then`; zeros left out."""
    diff: dict[str, int] = defaultdict(int)
    for money in totals(now):
        diff[money.currency] += money.minor
    for money in totals(then):
        diff[money.currency] -= money.minor
    return [Money(minor, code) for code, minor in sorted(diff.items()) if minor]


def _rentals(store: Store, tour_id: int, first: date, last: date, today: date,
             ) -> list[BudgetLine]:
    found = []
    for item in inventory.items(store, retired=True):  # a retired rental was still paid
        if item.ownership is not Ownership.RENTED or item.rental_cost is None:
            continue
        if (item.rental_end and item.rental_end < first) or (
                item.rental_start and item.rental_start > last):
            continue
        started = item.rental_start is not None and item.rental_start < today
        what = f"{item.name} from {item.vendor}" if item.vendor else item.name
        found.append(BudgetLine(tour_id, Side.EXPENSE, "equipment_rentals",
                                item.rental_cost.currency, estimate=item.rental_cost,
                                actual=item.rental_cost if started else None,
                                description=f"rental: {what}", source="inventory"))
    return found


def add_line(store: Store, tour_id: int, fields: Fields, day: date | None = None) -> int:
    """A typed line from strings (a form, CLI options), on the tour or one of its days."""
    store.require(Capability.WRITE_MONEY)
    with store.write():
        return budgets.add_line(store, _typed_line(store, tour_id, fields, day))


def edit_line(store: Store, line_id: int, fields: Fields, day: date | None, *,
              expected_version: int) -> None:
    """Save an edited typed line; refused (StaleEditError) when someone else saved it
    after `expected_version` was read."""
    store.require(Capability.WRITE_MONEY)
    with store.write():
        old = budgets.line(store, line_id)
        if old.source:
            raise ConflictError(f"that line comes from {old.source}: change it there")
        new = _typed_line(store, old.tour_id, fields, day)
        budgets.update_line(store, replace(new, id=line_id, version=expected_version))


def delete_line(store: Store, line_id: int) -> None:
    """A typed line removed (the change log keeps what it was)."""
    store.require(Capability.WRITE_MONEY)
    with store.write():
        if budgets.line(store, line_id).source:
            raise ConflictError("that line comes from staffing or the inventory: change it there")
        budgets.delete_line(store, line_id)


def _typed_line(store: Store, tour_id: int, fields: Fields, day: date | None) -> BudgetLine:
    gig_id = None
    if day is not None:
        gig_id = gigs.id_on(store, tour_id, day)
        if gig_id is None:
            raise ValidationError("day", f"the tour has no gig day on {day}")
    tour = tours.get(store, tour_id)
    return line_from_fields(fields, tour_id=tour_id, currency=tour.home_currency,
                            locale=budgets.settings(store, tour_id).locale, gig_day_id=gig_id)


def add_rate(store: Store, tour_id: int, fields: Fields) -> int:
    """A rate typed in: base, quote, rate, on (a date), source."""
    store.require(Capability.WRITE_MONEY)
    return budgets.add_rate(store, tour_id, rate_from_fields(fields))


# -- the accountants' CSV --

CSV_COLUMNS = ("date", "place", "side", "category", "description", "source", "currency",
               "estimate", "actual", "home_currency", "estimate_home", "actual_home", "rate")


def export_csv(store: Store, tour_id: int, today: date) -> str:
    """Every line with its amounts as entered and in the home currency (and the rate
    used), then the totals per category and the profit. Cells a spreadsheet would run
    as a formula are neutralised."""
    store.require(Capability.READ_MONEY)
    b = budget(store, tour_id, today)
    book = RateBook.of(b.rates)
    home = b.tour.home_currency
    rows: list[list[object]] = []
    for line in b.lines:
        try:
            rate = "" if line.currency == home else str(book.rate_for(line.currency, home))
            est = book.convert(line.estimate, home) if line.estimate else None
            act = book.convert(line.actual, home) if line.actual else None
        except MissingRate as exc:
            rate, est, act = f"not converted: {exc}", None, None
        rows.append([line.day or "", b.place(line), line.side.value, line.category,
                     line.description, line.source or "typed", line.currency,
                     _plain(line.estimate), _plain(line.actual), home, _plain(est),
                     _plain(act), rate])
    r = b.rollup
    for t in [*r.categories, r.income, r.expense]:
        rows.append(["", "", "total", t.category if t.category not in ("income", "expense")
                     else f"all {t.category}", f"total {t.side.value}", "", "", "", "", home,
                     t.estimate.plain(), t.actual.plain(), ""])
    rows.append(["", "", "total", "profit", "income less expense", "", "", "", "", home,
                 r.profit_estimate.plain(), r.profit_actual.plain(), ""])
    return write_csv(CSV_COLUMNS, rows)


def _plain(money: Money | None) -> str:
    return money.plain() if money is not None else ""
