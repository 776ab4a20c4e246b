"""Tours, venues, gig days and schedule items, and how raw text becomes each of them.

The `*_from_fields` functions take what a form, a CSV row or a CLI argument gives
(strings), collect every field error, and either return a valid object or raise
ValidationErrors naming each bad field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time
from enum import Enum, StrEnum

from tourdesk.domain import localtime
from tourdesk.domain.countries import country_code
from tourdesk.domain.errors import Collector, ValidationError
from tourdesk.domain.kinds import ContractState, GigKind, GigStatus, ScheduleKind
from tourdesk.domain.text import clean_input

Fields = Mapping[str, str | None]


@dataclass(frozen=True, slots=True)
class Tour:
    name: str
    artist: str = ""
    home_currency: str = "EUR"
    notes: str = ""
    id: int | None = None

    @property
    def saved_id(self) -> int:
        return saved_id(self.id, "tour")


def saved_id(record_id: int | None, what: str) -> int:
    """The id of a record read from the store. Only one built from a form, not yet
    added, has none, and code that reaches here with such a record is wrong."""
    if record_id is None:
        raise ValueError(f"a {what} that was never stored has no id")
    return record_id


@dataclass(frozen=True, slots=True)
class Venue:
    name: str
    city: str
    country: str
    timezone: str
    address: str = ""
    latitude: float | None = None
    longitude: float | None = None
    capacity: int | None = None
    phone: str = ""
    email: str = ""
    website: str = ""
    load_in: str = ""
    stage: str = ""
    power: str = ""
    parking: str = ""
    wifi: str = ""
    hospitality: str = ""
    notes: str = ""
    id: int | None = None


@dataclass(frozen=True, slots=True)
class VenueContact:
    """Someone to call at a venue: the production manager, the promoter's rep..."""

    venue_id: int
    name: str
    role: str = ""  # free wording; CONTACT_ROLES are the usual ones
    phone: str = ""
    email: str = ""
    notes: str = ""
    id: int | None = None

    @property
    def order(self) -> tuple[int, str, str]:
        """Production first, then the promoter and the other usual roles, then the rest."""
        role = self.role.casefold()
        known = CONTACT_ROLES.index(role) if role in CONTACT_ROLES else len(CONTACT_ROLES)
        return (known, role, self.name.casefold())

    @property
    def reach(self) -> str:
        """`+49 30 555 0101 · anna@venue.example`"""
        return " · ".join(p for p in (self.phone, self.email) if p)

    @property
    def summary(self) -> str:
        """`Anna Berg (production) +49 30 555 0101 · anna@venue.example`"""
        who = f"{self.name} ({self.role})" if self.role else self.name
        return f"{who} {self.reach}".strip()


CONTACT_ROLES = ("production", "promoter", "venue manager", "front of house", "security",
                 "catering", "box office", "runner", "stage manager", "local crew chief")

# Free-text venue facts, in the order a day sheet shows them.
VENUE_FACTS = ("load_in", "stage", "power", "parking", "wifi", "hospitality", "notes")


class AudienceKind(StrEnum):
    EVERYONE = "everyone"
    BAND = "band"
    CREW = "crew"
    ROLE = "role"  # whoever works the day in that role
    PEOPLE = "people"  # named people on the crew list


@dataclass(frozen=True, slots=True)
class Audience:
    """Who a schedule item is for."""

    kind: AudienceKind = AudienceKind.EVERYONE
    role: str = ""  # for ROLE
    people: tuple[int, ...] = ()  # person ids, for PEOPLE


EVERYONE = Audience()


@dataclass(frozen=True, slots=True)
class ScheduleItem:
    """One thing on a day's schedule, on the clock of its place (`timezone`): the day's
    venue, or its own `place` (a radio station, a festival's other stage)."""

    kind: ScheduleKind
    at: time
    on: date  # the calendar date the clock shows; after midnight it is the next date
    timezone: str
    label: str = ""
    id: int | None = None
    until: time | None = None  # optional end, on the same clock
    until_on: date | None = None  # the calendar date of the end
    place: str = ""  # empty: at the day's venue (or city)
    audience: Audience = EVERYONE
    note: str = ""
    version: int | None = None  # the stored row's version, for stale-edit checks
    event_id: int | None = None  # one of the day's further events; None: the day's own

    @property
    def title(self) -> str:
        return self.label or self.kind.label


@dataclass(frozen=True, slots=True)
class GigDay:
    tour_id: int
    date: date
    kind: GigKind
    status: GigStatus = GigStatus.CONFIRMED
    contract: ContractState = ContractState.NONE
    venue_id: int | None = None
    city: str = ""  # where the party is on a day without a venue
    country: str = ""
    timezone: str = ""
    notes: str = ""
    hotel: str = ""  # name, address, phone, booking reference: free text
    id: int | None = None

    @property
    def saved_id(self) -> int:
        return saved_id(self.id, "gig day")


# -- field parsers: each returns a clean value or raises ValidationError(field, ...) --


def required_text(value: str | None, field: str, *, max_len: int = 200) -> str:
    text = optional_text(value, field, max_len=max_len)
    if not text:
        raise ValidationError(field, "is required")
    return text


def optional_text(
    value: str | None, field: str, *, max_len: int = 2000, multiline: bool = False
) -> str:
    text = clean_input(value, multiline=multiline)
    if len(text) > max_len:
        raise ValidationError(field, f"is {len(text)} characters long; at most {max_len}")
    return text


