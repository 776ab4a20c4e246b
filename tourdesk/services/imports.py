"""All-or-nothing imports of venues and gig days from CSV files.

Every row is checked before anything is written, inside one BEGIN IMMEDIATE
transaction: either the whole file lands or nothing does, and the error names each
line and column to fix. The demo tour loads through these same functions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from tourdesk.domain.access import Capability
from tourdesk.domain.countries import country_code
from tourdesk.domain.errors import Collector, ValidationError, ValidationErrors
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
from tourdesk.store import gigs, tours, tracked, venues
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
    "timezone", *SCHEDULE_COLUMNS, "notes", "hotel",
)  # fmt: skip
GIG_REQUIRED = ("date", "kind")


@dataclass
class ImportResult:
    added: int = 0
    reused: int = 0
    venues_added: int = 0
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
        planner = _GigPlanner(store, tour.id)
        plans = [planner.plan(row) for row in rows]
        if planner.errors:
            raise ImportRejected(label, planner.errors)
        for plan in plans:
            if plan is None:
                continue
            gig, items, new_venue = plan
            venue_id = gig.venue_id
            if new_venue is not None:
                venue_id = planner.created.get(_key(new_venue))
                if venue_id is None:
                    venue_id = venues.add(store, new_venue, coord_source="import")
                    planner.created[_key(new_venue)] = venue_id
                    result.venues_added += 1
            gigs.add(store, replace(gig, venue_id=venue_id), items)
            result.added += 1
    return result


@dataclass
class UpdateResult:
    changes: list[str] = field(default_factory=list)  # in words, by date
    kept: list[str] = field(default_factory=list)  # days not in the sheet, left alone
    applied: bool = False


_DAY_COLUMNS = ("kind", "status", "contract", "venue_id", "city", "country", "timezone",
                "notes", "hotel")


def update_gigs(store: Store, source: Path | str, tour_name: str, *, apply: bool = False,
                remove_missing: bool = False, name: str = "") -> UpdateResult:
    """A corrected spreadsheet against the tour's days, matched on date: what would
    change (or, with `apply`, what changed, in one transaction). The sheet's seven times
    update the day's first item of each kind; items added by hand (a lobby call) are
    left alone. Nothing is removed (a day not in the sheet, a time emptied in it) unless
    `remove_missing`. Updated days and items keep their ids, so calendar UIDs stay the
    same."""
    store.require(Capability.WRITE_SCHEDULE)
    rows = read_rows(source, columns=GIG_COLUMNS, required=GIG_REQUIRED, name=name)
    label = source_label(source, name)
    result = UpdateResult(applied=apply)
    say = result.changes.append
    with store.write():
        tour = tours.by_name(store, tour_name)
        if tour is None or tour.id is None:
            raise ImportRejected(label, [RowError(0, "", f"no tour named '{tour_name}'")])
        planner = _GigPlanner(store, tour.id, update=True)
        plans = [planner.plan(row) for row in rows]
        if planner.errors:
            raise ImportRejected(label, planner.errors)
        in_sheet = set()
        for plan in plans:
            assert plan is not None
            gig, items, new_venue = plan
            in_sheet.add(gig.date)
            venue_id = gig.venue_id
            if new_venue is not None:
                venue_id = planner.created.get(_key(new_venue))
                if venue_id is None:
                    say(f"{gig.date}: new venue {new_venue.name}, {new_venue.city}")
                    venue_id = venues.add(store, new_venue, coord_source="import") if apply \
                        else -len(planner.created) - 1
                    planner.created[_key(new_venue)] = venue_id
            gig = replace(gig, venue_id=venue_id)
            existing = gigs.id_on(store, tour.id, gig.date)
            if existing is None:
                say(f"{gig.date}: new {gig.kind.value} day with {len(items)} times")
                if apply:
                    gigs.add(store, gig, items)
                continue
            _update_day(store, existing, gig, items, apply, remove_missing, say)
        for row in gigs.rows_for_tour(store, tour.id):
            if row.date in in_sheet:
                continue
            if remove_missing:
                say(f"{row.date}: not in the sheet: removed")
                if apply:
                    from tourdesk.services.itinerary import remove_day

                    remove_day(store, row.id)
            else:
                result.kept.append(f"{row.date}: not in the sheet: kept (--remove-missing "
                                   "removes it)")
    return result


def _update_day(store: Store, gig_id: int, new: GigDay, items: list[ScheduleItem],
                apply: bool, remove_missing: bool, say: Callable[[str], None]) -> None:
    with store.read() as db:
        old = next(iter(db.query("SELECT * FROM gig_days WHERE id = ?", [gig_id])))
        current = gigs.detail(store, gig_id).main_items
    values = {"kind": new.kind.value, "status": new.status.value,
              "contract": new.contract.value, "venue_id": new.venue_id, "city": new.city,
              "country": new.country, "timezone": new.timezone, "notes": new.notes,
              "hotel": new.hotel}
    changed = {k: v for k, v in values.items() if old[k] != v}
    for k, v in changed.items():
        what = "venue" if k == "venue_id" else k
        before, after = old[k], v
        if k == "venue_id":
            before = venues.get(store, old[k]).name if old[k] else "—"
            after = (venues.get(store, v).name if isinstance(v, int) and v > 0
                     else "a new venue" if v else "—")
        say(f"{new.date}: {what} {before or '—'} → {after or '—'}")
    if apply and changed:
        tracked.update(store, "gig_days", gig_id, changed)
    first: dict[ScheduleKind, ScheduleItem] = {}
    for item in current:
        first.setdefault(item.kind, item)
    sheet = {i.kind: i for i in items}
    for kind in SCHEDULE_COLUMNS.values():
        was, now = first.get(kind), sheet.get(kind)
        if now is not None and was is None:
            say(f"{new.date}: {kind.label} {now.at:%H:%M} added")
            if apply:
                gigs.add_item(store, gig_id, now)
        elif now is not None and was is not None:
            if (was.on, was.at, was.timezone) != (now.on, now.at, now.timezone):
                say(f"{new.date}: {was.title} {was.at:%H:%M} → {now.at:%H:%M}"
                    + (f" ({now.timezone})" if was.timezone != now.timezone else ""))
                if apply:
                    gigs.update_item(store, replace(was, on=now.on, at=now.at,
                                                    timezone=now.timezone))
        elif was is not None and remove_missing:
            say(f"{new.date}: {was.title} {was.at:%H:%M} removed (empty in the sheet)")
            if apply and was.id is not None:
                tracked.delete(store, "schedule_items", was.id)


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




Plan = tuple[GigDay, list[ScheduleItem], Venue | None]


class _GigPlanner:
    """Checks gig rows against the file and the database; collects every error."""

    def __init__(self, store: Store, tour_id: int, *, update: bool = False) -> None:
        self.store = store
        self.update = update
        self.tour_id = tour_id
        self.errors: list[RowError] = []
        self.dates: dict[str, int] = {}
        self.created: dict[tuple[str, str], int] = {}

    def plan(self, row: Row) -> Plan | None:
        before = len(self.errors)
        try:
            plan = self._plan(row)
        except (ValidationError, ValidationErrors) as exc:
            self.errors.extend(field_errors(row.line, exc))
            return None
        return plan if len(self.errors) == before else None

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
        if day is not None:
            if day.isoformat() in self.dates:
                c.errors.append(ValidationError(
                    "date", f"{day} is already on line {self.dates[day.isoformat()]}"))
            self.dates.setdefault(day.isoformat(), row.line)
            if not self.update and gigs.id_on(self.store, self.tour_id, day) is not None:
                c.errors.append(ValidationError(
                    "date", f"the tour already has a gig day on {day} (--update applies "
                            "a corrected sheet)"))

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

        items = c.check(self._items, row, day, kind, zone_name) if day and kind else None
        c.raise_if_any()
        assert day and kind and status and contract and items is not None
        gig = GigDay(
            tour_id=self.tour_id, date=day, kind=kind, status=status, contract=contract,
            venue_id=venue_id, city="" if venue_name else city, country=country,
            timezone="" if venue_name else zone_name, notes=notes or "", hotel=hotel or "",
        )  # fmt: skip
        return gig, items, new_venue

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
