"""Budgets, rates, settlements and payments in the database: the schema's constraints,
the roll-up in the home currency, lines derived from staffing, the ledger."""

import sqlite3
from datetime import date
from decimal import Decimal

import pytest

from tourdesk.domain.budget import BudgetLine, Side
from tourdesk.domain.errors import ValidationError, ValidationErrors
from tourdesk.domain.money import Money
from tourdesk.services import budgets as budget_service
from tourdesk.services.payouts import correct_payment, record_payment, tour_ledger
from tourdesk.services.staffing import pay
from tourdesk.store import budgets, crew, payments, tours
from tourdesk.store.errors import ConflictError

from conftest import TODAY, make_show

DEMO = "Northern Lights Tour 2026"


@pytest.fixture
def tour(store):
    make_show(store, "2026-10-21")
    return tours.named(store, "Test tour").id


def test_a_line_is_stored_and_read_back_with_its_day(store, tour):
    line_id = budget_service.add_line(store, tour, {
        "side": "expense", "category": "hotels", "description": "Thon Opera",
        "estimate": "1.234,50 €", "currency": "EUR"}, date(2026, 10, 21))
    line = budgets.line(store, line_id)
    assert line.estimate == Money(123450, "EUR") and line.actual is None
    assert line.day == date(2026, 10, 21) and line.side is Side.EXPENSE


def test_bad_lines_are_refused_naming_each_field(store, tour):
    with pytest.raises(ValidationErrors) as err:
        budget_service.add_line(store, tour, {"side": "expense", "category": "yachts",
                                              "estimate": "1.234", "currency": "EURO"})
    assert set(err.value.by_field()) == {"category", "currency"}
    with pytest.raises(ValidationErrors, match="crew pay comes from staffing"):
        budget_service.add_line(store, tour, {"side": "expense", "category": "crew pay",
                                              "estimate": "10"})
    with pytest.raises(ValidationError, match="no gig day on 2026-10-22"):
        budget_service.add_line(store, tour, {"side": "income", "category": "merch",
                                              "estimate": "10"}, date(2026, 10, 22))
    assert budgets.lines(store, tour) == []


def test_the_schema_refuses_what_the_code_would_never_write(store, tour):
    conn = store.conn
    base = ("INSERT INTO budget_lines (tour_id, side, category, currency, estimate_minor, "
            "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, 'now', 'x')")
    for side, category, currency, minor in [("income", "hotels", "EUR", 1),  # wrong side
                                            ("expense", "hotels", "eur", 1),
                                            ("expense", "hotels", "EUR", -5),
                                            ("expense", "crew_pay", "EUR", 1)]:  # derived
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(base, [tour, side, category, currency, minor])
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO exchange_rates (tour_id, base, quote, rate, rated_on, source,"
                     " updated_at, updated_by) VALUES (?, 'GBP', 'EUR', '1.2e3', '2026-10-01',"
                     " 'x', 'now', 'x')", [tour])


def test_the_rollup_converts_each_line_and_never_mixes_currencies(store, tour):
    budget_service.add_line(store, tour, {"side": "income", "category": "guarantee",
                                          "estimate": "1000.00", "actual": "1000.00",
                                          "currency": "GBP"})
    budget_service.add_line(store, tour, {"side": "expense", "category": "hotels",
                                          "estimate": "500.00", "actual": "600.00"})
    b = budget_service.budget(store, tour, TODAY)
    assert b.rollup.income.estimate == Money(0, "EUR")  # no rate yet: left out and named
    assert b.rollup.unconverted[0][:2] == (Money(100000, "GBP"), 1)
    budget_service.add_rate(store, tour, {"base": "GBP", "quote": "EUR", "rate": "1.1650",
                                          "on": "2026-10-01", "source": "ECB"})
    b = budget_service.budget(store, tour, TODAY)
    assert b.rollup.unconverted == []
    assert b.rollup.income.actual == Money(116500, "EUR")
    assert b.rollup.profit_actual == Money(56500, "EUR")
    # hotels 20% over their estimate: more than the default 10%
    assert [w.category for w in b.rollup.warnings] == ["hotels"]
    budgets.save_settings(store, tour, budgets.Settings(overrun=Decimal("0.25")))
    assert budget_service.budget(store, tour, TODAY).rollup.warnings == []