def optional_float(value: str | None, field: str, low: float, high: float) -> float | None:
    text = (value or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        raise ValidationError(field, f"'{value}' is not a number") from None
    if not low <= number <= high:  # also refuses nan and inf
        raise ValidationError(field, f"{number} is outside {low:g} to {high:g}")
    return number


def optional_int(value: str | None, field: str, *, low: int = 0) -> int | None:
    text = (value or "").strip().replace("_", "").replace(" ", "")
    if not text:
        return None
    if not re.fullmatch(r"[+-]?\d{1,12}", text):
        raise ValidationError(field, f"'{value}' is not a whole number")
    number = int(text)
    if number < low:
        raise ValidationError(field, f"must be at least {low}")
    return number


# Dates a tour can have: the calendar maths around them (the small hours of a show on the
# next date, zone rules) must never run off the ends of Python's calendar.
YEARS = (1900, 2199)


def iso_date(value: str | None, field: str = "date") -> date:
    text = (value or "").strip()
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ValidationError(field, f"'{value}' is not a date; write YYYY-MM-DD") from None
    if not YEARS[0] <= day.year <= YEARS[1]:
        raise ValidationError(field, f"{day} is outside the years {YEARS[0]} to {YEARS[1]}")
    return day


def email(value: str | None, field: str = "email") -> str:
    text = optional_text(value, field, max_len=254)
    if text and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text):
        raise ValidationError(field, f"'{text}' is not an email address")
    return text


def phone(value: str | None, field: str = "phone") -> str:
    """What people dial: digits with +, spaces, dots, dashes, slashes and brackets."""
    text = optional_text(value, field, max_len=40)
    if text and (not re.fullmatch(r"[+\d][\d ()./-]*", text) or sum(map(str.isdigit, text)) < 3):
        raise ValidationError(field, f"'{text}' is not a phone number (digits, + and spaces)")
    return text


def choice(value: str | None, field: str, enum: type[Enum], default: object = None):  # noqa: ANN201
    text = (value or "").strip().lower().replace("-", "_").replace(" ", "_")
    if not text and default is not None:
        return default
    try:
        return enum(text)
    except ValueError:
        allowed = ", ".join(m.value for m in enum)
        raise ValidationError(field, f"'{value}' is not one of: {allowed}") from None


def timezone_name(value: str | None, field: str = "timezone") -> str:
    localtime.zone(value or "", field)
    return (value or "").strip()


# -- records --


def venue_from_fields(fields: Fields, *, venue_id: int | None = None) -> Venue:
    c = Collector()
    get = fields.get
    lat = c.check(optional_float, get("latitude"), "latitude", -90, 90)
    lon = c.check(optional_float, get("longitude"), "longitude", -180, 180)
    if (lat is None) != (lon is None) and not c.errors:
        missing = "longitude" if lon is None else "latitude"
        c.errors.append(ValidationError(missing, "give both latitude and longitude, or neither"))
    text = {
        f: c.check(optional_text, get(f), f, multiline=f in VENUE_FACTS)
        for f in ("address", "phone", "website", *VENUE_FACTS)
    }
    venue = Venue(
        name=c.check(required_text, get("name"), "name"),
        city=c.check(required_text, get("city"), "city", max_len=100),
        country=c.check(country_code, get("country") or ""),
        timezone=c.check(timezone_name, get("timezone")),
        latitude=lat,
        longitude=lon,
        capacity=c.check(optional_int, get("capacity"), "capacity"),
        email=c.check(email, get("email")),
        id=venue_id,
        **text,
    )
    c.raise_if_any()
    return venue


def contact_from_fields(fields: Fields, *, venue_id: int,
                        contact_id: int | None = None) -> VenueContact:
    c = Collector()
    get = fields.get
    contact = VenueContact(
        venue_id=venue_id,
        name=c.check(required_text, get("name"), "name", max_len=120),
        role=c.check(optional_text, get("role"), "role", max_len=60),
        phone=c.check(phone, get("phone")),
        email=c.check(email, get("email")),
        notes=c.check(optional_text, get("notes"), "notes", multiline=True),
        id=contact_id,
    )
    c.raise_if_any()
    return contact


def tour_from_fields(fields: Fields, *, tour_id: int | None = None) -> Tour:
    c = Collector()
    currency = (fields.get("home_currency") or "EUR").strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", currency):
        c.errors.append(ValidationError("home_currency", f"'{currency}' is not an ISO 4217 code"))
    tour = Tour(
        name=c.check(required_text, fields.get("name"), "name", max_len=120),
        artist=c.check(optional_text, fields.get("artist"), "artist", max_len=120),
        home_currency=currency,
        notes=c.check(optional_text, fields.get("notes"), "notes", multiline=True),
        id=tour_id,
    )
    c.raise_if_any()
    return tour


def schedule_item(
    day: date, kind: GigKind, item: ScheduleKind, text: str, zone_name: str, *, field: str
) -> ScheduleItem:
    """A schedule entry on gig day `day`, placed on the right calendar date and checked
    against the venue's clock (a time inside the spring-forward gap is refused)."""
    at = localtime.parse_wall_time(text, field)
    on = localtime.item_date(day, at, runs_past_midnight=kind.runs_past_midnight)
    localtime.check_exists(on, at, zone_name, field)
    return ScheduleItem(kind=item, at=at, on=on, timezone=zone_name,
                        audience=default_audience(kind, item))


def default_audience(day: GigKind, kind: ScheduleKind) -> Audience:
    """Who an item is for when nobody said: on a show day load-in and load-out are the
    crew's; on a rehearsal or studio day load-in is when everyone starts."""
    if day is GigKind.SHOW and kind in (ScheduleKind.LOAD_IN, ScheduleKind.LOAD_OUT):
        return Audience(AudienceKind.CREW)
    return EVERYONE
