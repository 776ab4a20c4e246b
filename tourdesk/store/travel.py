"""Queries for travel segments, their manifest, hotel stays and rooming lists (schema
v19). A segment's cost reads as NULL for roles without READ_MONEY (the connection's
authorizer); a write by such a role leaves it as it is."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time
from typing import Any

from tourdesk.domain.access import Capability
from tourdesk.domain.money import Money
from tourdesk.domain.travel_plans import (
    Endpoint,
    HotelStay,
    Mode,
    Passenger,
    Room,
    RoomType,
    Segment,
)
from tourdesk.store import tracked
from tourdesk.store.connection import Store
from tourdesk.store.errors import NotFoundError

MONEY_COLUMNS = ("cost_minor", "currency")


def _segment_values(store: Store, s: Segment) -> dict[str, Any]:
    def ends(prefix: str, e: Endpoint) -> dict[str, Any]:
        lat, lon = e.coordinates if e.coordinates else (None, None)
        return {f"{prefix}_code": e.code, f"{prefix}_place": e.place, f"{prefix}_zone": e.zone,
                f"{prefix}_lat": lat, f"{prefix}_lon": lon}

    values: dict[str, Any] = {
        "tour_id": s.tour_id, "mode": s.mode.value, "carrier": s.carrier, "number": s.number,
        **ends("from", s.origin), **ends("to", s.destination),
        "depart_date": s.depart_on.isoformat(), "depart_time": f"{s.depart_at:%H:%M}",
        "arrive_date": s.arrive_on.isoformat(), "arrive_time": f"{s.arrive_at:%H:%M}",
        "booking_ref": s.booking_ref, "baggage": s.baggage, "notes": s.notes,
        "cost_minor": s.cost.minor if s.cost else None,
        "currency": s.cost.currency if s.cost else None,
    }  # fmt: skip
    if not store.can(Capability.READ_MONEY):
        values = {k: v for k, v in values.items() if k not in MONEY_COLUMNS}
    return values


def add_segment(store: Store, s: Segment) -> int:
    store.require(Capability.WRITE_SCHEDULE)
    with store.write():
        segment_id = tracked.insert(store, "travel_segments", _segment_values(store, s))
        _set_manifest(store, segment_id, s.passengers)
    return segment_id


def update_segment(store: Store, s: Segment, *, expected_version: int | None = None) -> None:
    store.require(Capability.WRITE_SCHEDULE)
    assert s.id is not None
    with store.write():
        tracked.update(store, "travel_segments", s.id, _segment_values(store, s),
                       expected_version=expected_version)
        _set_manifest(store, s.id, s.passengers)


def delete_segment(store: Store, segment_id: int) -> None:
    store.require(Capability.WRITE_SCHEDULE)
    with store.write() as db:
        for (row_id,) in db.execute("SELECT id FROM travel_manifest WHERE segment_id = ?",
                                    [segment_id]).fetchall():
            tracked.delete(store, "travel_manifest", row_id)
        tracked.delete(store, "travel_segments", segment_id)


def _set_manifest(store: Store, segment_id: int, passengers: tuple[Passenger, ...]) -> None:
    """The manifest becomes `passengers`: rows added, changed or removed one by one (each
    in the change log), so a person's calendar moves only when their row does."""
    db = store.db
    current = {r["person_id"]: r for r in db.query(
        "SELECT id, person_id, seat FROM travel_manifest WHERE segment_id = ?", [segment_id])}
    wanted = {p.person_id: p for p in passengers}
    for pid, row in current.items():
        if pid not in wanted:
            tracked.delete(store, "travel_manifest", row["id"])
        elif wanted[pid].seat != row["seat"]:
            tracked.update(store, "travel_manifest", row["id"], {"seat": wanted[pid].seat})
    for pid, p in wanted.items():
        if pid not in current:
            tracked.insert(store, "travel_manifest", {"segment_id": segment_id,
                                                      "person_id": pid, "seat": p.seat})


