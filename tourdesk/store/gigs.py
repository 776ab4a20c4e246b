"""Queries for gig days and their schedules."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import date, time

from tourdesk.domain.day_plan import PLAN_KINDS, DayPlan, plan_of, same_time
from tourdesk.domain.events import Event
from tourdesk.domain.kinds import ContractState, GigKind, GigStatus, ScheduleKind
from tourdesk.domain.models import (
    Audience,
    AudienceKind,
    GigDay,
    ScheduleItem,
    Tour,
    Venue,
    VenueContact,
)
from tourdesk.domain.studio import StudioSession
from tourdesk.store import events, studio, tours, tracked, venues
from tourdesk.store.connection import Store
from tourdesk.store.errors import ConflictError, NotFoundError


@dataclass(frozen=True, slots=True)
class GigRow:
    """One line of the tour overview."""

    id: int
    date: date
    kind: GigKind
    status: GigStatus
    contract: ContractState
    venue: str
    city: str
    country: str
    timezone: str
    version: int


@dataclass(frozen=True, slots=True)
class GigDetail:
    """Everything the gig-day screen and a day sheet show."""

    gig: GigDay
    tour: Tour
    venue: Venue | None
    items: list[ScheduleItem]
    previous_id: int | None
    next_id: int | None
    contacts: tuple[VenueContact, ...] = ()  # the venue's people to call
    studio: tuple[tuple[StudioSession, str], ...] = ()  # sessions, with the engineer's name
    events: tuple[Event, ...] = ()  # the day's further events; the day is the first

    @property
    def main_items(self) -> list[ScheduleItem]:
        """The items of the day's own event (those naming no further event)."""
        return [i for i in self.items if i.event_id is None]

    def event_items(self, event_id: int | None) -> list[ScheduleItem]:
        return [i for i in self.items if i.event_id == event_id]

    @property
    def timezone(self) -> str:
        return self.venue.timezone if self.venue else self.gig.timezone

    @property
    def place(self) -> str:
        if self.venue:
            return f"{self.venue.name}, {self.venue.city}"
        return self.gig.city


def add(store: Store, gig: GigDay, items: Sequence[ScheduleItem] = ()) -> int:
    """Insert a gig day and its schedule in one transaction."""
    with store.write() as db:
        clash = db.execute(
            "SELECT 1 FROM gig_days WHERE tour_id = ? AND date = ?",
            [gig.tour_id, gig.date.isoformat()],
        ).fetchone()
        if clash:
            raise ConflictError(f"the tour already has a gig day on {gig.date.isoformat()}")
        gig_id = tracked.insert(
            store,
            "gig_days",
            {
                "tour_id": gig.tour_id,
                "date": gig.date.isoformat(),
                "kind": gig.kind.value,
                "status": gig.status.value,
                "contract": gig.contract.value,
                "venue_id": gig.venue_id,
                "city": gig.city,
                "country": gig.country,
                "timezone": gig.timezone,
                "notes": gig.notes,
                "hotel": gig.hotel,
            },
        )
        for item in items:
            add_item(store, gig_id, item)
    return gig_id


def add_item(store: Store, gig_id: int, item: ScheduleItem) -> int:
    return tracked.insert(store, "schedule_items", {"gig_day_id": gig_id, **item_values(item)})


def item_values(item: ScheduleItem) -> dict[str, object]:
    """The stored columns of an item (all but its day and the bookkeeping)."""
    a = item.audience
    return {
        "kind": item.kind.value,
        "label": item.label,
        "local_date": item.on.isoformat(),
        "local_time": item.at.strftime("%H:%M"),
        "timezone": item.timezone,
        "end_date": item.until_on.isoformat() if item.until and item.until_on else None,
        "end_time": item.until.strftime("%H:%M") if item.until and item.until_on else None,
        "place": item.place,
        "audience": a.kind.value,
        "audience_role": a.role if a.kind is AudienceKind.ROLE else "",
        "audience_people": json.dumps(list(a.people) if a.kind is AudienceKind.PEOPLE else []),
        "note": item.note,
        "event_id": item.event_id,
    }


