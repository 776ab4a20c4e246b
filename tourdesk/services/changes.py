"""What changed since a moment, in plain words, for the band, the crew or one person:
`tourdesk changes --since 2d --for band` gives lines ready to paste into a chat:

    Sat 24 Oct, Oslo
    - Doors 19:00 → 19:30
    - new: Signing 17:00

Only what matters to them: a time, a venue, a date, a cancellation, a new or dropped
item, a new stage plot. Read from `changes` alone (store/changelog.py), which holds no
money; items meant for others are left out, and so are documents they may not read."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tourdesk.domain.access import Capability
from tourdesk.domain.documents import DocKind
from tourdesk.domain.errors import ValidationError
from tourdesk.domain.kinds import SCHEDULE_LABELS, ScheduleKind
from tourdesk.domain.staffing import Person, PersonGroup
from tourdesk.store import changelog, crew, gigs, tours
from tourdesk.store.connection import Store
from tourdesk.store.errors import ForbiddenError, NotFoundError
from tourdesk.store.history import Change

_AGO = re.compile(r"^(\d+)\s*([dhw])$")


def parse_since(text: str, now: datetime) -> datetime:
    """`3d`, `12h`, `1w` back from now; a date (its start, UTC); a date and time in UTC
    unless it carries an offset (`2026-10-18T09:00+02:00`)."""
    raw = (text or "").strip()
    ago = _AGO.match(raw.lower())
    if ago:
        n, unit = int(ago[1]), ago[2]
        return now - timedelta(**{{"d": "days", "h": "hours", "w": "weeks"}[unit]: n})
    try:
        moment = datetime.fromisoformat(raw.replace(" ", "T", 1))
    except ValueError:
        raise ValidationError("since", "a date (2026-10-18), a date and time in UTC "
                              "(2026-10-18T09:00) or a span back from now (3d, 12h, 1w)"
                              ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Reader:
    """Whom the news is for: a group (band, crew), one person, or everyone."""

    group: PersonGroup | None = None
    person: Person | None = None
    office: bool = False  # may read contracts and visa papers

    @property
    def label(self) -> str:
        if self.person:
            return self.person.name
        return self.group.value if self.group else "everyone"

    def sees_item(self, row: dict) -> bool:
        audience = row.get("audience", "everyone")
        if self.group is None and self.person is None:
            return True
        group = self.person.group if self.person else self.group
        if audience == "everyone":
            return True
        if audience in ("band", "crew"):
            return group is not None and group.value == audience
        if audience == "role":
            if self.person:
                return self.person.has_role(row.get("audience_role", ""))
            return group is PersonGroup.CREW
        if audience == "people" and self.person:
            return self.person.id in json.loads(row.get("audience_people") or "[]")
        return False

    def sees_document(self, row: dict) -> bool:
        try:
            kind = DocKind(row.get("kind", "other"))
        except ValueError:
            return False
        return not kind.office or (self.office and self.group is None and self.person is None)


def reader_for(store: Store, who: str | None) -> Reader:
    """`band`, `crew`, a person's name or login; none: a crew or band login's own person,
    else everyone. Another person's news takes READ_CREW."""
    store.require(Capability.READ_SCHEDULE)
    office = store.can(Capability.READ_MONEY)
    if not who:
        if store.person_id is not None and not store.can(Capability.READ_CREW):
            return Reader(person=crew.person(store, store.person_id))
        return Reader(office=office)
    key = who.strip().casefold()
    if key in ("band", "crew"):
        return Reader(group=PersonGroup(key))
    if key in ("everyone", "all"):
        return Reader(office=office)
    found = [p for p in crew.people(store)
             if key in (p.name.casefold(), (p.login or "").casefold())]
    if not found:
        raise NotFoundError(f"--for: nobody called '{who}' on the crew list (or say band, "
                            "crew)")
    person = found[0]
    if person.id != store.person_id and not store.can(Capability.READ_CREW):
        raise ForbiddenError(f"{store.actor} ({store.role.value}) may only ask for their "
                             "own news, the band's or the crew's")
    return Reader(person=person)


