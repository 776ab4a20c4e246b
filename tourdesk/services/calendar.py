"""iCalendar files that land at the right local time on any phone.

Every timed event carries the venue's IANA zone as TZID, with a VTIMEZONE generated
from the same zoneinfo rules the app uses (bounded to the tour's years, so the file
stays small). Off and travel days are all-day events (VALUE=DATE, exclusive end).
UIDs come from database keys and the database's own id, so they are stable across
exports; SEQUENCE counts the recorded changes to the day, its schedule and its venue,
so it moves whenever the event does. No money ever goes into a calendar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from icalendar import Calendar, Event, vGeo

from tourdesk.domain import localtime
from tourdesk.domain.kinds import GigKind, GigStatus
from tourdesk.domain.text import printable
from tourdesk.services.daysheet import schedule_lines
from tourdesk.store import gigs, tours
from tourdesk.store.connection import Store
from tourdesk.store.gigs import GigDetail

STATUS = {
    GigStatus.CONFIRMED: "CONFIRMED",
    GigStatus.HOLD: "TENTATIVE",
    GigStatus.OFFER: "TENTATIVE",
    GigStatus.CANCELLED: "CANCELLED",
}


@dataclass(frozen=True, slots=True)
class Revision:
    sequence: int
    last_modified: datetime


def database_id(store: Store) -> str:
    with store.read() as db:
        return db.execute("SELECT value FROM meta WHERE key = 'database_id'").fetchone()[0]


def revisions(store: Store, details: list[GigDetail]) -> dict[int, Revision]:
    """Per gig day: how often its event changed (SEQUENCE) and when (LAST-MODIFIED).

    Counts the recorded changes to the day, its schedule items and its venue, except
    their creation: the venue's insert, and the day's insert with the items inserted in
    the same transaction (the change rows right after it). Only grows, so a calendar
    client always sees a changed event as newer. One pass over the change log.
    """
    wanted = {d.gig.id for d in details}
    venue_of: dict[int, list[int]] = {}
    for d in details:
        if d.gig.venue_id is not None:
            venue_of.setdefault(d.gig.venue_id, []).append(d.gig.id)
    sql = """
        SELECT entity, entity_id, action, at,
               CASE entity WHEN 'schedule_items'
                    THEN json_extract(coalesce(after, before), '$.gig_day_id') END AS gig
        FROM changes WHERE entity IN ('gig_days', 'schedule_items', 'venues') ORDER BY id
    """
    counts = dict.fromkeys(wanted, 0)
    latest: dict[int, str] = {}
    creating: int | None = None  # the gig whose creation batch is running
    with store.read() as db:
        for entity, entity_id, action, at, gig in db.execute(sql):
            if entity == "gig_days":
                targets, creation = [entity_id], action == "insert"
                creating = entity_id if creation else None
            elif entity == "schedule_items":
                targets, creation = [gig], action == "insert" and gig == creating
                if not creation:
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


def export_tour(store: Store, tour_id: int, *, only_gig: int | None = None,
                now: datetime | None = None) -> bytes:
    """The tour (or one of its gig days) as an iCalendar file."""
    return export_tours(store, [tour_id], only_gig=only_gig, now=now,
                        name=tours.get(store, tour_id).name)


def export_tours(store: Store, tour_ids: list[int], *, name: str,
                 only_gig: int | None = None, now: datetime | None = None) -> bytes:
    """Several tours in one calendar called `name`."""
    now = now or datetime.now(UTC)
    uid_base = database_id(store)
    with store.read():
        details = [gigs.detail(store, r.id)
                   for tour_id in tour_ids for r in gigs.rows_for_tour(store, tour_id)
                   if only_gig in (None, r.id)]
    details.sort(key=lambda d: d.gig.date)
    cal = Calendar()
    cal.add("prodid", "-//tourdesk//tourdesk//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", printable(name))
    cal.add("x-wr-calname", printable(name))
    revs = revisions(store, details)
    for detail in details:
        cal.add_component(_event(detail, revs[detail.gig.id], uid_base, now))
    if details:
        first, last = details[0].gig.date, details[-1].gig.date
        cal.add_missing_timezones(date(first.year - 1, 1, 1), date(last.year + 2, 1, 1))
    return cal.to_ical()


def _event(detail: GigDetail, rev: Revision, uid_base: str, now: datetime) -> Event:
    gig = detail.gig
    event = Event()
    event.add("uid", f"gig-{gig.id}-{uid_base}@tourdesk")
    event.add("dtstamp", now.astimezone(UTC))
    event.add("last-modified", rev.last_modified.astimezone(UTC))
    event.add("sequence", rev.sequence)
    event.add("status", STATUS[gig.status])
    event.add("summary", _summary(detail))
    timed = detail.items and gig.kind.runs_past_midnight
    if timed:
        first, last = detail.items[0], detail.items[-1]
        start = localtime.to_utc(first.on, first.at, first.timezone).astimezone(
            localtime.zone(first.timezone))
        end = localtime.to_utc(last.on, last.at, last.timezone).astimezone(
            localtime.zone(last.timezone))
        event.add("dtstart", start)
        event.add("dtend", end if end > start else start + timedelta(hours=1))
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
    event.add("description", _description(detail))
    return event


def _summary(detail: GigDetail) -> str:
    gig = detail.gig
    kind = gig.kind.value.capitalize()
    where = detail.venue.name if detail.venue else gig.city
    text = f"{kind}: {where}" if where else kind
    if detail.venue and detail.venue.city:
        text += f", {detail.venue.city}"
    if gig.status in (GigStatus.HOLD, GigStatus.OFFER):
        text = f"{gig.status.value.upper()} · {text}"
    if gig.status is GigStatus.CANCELLED:
        text = f"CANCELLED · {text}"
    return printable(text)


def _description(detail: GigDetail) -> str:
    """The day-sheet essentials, in the venue's local time. Never any money."""
    lines: list[str] = []
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
    if detail.gig.notes:
        lines.append(detail.gig.notes)
    if detail.gig.kind is GigKind.TRAVEL and not lines:
        lines.append("Travel day")
    return printable("\n".join(lines), single_line=False)


def export_file(store: Store, tour_id: int, *, now: datetime | None = None) -> Path:
    """Write the tour's calendar next to the database (exports/<tour>.ics) and return the
    path: over SSH the file is on the server, ready for scp or a web folder."""
    tour = tours.get(store, tour_id)
    slug = re.sub(r"[^A-Za-z0-9]+", "-", tour.name).strip("-").lower() or f"tour-{tour_id}"
    folder = store.path.parent / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{slug}.ics"
    tmp = path.with_suffix(".ics.tmp")
    tmp.write_bytes(export_tour(store, tour_id, now=now))
    tmp.replace(path)  # a subscriber never reads a half-written file
    return path
