"""iCalendar files that land at the right local time on any phone.

Every timed event carries the venue's IANA zone as TZID, with a VTIMEZONE generated
from the same zoneinfo rules the app uses (bounded to the tour's years, so the file
stays small). Off and travel days are all-day events (VALUE=DATE, exclusive end).
UIDs come from database keys and the database's own id, so they are stable across
exports; SEQUENCE counts the recorded changes to the day, its schedule and its venue,
so it moves whenever the event does. No money ever goes into a calendar.

A calendar is for an audience: the whole tour (every item), the band (the items the
band plays to, their calls), the crew (every item, every crew call), or one person (only
the days they work, starting at their call, and their travel segments and hotel stays:
`services/travel_calendar`). Each audience has its own UIDs, so a phone subscribed to
two of them keeps two events.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path

from tourdesk.domain import localtime
from tourdesk.domain.access import Capability, Role
from tourdesk.domain.errors import ValidationError
from tourdesk.domain.kinds import GigKind, GigStatus, ScheduleKind
from tourdesk.domain.staffing import PersonGroup, Shift
from tourdesk.domain.text import printable
from tourdesk.services import ics_text
from tourdesk.services.daysheet import schedule_lines
from tourdesk.services.files import write_new
from tourdesk.services.travel_calendar import person_travel
from tourdesk.store import crew, gigs, tours
from tourdesk.store.connection import Store
from tourdesk.store.errors import ForbiddenError
from tourdesk.store.gigs import GigDetail

STATUS = {
    GigStatus.CONFIRMED: "CONFIRMED",
    GigStatus.HOLD: "TENTATIVE",
    GigStatus.OFFER: "TENTATIVE",
    GigStatus.CANCELLED: "CANCELLED",
}


class Audience(StrEnum):
    TOUR = "tour"
    BAND = "band"
    CREW = "crew"
    PERSON = "person"


# What the band needs of a show day: not the crew's load-in and load-out.
BAND_ITEMS = frozenset(ScheduleKind) - {ScheduleKind.LOAD_IN, ScheduleKind.LOAD_OUT}


@dataclass(frozen=True, slots=True)
class Scope:
    audience: Audience = Audience.TOUR
    person_id: int | None = None  # with Audience.PERSON

    def __post_init__(self) -> None:
        if (self.audience is Audience.PERSON) != (self.person_id is not None):
            raise ValueError("a person's calendar needs the person, and only it does")

    @property
    def uid_part(self) -> str:
        """Empty for the whole tour, so its UIDs stay what they always were."""
        if self.audience is Audience.TOUR:
            return ""
        if self.audience is Audience.PERSON:
            return f"p{self.person_id}-"
        return f"{self.audience.value}-"

    def sees(self, shift: Shift, group: PersonGroup) -> bool:
        """Whose calls this calendar lists."""
        if self.audience is Audience.PERSON:
            return shift.person_id == self.person_id
        if self.audience is Audience.BAND:
            return group is PersonGroup.BAND
        if self.audience is Audience.CREW:
            return group is not PersonGroup.BAND
        return True

    def items(self, detail: GigDetail, group: PersonGroup | None = None) -> GigDetail:
        """The day with the items this calendar shows. The band (and a band member)
        sees a show day without the crew's load-in and load-out; a rehearsal or studio
        day is the band's whole working day, from load-in."""
        band = self.audience is Audience.BAND or (
            self.audience is Audience.PERSON and group is PersonGroup.BAND)
        if not band or detail.gig.kind is not GigKind.SHOW:
            return detail
        return replace(detail, items=[i for i in detail.items if i.kind in BAND_ITEMS])


@dataclass(frozen=True, slots=True)
class Revision:
    sequence: int
    last_modified: datetime


def database_id(store: Store) -> str:
    with store.read() as db:
        return db.execute("SELECT value FROM meta WHERE key = 'database_id'").fetchone()[0]


def revision_parts(scope: Scope, group: PersonGroup | None = None) -> tuple[str, ...]:
    """Which of a day's revision counters (`calendar_revisions.part`) a scope's event
    follows: 'all' (the day, every item, its venue), 'band' (the day, the items the band
    sees, its venue), the band's or the crew's calls, or one person's calls."""
    if scope.audience is Audience.TOUR:
        return ("all",)
    if scope.audience is Audience.BAND:
        return ("band", "calls:band")
    if scope.audience is Audience.CREW:
        return ("all", "calls:crew")
    return ("band" if group is PersonGroup.BAND else "all", f"p{scope.person_id}")


