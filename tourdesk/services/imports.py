"""All-or-nothing imports of venues and gig days from CSV files.

Every row is checked before anything is written, inside one BEGIN IMMEDIATE
transaction: either the whole file lands or nothing does, and the error names each
line and column to fix. The demo tour loads through these same functions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from tourdesk.domain.access import Capability
from tourdesk.domain.countries import country_code
from tourdesk.domain.errors import Collector, ValidationError, ValidationErrors
from tourdesk.domain.events import MAIN, Event, EventKind, label_of
from tourdesk.domain.kinds import ContractState, GigKind, GigStatus, ScheduleKind
from tourdesk.domain.models import (
    GigDay,
    ScheduleItem,
    Tour,
    Venue,
    choice,
    iso_date,
    optional_text,
    schedule_item,
    timezone_name,
    tour_from_fields,
    venue_from_fields,
)
from tourdesk.services.csv_rows import (
    ImportRejected,
    Row,
    RowError,
    field_errors,
    read_rows,
    source_label,
)
from tourdesk.services.zones import zone_at
from tourdesk.store import events, gigs, tours, venues
from tourdesk.store.connection import Store

VENUE_COLUMNS = (
    "name", "address", "city", "country", "latitude", "longitude", "timezone", "capacity",
    "phone", "email", "website", "load_in", "stage", "power", "parking", "wifi",
    "hospitality", "notes",
)  # fmt: skip
VENUE_REQUIRED = ("name", "city", "country")  # timezone: given, or found from lat/lon

SCHEDULE_COLUMNS = {
    "load_in": ScheduleKind.LOAD_IN,
    "soundcheck": ScheduleKind.SOUNDCHECK,
    "doors": ScheduleKind.DOORS,
    "support": ScheduleKind.SUPPORT,
    "set": ScheduleKind.SET,
    "curfew": ScheduleKind.CURFEW,
    "load_out": ScheduleKind.LOAD_OUT,
}
GIG_COLUMNS = (
    "date", "kind", "status", "contract", "venue", "address", "city", "country", "lat", "lon",
    "timezone", *SCHEDULE_COLUMNS, "notes", "hotel", "event",
)  # fmt: skip
GIG_REQUIRED = ("date", "kind")


@dataclass
class ImportResult:
    added: int = 0
    reused: int = 0
    venues_added: int = 0
    events_added: int = 0
    tour_created: bool = False
    notes: list[str] = field(default_factory=list)


def import_venues(store: Store, source: Path | str, *, name: str = "") -> ImportResult:
    store.require(Capability.WRITE_SCHEDULE)
    rows = read_rows(source, columns=VENUE_COLUMNS, required=VENUE_REQUIRED, name=name)
    label = source_label(source, name)
    result = ImportResult()
    parsed, errors = _parse_venues(rows)  # validated and prepared outside the write lock
    if errors:
        raise ImportRejected(label, errors)
    prepared = [(venues.reuse_key(v.name, v.city), venues.import_row(v, "import"))
                for v in parsed]
    with store.write():  # the lock is held only to look up known venues and write
        known = venues.reuse_keys(store)
        new = [row for key, row in prepared if key not in known]
        venues.add_many(store, new)
    result.added, result.reused = len(new), len(parsed) - len(new)
    return result


def _parse_venues(rows: list[Row]) -> tuple[list[Venue], list[RowError]]:
    parsed: list[Venue] = []
    errors: list[RowError] = []
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        try:
            venue = venue_from_fields(with_zone(row.cells, "latitude", "longitude"))
        except (ValidationError, ValidationErrors) as exc:
            errors.extend(field_errors(row.line, exc))
            continue
        key = (venue.name.casefold(), venue.city.casefold())
        if key in seen:
            errors.append(RowError(row.line, "name", f"same venue and city as line {seen[key]}"))
            continue
        seen[key] = row.line
        parsed.append(venue)
    return parsed, errors


def import_gigs(
    store: Store,
    source: Path | str,
    tour_name: str,
    *,
    name: str = "",
    create_tour: bool = True,
    tour_fields: Tour | None = None,
) -> ImportResult:
    """Gig days from the road manager's spreadsheet into tour `tour_name`.

    Venues are matched on name and city; an unknown venue is created from the row's
    address, city, country, lat, lon and timezone.
    """
    store.require(Capability.WRITE_SCHEDULE)
    rows = read_rows(source, columns=GIG_COLUMNS, required=GIG_REQUIRED, name=name)
    label = source_label(source, name)
    result = ImportResult()
    with store.write():
        tour = tours.by_name(store, tour_name)
        if tour is None:
            if not create_tour:
                raise ImportRejected(label, [RowError(0, "", f"no tour named '{tour_name}'")])
            base = tour_fields or Tour(name=tour_name)
            new = tour_from_fields({"name": tour_name, "artist": base.artist,
                                    "home_currency": base.home_currency, "notes": base.notes})
            tour = tours.get(store, tours.add(store, new))
            result.tour_created = True
        assert tour.id is not None
        planner = GigPlanner(store, tour.id)
        plans = [planner.plan(row) for row in rows]
        if planner.errors:
            raise ImportRejected(label, planner.errors)
        days: dict[date, int] = {}
        for plan in plans:
            assert plan is not None
            created = len(planner.created)
            venue_id = planner.venue_of(plan, apply=True)
            result.venues_added += len(planner.created) - created
            if plan.event is None:
                days[plan.gig.date] = gigs.add(store, replace(plan.gig, venue_id=venue_id),
                                               plan.items)
                result.added += 1
            else:
                add_sheet_event(store, days[plan.gig.date], plan, venue_id)
                result.events_added += 1
    return result


def add_sheet_event(store: Store, gig_id: int, plan: Plan, venue_id: int | None) -> int:
    """A further event from its row, with its times."""
    g = plan.gig
    assert plan.event is not None
    event_id = events.add(store, Event(
        gig_day_id=gig_id, label=plan.event, kind=plan.event_kind, status=g.status,
        venue_id=venue_id, city=g.city, country=g.country, timezone=g.timezone,
        notes=g.notes))  # fmt: skip
    for item in plan.items:
        gigs.add_item(store, gig_id, replace(item, event_id=event_id))
    return event_id


def with_zone(fields: Mapping[str, str | None], lat: str, lon: str) -> dict[str, str | None]:
    """The fields, with `timezone` found from the coordinates when it was left empty.
    Bad coordinates are left for validation to name; no zone at sea stays empty, and
    validation then asks for one."""
    out = dict(fields)
    if (out.get("timezone") or "").strip():
        return out
    try:
        latitude = float((out.get(lat) or "").replace(",", "."))
        longitude = float((out.get(lon) or "").replace(",", "."))
    except ValueError:
        return out
    if -90 <= latitude <= 90 and -180 <= longitude <= 180:
        out["timezone"] = zone_at(latitude=latitude, longitude=longitude) or ""
    return out


def _key(venue: Venue) -> tuple[str, str]:
    return (venue.name.casefold(), venue.city.casefold())


def _same_as_day(c: Collector, first: Plan, column: str, value: object,
                 day_value: object) -> None:
    """A further event shares the day's contract and hotel: its row leaves them empty or
    repeats the day's."""
    empty = value in (None, "", ContractState.NONE)
    if not empty and value != day_value:
        c.errors.append(ValidationError(
            column, f"the {column} is the day's (line {first.line}): leave it empty or the "
                    "same on a further event's row"))




