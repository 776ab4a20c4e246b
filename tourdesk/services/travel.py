"""Travel segments and hotel stays of a tour: added, changed, listed and removed, each
one transaction through `store/tracked.py`; the flight manifest and the rooming list
as CSV, and both read back from CSV (all rows or none).

Airports come offline from the `airportsdata` package (name, coordinates and IANA
zone by IATA code). A segment's cost is money: only roles with READ_MONEY give it or
see it, and it becomes a derived `travel` line of the budget
(`services/budgets.derived_lines`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from tourdesk.domain import localtime
from tourdesk.domain.access import Capability
from tourdesk.domain.errors import ValidationError, ValidationErrors
from tourdesk.domain.travel_plans import (
    Endpoint,
    HotelStay,
    Room,
    Segment,
    room_from_fields,
    segment_from_fields,
    segment_to_fields,
    sharing,
    shift_mark,
    stay_from_fields,
    stay_to_fields,
)
from tourdesk.services.csv_rows import (
    ImportRejected,
    Row,
    RowError,
    field_errors,
    read_rows,
    source_label,
    write_csv,
)
from tourdesk.services.picking import pick_one
from tourdesk.store import crew, gigs
from tourdesk.store import travel as store_travel
from tourdesk.store.connection import Store
from tourdesk.store.errors import ConflictError, ForbiddenError, NotFoundError

if TYPE_CHECKING:
    from airportsdata import Airport  # imported when first needed: a large table

Fields = Mapping[str, str | None]
MONEY_FIELDS = ("cost", "currency")
SEGMENT_COLUMNS = ("mode", "carrier", "number", "from", "to", "from_zone", "to_zone", "depart",
                   "arrive", "ref", "baggage", "notes", "cost", "currency", "people", "seats")
MANIFEST_COLUMNS = ("date", "mode", "carrier", "number", "from", "to", "depart", "arrive",
                    "ref", "name", "seat", "baggage")
ROOM_COLUMNS = ("person", "room", "type")
STAY_COLUMNS = ("hotel", "address", "zone", "in", "out", "ref", "notes")
HOTEL_COLUMNS = (*STAY_COLUMNS, *ROOM_COLUMNS)  # a row per person in a room; one without


@cache
def _airports() -> dict[str, Airport]:
    import airportsdata

    return airportsdata.load("IATA")


def airport(code: str) -> Endpoint | None:
    """An airport by IATA code, from the offline data package."""
    found = _airports().get(code.strip().upper())
    if not found or not found.get("tz"):
        return None
    return Endpoint(place=found["name"], zone=found["tz"], code=found["iata"],
                    coordinates=(float(found["lat"]), float(found["lon"])))


def _people(store: Store) -> dict[str, int]:
    return {p.name: p.id for p in crew.people(store) if p.id is not None}


def crew_names(store: Store) -> dict[str, int]:
    """The crew list by name, for a form that names people (those who book only)."""
    store.require(Capability.WRITE_SCHEDULE)
    return _people(store)


# What a form checks before its text goes to the write queue: the same rules and
# messages as the commands, without the store (the write checks again inside it).

def check_segment(fields: Fields, people: Mapping[str, int]) -> dict[str, str | None]:
    segment_from_fields(fields, tour_id=0, airports=airport, people=people)
    return dict(fields)


def check_stay(fields: Fields) -> dict[str, str | None]:
    """Without a zone the day's is taken when saving; UTC stands in for it here."""
    stay_from_fields(fields, tour_id=0, default_zone="UTC")
    return dict(fields)


def check_room(fields: Fields, people: Mapping[str, int]) -> dict[str, str | None]:
    room_from_fields(fields, people)
    return dict(fields)


def _money_guard(store: Store, fields: Fields) -> None:
    if any((fields.get(f) or "").strip() for f in MONEY_FIELDS) and not store.can(
            Capability.READ_MONEY):
        raise ForbiddenError(f"{store.actor} ({store.role.value}) may not see or give a "
                             "travel cost")


# -- segments --


def add_segment(store: Store, tour_id: int, fields: Fields) -> Segment:
    store.require(Capability.WRITE_SCHEDULE)
    _money_guard(store, fields)
    with store.write():
        new = segment_from_fields(fields, tour_id=tour_id, airports=airport,
                                  people=_people(store))
        return store_travel.segment(store, store_travel.add_segment(store, new))


