"""A person's travel in their calendar: each segment they are on as an event that
starts on the origin's clock and ends on the destination's (DTSTART and DTEND each
with its own TZID), and each hotel stay they have a room in (timed when check-in and
check-out times are known, else all-day over the nights). Never a cost.

SEQUENCE is the segment's (or stay's) version plus the person's manifest (or room)
row's, less their starting ones, so it grows with every change either makes;
LAST-MODIFIED is the later of the two rows' times."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from tourdesk.domain.text import printable
from tourdesk.domain.travel_plans import HotelStay, Segment, sharing
from tourdesk.services import ics_text
from tourdesk.store import travel as store_travel
from tourdesk.store.connection import Store


@dataclass(frozen=True, slots=True)
class TravelEvents:
    events: list[list[str]]
    zones: set[str]
    dates: list[date]


def _revision(store: Store, table: str, row_id: int, child: str, key: str,
              person_id: int) -> tuple[int, datetime]:
    with store.read() as db:
        own = db.execute(f"SELECT version, updated_at FROM {table} WHERE id = ?",
                         [row_id]).fetchone()
        theirs = db.execute(f"SELECT version, updated_at FROM {child} WHERE {key} = ? "
                            "AND person_id = ?", [row_id, person_id]).fetchone()
    sequence = own[0] - 1 + (theirs[0] - 1 if theirs else 0)
    at = max(own[1], theirs[1]) if theirs else own[1]
    return sequence, datetime.fromisoformat(at)


def person_travel(store: Store, tour_ids: list[int], person_id: int, uid_base: str,
                  now: datetime | None, calendar_name: str,
                  alarm: int | None = None) -> TravelEvents:
    """The person's segments and stays on these tours, as VEVENT lines; with `alarm`,
    each timed one reminds that many minutes before it starts."""
    events: list[list[str]] = []
    zones: set[str] = set()
    dates: list[date] = []
    with store.read():
        names = store_travel.names(store)
        for tour_id in tour_ids:
            for s in store_travel.segments(store, tour_id, person_id=person_id):
                rev = _revision(store, "travel_segments", s.id or 0, "travel_manifest",
                                "segment_id", person_id)
                lines, used = _segment_event(s, person_id, rev, uid_base, now, calendar_name)
                events.append(_with_alarm(lines, alarm))
                zones |= used
                dates += [s.depart_on, s.arrive_on]
            for h in store_travel.stays(store, tour_id, person_id=person_id):
                rev = _revision(store, "hotel_stays", h.id or 0, "hotel_rooms", "stay_id",
                                person_id)
                lines, used = _stay_event(h, person_id, names, rev, uid_base, now,
                                          calendar_name)
                events.append(_with_alarm(lines, alarm))
                zones |= used
                dates += [h.check_in, h.check_out]
    return TravelEvents(events, zones, dates)


def _with_alarm(lines: list[str], alarm: int | None) -> list[str]:
    """The event with a reminder before it, when it is timed (the gig days' rule)."""
    if alarm is None or any(line.startswith("DTSTART;VALUE=DATE") for line in lines):
        return lines
    summary = next(line for line in lines if line.startswith("SUMMARY:"))
    return [*lines[:-1], "BEGIN:VALARM", "ACTION:DISPLAY",
            f"DESCRIPTION:{summary.removeprefix('SUMMARY:')}", f"TRIGGER:-PT{alarm}M",
            "END:VALARM", lines[-1]]


def _head(uid: str, rev: tuple[int, datetime], now: datetime | None, summary: str,
          calendar_name: str) -> list[str]:
    from tourdesk.services.calendar import ORGANIZER

    return ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{ics_text.utc_stamp(now or rev[1])}",
            f"LAST-MODIFIED:{ics_text.utc_stamp(rev[1])}", f"SEQUENCE:{rev[0]}",
            "STATUS:CONFIRMED", f"SUMMARY:{ics_text.text(printable(summary))}",
            f"ORGANIZER;CN={ics_text.param(printable(calendar_name))}:{ORGANIZER}"]


def _segment_event(s: Segment, person_id: int, rev: tuple[int, datetime], uid_base: str,
                   now: datetime | None, calendar_name: str) -> tuple[list[str], set[str]]:
    lines = _head(f"travel-{s.id}-p{person_id}-{uid_base}@tourdesk", rev, now,
                  s.title()[:1].upper() + s.title()[1:], calendar_name)
    zones: set[str] = set()
    for prop, moment, zone_name in (("DTSTART", s.departs, s.origin.zone),
                                    ("DTEND", s.arrives, s.destination.zone)):
        line, named = ics_text.date_time(prop, moment, zone_name)
        lines.append(line)
        if named:
            zones.add(zone_name)
    lines.append(f"LOCATION:{ics_text.text(printable(s.origin.label))}")
    if s.origin.coordinates:
        lat, lon = s.origin.coordinates
        lines.append(f"GEO:{lat:.6f};{lon:.6f}")
    seat = next((p.seat for p in s.passengers if p.person_id == person_id), "")
    about = [f"{s.origin.label} {s.depart_on} {s.depart_at:%H:%M} ({s.origin.zone}) → "
             f"{s.destination.label} {s.arrive_on} {s.arrive_at:%H:%M} ({s.destination.zone})"]
    about += [f"{label}: {value}" for label, value in (
        ("Carrier", s.carrier), ("Booking ref", s.booking_ref), ("Seat", seat),
        ("Baggage", s.baggage)) if value]
    if s.notes:
        about.append(s.notes)
    lines.append(f"DESCRIPTION:{ics_text.text(printable(chr(10).join(about), single_line=False))}")
    lines.append("END:VEVENT")
    return lines, zones


def _stay_event(h: HotelStay, person_id: int, names: dict[int, str], rev: tuple[int, datetime],
                uid_base: str, now: datetime | None, calendar_name: str,
                ) -> tuple[list[str], set[str]]:
    lines = _head(f"hotel-{h.id}-p{person_id}-{uid_base}@tourdesk", rev, now,
                  f"Hotel: {h.hotel}", calendar_name)
    zones: set[str] = set()
    span = h.span()
    if span is not None:
        for prop, moment in (("DTSTART", span[0]), ("DTEND", span[1])):
            line, named = ics_text.date_time(prop, moment, h.zone)
            lines.append(line)
            if named:
                zones.add(h.zone)
    else:  # the nights, all-day (DTEND exclusive: the check-out morning is not a night)
        lines += [f"DTSTART;VALUE=DATE:{ics_text.date_value(h.check_in)}",
                  f"DTEND;VALUE=DATE:{ics_text.date_value(h.check_out)}"]
    lines.append("TRANSP:TRANSPARENT")
    if h.address:
        lines.append(f"LOCATION:{ics_text.text(printable(h.address))}")
    room = next((r for r in h.rooms if r.person_id == person_id), None)
    about = []
    if room is not None:
        shares = [names.get(p, f"person {p}") for p in sharing(h.rooms).get(person_id, [])]
        about.append("Room " + " ".join(x for x in (room.room, f"({room.room_type.value})"
                                                    if room.room_type.value else "") if x)
                     + (f", with {', '.join(shares)}" if shares else ""))
    if h.booking_ref:
        about.append(f"Booking ref: {h.booking_ref}")
    if h.notes:
        about.append(h.notes)
    lines.append(f"DESCRIPTION:{ics_text.text(printable(chr(10).join(about), single_line=False))}")
    lines.append("END:VEVENT")
    return lines, zones
