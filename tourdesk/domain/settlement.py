"""A show's settlement: from tickets sold to what the artist is paid, every step shown.

Deal types:

- flat: the guarantee, whatever sells.
- versus: the greater of the guarantee and a percentage of the net, where net is gross
  ticket sales less taxes, less fees, less the agreed show costs.
- door: a percentage of the door, i.e. of gross ticket sales less taxes and fees
  (no show costs come off).
- bonus: the guarantee, plus a bonus once paid tickets (comps do not count) reach a
  threshold.

Every percentage is worked out exactly and rounded once to the minor unit, half to
even (see tourdesk.domain.money); sums are of the rounded steps shown, so the sheet
adds up line by line.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar

from tourdesk.domain.errors import Collector, ValidationError
from tourdesk.domain.models import required_text
from tourdesk.domain.money import (
    Money,
    NumberLocale,
    parse_amount,
    parse_percent,
    total,
    zero,
)


class Deal(StrEnum):
    FLAT = "flat"
    VERSUS = "versus"
    DOOR = "door"
    BONUS = "bonus"

    @property
    def label(self) -> str:
        return {"flat": "flat guarantee", "versus": "guarantee versus % of net",
                "door": "% of door", "bonus": "guarantee plus bonus"}[self.value]


class DeductionKind(StrEnum):
    TAX = "tax"
    FEE = "fee"
    COST = "cost"


@dataclass(frozen=True, slots=True)
class TicketLevel:
    name: str
    price: Money
    sold: int
    comps: int = 0


@dataclass(frozen=True, slots=True)
class Deduction:
    kind: DeductionKind
    label: str
    percent: Decimal | None = None  # a share of gross ticket sales (0.07 for 7%)
    amount: Money | None = None


@dataclass(frozen=True, slots=True)
class Terms:
    deal: Deal
    currency: str
    guarantee: Money | None = None
    percent: Decimal | None = None
    bonus: Money | None = None
    threshold: int | None = None
    levels: tuple[TicketLevel, ...] = ()
    deductions: tuple[Deduction, ...] = ()
    notes: str = ""


@dataclass(frozen=True, slots=True)
class Step:
    label: str
    detail: str
    amount: Money
    total: bool = False  # a subtotal or the payout, not a line that adds into one


@dataclass(frozen=True, slots=True)
class Sheet:
    terms: Terms
    steps: list[Step]
    gross: Money
    net: Money
    payout: Money
    sold: int = 0
    comps: int = 0


T = TypeVar("T")


def _pct(share: Decimal) -> str:
    return f"{(share * 100).normalize():f}%"


def settle(terms: Terms) -> Sheet:
    """The settlement sheet of `terms` (checked by `check_terms`)."""
    check_terms(terms)
    cur = terms.currency
    steps: list[Step] = []
    for level in terms.levels:
        with_comps = f" + {level.comps} comps" if level.comps else ""
        steps.append(Step(f"Tickets: {level.name}",
                          f"{level.sold} × {level.price.plain()}{with_comps}",
                          level.price * level.sold))
    sold = sum(t.sold for t in terms.levels)
    comps = sum(t.comps for t in terms.levels)
    gross = total([level.price * level.sold for level in terms.levels], cur)
    steps.append(Step("Gross ticket sales", f"{sold} sold, {comps} comps", gross, True))

    def off(kind: DeductionKind) -> Money:
        taken = zero(cur)
        for d in (d for d in terms.deductions if d.kind is kind):
            if d.percent is not None:
                value, detail = gross.times(d.percent), f"{_pct(d.percent)} of gross"
            else:
                value, detail = _checked(d.amount, d.label), "agreed amount"
            steps.append(Step(f"{kind.value}: {d.label}", detail, -value))
            taken = taken + value
        return taken

    door = gross - off(DeductionKind.TAX) - off(DeductionKind.FEE)
    steps.append(Step("Door", "gross less taxes and fees", door, True))
    net = door - off(DeductionKind.COST)
    steps.append(Step("Net", "door less agreed show costs", net, True))
    payout = _payout(terms, steps, door, net, sold)
    return Sheet(terms, steps, gross, net, payout, sold, comps)


def _payout(terms: Terms, steps: list[Step], door: Money, net: Money, sold: int) -> Money:
    cur = terms.currency
    if terms.deal is Deal.FLAT:
        payout = _checked(terms.guarantee, "guarantee")
        steps.append(Step("Artist payout", "flat guarantee", payout, True))
    elif terms.deal is Deal.VERSUS:
        percent, guarantee = _checked(terms.percent, "percent"), _checked(terms.guarantee,
                                                                          "guarantee")
        share = net.times(percent) if net.minor > 0 else zero(cur)
        steps.append(Step("Artist share", f"{_pct(percent)} of net", share))
        steps.append(Step("Guarantee", "", guarantee))
        better = "share" if share > guarantee else "guarantee"
        payout = max(share, guarantee)
        steps.append(Step("Artist payout", f"the greater of guarantee and share: {better}",
                          payout, True))
    elif terms.deal is Deal.DOOR:
        percent = _checked(terms.percent, "percent")
        payout = door.times(percent) if door.minor > 0 else zero(cur)
        steps.append(Step("Artist payout", f"{_pct(percent)} of door", payout, True))
    else:
        guarantee = _checked(terms.guarantee, "guarantee")
        threshold = _checked(terms.threshold, "threshold")
        steps.append(Step("Guarantee", "", guarantee))
        earned = sold >= threshold
        bonus = _checked(terms.bonus, "bonus") if earned else zero(cur)
        steps.append(Step("Bonus", f"{sold} sold {'≥' if earned else '<'} {threshold}: "
                          f"{'earned' if earned else 'not earned'}", bonus))
        payout = guarantee + bonus
        steps.append(Step("Artist payout", "guarantee plus bonus", payout, True))
    return payout


def _checked(value: T | None, what: str) -> T:
    """A value `check_terms` made sure of: None here is a bug, not bad input."""
    if value is None:
        raise ValueError(f"settlement terms reached the sheet without their {what}")
    return value


def check_terms(terms: Terms) -> None:
    """Refuse terms a deal cannot be worked out from, naming each field."""
    c = Collector()
    needs = {Deal.FLAT: ("guarantee",), Deal.VERSUS: ("guarantee", "percent"),
             Deal.DOOR: ("percent",), Deal.BONUS: ("guarantee", "bonus", "threshold")}
    for name in needs[terms.deal]:
        if getattr(terms, name) is None:
            c.errors.append(ValidationError(name, f"is required for a {terms.deal.label} deal"))
    for name in ("guarantee", "bonus"):
        money = getattr(terms, name)
        if money is not None and money.currency != terms.currency:
            c.errors.append(ValidationError(name, f"is in {money.currency}; the settlement is "
                                                  f"in {terms.currency}"))
    for level in terms.levels:
        if level.price.currency != terms.currency:
            c.errors.append(ValidationError("tickets", f"{level.name} is priced in "
                                                       f"{level.price.currency}, not "
                                                       f"{terms.currency}"))
        if level.sold < 0 or level.comps < 0:
            c.errors.append(ValidationError("tickets", f"{level.name}: counts are 0 or more"))
    for d in terms.deductions:
        if (d.percent is None) == (d.amount is None):
            c.errors.append(ValidationError(d.kind.value, f"{d.label}: a percentage or an "
                                                          "amount, not both"))
        elif d.amount is not None and d.amount.currency != terms.currency:
            c.errors.append(ValidationError(d.kind.value, f"{d.label} is in "
                                                          f"{d.amount.currency}"))
    c.raise_if_any()


# -- reading what people type: "Standing:35.00:800:40", "VAT:7%", "Security:450" --


def parse_level(text: str, currency: str, locale: NumberLocale = NumberLocale.EN,
                ) -> TicketLevel:
    """`NAME:PRICE:SOLD[:COMPS]`."""
    parts = [p.strip() for p in text.split(":")]
    if len(parts) not in (3, 4):
        raise ValidationError("tickets", f"'{text}' is not NAME:PRICE:SOLD[:COMPS], "
                                         "e.g. Standing:35.00:800:40")
    name = required_text(parts[0], "tickets")
    price = parse_amount(parts[1], currency, "tickets", locale=locale)
    counts = []
    for raw, what in zip(parts[2:], ("sold", "comps"), strict=False):
        if not raw.isdigit():
            raise ValidationError("tickets", f"{name}: {what} '{raw}' is not a whole number")
        counts.append(int(raw))
    return TicketLevel(name, price, *counts)


def parse_deduction(kind: DeductionKind, text: str, currency: str,
                    locale: NumberLocale = NumberLocale.EN) -> Deduction:
    """`LABEL:7%` (of gross) or `LABEL:AMOUNT`."""
    label, sep, value = text.rpartition(":")
    if not sep or not label.strip():
        raise ValidationError(kind.value, f"'{text}' is not LABEL:PERCENT% or LABEL:AMOUNT, "
                                          "e.g. VAT:7% or Security:450")
    label = required_text(label, kind.value)
    if value.strip().endswith("%"):
        return Deduction(kind, label, percent=parse_percent(value, kind.value))
    return Deduction(kind, label, amount=parse_amount(value, currency, kind.value, locale=locale))


def level_text(level: TicketLevel) -> str:
    return f"{level.name}:{level.price.plain()}:{level.sold}:{level.comps}"


def deduction_text(d: Deduction) -> str:
    value = _pct(d.percent) if d.percent is not None else _checked(d.amount, d.label).plain()
    return f"{d.label}:{value}"
