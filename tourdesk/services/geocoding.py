"""Placing venues on the map, on line and off.

On line: geopy's Nominatim (OpenStreetMap), whose usage policy allows one request a
second from a machine. Every tourdesk process on the machine shares that second through
the database: a process reserves the next free slot in a short write transaction (no
one waits inside it), then sleeps until its slot. Answers, misses included, are kept in
`geocode_cache`, so an address is asked about once.

Off line (or when the address is not found, or the service fails: any of geopy's
errors or a network error): the city's coordinates from the shipped GeoNames
gazetteer. Each venue records where its coordinates came from.
"""

from __future__ import annotations

import csv
import gzip
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Protocol

from tourdesk.domain.access import Capability
from tourdesk.domain.models import Venue
from tourdesk.store import meta, settings, venues
from tourdesk.store.connection import Store

SLOT_KEY = "geocoder_next_slot"
AGENT_KEY, ENDPOINT_KEY = settings.GEOCODER_AGENT, settings.GEOCODER_ENDPOINT
DEFAULT_AGENT, DEFAULT_ENDPOINT = "tourdesk (set yours: tourdesk geocode --agent)", \
    "nominatim.openstreetmap.org"
SPACING_S = 1.0


@dataclass(frozen=True, slots=True)
class Place:
    latitude: float
    longitude: float
    found: str  # what the source called it


class Geocoder(Protocol):
    def __call__(self, query: str) -> Place | None: ...


def nominatim(store: Store) -> Geocoder:
    """Nominatim with the user agent and endpoint set for this database."""
    from geopy.geocoders import Nominatim

    agent, endpoint = setting(store, AGENT_KEY, DEFAULT_AGENT), setting(store, ENDPOINT_KEY,
                                                                         DEFAULT_ENDPOINT)
    client = Nominatim(user_agent=agent, domain=endpoint, timeout=10)

    def ask(query: str) -> Place | None:
        found = client.geocode(query, exactly_one=True)
        return Place(found.latitude, found.longitude, found.address) if found else None

    return ask


def setting(store: Store, key: str, default: str) -> str:
    return settings.get(store, key, default)


def set_setting(store: Store, key: str, value: str) -> None:
    settings.put(store, key, value)


def wait_for_slot(store: Store, clock: Callable[[], float] = time.time,
                  sleep: Callable[[float], None] = time.sleep) -> float:
    """Reserve the next request slot shared by every process on this database and sleep
    until it comes; returns the slot (epoch seconds)."""
    with store.write():
        row = meta.get(store, SLOT_KEY, "")
        now = clock()
        slot = max(now, float(row) if row else 0.0)
        meta.put(store, SLOT_KEY, repr(slot + SPACING_S))
    if slot > now:
        sleep(slot - now)
    return slot


def lookup(store: Store, query: str, geocoder: Geocoder) -> Place | None:
    """The cached answer, or the geocoder's (rate-limited), kept for next time."""
    with store.read() as db:
        row = db.execute("SELECT latitude, longitude, found FROM geocode_cache WHERE query = ?",
                         [query]).fetchone()
    if row is not None:
        return Place(row[0], row[1], row[2]) if row[0] is not None else None
    wait_for_slot(store)
    place = geocoder(query)
    with store.write() as db:
        db.execute("INSERT OR REPLACE INTO geocode_cache VALUES (?, ?, ?, ?, ?)",
                   [query, place.latitude if place else None, place.longitude if place else None,
                    place.found if place else "", store.now_iso()])
    return place


@dataclass(frozen=True, slots=True)
class Placed:
    venue: Venue
    source: str  # "geocoder", "gazetteer", or "" when nothing was found
    unreachable: str = ""  # why the geocoder could not answer (then offline was used)


def place_venue(store: Store, venue: Venue, geocoder: Geocoder | None) -> Placed:
    """Coordinates for a venue: the geocoder's for its address, else the gazetteer's
    for its city (offline, or when the address is unknown). Saves them with their
    source (a venue always has its zone already: the form and imports require one or
    find it from coordinates)."""
    store.require(Capability.WRITE_SCHEDULE)
    found, source, unreachable = None, "", ""
    if geocoder is not None:
        query = ", ".join(p for p in (venue.name, venue.address, venue.city, venue.country) if p)
        try:
            found = lookup(store, query, geocoder)
        except _network_errors() as exc:  # no network, or the service failed: offline
            unreachable = _why(exc)
        source = "geocoder" if found else ""
    if found is None:
        found = city_place(venue.city, venue.country)
        source = "gazetteer" if found else ""
    if found is None:
        return Placed(venue, "", unreachable)
    placed = replace(venue, latitude=round(found.latitude, 6),
                     longitude=round(found.longitude, 6))
    venues.update(store, placed, coord_source=source)
    return Placed(placed, source, unreachable)


def _network_errors() -> tuple[type[BaseException], ...]:
    """What a geocoder raises when it cannot answer: OSErrors, and geopy's own errors
    (GeocoderServiceError, GeocoderUnavailable, GeocoderTimedOut, ...), which are not
    OSErrors."""
    try:
        from geopy.exc import GeopyError
    except ImportError:  # pragma: no cover - geopy is a dependency
        return (OSError,)
    return (OSError, GeopyError)


def _why(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return (text[:120] or type(exc).__name__)


# -- the gazetteer --


def _gazetteer_file() -> Path:
    packaged = Path(str(files("tourdesk"))) / "gazetteer_data" / "cities15000.tsv.gz"
    if packaged.exists():
        return packaged
    return Path(__file__).resolve().parents[2] / "data" / "gazetteer" / "cities15000.tsv.gz"


@cache
def _gazetteer() -> dict[tuple[str, str], tuple[float, float, str, int]]:
    """(country, any name folded) -> (lat, lon, name, population); the biggest place
    wins when two share a name in one country."""
    index: dict[tuple[str, str], tuple[float, float, str, int]] = {}
    with gzip.open(_gazetteer_file(), "rt", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            entry = (float(row["latitude"]), float(row["longitude"]), row["name"],
                     int(row["population"]))
            for name in [row["name"], *filter(None, row["alternate_names"].split("|"))]:
                key = (row["country"], name.casefold())
                if key not in index or index[key][3] < entry[3]:
                    index[key] = entry
    return index


def city_place(city: str, country: str) -> Place | None:
    hit = _gazetteer().get((country.upper(), city.strip().casefold()))
    return Place(hit[0], hit[1], f"{hit[2]} (city centre)") if hit else None
