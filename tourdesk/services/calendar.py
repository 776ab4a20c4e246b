"""iCalendar files that land at the right local time on any phone.

Every timed event carries its place's IANA zone as TZID, with a VTIMEZONE generated
from the same zoneinfo rules the app uses (bounded to the tour's years, so the file
stays small). All-day events are VALUE=DATE with an exclusive end. UIDs come from
database keys and the database's own id, so they are stable across exports; SEQUENCE
adds up the day's revision counters a scope's event follows (`revision_parts`), so it
moves whenever the event may have. No money ever goes into a calendar.

A calendar is for an audience (docs/calendars.md says precisely what each holds):
- the whole tour: one event a day, the show's block from its first item to its last
  (all-day on days without times), every item and call in its description;
- the band, the crew: the day as an all-day event (calls, schedule, venue), and each
  schedule item that is for them as its own timed event, on its own place's clock;
- one person: the days they work as all-day events, their calls and the items for
  them (everyone, their group, their role, them by name) as timed events, and their
  travel segments and hotel stays (`services/travel_calendar`).
Each audience has its own UIDs, so a phone subscribed to two of them keeps both.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from pathlib import Path

from tourdesk.domain import localtime
from tourdesk.domain.access import Capability, Role
from tourdesk.domain.errors import ValidationError
from tourdesk.domain.events import Event
from tourdesk.domain.kinds import GigKind, GigStatus
from tourdesk.domain.models import ScheduleItem
from tourdesk.domain.staffing import Person, PersonGroup, Shift, item_reaches, role_key
from tourdesk.domain.text import printable
from tourdesk.services import ics_text
from tourdesk.services.daysheet import schedule_lines
from tourdesk.store import crew, gigs, tours, venues
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

    def reader(self, party: list[Person]) -> Reader:
        """Whom the items are picked for: the scope's people, with the roles they hold
        on the books (`Reader.on_day` adds the day's)."""
        if self.audience is Audience.PERSON:
            mine = [p for p in party if p.id == self.person_id]
            band = bool(mine) and mine[0].group is PersonGroup.BAND
        else:
            band = self.audience is Audience.BAND
            mine = [p for p in party if (p.group is PersonGroup.BAND) == band]
        return Reader(band, frozenset(p.id for p in mine if p.id is not None),
                      frozenset(role_key(r) for p in mine for r in p.roles))


@dataclass(frozen=True, slots=True)
class Reader:
    """The people a group or person calendar stands for, to pick the items for them."""

    band: bool
    people: frozenset[int]
    roles: frozenset[str]

    def items(self, detail: GigDetail, calls: list[Shift]) -> GigDetail:
        """The day with only the items for these people (`staffing.item_reaches`),
        with the roles of the day's calls (`calls`: the ones the scope lists) too."""
        roles = self.roles | {role_key(c.role) for c in calls}
        return replace(detail, items=[
            i for i in detail.items
            if item_reaches(i.audience, band=self.band, people=self.people, roles=roles)])


@dataclass(frozen=True, slots=True)
class Revision:
    sequence: int
    last_modified: datetime


def database_id(store: Store) -> str:
    with store.read() as db:
        return db.execute("SELECT value FROM meta WHERE key = 'database_id'").fetchone()[0]


def revision_parts(scope: Scope, group: PersonGroup | None = None,
                   *, items: bool = False) -> tuple[str, ...]:
    """Which of a day's revision counters (`calendar_revisions.part`) a scope's event
    follows: 'all' (the day, every item, its venue), 'band' (the day, its items but a
    show's load-in and load-out, its venue), the band's or the crew's calls, or one
    person's calls. `items`: for an item's own event, which leaves the calls out."""
    if scope.audience is Audience.TOUR:
        return ("all",)
    day = "band" if scope.audience is Audience.BAND or group is PersonGroup.BAND else "all"
    if items:
        return (day,)
    if scope.audience is Audience.PERSON:
        return (day, f"p{scope.person_id}")
    return (day, f"calls:{scope.audience.value}")


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def revisions(store: Store, details: list[GigDetail], parts: tuple[str, ...]
              ) -> dict[int, dict[str, Revision]]:
    """Per gig day and counter in `parts`: how often it changed and when. The schema's
    triggers keep the counters as each change is recorded (creation does not count),
    so they only grow and an export never replays the change log."""
    found: dict[int, dict[str, Revision]] = {d.gig.saved_id: {} for d in details}
    ids = list(found)
    marks = ", ".join("?" * len(parts))
    with store.read() as db:
        for chunk in range(0, len(ids), 500):
            some = ids[chunk:chunk + 500]
            rows = db.execute(
                f"SELECT gig_day_id, part, revision, changed_at FROM calendar_revisions "
                f"WHERE part IN ({marks}) AND gig_day_id IN ({', '.join('?' * len(some))})",
                [*parts, *some])
            for gig_id, part, revision, at in rows:
                found[gig_id][part] = Revision(revision, datetime.fromisoformat(at))
    return found


def revision(counters: dict[str, Revision], parts: tuple[str, ...]) -> Revision:
    """SEQUENCE (the sum) and LAST-MODIFIED (the latest) of an event following `parts`."""
    mine = [counters[p] for p in parts if p in counters]
    if not mine:
        return Revision(0, EPOCH)
    return Revision(sum(r.sequence for r in mine), max(r.last_modified for r in mine))


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
    With `alarm`, each timed event (a call, an item, the tour's block) reminds that
    many minutes before it starts."""
    require_scope(store, scope)
    check_alarm(alarm)
    with store.read():  # one snapshot: days, calls and revisions of the same moment
        uid_base = database_id(store)
        if only_gig is not None:
            details = [gigs.detail(store, only_gig)]
            if details[0].gig.tour_id not in tour_ids:
                details = []
        else:
            details = [d for tour_id in tour_ids for d in gigs.details_for_tour(store, tour_id)]
        party = crew.people(store) if scope.audience is not Audience.TOUR else []
        calls = _calls(store, tour_ids, scope, party)
        group = None
        if scope.audience is Audience.PERSON:  # only the days they work
            details = [d for d in details if d.gig.id in calls]
            group = crew.person(store, scope.person_id or 0).group
        day_parts = revision_parts(scope, group)
        item_parts = revision_parts(scope, group, items=True)
        revs = revisions(store, details, tuple(dict.fromkeys(day_parts + item_parts)))
        moving = None
        if scope.audience is Audience.PERSON and only_gig is None:
            # loaded only here: the tour's and the groups' calendars have no travel
            from tourdesk.services.travel_calendar import person_travel

            moving = person_travel(store, tour_ids, scope.person_id or 0, uid_base, now,
                                   name, alarm)
    details.sort(key=lambda d: (d.gig.date, d.gig.id))
    events: list[list[str]] = []
    zones: set[str] = set()
    head = Head(uid_base, now, name, alarm, scope.uid_part)
    reader = scope.reader(party)
    for detail in details:
        counters = revs[detail.gig.saved_id]
        day_calls = calls.get(detail.gig.saved_id, [])
        if scope.audience is Audience.TOUR:
            for block, further in event_blocks(store, detail):
                lines, used = _block(block, revision(counters, day_parts), head, further)
                events.append(lines)
                zones |= used
            continue
        day = reader.items(detail, day_calls)
        events.append(_day(day, revision(counters, day_parts), head, scope, day_calls))
        for shift in day_calls if scope.audience is Audience.PERSON else []:
            if (event := _call(day, shift, revision(counters, day_parts), head)) is not None:
                events.append(event[0])
                zones |= event[1]
        # an item of a further event is at that event's place, with its status and label
        blocks = {(e.id if e else None): (block, e) for block, e in event_blocks(store, day)}
        for item in day.items:
            block, further = blocks.get(item.event_id, (day, None))
            lines, used = _item(block, item, revision(counters, item_parts), head, further)
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


def _calls(store: Store, tour_ids: list[int], scope: Scope,
           party: list[Person]) -> dict[int, list[Shift]]:
    """Per gig day, the calls this calendar lists (none for the whole tour's)."""
    if scope.audience is Audience.TOUR:
        return {}
    groups = {p.id: p.group for p in party}
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
# How long a call, or an item given no end, lasts on a phone: never zero-length.
POINT = timedelta(minutes=30)


@dataclass(frozen=True, slots=True)
class Head:
    """What every event of one export shares."""

    uid_base: str
    now: datetime | None
    name: str
    alarm: int | None
    scope_part: str  # Scope.uid_part

    def lines(self, uid: str, rev: Revision, status: GigStatus, summary: str) -> list[str]:
        return ["BEGIN:VEVENT", f"UID:{uid}-{self.scope_part}{self.uid_base}@tourdesk",
                f"DTSTAMP:{ics_text.utc_stamp(self.now or rev.last_modified)}",
                f"LAST-MODIFIED:{ics_text.utc_stamp(rev.last_modified)}",
                f"SEQUENCE:{rev.sequence}", f"STATUS:{STATUS[status]}",
                f"SUMMARY:{ics_text.text(summary)}",
                f"ORGANIZER;CN={ics_text.param(printable(self.name))}:{ORGANIZER}"]

    def timed(self, lines: list[str], start: datetime, end: datetime, zone: str
              ) -> set[str]:
        """DTSTART and DTEND on `zone`'s clock; the zone, if a TZID names it."""
        named = False
        for prop, moment in (("DTSTART", start), ("DTEND", end)):
            line, uses = ics_text.date_time(prop, moment, zone)
            lines.append(line)
            named |= uses
        return {zone} if named else set()

    def close(self, lines: list[str], summary: str, *, remind: bool) -> list[str]:
        if self.alarm is not None and remind:
            lines += ["BEGIN:VALARM", "ACTION:DISPLAY",
                      f"DESCRIPTION:{ics_text.text(summary)}",
                      f"TRIGGER:-PT{self.alarm}M", "END:VALARM"]
        lines.append("END:VEVENT")
        return lines


def _all_day(lines: list[str], day: date) -> None:
    lines += [f"DTSTART;VALUE=DATE:{ics_text.date_value(day)}",  # exclusive end
              f"DTEND;VALUE=DATE:{ics_text.date_value(day + timedelta(days=1))}",
              "TRANSP:TRANSPARENT"]


def _venue_lines(detail: GigDetail) -> list[str]:
    """LOCATION (and GEO) of the day's venue, or its city."""
    text = ics_text.text
    if detail.venue:
        v = detail.venue
        where = ", ".join(p for p in (v.name, v.address, v.city) if p)
        lines = [f"LOCATION:{text(printable(where))}"]
        if v.latitude is not None and v.longitude is not None:
            lines.append(f"GEO:{v.latitude:.6f};{v.longitude:.6f}")
        return lines
    return [f"LOCATION:{text(printable(detail.gig.city))}"] if detail.gig.city else []


def event_blocks(store: Store, detail: GigDetail) -> list[tuple[GigDetail, Event | None]]:
    """The day as one block per event, each with its items, place and status, and the
    further event it is (None for the day's own, which keeps the day's UID)."""
    if not detail.events:
        return [(detail, None)]
    blocks: list[tuple[GigDetail, Event | None]] = [
        (replace(detail, items=detail.main_items, events=()), None)]
    for e in detail.events:
        own = venues.get(store, e.venue_id) if e.venue_id else None
        elsewhere = own is not None or bool(e.city)
        status = GigStatus.CANCELLED if detail.gig.status is GigStatus.CANCELLED else e.status
        kind = GigKind(e.kind.value) if e.kind.value in {k.value for k in GigKind} \
            else detail.gig.kind
        gig = replace(detail.gig, kind=kind, status=status, timezone=e.timezone, hotel="",
                      city=e.city if e.city else detail.gig.city, notes=e.notes)
        blocks.append((replace(
            detail, gig=gig, items=detail.event_items(e.id), studio=(), events=(),
            venue=own if elsewhere else detail.venue,
            contacts=() if elsewhere else detail.contacts), e))
    return blocks


def _block(detail: GigDetail, rev: Revision, head: Head,
           further: Event | None = None) -> tuple[list[str], set[str]]:
    """The whole tour's event of a day: the show's block, every item and call in its
    description; all-day when the day has no times to span. `further`: one of the day's
    further events (its own UID, `gig-ID-event-N-...`, beside the day's)."""
    summary = _summary(detail, [])
    uid = f"gig-{detail.gig.id}"
    if further is not None:
        summary = printable(f"{further.label} · {summary}")
        uid = f"{uid}-event-{further.id}"
    lines = head.lines(uid, rev, detail.gig.status, summary)
    span = event_span(detail)
    zones: set[str] = set()
    if span is not None:
        zones = head.timed(lines, *span, detail.timezone)
    else:
        _all_day(lines, detail.gig.date)
    lines += _venue_lines(detail)
    lines.append(f"DESCRIPTION:{ics_text.text(_description(detail, [], Scope()))}")
    return head.close(lines, summary, remind=span is not None), zones


def _day(detail: GigDetail, rev: Revision, head: Head, scope: Scope,
         calls: list[Shift]) -> list[str]:
    """A group's or person's day as an all-day event: what and where, the calls, the
    schedule for them, the venue's details. Its times are the call and item events."""
    summary = _summary(detail, calls if scope.audience is Audience.PERSON else [])
    lines = head.lines(f"day-{detail.gig.id}", rev, detail.gig.status, summary)
    _all_day(lines, detail.gig.date)
    lines += _venue_lines(detail)
    lines.append(f"DESCRIPTION:{ics_text.text(_description(detail, calls, scope))}")
    return head.close(lines, summary, remind=False)


def _call(detail: GigDetail, shift: Shift, rev: Revision,
          head: Head) -> tuple[list[str], set[str]] | None:
    """A person's call as its own event, at the venue."""
    start = call_instant(shift)
    if start is None:
        return None
    summary = _status_text(detail.gig.status, f"Call · {shift.role}: {_where(detail)}")
    lines = head.lines(f"call-{shift.assignment_id}", rev, detail.gig.status, summary)
    zones = head.timed(lines, start, start + POINT, shift.zone)
    lines += _venue_lines(detail)
    about = f"Your call: {_call_text(shift)} as {shift.role}\n{_summary(detail, [])}"
    lines.append(f"DESCRIPTION:{ics_text.text(printable(about, single_line=False))}")
    return head.close(lines, summary, remind=True), zones


def _item(detail: GigDetail, item: ScheduleItem, rev: Revision, head: Head,
          further: Event | None = None) -> tuple[list[str], set[str]]:
    """A schedule item as its own event, on its place's clock (its own place and zone,
    or the venue's), at its own place when it has one. No end: it lasts POINT. An item
    of a further event (`detail` is then that event's block) is named after it."""
    start = localtime.to_utc(item.on, item.at, item.timezone)
    end = (localtime.to_utc(item.until_on, item.until, item.timezone)
           if item.until is not None and item.until_on is not None else start + POINT)
    if end <= start:
        end = start + POINT
    where = item.place or _where(detail)
    title = f"{further.label} · {item.title}" if further else item.title
    summary = _status_text(detail.gig.status, f"{title}: {where}" if where else title)
    lines = head.lines(f"item-{item.id}", rev, detail.gig.status, summary)
    zones = head.timed(lines, start, end, item.timezone)
    if item.place:
        lines.append(f"LOCATION:{ics_text.text(printable(item.place))}")
    else:
        lines += _venue_lines(detail)
    about = [item.note] if item.note else []
    if item.timezone != detail.timezone:
        about.append(f"{item.at:%H:%M} {item.timezone} local time")
    about.append(_summary(detail, []))
    text = printable("\n".join(about), single_line=False)
    lines.append(f"DESCRIPTION:{ics_text.text(text)}")
    return head.close(lines, summary, remind=True), zones


def event_span(detail: GigDetail) -> tuple[datetime, datetime] | None:
    """The whole tour's block of a show, rehearsal or studio day with times (UTC):
    from its first item to the last item's end (or start); otherwise None (all-day).
    Never zero-length."""
    if not (detail.items and detail.gig.kind.runs_past_midnight):
        return None
    starts = [localtime.to_utc(i.on, i.at, i.timezone) for i in detail.items]
    ends = [localtime.to_utc(i.until_on, i.until, i.timezone) for i in detail.items
            if i.until is not None and i.until_on is not None]
    start, end = min(starts), max([*starts, *ends])
    if end <= start:
        end = start + timedelta(hours=1)
    return start, end


def _where(detail: GigDetail) -> str:
    where = detail.venue.name if detail.venue else detail.gig.city
    if detail.venue and detail.venue.city:
        where += f", {detail.venue.city}"
    return where


def _status_text(status: GigStatus, text: str) -> str:
    if status in (GigStatus.HOLD, GigStatus.OFFER):
        text = f"{status.value.upper()} · {text}"
    if status is GigStatus.CANCELLED:
        text = f"CANCELLED · {text}"
    return printable(text)


def _summary(detail: GigDetail, own: list[Shift]) -> str:
    gig = detail.gig
    kind = gig.kind.value.capitalize()
    if own:  # a person's calendar: what they do there comes first
        kind = f"{' + '.join(s.role for s in own)} · {kind}"
    where = _where(detail)
    return _status_text(gig.status, f"{kind}: {where}" if where else kind)


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
    from tourdesk.services.files import write_new  # only when writing a file here

    # through a new temporary and a rename: a subscriber never reads a half-written file
    write_new(path, export_tour(store, tour_id, scope=scope, only_gig=only_gig, now=now,
                                alarm=alarm))
    return path