def _segment(r: dict, passengers: tuple[Passenger, ...]) -> Segment:
    def end(prefix: str) -> Endpoint:
        lat, lon = r[f"{prefix}_lat"], r[f"{prefix}_lon"]
        return Endpoint(place=r[f"{prefix}_place"], zone=r[f"{prefix}_zone"],
                        code=r[f"{prefix}_code"],
                        coordinates=(lat, lon) if lat is not None and lon is not None else None)

    cost = Money(r["cost_minor"], r["currency"]) if r["cost_minor"] is not None \
        and r["currency"] else None
    return Segment(
        tour_id=r["tour_id"], mode=Mode(r["mode"]), origin=end("from"), destination=end("to"),
        depart_on=date.fromisoformat(r["depart_date"]),
        depart_at=time.fromisoformat(r["depart_time"]),
        arrive_on=date.fromisoformat(r["arrive_date"]),
        arrive_at=time.fromisoformat(r["arrive_time"]), carrier=r["carrier"],
        number=r["number"], booking_ref=r["booking_ref"], baggage=r["baggage"],
        notes=r["notes"], cost=cost, passengers=passengers, id=r["id"], version=r["version"])


def segments(store: Store, tour_id: int, *, person_id: int | None = None,
             segment_id: int | None = None) -> list[Segment]:
    """The tour's segments by departure (local date and time at the origin), with their
    manifests; only those `person_id` is on, or the one `segment_id`."""
    where, args = "s.tour_id = ?", [tour_id]
    if person_id is not None:
        where += " AND s.id IN (SELECT segment_id FROM travel_manifest WHERE person_id = ?)"
        args.append(person_id)
    if segment_id is not None:
        where += " AND s.id = ?"
        args.append(segment_id)
    return _segments(store, where, args)


def travelling(store: Store, person_ids: Iterable[int] | None = None) -> list[Segment]:
    """Every tour's segments that any of `person_ids` is on (all of them when None): what
    the staffing check holds calls against."""
    if person_ids is None:
        return _segments(store, "1", [])
    ids = sorted(set(person_ids))
    return _segments(store, "s.id IN (SELECT segment_id FROM travel_manifest WHERE person_id "
                            f"IN ({','.join('?' * len(ids))}))", ids) if ids else []


def _segments(store: Store, where: str, args: list[Any]) -> list[Segment]:
    with store.read() as db:
        rows = list(db.query(f"SELECT s.* FROM travel_segments s WHERE {where} "
                             "ORDER BY s.depart_date, s.depart_time, s.id", args))
        manifest: dict[int, list[Passenger]] = {}
        for m in db.query("SELECT m.segment_id, m.person_id, m.seat FROM travel_manifest m "
                          "JOIN travel_segments s ON s.id = m.segment_id "
                          "JOIN people p ON p.id = m.person_id "
                          f"WHERE {where} ORDER BY m.id", args):
            manifest.setdefault(m["segment_id"], []).append(Passenger(m["person_id"], m["seat"]))
    return [_segment(r, tuple(manifest.get(r["id"], ()))) for r in rows]


def segment(store: Store, segment_id: int) -> Segment:
    with store.read() as db:
        row = db.execute("SELECT tour_id FROM travel_segments WHERE id = ?",
                         [segment_id]).fetchone()
        found = segments(store, row[0], segment_id=segment_id) if row else []
    if not found:
        raise NotFoundError(f"travel segment {segment_id} does not exist (removed by someone "
                            "else?)")
    return found[0]


# -- hotels --


def _stay_values(s: HotelStay) -> dict[str, Any]:
    return {
        "tour_id": s.tour_id, "hotel": s.hotel, "address": s.address, "timezone": s.zone,
        "check_in_date": s.check_in.isoformat(),
        "check_in_time": f"{s.check_in_at:%H:%M}" if s.check_in_at else None,
        "check_out_date": s.check_out.isoformat(),
        "check_out_time": f"{s.check_out_at:%H:%M}" if s.check_out_at else None,
        "booking_ref": s.booking_ref, "notes": s.notes,
    }  # fmt: skip


def add_stay(store: Store, s: HotelStay) -> int:
    store.require(Capability.WRITE_SCHEDULE)
    return tracked.insert(store, "hotel_stays", _stay_values(s))


def update_stay(store: Store, s: HotelStay, *, expected_version: int | None = None) -> None:
    store.require(Capability.WRITE_SCHEDULE)
    assert s.id is not None
    tracked.update(store, "hotel_stays", s.id, _stay_values(s), expected_version=expected_version)


