"""The road between consecutive gig days: how far, how long, and what to watch.

Pure functions over `Stop`s (a day's place, country, coordinates and the instants the
party leaves and must arrive), so every rule is tested without a database. Distances
are geodesic (geopy, WGS84); the road estimate multiplies by a road factor and drives
at an average speed, with the EU drivers' breaks; both are set per tour.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from itertools import pairwise

from tourdesk.domain.travel import DriveRules, geodesic_km


@dataclass(frozen=True, slots=True)
class Stop:
    gig_id: int
    date: date
    place: str
    country: str
    coordinates: tuple[float, float] | None
    leaves: datetime | None  # UTC: the day's load-out (or last item)
    arrives: datetime | None  # UTC: the day's load-in (or first item)


class LegFlag(StrEnum):
    LONG_DRIVE = "long drive"
    NO_TIME = "not enough time"
    BORDER = "border crossing"


@dataclass(frozen=True, slots=True)
class Leg:
    start: Stop
    end: Stop
    km: float  # geodesic
    road_km: float
    drive_hours: float
    flags: dict[LegFlag, str] = field(default_factory=dict)  # flag -> why, in words


def legs(stops: list[Stop], rules: DriveRules) -> list[Leg]:
    """One leg between each pair of consecutive stops that have coordinates and are
    not the same place, in date order (days without coordinates are skipped: the party
    is somewhere on the way)."""
    placed = sorted((s for s in stops if s.coordinates is not None), key=lambda s: s.date)
    # a second night in the same place is no leg
    return [_leg(a, b, rules) for a, b in pairwise(placed) if a.coordinates != b.coordinates]


def _leg(a: Stop, b: Stop, rules: DriveRules) -> Leg:
    assert a.coordinates is not None and b.coordinates is not None
    km = geodesic_km(a.coordinates, b.coordinates)
    road = km * rules.road_factor
    hours = rules.drive_hours(road)
    flags: dict[LegFlag, str] = {}
    if hours > rules.max_drive_hours:
        flags[LegFlag.LONG_DRIVE] = (f"{_h(hours)} of driving, over the "
                                     f"{_h(rules.max_drive_hours)} limit")
    if a.leaves is not None and b.arrives is not None:
        window = (b.arrives - a.leaves).total_seconds() / 3600
        if window < hours:
            flags[LegFlag.NO_TIME] = (f"{_h(max(window, 0))} from load-out to load-in; "
                                      f"the drive takes {_h(hours)}")
    if a.country and b.country and a.country != b.country:
        flags[LegFlag.BORDER] = f"{a.country} → {b.country}: carnet and papers ready"
    return Leg(a, b, km, road, hours, flags)


def _h(hours: float) -> str:
    minutes = round(hours * 60)
    return f"{minutes // 60} h {minutes % 60:02d}"


@dataclass(frozen=True, slots=True)
class RouteSummary:
    road_km: float
    km: float
    longest: Leg | None
    flagged: int


def summary(route: list[Leg]) -> RouteSummary:
    return RouteSummary(sum(leg.road_km for leg in route), sum(leg.km for leg in route),
                        max(route, key=lambda leg: leg.drive_hours, default=None),
                        sum(1 for leg in route if leg.flags))
