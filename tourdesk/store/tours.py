"""Queries for tours."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from tourdesk.domain.kinds import show_count
from tourdesk.domain.models import Tour
from tourdesk.store import tracked
from tourdesk.store.connection import Store
from tourdesk.store.errors import NotFoundError


@dataclass(frozen=True, slots=True)
class TourSummary:
    id: int
    name: str
    artist: str
    first: date | None
    last: date | None
    shows: int  # shows that go ahead (the overview's count)
    days: int
    cancelled: int = 0  # cancelled shows, counted apart

    @property
    def show_words(self) -> str:
        """`39 shows + 1 cancelled`."""
        return show_count(self.shows, self.cancelled)


def add(store: Store, tour: Tour) -> int:
    return tracked.insert(
        store,
        "tours",
        {
            "name": tour.name,
            "artist": tour.artist,
            "home_currency": tour.home_currency,
            "notes": tour.notes,
        },
    )


def _tour(row: dict) -> Tour:
    return Tour(
        id=row["id"],
        name=row["name"],
        artist=row["artist"],
        home_currency=row["home_currency"],
        notes=row["notes"],
    )


def by_name(store: Store, name: str) -> Tour | None:
    with store.read() as db:
        rows = list(db.query("SELECT * FROM tours WHERE name = ? COLLATE NOCASE", [name.strip()]))
    return _tour(rows[0]) if rows else None


def named(store: Store, name: str) -> Tour:
    """The tour called `name`, or a NotFoundError that lists the tours there are."""
    tour = by_name(store, name)
    if tour is None:
        known = ", ".join(t.name for t in summaries(store)) or "none yet"
        raise NotFoundError(f"no tour named '{name}' (tours: {known})")
    return tour


def get(store: Store, tour_id: int) -> Tour:
    with store.read() as db:
        rows = list(db.query("SELECT * FROM tours WHERE id = ?", [tour_id]))
    if not rows:
        raise NotFoundError(f"tour {tour_id} does not exist")
    return _tour(rows[0])


def summaries(store: Store, names: Iterable[str] | None = None) -> list[TourSummary]:
    """Every tour (or those `names`) with its dates and counts, in date order."""
    args = sorted(set(names)) if names is not None else []
    where = f"WHERE t.name IN ({','.join('?' * len(args))})" if names is not None else ""
    sql = f"""
        SELECT t.id, t.name, t.artist, min(g.date) AS first, max(g.date) AS last,
               count(g.id) AS days,
               sum(g.kind = 'show' AND g.status != 'cancelled') AS shows,
               sum(g.kind = 'show' AND g.status = 'cancelled') AS cancelled
        FROM tours t LEFT JOIN gig_days g ON g.tour_id = t.id {where}
        GROUP BY t.id ORDER BY coalesce(min(g.date), '9999'), t.name
    """
    with store.read() as db:
        rows = list(db.query(sql, args))
    return [
        TourSummary(
            id=r["id"],
            name=r["name"],
            artist=r["artist"],
            first=date.fromisoformat(r["first"]) if r["first"] else None,
            last=date.fromisoformat(r["last"]) if r["last"] else None,
            shows=r["shows"] or 0,
            days=r["days"],
            cancelled=r["cancelled"] or 0,
        )
        for r in rows
    ]
