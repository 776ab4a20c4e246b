"""Geocoding without the network: a fake geocoder, the gazetteer, the cache, and the
one-request-a-second limit shared by two real processes."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from itertools import pairwise

from test_cli import run

from tourdesk.domain.models import Venue
from tourdesk.services import geocoding
from tourdesk.services.geocoding import Place
from tourdesk.store import venues


class FakeGeocoder:
    def __init__(self, answers):
        self.answers, self.asked = answers, []

    def __call__(self, query):
        self.asked.append(query)
        return self.answers.get(query)


def _unplaced(store, name="Het Depot", city="Leuven", country="BE", address="Martelarenplein 12"):
    venue_id = venues.add(store, Venue(name=name, city=city, country=country, address=address,
                                       timezone="Europe/Brussels"))
    return venues.get(store, venue_id)


def test_the_geocoders_answer_is_saved_with_its_source_and_cached(store, monkeypatch):
    monkeypatch.setattr(geocoding, "SPACING_S", 0.0)
    venue = _unplaced(store)
    query = "Het Depot, Martelarenplein 12, Leuven, BE"
    fake = FakeGeocoder({query: Place(50.8812, 4.7157, "Het Depot, Leuven")})
    done = geocoding.place_venue(store, venue, fake)
    assert done.source == "geocoder" and (done.venue.latitude, done.venue.longitude) == (50.8812, 4.7157)
    assert venues.coord_source(store, venue.id) == "geocoder"
    again = FakeGeocoder({})
    assert geocoding.lookup(store, query, again) == Place(50.8812, 4.7157, "Het Depot, Leuven")
    assert again.asked == []  # from the cache


def test_an_unknown_address_falls_back_to_the_city_and_a_miss_is_cached(store, monkeypatch):
    monkeypatch.setattr(geocoding, "SPACING_S", 0.0)
    venue = _unplaced(store, name="Club Nowhere", city="Köln", country="DE", address="")
    fake = FakeGeocoder({})
    done = geocoding.place_venue(store, venue, fake)
    assert done.source == "gazetteer"
    assert abs(done.venue.latitude - 50.94) < 0.05 and abs(done.venue.longitude - 6.95) < 0.05
    geocoding.place_venue(store, venue, fake)
    assert len(fake.asked) == 1  # the miss was kept: not asked twice


def test_offline_the_gazetteer_places_the_city(store):
    venue_id = venues.add(store, Venue(name="Thebarton Theatre", city="Adelaide", country="AU",
                                       timezone="Australia/Adelaide"))
    done = geocoding.place_venue(store, venues.get(store, venue_id), None)
    assert done.source == "gazetteer"
    assert abs(done.venue.latitude + 34.93) < 0.05 and abs(done.venue.longitude - 138.6) < 0.05
    nowhere = _unplaced(store, name="Barn", city="Smallville", country="US")
    assert geocoding.place_venue(store, nowhere, None).source == ""
    assert venues.get(store, nowhere.id).latitude is None


def test_a_network_error_falls_back_to_the_gazetteer(store, monkeypatch):
    monkeypatch.setattr(geocoding, "SPACING_S", 0.0)

    def down(query):
        raise OSError("no route to host")

    venue = _unplaced(store, name="Vega", city="Copenhagen", country="DK")
    assert geocoding.place_venue(store, venue, down).source == "gazetteer"


def test_two_processes_share_one_request_a_second(db_path):
    from tourdesk.store import open_store

    open_store(db_path, "setup").close()  # the schema, before both start
    script = textwrap.dedent(f"""
        from tourdesk.services.geocoding import wait_for_slot
        from tourdesk.store import open_store
        store = open_store({str(db_path)!r}, "p")
        for _ in range(3):
            print(repr(wait_for_slot(store)), flush=True)
    """)
    procs = [subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                              env={**os.environ}) for _ in range(2)]
    slots = sorted(float(line) for p in procs for line in p.communicate(timeout=60)[0].split())
    assert len(slots) == 6
    gaps = [b - a for a, b in pairwise(slots)]
    assert min(gaps) >= geocoding.SPACING_S - 1e-6, gaps


def test_cli_geocodes_the_missing_offline(demo_path):
    from tourdesk.store import open_store

    store = open_store(demo_path, "tm")
    try:
        _unplaced(store, name="Het Depot", city="Leuven", country="BE")
    finally:
        store.close()
    out = run("--db", str(demo_path), "geocode", "--missing", "--offline")
    assert out.returncode == 0, out.stderr
    assert "Het Depot, Leuven: 50.8796, 4.7009 (gazetteer), Europe/Brussels" in out.stderr
    assert "1 of 1 venues placed" in out.stdout
    assert run("--db", str(demo_path), "geocode").returncode == 2
