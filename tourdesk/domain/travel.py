"""How long the road between two places takes: an estimate for planning, not a route.

Road distance is the geodesic distance times a detour factor; the drive adds breaks at
the EU drivers' rule (45 minutes after every 4.5 hours at the wheel). Good enough to
say "Glasgow to Milan overnight is not possible"; a routing service would say more,
but the tour machine may be offline and the answer must not wait on one.
"""

from __future__ import annotations

from functools import lru_cache

from geopy.distance import geodesic

DETOUR = 1.25  # road km per straight-line km, typical for European motorway trips
SPEED_KMH = 75.0  # average for a loaded van or a nightliner, fuel stops included
BREAK_EVERY_H = 4.5
BREAK_H = 0.75


@lru_cache(maxsize=8192)
def road_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """(latitude, longitude) pairs, in that order (geopy's). Cached: a geodesic costs
    ~0.2 ms, and a party of thirty makes the same hop thirty times."""
    return geodesic(a, b).km * DETOUR


def drive_hours(km: float) -> float:
    wheel = km / SPEED_KMH
    breaks = int(wheel // BREAK_EVERY_H) * BREAK_H
    return wheel + breaks
