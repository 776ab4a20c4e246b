"""Amounts: integer minor units with an ISO 4217 code. Never a float.

The full input grammar (thousands separators, locales, symbols) arrives with budgets;
this module holds the value object and the plain `1234.50` form files use.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from tourdesk.domain.errors import ValidationError

# ISO 4217 minor units where they are not 2.
_EXPONENTS = {
    "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
    "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0,
    "PYG": 0, "RWF": 0, "UGX": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
}  # fmt: skip


def exponent(currency: str) -> int:
    return _EXPONENTS.get(currency, 2)


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

    def __str__(self) -> str:
        return f"{self.plain()} {self.currency}"

    def __mul__(self, times: int) -> Money:
        return Money(self.minor * times, self.currency)


def currency_code(text: str | None, field: str = "currency") -> str:
    code = (text or "").strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise ValidationError(field, f"'{text}' is not an ISO 4217 currency code (e.g. EUR)")
    return code


def parse_plain(text: str | None, currency: str, field: str) -> Money:
    """`1234.50` in `currency`; refuses more decimals than the currency has."""
    value = (text or "").strip()
    places = exponent(currency)
    m = re.fullmatch(r"(\d{1,15})(?:\.(\d+))?", value)
    if not m:
        raise ValidationError(field, f"'{text}' is not an amount; write it like 1234.50")
    decimals = m.group(2) or ""
    if len(decimals.rstrip("0")) > places:
        raise ValidationError(field, f"'{text}' has more decimals than {currency} has ({places})")
    minor = int(m.group(1)) * 10**places + int((decimals + "0" * places)[:places] or 0)
    return Money(minor, currency)


def totals(amounts: list[Money]) -> list[Money]:
    """Sum per currency: amounts in different currencies are never added together."""
    by_currency: dict[str, int] = {}
    for money in amounts:
        by_currency[money.currency] = by_currency.get(money.currency, 0) + money.minor
    return [Money(minor, code) for code, minor in sorted(by_currency.items())]


def amounts_text(amounts: Sequence[Money], empty: str = "-") -> str:
    """`1250.00 EUR + 400.00 GBP`: totals in several currencies side by side."""
    return " + ".join(str(m) for m in amounts) or empty
