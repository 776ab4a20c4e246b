"""People, the roles a day needs, who works it, and the rules that catch a bad plan.

Roles are open text ("FOH engineer", "backline tech", "bus driver"...): a tour names
its own. They compare without regard to case or surrounding spaces. The rules below
are pure functions over `Shift`s, so they are tested without a database.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from datetime import date as Date  # inside Shift, `date` is a field
from enum import StrEnum
from itertools import combinations, pairwise

from tourdesk.domain import localtime
from tourdesk.domain.errors import Collector, ValidationError
from tourdesk.domain.kinds import GigKind, GigStatus
from tourdesk.domain.models import (
    Audience,
    AudienceKind,
    Fields,
    choice,
    email,
    optional_text,
    required_text,
)
from tourdesk.domain.money import Money, currency_code, parse_plain, totals
from tourdesk.domain.routing import serves
from tourdesk.domain.travel import drive_hours, road_km
from tourdesk.domain.travel_plans import Mode, Segment


class PersonGroup(StrEnum):
    BAND = "band"
    CREW = "crew"
    MANAGEMENT = "management"
    LOCAL = "local"


# Common roles with the three letters the staffing board shows; others get their own.
ROLE_CODES: dict[str, str] = {
    "tour manager": "TM", "production manager": "PM", "stage manager": "SM",
    "foh engineer": "FOH", "monitor engineer": "MON", "lighting designer": "LD",
    "lighting tech": "LX", "backline tech": "BL", "guitar tech": "GT", "drum tech": "DT",
    "rigger": "RIG", "video tech": "VID", "driver": "DRV", "bus driver": "BUS",
    "truck driver": "TRK", "merch": "MER", "security": "SEC", "local crew": "LOC",
    "runner": "RUN", "musician": "MUS", "vocals": "VOX", "catering": "CAT",
}  # fmt: skip

_LOGIN = re.compile(r"[a-z_][a-z0-9_.-]{0,31}")


def role_key(role: str) -> str:
    return " ".join(role.split()).casefold()


def item_reaches(audience: Audience, *, band: bool, people: Collection[int] = (),
                 roles: Collection[str] = ()) -> bool:
    """Whether a schedule item for `audience` is for a reader: the band (`band`) or the
    rest of the party (crew, management, local crew), standing for `people` who hold
    `roles` (as `role_key`s). An item for a role reaches whoever holds the role."""
    kind = audience.kind
    if kind is AudienceKind.EVERYONE:
        return True
    if kind is AudienceKind.BAND:
        return band
    if kind is AudienceKind.CREW:
        return not band
    if kind is AudienceKind.ROLE:
        return role_key(audience.role) in roles
    return any(p in people for p in audience.people)


def role_code(role: str) -> str:
    """Up to three letters: the common ones above, else initials or the first letters."""
    known = ROLE_CODES.get(role_key(role))
    if known:
        return known
    words = role.split()
    return ("".join(w[0] for w in words[:3]) if len(words) > 1 else role.strip()[:3]).upper()


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    roles: tuple[str, ...] = ()
    group: PersonGroup = PersonGroup.CREW
    login: str = ""
    phone: str = ""
    email: str = ""
    emergency_contact: str = ""
    dietary: str = ""
    day_rate: Money | None = None
    per_diem: Money | None = None
    currency: str = "EUR"
    notes: str = ""
    active: bool = True
    id: int | None = None

    def has_role(self, role: str) -> bool:
        return role_key(role) in {role_key(r) for r in self.roles}


def roles_from_text(value: str | None, field_name: str = "roles") -> tuple[str, ...]:
    """`FOH engineer; driver` (also commas): each once, in the order given."""
    seen: dict[str, str] = {}
    for part in re.split(r"[;,]", value or ""):
        role = " ".join(optional_text(part, field_name, max_len=40).split())
        if role and role_key(role) not in seen:
            seen[role_key(role)] = role
    return tuple(seen.values())


def _login(value: str | None, field_name: str = "login") -> str:
    text = (value or "").strip()
    if text and not _LOGIN.fullmatch(text):
        raise ValidationError(field_name, f"'{text}' is not a login name (lower-case letters, "
                                          "digits, . _ -; as in the SSH user name)")
    return text


def _active(value: str | None, field_name: str = "active") -> bool:
    text = (value or "").strip().lower()
    if text in ("", "yes", "y", "true", "1"):
        return True
    if text in ("no", "n", "false", "0"):
        return False
    raise ValidationError(field_name, f"'{value}' is not yes or no")


def person_to_fields(p: Person) -> dict[str, str]:
    """A person as the text `person_from_fields` reads back (CSV row, form)."""
    return {"name": p.name, "roles": "; ".join(p.roles), "group": p.group.value,
            "login": p.login, "phone": p.phone, "email": p.email,
            "emergency_contact": p.emergency_contact, "dietary": p.dietary,
            "day_rate": p.day_rate.plain() if p.day_rate else "",
            "per_diem": p.per_diem.plain() if p.per_diem else "", "currency": p.currency,
            "notes": p.notes, "active": "yes" if p.active else "no"}


def person_from_fields(fields: Fields, *, person_id: int | None = None) -> Person:
    c = Collector()
    get = fields.get
    currency = c.check(currency_code, get("currency") or "EUR") or "EUR"

    def amount(name: str) -> Money | None:
        return c.check(parse_plain, get(name), currency, name) if (get(name) or "").strip() \
            else None

    person = Person(
        name=c.check(required_text, get("name"), "name", max_len=80),
        roles=c.check(roles_from_text, get("roles")) or (),
        group=c.check(choice, get("group"), "group", PersonGroup, PersonGroup.CREW),
        login=c.check(_login, get("login")) or "",
        phone=c.check(optional_text, get("phone"), "phone", max_len=40) or "",
        email=c.check(email, get("email")) or "",
        emergency_contact=c.check(optional_text, get("emergency_contact"), "emergency_contact",
                                  max_len=200) or "",
        dietary=c.check(optional_text, get("dietary"), "dietary", max_len=200) or "",
        day_rate=amount("day_rate"),
        per_diem=amount("per_diem"),
        currency=currency,
        notes=c.check(optional_text, get("notes"), "notes", multiline=True) or "",
        active=bool(c.check(_active, get("active"))),
        id=person_id,
    )
    c.raise_if_any()
    return person


@dataclass(frozen=True, slots=True)
class Need:
    gig_day_id: int
    role: str
    count: int
    local: int = 0  # heads of this role the venue confirmed when advancing the show


@dataclass(frozen=True, slots=True)
class Shift:
    """One assignment with what the rules need to know about its day."""

    assignment_id: int
    person_id: int
    person: str
    role: str
    gig_day_id: int
    tour: str
    date: date
    kind: GigKind
    status: GigStatus
    place: str  # venue name, or city
    zone: str
    coordinates: tuple[float, float] | None
    call: time | None  # the assignment's call time, local
    first_item: time | None  # earliest schedule time of the day (load-in), local
    last_item: tuple[Date, time] | None  # latest schedule time (load-out/curfew), local
    fee: Money | None = None
    event_id: int | None = None  # one of the day's further events; None: the day's own
    last_end: tuple[Date, time] | None = None  # the latest end (or start) of its items
    studio_id: int | None = None  # a studio session they engineer: its hours, no pay

    @property
    def booking(self) -> tuple[int, int | None, int | None]:
        """What a person is booked on: the gig day, which of its events, or a session."""
        return self.gig_day_id, self.event_id, self.studio_id

    def busy(self, rules: Rules) -> tuple[datetime, datetime, bool]:
        """From the call (or first item) to the end of the last item, as instants; True
        when a time was assumed."""
        start, start_assumed = self.starts(rules.assumed_call)
        end, end_assumed = self.ends(rules.assumed_end)
        if self.last_end is not None:
            end = max(end, localtime.to_utc(*self.last_end, self.zone))
        return start, max(end, start), start_assumed or end_assumed

    @property
    def working(self) -> bool:
        return self.status is not GigStatus.CANCELLED

    @property
    def call_on(self) -> Date:
        """The calendar date of the call: on a show, rehearsal or studio day a call
        before 06:00 is that night's, on the next date (the working-day rule)."""
        if self.call is None:
            return self.date
        return localtime.item_date(self.date, self.call,
                                   runs_past_midnight=self.kind.runs_past_midnight)

    @property
    def working_order(self) -> tuple[bool, time]:
        """Sorts a day's calls as the day runs: a past-midnight call after the evening."""
        at = self.call or self.first_item or time.min
        return (self.call is not None and self.call_on != self.date, at)

    def starts(self, assumed: time) -> tuple[datetime, bool]:
        """The call as an instant; True when it was assumed (no call, no schedule)."""
        if self.call is not None:
            return localtime.to_utc(self.call_on, self.call, self.zone), False
        at = self.first_item
        return localtime.to_utc(self.date, at or assumed, self.zone), at is None

    def ends(self, assumed: time) -> tuple[datetime, bool]:
        if self.last_item is not None:
            on, at = self.last_item
            return localtime.to_utc(on, at, self.zone), False
        return localtime.to_utc(self.date, assumed, self.zone), True