def item(store: Store, item_id: int) -> tuple[ScheduleItem, int]:
    """One schedule item and the id of its day."""
    with store.read() as db:
        rows = list(db.query("SELECT * FROM schedule_items WHERE id = ?", [item_id]))
    if not rows:
        raise NotFoundError(f"schedule item {item_id} does not exist (removed by someone else?)")
    return _item(rows[0]), int(rows[0]["gig_day_id"])


def update_item(store: Store, new: ScheduleItem, *, expected_version: int | None = None,
                ) -> None:
    if new.id is None:
        raise NotFoundError("that schedule item was never saved")
    tracked.update(store, "schedule_items", new.id, item_values(new),
                   expected_version=expected_version)


def labels_used(store: Store, tour_id: int) -> list[str]:
    """The free-text labels the tour's days already use, most used first."""
    with store.read() as db:
        return [r[0] for r in db.execute(
            "SELECT s.label FROM schedule_items s JOIN gig_days g ON g.id = s.gig_day_id "
            "WHERE g.tour_id = ? AND s.label != '' GROUP BY s.label COLLATE NOCASE "
            "ORDER BY count(*) DESC, s.label", [tour_id])]


_ROW_SQL = """
    SELECT g.id, g.date, g.kind, g.status, g.contract, g.version,
           coalesce(v.name, '') AS venue,
           coalesce(v.city, g.city) AS city,
           coalesce(v.country, g.country) AS country,
           coalesce(v.timezone, g.timezone) AS timezone
    FROM gig_days g LEFT JOIN venues v ON v.id = g.venue_id
"""


def rows_for_tour(store: Store, tour_id: int) -> list[GigRow]:
    with store.read() as db:
        rows = list(db.query(_ROW_SQL + " WHERE g.tour_id = ? ORDER BY g.date", [tour_id]))
    return [GigRow(**_typed(r, GigRow)) for r in rows]


def _gig(row: dict) -> GigDay:
    return GigDay(**_typed(row, GigDay))


_CONVERT = {"date": date.fromisoformat, "kind": GigKind, "status": GigStatus,
            "contract": ContractState}


def _typed(row: dict, cls: type) -> dict:
    """The columns `cls` has, with dates and vocabularies turned into their types."""
    return {f: _CONVERT.get(f, _same)(row[f]) for f in (x.name for x in fields(cls))}


def _same(value: object) -> object:
    return value


def _item(row: dict) -> ScheduleItem:
    kind = AudienceKind(row.get("audience") or "everyone")
    people = tuple(json.loads(row.get("audience_people") or "[]"))
    end = row.get("end_time")
    return ScheduleItem(
        id=row["id"],
        kind=ScheduleKind(row["kind"]),
        label=row["label"],
        on=date.fromisoformat(row["local_date"]),
        at=time.fromisoformat(row["local_time"]),
        timezone=row["timezone"],
        until=time.fromisoformat(end) if end else None,
        until_on=date.fromisoformat(row["end_date"]) if end else None,
        place=row.get("place") or "",
        audience=Audience(kind, row.get("audience_role") or "", people),
        note=row.get("note") or "",
        version=row.get("version"),
        event_id=row.get("event_id"),
    )


def detail(store: Store, gig_id: int) -> GigDetail:
    with store.read() as db:
        rows = list(db.query("SELECT * FROM gig_days WHERE id = ?", [gig_id]))
        if not rows:
            raise NotFoundError(f"gig day {gig_id} does not exist (deleted by someone else?)")
        gig = _gig(rows[0])
        items = [
            _item(r)
            for r in db.query(
                "SELECT * FROM schedule_items WHERE gig_day_id = ? "
                "ORDER BY local_date, local_time, id",
                [gig_id],
            )
        ]
        neighbours = db.execute(
            """SELECT (SELECT id FROM gig_days WHERE tour_id = :t AND date < :d
                       ORDER BY date DESC LIMIT 1),
                      (SELECT id FROM gig_days WHERE tour_id = :t AND date > :d
                       ORDER BY date LIMIT 1)""",
            {"t": gig.tour_id, "d": gig.date.isoformat()},
        ).fetchone()
        tour = tours.get(store, gig.tour_id)
        venue = venues.get(store, gig.venue_id) if gig.venue_id else None
        people = tuple(venues.contacts(store, gig.venue_id)) if gig.venue_id else ()
        sessions = studio.for_day(store, gig_id)
        names = studio.engineer_names(store, sessions)
        further = events.for_day(store, gig_id, venue.timezone if venue else gig.timezone)
    return GigDetail(gig, tour, venue, items, neighbours[0], neighbours[1], people,
                     tuple((s, names.get(s.engineer_id or -1, "")) for s in sessions),
                     tuple(further))


