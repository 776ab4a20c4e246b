"""Venue contacts and venue files: the rules for a contact, the all-or-nothing contacts
import, the venues CSV round trip, and contacts reaching the day sheet and calendars."""

from __future__ import annotations

import pytest
from icalendar import Calendar

from tourdesk.domain.errors import ValidationErrors
from tourdesk.domain.models import Venue, VenueContact, contact_from_fields
from tourdesk.services import daysheet
from tourdesk.services.calendar import export_tour
from tourdesk.services.csv_rows import ImportRejected
from tourdesk.services.imports import import_venues
from tourdesk.services.venue_files import export_contacts, export_venues, import_contacts
from tourdesk.store import gigs, open_store, tours, venues

TOUR = "Northern Lights Tour 2026"


def test_a_contact_needs_a_name_and_a_real_phone_and_email():
    with pytest.raises(ValidationErrors) as caught:
        contact_from_fields({"name": " ", "phone": "call me", "email": "anna@"}, venue_id=1)
    assert set(caught.value.by_field()) == {"name", "phone", "email"}
    ok = contact_from_fields({"name": "Anna Berg", "role": "Production",
                              "phone": "+49 (30) 555-0101"}, venue_id=1)
    assert ok.summary == "Anna Berg (Production) +49 (30) 555-0101"


def test_production_comes_before_the_others():
    people = [VenueContact(1, "Zoe", "catering"), VenueContact(1, "Al", "promoter"),
              VenueContact(1, "Mo", "production"), VenueContact(1, "Bo", "")]
    assert [c.name for c in sorted(people, key=lambda c: c.order)] == ["Mo", "Al", "Zoe", "Bo"]


def _venue(store, name="Het Depot", city="Leuven"):
    return venues.add(store, Venue(name=name, city=city, country="BE",
                                   timezone="Europe/Brussels"))


def test_contacts_import_is_all_or_nothing_and_names_the_line(store):
    depot = _venue(store)
    bad = ("venue,city,name,role,phone\n"
           "Het Depot,Leuven,Anna Berg,production,+32 16 555 01\n"
           "Nowhere,Leuven,Bob,promoter,\n"
           "Het Depot,Leuven,Cleo,security,not a number\n"
           "Het Depot,Leuven,anna berg,runner,\n")
    with pytest.raises(ImportRejected) as caught:
        import_contacts(store, bad, name="contacts.csv")
    text = str(caught.value)
    assert "line 3, column 'venue'" in text and "no venue 'Nowhere'" in text
    assert "line 4, column 'phone'" in text
    assert "line 5, column 'name'" in text and "also on line 2" in text
    assert venues.contacts(store, depot) == []
    good = "venue,city,name,role,phone\nHet Depot,Leuven,Anna Berg,production,+32 16 555 01\n"
    assert import_contacts(store, good) == (1, 0)
    assert import_contacts(store, good) == (0, 1)  # already known: kept, not doubled
    assert [c.name for c in venues.contacts(store, depot)] == ["Anna Berg"]
    with pytest.raises(ImportRejected, match="unknown column"):
        import_contacts(store, "venue,city,name,mobile\nHet Depot,Leuven,X,1\n")


def test_venues_and_contacts_round_trip_through_csv(demo_store, tmp_path):
    venue_csv, contact_csv = export_venues(demo_store), export_contacts(demo_store)
    fresh = open_store(tmp_path / "fresh.db", "tester")
    try:
        import_venues(fresh, venue_csv)
        import_contacts(fresh, contact_csv)
        assert export_venues(fresh) == venue_csv
        assert export_contacts(fresh) == contact_csv
    finally:
        fresh.close()
    assert "'+44 141 555 0142" in contact_csv  # a phone is no spreadsheet formula


def test_a_deleted_venue_takes_its_contacts_along(store):
    depot = _venue(store)
    venues.save_contact(store, VenueContact(depot, "Anna Berg", "production"))
    venues.delete(store, depot)
    assert venues.all_contacts(store) == {}


def _show_at(store, venue_name):
    tour = tours.named(store, TOUR)
    return next(r.id for r in gigs.rows_for_tour(store, tour.id)
                if (d := gigs.detail(store, r.id)).venue and d.venue.name == venue_name)


def test_contacts_are_on_the_day_sheet_and_in_the_calendar(demo_store):
    gig_id = _show_at(demo_store, "Live Music Hall")
    detail = gigs.detail(demo_store, gig_id)
    text = daysheet.render_text(detail)
    assert "Production  Jonas Weber +49 221 555 0130 · produktion@lmh.example" in text
    # production first, whatever the order they were entered in
    assert text.index("Production") < text.index("Catering")

    def event():
        cal = Calendar.from_ical(export_tour(demo_store, detail.tour.id))
        return next(e for e in cal.walk("VEVENT") if str(e["UID"]).startswith(f"gig-{gig_id}-"))

    before = event()
    assert "Contact: Jonas Weber (production) +49 221 555 0130" in str(before["DESCRIPTION"])
    jonas = next(c for c in detail.contacts if c.name == "Jonas Weber")
    venues.save_contact(demo_store, VenueContact(jonas.venue_id, jonas.name, jonas.role,
                                                 "+49 221 555 0199", id=jonas.id))
    after = event()
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    assert "+49 221 555 0199" in str(after["DESCRIPTION"])
