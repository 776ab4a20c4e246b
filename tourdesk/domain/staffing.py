"""People, the roles a day needs, who works it, and the rules that catch a bad plan.

Roles are open text ("FOH engineer", "backline tech", "bus driver"...): a tour names
its own. They compare without regard to case or surrounding spaces. The rules below
are pure functions over `Shift`s, so they are tested without a database.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from itertools import pairwise

from tourdesk.domain import localtime
from tourdesk.domain.errors import Collector, ValidationError
from tourdesk.domain.kinds import GigKind, GigStatus
from tourdesk.domain.models import Fields, choice, email, optional_text, required_text
from tourdesk.domain.money import Money, currency_code, parse_plain, totals
from tourdesk.domain.travel import drive_hours, road_km


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
    last_item: tuple[date, time] | None  # latest schedule time (load-out/curfew), local
    fee: Money | None = None

    @property
    def working(self) -> bool:
        return self.status is not GigStatus.CANCELLED

    @property
    def call_on(self) -> date:
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
                   ) -> list[Conflict]:
    """Every conflict and gap, by date. `days` maps a gig day to (date, place, status)."""
    live = [s for s in shifts if s.working]
    found = [*_double_bookings(live), *_travel_and_rest(live, rules),
             *_roles(live, people), *_understaffed(live, needs, days)]
    return sorted(found, key=lambda c: (c.date, c.kind.value, c.why))


def _double_bookings(shifts: Sequence[Shift]) -> Iterable[Conflict]:
    by_day: dict[tuple[int, date], dict[int, Shift]] = defaultdict(dict)
    for s in shifts:
        by_day[(s.person_id, s.date)].setdefault(s.gig_day_id, s)
    for (person_id, on), booked in sorted(by_day.items(), key=lambda kv: kv[0][1]):
        if len(booked) > 1:
            places = " and ".join(f"{s.place} ({s.tour})" for s in booked.values())
            first = next(iter(booked.values()))
            yield Conflict(ConflictKind.DOUBLE_BOOKED, on,
                           f"{first.person} is booked at {places} on the same day",
                           person_id, tuple(booked))


def _travel_and_rest(shifts: Sequence[Shift], rules: Rules) -> Iterable[Conflict]:
    by_person: dict[int, dict[int, Shift]] = defaultdict(dict)
    for s in shifts:
        by_person[s.person_id].setdefault(s.gig_day_id, s)  # two roles on one day: one shift
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


def _roles(shifts: Sequence[Shift], people: Mapping[int, Person]) -> Iterable[Conflict]:
    for s in shifts:
        person = people.get(s.person_id)
        if person is None:
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
    per_diem_days = sum(1 for d in tour_days if first is not None and first <= d <= last)
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