@dataclass(frozen=True, slots=True)
class Rules:
    rest_hours: float = 8.0  # between one day's load-out or curfew and the next call
    assumed_call: time = time(10, 0)  # when a day has neither a call time nor a schedule
    assumed_end: time = time(23, 0)


class ConflictKind(StrEnum):
    DOUBLE_BOOKED = "double booked"
    TOO_FAR = "cannot get there"
    REST = "short rest"
    UNDERSTAFFED = "understaffed"
    WRONG_ROLE = "role not held"
    INACTIVE = "inactive"
    TRAVELLING = "travelling"


@dataclass(frozen=True, slots=True)
class Conflict:
    kind: ConflictKind
    date: date
    why: str
    person_id: int | None = None
    gig_day_ids: tuple[int, ...] = field(default=())
    missing: int = 0  # understaffed: how many more people the day needs

    def __str__(self) -> str:
        return f"{self.date.isoformat()}  {self.kind.value}: {self.why}"


def find_conflicts(shifts: Iterable[Shift], needs: Iterable[Need], people: Mapping[int, Person],
                   days: Mapping[int, tuple[date, str, GigStatus]], rules: Rules = Rules(),
                   travel: Sequence[Segment] = ()) -> list[Conflict]:
    """Every conflict and gap, by date. `days` maps a gig day to (date, place, status);
    `travel` are the booked segments of the people in `shifts`."""
    live = [s for s in shifts if s.working]
    found = [*_double_bookings(live, rules), *_travel_and_rest(live, rules),
             *_in_transit(live, travel, rules), *_roles(live, people),
             *_understaffed(live, needs, days)]
    return sorted(found, key=lambda c: (c.date, c.kind.value, c.why))


