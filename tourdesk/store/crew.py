"""People, staffing needs and assignments; the shifts the conflict rules read."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from tourdesk.domain import localtime
from tourdesk.domain.kinds import GigKind, GigStatus
from tourdesk.domain.money import Money
from tourdesk.domain.staffing import Need, Person, PersonGroup, Rules, Shift, role_key
from tourdesk.store import settings, tracked
from tourdesk.store.connection import Store
from tourdesk.store.errors import ConflictError, NotFoundError


def _person_values(person: Person) -> dict[str, Any]:
    return {
        "name": person.name, "person_group": person.group.value, "login": person.login,
        "phone": person.phone, "email": person.email,
        "emergency_contact": person.emergency_contact, "dietary": person.dietary,
        "day_rate_minor": person.day_rate.minor if person.day_rate else None,
        "per_diem_minor": person.per_diem.minor if person.per_diem else None,
        "currency": person.currency, "notes": person.notes, "active": int(person.active),
    }  # fmt: skip


def add_person(store: Store, person: Person) -> int:
    with store.write():
        _refuse_taken(store, person)
        new_id = tracked.insert(store, "people", _person_values(person))
        _set_roles(store, new_id, person.roles)
    return new_id


def update_person(store: Store, person: Person, *, expected_version: int | None = None) -> None:
    """Save an edited person; with `expected_version`, refuse when someone else saved
    them since the form opened. Their roles are replaced by the form's."""
    if person.id is None:
        raise NotFoundError("that person was never saved")
    with store.write():
        _refuse_taken(store, person)
        tracked.update(store, "people", person.id, _person_values(person),
                       expected_version=expected_version)
        _set_roles(store, person.id, person.roles)


def person_version(store: Store, person_id: int) -> int:
    with store.read() as db:
        row = db.execute("SELECT version FROM people WHERE id = ?", [person_id]).fetchone()
    if row is None:
        raise NotFoundError("that person is no longer in the crew list")
    return int(row[0])


def _set_roles(store: Store, person_id: int, roles: Sequence[str]) -> None:
    db = store.db
    db.execute("DELETE FROM person_roles WHERE person_id = ?", [person_id])
    store.table("person_roles").insert_all({"person_id": person_id, "position": i, "role": role}
                                           for i, role in enumerate(roles))


def _refuse_taken(store: Store, person: Person) -> None:
    """A name or login someone else already has."""
    other = person_id(store, person.name)
    if other is not None and other != person.id:
        raise ConflictError(f"there is already a person called {person.name}")
    if person.login:
        with store.read() as db:
            row = db.execute("SELECT id FROM people WHERE login = ?", [person.login]).fetchone()
        if row is not None and row[0] != person.id:
            raise ConflictError(f"login {person.login} already belongs to someone else")


def person_id(store: Store, name: str) -> int | None:
    with store.read() as db:
        row = db.execute("SELECT id FROM people WHERE name = ? COLLATE NOCASE",
                         [" ".join(name.split())]).fetchone()
    return row[0] if row else None


def people(store: Store, *, only: int | None = None,
           among: Iterable[int] | None = None) -> list[Person]:
    """Everyone (or the person `only`, or the people `among`), band first, then crew,
    management and local crew; by name within."""
    args: list[int] = []
    if only is not None:
        among = [only]
    if among is not None:
        args = sorted(set(among))
    where = f" WHERE {{}} IN ({','.join('?' * len(args))})" if among is not None else ""
    with store.read() as db:
        rows = list(db.query("SELECT * FROM people" + where.format("id"), args))
        roles: dict[int, list[str]] = {}
        for r in db.query("SELECT person_id, role FROM person_roles"
                          + where.format("person_id") + " ORDER BY person_id, position", args):
            roles.setdefault(r["person_id"], []).append(r["role"])
    order = list(PersonGroup)
    found = [_person(r, roles.get(r["id"], [])) for r in rows]
    return sorted(found, key=lambda p: (order.index(p.group), p.name.casefold()))


def unbooked(store: Store) -> list[int]:
    """Active people with no assignment on any tour."""
    with store.read() as db:
        return [r[0] for r in db.execute(
            "SELECT id FROM people p WHERE active AND NOT EXISTS "
            "(SELECT 1 FROM assignments a WHERE a.person_id = p.id)")]


def _person(row: dict, roles: Sequence[str]) -> Person:
    def money(minor: int | None) -> Money | None:
        return Money(minor, row["currency"]) if minor is not None else None

    return Person(
        id=row["id"], name=row["name"], roles=tuple(roles), group=PersonGroup(row["person_group"]),
        login=row["login"], phone=row["phone"], email=row["email"],
        emergency_contact=row["emergency_contact"], dietary=row["dietary"],
        day_rate=money(row["day_rate_minor"]), per_diem=money(row["per_diem_minor"]),
        currency=row["currency"], notes=row["notes"], active=bool(row["active"]),
    )  # fmt: skip


