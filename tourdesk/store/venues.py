"""Queries for venues."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from tourdesk.domain.models import Venue, VenueContact
from tourdesk.store import tracked
from tourdesk.store.connection import Store
from tourdesk.store.errors import ConflictError, NotFoundError

_COLUMNS = tuple(f.name for f in fields(Venue) if f.name != "id")
_CONTACT_COLUMNS = tuple(f.name for f in fields(VenueContact) if f.name != "id")


@dataclass(frozen=True, slots=True)
class VenueListing:
    venue: Venue
    gig_days: int
    version: int = 1
    contacts: tuple[VenueContact, ...] = ()


def add(store: Store, venue: Venue, *, coord_source: str = "") -> int:
    values = {k: v for k, v in asdict(venue).items() if k != "id"}
    if venue.latitude is not None and not coord_source:
        coord_source = "manual"
    return tracked.insert(store, "venues", {**values, "coord_source": coord_source})


IMPORT_COLUMNS = (*_COLUMNS, "coord_source")


def import_row(venue: Venue, coord_source: str) -> tuple[object, ...]:
    """A venue as `add_many` writes it (prepared before the write lock is taken)."""
    return (*(getattr(venue, c) for c in _COLUMNS), coord_source)


def add_many(store: Store, rows: list[tuple[object, ...]]) -> range:
    """Several venues (`import_row`s) in one go, each recorded in `changes`."""
    return tracked.insert_many(store, "venues", IMPORT_COLUMNS, rows)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def reuse_key(name: str, city: str) -> tuple[str, str]:
    """What `find` matches on (SQLite's NOCASE folds ASCII letters only)."""
    return name.strip().translate(_ASCII_LOWER), city.strip().translate(_ASCII_LOWER)


def reuse_keys(store: Store) -> set[tuple[str, str]]:
    """Every venue's `reuse_key`, in one query."""
    with store.read() as db:
        return {reuse_key(n, c) for n, c in db.execute("SELECT name, city FROM venues")}


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
        people = all_contacts(store)
        return [VenueListing(_venue(r), r["gig_days"], r["version"],
                             tuple(people.get(r["id"], ()))) for r in db.query(sql)]


def update(store: Store, venue: Venue, *, expected_version: int | None = None,
           coord_source: str | None = None) -> None:
    """Save an edited venue; with `expected_version`, refuse when someone else saved it
    since the form opened. Moved coordinates are "manual" unless `coord_source` says."""
    if venue.id is None:
        raise NotFoundError("that venue was never saved")
    values = {k: v for k, v in asdict(venue).items() if k != "id"}
    with store.write():
        before = get(store, venue.id)
        moved = (before.latitude, before.longitude) != (venue.latitude, venue.longitude)
        if coord_source is not None:
            values["coord_source"] = coord_source
        elif moved:
            values["coord_source"] = "manual" if venue.latitude is not None else ""
        tracked.update(store, "venues", venue.id, values, expected_version=expected_version)


def version(store: Store, venue_id: int) -> int:
    with store.read() as db:
        row = db.execute("SELECT version FROM venues WHERE id = ?", [venue_id]).fetchone()
    if row is None:
        raise NotFoundError(f"venue {venue_id} does not exist (deleted by someone else?)")
    return int(row[0])


def delete(store: Store, venue_id: int) -> None:
    """Delete a venue no gig day uses; names the days that still do."""
    with store.write() as db:
        used = db.execute(
            "SELECT t.name, g.date FROM gig_days g JOIN tours t ON t.id = g.tour_id "
            "WHERE g.venue_id = ? ORDER BY g.date", [venue_id]).fetchall()
        if used:
            days = ", ".join(f"{d}" for _, d in used[:3]) + (" …" if len(used) > 3 else "")
            raise ConflictError(f"{len(used)} gig day{'s' if len(used) > 1 else ''} of "
                                f"{used[0][0]} use this venue ({days}): move them first")
        tracked.delete(store, "venues", venue_id)


NEAR_M = 200.0


def likely_duplicates(store: Store, venue: Venue) -> list[Venue]:
    """Other venues that are probably this one: the same name and city, or within
    200 m of it."""
    from tourdesk.domain.travel import geodesic_km

    with store.read() as db:  # the venues alone: their contacts and gig counts say nothing here
        others = [_venue(r) for r in db.query("SELECT * FROM venues")]
    found = []
    for other in others:
        if other.id == venue.id:
            continue
        same_name = (other.name.casefold(), other.city.casefold()) == (
            venue.name.casefold(), venue.city.casefold())
        near = (venue.latitude is not None and other.latitude is not None
                and venue.longitude is not None and other.longitude is not None
                and geodesic_km((venue.latitude, venue.longitude),
                                (other.latitude, other.longitude)) * 1000 <= NEAR_M)
        if same_name or near:
            found.append(other)
    return found


def coord_source(store: Store, venue_id: int) -> str:
    with store.read() as db:
        row = db.execute("SELECT coord_source FROM venues WHERE id = ?", [venue_id]).fetchone()
    return row[0] if row else ""


def missing_coordinates(store: Store) -> list[Venue]:
    with store.read() as db:
        return [_venue(r) for r in db.query(
            "SELECT * FROM venues WHERE latitude IS NULL ORDER BY name COLLATE NOCASE")]


# -- the people to call at a venue --


def _contact(row: dict) -> VenueContact:
    return VenueContact(id=row["id"], **{k: row[k] for k in _CONTACT_COLUMNS})


def contacts(store: Store, venue_id: int) -> list[VenueContact]:
    with store.read() as db:
        rows = db.query("SELECT * FROM venue_contacts WHERE venue_id = ?", [venue_id])
        return sorted((_contact(r) for r in rows), key=lambda c: c.order)


def all_contacts(store: Store) -> dict[int, list[VenueContact]]:
    """Every venue's contacts at once (the venues list and the CSV export)."""
    found: dict[int, list[VenueContact]] = {}
    with store.read() as db:
        for r in db.query("SELECT * FROM venue_contacts"):
            found.setdefault(r["venue_id"], []).append(_contact(r))
    return {venue: sorted(people, key=lambda c: c.order) for venue, people in found.items()}


def save_contact(store: Store, contact: VenueContact) -> int:
    """Add a contact, or save an edited one; returns its id."""
    values = {k: getattr(contact, k) for k in _CONTACT_COLUMNS}
    if contact.id is None:
        return tracked.insert(store, "venue_contacts", values)
    tracked.update(store, "venue_contacts", contact.id, values)
    return contact.id


def delete_contact(store: Store, contact_id: int) -> None:
    tracked.delete(store, "venue_contacts", contact_id)