def find_segment(store: Store, tour_id: int, segment_id: int) -> Segment:
    found = store_travel.segments(store, tour_id, segment_id=segment_id)
    if not found:
        raise NotFoundError(f"the tour has no travel segment {segment_id} (see `travel list`)")
    return found[0]


def set_segment(store: Store, tour_id: int, segment_id: int, fields: Fields, *,
                expected_version: int | None = None) -> Segment:
    """Change the fields given (None: as it is; "" clears). A new `from`/`to` of a
    flight takes the airport's zone; `depart` alone keeps the arrival's date and time."""
    store.require(Capability.WRITE_SCHEDULE)
    _money_guard(store, fields)
    with store.write():
        current = find_segment(store, tour_id, segment_id)
        text = segment_to_fields(current, store_travel.names(store))
        if not store.can(Capability.READ_MONEY):
            text.update(cost="", currency="")
        given = {k: v for k, v in fields.items() if v is not None}
        for end in ("from", "to"):
            if end in given and f"{end}_zone" not in given:
                text[f"{end}_zone"] = ""
        text.update(given)
        edited = segment_from_fields(text, tour_id=tour_id, airports=airport,
                                     people=_people(store), segment_id=current.id,
                                     version=current.version)
        store_travel.update_segment(store, edited, expected_version=expected_version
                                    if expected_version is not None else current.version)
        return store_travel.segment(store, segment_id)


def _unchanged(what: str, version: int, expected: int | None) -> None:
    """A removal of what the user saw is refused when someone changed it since."""
    if expected is not None and version != expected:
        raise ConflictError(f"{what} was changed by someone else since it was shown; "
                            "nothing was removed (look at it again)")


def remove_segment(store: Store, tour_id: int, segment_id: int, *,
                   expected_version: int | None = None) -> Segment:
    store.require(Capability.WRITE_SCHEDULE)
    with store.write():
        gone = find_segment(store, tour_id, segment_id)
        _unchanged(gone.title(), gone.version, expected_version)
        store_travel.delete_segment(store, segment_id)
        return gone


@dataclass(frozen=True, slots=True)
class SegmentRow:
    segment: Segment
    depart: str  # "2027-02-10 21:30 LHR"
    arrive: str  # "06:10+2 SYD" (days after the departure date, each on its own clock)
    duration: str  # "22 h 40"
    people: list[str]  # "Anna Berg (12A)"


def _hm(seconds: float) -> str:
    minutes = round(seconds / 60)
    return f"{minutes // 60} h {minutes % 60:02d}"


def row_of(s: Segment, names: Mapping[int, str]) -> SegmentRow:
    a = s.origin.code or s.origin.place
    b = s.destination.code or s.destination.place
    people = [names.get(p.person_id, f"person {p.person_id}") + (f" ({p.seat})" if p.seat else "")
              for p in s.passengers]
    return SegmentRow(s, f"{s.depart_on} {s.depart_at:%H:%M} {a}",
                      f"{s.arrive_at:%H:%M}{shift_mark(s.day_shift())} {b}",
                      _hm(s.duration.total_seconds()), people)


def segments(store: Store, tour_id: int, *, person_id: int | None = None,
             on: date | None = None) -> list[SegmentRow]:
    """The tour's segments as people read them; a money role's rows keep the cost, the
    others read it as None (the store's authorizer)."""
    store.require(Capability.READ_SCHEDULE)
    with store.read():
        found = store_travel.segments(store, tour_id, person_id=person_id)
        names = store_travel.names(store)
    if on is not None:
        found = [s for s in found if on in (s.depart_on, s.arrive_on)]
    return [row_of(s, names) for s in found]


def export_segments(store: Store, tour_id: int) -> str:
    """The tour's segments as CSV in the columns `import_segments` reads (cost only for
    money roles)."""
    store.require(Capability.READ_SCHEDULE)
    with store.read():
        found = store_travel.segments(store, tour_id)
        names = store_travel.names(store)
    money = store.can(Capability.READ_MONEY)
    rows = []
    for s in found:
        text = segment_to_fields(s, names)
        if not money:
            text.update(cost="", currency="")
        rows.append([text[c] for c in SEGMENT_COLUMNS])
    return write_csv(SEGMENT_COLUMNS, rows)


