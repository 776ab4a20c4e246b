"""A day's schedule as items: what (from the tour's vocabulary or free text), when on
the clock of where it happens, until when, for whom, and a note.

Time rules (the same as the CSV import and the day form, see `localtime`):
- a time is the wall clock of the item's place: the day's venue, or the item's own
  place and zone;
- on a show, rehearsal or studio day a start before 06:00 is that night's small hours:
  it stays on the day and falls on the next calendar date;
- an end at or before its start on the clock is on the next calendar date (a set from
  23:30 until 00:45), so an item lasts less than 24 hours;
- a start or end inside the spring-forward gap is refused, naming the gap;
- a time inside the repeated autumn hour is the first of the two (fold 0, summer time),
  which is what `localtime.to_utc` gives.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, time, timedelta

from tourdesk.domain import localtime
from tourdesk.domain.errors import Collector, ValidationError
from tourdesk.domain.kinds import GigKind, ScheduleKind
from tourdesk.domain.models import (
    EVERYONE,
    Audience,
    AudienceKind,
    Fields,
    GigDay,
    ScheduleItem,
    default_audience,
    optional_text,
    required_text,
    timezone_name,
)

# The words every tour starts with: (what people type, the kind, the label stored).
# An empty label means the kind's own name (Load-in, Set...).
VOCABULARY: tuple[tuple[str, ScheduleKind, str], ...] = (
    ("lobby call", ScheduleKind.OTHER, "Lobby call"),
    ("bus call", ScheduleKind.TRAVEL, "Bus call"),
    ("load-in", ScheduleKind.LOAD_IN, ""),
    ("soundcheck", ScheduleKind.SOUNDCHECK, ""),
    ("doors", ScheduleKind.DOORS, ""),
    ("support", ScheduleKind.SUPPORT, ""),
    ("set", ScheduleKind.SET, ""),
    ("curfew", ScheduleKind.CURFEW, ""),
    ("load-out", ScheduleKind.LOAD_OUT, ""),
    ("press", ScheduleKind.OTHER, "Press"),
    ("meet & greet", ScheduleKind.OTHER, "Meet & greet"),
    ("radio", ScheduleKind.OTHER, "Radio"),
    ("travel", ScheduleKind.TRAVEL, ""),
    ("flight", ScheduleKind.TRAVEL, "Flight"),
    ("hotel", ScheduleKind.HOTEL, ""),
)
_ALIASES = {"meetandgreet": "meet&greet", "mg": "meet&greet", "m&g": "meet&greet",
            "loadin": "loadin", "getin": "loadin", "loadout": "loadout", "getout": "loadout",
            "show": "set", "lobby": "lobbycall"}

FIELDS = ("what", "at", "until", "place", "zone", "for", "note")


def _fold(text: str) -> str:
    key = re.sub(r"[^0-9a-z&]", "", text.casefold())
    return _ALIASES.get(key, key)


_KNOWN = {_fold(word): (kind, label) for word, kind, label in VOCABULARY}


def vocabulary(used: Iterable[str] = ()) -> list[str]:
    """The words to offer: the built-in ones, then the tour's own free-text labels."""
    words = [w for w, _, _ in VOCABULARY]
    seen = {_fold(w) for w in words}
    for label in used:
        if label and _fold(label) not in seen:
            seen.add(_fold(label))
            words.append(label)
    return words


def what_of(text: str | None, used: Iterable[str] = ()) -> tuple[ScheduleKind, str]:
    """(kind, label) for what the user typed: a vocabulary word (however it is spelt:
    `load in`, `Load-In`, `load_in`), a label the tour already uses (its spelling
    kept), or free text."""
    words = required_text(text, "what", max_len=60)
    key = _fold(words)
    if key in _KNOWN:
        return _KNOWN[key]
    for kind in ScheduleKind:
        if key == _fold(kind.value) or key == _fold(kind.label):
            return kind, "" if kind is not ScheduleKind.OTHER else words
    for label in used:
        if label and _fold(label) == key:
            return ScheduleKind.OTHER, label
    # "Set 2", "Load-in truck B", "Flight LH 123": a vocabulary word first keeps its kind
    tokens = words.split()
    for n in (2, 1):
        if len(tokens) > n and (known := _KNOWN.get(_fold(" ".join(tokens[:n])))):
            return known[0], words
    return ScheduleKind.OTHER, words


@dataclass(frozen=True, slots=True)
class Roster:
    """Who an item can be for: people by name, and the roles people hold."""

    people: Mapping[int, str] = field(default_factory=dict)  # id -> name
    roles: Sequence[str] = ()

    def person(self, name: str) -> int | None:
        folded = name.strip().casefold()
        return next((i for i, n in self.people.items() if n.casefold() == folded), None)

    def role(self, name: str) -> str | None:
        folded = name.strip().casefold()
        return next((r for r in self.roles if r.casefold() == folded), None)


