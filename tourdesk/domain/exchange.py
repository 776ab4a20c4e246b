"""The exchange rates a tour has recorded, and conversions with them.

Rates are typed in by someone (from a bank statement, the ECB, a promoter's
settlement): never fetched. A conversion uses the pair's most recent rate (by its
date), or the reverse pair's used the other way; with neither recorded it is refused,
never guessed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tourdesk.domain.errors import Collector, ValidationError
from tourdesk.domain.models import Fields, iso_date, required_text
from tourdesk.domain.money import Money, Rate, currency_code, parse_rate, total


class MissingRate(ValueError):
    def __init__(self, source: str, target: str) -> None:
        self.source, self.target = source, target
        super().__init__(f"no {source}→{target} rate recorded; record one with its date "
                         "and source")


@dataclass(frozen=True, slots=True)
class RateBook:
    rates: tuple[Rate, ...] = ()

    @classmethod
    def of(cls, rates: Iterable[Rate]) -> RateBook:
        return cls(tuple(rates))

    def rate_for(self, source: str, target: str) -> Rate:
        pair = {source, target}
        found = [r for r in self.rates if {r.base, r.quote} == pair]
        if not found:
            raise MissingRate(source, target)
        return max(found, key=lambda r: (r.on, r.base == source, r.id or 0))

    def convert(self, money: Money, target: str) -> Money:
        if money.currency == target:
            return money
        return self.rate_for(money.currency, target).convert(money)

    def can_convert(self, source: str, target: str) -> bool:
        try:
            self.rate_for(source, target)
        except MissingRate:
            return source == target
        return True

    def sum_in(self, amounts: Sequence[Money], target: str) -> Money:
        """Each amount converted on its own (rounded once), then added."""
        return total([self.convert(m, target) for m in amounts], target)


def rate_from_fields(fields: Fields) -> Rate:
    """A rate typed in: base, quote, rate, on (a date), source; every bad field named."""
    c = Collector()
    base = c.check(currency_code, fields.get("base"), "from")
    quote = c.check(currency_code, fields.get("quote"), "to")
    value = c.check(parse_rate, fields.get("rate"))
    on = c.check(iso_date, fields.get("on"), "date")
    source = c.check(required_text, fields.get("source"), "source")
    if base and base == quote:
        c.errors.append(ValidationError("to", "is the same currency as from"))
    c.raise_if_any()
    return Rate(base, quote, value, on, source)
