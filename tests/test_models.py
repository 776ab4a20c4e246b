"""Field validation: every bad field is named, with what to fix."""

import pytest

from tourdesk.domain.errors import ValidationErrors
from tourdesk.domain.models import tour_from_fields, venue_from_fields

GOOD = {"name": "Vega", "city": "Copenhagen", "country": "dk", "timezone": "Europe/Copenhagen",
        "latitude": "55.6680", "longitude": "12.5445", "capacity": "1 550"}


def test_a_good_venue_is_normalised():
    v = venue_from_fields(GOOD)
    assert (v.country, v.capacity, v.latitude) == ("DK", 1550, 55.668)


def test_all_bad_fields_are_reported_at_once():
    with pytest.raises(ValidationErrors) as err:
        venue_from_fields({**GOOD, "name": " ", "country": "XX", "timezone": "Mars/Olympus",
                           "capacity": "lots", "email": "nobody"})
    fields = err.value.by_field()
    assert set(fields) == {"name", "country", "timezone", "capacity", "email"}
    assert "required" in fields["name"]
    assert "ISO 3166" in fields["country"]


@pytest.mark.parametrize("lat,lon,field", [
    ("91", "10", "latitude"), ("45", "181", "longitude"), ("nan", "10", "latitude"),
    ("45", "", "longitude"), ("", "10", "latitude"), ("north", "10", "latitude"),
])
def test_coordinates_must_be_a_valid_pair(lat, lon, field):
    with pytest.raises(ValidationErrors) as err:
        venue_from_fields({**GOOD, "latitude": lat, "longitude": lon})
    assert field in err.value.by_field()


def test_control_characters_in_text_are_made_visible_not_stored_raw():
    v = venue_from_fields({**GOOD, "name": "Vega\x1b[2J\x07", "notes": "line 1\nline 2"})
    assert "\x1b" not in v.name and "\x07" not in v.name
    assert v.name.startswith("Vega␛[2J")
    assert v.notes == "line 1\nline 2"


def test_tour_currency_must_be_iso_4217():
    with pytest.raises(ValidationErrors) as err:
        tour_from_fields({"name": "T", "home_currency": "Euro"})
    assert "home_currency" in err.value.by_field()
    assert tour_from_fields({"name": "T", "home_currency": "sek"}).home_currency == "SEK"