def parse_audience(text: str | None, roster: Roster, field_name: str = "for") -> Audience:
    """`everyone` (or empty), `band`, `crew`, a role (`backline tech`), or one or more
    people on the crew list separated by commas."""
    words = (text or "").strip()
    if not words or words.casefold() in ("everyone", "all"):
        return EVERYONE
    if words.casefold() in ("band", "crew"):
        return Audience(AudienceKind(words.casefold()))
    parts = [p.strip() for p in re.split(r"[,;]", words) if p.strip()]
    if len(parts) == 1 and roster.person(parts[0]) is None and roster.role(parts[0]):
        return Audience(AudienceKind.ROLE, role=roster.role(parts[0]) or parts[0])
    ids: list[int] = []
    unknown = []
    for part in parts:
        person = roster.person(part)
        if person is None:
            unknown.append(part)
        elif person not in ids:
            ids.append(person)
    if unknown:
        raise ValidationError(field_name, f"'{unknown[0]}' is not everyone, band, crew, a role "
                                          "or a person on the crew list")
    return Audience(AudienceKind.PEOPLE, people=tuple(ids))


def audience_text(audience: Audience, names: Mapping[int, str]) -> str:
    if audience.kind is AudienceKind.ROLE:
        return audience.role
    if audience.kind is AudienceKind.PEOPLE:
        return ", ".join(names.get(p, f"person {p}") for p in audience.people)
    return audience.kind.value


def place_times(day: date, kind: GigKind, at_text: str | None, until_text: str | None,
                zone_name: str) -> tuple[date, time, date | None, time | None]:
    """(start date, start, end date, end) of an item on gig day `day`, on `zone_name`'s
    clock, by the rules in this module's docstring; errors name `at` and `until`."""
    c = Collector()
    at = c.check(localtime.parse_wall_time, (at_text or "").strip(), "at")
    until = None
    if (until_text or "").strip():
        until = c.check(localtime.parse_wall_time, (until_text or "").strip(), "until")
    c.raise_if_any()
    assert at is not None
    on = localtime.item_date(day, at, runs_past_midnight=kind.runs_past_midnight)
    c.check(localtime.check_exists, on, at, zone_name, "at")
    until_on = None
    if until is not None:
        until_on = on if until > at else on + timedelta(days=1)
        c.check(localtime.check_exists, until_on, until, zone_name, "until")
    c.raise_if_any()
    return on, at, until_on, until


def item_from_fields(fields: Fields, *, gig: GigDay, day_zone: str, roster: Roster,
                     used: Iterable[str] = (), item: ScheduleItem | None = None,
                     ) -> ScheduleItem:
    """A checked item from `what`, `at`, `until`, `place`, `zone`, `for`, `note`;
    every bad field named. `item`: the one being edited (its id and version kept)."""
    c = Collector()
    get = fields.get
    what = c.check(what_of, get("what"), used)
    place = c.check(optional_text, get("place"), "place", max_len=120)
    zone_text = (get("zone") or "").strip()
    zone_name: str | None = day_zone
    if zone_text:
        zone_name = c.check(timezone_name, zone_text, "zone")
    audience_given = (get("for") or "").strip()
    audience = c.check(parse_audience, audience_given, roster)
    note = c.check(optional_text, get("note"), "note", multiline=True)
    times = None
    if zone_name == "":
        c.errors.append(ValidationError("zone", "the day has no time zone (no venue, no zone): "
                                                "give the item's zone"))
    elif zone_name is not None:
        times = c.check(place_times, gig.date, gig.kind, get("at"), get("until"), zone_name)
    c.raise_if_any()
    assert what is not None and times is not None and audience is not None
    kind, label = what
    if not audience_given:
        audience = item.audience if item else default_audience(gig.kind, kind)
    on, at, until_on, until = times
    return ScheduleItem(kind=kind, at=at, on=on, timezone=zone_name or "", label=label,
                        id=item.id if item else None, until=until, until_on=until_on,
                        place=place or "", audience=audience, note=note or "",
                        version=item.version if item else None,
                        event_id=item.event_id if item else None)


def item_to_fields(item: ScheduleItem, names: Mapping[int, str], day_zone: str
                   ) -> dict[str, str]:
    return {
        "what": item.title,
        "at": f"{item.at:%H:%M}",
        "until": f"{item.until:%H:%M}" if item.until else "",
        "place": item.place,
        "zone": item.timezone if item.timezone != day_zone else "",
        "for": audience_text(item.audience, names),
        "note": item.note,
    }


def moved(item: ScheduleItem, days: int) -> ScheduleItem:
    """The same clock times `days` later (a day moved to another date)."""
    step = timedelta(days=days)
    return replace(item, on=item.on + step,
                   until_on=item.until_on + step if item.until_on else None)


def gap_problem(item: ScheduleItem) -> str | None:
    """Why the item's times do not exist on its clock (after a move), or None."""
    for on, at in ((item.on, item.at), (item.until_on, item.until)):
        if on is None or at is None:
            continue
        try:
            localtime.check_exists(on, at, item.timezone, "at")
        except ValidationError as exc:
            return f"{item.title} {exc.message}"
    return None