def details_for_tour(store: Store, tour_id: int) -> list[GigDetail]:
    """Every day of the tour, by date, as `detail` gives each: in a few queries for the
    whole tour (and one a venue) instead of several a day, for a tour's calendar."""
    with store.read() as db:
        days = [_gig(r) for r in db.query(
            "SELECT * FROM gig_days WHERE tour_id = ? ORDER BY date", [tour_id])]
        items: dict[int, list[ScheduleItem]] = {}
        for r in db.query(
                "SELECT s.* FROM schedule_items s JOIN gig_days g ON g.id = s.gig_day_id "
                "WHERE g.tour_id = ? ORDER BY s.gig_day_id, s.local_date, s.local_time, s.id",
                [tour_id]):
            items.setdefault(r["gig_day_id"], []).append(_item(r))
        tour = tours.get(store, tour_id)
        used = sorted({g.venue_id for g in days if g.venue_id})
        where = {v: venues.get(store, v) for v in used}
        people = {v: tuple(venues.contacts(store, v)) for v in used}
        sessions: dict[int, list[StudioSession]] = {}
        for _, _, session in studio.for_tour(store, tour_id):
            sessions.setdefault(session.gig_day_id, []).append(session)
        names = studio.engineer_names(store, [s for day in sessions.values() for s in day])
        further = events.for_days(store, [g.id for g in days if g.id is not None])
    out = []
    for n, gig in enumerate(days):
        assert gig.id is not None
        day_sessions = sessions.get(gig.id, [])
        venue = where.get(gig.venue_id or 0)
        zone = venue.timezone if venue else gig.timezone  # a further event's default clock
        out.append(GigDetail(
            gig, tour, where.get(gig.venue_id or 0), items.get(gig.id, []),
            days[n - 1].id if n else None, days[n + 1].id if n + 1 < len(days) else None,
            people.get(gig.venue_id or 0, ()),
            tuple((s, names.get(s.engineer_id or -1, "")) for s in day_sessions),
            tuple(replace(e, timezone=e.timezone or zone) for e in further.get(gig.id, []))))
    return out


def id_on(store: Store, tour_id: int, day: date) -> int | None:
    with store.read() as db:
        row = db.execute(
            "SELECT id FROM gig_days WHERE tour_id = ? AND date = ?", [tour_id, day.isoformat()]
        ).fetchone()
    return row[0] if row else None


def plan(store: Store, gig_id: int) -> tuple[DayPlan, int]:
    """The day's editable plan and the version it was read at."""
    with store.read() as db:
        d = detail(store, gig_id)
        version = db.execute("SELECT version FROM gig_days WHERE id = ?", [gig_id]).fetchone()[0]
    return plan_of(d.gig, d.timezone, d.main_items), int(version)


def save_plan(store: Store, new: DayPlan, *, expected_version: int | None = None) -> None:
    """One transaction: the day's status, contract, notes and hotel, and its main
    times (an emptied time removes the item). The day's version moves with any of it,
    so a colleague's open form on this day sees the clash."""
    gig_id = new.gig.id
    if gig_id is None:
        raise NotFoundError("that gig day was never saved")
    g = new.gig
    with store.write():
        tracked.update(store, "gig_days", gig_id,
                       {"status": g.status.value, "contract": g.contract.value,
                        "notes": g.notes, "hotel": g.hotel}, expected_version=expected_version)
        old = plan_of(g, new.zone, detail(store, gig_id).main_items)
        for kind in PLAN_KINDS:
            before, after = old.times.get(kind), new.times.get(kind)
            if same_time(before, after):
                continue
            if after is None and before is not None and before.id is not None:
                tracked.delete(store, "schedule_items", before.id)
            elif after is not None and before is not None and before.id is not None:
                tracked.update(store, "schedule_items", before.id,
                               {"local_date": after.on.isoformat(),
                                "local_time": after.at.strftime("%H:%M")})
            elif after is not None:
                add_item(store, gig_id, after)