def test_the_same_rate_twice_is_refused_and_a_rate_needs_its_source(store, tour):
    fields = {"base": "GBP", "quote": "EUR", "rate": "1.1650", "on": "2026-10-01",
              "source": "ECB"}
    budget_service.add_rate(store, tour, fields)
    with pytest.raises(ConflictError, match="already recorded"):
        budget_service.add_rate(store, tour, fields)
    with pytest.raises(ValidationErrors) as err:
        budget_service.add_rate(store, tour, {**fields, "quote": "GBP", "source": " ",
                                              "rate": "0"})
    assert set(err.value.by_field()) == {"to", "source", "rate"}


def test_derived_crew_pay_adds_up_to_the_staffing_pay_basis(demo_store):
    tour = tours.named(demo_store, DEMO)
    b = budget_service.budget(demo_store, tour.id, TODAY)
    derived = [line for line in b.lines if line.source == "staffing"]
    by_currency: dict[str, int] = {}
    for line in derived:
        by_currency[line.currency] = by_currency.get(line.currency, 0) + line.estimate.minor
    expected: dict[str, int] = {}
    for basis in pay(demo_store, tour.id, tour.name):
        for money in basis.total:
            expected[money.currency] = expected.get(money.currency, 0) + money.minor
    assert by_currency == expected
    # only days already played have an actual
    assert all((line.actual is not None) == (line.day < TODAY) for line in derived)


def test_the_demo_budget_has_three_currencies_rates_and_played_actuals(demo_store):
    tour = tours.named(demo_store, DEMO)
    b = budget_service.budget(demo_store, tour.id, TODAY)
    typed = [line for line in b.lines if line.id is not None]
    assert {line.currency for line in typed} == {"EUR", "GBP", "SEK"}
    assert {(r.base, r.quote) for r in b.rates} == {("GBP", "EUR"), ("SEK", "EUR")}
    assert b.rollup.unconverted == []
    assert all(line.actual is None for line in typed if line.day and line.day >= TODAY)
    assert any(line.actual is not None for line in typed if line.day and line.day < TODAY)


def test_a_payment_is_counted_in_its_currency_and_a_correction_reverses_it(demo_store):
    tour = tours.named(demo_store, DEMO).id
    before = {(b.person, b.currency): b for b in tour_ledger(demo_store, tour, TODAY).balances}
    chloe = before[("Chloé Marchand", "EUR")]
    paid_id = record_payment(demo_store, tour, "Chloé Marchand",
                             {"amount": "1,000.00", "on": "2026-10-20", "method": "bank"})
    after = {(b.person, b.currency): b for b in tour_ledger(demo_store, tour, TODAY).balances}
    assert after[("Chloé Marchand", "EUR")].outstanding == chloe.outstanding - Money(100000, "EUR")
    entry = correct_payment(demo_store, paid_id, TODAY, "wrong account")
    assert entry.amount == Money(-100000, "EUR") and entry.reverses == paid_id
    again = {(b.person, b.currency): b for b in tour_ledger(demo_store, tour, TODAY).balances}
    assert again[("Chloé Marchand", "EUR")].outstanding == chloe.outstanding
    assert payments.payment(demo_store, paid_id).amount == Money(100000, "EUR")  # still there
    with pytest.raises(ConflictError, match="already corrected"):
        correct_payment(demo_store, paid_id, TODAY, "again")
    with pytest.raises(ValidationError, match="itself a correction"):
        correct_payment(demo_store, entry.id, TODAY, "undo the undo")


def test_payments_can_never_be_changed_or_deleted(demo_store):
    tour = tours.named(demo_store, DEMO).id
    first = payments.payments(demo_store, tour)[0]
    for sql in ("UPDATE payments SET amount_minor = 1 WHERE id = ?",
                "DELETE FROM payments WHERE id = ?"):
        with pytest.raises(sqlite3.IntegrityError, match="never"):
            demo_store.conn.execute(sql, [first.id])
    with pytest.raises(sqlite3.IntegrityError, match="whole payment"):
        demo_store.conn.execute(
            "INSERT INTO payments (tour_id, person_id, paid_on, amount_minor, currency, method,"
            " reverses, updated_at, updated_by) VALUES (?, ?, '2026-10-20', -1, ?, 'bank', ?,"
            " 'now', 'x')", [tour, first.person_id, first.amount.currency, first.id])


def test_a_payment_in_another_currency_is_converted_with_a_recorded_rate(demo_store):
    tour = tours.named(demo_store, DEMO).id
    ledger = tour_ledger(demo_store, tour, TODAY)
    gus = next(b for b in ledger.balances if b.person == "Gus McAllister")
    # 500.00 EUR paid against GBP owed, at 1 GBP = 1.1580 EUR: 500 / 1.158 = 431.779 -> 431.78
    assert gus.currency == "GBP" and gus.paid == Money(43178, "GBP")
    assert "1 GBP = 1.1580 EUR" in gus.notes[0]
    # with no rate at all the payment stays apart, in its own currency, and is flagged
    record_payment(demo_store, tour, "Maren Holt", {"amount": "100 USD", "on": "2026-10-20"})
    ledger = tour_ledger(demo_store, tour, TODAY)
    assert any(b.person == "Maren Holt" and b.currency == "USD" for b in ledger.balances)
    assert any("Maren Holt" in w and "no USD→GBP rate" in w for w in ledger.warnings)


