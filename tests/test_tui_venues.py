"""Venues in the TUI: add, edit and delete through the form, errors under their fields,
a likely duplicate asked about, a venue in use kept."""

from __future__ import annotations

from tourdesk.store import venues
from tourdesk.tui.app import TourDeskApp
from tourdesk.tui.modals.forms import VenueForm
from tourdesk.tui.modals.prompt import Confirm
from tourdesk.tui.screens.venues import VenuesScreen

from conftest import TODAY
from tui_helpers import fill as fill_form
from tui_helpers import press, screen_text, settle


async def open_venues(pilot):
    await settle(pilot)
    await press(pilot, "2")
    assert isinstance(pilot.app.screen, VenuesScreen)


async def fill(pilot, **values):
    assert isinstance(pilot.app.screen, VenueForm)
    await fill_form(pilot, **values)


async def new_venue(pilot, **values):
    """`n`, the form filled in, Enter."""
    await press(pilot, "n")
    await fill(pilot, **values)
    await press(pilot, "enter")


async def test_a_new_venue_with_its_zone_found_from_the_coordinates(demo_store):
    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_venues(pilot)
        before = len(venues.listing(demo_store))
        await new_venue(pilot, name="Het Depot", city="Leuven", country="be",
                        latitude="50.8798", longitude="4.7005", capacity="850")
        assert isinstance(app.screen, VenuesScreen)
        made = venues.find(demo_store, "Het Depot", "Leuven")
        assert made is not None and made.timezone == "Europe/Brussels" and made.country == "BE"
        assert len(venues.listing(demo_store)) == before + 1
        assert "Het Depot" in screen_text(pilot)


async def test_bad_fields_are_named_under_the_field_and_nothing_is_saved(demo_store):
    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_venues(pilot)
        before = venues.listing(demo_store)
        await new_venue(pilot, name="Nowhere Hall", city="", country="XX", latitude="95",
                        longitude="4.7", capacity="lots")
        form = app.screen
        assert isinstance(form, VenueForm)  # still open, with the errors
        errors = {f: str(form.query_one(f"#e-{f}").render()) for f in
                  ("city", "country", "latitude", "capacity")}
        assert all(errors.values()), errors
        assert not form.query_one("#e-name").has_class("-shown")
        await press(pilot, "escape")
        assert venues.listing(demo_store) == before


async def test_a_likely_duplicate_is_asked_about(demo_store):
    paradiso = venues.find(demo_store, "Paradiso", "Amsterdam")
    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_venues(pilot)
        before = len(venues.listing(demo_store))
        near = {"name": "Paradiso Noord", "city": "Amsterdam", "country": "NL",
                "latitude": f"{paradiso.latitude + 0.0005:.4f}",  # about 55 m away
                "longitude": f"{paradiso.longitude:.4f}"}
        await new_venue(pilot, **near)
        assert isinstance(app.screen, Confirm)
        assert "looks like Paradiso, Amsterdam" in screen_text(pilot)
        await press(pilot, "n")
        assert len(venues.listing(demo_store)) == before
        await new_venue(pilot, **near)
        await press(pilot, "y")
        assert len(venues.listing(demo_store)) == before + 1


async def test_edit_saves_and_a_venue_in_use_is_not_deleted(demo_store):
    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_venues(pilot)
        table = app.screen.query_one("#venues")
        key = table.current_key()
        venue = venues.get(demo_store, int(key))
        await press(pilot, "enter")
        await fill(pilot, capacity="1234", wifi="SSID Crew / pw at the desk")
        await press(pilot, "enter")
        saved = venues.get(demo_store, venue.id)
        assert (saved.capacity, saved.wifi) == (1234, "SSID Crew / pw at the desk")
        await press(pilot, "x", "y")
        assert "use this venue" in screen_text(pilot)
        assert venues.get(demo_store, venue.id) == saved


def test_an_edit_saved_by_someone_else_first_is_refused(demo_store):
    import dataclasses

    import pytest

    from tourdesk.store.errors import ConflictError

    listing = venues.listing(demo_store)[0]
    venue, seen = listing.venue, listing.version
    venues.update(demo_store, dataclasses.replace(venue, capacity=999), expected_version=seen)
    with pytest.raises(ConflictError, match="after you opened it"):
        venues.update(demo_store, dataclasses.replace(venue, capacity=1), expected_version=seen)
    assert venues.get(demo_store, venue.id).capacity == 999
    unused = venues.add(demo_store, dataclasses.replace(venue, id=None, name="Spare Hall"))
    venues.delete(demo_store, unused)
    assert venues.find(demo_store, "Spare Hall", venue.city) is None


async def test_search_finds_a_venue_typed_without_accents_or_with_letters_missing(demo_store):
    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_venues(pilot)
        table = app.screen.query_one("#venues")
        await press(pilot, "slash", *"goteborg")
        assert venues.get(demo_store, int(table.current_key())).name == "Pustervik"
        await press(pilot, *["backspace"] * 8, *"paradso")
        assert venues.get(demo_store, int(table.current_key())).name == "Paradiso"
        assert "1 of 33 venues" in screen_text(pilot)
        await press(pilot, "escape")  # clears the search
        assert table.row_count == 33