def delete_stay(store: Store, stay_id: int) -> None:
    store.require(Capability.WRITE_SCHEDULE)
    with store.write() as db:
        for (row_id,) in db.execute("SELECT id FROM hotel_rooms WHERE stay_id = ?",
                                    [stay_id]).fetchall():
            tracked.delete(store, "hotel_rooms", row_id)
        tracked.delete(store, "hotel_stays", stay_id)


def set_room(store: Store, stay_id: int, room: Room) -> None:
    """A person's line on the stay's rooming list, added or changed."""
    store.require(Capability.WRITE_SCHEDULE)
    with store.write() as db:
        row = db.execute("SELECT id FROM hotel_rooms WHERE stay_id = ? AND person_id = ?",
                         [stay_id, room.person_id]).fetchone()
        values = {"room": room.room, "room_type": room.room_type.value}
        if row:
            tracked.update(store, "hotel_rooms", row[0], values)
        else:
            tracked.insert(store, "hotel_rooms", {"stay_id": stay_id,
                                                  "person_id": room.person_id, **values})


def remove_room(store: Store, stay_id: int, person_id: int) -> bool:
    store.require(Capability.WRITE_SCHEDULE)
    with store.write() as db:
        row = db.execute("SELECT id FROM hotel_rooms WHERE stay_id = ? AND person_id = ?",
                         [stay_id, person_id]).fetchone()
        if row:
            tracked.delete(store, "hotel_rooms", row[0])
        return row is not None


def _stay(r: dict, rooms: tuple[Room, ...]) -> HotelStay:
    def clock(text: str | None) -> time | None:
        return time.fromisoformat(text) if text else None

    return HotelStay(
        tour_id=r["tour_id"], hotel=r["hotel"], zone=r["timezone"],
        check_in=date.fromisoformat(r["check_in_date"]),
        check_out=date.fromisoformat(r["check_out_date"]),
        check_in_at=clock(r["check_in_time"]), check_out_at=clock(r["check_out_time"]),
        address=r["address"], booking_ref=r["booking_ref"], notes=r["notes"], rooms=rooms,
        id=r["id"], version=r["version"])


def stays(store: Store, tour_id: int | None, *, person_id: int | None = None,
          on: date | None = None) -> list[HotelStay]:
    """The tour's stays (every tour's with None) by check-in, with their rooming lists
    (by room, then name); only those `person_id` has a room in, or those that cover the
    night of `on`."""
    where = "h.tour_id = ?" if tour_id is not None else "1"
    args: list[object] = [tour_id] if tour_id is not None else []
    if person_id is not None:
        where += " AND h.id IN (SELECT stay_id FROM hotel_rooms WHERE person_id = ?)"
        args.append(person_id)
    if on is not None:
        where += " AND h.check_in_date <= ? AND h.check_out_date > ?"
        args += [on.isoformat(), on.isoformat()]
    with store.read() as db:
        rows = list(db.query(f"SELECT h.* FROM hotel_stays h WHERE {where} "
                             "ORDER BY h.check_in_date, h.id", args))
        rooms: dict[int, list[Room]] = {}
        for m in db.query("SELECT r.* FROM hotel_rooms r JOIN hotel_stays h ON h.id = r.stay_id "
                          f"JOIN people p ON p.id = r.person_id WHERE {where} "
                          "ORDER BY r.room = '', r.room, p.name", args):
            rooms.setdefault(m["stay_id"], []).append(
                Room(m["person_id"], m["room"], RoomType(m["room_type"]), m["id"], m["version"]))
    return [_stay(r, tuple(rooms.get(r["id"], ()))) for r in rows]


def stay(store: Store, stay_id: int) -> HotelStay:
    with store.read() as db:
        row = db.execute("SELECT tour_id FROM hotel_stays WHERE id = ?", [stay_id]).fetchone()
        found = [s for s in stays(store, row[0]) if s.id == stay_id] if row else []
    if not found:
        raise NotFoundError(f"hotel stay {stay_id} does not exist (removed by someone else?)")
    return found[0]


def names(store: Store) -> dict[int, str]:
    with store.read() as db:
        return dict(db.execute("SELECT id, name FROM people").fetchall())
