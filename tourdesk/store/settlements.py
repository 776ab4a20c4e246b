"""A show's settlement terms: the deal, the ticket levels, taxes, fees and costs."""

from __future__ import annotations

from decimal import Decimal

from tourdesk.domain.money import Money
from tourdesk.domain.settlement import Deal, Deduction, DeductionKind, Terms, TicketLevel
from tourdesk.store import tracked
from tourdesk.store.connection import Store


def save(store: Store, gig_id: int, terms: Terms, event_id: int | None = None) -> int:
    """The settlement of the day's event (None: the day's own) as `terms`, replacing
    what it had, in one transaction."""
    def minor(money: Money | None) -> int | None:
        return money.minor if money is not None else None

    values = {"deal": terms.deal.value, "currency": terms.currency,
              "guarantee_minor": minor(terms.guarantee),
              "percent": str(terms.percent) if terms.percent is not None else None,
              "bonus_minor": minor(terms.bonus), "bonus_threshold": terms.threshold,
              "notes": terms.notes}
    with store.write() as db:
        row = db.execute("SELECT id FROM settlements WHERE gig_day_id = ? AND event_id IS ?",
                         [gig_id, event_id]).fetchone()
        if row:
            settlement_id = row[0]
            tracked.update(store, "settlements", settlement_id, values)
            for table in ("settlement_tickets", "settlement_deductions"):
                for (child,) in db.execute(f"SELECT id FROM {table} WHERE settlement_id = ?",
                                           [settlement_id]).fetchall():
                    tracked.delete(store, table, child)
        else:
            settlement_id = tracked.insert(store, "settlements",
                                           values | {"gig_day_id": gig_id, "event_id": event_id})
        for i, level in enumerate(terms.levels):
            tracked.insert(store, "settlement_tickets", {
                "settlement_id": settlement_id, "position": i, "name": level.name,
                "price_minor": level.price.minor, "sold": level.sold, "comps": level.comps})
        for i, d in enumerate(terms.deductions):
            tracked.insert(store, "settlement_deductions", {
                "settlement_id": settlement_id, "position": i, "kind": d.kind.value,
                "label": d.label, "percent": str(d.percent) if d.percent is not None else None,
                "amount_minor": minor(d.amount)})
    return settlement_id


def terms_of(store: Store, gig_id: int, event_id: int | None = None) -> Terms | None:
    with store.read() as db:
        rows = list(db.query("SELECT * FROM settlements WHERE gig_day_id = ? AND event_id IS ?",
                             [gig_id, event_id]))
        if not rows:
            return None
        s = rows[0]
        cur = s["currency"]
        levels = tuple(TicketLevel(r["name"], Money(r["price_minor"], cur), r["sold"], r["comps"])
                       for r in db.query("SELECT * FROM settlement_tickets WHERE settlement_id "
                                         "= ? ORDER BY position", [s["id"]]))
        deductions = tuple(
            Deduction(DeductionKind(r["kind"]), r["label"],
                      Decimal(r["percent"]) if r["percent"] is not None else None,
                      Money(r["amount_minor"], cur) if r["amount_minor"] is not None else None)
            for r in db.query("SELECT * FROM settlement_deductions WHERE settlement_id = ? "
                              "ORDER BY position", [s["id"]]))

    def money(minor: int | None) -> Money | None:
        return Money(minor, cur) if minor is not None else None

    return Terms(Deal(s["deal"]), cur, money(s["guarantee_minor"]),
                 Decimal(s["percent"]) if s["percent"] is not None else None,
                 money(s["bonus_minor"]), s["bonus_threshold"], levels, deductions, s["notes"])


def settled_days(store: Store, tour_id: int) -> list[int]:
    with store.read() as db:
        return [r[0] for r in db.execute(
            "SELECT DISTINCT s.gig_day_id FROM settlements s JOIN gig_days g "
            "ON g.id = s.gig_day_id WHERE g.tour_id = ? ORDER BY g.date", [tour_id])]


def settled(store: Store, tour_id: int) -> set[tuple[int, int | None]]:
    """(gig day, event) of every settlement of the tour; None: the day's own show."""
    with store.read() as db:
        return {(r[0], r[1]) for r in db.execute(
            "SELECT s.gig_day_id, s.event_id FROM settlements s JOIN gig_days g "
            "ON g.id = s.gig_day_id WHERE g.tour_id = ?", [tour_id])}