def revisions(store: Store, details: list[GigDetail], scope: Scope = Scope(),
              group: PersonGroup | None = None) -> dict[int, Revision]:
    """Per gig day: how often its event in this scope changed (SEQUENCE) and when
    (LAST-MODIFIED), from the day's own counters. The schema's triggers keep them as
    each change is recorded (creation does not count), so they only grow and an
    export never replays the change log."""
    parts = revision_parts(scope, group)
    found: dict[int, tuple[int, str]] = {}
    ids = [d.gig.saved_id for d in details]
    marks = ", ".join("?" * len(parts))
    with store.read() as db:
        for chunk in range(0, len(ids), 500):
            some = ids[chunk:chunk + 500]
            rows = db.execute(
                f"SELECT gig_day_id, sum(revision), max(changed_at) FROM calendar_revisions "
                f"WHERE part IN ({marks}) AND gig_day_id IN ({', '.join('?' * len(some))}) "
                f"GROUP BY gig_day_id", [*parts, *some])
            for gig_id, total, at in rows:
                found[gig_id] = (total, at)
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    return {g: Revision(found[g][0], datetime.fromisoformat(found[g][1])) if g in found
            else Revision(0, epoch) for g in ids}


# The one group calendar a role that may not see everybody's calls may still export:
# crew the crew's, band the band's; both their own person's too.
OWN_GROUP = {Role.CREW: Audience.CREW, Role.BAND: Audience.BAND}


def require_scope(store: Store, scope: Scope) -> None:
    """A calendar lists calls: the whole tour's needs READ_CREW; a crew or band login gets
    its own group's calendar and its own person's. No scope ever carries money."""
    if store.can(Capability.READ_CREW) or scope.audience is OWN_GROUP.get(store.role):
        return
    if scope.audience is Audience.PERSON and store.person_id is not None:
        store.require_person(scope.person_id, Capability.READ_CREW)
        return
    allowed = OWN_GROUP.get(store.role)
    also = f" (only the {allowed.value} calendar or your own)" if allowed else ""
    raise ForbiddenError(f"{store.actor} ({store.role.value}) may not export the "
                         f"{scope.audience.value} calendar{also}")


def export_tour(store: Store, tour_id: int, *, only_gig: int | None = None,
                scope: Scope = Scope(), now: datetime | None = None,
                alarm: int | None = None) -> bytes:
    """The tour (or one of its gig days) as an iCalendar file for `scope`."""
    return export_tours(store, [tour_id], only_gig=only_gig, scope=scope, now=now,
                        alarm=alarm,
                        name=calendar_name(store, tours.get(store, tour_id).name, scope))


def calendar_name(store: Store, tour: str, scope: Scope) -> str:
    if scope.audience is Audience.PERSON:
        return f"{tour} · {crew.person(store, scope.person_id or 0).name}"
    if scope.audience is Audience.TOUR:
        return tour
    return f"{tour} · {scope.audience.value}"


# Alarms: minutes before each event's start (a person's call, a group's first call).
MAX_ALARM = 24 * 60


def check_alarm(minutes: int | None, field: str = "--alarm") -> int | None:
    if minutes is not None and not 0 <= minutes <= MAX_ALARM:
        raise ValidationError(field, f"{minutes} is not a number of minutes from 0 to "
                                     f"{MAX_ALARM} (a day)")
    return minutes


