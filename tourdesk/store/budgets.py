"""Budget lines, exchange rates and each tour's budget settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from tourdesk.domain.budget import BudgetLine, Side
from tourdesk.domain.money import Money, NumberLocale, Rate
from tourdesk.store import tracked
from tourdesk.store.connection import Store
from tourdesk.store.errors import ConflictError, NotFoundError


def add_line(store: Store, line: BudgetLine) -> int:
    return tracked.insert(store, "budget_lines", _line_values(line) | {"tour_id": line.tour_id})


def update_line(store: Store, line: BudgetLine) -> None:
    """Save an edited line; refused when someone else saved it since it was read."""
    if line.id is None:
        raise NotFoundError("that budget line was never saved")
    tracked.update(store, "budget_lines", line.id, _line_values(line),
                   expected_version=line.version)


def delete_line(store: Store, line_id: int) -> None:
    tracked.delete(store, "budget_lines", line_id)


def set_actual(store: Store, line_id: int, actual: Money | None, *,
               expected_version: int | None = None) -> None:
    """The line's actual (None clears it); with `expected_version`, refused when
    someone else saved the line since it was read."""
    with store.write():
        current = line(store, line_id)
        if actual is not None and actual.currency != current.currency:
            raise ConflictError(f"line {line_id} is in {current.currency}, not {actual.currency}")
        tracked.update(store, "budget_lines", line_id,
                       {"actual_minor": actual.minor if actual else None},
                       expected_version=expected_version)


def _line_values(line: BudgetLine) -> dict[str, object]:
    return {"gig_day_id": line.gig_day_id, "side": line.side.value, "category": line.category,
            "description": line.description, "currency": line.currency,
            "estimate_minor": line.estimate.minor if line.estimate else None,
            "actual_minor": line.actual.minor if line.actual else None}


_LINE_SQL = """SELECT b.*, g.date FROM budget_lines b
               LEFT JOIN gig_days g ON g.id = b.gig_day_id"""


def lines(store: Store, tour_id: int) -> list[BudgetLine]:
    """The tour's typed lines: tour-wide first, then by day, in the order entered."""
    with store.read() as db:
        rows = list(db.query(_LINE_SQL + " WHERE b.tour_id = ? ORDER BY g.date IS NOT NULL, "
                             "g.date, b.id", [tour_id]))
    return [_line(r) for r in rows]


def line(store: Store, line_id: int) -> BudgetLine:
    with store.read() as db:
        rows = list(db.query(_LINE_SQL + " WHERE b.id = ?", [line_id]))
    if not rows:
        raise NotFoundError(f"budget line {line_id} does not exist (deleted by someone else?)")
    return _line(rows[0])


def _line(r: dict) -> BudgetLine:
    def money(minor: int | None) -> Money | None:
        return Money(minor, r["currency"]) if minor is not None else None

    return BudgetLine(
        tour_id=r["tour_id"], side=Side(r["side"]), category=r["category"],
        currency=r["currency"], estimate=money(r["estimate_minor"]),
        actual=money(r["actual_minor"]), gig_day_id=r["gig_day_id"],
        description=r["description"], day=date.fromisoformat(r["date"]) if r["date"] else None,
        id=r["id"], version=r["version"])  # fmt: skip


# -- exchange rates --


def add_rate(store: Store, tour_id: int, rate: Rate) -> int:
    with store.write() as db:
        same = db.execute("SELECT id FROM exchange_rates WHERE tour_id = ? AND base = ? AND "
                          "quote = ? AND rated_on = ?",
                          [tour_id, rate.base, rate.quote, rate.on.isoformat()]).fetchone()
        if same:
            raise ConflictError(f"a {rate.base}→{rate.quote} rate for {rate.on} is already "
                                "recorded; record the new one with its own date")
        return tracked.insert(store, "exchange_rates", {
            "tour_id": tour_id, "base": rate.base, "quote": rate.quote, "rate": str(rate.rate),
            "rated_on": rate.on.isoformat(), "source": rate.source})


def rates(store: Store, tour_id: int) -> list[Rate]:
    with store.read() as db:
        rows = db.query("SELECT * FROM exchange_rates WHERE tour_id = ? "
                        "ORDER BY base, quote, rated_on", [tour_id])
        return [Rate(r["base"], r["quote"], Decimal(r["rate"]),
                     date.fromisoformat(r["rated_on"]), r["source"], r["id"]) for r in rows]


# -- settings --


@dataclass(frozen=True, slots=True)
class Settings:
    overrun: Decimal = Decimal("0.10")  # warn when a category's actual runs over by more
    locale: NumberLocale = NumberLocale.EN


def settings(store: Store, tour_id: int) -> Settings:
    with store.read() as db:
        row = db.execute("SELECT overrun_percent, number_locale FROM tour_budget "
                         "WHERE tour_id = ?", [tour_id]).fetchone()
    if row is None:
        return Settings()
    return Settings(Decimal(row[0]) / 100, NumberLocale(row[1]))


def save_settings(store: Store, tour_id: int, new: Settings) -> None:
    values = {"overrun_percent": int(new.overrun * 100), "number_locale": new.locale.value}
    with store.write() as db:
        row = db.execute("SELECT id FROM tour_budget WHERE tour_id = ?", [tour_id]).fetchone()
        if row:
            tracked.update(store, "tour_budget", row[0], values)
        else:
            tracked.insert(store, "tour_budget", values | {"tour_id": tour_id})
