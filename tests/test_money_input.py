"""Amounts as people type them: accepted, refused as ambiguous, refused as wrong."""

import pytest

from tourdesk.domain.errors import ValidationError
from tourdesk.domain.money import Money, NumberLocale, parse_amount, parse_percent, parse_rate

EN, DE = NumberLocale.EN, NumberLocale.DE


@pytest.mark.parametrize(("text", "currency", "locale", "expected"), [
    ("1234.50", "EUR", EN, Money(123450, "EUR")),
    ("1,234.50", "EUR", EN, Money(123450, "EUR")),
    ("1.234,50", "EUR", DE, Money(123450, "EUR")),
    ("1.234,50", "EUR", EN, Money(123450, "EUR")),  # both marks: the last one is decimal
    ("1 234,50", "EUR", DE, Money(123450, "EUR")),
    ("1\u00a0234.50", "EUR", EN, Money(123450, "EUR")),
    ("1'234.50", "CHF", EN, Money(123450, "CHF")),
    ("1,234", "EUR", EN, Money(123400, "EUR")),  # en: a comma groups thousands
    ("1.234", "EUR", DE, Money(123400, "EUR")),  # de: a dot groups thousands
    ("1234,5", "EUR", EN, Money(123450, "EUR")),  # one or two digits: decimals
    ("€1,234.50", None, EN, Money(123450, "EUR")),
    ("1.234,50 €", None, DE, Money(123450, "EUR")),
    ("£ 80", None, EN, Money(8000, "GBP")),
    ("1234.50 eur", None, EN, Money(123450, "EUR")),
    ("USD 1,000,000", None, EN, Money(100000000, "USD")),
    ("25000", "JPY", EN, Money(25000, "JPY")),
    ("1,234.567", "KWD", EN, Money(1234567, "KWD")),
    ("12.50", "EUR", EN, Money(1250, "EUR")),
    ("7.00 EUR", "EUR", EN, Money(700, "EUR")),  # the expected currency named again
])
def test_what_people_type_is_read(text, currency, locale, expected):
    assert parse_amount(text, currency, "amount", locale=locale) == expected


@pytest.mark.parametrize(("text", "locale", "why"), [
    ("1.234", EN, "ambiguous"),
    ("1,234", DE, "ambiguous"),
    ("12.345", EN, "ambiguous"),
    ("$12", EN, "USD, CAD, AUD or NZD"),
    ("¥500", EN, "JPY or CNY"),
    ("500 kr", EN, "SEK, NOK, DKK or ISK"),
])
def test_ambiguous_input_is_refused_and_says_why(text, locale, why):
    with pytest.raises(ValidationError) as err:
        parse_amount(text, "EUR", "estimate", locale=locale)
    assert err.value.field == "estimate"
    assert why in err.value.message


@pytest.mark.parametrize(("text", "currency", "why"), [
    ("", "EUR", "is required"),
    ("abc", "EUR", "not an amount"),
    ("12.3.4", "EUR", "wrong places"),
    ("1,23,456.00", "EUR", "wrong places"),
    ("12,34.50", "EUR", "wrong places"),
    ("1e5", "EUR", "not an amount"),
    ("12.345,678", "EUR", "more decimals than EUR"),
    ("12.5", "JPY", "more decimals than JPY"),
    ("-12.00", "EUR", "negative"),
    ("12.00 USD", "EUR", "is in USD but this amount is in EUR"),
    ("€12 EUR", "EUR", "twice"),
    ("12.00", None, "no currency"),
    ("1" * 16, "EUR", "too large"),
    ("12..5", "EUR", "wrong places"),
    ("12.", "EUR", "not an amount"),
])
def test_wrong_input_is_refused_naming_the_field(text, currency, why):
    with pytest.raises(ValidationError) as err:
        parse_amount(text, currency, "actual")
    assert str(err.value).startswith("actual: ")
    assert why in err.value.message


def test_a_correction_may_be_negative():
    assert parse_amount("-1,234.50", "EUR", "amount", negative=True) == Money(-123450, "EUR")
    assert parse_amount("€-12", None, "amount", negative=True) == Money(-1200, "EUR")


def test_the_default_currency_applies_only_when_the_text_names_none():
    assert parse_amount("80", None, "amount", default="EUR") == Money(8000, "EUR")
    assert parse_amount("80 GBP", None, "amount", default="EUR") == Money(8000, "GBP")


def test_rates_and_percentages():
    assert str(parse_rate("1.1650")) == "1.1650"
    assert str(parse_rate("0,8571")) == "0.8571"
    for bad in ("", "0", "-1.2", "1.2.3", "abc"):
        with pytest.raises(ValidationError):
            parse_rate(bad)
    assert parse_percent("85%", "percent") * 100 == 85
    assert parse_percent("7,5 %", "percent") * 1000 == 75
    for bad in ("101%", "-1", "lots", "nan"):
        with pytest.raises(ValidationError):
            parse_percent(bad, "percent")
