"""iCalendar files that land at the right local time on any phone.

Every timed event carries the venue's IANA zone as TZID, with a VTIMEZONE generated
from the same zoneinfo rules the app uses (bounded to the tour's years, so the file
stays small). Off and travel days are all-day events (VALUE=DATE, exclusive end).
UIDs come from database keys and the database's own id, so they are stable across
exports; SEQUENCE counts the recorded changes to the day, its schedule and its venue,
so it moves whenever the event does. No money ever goes into a calendar.

A calendar is for an audience: the whole tour (every item), the band (the items the
band plays to, their calls), the crew (every item, every crew call), or one person (only
the days they work, starting at their call). Each audience has its own UIDs, so a phone
subscribed to two of them keeps two events.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from pathlib import Path

from icalendar import Calendar, Event, vGeo

from tourdesk.domain import localtime
from tourdesk.domain.access import Capability, Role
from tourdesk.domain.kinds import GigKind, GigStatus, ScheduleKind
from tourdesk.domain.staffing import PersonGroup, Shift
from tourdesk.domain.text import printable
from tourdesk.services.daysheet import schedule_lines
from tourdesk.services.files import write_new
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

    def items(self, detail: GigDetail) -> GigDetail:
        band = self.audience is Audience.BAND
        return replace(detail, items=[i for i in detail.items
                                      if not band or i.kind in BAND_ITEMS])


@dataclass(frozen=True, slots=True)
class Revision:
    sequence: int
    last_modified: datetime


def database_id(store: Store) -> str:
    with store.read() as db:
        return db.execute("SELECT value FROM meta WHERE key = 'database_id'").fetchone()[0]


def revisions(store: Store, details: list[GigDetail],
              scope: Scope = Scope()) -> dict[int, Revision]:
    """Per gig day: how often its event changed (SEQUENCE) and when (LAST-MODIFIED).

    Counts the recorded changes to the day, its schedule items and its venue, except
    their creation: the venue's insert, and the day's insert with the items inserted in
    the same transaction (the change rows right after it); a venue contact's every
    change counts, since contacts are in the description. Calendars that list calls
    also count changes to the day's assignments (a person's: only theirs). Only grows,
    so a calendar client always sees a changed event as newer. One pass over the log.
    """
    wanted = {d.gig.id for d in details}
    venue_of: dict[int, list[int]] = {}
    for d in details:
        if d.gig.venue_id is not None:
            venue_of.setdefault(d.gig.venue_id, []).append(d.gig.id)
    calls = scope.audience is not Audience.TOUR
    sql = f"""
        SELECT entity, entity_id, action, at,
               CASE WHEN entity IN ('schedule_items', 'assignments')
                    THEN json_extract(coalesce(after, before), '$.gig_day_id') END AS gig,
               CASE entity WHEN 'assignments'
                    THEN json_extract(coalesce(after, before), '$.person_id')
                    WHEN 'venue_contacts'
                    THEN json_extract(coalesce(after, before), '$.venue_id') END AS ref
        FROM changes WHERE entity IN ('gig_days', 'schedule_items', 'venues', 'venue_contacts'
                                      {", 'assignments'" if calls else ""}) ORDER BY id
    """
    counts = dict.fromkeys(wanted, 0)
    latest: dict[int, str] = {}
    creating: int | None = None  # the gig whose creation batch is running
    with store.read() as db:
        for entity, entity_id, action, at, gig, ref in db.execute(sql):
            if entity == "assignments":
                mine = scope.person_id in (None, ref)  # ref: the person
                targets, creation = ([gig] if mine else []), False
            elif entity == "gig_days":
                targets, creation = [entity_id], action == "insert"
                creating = entity_id if creation else None
            elif entity == "schedule_items":
                targets, creation = [gig], action == "insert" and gig == creating
                if not creation:
                    creating = None
            elif entity == "venue_contacts":  # in the description: any change counts
                targets, creation = venue_of.get(ref, []), False  # ref: the venue
                creating = None
            else:  # a venue used by these days
                targets, creation = venue_of.get(entity_id, []), action == "insert"
                creating = None
            for target in targets:
                if target in wanted:
                    counts[target] += 0 if creation else 1
                    latest[target] = max(latest.get(target, ""), at)
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    return {g: Revision(counts[g], datetime.fromisoformat(latest[g]) if g in latest else epoch)
            for g in wanted}


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
                scope: Scope = Scope(), now: datetime | None = None) -> bytes:
    """The tour (or one of its gig days) as an iCalendar file for `scope`."""
    return export_tours(store, [tour_id], only_gig=only_gig, scope=scope, now=now,
                        name=calendar_name(store, tours.get(store, tour_id).name, scope))


def calendar_name(store: Store, tour: str, scope: Scope) -> str:
    if scope.audience is Audience.PERSON:
        return f"{tour} · {crew.person(store, scope.person_id or 0).name}"
    if scope.audience is Audience.TOUR:
        return tour
    return f"{tour} · {scope.audience.value}"


def export_tours(store: Store, tour_ids: list[int], *, name: str, only_gig: int | None = None,
                 scope: Scope = Scope(), now: datetime | None = None) -> bytes:
    """Several tours in one calendar called `name`. Without `now`, each event's DTSTAMP
    is its LAST-MODIFIED: the same data then makes the same bytes (a feed's ETag)."""
    require_scope(store, scope)
    uid_base = database_id(store)
    with store.read():  # one snapshot: days, calls and revisions of the same moment
        details = [gigs.detail(store, r.id)
                   for tour_id in tour_ids for r in gigs.rows_for_tour(store, tour_id)
                   if only_gig in (None, r.id)]
        calls = _calls(store, tour_ids, scope)
        if scope.audience is Audience.PERSON:  # only the days they work
            details = [d for d in details if d.gig.id in calls]
        revs = revisions(store, details, scope)
    details.sort(key=lambda d: d.gig.date)
    cal = Calendar()
    cal.add("prodid", "-//tourdesk//tourdesk//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", printable(name))
    cal.add("x-wr-calname", printable(name))
    for detail in details:
        cal.add_component(_event(scope.items(detail), revs[detail.gig.id], uid_base, now,
                                 scope, calls.get(detail.gig.id, [])))
    if details:
        first, last = details[0].gig.date, details[-1].gig.date
        cal.add_missing_timezones(date(first.year - 1, 1, 1), date(last.year + 2, 1, 1))
    return cal.to_ical()


def _calls(store: Store, tour_ids: list[int], scope: Scope) -> dict[int, list[Shift]]:
    """Per gig day, the calls this calendar lists (none for the whole tour's)."""
    if scope.audience is Audience.TOUR:
        return {}
    groups = {p.id: p.group for p in crew.people(store)}
    found: dict[int, list[Shift]] = defaultdict(list)
    for tour_id in tour_ids:
        for s in crew.shifts(store, person=scope.person_id, crew_of=tour_id):
            if scope.sees(s, groups.get(s.person_id, PersonGroup.CREW)):
                found[s.gig_day_id].append(s)
    return found


def _event(detail: GigDetail, rev: Revision, uid_base: str, now: datetime | None, scope: Scope,
           calls: list[Shift]) -> Event:
    gig = detail.gig
    event = Event()
    event.add("uid", f"gig-{gig.id}-{scope.uid_part}{uid_base}@tourdesk")
    event.add("dtstamp", (now or rev.last_modified).astimezone(UTC))
    event.add("last-modified", rev.last_modified.astimezone(UTC))
    event.add("sequence", rev.sequence)
    event.add("status", STATUS[gig.status])
    event.add("summary", _summary(detail, calls if scope.audience is Audience.PERSON else []))
    timed = detail.items and gig.kind.runs_past_midnight
    own_call = calls[0].call if scope.audience is Audience.PERSON and calls else None
    if timed or own_call:
        zone = localtime.zone(detail.timezone)
        starts = [localtime.to_utc(i.on, i.at, i.timezone) for i in detail.items]
        start = (localtime.to_utc(gig.date, own_call, detail.timezone) if own_call
                 else starts[0])
        end = max(starts) if starts else start
        event.add("dtstart", start.astimezone(zone))
        event.add("dtend", (end if end > start else start + timedelta(hours=1)).astimezone(zone))
    else:
        event.add("dtstart", gig.date)  # all-day: VALUE=DATE, the end is exclusive
        event.add("dtend", gig.date + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
    if detail.venue:
        v = detail.venue
        event.add("location", printable(", ".join(p for p in (v.name, v.address, v.city) if p)))
        if v.latitude is not None and v.longitude is not None:
            event.add("geo", vGeo((v.latitude, v.longitude)))
    elif gig.city:
        event.add("location", printable(gig.city))
    event.add("description", _description(detail, calls, scope))
    return event


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
                  for s in sorted(calls, key=lambda s: (s.call or s.first_item or time.min,
                                                        s.person))]
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
        return f"{shift.call:%H:%M}"
    return f"{shift.first_item:%H:%M} (day starts)" if shift.first_item else "no call set"


def export_file(store: Store, tour_id: int, scope: Scope = Scope(), *,
                only_gig: int | None = None, now: datetime | None = None) -> Path:
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
    write_new(path, export_tour(store, tour_id, scope=scope, only_gig=only_gig, now=now))
    return path