def _double_bookings(shifts: Sequence[Shift], rules: Rules) -> Iterable[Conflict]:
    """Two gig days on one date are a double booking; two events of one gig day (or a
    studio session on it) are one only when their times overlap (a festival afternoon,
    then the club at night)."""
    by_day: dict[tuple[int, date], dict[tuple[int, int | None, int | None], Shift]] = \
        defaultdict(dict)
    for s in shifts:
        by_day[(s.person_id, s.date)].setdefault(s.booking, s)
    for (person_id, on), booked in sorted(by_day.items(), key=lambda kv: kv[0][1]):
        days: dict[int, Shift] = {}
        for s in booked.values():
            days.setdefault(s.gig_day_id, s)
        if len(days) > 1:
            places = " and ".join(f"{s.place} ({s.tour})" for s in days.values())
            first = next(iter(days.values()))
            yield Conflict(ConflictKind.DOUBLE_BOOKED, on,
                           f"{first.person} is booked at {places} on the same day",
                           person_id, tuple(days))
            continue
        for a, b in combinations(booked.values(), 2):
            a_start, a_end, a_assumed = a.busy(rules)
            b_start, b_end, b_assumed = b.busy(rules)
            if a_start < b_end and b_start < a_end:
                assumed = " (times assumed: add the schedule or a call time)" \
                    if a_assumed or b_assumed else ""
                yield Conflict(ConflictKind.DOUBLE_BOOKED, on,
                               f"{a.person} is booked at {a.place} and {b.place} at the "
                               f"same time{assumed}", person_id, (a.gig_day_id,))


