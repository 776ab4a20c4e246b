"""The payouts ledger of a tour: what each person has earned so far (from staffing:
day rates, fees and per diems of the days before today), what they were paid, and
what is outstanding; recording payments and their corrections."""

from __future__ import annotations

from datetime import date

from tourdesk.domain.access import Capability
from tourdesk.domain.exchange import RateBook
from tourdesk.domain.models import Fields
from tourdesk.domain.payouts import Ledger, Payment, ledger, payment_from_fields, reversal
from tourdesk.services.staffing import pay_inputs
from tourdesk.store import budgets, crew, payments, tours
from tourdesk.store.connection import Store


def tour_ledger(store: Store, tour_id: int, today: date) -> Ledger:
    store.require(Capability.READ_MONEY)
    with store.read():
        tour = tours.get(store, tour_id)
        inputs = pay_inputs(store, tour_id, tour.name)
        paid = payments.payments(store, tour_id)
        rates = RateBook.of(budgets.rates(store, tour_id))
    own = {p.id: p.currency for p in inputs.people if p.id is not None}
    return ledger(inputs.bases(today), inputs.bases(), paid, rates, own)


def record_payment(store: Store, tour_id: int, person_name: str,
                   fields: Fields) -> int:
    """A payment to the person called `person_name` (amount, currency, on, method, note),
    in one transaction; the amount's currency defaults to the person's."""
    store.require(Capability.WRITE_MONEY)
    with store.write():
        person = crew.person_named(store, person_name)
        chosen = budgets.settings(store, tour_id)
        payment = payment_from_fields(fields, tour_id=tour_id, person_id=person.id or 0,
                                      currency=person.currency, locale=chosen.locale)
        return payments.record(store, payment)


def correct_payment(store: Store, payment_id: int, on: date, note: str) -> Payment:
    """Take payment `payment_id` back with a reversing entry; the original stays."""
    store.require(Capability.WRITE_MONEY)
    with store.write():
        original = payments.payment(store, payment_id)
        payments.ensure_not_reversed(store, payment_id)
        entry = reversal(original, on, note)
        new_id = payments.record(store, entry)
    return payments.payment(store, new_id)
