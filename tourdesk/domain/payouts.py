"""The payouts ledger: what each person is owed, what they were paid, what is left.

Payments are never changed or deleted: a wrong one is corrected by a reversing entry
(the same amount, negative, pointing at it), and the right one is recorded anew. A
payment counts against what is owed in its own currency; one in another currency is
converted with a recorded rate into the person's currency, and the ledger says which
rate it used. With no rate it stays apart, in its own currency, and is flagged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from tourdesk.domain.errors import Collector, ValidationError
from tourdesk.domain.exchange import MissingRate, RateBook
from tourdesk.domain.models import Fields, iso_date, optional_text
from tourdesk.domain.money import Money, NumberLocale, parse_amount, totals
from tourdesk.domain.staffing import PayBasis


class Method(StrEnum):
    BANK = "bank"
    CASH = "cash"
    CARD = "card"
    PAYPAL = "paypal"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Payment:
    tour_id: int
    person_id: int
    on: date
    amount: Money
    method: Method
    note: str = ""
    reverses: int | None = None
    person: str = ""
    id: int | None = None
    recorded_by: str = ""


def payment_from_fields(fields: Fields, *, tour_id: int, person_id: int,
                        currency: str, locale: NumberLocale = NumberLocale.EN) -> Payment:
    """A new payment (never negative: a correction is `reversal`)."""
    c = Collector()
    on = c.check(iso_date, fields.get("on"), "date")
    amount = c.check(parse_amount, fields.get("amount"), None, "amount", locale=locale,
                     default=(fields.get("currency") or currency).strip().upper())
    if amount is not None and amount.minor == 0:
        c.errors.append(ValidationError("amount", "must be more than 0"))
    method_text = (fields.get("method") or "bank").strip().lower()
    if method_text not in {m.value for m in Method}:
        c.errors.append(ValidationError("method", f"'{method_text}' is not one of "
                                                  f"{', '.join(m.value for m in Method)}"))
    note = c.check(optional_text, fields.get("note"), "note", max_len=200)
    c.raise_if_any()
    return Payment(tour_id, person_id, on, amount, Method(method_text), note or "")


def reversal(original: Payment, on: date, note: str) -> Payment:
    """The entry that takes `original` back: same person and currency, negated."""
    if original.reverses is not None:
        raise ValidationError("payment", f"payment {original.id} is itself a correction; "
                                         "record the right payment instead")
    why = note.strip() or "correction"
    return Payment(original.tour_id, original.person_id, on, -original.amount,
                   original.method, f"reverses #{original.id}: {why}", original.id)


@dataclass(frozen=True, slots=True)
class Balance:
    person_id: int
    person: str
    currency: str
    owed: Money  # earned on the days already worked
    owed_total: Money  # for the whole tour as staffed
    paid: Money
    notes: tuple[str, ...] = ()

    @property
    def outstanding(self) -> Money:
        return self.owed - self.paid


@dataclass(frozen=True, slots=True)
class Ledger:
    balances: list[Balance]
    payments: list[Payment]
    warnings: list[str] = field(default_factory=list)

    def outstanding(self) -> list[Money]:
        """Per currency: never added across currencies."""
        return totals([b.outstanding for b in self.balances])


def ledger(owed_to_date: Sequence[PayBasis], owed_total: Sequence[PayBasis],
           payments: Sequence[Payment], rates: RateBook,
           currencies: dict[int, str]) -> Ledger:
    """Balances per person and currency. `currencies` maps a person to their own
    currency, the one payments in a currency they are not owed in are converted to."""
    names: dict[int, str] = {}
    owed: dict[tuple[int, str], int] = {}
    whole: dict[tuple[int, str], int] = {}
    for target, bases in ((owed, owed_to_date), (whole, owed_total)):
        for b in bases:
            names[b.person_id] = b.person
            for money in b.total:
                target[(b.person_id, money.currency)] = \
                    target.get((b.person_id, money.currency), 0) + money.minor
    paid: dict[tuple[int, str], int] = {}
    notes: dict[tuple[int, str], list[str]] = {}
    warnings: list[str] = []
    for p in payments:
        names.setdefault(p.person_id, p.person)
        key = (p.person_id, p.amount.currency)
        if key not in owed and key not in whole:
            own = currencies.get(p.person_id, p.amount.currency)
            try:
                converted = rates.convert(p.amount, own)
            except MissingRate as exc:
                warnings.append(f"{p.person}: payment #{p.id} of {p.amount} kept apart: {exc}")
            else:
                rate = rates.rate_for(p.amount.currency, own)
                notes.setdefault((p.person_id, own), []).append(
                    f"#{p.id} {p.amount.shown_with_code()} = {converted.shown_with_code()} "
                    f"at {rate}")
                key = (p.person_id, own)
                p = Payment(p.tour_id, p.person_id, p.on, converted, p.method)
        paid[key] = paid.get(key, 0) + p.amount.minor
    keys = sorted(set(owed) | set(whole) | set(paid),
                  key=lambda k: (names.get(k[0], "").casefold(), k[1]))
    balances = [Balance(pid, names.get(pid, ""), cur, Money(owed.get((pid, cur), 0), cur),
                        Money(whole.get((pid, cur), 0), cur), Money(paid.get((pid, cur), 0), cur),
                        tuple(notes.get((pid, cur), ())))
                for pid, cur in keys]
    return Ledger(balances, list(payments), warnings)