def export_tours(store: Store, tour_ids: list[int], *, name: str, only_gig: int | None = None,
                 scope: Scope = Scope(), now: datetime | None = None,
                 alarm: int | None = None) -> bytes:
    """Several tours in one calendar called `name`. Without `now`, each event's DTSTAMP
    is its LAST-MODIFIED: the same data then makes the same bytes (a feed's ETag).
    With `alarm`, each timed event reminds that many minutes before it starts."""
    require_scope(store, scope)
    check_alarm(alarm)
    with store.read():  # one snapshot: days, calls and revisions of the same moment
        uid_base = database_id(store)
        details = [gigs.detail(store, r.id)
                   for tour_id in tour_ids for r in gigs.rows_for_tour(store, tour_id)
                   if only_gig in (None, r.id)]
        calls = _calls(store, tour_ids, scope)
        group = None
        if scope.audience is Audience.PERSON:  # only the days they work
            details = [d for d in details if d.gig.id in calls]
            group = crew.person(store, scope.person_id or 0).group
        revs = revisions(store, details, scope, group)
        moving = (person_travel(store, tour_ids, scope.person_id or 0, uid_base, now, name,
                                alarm)
                  if scope.audience is Audience.PERSON and only_gig is None else None)
    details.sort(key=lambda d: (d.gig.date, d.gig.id))
    events: list[list[str]] = []
    zones: set[str] = set()
    for detail in details:
        lines, used = _event(scope.items(detail, group), revs[detail.gig.saved_id], uid_base,
                             now, scope, calls.get(detail.gig.saved_id, []), name, alarm)
        events.append(lines)
        zones |= used
    out = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//tourdesk//tourdesk//EN",
           "CALSCALE:GREGORIAN", "METHOD:PUBLISH", f"NAME:{ics_text.text(printable(name))}",
           f"X-WR-CALNAME:{ics_text.text(printable(name))}"]
    dates = [d.gig.date for d in details]
    if moving is not None:  # a person's flights, trains, ferries and hotels
        events += moving.events
        zones |= moving.zones
        dates += moving.dates
    if dates:
        first, last = min(dates).year - 1, max(dates).year + 1
        for zone_name in sorted(zones):  # sorted: the same bytes in every process
            out += ics_text.vtimezone(zone_name, first, last)
    for lines in events:
        out += lines
    out.append("END:VCALENDAR")
    return b"".join(ics_text.fold(line) for line in out)


def _calls(store: Store, tour_ids: list[int], scope: Scope) -> dict[int, list[Shift]]:
    """Per gig day, the calls this calendar lists (none for the whole tour's)."""
    if scope.audience is Audience.TOUR:
        return {}
    groups = {p.id: p.group for p in crew.people(store)}
    found: dict[int, list[Shift]] = defaultdict(list)
    for tour_id in tour_ids:
        for s in crew.shifts(store, person=scope.person_id, crew_of=tour_id, tour=tour_id):
            if scope.sees(s, groups.get(s.person_id, PersonGroup.CREW)):
                found[s.gig_day_id].append(s)
    return found


def call_instant(shift: Shift) -> datetime | None:
    """The call as an instant, on the working day's rule: a call before 06:00 on a
    show, rehearsal or studio day is that night's, on the next calendar date."""
    if shift.call is None:
        return None
    return localtime.to_utc(shift.call_on, shift.call, shift.zone)


ORGANIZER = "mailto:calendar@tourdesk.invalid"  # RFC 5546: PUBLISH names an organizer


def _event(detail: GigDetail, rev: Revision, uid_base: str, now: datetime | None, scope: Scope,
           calls: list[Shift], name: str, alarm: int | None) -> tuple[list[str], set[str]]:
    """The VEVENT's content lines and the zones its times name."""
    gig = detail.gig
    text = ics_text.text
    summary = _summary(detail, calls if scope.audience is Audience.PERSON else [])
    lines = ["BEGIN:VEVENT", f"UID:gig-{gig.id}-{scope.uid_part}{uid_base}@tourdesk",
             f"DTSTAMP:{ics_text.utc_stamp(now or rev.last_modified)}",
             f"LAST-MODIFIED:{ics_text.utc_stamp(rev.last_modified)}",
             f"SEQUENCE:{rev.sequence}", f"STATUS:{STATUS[gig.status]}",
             f"SUMMARY:{text(summary)}",
             f"ORGANIZER;CN={ics_text.param(printable(name))}:{ORGANIZER}"]
    zones: set[str] = set()
    span = event_span(detail, calls, scope)
    if span is not None:
        start, end = span
        for prop, moment in (("DTSTART", start), ("DTEND", end)):
            line, named = ics_text.date_time(prop, moment, detail.timezone)
            lines.append(line)
            if named:
                zones.add(detail.timezone)
    else:
        lines += [f"DTSTART;VALUE=DATE:{ics_text.date_value(gig.date)}",  # all-day
                  f"DTEND;VALUE=DATE:{ics_text.date_value(gig.date + timedelta(days=1))}",
                  "TRANSP:TRANSPARENT"]
    if detail.venue:
        v = detail.venue
        where = ", ".join(p for p in (v.name, v.address, v.city) if p)
        lines.append(f"LOCATION:{text(printable(where))}")
        if v.latitude is not None and v.longitude is not None:
            lines.append(f"GEO:{v.latitude:.6f};{v.longitude:.6f}")
    elif gig.city:
        lines.append(f"LOCATION:{text(printable(gig.city))}")
    lines.append(f"DESCRIPTION:{text(_description(detail, calls, scope))}")
    if alarm is not None and span is not None:
        lines += ["BEGIN:VALARM", "ACTION:DISPLAY", f"DESCRIPTION:{text(summary)}",
                  f"TRIGGER:-PT{alarm}M", "END:VALARM"]
    lines.append("END:VEVENT")
    return lines, zones


