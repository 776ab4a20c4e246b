"""The payouts ledger's entries. Only ever inserted: the schema refuses an update or a
delete, and a correction is a reversing entry (see tourdesk.domain.payouts)."""

from __future__ import annotations

from datetime import date

from tourdesk.domain.money import Money
from tourdesk.domain.payouts import Method, Payment
from tourdesk.store import tracked
from tourdesk.store.connection import Store
from tourdesk.store.errors import ConflictError, NotFoundError


def record(store: Store, payment: Payment) -> int:
    return tracked.insert(store, "payments", {
        "tour_id": payment.tour_id, "person_id": payment.person_id,
        "paid_on": payment.on.isoformat(), "amount_minor": payment.amount.minor,
        "currency": payment.amount.currency, "method": payment.method.value,
        "note": payment.note, "reverses": payment.reverses})


_SQL = """SELECT y.*, p.name AS person FROM payments y JOIN people p ON p.id = y.person_id"""


def payments(store: Store, tour_id: int, person_id: int | None = None) -> list[Payment]:
    where, args = " WHERE y.tour_id = ?", [tour_id]
    if person_id is not None:
        where, args = where + " AND y.person_id = ?", [tour_id, person_id]
    with store.read() as db:
        return [_payment(r) for r in db.query(_SQL + where + " ORDER BY y.paid_on, y.id", args)]


def payment(store: Store, payment_id: int) -> Payment:
    with store.read() as db:
        rows = list(db.query(_SQL + " WHERE y.id = ?", [payment_id]))
    if not rows:
        raise NotFoundError(f"there is no payment #{payment_id}")
    return _payment(rows[0])


def reversed_by(store: Store, payment_id: int) -> int | None:
    with store.read() as db:
        row = db.execute("SELECT id FROM payments WHERE reverses = ?", [payment_id]).fetchone()
    return row[0] if row else None


def ensure_not_reversed(store: Store, payment_id: int) -> None:
    other = reversed_by(store, payment_id)
    if other is not None:
        raise ConflictError(f"payment #{payment_id} was already corrected by #{other}")


def _payment(r: dict) -> Payment:
    return Payment(tour_id=r["tour_id"], person_id=r["person_id"],
                   on=date.fromisoformat(r["paid_on"]), amount=Money(r["amount_minor"],
                                                                     r["currency"]),
                   method=Method(r["method"]), note=r["note"], reverses=r["reverses"],
                   person=r["person"], id=r["id"], recorded_by=r["updated_by"])