def _travel_and_rest(shifts: Sequence[Shift], rules: Rules) -> Iterable[Conflict]:
    by_person: dict[int, dict[tuple[int, int | None, int | None], Shift]] = defaultdict(dict)
    for s in shifts:
        by_person[s.person_id].setdefault(s.booking, s)  # two roles on one event: one shift
    for person_id, days in by_person.items():
        ordered = sorted(days.values(), key=lambda s: (s.date, s.starts(rules.assumed_call)[0]))
        for before, after in pairwise(ordered):
            if after.date == before.date:
                continue  # a double booking, reported as such
            end, end_assumed = before.ends(rules.assumed_end)
            start, start_assumed = after.starts(rules.assumed_call)
            gap = (start - end).total_seconds() / 3600
            if gap > 48:
                continue
            assumed = " (times assumed: add the schedule or a call time)" \
                if end_assumed or start_assumed else ""
            need = _drive(before, after)
            if need is not None and gap < need[1]:
                yield Conflict(
                    ConflictKind.TOO_FAR, after.date,
                    f"{after.person}: {before.place} to {after.place} is about {need[0]:.0f} km "
                    f"by road, ~{need[1]:.1f} h, but there are {max(gap, 0):.1f} h between "
                    f"the end on {before.date:%a %d} and the call{assumed}",
                    person_id, (before.gig_day_id, after.gig_day_id))
            elif not (end_assumed or start_assumed) and gap < rules.rest_hours:
                yield Conflict(
                    ConflictKind.REST, after.date,
                    f"{after.person}: {max(gap, 0):.1f} h from the end at {before.place} to "
                    f"the call at {after.place}; the rest rule is {rules.rest_hours:g} h",
                    person_id, (before.gig_day_id, after.gig_day_id))


def _drive(a: Shift, b: Shift) -> tuple[float, float] | None:
    if a.coordinates is None or b.coordinates is None:
        return None
    km = road_km(a.coordinates, b.coordinates)
    return km, drive_hours(km)


_ON_BOARD = {Mode.FLIGHT: "in the air", Mode.TRAIN: "on a train", Mode.FERRY: "on a ferry",
             Mode.BUS: "on a bus", Mode.CAR: "on the road"}


def _in_transit(shifts: Sequence[Shift], travel: Sequence[Segment], rules: Rules,
                ) -> Iterable[Conflict]:
    """A person on a segment's manifest who is still travelling at their call, or who
    reaches the call's place after it (before the day's end): one conflict per person
    and day, naming the segment on the clocks people read (the arrival's, the call's).
    Compared as instants, so a date-line crossing or two zones cannot fool it. A day
    without a call time or a schedule has no call to miss, and a travel day's call is
    where the journey starts (its place is where it ends): neither is checked."""
    booked: dict[int, list[Segment]] = defaultdict(list)
    for seg in sorted(travel, key=lambda x: x.departs):
        for pid in seg.person_ids():
            booked[pid].append(seg)
    seen: set[tuple[int, int]] = set()
    for s in shifts:
        if (not booked.get(s.person_id) or s.kind in (GigKind.TRAVEL, GigKind.OFF)
                or (s.person_id, s.gig_day_id) in seen):
            continue
        call, assumed = s.starts(time.min)
        if assumed:
            continue
        end = max(s.ends(rules.assumed_end)[0], call)
        for seg in booked[s.person_id]:
            here = serves(seg.destination, s.place, s.coordinates)
            if seg.departs < call < seg.arrives or (here and call < seg.arrives <= end):
                seen.add((s.person_id, s.gig_day_id))
                yield Conflict(ConflictKind.TRAVELLING, s.date, _transit_words(s, seg, here),
                               s.person_id, (s.gig_day_id,))
                break


