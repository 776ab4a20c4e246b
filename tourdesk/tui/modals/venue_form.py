"""Add or edit a venue: every field on one scrolling form, each error under its field.

The form checks what it can without the database (the same rules as the CSV import:
`venue_from_fields`) and finds the time zone from the coordinates when it is left empty;
it dismisses with the checked Venue, or None when cancelled. Enter in any field saves.
"""

from __future__ import annotations

from tourdesk.domain.models import Venue, venue_from_fields
from tourdesk.services.imports import with_zone
from tourdesk.tui.modals.fields_form import FieldsForm

FIELDS = [  # (field, label, placeholder)
    ("name", "Name *", "Paradiso"),
    ("city", "City *", "Amsterdam"),
    ("country", "Country *", "NL (ISO code)"),
    ("address", "Address", "Weteringschans 6-8, 1017 SG"),
    ("latitude", "Latitude", "52.3622"),
    ("longitude", "Longitude", "4.8838"),
    ("timezone", "Time zone", "empty: found from the coordinates"),
    ("capacity", "Capacity", "1500"),
    ("phone", "Phone", "+31 20 555 0100"),
    ("email", "Email", "production@venue.example"),
    ("website", "Web", "https://"),
    ("load_in", "Load-in", "dock, lift, stairs…"),
    ("stage", "Stage", "12 x 8 m"),
    ("power", "Power", "125A CEE stage left"),
    ("parking", "Parking", "bus and truck"),
    ("wifi", "Wi-Fi", "SSID / password"),
    ("hospitality", "Hospitality", "dressing rooms, catering"),
    ("notes", "Notes", ""),
]


class VenueForm(FieldsForm[Venue]):
    def __init__(self, venue: Venue | None = None) -> None:
        venue_id = venue.id if venue else None

        def check(values: dict[str, str]) -> Venue:
            return venue_from_fields(with_zone(values, "latitude", "longitude"),
                                     venue_id=venue_id)

        values = {field: getattr(venue, field, None) for field, _, _ in FIELDS} if venue else {}
        super().__init__(f"Edit {venue.name}" if venue else "New venue", FIELDS, values, check,
                         form_id="venue-form", scroll_id="venue-fields")