def manifest_csv(store: Store, tour_id: int, *, segment_id: int | None = None,
                 mode: str | None = "flight") -> str:
    """A travel agent's manifest: one row per person per segment (flights unless
    `mode` says otherwise, None for every mode). Never the cost."""
    store.require(Capability.READ_SCHEDULE)
    with store.read():
        found = store_travel.segments(store, tour_id, segment_id=segment_id)
        names = store_travel.names(store)
    rows = []
    for s in found:
        if segment_id is None and mode is not None and s.mode.value != mode:
            continue
        for p in s.passengers:
            rows.append([s.depart_on.isoformat(), s.mode.value, s.carrier, s.number,
                         s.origin.code or s.origin.place,
                         s.destination.code or s.destination.place,
                         f"{s.depart_on} {s.depart_at:%H:%M}",
                         f"{s.arrive_on} {s.arrive_at:%H:%M}", s.booking_ref,
                         names.get(p.person_id, f"person {p.person_id}"), p.seat, s.baggage])
    return write_csv(MANIFEST_COLUMNS, rows)


def import_segments(store: Store, tour_id: int, source: Path | str, *, name: str = "",
                    ) -> list[Segment]:
    """Segments from CSV (the columns of `export_segments`): every row checked, all
    added in one transaction or none."""
    store.require(Capability.WRITE_SCHEDULE)
    label = source_label(source, name)
    rows = read_rows(source, columns=SEGMENT_COLUMNS,
                     required=("mode", "from", "to", "depart", "arrive"), name=name)
    if any(row.get("cost").strip() or row.get("currency").strip() for row in rows):
        _money_guard(store, {"cost": "given"})
    with store.write():
        people = _people(store)
        parsed: list[Segment] = []
        errors: list[RowError] = []
        for row in rows:
            try:
                parsed.append(segment_from_fields(row.cells, tour_id=tour_id, airports=airport,
                                                  people=people))
            except (ValidationError, ValidationErrors) as exc:
                errors.extend(field_errors(row.line, exc))
        if errors:
            raise ImportRejected(label, errors)
        return [store_travel.segment(store, store_travel.add_segment(store, s))
                for s in parsed]


# -- hotels --


def _day_zone(store: Store, tour_id: int, on: date) -> str:
    gig_id = gigs.id_on(store, tour_id, on)
    return gigs.detail(store, gig_id).timezone if gig_id is not None else ""


def add_stay(store: Store, tour_id: int, fields: Fields) -> HotelStay:
    """A hotel stay; without a zone, the zone of the tour's day on the check-in date."""
    store.require(Capability.WRITE_SCHEDULE)
    with store.write():
        new = _new_stay(store, tour_id, fields)
        return store_travel.stay(store, store_travel.add_stay(store, new))


def find_stay(store: Store, tour_id: int, stay_id: int | None = None,
              hotel: str | None = None) -> HotelStay:
    """The tour's stay by id, by hotel name (the only one so called), or the only one."""
    return pick_one(store_travel.stays(store, tour_id), stay_id, hotel, lambda s: s.hotel,
                    "hotel stay", "on the tour", "hotel list")


def set_stay(store: Store, tour_id: int, fields: Fields, *, stay_id: int | None = None,
             hotel: str | None = None, expected_version: int | None = None) -> HotelStay:
    store.require(Capability.WRITE_SCHEDULE)
    with store.write():
        current = find_stay(store, tour_id, stay_id, hotel)
        text = stay_to_fields(current)
        text.update({k: v for k, v in fields.items() if v is not None})
        edited = stay_from_fields(text, tour_id=tour_id, stay_id=current.id,
                                  version=current.version)
        store_travel.update_stay(store, edited, expected_version=expected_version
                                 if expected_version is not None else current.version)
        return store_travel.stay(store, current.id or 0)


def remove_stay(store: Store, tour_id: int, *, stay_id: int | None = None,
                hotel: str | None = None, expected_version: int | None = None) -> HotelStay:
    store.require(Capability.WRITE_SCHEDULE)
    with store.write():
        gone = find_stay(store, tour_id, stay_id, hotel)
        _unchanged(gone.hotel, gone.version, expected_version)
        store_travel.delete_stay(store, gone.id or 0)
        return gone


def stays(store: Store, tour_id: int, *, person_id: int | None = None,
          on: date | None = None) -> list[HotelStay]:
    store.require(Capability.READ_SCHEDULE)
    return store_travel.stays(store, tour_id, person_id=person_id, on=on)


