"""Sums and conversions are exact and consistent, whatever the amounts."""

from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tourdesk.domain.exchange import MissingRate, RateBook
from tourdesk.domain.money import (
    CurrencyMismatch,
    Money,
    NumberLocale,
    Rate,
    parse_amount,
    total,
)

minor = st.integers(min_value=-10**13, max_value=10**13)
positive = st.integers(min_value=0, max_value=10**13)
currencies = st.sampled_from(["EUR", "GBP", "JPY", "KWD", "USD"])
rates = st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("5000"), places=4,
                    allow_nan=False, allow_infinity=False).filter(lambda d: d > 0)


@given(minor, st.integers(min_value=1, max_value=500), currencies)
def test_splitting_then_adding_gives_the_whole(amount, parts, currency):
    whole = Money(amount, currency)
    pieces = whole.split(parts)
    assert len(pieces) == parts
    assert total(pieces, currency) == whole
    assert max(p.minor for p in pieces) - min(p.minor for p in pieces) <= 1


@given(st.lists(minor, max_size=30), currencies)
def test_a_sum_is_exact_in_any_order(amounts, currency):
    money = [Money(m, currency) for m in amounts]
    assert total(money, currency).minor == sum(amounts)
    assert total(list(reversed(money)), currency) == total(money, currency)


@given(minor, minor)
def test_two_currencies_are_never_added(a, b):
    with pytest.raises(CurrencyMismatch):
        Money(a, "EUR") + Money(b, "GBP")
    with pytest.raises(CurrencyMismatch):
        total([Money(a, "EUR"), Money(b, "GBP")], "EUR")


@given(minor, rates, st.sampled_from([("GBP", "EUR"), ("EUR", "JPY"), ("KWD", "EUR")]))
def test_a_conversion_is_the_exact_value_rounded_once_half_to_even(amount, rate, pair):
    base, quote = pair
    r = Rate(base, quote, rate, date(2026, 10, 1), "test")
    money = Money(amount, base)
    exact = (money.amount * rate).scaleb(
        {"EUR": 2, "JPY": 0}[quote]
    )
    converted = r.convert(money)
    assert converted.currency == quote
    assert converted.minor == int(exact.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))
    assert abs(converted.minor - exact) <= Decimal("0.5")
    assert r.convert(money) == converted  # stable: the same answer every time


@given(st.lists(positive, min_size=1, max_size=20), rates)
def test_converting_parts_and_the_whole_differ_by_at_most_the_rounding(parts, rate):
    book = RateBook.of([Rate("GBP", "EUR", rate, date(2026, 10, 1), "test")])
    money = [Money(p, "GBP") for p in parts]
    one_by_one = book.sum_in(money, "EUR")
    whole = book.convert(total(money, "GBP"), "EUR")
    assert abs(one_by_one.minor - whole.minor) <= Decimal(len(parts) + 1) / 2


@given(positive, rates)
def test_the_reverse_pair_is_used_the_other_way(amount, rate):
    book = RateBook.of([Rate("EUR", "GBP", rate, date(2026, 10, 1), "test")])
    eur = book.convert(Money(amount, "GBP"), "EUR")
    exact = Decimal(amount) / rate
    assert abs(eur.minor - exact) <= Decimal("0.5")


@given(st.integers(min_value=-10**12, max_value=10**12),
       st.sampled_from(["EUR", "GBP", "USD"]), st.sampled_from(list(NumberLocale)))
def test_what_we_show_reads_back_as_the_same_amount(amount, currency, locale):
    money = Money(amount, currency)
    shown = money.grouped(locale)
    assert parse_amount(f"{shown} {currency}", None, "amount", locale=locale,
                        negative=True) == money
    assert parse_amount(money.plain(), currency, "amount", negative=True) == money


def test_the_latest_rate_of_a_pair_is_used_and_a_missing_one_is_refused():
    book = RateBook.of([Rate("GBP", "EUR", Decimal("1.15"), date(2026, 9, 1), "bank"),
                        Rate("GBP", "EUR", Decimal("1.17"), date(2026, 10, 1), "bank")])
    assert book.convert(Money(10000, "GBP"), "EUR") == Money(11700, "EUR")
    with pytest.raises(MissingRate, match="no USD→EUR rate"):
        book.convert(Money(100, "USD"), "EUR")


def test_rounding_ties_go_to_the_even_minor_unit():
    r = Rate("GBP", "EUR", Decimal("0.5"), date(2026, 10, 1), "test")
    assert r.convert(Money(1, "GBP")) == Money(0, "EUR")  # 0.5 -> 0
    assert r.convert(Money(3, "GBP")) == Money(2, "EUR")  # 1.5 -> 2
    assert r.convert(Money(5, "GBP")) == Money(2, "EUR")  # 2.5 -> 2
