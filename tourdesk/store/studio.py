"""Queries for studio sessions (schema v15). The rate column reads as NULL for roles
without READ_MONEY (the connection's authorizer); a write by such a role never touches
it."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from tourdesk.domain.access import Capability
from tourdesk.domain.money import Money
from tourdesk.domain.studio import RatePer, StudioSession
from tourdesk.store import tracked
from tourdesk.store.connection import Store
from tourdesk.store.errors import NotFoundError

MONEY_COLUMNS = ("rate_minor", "currency")


def _values(store: Store, s: StudioSession) -> dict[str, Any]:
    values: dict[str, Any] = {
        "gig_day_id": s.gig_day_id, "studio": s.studio, "room": s.room,
        "engineer_id": s.engineer_id, "engineer": s.engineer,
        "start_time": f"{s.start:%H:%M}" if s.start else None,
        "end_time": f"{s.end:%H:%M}" if s.end else None,
        "rate_minor": s.rate.minor if s.rate else None,
        "currency": s.rate.currency if s.rate else None,
        "rate_per": s.rate_per.value, "notes": s.notes,
    }  # fmt: skip
    if not store.can(Capability.READ_MONEY):
        values = {k: v for k, v in values.items() if k not in MONEY_COLUMNS}
    return values


def add(store: Store, s: StudioSession) -> int:
    store.require(Capability.WRITE_SCHEDULE)
    return tracked.insert(store, "studio_sessions", _values(store, s))


def update(store: Store, s: StudioSession, *, expected_version: int | None = None) -> None:
    store.require(Capability.WRITE_SCHEDULE)
    assert s.id is not None
    tracked.update(store, "studio_sessions", s.id, _values(store, s),
                   expected_version=expected_version)


def delete(store: Store, session_id: int) -> None:
    store.require(Capability.WRITE_SCHEDULE)
    tracked.delete(store, "studio_sessions", session_id)


def _session(r: dict) -> StudioSession:
    def clock(text: str | None) -> time | None:
        return time.fromisoformat(text) if text else None

    rate = Money(r["rate_minor"], r["currency"]) if r["rate_minor"] is not None \
        and r["currency"] else None
    return StudioSession(
        gig_day_id=r["gig_day_id"], studio=r["studio"], room=r["room"],
        engineer_id=r["engineer_id"], engineer=r["engineer"], start=clock(r["start_time"]),
        end=clock(r["end_time"]), rate=rate, rate_per=RatePer(r["rate_per"]), notes=r["notes"],
        id=r["id"], version=r["version"])


def get(store: Store, session_id: int) -> StudioSession:
    with store.read() as db:
        rows = list(db.query("SELECT * FROM studio_sessions WHERE id = ?", [session_id]))
    if not rows:
        raise NotFoundError(f"studio session {session_id} does not exist (removed by someone "
                            "else?)")
    return _session(rows[0])


def for_day(store: Store, gig_id: int) -> list[StudioSession]:
    with store.read() as db:
        rows = db.query("SELECT * FROM studio_sessions WHERE gig_day_id = ? "
                        "ORDER BY start_time IS NULL, start_time, id", [gig_id])
        return [_session(r) for r in rows]


def for_tour(store: Store, tour_id: int) -> list[tuple[date, str, StudioSession]]:
    """Every session of the tour with its day's date and zone, by date."""
    with store.read() as db:
        rows = db.query("""
            SELECT s.*, g.date AS day, coalesce(v.timezone, g.timezone) AS zone
            FROM studio_sessions s JOIN gig_days g ON g.id = s.gig_day_id
            LEFT JOIN venues v ON v.id = g.venue_id
            WHERE g.tour_id = ? ORDER BY g.date, s.start_time IS NULL, s.start_time, s.id""",
                        [tour_id])
        return [(date.fromisoformat(r["day"]), r["zone"], _session(r)) for r in rows]


def engineer_names(store: Store, sessions: list[StudioSession]) -> dict[int, str]:
    ids = sorted({s.engineer_id for s in sessions if s.engineer_id is not None})
    if not ids:
        return {}
    with store.read() as db:
        marks = ",".join("?" * len(ids))
        return dict(db.execute(f"SELECT id, name FROM people WHERE id IN ({marks})",
                               ids).fetchall())
