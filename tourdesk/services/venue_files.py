"""Venues and their contacts as CSV: the export in the import's own columns (so a file
round-trips), and the all-or-nothing import of contacts. Venues themselves import
through `services.imports.import_venues`, which the gig import shares."""

from __future__ import annotations

from pathlib import Path

from tourdesk.domain.access import Capability
from tourdesk.domain.errors import ValidationError, ValidationErrors
from tourdesk.domain.models import VenueContact, contact_from_fields
from tourdesk.services.csv_rows import (
    ImportRejected,
    RowError,
    field_errors,
    read_rows,
    source_label,
    write_csv,
)
from tourdesk.services.imports import VENUE_COLUMNS
from tourdesk.store import venues
from tourdesk.store.connection import Store

CONTACT_COLUMNS = ("venue", "city", "name", "role", "phone", "email", "notes")
CONTACT_REQUIRED = ("venue", "city", "name")


def _cell(value: object) -> object:
    return "" if value is None else value


def export_venues(store: Store) -> str:
    return write_csv(VENUE_COLUMNS, (
        [_cell(getattr(v.venue, column)) for column in VENUE_COLUMNS]
        for v in venues.listing(store)))


def export_contacts(store: Store) -> str:
    return write_csv(CONTACT_COLUMNS, (
        [v.venue.name, v.venue.city, c.name, c.role, c.phone, c.email, c.notes]
        for v in venues.listing(store) for c in v.contacts))


def import_contacts(store: Store, source: Path | str, *, name: str = "") -> tuple[int, int]:
    """Contacts of known venues (matched on venue name and city). A contact the venue
    already has (same name) is kept as it is. Returns (added, already known)."""
    store.require(Capability.WRITE_SCHEDULE)
    rows = read_rows(source, columns=CONTACT_COLUMNS, required=CONTACT_REQUIRED, name=name)
    label = source_label(source, name)
    added = known = 0
    with store.write():
        parsed: list[VenueContact] = []
        errors: list[RowError] = []
        seen: dict[tuple[int, str], int] = {}
        for row in rows:
            venue = venues.find(store, row.get("venue"), row.get("city"))
            if venue is None or venue.id is None:
                errors.append(RowError(row.line, "venue", f"no venue '{row.get('venue')}' in "
                                       f"'{row.get('city')}': import or add it first"))
                continue
            try:
                contact = contact_from_fields(row.cells, venue_id=venue.id)
            except (ValidationError, ValidationErrors) as exc:
                errors.extend(field_errors(row.line, exc))
                continue
            key = (venue.id, contact.name.casefold())
            if key in seen:
                errors.append(RowError(row.line, "name", f"{contact.name} at {venue.name} is "
                                                         f"also on line {seen[key]}"))
                continue
            seen[key] = row.line
            parsed.append(contact)
        if errors:
            raise ImportRejected(label, errors)
        have = {(c.venue_id, c.name.casefold()) for cs in venues.all_contacts(store).values()
                for c in cs}
        for contact in parsed:
            if (contact.venue_id, contact.name.casefold()) in have:
                known += 1
            else:
                venues.save_contact(store, contact)
                added += 1
    return added, known