async def test_contacts_are_added_edited_and_removed_by_keyboard(demo_store):
    from tourdesk.tui.modals.forms import ContactForm
    from tourdesk.tui.screens.venue_contacts import VenueContactsScreen

    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_venues(pilot)
        await press(pilot, "slash", *"vicar", "enter")
        vicar = venues.find(demo_store, "Vicar Street", "Dublin")
        await press(pilot, "k")
        assert isinstance(app.screen, VenueContactsScreen)
        assert "0 contacts" in screen_text(pilot)
        await press(pilot, "n")
        assert isinstance(app.screen, ContactForm)
        for field, value in {"name": "Aoife Byrne", "role": "production",
                             "phone": "+353 1 555 0110"}.items():
            app.screen.query_one(f"#f-{field}").value = value
        await press(pilot, "enter")
        assert [c.name for c in venues.contacts(demo_store, vicar.id)] == ["Aoife Byrne"]
        assert "Aoife Byrne" in screen_text(pilot)
        await press(pilot, "n")
        app.screen.query_one("#f-name").value = "Sean"
        app.screen.query_one("#f-phone").value = "ring the bell"
        await press(pilot, "enter")
        assert isinstance(app.screen, ContactForm)  # refused, the error under the phone
        assert "not a phone number" in str(app.screen.query_one("#e-phone").render())
        await press(pilot, "escape")
        await press(pilot, "enter")  # edit the highlighted one
        app.screen.query_one("#f-email").value = "aoife@vicarstreet.example"
        await press(pilot, "enter")
        assert venues.contacts(demo_store, vicar.id)[0].email == "aoife@vicarstreet.example"
        await press(pilot, "x", "y")
        assert venues.contacts(demo_store, vicar.id) == []
        await press(pilot, "backspace")
        assert isinstance(app.screen, VenuesScreen)


async def test_place_all_unplaced_runs_in_the_background_and_counts(demo_store, monkeypatch):
    from tourdesk.domain.models import Venue
    from tourdesk.services import geocoding

    for name, city, country in (("Het Depot", "Leuven", "BE"), ("Barn", "Smallville", "US")):
        venues.add(demo_store, Venue(name=name, city=city, country=country,
                                     timezone="Europe/Brussels"))
    asked = []

    def fake(query):
        asked.append(query)
        return geocoding.Place(50.8812, 4.7157, "Het Depot") if "Depot" in query else None

    monkeypatch.setattr(geocoding, "SPACING_S", 0.0)
    monkeypatch.setattr(geocoding, "nominatim", lambda store: fake)
    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_venues(pilot)
        assert "2 not on the map" in screen_text(pilot)
        await press(pilot, "G")
        await settle(pilot)
        assert len(asked) == 2
        assert "1 of 2 venues placed" in screen_text(pilot)
        depot = venues.find(demo_store, "Het Depot", "Leuven")
        assert (depot.latitude, venues.coord_source(demo_store, depot.id)) == (50.8812, "geocoder")
        assert venues.find(demo_store, "Barn", "Smallville").latitude is None
        assert "1 not on the map" in screen_text(pilot)


async def test_someone_elses_save_during_an_edit_is_shown_and_the_user_chooses(demo_store,
                                                                                demo_path):
    """Nothing is overwritten silently: theirs and yours side by side, then keep theirs,
    save mine, or edit again from mine."""
    from tourdesk.store import open_store, tracked
    from tourdesk.tui.modals.forms import VenueForm
    from tourdesk.tui.modals.versions import ChooseVersion

    other = open_store(demo_path, "ines")
    app = TourDeskApp(demo_store, today=TODAY)
    try:
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            await open_venues(pilot)
            venue_id = int(app.screen.query_one("#venues").current_key())

            async def edit_while_ines_saves(capacity):
                await press(pilot, "enter")
                await fill(pilot, wifi="SSID Mine")
                tracked.update(other, "venues", venue_id, {"capacity": capacity})
                await press(pilot, "enter")
                assert isinstance(app.screen, ChooseVersion)

            await edit_while_ines_saves(1111)
            text = screen_text(pilot)
            assert "ines saved it" in text and "theirs* 1111" in text and "yours*  SSID Mine" in text
            await press(pilot, "t")
            kept = venues.get(demo_store, venue_id)
            assert (kept.capacity, kept.wifi != "SSID Mine") == (1111, True)

            await edit_while_ines_saves(2222)
            await press(pilot, "m")
            mine = venues.get(demo_store, venue_id)
            assert (mine.capacity, mine.wifi) == (1111, "SSID Mine")  # my form had 1111

            await edit_while_ines_saves(3333)
            await press(pilot, "e")
            assert isinstance(app.screen, VenueForm)
            assert app.screen.query_one("#f-wifi").value == "SSID Mine"
            await fill(pilot, capacity="3333")  # take their capacity by hand
            await press(pilot, "enter")
            merged = venues.get(demo_store, venue_id)
            assert (merged.capacity, merged.wifi) == (3333, "SSID Mine")
    finally:
        other.close()
