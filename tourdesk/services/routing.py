"""A tour's route: its gig days as stops, the legs between them, the tour's drive rules."""

from __future__ import annotations

from dataclasses import asdict

from tourdesk.domain import localtime
from tourdesk.domain.access import Capability
from tourdesk.domain.errors import ValidationError
from tourdesk.domain.kinds import GigStatus, ScheduleKind
from tourdesk.domain.routing import Leg, Stop, legs
from tourdesk.domain.travel import DriveRules
from tourdesk.store import gigs, tracked, travel
from tourdesk.store.connection import Store
from tourdesk.store.gigs import GigDetail

LIMITS = {"road_factor": (1.0, 3.0), "speed_kmh": (20.0, 130.0), "max_drive_hours": (1.0, 24.0)}


def rules(store: Store, tour_id: int) -> DriveRules:
    with store.read() as db:
        row = db.execute("SELECT road_factor, speed_kmh, max_drive_hours FROM tour_routing "
                         "WHERE tour_id = ?", [tour_id]).fetchone()
    return DriveRules(*row) if row else DriveRules()


def set_rules(store: Store, tour_id: int, **changes: float | None) -> DriveRules:
    """Change some of the tour's drive rules; each is checked against its range."""
    store.require(Capability.WRITE_SCHEDULE)
    for name, value in changes.items():
        low, high = LIMITS[name]
        if value is not None and not low <= value <= high:
            raise ValidationError(name.replace("_", " "), f"{value:g} is outside {low:g}-{high:g}")
    with store.write() as db:
        current = asdict(rules(store, tour_id))
        new = {**current, **{k: v for k, v in changes.items() if v is not None}}
        exists = db.execute("SELECT id FROM tour_routing WHERE tour_id = ?",
                            [tour_id]).fetchone()
        if exists:
            tracked.update(store, "tour_routing", exists[0], new)
        else:
            tracked.insert(store, "tour_routing", {"tour_id": tour_id, **new})
    return DriveRules(**new)


def route(store: Store, tour_id: int) -> tuple[list[Leg], DriveRules]:
    """The legs between the tour's days (cancelled days are not travelled to); a leg
    its travel segments cover is flown, by rail or ferried rather than driven."""
    with store.read():
        details = [gigs.detail(store, r.id) for r in gigs.rows_for_tour(store, tour_id)
                   if r.status is not GigStatus.CANCELLED]
        drive = rules(store, tour_id)
        booked = travel.segments(store, tour_id)
    return legs([stop(d) for d in details], drive, booked), drive


def stop(detail: GigDetail) -> Stop:
    v = detail.venue
    coordinates = ((v.latitude, v.longitude) if v and v.latitude is not None
                   and v.longitude is not None else None)
    instants = {i.kind: localtime.to_utc(i.on, i.at, i.timezone) for i in detail.main_items}
    every = sorted(instants.values())
    return Stop(
        gig_id=detail.gig.id or 0, date=detail.gig.date, place=detail.place,
        country=v.country if v else detail.gig.country, coordinates=coordinates,
        leaves=instants.get(ScheduleKind.LOAD_OUT, every[-1] if every else None),
        arrives=instants.get(ScheduleKind.LOAD_IN, every[0] if every else None),
        city=v.city if v else detail.gig.city,
    )  # fmt: skip
