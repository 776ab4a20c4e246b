"""The road between consecutive gig days: how far, how long, and what to watch.

Pure functions over `Stop`s (a day's place, country, coordinates and the instants the
party leaves and must arrive), so every rule is tested without a database. Distances
are geodesic (geopy, WGS84); the road estimate multiplies by a road factor and drives
at an average speed, with the EU drivers' breaks; both are set per tour.

A leg the party flies, takes a train or a ferry on (a booked `Segment` that leaves
near the start on or after its date and a segment, the same or a later one, that
arrives near the end by the end's date) is no drive: it carries the way it is
travelled ("flown QF2"), no road estimate and no drive flag. A bus or car booking
covers the leg but is still driven. A leg over the day's drive limit with nothing
booked is flagged as needing travel.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from itertools import pairwise

from tourdesk.domain.travel import DriveRules, geodesic_km
from tourdesk.domain.travel_plans import Endpoint, Segment

NEAR_KM = 150.0  # an airport, station or port this close to a day's place serves it
MAX_HOPS = 4  # segments in one leg's journey (London → Dubai → Singapore → Sydney is 3)


@dataclass(frozen=True, slots=True)
class Stop:
    gig_id: int
    date: date
    place: str
    country: str
    coordinates: tuple[float, float] | None
    leaves: datetime | None  # UTC: the day's load-out (or last item)
    arrives: datetime | None  # UTC: the day's load-in (or first item)
    city: str = ""  # matched against a booked station or port without coordinates


class LegFlag(StrEnum):
    LONG_DRIVE = "long drive"
    NO_TIME = "not enough time"
    BORDER = "border crossing"
    NEEDS_TRAVEL = "needs travel"


@dataclass(frozen=True, slots=True)
class Leg:
    start: Stop
    end: Stop
    km: float  # geodesic
    road_km: float
    drive_hours: float
    flags: dict[LegFlag, str] = field(default_factory=dict)  # flag -> why, in words
    travel: str = ""  # "flown QF2", "ferried Stena Line, by bus": how it is booked
    driven: bool = True  # False when flown, by rail or ferried: no road estimate

    @property
    def how(self) -> str:
        """What the route shows in the drive column's place for a leg not driven."""
        return self.travel.split(" ", 1)[0] if not self.driven else ""


def legs(stops: list[Stop], rules: DriveRules, booked: Sequence[Segment] = ()) -> list[Leg]:
    """One leg between each pair of consecutive stops that have coordinates and are
    not the same place, in date order (days without coordinates are skipped: the party
    is somewhere on the way); `booked` are the tour's travel segments."""
    placed = sorted((s for s in stops if s.coordinates is not None), key=lambda s: s.date)
    # a second night in the same place is no leg
    return [_leg(a, b, rules, covering(a, b, booked)) for a, b in pairwise(placed)
            if a.coordinates != b.coordinates]


def _close(a: tuple[float, float] | None, a_name: str, b: tuple[float, float] | None,
           b_name: str) -> bool:
    """Two places serve each other: within NEAR_KM, or (without coordinates) one's name
    holds the other's."""
    if a is not None and b is not None:
        return geodesic_km(a, b) <= NEAR_KM
    x, y = a_name.casefold(), b_name.casefold()
    return bool(x and y) and (x in y or y in x)


def serves(end: Endpoint, place: str, coordinates: tuple[float, float] | None) -> bool:
    """A segment's end serves a place: within NEAR_KM, or by name without coordinates."""
    return _close(end.coordinates, end.place, coordinates, place)


def _near(end: Endpoint, stop: Stop) -> bool:
    return serves(end, stop.city or stop.place, stop.coordinates)


def _connects(before: Segment, after: Segment) -> bool:
    """`after` leaves where `before` arrived, once it has."""
    return after.departs >= before.arrives and (
        before.destination.code == after.origin.code != ""
        or _close(before.destination.coordinates, before.destination.place,
                  after.origin.coordinates, after.origin.place))


def covering(a: Stop, b: Stop, booked: Sequence[Segment]) -> list[Segment]:
    """The segments that take the party from `a` to `b`: one leaving near `a` on a date
    from a's to b's (local at the origin), then each leaving where the one before
    arrived, to one arriving near `b` by b's date; the fewest such, or empty."""
    window = sorted((s for s in booked if a.date <= s.depart_on <= b.date),
                    key=lambda s: s.departs)
    chains = [[s] for s in window if _near(s.origin, a)]
    for _ in range(MAX_HOPS):
        for chain in chains:
            if chain[-1].arrive_on <= b.date and _near(chain[-1].destination, b):
                return chain
        chains = [[*chain, s] for chain in chains for s in window
                  if s not in chain and _connects(chain[-1], s)]
    return []


def _leg(a: Stop, b: Stop, rules: DriveRules, booked: Sequence[Segment] = ()) -> Leg:
    assert a.coordinates is not None and b.coordinates is not None
    km = geodesic_km(a.coordinates, b.coordinates)
    flags: dict[LegFlag, str] = {}
    travel = ", ".join(dict.fromkeys(f"{s.mode.covered} {s.number or s.carrier}".strip()
                                     for s in booked))
    if any(s.mode.replaces_drive for s in booked):
        last = booked[-1]
        if b.arrives is not None and last.arrives > b.arrives:
            late = (last.arrives - b.arrives).total_seconds() / 3600
            flags[LegFlag.NO_TIME] = (f"{last.name} arrives {_h(late)} after the load-in")
        if a.country and b.country and a.country != b.country:
            flags[LegFlag.BORDER] = f"{a.country} → {b.country}: carnet and papers ready"
        return Leg(a, b, km, 0.0, 0.0, flags, travel, driven=False)
    road = km * rules.road_factor
    hours = rules.drive_hours(road)
    if hours > rules.max_drive_hours:
        flags[LegFlag.LONG_DRIVE] = (f"{_h(hours)} of driving, over the "
                                     f"{_h(rules.max_drive_hours)} limit")
        if not booked:
            flags[LegFlag.NEEDS_TRAVEL] = ("nothing booked: add a flight, train or ferry "
                                           "(tourdesk travel add)")
    if a.leaves is not None and b.arrives is not None:
        window = (b.arrives - a.leaves).total_seconds() / 3600
        if window < hours:
            flags[LegFlag.NO_TIME] = (f"{_h(max(window, 0))} from load-out to load-in; "
                                      f"the drive takes {_h(hours)}")
    if a.country and b.country and a.country != b.country:
        flags[LegFlag.BORDER] = f"{a.country} → {b.country}: carnet and papers ready"
    return Leg(a, b, km, road, hours, flags, travel)


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
