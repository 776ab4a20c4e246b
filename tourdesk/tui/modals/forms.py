"""The record forms: a venue (its time zone found from the coordinates when left
empty), a venue's contact, a person in the crew list."""

from __future__ import annotations

from collections.abc import Mapping

from tourdesk.domain.day_plan import DayPlan, plan_from_fields, plan_to_fields
from tourdesk.domain.kinds import ContractState, GigStatus
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

    def __init__(self, venue: Venue | None = None, start: dict[str, str] | None = None) -> None:
        super().__init__(f"Edit {venue.name}" if venue else "New venue",
                         start or self.text_for(venue))
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
        super().__init__(title, self.text_for(contact))
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

    def __init__(self, person: Person | None = None, start: dict[str, str] | None = None
                 ) -> None:
        super().__init__(f"Edit {person.name}" if person else "New person",
                         start or self.text_for(person))
        self._person = person

    @classmethod
    def text_for(cls, record: object | None) -> dict[str, str]:
        return person_to_fields(record) if isinstance(record, Person) else {"currency": "EUR"}

    def build(self, values: Mapping[str, str]) -> Person:
        return person_from_fields(values, person_id=self._person.id if self._person else None)


class GigDayForm(RecordForm[DayPlan]):
    FIELDS = [
        ("status", "Status", " / ".join(s.value for s in GigStatus)),
        ("contract", "Contract", " / ".join(c.value for c in ContractState)),
        ("load_in", "Load-in", "HH:MM on the venue's clock"),
        ("soundcheck", "Soundcheck", "HH:MM"),
        ("doors", "Doors", "HH:MM"),
        ("support", "Support", "HH:MM"),
        ("set", "Set", "HH:MM (00:30 is after midnight, same show)"),
        ("curfew", "Curfew", "HH:MM"),
        ("load_out", "Load-out", "HH:MM; empty removes it"),
        ("hotel", "Hotel", "name, address, phone, booking"),
        ("notes", "Notes", ""),
    ]

    def __init__(self, plan: DayPlan | None, start: dict[str, str] | None = None) -> None:
        assert plan is not None  # days come from the tour's plan, not from this form
        zone = f" ({plan.zone})" if plan.zone else ""
        super().__init__(f"{plan.gig.date:%a %d %b} · times on the venue's clock{zone}",
                         start or self.text_for(plan))
        self._plan = plan

    @classmethod
    def text_for(cls, record: object | None) -> dict[str, str]:
        return plan_to_fields(record) if isinstance(record, DayPlan) else {}

    def build(self, values: Mapping[str, str]) -> DayPlan:
        return plan_from_fields(self._plan, values)