def set_room(store: Store, tour_id: int, fields: Fields, *, stay_id: int | None = None,
             hotel: str | None = None) -> HotelStay:
    """Put a person in a room (`person`, `room`, `type`): their line added or changed."""
    store.require(Capability.WRITE_SCHEDULE)
    with store.write():
        stay = find_stay(store, tour_id, stay_id, hotel)
        store_travel.set_room(store, stay.id or 0, room_from_fields(fields, _people(store)))
        return store_travel.stay(store, stay.id or 0)


def remove_room(store: Store, tour_id: int, person: str, *, stay_id: int | None = None,
                hotel: str | None = None) -> HotelStay:
    store.require(Capability.WRITE_SCHEDULE)
    with store.write():
        stay = find_stay(store, tour_id, stay_id, hotel)
        found = room_from_fields({"person": person}, _people(store))
        if not store_travel.remove_room(store, stay.id or 0, found.person_id):
            raise NotFoundError(f"{person} has no room at {stay.hotel}")
        return store_travel.stay(store, stay.id or 0)


@dataclass(frozen=True, slots=True)
class RoomLine:
    person: str
    room: str
    room_type: str
    shares: list[str]


def rooming(stay: HotelStay, names: Mapping[int, str]) -> list[RoomLine]:
    """The stay's rooming list: who, which room, its type, who else is in it."""
    shares = sharing(stay.rooms)
    return [RoomLine(names.get(r.person_id, f"person {r.person_id}"), r.room,
                     r.room_type.value, [names.get(p, f"person {p}")
                                         for p in shares.get(r.person_id, [])])
            for r in stay.rooms]


def rooming_list(store: Store, tour_id: int, *, stay_id: int | None = None,
                 hotel: str | None = None) -> tuple[HotelStay, list[RoomLine]]:
    store.require(Capability.READ_SCHEDULE)
    with store.read():
        stay = find_stay(store, tour_id, stay_id, hotel)
        names = store_travel.names(store)
    return stay, rooming(stay, names)


def rooming_csv(lines: Sequence[RoomLine]) -> str:
    """The rooming list for the hotel: the columns `import_rooms` reads, and shares."""
    return write_csv((*ROOM_COLUMNS, "shares"),
                     [(x.person, x.room, x.room_type, "; ".join(x.shares)) for x in lines])


def import_rooms(store: Store, tour_id: int, source: Path | str, *, stay_id: int | None = None,
                 hotel: str | None = None, name: str = "") -> HotelStay:
    """A rooming list from CSV (person, room, type; a `shares` column is ignored, since
    who shares follows from the room): every row checked, all set or none."""
    store.require(Capability.WRITE_SCHEDULE)
    label = source_label(source, name)
    rows = read_rows(source, columns=(*ROOM_COLUMNS, "shares"), required=("person",),
                     name=name)
    with store.write():
        stay = find_stay(store, tour_id, stay_id, hotel)
        people = _people(store)
        parsed: list[Room] = []
        errors: list[RowError] = []
        seen: dict[int, int] = {}
        for row in rows:
            try:
                room = room_from_fields(row.cells, people)
            except (ValidationError, ValidationErrors) as exc:
                errors.extend(field_errors(row.line, exc))
                continue
            if room.person_id in seen:
                errors.append(RowError(row.line, "person", f"{row.get('person')} is also on "
                                                           f"line {seen[room.person_id]}"))
            seen.setdefault(room.person_id, row.line)
            parsed.append(room)
        if errors:
            raise ImportRejected(label, errors)
        for room in parsed:
            store_travel.set_room(store, stay.id or 0, room)
        return store_travel.stay(store, stay.id or 0)


def export_hotels(store: Store, tour_id: int) -> str:
    """Every stay with its rooming list as CSV, one row per person in a room (a stay
    with nobody in one yet: one row without a person); `import_hotels` reads it back."""
    store.require(Capability.READ_SCHEDULE)
    with store.read():
        found = store_travel.stays(store, tour_id)
        names = store_travel.names(store)
    rows = []
    for h in found:
        stay = [stay_to_fields(h)[c] for c in STAY_COLUMNS]
        rooms = rooming(h, names)
        rows += [[*stay, x.person, x.room, x.room_type] for x in rooms] or [[*stay, "", "", ""]]
    return write_csv(HOTEL_COLUMNS, rows)