def test_the_demo_ledger_leaves_some_people_with_balances(demo_store):
    tour = tours.named(demo_store, DEMO).id
    ledger = tour_ledger(demo_store, tour, TODAY)
    ben = next(b for b in ledger.balances if b.person == "Ben Achterberg")
    assert ben.outstanding == Money(0, "EUR")
    hanna = next(b for b in ledger.balances if b.person == "Hanna Vogel")
    assert hanna.paid == Money(330000, "EUR")  # 3,000 + 300 + 300 - 300 (corrected)
    assert sum(1 for b in ledger.balances if b.outstanding.minor > 0) > 5
    assert ledger.warnings == []


def test_a_line_edited_by_someone_else_first_is_refused(store, tour):
    line_id = budget_service.add_line(store, tour, {"side": "income", "category": "merch",
                                                    "estimate": "100"})
    line = budgets.line(store, line_id)
    budgets.set_actual(store, line_id, Money(9000, "EUR"))
    stale = BudgetLine(**{**{f: getattr(line, f) for f in line.__dataclass_fields__},
                          "description": "mine"})
    with pytest.raises(ConflictError, match="after you opened it"):
        budgets.update_line(store, stale)
    with pytest.raises(ConflictError, match="is in EUR"):
        budgets.set_actual(store, line_id, Money(100, "GBP"))


def test_crew_pay_of_a_person_with_a_day_rate_shows_on_their_day(store, tour):
    from tourdesk.domain.staffing import Person
    from tourdesk.store import gigs

    crew.add_person(store, Person("Ola Nordmann", ("rigger",), day_rate=Money(30000, "NOK"),
                                  per_diem=Money(5000, "NOK"), currency="NOK"))
    ola = crew.person_named(store, "Ola Nordmann")
    crew.assign(store, gigs.id_on(store, tour, date(2026, 10, 21)), ola, "rigger")
    b = budget_service.budget(store, tour, date(2026, 10, 22))
    derived = {line.category: line for line in b.lines if line.source == "staffing"}
    assert derived["crew_pay"].estimate == Money(30000, "NOK")
    assert derived["per_diems"].actual == Money(5000, "NOK")  # played: 21 < 22 Oct


def test_stored_terms_read_back_and_retype_to_the_same_terms(demo_store):
    from tourdesk.services.settlements import input_of, terms_from_input
    from tourdesk.store import gigs, settlements

    tour = tours.named(demo_store, DEMO).id
    for day in (date(2026, 10, 16), date(2026, 10, 19)):
        terms = settlements.terms_of(demo_store, gigs.id_on(demo_store, tour, day))
        assert terms is not None
        assert terms_from_input(input_of(terms)) == terms


def test_a_settled_payout_becomes_the_shows_guarantee_actual(store, tour):
    """Settling tells the budget what the show brought in: the day's guarantee line gets
    the payout as its actual, or a line is added when the day has none."""
    from tourdesk.services.settlements import TermsInput, save_terms, terms_from_input
    from tourdesk.store import gigs

    day = gigs.id_on(store, tour, date(2026, 10, 21))
    flat = terms_from_input(TermsInput("flat", "EUR", guarantee="5000"))
    save_terms(store, day, flat)
    (added,) = [x for x in budgets.lines(store, tour) if x.category == "guarantee"]
    assert (added.actual, added.estimate, added.gig_day_id) == (Money(500000, "EUR"), None, day)

    bonus = terms_from_input(TermsInput("bonus", "EUR", guarantee="5000", bonus="750",
                                        threshold="100", tickets=("Floor:20:150",)))
    save_terms(store, day, bonus)  # 150 sold is over the threshold: 5,000 + 750
    (line,) = [x for x in budgets.lines(store, tour) if x.category == "guarantee"]
    assert line.id == added.id and line.actual == Money(575000, "EUR")

    budget_service.add_line(store, tour, {"side": "income", "category": "guarantee",
                                          "currency": "GBP", "estimate": "100"},
                            date(2026, 10, 21))
    save_terms(store, day, flat)  # two guarantee lines now: a person decides
    assert budgets.line(store, added.id).actual == Money(575000, "EUR")
