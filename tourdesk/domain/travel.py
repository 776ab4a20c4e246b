"""How long the road between two places takes: an estimate for planning, not a route.

Road distance is the geodesic distance times a detour factor; the drive adds breaks at
the EU drivers' rule (45 minutes after every 4.5 hours at the wheel). Good enough to
say "Glasgow to Milan overnight is not possible"; a routing service would say more,
but the tour machine may be offline and the answer must not wait on one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

DETOUR = 1.25  # road km per straight-line km, typical for European motorway trips
SPEED_KMH = 75.0  # average for a loaded van or a nightliner, fuel stops included
BREAK_EVERY_H = 4.5
BREAK_H = 0.75


@lru_cache(maxsize=8192)
def geodesic_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """(latitude, longitude) pairs, in that order (geopy's), on WGS84. Cached: a
    geodesic costs ~0.2 ms, and a party of thirty makes the same hop thirty times.
    geopy is imported here: importing it loads its whole geocoder package, which a
    command that measures no distance should not pay for."""
    from geopy.distance import geodesic

    return geodesic(a, b).km


def road_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return geodesic_km(a, b) * DETOUR


@dataclass(frozen=True, slots=True)
class DriveRules:
    road_factor: float = DETOUR  # road km per straight-line km
    speed_kmh: float = SPEED_KMH  # average, fuel stops included
    max_drive_hours: float = 9.0  # a day's driving limit (EU: 9 h, twice a week 10 h)

    def drive_hours(self, road_km: float) -> float:
        wheel = road_km / self.speed_kmh
        return wheel + int(wheel // BREAK_EVERY_H) * BREAK_H


def drive_hours(km: float) -> float:
    """At the default rules (the staffing rules' estimate)."""
    return DriveRules().drive_hours(km)