def person(store: Store, person_id: int) -> Person:
    found = people(store, only=person_id)
    if not found:
        raise NotFoundError("that person is no longer in the crew list")
    return found[0]


def person_named(store: Store, name: str) -> Person:
    everyone = people(store)
    wanted = " ".join(name.split()).casefold()
    found = [p for p in everyone if p.name.casefold() == wanted or p.login == name.strip()]
    if not found:
        close = [p.name for p in everyone if wanted and wanted in p.name.casefold()]
        hint = f" (did you mean {', '.join(close[:5])}?)" if close else ""
        raise NotFoundError(f"nobody called '{name}' in the crew list{hint}")
    return found[0]


# -- needs and assignments --


def set_need(store: Store, gig_id: int, role: str, count: int) -> None:
    """How many of `role` the day needs; 0 removes the need."""
    with store.write() as db:
        row = db.execute("SELECT id FROM staff_needs WHERE gig_day_id = ? AND role = ? "
                         "COLLATE NOCASE", [gig_id, role]).fetchone()
        if row and count <= 0:
            tracked.delete(store, "staff_needs", row[0])
        elif row:
            tracked.update(store, "staff_needs", row[0], {"count": count})
        elif count > 0:
            tracked.insert(store, "staff_needs", {"gig_day_id": gig_id, "role": role,
                                                  "count": count})


def needs(store: Store, gig_ids: Iterable[int] | None = None) -> list[Need]:
    """What the gig days `gig_ids` (every day when None) need, read for those days only
    (staff_needs_role indexes gig_day_id first)."""
    sql, args = "SELECT gig_day_id, role, count FROM staff_needs", []
    if gig_ids is not None:
        args = sorted(set(gig_ids))
        sql += f" WHERE gig_day_id IN ({','.join('?' * len(args))})"
    with store.read() as db:
        rows = db.query(sql + " ORDER BY gig_day_id, id", args)
        return [Need(r["gig_day_id"], r["role"], r["count"]) for r in rows]


@dataclass(frozen=True, slots=True)
class Assignment:
    id: int
    gig_day_id: int
    person_id: int
    role: str
    call: time | None
    fee: Money | None
    notes: str
    event_id: int | None = None  # one of the day's further events; None: the day's own


def check_call(store: Store, gig_id: int, call: time | None, field: str = "call",
               event_id: int | None = None) -> None:
    """A call follows the schedule's time rules: on a show, rehearsal or studio day a
    call before 06:00 is that night's (the next date), and a time the venue's (or the
    event's) clock skips (the spring-forward gap) is refused with the import's message."""
    if call is None:
        return
    row = store.db.execute(
        "SELECT g.date, g.kind, coalesce(ev.timezone, nullif(e.timezone, ''), v.timezone, "
        "g.timezone) FROM gig_days g LEFT JOIN venues v ON v.id = g.venue_id "
        "LEFT JOIN events e ON e.id = ? AND e.gig_day_id = g.id "
        "LEFT JOIN venues ev ON ev.id = e.venue_id WHERE g.id = ?",
        [event_id, gig_id]).fetchone()
    if row is None or not row[2]:
        return
    day, kind = date.fromisoformat(row[0]), GigKind(row[1])
    on = localtime.item_date(day, call, runs_past_midnight=kind.runs_past_midnight)
    localtime.check_exists(on, call, row[2], field)


def assign(store: Store, gig_id: int, person: Person, role: str, *, call: time | None = None,
           fee: Money | None = None, notes: str = "", field: str = "call",
           event_id: int | None = None) -> int:
    """`person` works the day (its own event, or the further event `event_id`) as `role`."""
    with store.write() as db:
        check_call(store, gig_id, call, field, event_id)
        taken = db.execute("SELECT 1 FROM assignments WHERE gig_day_id = ? AND person_id = ? "
                           "AND role = ? COLLATE NOCASE AND event_id IS ?",
                           [gig_id, person.id, role, event_id]).fetchone()
        if taken:
            raise ConflictError(f"{person.name} already works that "
                                f"{'event' if event_id else 'day'} as {role}")
        return tracked.insert(store, "assignments", {
            "gig_day_id": gig_id, "event_id": event_id, "person_id": person.id, "role": role,
            "call_time": call.strftime("%H:%M") if call else None,
            "fee_minor": fee.minor if fee else None, "fee_currency": fee.currency if fee else None,
            "notes": notes})


def set_call(store: Store, assignment_id: int, call: time | None,
             field: str = "call time") -> None:
    with store.write() as db:
        row = db.execute("SELECT gig_day_id, event_id FROM assignments WHERE id = ?",
                         [assignment_id]).fetchone()
        if row is not None:
            check_call(store, row[0], call, field, row[1])
        tracked.update(store, "assignments", assignment_id,
                       {"call_time": call.strftime("%H:%M") if call else None})