def _stay_key(row: Row) -> tuple[str, str, str]:
    return (" ".join(row.get("hotel").split()).casefold(), row.get("in").strip(),
            row.get("out").strip())


def import_hotels(store: Store, tour_id: int, source: Path | str, *, name: str = "",
                  ) -> list[HotelStay]:
    """Stays with their rooming lists from CSV (the columns of `export_hotels`): the
    rows of one hotel, check-in and check-out make one stay, whose other stay columns
    must agree (or be empty after its first row); each row naming a person puts them in
    a room. Every row checked, all added in one transaction or none."""
    store.require(Capability.WRITE_SCHEDULE)
    label = source_label(source, name)
    rows = read_rows(source, columns=HOTEL_COLUMNS, required=("hotel", "in", "out"), name=name)
    with store.write():
        people = _people(store)
        errors: list[RowError] = []
        first: dict[tuple[str, str, str], Row] = {}
        parsed: dict[tuple[str, str, str], tuple[HotelStay, list[Room]]] = {}
        seen: dict[tuple[tuple[str, str, str], int], int] = {}
        for row in rows:
            key = _stay_key(row)
            if key not in first:
                first[key] = row
                try:
                    parsed[key] = (_new_stay(store, tour_id, row.cells), [])
                except (ValidationError, ValidationErrors) as exc:
                    errors.extend(field_errors(row.line, exc))
            else:
                errors += [RowError(row.line, c, f"'{row.get(c)}' differs from line "
                                                 f"{first[key].line} for the same stay")
                           for c in STAY_COLUMNS[1:]
                           if row.get(c).strip() and row.get(c).strip()
                           != first[key].get(c).strip()]
            if not row.get("person").strip():
                if row.get("room").strip() or row.get("type").strip():
                    errors.append(RowError(row.line, "person", "a room needs a person"))
                continue
            try:
                room = room_from_fields(row.cells, people)
            except (ValidationError, ValidationErrors) as exc:
                errors.extend(field_errors(row.line, exc))
                continue
            if (key, room.person_id) in seen:
                errors.append(RowError(row.line, "person", f"{row.get('person')} already has "
                                       f"a room there on line {seen[(key, room.person_id)]}"))
            seen.setdefault((key, room.person_id), row.line)
            if key in parsed:
                parsed[key][1].append(room)
        if errors:
            raise ImportRejected(label, sorted(errors, key=lambda e: e.line))
        added = []
        for stay, rooms in parsed.values():
            stay_id = store_travel.add_stay(store, stay)
            for room in rooms:
                store_travel.set_room(store, stay_id, room)
            added.append(store_travel.stay(store, stay_id))
        return added


def _new_stay(store: Store, tour_id: int, fields: Fields) -> HotelStay:
    """A stay from text, its zone the tour day's on the check-in date when not given."""
    default = ""
    if not (fields.get("zone") or "").strip():
        try:
            default = _day_zone(store, tour_id,
                                date.fromisoformat((fields.get("in") or "").strip()[:10]))
        except ValueError:
            default = ""
    return stay_from_fields(fields, tour_id=tour_id, default_zone=default)


# -- what a day and a person see --


@dataclass(frozen=True, slots=True)
class DayTravel:
    departures: list[SegmentRow]
    arrivals: list[SegmentRow]  # those arriving on the day that left on an earlier one
    stays: list[tuple[HotelStay, list[RoomLine]]]
    on: date  # the gig day of the sheet (a show night's small hours are its)

    @property
    def empty(self) -> bool:
        return not (self.departures or self.arrivals or self.stays)


def day_travel(store: Store, tour_id: int, on: date) -> DayTravel:
    """The day's departures and arrivals (local dates at each end) and the hotels the
    party sleeps in that night, with their rooming lists. Never a cost."""
    store.require(Capability.READ_SCHEDULE)
    with store.read():
        found = store_travel.segments(store, tour_id)
        hotels = store_travel.stays(store, tour_id, on=on)
        names = store_travel.names(store)
        nights = {r.date for r in gigs.rows_for_tour(store, tour_id)
                  if r.kind.runs_past_midnight}

    def day_of(when: date, at: time) -> date:  # the show night's small hours are its own
        return localtime.sheet_day(when, at, night_before=when - timedelta(days=1) in nights)

    departures = [row_of(s, names) for s in found if day_of(s.depart_on, s.depart_at) == on]
    arrivals = [row_of(s, names) for s in found if day_of(s.arrive_on, s.arrive_at) == on
                and day_of(s.depart_on, s.depart_at) != on]
    return DayTravel(departures, arrivals, [(h, rooming(h, names)) for h in hotels], on)