@dataclass(frozen=True, slots=True)
class News:
    heading: str  # "Sat 24 Oct, Oslo" or the tour's name
    sort: str  # the day's date, "" for the tour
    lines: tuple[str, ...]


def _merge(changes: Iterable[Change]) -> list[tuple[str, int, dict | None, dict | None]]:
    """Each row's first before and last after: a time moved twice is told once, an
    item added and dropped again not at all."""
    merged: dict[tuple[str, int], list] = {}
    for c in changes:
        before = None if c.action == "insert" else _before(c)
        after = None if c.action == "delete" else c.row
        key = (c.entity, c.entity_id)
        if key in merged:
            merged[key][3] = after
        else:
            merged[key] = [c.entity, c.entity_id, before, after]
    return [tuple(v) for v in merged.values() if v[2] is not None or v[3] is not None]


def _before(c: Change) -> dict:
    if c.action == "delete":
        return c.row
    before = dict(c.row)
    before.update({f: old for f, old, _ in c.fields})
    return before


def day_news(store: Store, gig_id: int, since: datetime) -> list[str]:
    """What others changed on a gig day since `since`, as the login's own news tells it
    (items meant for others left out): the gig day's "changed since you last looked"."""
    store.require(Capability.READ_SCHEDULE)
    detail = gigs.detail(store, gig_id)
    _, news = what_changed(store, detail.tour.name, since, others_only=True)
    return [line for n in news if n.sort == detail.gig.date.isoformat() for line in n.lines]


MARK_WINDOW = timedelta(days=14)  # how far back the overview's mark looks


def changed_days(store: Store, gig_ids: Iterable[int]) -> set[int]:
    """Of `gig_ids`, the days the login opened before and others changed since, as the
    gig day's "changed since you last looked" tells them (the overview's mark). The
    change log is read once, from the earliest of those visits; only a day with a
    change after its own visit is told in words, to be sure the login would see it."""
    from tourdesk.services.preferences import seen_days

    store.require(Capability.READ_SCHEDULE)
    wanted = set(gig_ids)
    # a visit longer ago than MARK_WINDOW counts from the window's start: the log read
    # stays the last weeks' news, however long ago a day was first opened
    start = store.clock() - MARK_WINDOW
    seen = {g: max(t, start) for g, t in seen_days(store).items() if g in wanted}
    if not seen:
        return set()
    touched = set()
    for c in changelog.since(store, min(seen.values())):
        gig_id = c.entity_id if c.entity == "gig_days" else c.row.get("gig_day_id")
        if c.actor != store.actor and gig_id in seen and c.at > seen[gig_id]:
            touched.add(gig_id)
    return {g for g in touched if day_news(store, g, seen[g])}


def what_changed(store: Store, tour_name: str, since: datetime,
                 who: str | None = None, *, others_only: bool = False,
                 ) -> tuple[Reader, list[News]]:
    """The news since `since`; with `others_only`, leaving out the login's own changes."""
    store.require(Capability.READ_SCHEDULE)
    reader = reader_for(store, who)
    with store.read() as db:
        tour = tours.named(store, tour_name)
        days = {r[0]: r[1:] for r in db.execute(
            "SELECT g.id, g.date, coalesce(v.city, g.city), v.name, g.tour_id FROM gig_days g "
            "LEFT JOIN venues v ON v.id = g.venue_id").fetchall()}
        venue_names = dict(db.execute("SELECT id, name FROM venues").fetchall())
        changes = [c for c in changelog.since(store, since)
                   if not (others_only and c.actor == store.actor)]
    by_day: dict[str, list[str]] = {}
    headings: dict[str, str] = {}
    for entity, _id, before, after in _merge(changes):
        row = after or before or {}
        gig_id = row.get("id") if entity == "gig_days" else row.get("gig_day_id")
        if entity == "gig_days" and row.get("tour_id") != tour.id:
            continue
        if entity == "documents" and row.get("tour_id") != tour.id:
            continue
        if entity == "schedule_items":
            if gig_id not in days or days[gig_id][3] != tour.id:
                continue
            if not any(reader.sees_item(r) for r in (before, after) if r is not None):
                continue
            if after and before and not reader.sees_item(after):
                after = None  # no longer for them: it is gone from their plan
            elif after and before and not reader.sees_item(before):
                before = None  # newly for them
        if entity == "documents" and not reader.sees_document(row):
            continue
        line = _describe(entity, before, after, venue_names)
        if not line:
            continue
        if gig_id is not None:
            day = row.get("date") if entity == "gig_days" else (days.get(gig_id) or ("",))[0]
            known = days.get(gig_id)
            place = (known[1] if known else row.get("city", "")) or ""
            key = str(day)
            headings[key] = _day_heading(key, place)
        else:
            key = ""
            headings[key] = tour.name
        by_day.setdefault(key, []).append(line)
    news = [News(headings[k], k, tuple(v)) for k, v in sorted(by_day.items())]
    return reader, news