@dataclass(frozen=True, slots=True)
class Plan:
    """One checked row: a day, or (a later row on the same date) a further event of it."""

    gig: GigDay  # the row's place, times and status, as a day
    items: list[ScheduleItem]
    new_venue: Venue | None  # to create before writing
    event: str | None = None  # the further event's label; None: the day's own row
    event_kind: EventKind = EventKind.SHOW
    line: int = 0
    named: bool = False  # the event's label came from the `event` column, not its place
    clock: str = ""  # the zone its times are on (a venue's, or the row's own)



class GigPlanner:
    """Checks gig rows against the file and the database; collects every error.

    The first row of a date is the day; a later row on the same date is a further event
    of it (a festival slot before the club show): its `event` column is its label, else
    its venue's name or its city, and it needs a label or a place of its own."""

    def __init__(self, store: Store, tour_id: int, *, update: bool = False) -> None:
        self.store = store
        self.update = update
        self.tour_id = tour_id
        self.errors: list[RowError] = []
        self.firsts: dict[date, Plan] = {}
        self.labels: dict[tuple[date, str], int] = {}
        self.created: dict[tuple[str, str], int] = {}

    def plan(self, row: Row) -> Plan | None:
        before = len(self.errors)
        try:
            plan = self._plan(row)
        except (ValidationError, ValidationErrors) as exc:
            self.errors.extend(field_errors(row.line, exc))
            return None
        if len(self.errors) != before:
            return None
        if plan.event is None:
            self.firsts[plan.gig.date] = plan
        return plan

    def _plan(self, row: Row) -> Plan:
        """Every problem of the row is collected, not only the first."""
        c = Collector()
        get = row.get
        day = c.check(iso_date, get("date"))
        kind = c.check(choice, get("kind"), "kind", GigKind)
        status = c.check(choice, get("status"), "status", GigStatus, GigStatus.CONFIRMED)
        contract = c.check(choice, get("contract"), "contract", ContractState,
                           ContractState.NONE)
        notes = c.check(optional_text, get("notes"), "notes", multiline=True)
        hotel = c.check(optional_text, get("hotel"), "hotel", multiline=True)
        first = self.firsts.get(day) if day is not None else None
        named = (get("event") or "").strip()
        if day is not None and first is None:
            if named and named.casefold() != MAIN:
                c.errors.append(ValidationError(
                    "event", f"the first row of {day} is the day itself: leave event empty "
                             "(or main) and name the further events on the rows after it"))
            if not self.update and gigs.id_on(self.store, self.tour_id, day) is not None:
                c.errors.append(ValidationError(
                    "date", f"the tour already has a gig day on {day} (--update applies "
                            "a corrected sheet)"))
        if first is not None:
            _same_as_day(c, first, "contract", contract, first.gig.contract)
            _same_as_day(c, first, "hotel", hotel, first.gig.hotel)
        venue_name = c.check(optional_text, get("venue"), "venue", max_len=200) or ""
        new_venue: Venue | None = None
        venue_id: int | None = None
        city = c.check(optional_text, get("city"), "city", max_len=100) or ""
        country, zone_name = "", ""
        if venue_name:
            if not city:
                c.errors.append(ValidationError("city", f"give the city of venue '{venue_name}'"))
            elif known := venues.find(self.store, venue_name, city):
                venue_id, zone_name = known.id, known.timezone
            else:
                new_venue = c.check(venue_from_fields, with_zone({
                    "name": venue_name, "address": get("address"), "city": city,
                    "country": get("country"), "timezone": get("timezone"),
                    "latitude": get("lat"), "longitude": get("lon"),
                }, "latitude", "longitude"))  # fmt: skip
                zone_name = new_venue.timezone if new_venue else ""
        else:
            if not city and kind not in (GigKind.TRAVEL, GigKind.OFF, None):
                c.errors.append(ValidationError(
                    "city", "give a venue, or the city where the party is (a travel or off "
                            "day may have neither)"))
            if get("country"):
                country = c.check(country_code, get("country")) or ""
            if get("timezone"):
                zone_name = c.check(timezone_name, get("timezone")) or ""

        event, event_kind = None, EventKind.SHOW
        if first is not None and day is not None:
            event, event_kind = self._event(c, first, row, kind, named, venue_name or city)
        # a further event with no clock of its own is on the day's
        clock = zone_name or (first.clock if first else "")
        items = c.check(self._items, row, day, kind, clock) if day and kind else None
        c.raise_if_any()
        assert day and kind and status and contract and items is not None
        gig = GigDay(
            tour_id=self.tour_id, date=day, kind=kind, status=status, contract=contract,
            venue_id=venue_id, city="" if venue_name else city, country=country,
            timezone="" if venue_name else zone_name, notes=notes or "", hotel=hotel or "",
        )  # fmt: skip
        return Plan(gig, items, new_venue, event, event_kind, row.line, bool(named), clock)

    def _event(self, c: Collector, first: Plan, row: Row, kind: GigKind | None, named: str,
               place: str) -> tuple[str | None, EventKind]:
        """The label and kind of a further event on `first`'s date, checked into `c`."""
        day = first.gig.date
        event_kind = EventKind.SHOW
        if kind is not None:
            if kind.value not in {k.value for k in EventKind}:
                c.errors.append(ValidationError(
                    "kind", f"line {first.line} has the day {day}: a further event on it "
                            f"is a show, rehearsal or studio, not {kind.value}"))
            else:
                event_kind = EventKind(kind.value)
        if not named and not place:
            c.errors.append(ValidationError(
                "event", f"a second row on {day} is a further event: give its label "
                         "(event) or a place of its own (venue and city, or city)"))
            return None, event_kind
        label = c.check(label_of, named or place, "event")
        if label is None:
            return None, event_kind
        seen = self.labels.setdefault((day, label.casefold()), row.line)
        if seen != row.line:
            c.errors.append(ValidationError("event", f"{day} already has an event '{label}' "
                                                     f"on line {seen}"))
        return label, event_kind

    def venue_of(self, plan: Plan, *, apply: bool) -> int | None:
        """The row's venue id, creating a new venue once (with `apply`; else a stand-in
        id below zero, for the list of changes)."""
        if plan.new_venue is None:
            return plan.gig.venue_id
        key = _key(plan.new_venue)
        if key not in self.created:
            self.created[key] = venues.add(self.store, plan.new_venue, coord_source="import") \
                if apply else -len(self.created) - 1
        return self.created[key]

    def _items(self, row: Row, day: date, kind: GigKind, zone_name: str) -> list[ScheduleItem]:
        items: list[ScheduleItem] = []
        problems: list[ValidationError] = []
        for column, item_kind in SCHEDULE_COLUMNS.items():
            text = row.get(column).strip()
            if not text:
                continue
            if not zone_name:
                problems.append(ValidationError(column, "a time needs the place's timezone"))
                continue
            try:
                items.append(schedule_item(day, kind, item_kind, text, zone_name, field=column))
            except ValidationError as exc:
                problems.append(exc)
        if problems:
            raise ValidationErrors(problems)
        return items