def event_span(detail: GigDetail, calls: list[Shift],
               scope: Scope) -> tuple[datetime, datetime] | None:
    """When the scope's event starts and ends (UTC), or None for an all-day event.

    The whole tour, the band and the crew: from the first of the scope's items (or an
    earlier call it lists) to the last item, on show, rehearsal and studio days with
    times. One person: from their call (or the first item) to the end of their day,
    the last item; a call with no item after it gets an hour. Never zero-length."""
    gig = detail.gig
    items = [localtime.to_utc(i.on, i.at, i.timezone) for i in detail.items]
    called = [c for c in (call_instant(s) for s in calls) if c is not None]
    if scope.audience is Audience.PERSON:
        if not called and not (items and gig.kind.runs_past_midnight):
            return None
        start = min(called) if called else min(items)
    else:
        if not (items and gig.kind.runs_past_midnight):
            return None
        start = min([*items, *called])
    end = max(items, default=start)
    if end <= start:
        end = start + timedelta(hours=1)
    return start, end


def _summary(detail: GigDetail, own: list[Shift]) -> str:
    gig = detail.gig
    kind = gig.kind.value.capitalize()
    if own:  # a person's calendar: what they do there comes first
        kind = f"{' + '.join(s.role for s in own)} · {kind}"
    where = detail.venue.name if detail.venue else gig.city
    text = f"{kind}: {where}" if where else kind
    if detail.venue and detail.venue.city:
        text += f", {detail.venue.city}"
    if gig.status in (GigStatus.HOLD, GigStatus.OFFER):
        text = f"{gig.status.value.upper()} · {text}"
    if gig.status is GigStatus.CANCELLED:
        text = f"CANCELLED · {text}"
    return printable(text)


def _description(detail: GigDetail, calls: list[Shift], scope: Scope) -> str:
    """The day-sheet essentials, in the venue's local time. Never any money."""
    lines: list[str] = []
    if scope.audience is Audience.PERSON:
        lines += [f"Your call: {_call_text(s)} as {s.role}" for s in calls]
    elif calls:
        lines.append("Calls")
        lines += [f"{_call_text(s):<8} {s.person} ({s.role})"
                  for s in sorted(calls, key=lambda s: (s.working_order, s.person))]
    if detail.items:
        zone = detail.timezone
        lines.append(f"Schedule ({zone} local time)")
        lines += [f"{s.time:<8} {s.title}" for s in schedule_lines(detail)]
    v = detail.venue
    if v is not None:
        contact = " · ".join(p for p in (v.phone, v.email) if p)
        for label, text in (("Venue contact", contact), ("Load-in", v.load_in),
                            ("Parking", v.parking), ("Wi-Fi", v.wifi)):
            if text:
                lines.append(f"{label}: {text}")
        lines += [f"Contact: {c.summary}" for c in detail.contacts]
    if detail.gig.hotel:
        lines.append(f"Hotel: {detail.gig.hotel}")
    if detail.gig.notes:
        lines.append(detail.gig.notes)
    if detail.gig.kind is GigKind.TRAVEL and not lines:
        lines.append("Travel day")
    return printable("\n".join(lines), single_line=False)


def _call_text(shift: Shift) -> str:
    if shift.call:
        return f"{shift.call:%H:%M}" + ("+1" if shift.call_on != shift.date else "")
    return f"{shift.first_item:%H:%M} (day starts)" if shift.first_item else "no call set"


def export_file(store: Store, tour_id: int, scope: Scope = Scope(), *,
                only_gig: int | None = None, now: datetime | None = None,
                alarm: int | None = None) -> Path:
    """Write the calendar next to the database (exports/<tour>[-<audience>][-<date>].ics)
    and return the path: over SSH the file is on the server, ready for scp or a web
    folder."""
    name = calendar_name(store, tours.get(store, tour_id).name, scope)
    if only_gig is not None:
        name += f" {gigs.detail(store, only_gig).gig.date.isoformat()}"
    slug = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower() or f"tour-{tour_id}"
    folder = store.path.parent / "exports"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / f"{slug}.ics"
    # through a new temporary and a rename: a subscriber never reads a half-written file
    write_new(path, export_tour(store, tour_id, scope=scope, only_gig=only_gig, now=now,
                                alarm=alarm))
    return path
