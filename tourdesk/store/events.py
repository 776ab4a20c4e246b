"""Queries for a gig day's further events (schema v22): the day itself is the main
event and has no row here."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tourdesk.domain.access import Capability
from tourdesk.domain.events import Event, EventKind
from tourdesk.domain.kinds import GigStatus
from tourdesk.store import tracked
from tourdesk.store.connection import Store
from tourdesk.store.errors import NotFoundError

_SQL = """
    SELECT e.*, coalesce(v.timezone, nullif(e.timezone, '')) AS zone,
           CASE WHEN v.id IS NULL THEN e.city ELSE v.name || ', ' || v.city END AS place
    FROM events e LEFT JOIN venues v ON v.id = e.venue_id
"""


def _values(e: Event) -> dict[str, Any]:
    return {"gig_day_id": e.gig_day_id, "label": e.label, "kind": e.kind.value,
            "status": e.status.value, "venue_id": e.venue_id, "city": e.city,
            "country": e.country, "timezone": e.timezone, "notes": e.notes}


def add(store: Store, e: Event) -> int:
    store.require(Capability.WRITE_SCHEDULE)
    return tracked.insert(store, "events", _values(e))


def update(store: Store, e: Event, *, expected_version: int | None = None) -> None:
    store.require(Capability.WRITE_SCHEDULE)
    assert e.id is not None
    tracked.update(store, "events", e.id, _values(e), expected_version=expected_version)


def delete(store: Store, event_id: int) -> None:
    store.require(Capability.WRITE_SCHEDULE)
    tracked.delete(store, "events", event_id)


def _event(r: dict, day_zone: str = "") -> Event:
    return Event(gig_day_id=r["gig_day_id"], label=r["label"], kind=EventKind(r["kind"]),
                 status=GigStatus(r["status"]), venue_id=r["venue_id"], city=r["city"],
                 country=r["country"], timezone=r["zone"] or day_zone, notes=r["notes"],
                 place=r["place"] or "", id=r["id"], version=r["version"])


def get(store: Store, event_id: int) -> Event:
    with store.read() as db:
        rows = list(db.query(_SQL + " WHERE e.id = ?", [event_id]))
    if not rows:
        raise NotFoundError(f"event {event_id} does not exist (removed by someone else?)")
    return _event(rows[0])


def for_day(store: Store, gig_id: int, day_zone: str = "") -> list[Event]:
    """The day's further events in the order they were added; an event with no clock
    of its own is on the day's (`day_zone`)."""
    with store.read() as db:
        rows = db.query(_SQL + " WHERE e.gig_day_id = ? ORDER BY e.id", [gig_id])
        return [_event(r, day_zone) for r in rows]


def for_days(store: Store, gig_ids: Iterable[int]) -> dict[int, list[Event]]:
    ids = sorted(set(gig_ids))
    found: dict[int, list[Event]] = {}
    with store.read() as db:
        for chunk in range(0, len(ids), 500):
            some = ids[chunk:chunk + 500]
            for r in db.query(_SQL + f" WHERE e.gig_day_id IN ({','.join('?' * len(some))}) "
                              "ORDER BY e.id", some):
                found.setdefault(r["gig_day_id"], []).append(_event(r))
    return found


def counts(store: Store, event_id: int) -> dict[str, int]:
    """How many items, calls and settlements hang on the event."""
    with store.read() as db:
        return {t: db.execute(f"SELECT count(*) FROM {t} WHERE event_id = ?",
                              [event_id]).fetchone()[0]
                for t in ("schedule_items", "assignments", "settlements")}
