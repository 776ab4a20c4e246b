"""The record forms: a venue (its time zone found from the coordinates when left
empty), a venue's contact, a person in the crew list."""

from __future__ import annotations

from collections.abc import Mapping

from tourdesk.domain.models import (
    CONTACT_ROLES,
    Venue,
    VenueContact,
    contact_from_fields,
    venue_from_fields,
)
from tourdesk.domain.staffing import Person, person_from_fields, person_to_fields
from tourdesk.services.imports import with_zone
from tourdesk.tui.modals.record_form import RecordForm


class VenueForm(RecordForm[Venue]):
    FIELDS = [
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

    def __init__(self, venue: Venue | None = None) -> None:
        super().__init__(f"Edit {venue.name}" if venue else "New venue", self.text_of(venue))
        self._venue = venue

    def build(self, values: Mapping[str, str]) -> Venue:
        return venue_from_fields(with_zone(values, "latitude", "longitude"),
                                 venue_id=self._venue.id if self._venue else None)


class ContactForm(RecordForm[VenueContact]):
    FIELDS = [
        ("name", "Name *", "Anna Berg"),
        ("role", "Role", ", ".join(CONTACT_ROLES[:3]) + "…"),
        ("phone", "Phone", "+49 30 555 0101"),
        ("email", "Email", "anna@venue.example"),
        ("notes", "Notes", "on site from 10:00"),
    ]

    def __init__(self, venue: Venue, contact: VenueContact | None = None) -> None:
        title = f"{'Edit' if contact else 'New'} contact at {venue.name}"
        super().__init__(title, self.text_of(contact))
        self._venue_id, self._contact = venue.id or 0, contact

    def build(self, values: Mapping[str, str]) -> VenueContact:
        return contact_from_fields(values, venue_id=self._venue_id,
                                   contact_id=self._contact.id if self._contact else None)


class PersonForm(RecordForm[Person]):
    FIELDS = [
        ("name", "Name *", "Jack Moran"),
        ("roles", "Roles", "backline tech; driver"),
        ("group", "Group", "band, crew (default), management or local"),
        ("login", "Login", "jmoran (their SSH user name)"),
        ("phone", "Phone", "+44 7700 900123"),
        ("email", "Email", "jack@crew.example"),
        ("emergency_contact", "Emergency", "name and phone"),
        ("dietary", "Diet", "vegetarian, allergies…"),
        ("day_rate", "Day rate", "350.00"),
        ("per_diem", "Per diem", "35.00"),
        ("currency", "Currency", "EUR (ISO code)"),
        ("notes", "Notes", ""),
        ("active", "Active", "yes or no"),
    ]

    def __init__(self, person: Person | None = None) -> None:
        super().__init__(f"Edit {person.name}" if person else "New person",
                         person_to_fields(person) if person else {"currency": "EUR"})
        self._person = person

    def build(self, values: Mapping[str, str]) -> Person:
        return person_from_fields(values, person_id=self._person.id if self._person else None)