def _transit_words(s: Shift, seg: Segment, here: bool) -> str:
    """"Ana Silva lands in SYD 06:10 (flight QF2), call 04:30 at the Opera House"."""
    lands = "lands" if seg.mode is Mode.FLIGHT else "arrives"
    where = seg.destination.code or seg.destination.place
    call_at = s.call if s.call is not None else s.first_item
    call_on = s.call_on if s.call is not None else s.date
    when = f"{seg.arrive_at:%H:%M}" if seg.arrive_on == call_on \
        else f"{seg.arrive_on:%a %d %b} {seg.arrive_at:%H:%M}"
    call = f"call {call_at:%H:%M} at {s.place}"
    if here:
        return f"{s.person} {lands} in {where} {when} ({seg.name}), {call}"
    doing = _ON_BOARD.get(seg.mode, "travelling")
    return f"{s.person} is {doing} at the {call} ({seg.title()}, {lands} {when})"


def _roles(shifts: Sequence[Shift], people: Mapping[int, Person]) -> Iterable[Conflict]:
    for s in shifts:
        person = people.get(s.person_id)
        if person is None or s.studio_id is not None:  # an engineer is named, not cast
            continue
        if not person.has_role(s.role):
            held = ", ".join(person.roles) or "none recorded"
            yield Conflict(ConflictKind.WRONG_ROLE, s.date,
                           f"{s.person} works as {s.role} at {s.place} but their roles are "
                           f"{held}", s.person_id, (s.gig_day_id,))
        if not person.active:
            yield Conflict(ConflictKind.INACTIVE, s.date,
                           f"{s.person} is marked inactive but works at {s.place}",
                           s.person_id, (s.gig_day_id,))


def _understaffed(shifts: Sequence[Shift], needs: Iterable[Need],
                  days: Mapping[int, tuple[date, str, GigStatus]]) -> Iterable[Conflict]:
    filled: dict[tuple[int, str], set[int]] = defaultdict(set)
    for s in shifts:
        filled[(s.gig_day_id, role_key(s.role))].add(s.person_id)
    for need in needs:
        on, place, status = days[need.gig_day_id]
        have = len(filled[(need.gig_day_id, role_key(need.role))]) + need.local
        if status is not GigStatus.CANCELLED and have < need.count:
            venue = f" ({need.local} from the venue)" if need.local else ""
            yield Conflict(ConflictKind.UNDERSTAFFED, on,
                           f"{place} needs {need.count} {need.role}, has {have}{venue}",
                           None, (need.gig_day_id,), need.count - have)


# -- pay basis --


@dataclass(frozen=True, slots=True)
class PayBasis:
    person_id: int
    person: str
    tour: str
    days_worked: int
    fees: tuple[Money, ...]  # day rates and overrides for the days worked, per currency
    per_diem_days: int
    per_diems: Money | None

    @property
    def total(self) -> tuple[Money, ...]:
        """Per currency: a fee agreed in another currency is never added into the
        person's own (the budget converts, at a rate someone chose)."""
        return tuple(totals([*self.fees, *([self.per_diems] if self.per_diems else [])]))


def pay_basis(person: Person, tour: str, shifts: Sequence[Shift],
              tour_days: Sequence[date]) -> PayBasis:
    """Days worked (once a day, whatever the roles) at the day rate or the day's fee
    override, plus a per diem for every tour day from the first day worked to the last
    (off and travel days in between are days on the road). Two roles on one day pay
    the higher fee; fees in two currencies cannot be compared, so the first stands."""
    worked: dict[date, Money | None] = {}
    for s in sorted(shifts, key=lambda s: s.date):
        if not s.working or s.tour != tour:
            continue
        fee = s.fee or person.day_rate
        paid = worked.get(s.date)
        if s.date not in worked or paid is None or (
                fee is not None and fee.currency == paid.currency and fee > paid):
            worked[s.date] = fee
    first, last = (min(worked), max(worked)) if worked else (None, None)
    per_diem_days = sum(1 for d in tour_days
                        if first is not None and last is not None and first <= d <= last)
    return PayBasis(
        person_id=person.id or 0, person=person.name, tour=tour, days_worked=len(worked),
        fees=tuple(totals([m for m in worked.values() if m is not None])),
        per_diem_days=per_diem_days,
        per_diems=person.per_diem * per_diem_days if person.per_diem else None,
    )


def copy_dates(start: date, end: date) -> list[date]:
    if end < start:
        raise ValidationError("to", f"{end} is before {start}")
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]