def _day_heading(day: str, place: str) -> str:
    try:
        text = f"{datetime.fromisoformat(day):%a %d %b}"
    except ValueError:
        text = day
    return f"{text}, {place}" if place else text


def _title(row: dict) -> str:
    if row.get("label"):
        return str(row["label"])
    try:
        return SCHEDULE_LABELS[ScheduleKind(row.get("kind", "other"))]
    except ValueError:
        return str(row.get("kind", ""))


def _describe(entity: str, before: dict | None, after: dict | None,
              venue_names: dict[int, str]) -> str:
    if entity == "schedule_items":
        return _item_line(before, after)
    if entity == "gig_days":
        return _day_line(before, after, venue_names)
    if entity == "documents" and after is not None and before is None:
        kind = DocKind(after.get("kind", "other"))
        return f"new {kind.label.lower()}: {after.get('name', '')} (doc {after.get('id')})"
    return ""


def _item_line(before: dict | None, after: dict | None) -> str:
    if before is None and after is not None:
        return f"new: {_title(after)} {after.get('local_time', '')}".rstrip()
    if after is None and before is not None:
        return f"dropped: {_title(before)} {before.get('local_time', '')}".rstrip()
    assert before is not None and after is not None
    parts = []
    if before.get("local_time") != after.get("local_time"):
        parts.append(f"{before.get('local_time')} → {after.get('local_time')}")
    if (before.get("end_time") or "") != (after.get("end_time") or ""):
        parts.append(f"until {before.get('end_time') or '—'} → {after.get('end_time') or '—'}")
    if (before.get("place") or "") != (after.get("place") or ""):
        parts.append(f"now at {after.get('place') or 'the venue'}")
    if _title(before) != _title(after):
        parts.append(f"(was {_title(before)})")
    return f"{_title(after)} " + ", ".join(parts) if parts else ""


def _day_line(before: dict | None, after: dict | None, venue_names: dict[int, str]) -> str:
    if before is None and after is not None:
        return f"added to the tour: {after.get('kind', 'day')}"
    if after is None:
        return "taken off the tour"
    assert before is not None
    parts = []
    if after.get("status") != before.get("status"):
        parts.append("CANCELLED" if after.get("status") == "cancelled"
                     else f"now {after.get('status')}")
    if after.get("date") != before.get("date"):
        parts.append(f"moved from {before.get('date')} to {after.get('date')}")
    if after.get("venue_id") != before.get("venue_id"):
        new = venue_names.get(after.get("venue_id") or -1, after.get("city") or "no venue")
        old = venue_names.get(before.get("venue_id") or -1, before.get("city") or "none")
        parts.append(f"venue now {new} (was {old})")
    if after.get("kind") != before.get("kind"):
        parts.append(f"now a {after.get('kind')} day (was {before.get('kind')})")
    if (after.get("hotel") or "") != (before.get("hotel") or ""):
        parts.append("hotel changed: " + (after.get("hotel") or "none").splitlines()[0]
                     if after.get("hotel") else "hotel removed")
    return "; ".join(parts)


def render(reader: Reader, news: list[News], since: datetime) -> str:
    """The news as text for a chat; says so when there is none."""
    head = f"Changes since {since.astimezone(UTC):%a %d %b %H:%M} UTC for {reader.label}"
    if not news:
        return head + ": nothing that concerns them.\n"
    out = [head + ":"]
    for n in news:
        out += ["", n.heading] + [f"- {line}" for line in n.lines]
    return "\n".join(out) + "\n"
