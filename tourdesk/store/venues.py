"""Queries for venues."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from tourdesk.domain.models import Venue
from tourdesk.store import tracked
from tourdesk.store.connection import Store
from tourdesk.store.errors import NotFoundError

_COLUMNS = tuple(f.name for f in fields(Venue) if f.name != "id")


@dataclass(frozen=True, slots=True)
class VenueListing:
    venue: Venue
    gig_days: int


def add(store: Store, venue: Venue, *, coord_source: str = "") -> int:
    values = {k: v for k, v in asdict(venue).items() if k != "id"}
    if venue.latitude is not None and not coord_source:
        coord_source = "manual"
    return tracked.insert(store, "venues", {**values, "coord_source": coord_source})


def _venue(row: dict) -> Venue:
    return Venue(id=row["id"], **{k: row[k] for k in _COLUMNS})


def get(store: Store, venue_id: int) -> Venue:
    with store.read() as db:
        rows = list(db.query("SELECT * FROM venues WHERE id = ?", [venue_id]))
    if not rows:
        raise NotFoundError(f"venue {venue_id} does not exist")
    return _venue(rows[0])


def find(store: Store, name: str, city: str) -> Venue | None:
    """The venue with this name in this city (case-insensitive), the import's reuse key."""
    sql = """SELECT * FROM venues WHERE name = ? COLLATE NOCASE AND city = ? COLLATE NOCASE
             ORDER BY id LIMIT 1"""
    with store.read() as db:
        rows = list(db.query(sql, [name.strip(), city.strip()]))
    return _venue(rows[0]) if rows else None


def listing(store: Store) -> list[VenueListing]:
    sql = """
        SELECT v.*, (SELECT count(*) FROM gig_days g WHERE g.venue_id = v.id) AS gig_days
        FROM venues v ORDER BY v.name COLLATE NOCASE, v.city COLLATE NOCASE
    """
    with store.read() as db:
        return [VenueListing(_venue(r), r["gig_days"]) for r in db.query(sql)]
