"""Amounts: integer minor units with an ISO 4217 code. Never a float.

Rounding rule: every conversion and every percentage is computed exactly with Decimal
and rounded once, to the currency's minor unit, half to even (ROUND_HALF_EVEN, "banker's
rounding": 0.125 -> 0.12, 0.135 -> 0.14), so many roundings do not drift one way.

Input grammar (`parse_amount`), what people type into a form or a CLI option:

    [-] [symbol or code] digits [decimal part] [symbol or code]

- `1234.50`, `1,234.50`, `1 234,50`, `1.234,50`, `1'234.50`, `€1,234.50`, `1234.50 EUR`,
  `EUR 1234,50`; a currency in the text must be the one expected, if one is.
- With both `.` and `,` present the last one is the decimal mark. A mark that appears
  more than once groups thousands. A single mark followed by one or two digits is the
  decimal mark. A single mark followed by exactly three digits (`1,234`, `1.234`) is a
  thousands separator when it is the locale's (`,` for en, `.` for de), otherwise it
  is refused as ambiguous.
- Groups must be three digits; more decimals than the currency has are refused; `$`,
  `¥` and `kr` name several currencies and are refused: write the code.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from enum import StrEnum

from tourdesk.domain.errors import ValidationError

ROUNDING = ROUND_HALF_EVEN

# ISO 4217 minor units where they are not 2.
_EXPONENTS = {
    "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
    "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0,
    "PYG": 0, "RWF": 0, "UGX": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
}  # fmt: skip

SYMBOLS = {"€": "EUR", "£": "GBP", "US$": "USD", "C$": "CAD", "A$": "AUD", "NZ$": "NZD",
           "₹": "INR", "₩": "KRW", "zł": "PLN", "Kč": "CZK", "₺": "TRY", "CHF": "CHF"}
AMBIGUOUS_SYMBOLS = {"$": "USD, CAD, AUD or NZD", "¥": "JPY or CNY",
                     "kr": "SEK, NOK, DKK or ISK"}
MAX_DIGITS = 15


class NumberLocale(StrEnum):
    """How people write numbers: en `1,234.50`, de `1.234,50`."""

    EN = "en"
    DE = "de"

    @property
    def marks(self) -> tuple[str, str]:
        """(decimal mark, thousands mark)."""
        return (".", ",") if self is NumberLocale.EN else (",", ".")


def exponent(currency: str) -> int:
    return _EXPONENTS.get(currency, 2)


class CurrencyMismatch(ValueError):
    """Two currencies met without a conversion."""


@dataclass(frozen=True, slots=True, order=True)
class Money:
    minor: int
    currency: str

    @property
    def amount(self) -> Decimal:
        return Decimal(self.minor).scaleb(-exponent(self.currency))

    def plain(self) -> str:
        """`1234.50`: the form CSV files use."""
        return f"{self.amount:.{exponent(self.currency)}f}"

    def grouped(self, locale: NumberLocale = NumberLocale.EN) -> str:
        """`1,234.50` (en) or `1.234,50` (de)."""
        text = f"{self.amount:,.{exponent(self.currency)}f}"
        if locale is NumberLocale.DE:
            text = text.translate(str.maketrans(",.", ".,"))
        return text

    def shown(self) -> str:
        """`83,290.00`: an amount as people read it, on screens and in command output
        alike: grouped by thousands, with the currency's decimals. Files meant for
        other programs (CSV) keep `plain()`."""
        return self.grouped()

    def shown_with_code(self) -> str:
        """`83,290.00 EUR`."""
        return f"{self.shown()} {self.currency}"

    def __str__(self) -> str:
        return f"{self.plain()} {self.currency}"

    def __mul__(self, times: int) -> Money:
        return Money(self.minor * times, self.currency)

    def _same(self, other: Money) -> None:
        if other.currency != self.currency:
            raise CurrencyMismatch(f"cannot add {other} to {self} without a conversion")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor + other.minor, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor - other.minor, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.minor, self.currency)

    def times(self, factor: Decimal) -> Money:
        """This amount times `factor` (a share, a tax rate), rounded by ROUNDING."""
        return Money(round_minor(Decimal(self.minor) * factor), self.currency)

    def split(self, parts: int) -> list[Money]:
        """`parts` amounts as equal as can be that add up to exactly this one: the
        remainder goes a minor unit at a time to the first parts."""
        if parts < 1:
            raise ValueError("split into at least one part")
        share, rest = divmod(self.minor, parts)
        return [Money(share + (1 if i < rest else 0), self.currency) for i in range(parts)]


def zero(currency: str) -> Money:
    return Money(0, currency)


def round_minor(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUNDING))


def total(amounts: Sequence[Money], currency: str) -> Money:
    """The sum of amounts all in `currency` (refused if any is not)."""
    result = zero(currency)
    for money in amounts:
        result = result + money
    return result


@dataclass(frozen=True, slots=True)
class Rate:
    """1 `base` = `rate` `quote`, as recorded by someone on `on` from `source`."""

    base: str
    quote: str
    rate: Decimal
    on: date
    source: str
    id: int | None = None

    def convert(self, money: Money) -> Money:
        """`money` (in base, or in quote: then the rate is used the other way) in the
        other currency, exactly in Decimal, rounded once by ROUNDING."""
        if money.currency == self.base:
            factor, target = self.rate, self.quote
        elif money.currency == self.quote:
            factor, target = 1 / self.rate, self.base
        else:
            raise CurrencyMismatch(f"a {self.base}/{self.quote} rate cannot convert {money}")
        value = money.amount * factor
        return Money(round_minor(value.scaleb(exponent(target))), target)

    def __str__(self) -> str:
        return f"1 {self.base} = {self.rate} {self.quote} ({self.on}, {self.source})"


def parse_rate(text: str | None, field: str = "rate") -> Decimal:
    value = (text or "").strip().replace(",", ".")
    if not re.fullmatch(r"\d{1,9}(\.\d{1,10})?", value):
        raise ValidationError(field, f"'{text}' is not a rate; write it like 1.1650")
    rate = Decimal(value)
    if rate <= 0:
        raise ValidationError(field, "must be more than 0")
    return rate


def parse_percent(text: str | None, field: str) -> Decimal:
    """`85`, `85%`, `7.5 %` or `7,5%` as a share (0.85); 0 to 100."""
    value = (text or "").strip().removesuffix("%").strip().replace(",", ".")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValidationError(field, f"'{text}' is not a percentage; write it like 85%") from None
    if not number.is_finite() or not 0 <= number <= 100:
        raise ValidationError(field, f"'{text}' is outside 0% to 100%")
    return number / 100


def currency_code(text: str | None, field: str = "currency") -> str:
    code = (text or "").strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise ValidationError(field, f"'{text}' is not an ISO 4217 currency code (e.g. EUR)")
    return code


def parse_plain(text: str | None, currency: str, field: str) -> Money:
    """`1234.50` in `currency`: the form files use; refuses more decimals than the
    currency has."""
    value = (text or "").strip()
    m = re.fullmatch(r"(\d{1,15})(?:\.(\d+))?", value)
    if not m:
        raise ValidationError(field, f"'{text}' is not an amount; write it like 1234.50")
    return _minor(text, m.group(1), m.group(2) or "", currency, field, negative=False)


def _minor(text: str | None, whole: str, decimals: str, currency: str, field: str,
           *, negative: bool) -> Money:
    places = exponent(currency)
    if len(decimals.rstrip("0")) > places:
        raise ValidationError(field, f"'{text}' has more decimals than {currency} has ({places})")
    minor = int(whole) * 10**places + int((decimals + "0" * places)[:places] or 0)
    return Money(-minor if negative else minor, currency)


_CURRENCY_PART = re.compile(r"^(?P<lead>[^\d\s.,'-]*)\s*(?P<number>.*?)\s*(?P<tail>[^\d\s.,']*)$")
_GROUP_MARKS = (" ", "\u00a0", "\u202f", "'")


def parse_amount(text: str | None, currency: str | None, field: str, *,
                 locale: NumberLocale = NumberLocale.EN, negative: bool = False,
                 default: str | None = None) -> Money:
    """What people type (see the module's grammar) as Money. `currency` is the one the
    amount must be in (a different one in the text is refused), or None to take it from
    the text (else `default`). A minus sign only where `negative` (corrections)."""
    value = (text or "").strip()
    if not value:
        raise ValidationError(field, "is required")
    sign = value.startswith("-")
    value = value.removeprefix("-").strip()
    m = _CURRENCY_PART.match(value)
    if m is None:  # pragma: no cover - the pattern matches any string
        raise ValidationError(field, f"'{text}' is not an amount")
    lead, number, tail = m.group("lead"), m.group("number"), m.group("tail")
    if number.startswith("-") and not sign:  # "€-12"
        sign, number = True, number[1:]
    whole, decimals = _split_number(text, number, locale, field)
    if sign and not negative:
        raise ValidationError(field, f"'{text}' is negative; only a correction may be")
    named = _currency_named(text, lead, tail, field)
    code = named or currency or default
    if code is None:
        raise ValidationError(field, f"'{text}' has no currency; add one, e.g. {value} EUR")
    if currency is not None and named is not None and named != currency:
        raise ValidationError(field, f"'{text}' is in {named} but this amount is in {currency}")
    if len(whole.lstrip("0")) > MAX_DIGITS:
        raise ValidationError(field, f"'{text}' is too large")
    return _minor(text, whole, decimals, code, field, negative=sign)


def _currency_named(text: str | None, lead: str, tail: str, field: str) -> str | None:
    found = [part for part in (lead, tail) if part]
    if len(found) > 1:
        raise ValidationError(field, f"'{text}' names a currency twice")
    if not found:
        return None
    part = found[0]
    if part in AMBIGUOUS_SYMBOLS:
        raise ValidationError(field, f"'{part}' stands for {AMBIGUOUS_SYMBOLS[part]}; "
                                     "write the code instead")
    if part in SYMBOLS:
        return SYMBOLS[part]
    if re.fullmatch(r"[A-Za-z]{3}", part):
        return part.upper()
    raise ValidationError(field, f"'{text}' is not an amount; write it like 1234.50 or "
                                 "1,234.50 EUR")


def _split_number(text: str | None, number: str, locale: NumberLocale,
                  field: str) -> tuple[str, str]:
    """(whole digits, decimal digits) of `number`, its thousands marks checked."""
    wrong = ValidationError(field, f"'{text}' is not an amount; write it like 1234.50 or "
                                   "1,234.50")
    for mark in _GROUP_MARKS:
        number = number.replace(mark, "\x00")  # a group mark that is never a decimal mark
    if not number or not re.fullmatch(r"[\d.,\x00]+", number) or not number[0].isdigit() \
            or not number[-1].isdigit():
        raise wrong
    dots, commas = number.count("."), number.count(",")
    decimal_mark: str | None = None
    if dots and commas:
        decimal_mark = "." if number.rfind(".") > number.rfind(",") else ","
        if number.count(decimal_mark) > 1:
            raise wrong
    elif dots + commas == 1:
        mark = "." if dots else ","
        after = len(number) - number.index(mark) - 1
        if after != 3:
            decimal_mark = mark
        elif mark == locale.marks[0]:
            raise ValidationError(field, f"'{text}' is ambiguous: is '{mark}' a decimal mark "
                                         "or a thousands separator? Write it without one "
                                         "or with the decimals in full (e.g. 1234 or 1.23)")
    whole, _, decimals = number.rpartition(decimal_mark) if decimal_mark else (number, "", "")
    groups = re.split(r"[.,\x00]", whole)
    if len(groups) > 1 and (not 1 <= len(groups[0]) <= 3
                            or any(len(g) != 3 for g in groups[1:])
                            or len({c for c in whole if c in ".,\x00"}) > 1):
        raise ValidationError(field, f"'{text}' has thousands separators in the wrong places")
    if decimal_mark and not decimals.isdigit():
        raise wrong
    return "".join(groups), decimals


def totals(amounts: list[Money]) -> list[Money]:
    """Sum per currency: amounts in different currencies are never added together."""
    by_currency: dict[str, int] = {}
    for money in amounts:
        by_currency[money.currency] = by_currency.get(money.currency, 0) + money.minor
    return [Money(minor, code) for code, minor in sorted(by_currency.items())]


def amounts_shown(amounts: Sequence[Money], empty: str = "-") -> str:
    """`1,250.00 EUR + 400.00 GBP`: totals in several currencies side by side, as people
    read amounts (`shown`)."""
    return " + ".join(m.shown_with_code() for m in amounts) or empty
