"""People moving: travel segments (flights, trains, ferries, buses, cars) with their
manifest, and hotel stays with their rooming list. Rules only; no I/O.

Each end of a segment is a place with its own IANA zone, and its local date and time
are what the ticket says at that end. The instants are computed with zoneinfo when
needed, never stored. So a flight leaving Auckland at 21:00 on the 10th may land in
Honolulu at 08:00 on the 10th (earlier on the clock, later in fact: the date line),
and the rule that matters is that the arrival instant comes after the departure
instant. Neither local time may fall in its zone's spring-forward gap; a repeated hour
means its first occurrence, as everywhere else (`domain/localtime`).

A flight's ends are IATA airport codes; the caller resolves them (name, coordinates,
zone) through an `Airports` callable, so this module stays free of data files.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from tourdesk.domain import localtime
from tourdesk.domain.errors import Collector, ValidationError
from tourdesk.domain.models import iso_date, optional_text
from tourdesk.domain.money import Money, currency_code, parse_plain

Fields = Mapping[str, str | None]
MAX_HOURS = 48  # a longer segment is a typing mistake in a date (split a real one)


class Mode(StrEnum):
    FLIGHT = "flight"
    TRAIN = "train"
    FERRY = "ferry"
    BUS = "bus"
    CAR = "car"
    OTHER = "other"

    @property
    def covered(self) -> str:
        """What the route says of a leg travelled this way."""
        return {Mode.FLIGHT: "flown", Mode.TRAIN: "by rail", Mode.FERRY: "ferried",
                Mode.BUS: "by bus", Mode.CAR: "by car"}.get(self, "booked")

    @property
    def replaces_drive(self) -> bool:
        """A flight, a train or a ferry: nobody in the party drives the leg."""
        return self in (Mode.FLIGHT, Mode.TRAIN, Mode.FERRY)


@dataclass(frozen=True, slots=True)
class Endpoint:
    place: str  # "London Heathrow Airport", "Holyhead ferry port"
    zone: str
    code: str = ""  # IATA, for flights
    coordinates: tuple[float, float] | None = None  # (latitude, longitude)

    @property
    def label(self) -> str:
        return f"{self.code} {self.place}" if self.code else self.place


Airports = Callable[[str], Endpoint | None]


@dataclass(frozen=True, slots=True)
class Passenger:
    person_id: int
    seat: str = ""


@dataclass(frozen=True, slots=True)
class Segment:
    tour_id: int
    mode: Mode
    origin: Endpoint
    destination: Endpoint
    depart_on: date
    depart_at: time
    arrive_on: date
    arrive_at: time
    carrier: str = ""
    number: str = ""
    booking_ref: str = ""
    baggage: str = ""
    notes: str = ""
    cost: Money | None = None
    passengers: tuple[Passenger, ...] = ()
    id: int | None = None
    version: int = 1

    @property
    def departs(self) -> datetime:
        """The departure instant (UTC)."""
        return localtime.to_utc(self.depart_on, self.depart_at, self.origin.zone)

    @property
    def arrives(self) -> datetime:
        return localtime.to_utc(self.arrive_on, self.arrive_at, self.destination.zone)

    @property
    def duration(self) -> timedelta:
        return self.arrives - self.departs

    @property
    def name(self) -> str:
        """`flight QF2`, `ferry Stena Line`, `train`."""
        what = self.number if self.number else self.carrier
        return f"{self.mode.value} {what}".strip()

    def title(self) -> str:
        """`flight QF2 LHR → SYD` (never the cost: day sheets are for everyone)."""
        a = self.origin.code or self.origin.place
        b = self.destination.code or self.destination.place
        return f"{self.name} {a} → {b}"

    def day_shift(self) -> int:
        """Calendar days between the departure and arrival dates, each on its own
        clock: +1 the next day, -1 the day before (westward over the date line)."""
        return (self.arrive_on - self.depart_on).days

    def person_ids(self) -> list[int]:
        return [p.person_id for p in self.passengers]


def shift_mark(days: int) -> str:
    return f"{days:+d}" if days else ""


_DATETIME_RE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})[ T]+(\S+)\s*$")


def parse_local(text: str | None, field_name: str) -> tuple[date, time]:
    """`2027-02-10 21:30` (or with a T): a local date and wall time."""
    m = _DATETIME_RE.match(text or "")
    if not m:
        raise ValidationError(field_name, f"'{text or ''}' is not a date and time; write "
                                          "it as YYYY-MM-DD HH:MM, e.g. 2027-02-10 21:30")
    return iso_date(m.group(1), field_name), localtime.parse_wall_time(m.group(2), field_name)


def arrival_after(depart: datetime, text: str | None, zone_name: str, field_name: str,
                  ) -> tuple[date, time]:
    """The arrival as typed: a date and time, or a time alone, meaning the first time
    that clock shows it after the departure (the next day when it is earlier)."""
    value = (text or "").strip()
    if _DATETIME_RE.match(value):
        return parse_local(value, field_name)
    at = localtime.parse_wall_time(value, field_name)
    tz = localtime.zone(zone_name)
    start = depart.astimezone(tz).date()
    for on in (start, start + timedelta(days=1)):
        if localtime.to_utc(on, at, zone_name) > depart:
            return on, at
    return start + timedelta(days=1), at  # pragma: no cover - a day always suffices


def check_times(depart_on: date, depart_at: time, origin_zone: str, arrive_on: date,
                arrive_at: time, destination_zone: str) -> None:
    """Both wall times exist on their clocks; the arrival instant is after the
    departure instant and within MAX_HOURS of it."""
    c = Collector()
    c.check(localtime.check_exists, depart_on, depart_at, origin_zone, "depart")
    c.check(localtime.check_exists, arrive_on, arrive_at, destination_zone, "arrive")
    c.raise_if_any()
    departs = localtime.to_utc(depart_on, depart_at, origin_zone)
    arrives = localtime.to_utc(arrive_on, arrive_at, destination_zone)
    if arrives <= departs:
        there = departs.astimezone(localtime.zone(destination_zone))
        raise ValidationError(
            "arrive", f"{arrive_on} {arrive_at:%H:%M} in {destination_zone} is not after the "
                      f"departure ({depart_on} {depart_at:%H:%M} in {origin_zone} is "
                      f"{there:%Y-%m-%d %H:%M} there); check the dates")
    if arrives - departs > timedelta(hours=MAX_HOURS):
        hours = (arrives - departs) / timedelta(hours=1)
        raise ValidationError("arrive", f"{hours:.0f} hours after the departure; a segment "
                                        f"lasts under {MAX_HOURS} h (split a longer journey, "
                                        "or check the dates)")


def parse_mode(text: str | None) -> Mode:
    value = (text or "").strip().lower()
    try:
        return Mode(value)
    except ValueError:
        raise ValidationError("mode", f"'{text or ''}' is not one of "
                                      f"{', '.join(m.value for m in Mode)}") from None


def _endpoint(fields: Fields, end: str, mode: Mode, airports: Airports) -> Endpoint:
    text = (fields.get(end) or "").strip()
    zone_text = (fields.get(f"{end}_zone") or "").strip()
    if not text:
        raise ValidationError(end, "required: where the segment " +
                              ("leaves from" if end == "from" else "arrives"))
    if mode is Mode.FLIGHT:
        code = text.upper()
        found = airports(code) if re.fullmatch(r"[A-Z]{3}", code) else None
        if found is None:
            raise ValidationError(end, f"'{text}' is not an airport code we know (IATA, three "
                                       "letters, e.g. LHR)")
        if zone_text and zone_text != found.zone:
            raise ValidationError(f"{end} zone", f"{code} is in {found.zone}, not {zone_text}")
        return found
    optional_text(text, end, max_len=200)
    if not zone_text:
        raise ValidationError(f"{end} zone", f"the zone of {text} is required, e.g. "
                                             "Europe/London")
    localtime.zone(zone_text, f"{end} zone")
    return Endpoint(place=text, zone=zone_text)


def parse_people(text: str | None, people: Mapping[str, int], field_name: str = "people",
                 ) -> list[int]:
    """`Anna Berg;Ben Ode`: names on the crew list (any case), each once."""
    folded = {name.casefold(): pid for name, pid in people.items()}
    found: list[int] = []
    for name in (n.strip() for n in (text or "").split(";")):
        if not name:
            continue
        pid = folded.get(name.casefold())
        if pid is None:
            raise ValidationError(field_name, f"nobody called '{name}' on the crew list "
                                              "(names separated by ;)")
        if pid in found:
            raise ValidationError(field_name, f"'{name}' is named twice")
        found.append(pid)
    return found


def _passengers(fields: Fields, people: Mapping[str, int]) -> tuple[Passenger, ...]:
    ids = parse_people(fields.get("people"), people)
    seats = [s.strip() for s in (fields.get("seats") or "").split(";")]
    if seats == [""]:
        seats = []
    if seats and len(seats) != len(ids):
        raise ValidationError("seats", f"{len(seats)} seat(s) for {len(ids)} people; give one "
                                       "per person in the same order (empty for none)")
    for seat in seats:
        optional_text(seat, "seats", max_len=10)
    return tuple(Passenger(pid, seats[n] if seats else "") for n, pid in enumerate(ids))


def segment_from_fields(fields: Fields, *, tour_id: int, airports: Airports,
                        people: Mapping[str, int], segment_id: int | None = None,
                        version: int = 1) -> Segment:
    """A segment from text (CLI options, a CSV row). Fields: mode, carrier, number,
    from, to (IATA codes for a flight; places for the rest, with from_zone and
    to_zone), depart (`YYYY-MM-DD HH:MM` on the origin's clock), arrive (the same on the
    destination's clock, or a time alone: the first after the departure), ref, baggage,
    notes, cost with currency, people (`A;B`) and seats (`12A;12B`, in that order)."""
    c = Collector()
    get = fields.get
    mode = c.check(parse_mode, get("mode") or "")
    origin = c.check(_endpoint, fields, "from", mode, airports) if mode else None
    destination = c.check(_endpoint, fields, "to", mode, airports) if mode else None
    carrier = c.check(optional_text, get("carrier"), "carrier", max_len=100) or ""
    number = (c.check(optional_text, get("number"), "number", max_len=20) or "").upper() \
        if mode is Mode.FLIGHT else c.check(optional_text, get("number"), "number",
                                            max_len=20) or ""
    ref = c.check(optional_text, get("ref"), "ref", max_len=40) or ""
    baggage = c.check(optional_text, get("baggage"), "baggage", max_len=200) or ""
    notes = c.check(optional_text, get("notes"), "notes", multiline=True) or ""
    passengers = c.check(_passengers, fields, people)
    departure = c.check(parse_local, get("depart"), "depart")
    cost = None
    if (get("cost") or "").strip():
        code = c.check(currency_code, get("currency"), "currency")
        cost = c.check(parse_plain, get("cost"), code, "cost") if code else None
    elif (get("currency") or "").strip():
        c.errors.append(ValidationError("cost", "a currency without a cost"))
    arrival = None
    if departure and origin and destination:
        try:
            localtime.check_exists(departure[0], departure[1], origin.zone, "depart")
            departs = localtime.to_utc(departure[0], departure[1], origin.zone)
            arrival = c.check(arrival_after, departs, get("arrive"), destination.zone, "arrive")
        except ValidationError as exc:
            c.errors.append(exc)
        if arrival:
            c.check(check_times, departure[0], departure[1], origin.zone, arrival[0],
                    arrival[1], destination.zone)
    elif not (get("arrive") or "").strip():
        c.errors.append(ValidationError("arrive", "required: when the segment arrives"))
    c.raise_if_any()
    assert mode and origin and destination and departure and arrival
    return Segment(
        tour_id=tour_id, mode=mode, origin=origin, destination=destination,
        depart_on=departure[0], depart_at=departure[1], arrive_on=arrival[0],
        arrive_at=arrival[1], carrier=carrier, number=number, booking_ref=ref,
        baggage=baggage, notes=notes, cost=cost, passengers=passengers or (),
        id=segment_id, version=version)


def segment_to_fields(s: Segment, names: Mapping[int, str]) -> dict[str, str]:
    """The text `segment_from_fields` reads back to the same segment."""
    return {
        "mode": s.mode.value, "carrier": s.carrier, "number": s.number,
        "from": s.origin.code or s.origin.place, "to": s.destination.code or s.destination.place,
        "from_zone": s.origin.zone, "to_zone": s.destination.zone,
        "depart": f"{s.depart_on} {s.depart_at:%H:%M}",
        "arrive": f"{s.arrive_on} {s.arrive_at:%H:%M}",
        "ref": s.booking_ref, "baggage": s.baggage, "notes": s.notes,
        "cost": s.cost.plain() if s.cost else "", "currency": s.cost.currency if s.cost else "",
        "people": ";".join(names.get(p.person_id, f"person {p.person_id}")
                           for p in s.passengers),
        "seats": ";".join(p.seat for p in s.passengers) if any(
            p.seat for p in s.passengers) else "",
    }  # fmt: skip


# -- hotels --


class RoomType(StrEnum):
    NONE = ""
    SINGLE = "single"
    DOUBLE = "double"
    TWIN = "twin"
    TRIPLE = "triple"
    SUITE = "suite"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Room:
    person_id: int
    room: str = ""
    room_type: RoomType = RoomType.NONE
    id: int | None = None
    version: int = 1


@dataclass(frozen=True, slots=True)
class HotelStay:
    tour_id: int
    hotel: str
    zone: str
    check_in: date
    check_out: date
    check_in_at: time | None = None
    check_out_at: time | None = None
    address: str = ""
    booking_ref: str = ""
    notes: str = ""
    rooms: tuple[Room, ...] = field(default=())
    id: int | None = None
    version: int = 1

    def nights(self) -> int:
        return (self.check_out - self.check_in).days

    def covers(self, on: date) -> bool:
        """Whether the party sleeps here the night of `on`."""
        return self.check_in <= on < self.check_out

    def span(self) -> tuple[datetime, datetime] | None:
        """Check-in to check-out as instants (UTC), when both times are known."""
        if self.check_in_at is None or self.check_out_at is None:
            return None
        return (localtime.to_utc(self.check_in, self.check_in_at, self.zone),
                localtime.to_utc(self.check_out, self.check_out_at, self.zone))


def _stay_point(text: str | None, field_name: str) -> tuple[date, time | None]:
    value = (text or "").strip()
    if not value:
        raise ValidationError(field_name, "required: a date (YYYY-MM-DD), with a time if known")
    if _DATETIME_RE.match(value):
        return parse_local(value, field_name)
    return iso_date(value, field_name), None


def stay_from_fields(fields: Fields, *, tour_id: int, default_zone: str = "",
                     stay_id: int | None = None, version: int = 1,
                     rooms: Sequence[Room] = ()) -> HotelStay:
    """A stay from text: hotel, address, zone (else `default_zone`: the day's), in and
    out (`YYYY-MM-DD` or `YYYY-MM-DD HH:MM`), ref, notes."""
    c = Collector()
    get = fields.get
    hotel = c.check(optional_text, get("hotel"), "hotel", max_len=200) or ""
    if not hotel:
        c.errors.append(ValidationError("hotel", "required: the hotel's name"))
    address = c.check(optional_text, get("address"), "address", max_len=300) or ""
    ref = c.check(optional_text, get("ref"), "ref", max_len=40) or ""
    notes = c.check(optional_text, get("notes"), "notes", multiline=True) or ""
    zone_name = (get("zone") or "").strip() or default_zone
    zone_ok = c.check(localtime.zone, zone_name, "zone")
    check_in = c.check(_stay_point, get("in"), "in")
    check_out = c.check(_stay_point, get("out"), "out")
    if check_in and check_out:
        if check_out[0] <= check_in[0]:
            c.errors.append(ValidationError("out", f"{check_out[0]} is not after the check-in "
                                                   f"date {check_in[0]}"))
        elif zone_ok:
            for (on, at), name in ((check_in, "in"), (check_out, "out")):
                if at is not None:
                    c.check(localtime.check_exists, on, at, zone_name, name)
    c.raise_if_any()
    assert check_in and check_out
    return HotelStay(tour_id=tour_id, hotel=hotel, zone=zone_name, check_in=check_in[0],
                     check_in_at=check_in[1], check_out=check_out[0], check_out_at=check_out[1],
                     address=address, booking_ref=ref, notes=notes, rooms=tuple(rooms),
                     id=stay_id, version=version)


def stay_to_fields(s: HotelStay) -> dict[str, str]:
    def point(on: date, at: time | None) -> str:
        return f"{on} {at:%H:%M}" if at else str(on)

    return {"hotel": s.hotel, "address": s.address, "zone": s.zone,
            "in": point(s.check_in, s.check_in_at), "out": point(s.check_out, s.check_out_at),
            "ref": s.booking_ref, "notes": s.notes}


def parse_room_type(text: str | None) -> RoomType:
    value = (text or "").strip().lower()
    try:
        return RoomType(value)
    except ValueError:
        raise ValidationError("type", f"'{text}' is not a room type ("
                                      f"{', '.join(t.value for t in RoomType if t.value)})"
                              ) from None


def room_from_fields(fields: Fields, people: Mapping[str, int]) -> Room:
    """One line of a rooming list: person (a name on the crew list), room, type."""
    c = Collector()
    ids = c.check(parse_people, fields.get("person"), people, "person")
    room = c.check(optional_text, fields.get("room"), "room", max_len=20) or ""
    kind = c.check(parse_room_type, fields.get("type"))
    if ids is not None and len(ids) != 1 and not c.errors:
        c.errors.append(ValidationError("person", "name one person"))
    c.raise_if_any()
    assert ids is not None and kind is not None
    return Room(ids[0], room, kind)


def sharing(rooms: Sequence[Room]) -> dict[int, list[int]]:
    """Per person, who else is in their room (same room number, not empty)."""
    by_room: dict[str, list[int]] = {}
    for r in rooms:
        if r.room:
            by_room.setdefault(r.room.casefold(), []).append(r.person_id)
    return {r.person_id: [p for p in by_room.get(r.room.casefold(), []) if p != r.person_id]
            for r in rooms}