def unassign(store: Store, assignment_id: int) -> None:
    tracked.delete(store, "assignments", assignment_id)


def assignments_on(store: Store, gig_id: int) -> list[Assignment]:
    with store.read() as db:
        rows = db.query("SELECT * FROM assignments WHERE gig_day_id = ? ORDER BY id", [gig_id])
        return [_assignment(r) for r in rows]


def _assignment(r: dict) -> Assignment:
    return Assignment(
        id=r["id"], gig_day_id=r["gig_day_id"], person_id=r["person_id"], role=r["role"],
        call=time.fromisoformat(r["call_time"]) if r["call_time"] else None,
        fee=Money(r["fee_minor"], r["fee_currency"]) if r["fee_minor"] is not None else None,
        notes=r["notes"], event_id=r["event_id"])


def copy_day(store: Store, from_gig: int, to_gigs: Sequence[int]) -> tuple[int, int]:
    """The day's needs and assignments onto other days, in one transaction. What a
    target day already has stays; returns (needs set, assignments added)."""
    set_needs = added = 0
    with store.write():
        source_needs = needs(store, [from_gig])
        # a further event is that day's own: the day's main calls are what is copied
        source = [a for a in assignments_on(store, from_gig) if a.event_id is None]
        everyone = {p.id: p for p in people(store)}
        for gig_id in to_gigs:
            if gig_id == from_gig:
                continue
            for need in source_needs:
                set_need(store, gig_id, need.role, need.count)
                set_needs += 1
            have = {(a.person_id, role_key(a.role)) for a in assignments_on(store, gig_id)
                    if a.event_id is None}
            for a in source:
                if (a.person_id, role_key(a.role)) not in have:
                    assign(store, gig_id, everyone[a.person_id], a.role, call=a.call,
                           fee=a.fee, notes=a.notes)
                    added += 1
    return set_needs, added


# -- what the rules read --

_WORK_KINDS = "('load_in', 'soundcheck', 'doors', 'support', 'set', 'curfew', 'load_out', 'other')"

# A call of one of the day's further events is at the event's place, on its clock and
# status, and its times are the event's items.
# `+event_id`: most items have no event, so an index on event_id would have SQLite walk
# nearly the whole table for each call; the day's index is the one to use
_ITEMS_OF = f"FROM schedule_items WHERE gig_day_id = g.id AND +event_id IS a.event_id " \
            f"AND kind IN {_WORK_KINDS}"
_SHIFT_SQL = f"""
    SELECT a.id, a.person_id, p.name AS person, a.role, a.gig_day_id, t.name AS tour,
           t.id AS tour_id, g.date, g.kind,
           CASE WHEN g.status = 'cancelled' THEN g.status ELSE coalesce(e.status, g.status)
           END AS status,
           CASE WHEN e.id IS NULL THEN coalesce(v.name, g.city)
                ELSE e.label || ', ' || coalesce(ev.name, nullif(e.city, ''), v.name, g.city)
           END AS place,
           coalesce(ev.timezone, nullif(e.timezone, ''), v.timezone, g.timezone) AS zone,
           CASE WHEN e.id IS NULL OR ev.id IS NOT NULL OR e.city = ''
                THEN coalesce(ev.latitude, v.latitude) END AS latitude,
           CASE WHEN e.id IS NULL OR ev.id IS NOT NULL OR e.city = ''
                THEN coalesce(ev.longitude, v.longitude) END AS longitude,
           a.call_time, a.fee_minor AS fee_minor, a.fee_currency, a.event_id,
           (SELECT min(local_date || ' ' || local_time) {_ITEMS_OF}) AS first_item,
           (SELECT max(local_date || ' ' || local_time) {_ITEMS_OF}) AS last_item,
           (SELECT max(coalesce(end_date || ' ' || end_time, local_date || ' ' || local_time))
            {_ITEMS_OF}) AS last_end
    FROM assignments a
    JOIN people p ON p.id = a.person_id
    JOIN gig_days g ON g.id = a.gig_day_id
    JOIN tours t ON t.id = g.tour_id
    LEFT JOIN venues v ON v.id = g.venue_id
    LEFT JOIN events e ON e.id = a.event_id
    LEFT JOIN venues ev ON ev.id = e.venue_id
"""


