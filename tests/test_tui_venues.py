"""Venues in the TUI: add, edit and delete through the form, errors under their fields,
a likely duplicate asked about, a venue in use kept."""

from __future__ import annotations

from tourdesk.store import venues
from tourdesk.tui.app import TourDeskApp
from tourdesk.tui.modals.prompt import Confirm
from tourdesk.tui.modals.venue_form import VenueForm
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