def day_lines(travel: DayTravel) -> list[tuple[str, list[str]]]:
    """The day sheet's sections: Travel (each segment with its ref and who), Hotel (each
    stay with its ref, times and rooming list)."""
    sections: list[tuple[str, list[str]]] = []
    lines = []
    for r in travel.departures:
        lines.append(_segment_line(r, "departs", travel.on))
    for r in travel.arrivals:
        lines.append(_segment_line(r, "arrives", travel.on))
    if lines:
        sections.append(("Travel (local times at each end)", lines))
    for stay, rooms in travel.stays:
        out = [stay.hotel + (f", {stay.address}" if stay.address else "")]
        when = f"in {stay.check_in:%a %d %b}" + (f" {stay.check_in_at:%H:%M}"
                                                 if stay.check_in_at else "")
        when += f", out {stay.check_out:%a %d %b}" + (f" {stay.check_out_at:%H:%M}"
                                                      if stay.check_out_at else "")
        out.append(when + (f" · ref {stay.booking_ref}" if stay.booking_ref else ""))
        for room in rooms:
            kind = f" ({room.room_type})" if room.room_type else ""
            shares = f" with {', '.join(room.shares)}" if room.shares else ""
            out.append(f"  {room.room or '—'}{kind}: {room.person}{shares}")
        sections.append(("Hotel", out))
    return sections


def _segment_line(r: SegmentRow, how: str, on: date) -> str:
    s = r.segment
    ref = f" · ref {s.booking_ref}" if s.booking_ref else ""
    who = f" · {', '.join(r.people)}" if r.people else ""
    if how == "departs":
        return (f"{localtime.on_day(s.depart_on, s.depart_at, on)} {s.title()} · arrives "
                f"{r.arrive}{ref}{who}")
    return (f"{localtime.on_day(s.arrive_on, s.arrive_at, on)} arrival: {s.title()} "
            f"(left {r.depart})"
            f"{ref}{who}")



@dataclass(frozen=True, slots=True)
class PersonTravel:
    on: date  # the local departure or check-in date
    what: str  # "flight QF2 LHR → SYD", "hotel The Marker"
    detail: str  # "21:30 → 06:10+2 · ref ABC123 · seat 31A"


def person_travel(store: Store, person_id: int, since: date | None = None,
                  ) -> list[PersonTravel]:
    """One person's segments (their seat) and hotel rooms (who shares), on every tour,
    by date; from `since` on (a stay still running counts). Never a cost."""
    store.require(Capability.READ_SCHEDULE)
    with store.read():
        found = store_travel.travelling(store, [person_id])
        hotels = store_travel.stays(store, None, person_id=person_id)
        names = store_travel.names(store)
    lines = []
    for s in found:
        if since is not None and s.arrive_on < since:
            continue
        r = row_of(s, names)
        seat = next((p.seat for p in s.passengers if p.person_id == person_id), "")
        detail = [f"{s.depart_at:%H:%M} → {r.arrive.split(' ', 1)[0]}"]
        detail += [f"ref {s.booking_ref}"] if s.booking_ref else []
        detail += [f"seat {seat}"] if seat else []
        lines.append(PersonTravel(s.depart_on, s.title(), " · ".join(detail)))
    for h in hotels:
        if since is not None and h.check_out < since:
            continue
        mine = next(x for x in h.rooms if x.person_id == person_id)
        shares = [names.get(p, f"person {p}") for p in sharing(h.rooms).get(person_id, [])]
        room = " ".join(x for x in (f"room {mine.room}" if mine.room else "",
                                    mine.room_type.value) if x) or "room not known yet"
        detail = [f"out {h.check_out:%a %d %b}"]
        detail += [f"ref {h.booking_ref}"] if h.booking_ref else []
        detail += [room + (f" with {', '.join(shares)}" if shares else "")]
        lines.append(PersonTravel(h.check_in, f"hotel {h.hotel}", " · ".join(detail)))
    return sorted(lines, key=lambda x: x.on)