def shifts(store: Store, *, person: int | None = None, crew_of: int | None = None,
           gig: int | None = None, tour: int | None = None) -> list[Shift]:
    """Every assignment across tours (double bookings cross tours): of one `person`, or
    of everyone who works on the tour `crew_of`, or on the gig day `gig`; with `tour`,
    only that tour's days."""
    where, args = [], []
    if gig is not None:
        where, args = ["a.gig_day_id = ?"], [gig]
    elif person is not None:
        where, args = ["a.person_id = ?"], [person]
    elif crew_of is not None:
        where, args = (["a.person_id IN (SELECT w.person_id FROM assignments w "
                        "JOIN gig_days d ON d.id = w.gig_day_id WHERE d.tour_id = ?)"],
                       [crew_of])
    if tour is not None:
        where, args = [*where, "g.tour_id = ?"], [*args, tour]
    sql = _SHIFT_SQL + (" WHERE " + " AND ".join(where) if where else "")
    with store.read() as db:
        rows = list(db.query(sql + " ORDER BY g.date, a.id", args))
    return [_shift(r) for r in rows]


def studio_shifts(store: Store, *, gig: int | None = None) -> list[Shift]:
    """Each studio session with hours whose engineer is on the crew list, as a shift of
    the engineer from its start to its end (an end at or before the start is after
    midnight); of one gig day with `gig`. For the rules and the day's calls only: a
    session is paid by its rate, not a day rate."""
    sql = """
        SELECT s.id, s.gig_day_id, s.engineer_id, p.name AS person, s.studio, s.room,
               s.start_time, s.end_time, g.date, g.kind, g.status, t.name AS tour,
               coalesce(v.timezone, g.timezone) AS zone, v.latitude, v.longitude
        FROM studio_sessions s JOIN people p ON p.id = s.engineer_id
        JOIN gig_days g ON g.id = s.gig_day_id JOIN tours t ON t.id = g.tour_id
        LEFT JOIN venues v ON v.id = g.venue_id
        WHERE s.start_time IS NOT NULL"""
    with store.read() as db:
        rows = list(db.query(sql + (" AND g.id = ?" if gig is not None else "")
                             + " ORDER BY g.date, s.id", [gig] if gig is not None else []))
    out = []
    for r in rows:
        on = date.fromisoformat(r["date"])
        start, end = time.fromisoformat(r["start_time"]), time.fromisoformat(r["end_time"])
        ends = (on + timedelta(days=1) if end <= start else on, end)
        out.append(Shift(
            assignment_id=-r["id"], person_id=r["engineer_id"], person=r["person"],
            role="studio engineer", gig_day_id=r["gig_day_id"], tour=r["tour"], date=on,
            kind=GigKind(r["kind"]), status=GigStatus(r["status"]),
            place=", ".join(p for p in (r["studio"], r["room"]) if p), zone=r["zone"] or "UTC",
            coordinates=(r["latitude"], r["longitude"]) if r["latitude"] is not None else None,
            call=None, first_item=start, last_item=ends, last_end=ends, studio_id=r["id"]))
    return out


def _local(stamp: str | None) -> tuple[date, time] | None:
    if not stamp:
        return None
    on, at = stamp.split(" ")
    return date.fromisoformat(on), time.fromisoformat(at)


def _shift(r: dict) -> Shift:
    first = _local(r["first_item"])
    return Shift(
        assignment_id=r["id"], person_id=r["person_id"], person=r["person"], role=r["role"],
        gig_day_id=r["gig_day_id"], tour=r["tour"], date=date.fromisoformat(r["date"]),
        kind=GigKind(r["kind"]), status=GigStatus(r["status"]), place=r["place"],
        zone=r["zone"] or "UTC",
        coordinates=(r["latitude"], r["longitude"]) if r["latitude"] is not None else None,
        call=time.fromisoformat(r["call_time"]) if r["call_time"] else None,
        first_item=first[1] if first and first[0] == date.fromisoformat(r["date"]) else None,
        last_item=_local(r["last_item"]),
        fee=Money(r["fee_minor"], r["fee_currency"]) if r["fee_minor"] is not None else None,
        event_id=r["event_id"], last_end=_local(r["last_end"]),
    )  # fmt: skip


def days(store: Store, ids: Iterable[int] | None = None) -> dict[int, tuple[date, str, GigStatus]]:
    """The gig days `ids` (every one when None) as (date, place, status), for the rules'
    messages."""
    sql = ("SELECT g.id, g.date, coalesce(v.name, g.city) AS place, g.status "
           "FROM gig_days g LEFT JOIN venues v ON v.id = g.venue_id")
    args: list[int] = []
    if ids is not None:
        args = sorted(set(ids))
        sql += f" WHERE g.id IN ({','.join('?' * len(args))})"
    with store.read() as db:
        rows = db.query(sql, args)
        return {r["id"]: (date.fromisoformat(r["date"]), r["place"], GigStatus(r["status"]))
                for r in rows}


def rules(store: Store) -> Rules:
    value = settings.get(store, settings.REST_HOURS, "")
    return Rules(rest_hours=float(value)) if value else Rules()


def set_rest_hours(store: Store, hours: float) -> None:
    settings.put(store, settings.REST_HOURS, repr(float(hours)))
