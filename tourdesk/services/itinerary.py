"""The itinerary edited live: gig days added, changed, moved and removed, and their
schedule items added, changed and removed. Each call is one transaction through
`store/tracked.py`, so it is in the change history, others' open screens see it on
their next poll, and its author can take it back (`services/history.undo_own_last`).
The CLI and the TUI call these and nothing else."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

from tourdesk.domain.access import Capability
from tourdesk.domain.countries import country_code
from tourdesk.domain.errors import Collector, ValidationError
from tourdesk.domain.itinerary import (
    Roster,
    gap_problem,
    item_from_fields,
    item_to_fields,
    moved,
)
from tourdesk.domain.kinds import ContractState, GigKind, GigStatus
from tourdesk.domain.models import (
    GigDay,
    ScheduleItem,
    choice,
    iso_date,
    optional_text,
    timezone_name,
)
from tourdesk.store import crew, gigs, tracked, venues
from tourdesk.store.connection import Store
from tourdesk.store.errors import ConflictError, NotFoundError

Fields = Mapping[str, str | None]
DAY_FIELDS = ("date", "kind", "status", "contract", "venue", "city", "country", "zone",
              "hotel", "notes")


# -- who an item can be for --


def roster(store: Store) -> Roster:
    """People by name and every role named on the crew list, the needs or the calls."""
    with store.read() as db:
        people = {p.id: p.name for p in crew.people(store) if p.id is not None}
        roles = [r[0] for r in db.execute(
            "SELECT role FROM person_roles UNION SELECT role FROM staff_needs "
            "UNION SELECT role FROM assignments ORDER BY 1")]
    return Roster(people, roles)


# -- gig days --


@dataclass(frozen=True, slots=True)
class Place:
    venue_id: int | None
    city: str
    country: str
    zone: str


def place_from_fields(store: Store, c: Collector, kind: GigKind | None, fields: Fields,
                      ) -> Place | None:
    """The day's place from `venue` + `city` (a known venue), or `city` [+ `country`,
    `zone`] alone; a travel or off day may have none. None when a field is wrong."""
    get = fields.get
    venue_name = c.check(optional_text, get("venue"), "venue", max_len=200) or ""
    city = c.check(optional_text, get("city"), "city", max_len=100) or ""
    if venue_name:
        if not city:
            c.errors.append(ValidationError("city", f"give the city of venue '{venue_name}'"))
            return None
        known = venues.find(store, venue_name, city)
        if known is None:
            c.errors.append(ValidationError("venue", f"no venue '{venue_name}' in {city}: add it "
                                                     "first (import venues, or the venues "
                                                     "screen)"))
            return None
        return Place(known.id, "", "", "")
    if not city and kind not in (GigKind.TRAVEL, GigKind.OFF):
        c.errors.append(ValidationError("city", "give a venue, or the city where the party is "
                                                "(only a travel or off day may have neither)"))
        return None
    country = c.check(country_code, get("country")) if (get("country") or "").strip() else ""
    zone = c.check(timezone_name, get("zone"), "zone") if (get("zone") or "").strip() else ""
    return Place(None, city, country or "", zone or "")


def add_day(store: Store, tour_id: int, fields: Fields) -> int:
    """A new gig day from `date`, `kind` and optional `status`, `contract`, `venue` +
    `city` or `city` [+ `country`, `zone`], `hotel`, `notes`."""
    store.require(Capability.WRITE_SCHEDULE)
    with store.write():
        c = Collector()
        get = fields.get
        day = c.check(iso_date, get("date"))
        kind = c.check(choice, get("kind"), "kind", GigKind)
        status = c.check(choice, get("status"), "status", GigStatus, GigStatus.CONFIRMED)
        contract = c.check(choice, get("contract"), "contract", ContractState,
                           ContractState.NONE)
        hotel = c.check(optional_text, get("hotel"), "hotel", multiline=True)
        notes = c.check(optional_text, get("notes"), "notes", multiline=True)
        place = place_from_fields(store, c, kind, fields)
        if day is not None and gigs.id_on(store, tour_id, day) is not None:
            c.errors.append(ValidationError("date", f"the tour already has a gig day on {day}"))
        c.raise_if_any()
        assert day and kind and status and contract and place
        return gigs.add(store, GigDay(
            tour_id=tour_id, date=day, kind=kind, status=status, contract=contract,
            venue_id=place.venue_id, city=place.city, country=place.country,
            timezone=place.zone, notes=notes or "", hotel=hotel or ""))


def set_day(store: Store, gig_id: int, fields: Fields, *,
            expected_version: int | None = None) -> list[str]:
    """Change the fields given (`status`, `contract`, `kind`, `venue` + `city`, `city`,
    `country`, `zone`, `hotel`, `notes`); empty ones are left alone. A new place with
    another clock keeps each item's wall times and says so. Returns notes."""
    store.require(Capability.WRITE_SCHEDULE)
    given = {k: v for k, v in fields.items() if v is not None and k in DAY_FIELDS}
    notes: list[str] = []
    with store.write():
        d = gigs.detail(store, gig_id)
        c = Collector()
        values: dict[str, object] = {}
        kind = d.gig.kind
        if "kind" in given:
            kind = c.check(choice, given["kind"], "kind", GigKind) or kind
            values["kind"] = kind.value
        for name, enum in (("status", GigStatus), ("contract", ContractState)):
            if name in given:
                value = c.check(choice, given[name], name, enum)
                if value is not None:
                    values[name] = value.value
        for name in ("hotel", "notes"):
            if name in given:
                values[name] = c.check(optional_text, given[name], name, multiline=True) or ""
        if any(k in given for k in ("venue", "city", "country", "zone")):
            place = place_from_fields(store, c, kind, given)
            if place is not None:
                values.update(venue_id=place.venue_id, city=place.city,
                              country=place.country, timezone=place.zone)
        c.raise_if_any()
        if not values:
            raise ValidationError("fields", "nothing to change: give --status, --contract, "
                                            "--kind or a place")
        after = tracked.update(store, "gig_days", gig_id, values,
                               expected_version=expected_version)
        new_zone = (venues.get(store, after["venue_id"]).timezone if after["venue_id"]
                    else after["timezone"])
        if new_zone and new_zone != d.timezone:
            notes += _rezone(store, d.items, d.timezone, new_zone)
    return notes


def _rezone(store: Store, items: list[ScheduleItem], old: str, new: str) -> list[str]:
    """The items that were on the day's old clock move to the new one, same wall times."""
    out = []
    for item in items:
        if item.timezone not in (old, "") or item.id is None:
            continue
        changed = replace(item, timezone=new)
        problem = gap_problem(changed)
        if problem:
            raise ConflictError(f"{problem} (the new place's clock); change that time first: "
                                "nothing was changed")
        gigs.update_item(store, changed)
        out.append(f"{item.title} {item.at:%H:%M} is now on {new}'s clock")
    return out


def move_day(store: Store, gig_id: int, to: date) -> list[str]:
    """The day to another date with everything on it (items keep their wall times;
    checklists, staffing, budget lines and the settlement hang on the day and follow).
    Refused when the date is taken or a time would fall into a clock change's gap.
    Returns what no longer fits: new staffing conflicts, checklists already ticked."""
    store.require(Capability.WRITE_SCHEDULE)
    see_crew = store.can(Capability.READ_CREW)
    with store.write() as db:
        d = gigs.detail(store, gig_id)
        if to == d.gig.date:
            raise ValidationError("to", f"the day is already on {to}")
        if gigs.id_on(store, d.gig.tour_id, to) is not None:
            raise ConflictError(f"the tour already has a gig day on {to}: move or remove "
                                "that one first")
        before = _conflicts(store, d.gig.tour_id, gig_id) if see_crew else set()
        shift = (to - d.gig.date).days
        tracked.update(store, "gig_days", gig_id, {"date": to.isoformat()})
        for item in d.items:
            new = moved(item, shift)
            problem = gap_problem(new)
            if problem:
                raise ConflictError(f"on {to}: {problem}; change that time first: nothing "
                                    "was moved")
            gigs.update_item(store, new)
        report = [f"{c} (new)" for c in sorted(
            (_conflicts(store, d.gig.tour_id, gig_id) if see_crew else set()) - before)]
        for name, done, total in db.execute(
                "SELECT c.name, sum(e.state != 'pending'), count(e.id) FROM checklists c "
                "JOIN checklist_entries e ON e.checklist_id = c.id WHERE c.gig_day_id = ? "
                "GROUP BY c.id ORDER BY c.name", [gig_id]):
            if done:
                report.append(f"checklist '{name}': {done} of {total} already ticked (for "
                              f"{d.gig.date}); the ticks stay")
    return report


def _conflicts(store: Store, tour_id: int, gig_id: int) -> set[str]:
    from tourdesk.services.staffing import conflicts

    return {str(c) for c in conflicts(store, tour_id) if gig_id in c.gig_day_ids}


def what_hangs(store: Store, gig_id: int) -> tuple[list[str], list[str]]:
    """(what keeps the day from being removed without --force, everything that goes
    with it), in words."""
    with store.read() as db:
        one = db.execute
        ticks = one("SELECT count(*) FROM checklist_entries e JOIN checklists c "
                    "ON c.id = e.checklist_id WHERE c.gig_day_id = ? AND e.state != 'pending'",
                    [gig_id]).fetchone()[0]
        settled = one("SELECT count(*) FROM settlements WHERE gig_day_id = ?",
                      [gig_id]).fetchone()[0]
        # What is owed counts the days already worked; payments to their people were
        # made against it. A day still to come is not in anyone's pay yet.
        today = store.clock().date().isoformat()
        paid = one("SELECT count(DISTINCT p.person_id) FROM payments p JOIN gig_days g "
                   "ON g.tour_id = p.tour_id WHERE g.id = ? AND g.date < ? AND p.person_id IN "
                   "(SELECT person_id FROM assignments WHERE gig_day_id = ?)",
                   [gig_id, today, gig_id]).fetchone()[0]
        actuals = one("SELECT count(*) FROM budget_lines WHERE gig_day_id = ? "
                      "AND actual_minor IS NOT NULL", [gig_id]).fetchone()[0]
        counts = {t: one(f"SELECT count(*) FROM {t} WHERE gig_day_id = ?", [gig_id]).fetchone()[0]
                  for t in ("schedule_items", "checklists", "assignments", "staff_needs",
                            "budget_lines", "settlements", "events")}
    blockers = [text for n, text in (
        (ticks, f"{ticks} checklist entries ticked"),
        (settled, "a settlement"),
        (paid, f"pay already counted for {paid} people who have been paid on the tour"),
        (actuals, f"{actuals} budget lines with an actual"),
    ) if n]
    words = {"schedule_items": "schedule items", "checklists": "checklists",
             "assignments": "crew assignments", "staff_needs": "staffing needs",
             "budget_lines": "budget lines", "settlements": "settlements",
             "events": "further events"}
    goes = [f"{n} {words[t]}" for t, n in counts.items() if n]
    return blockers, goes


def remove_day(store: Store, gig_id: int, *, force: bool = False) -> list[str]:
    """Remove the day and what hangs on it; refused while ticks, a settlement, payments
    to its people or actual costs hang on it, unless `force`. Returns what went."""
    store.require(Capability.WRITE_SCHEDULE)
    with store.write() as db:
        gigs.detail(store, gig_id)  # refuse a day that is gone, by name
        blockers, goes = what_hangs(store, gig_id)
        if blockers and not force:
            raise ConflictError("on this day: " + ", ".join(blockers)
                                + ": nothing removed (--force removes it with all that)")
        # What hangs on the day goes first through the tracked writes, so the history
        # says what went; checklist entries and settlement lines go with their parent.
        for table in ("schedule_items", "assignments", "staff_needs", "budget_lines",
                      "checklists", "settlements", "events"):
            for (row_id,) in db.execute(f"SELECT id FROM {table} WHERE gig_day_id = ?",
                                        [gig_id]).fetchall():
                tracked.delete(store, table, row_id)
        tracked.delete(store, "gig_days", gig_id)
    return goes


# -- schedule items --


def items(store: Store, gig_id: int) -> tuple[gigs.GigDetail, Mapping[int, str]]:
    """The day (its items in time order) and people's names for the audiences."""
    with store.read():
        return gigs.detail(store, gig_id), roster(store).people


def _context(store: Store, gig_id: int) -> tuple[gigs.GigDetail, Roster, list[str]]:
    d = gigs.detail(store, gig_id)
    return d, roster(store), gigs.labels_used(store, d.gig.tour_id)


def _event_of(store: Store, d: gigs.GigDetail, name: str | None,
              event_id: int | None = None) -> tuple[int | None, str]:
    """The event an item belongs to (by `name`; else `event_id`) and its clock."""
    from tourdesk.services.events import find_event

    if name is not None:
        found = find_event(store, d.gig.id or 0, name)
    else:
        found = next((e for e in d.events if e.id == event_id), None)
    return (found.id, found.timezone) if found else (None, d.timezone)


def check_item(store: Store, gig_id: int, fields: Fields,
               item: ScheduleItem | None = None) -> ScheduleItem:
    """The item the fields describe, checked against its event's clock and the crew
    list (what a form calls before saving); nothing is written."""
    with store.read():
        d, people, used = _context(store, gig_id)
        event_id, zone = _event_of(store, d, fields.get("event"),
                                   item.event_id if item else None)
    new = item_from_fields(fields, gig=d.gig, day_zone=zone, roster=people, used=used,
                           item=item)
    return replace(new, event_id=event_id)


def add_item(store: Store, gig_id: int, fields: Fields) -> ScheduleItem:
    """A new item on the day from `what`, `at` and optional `until`, `place`, `zone`,
    `for`, `note`, and `event` (one of the day's further events, by label; on its clock)."""
    store.require(Capability.WRITE_SCHEDULE)
    with store.write():
        d, people, used = _context(store, gig_id)
        event_id, zone = _event_of(store, d, fields.get("event"))
        new = replace(item_from_fields(fields, gig=d.gig, day_zone=zone, roster=people,
                                       used=used), event_id=event_id)
        return replace(new, id=gigs.add_item(store, gig_id, new))


def find_item(store: Store, gig_id: int, what: str, at: str | None = None,
              event: str | None = None) -> ScheduleItem:
    """The day's item called `what` (any spelling of a vocabulary word), at `at` when
    several share the name, of the event `event` when given (`main`: the day's own)."""
    from tourdesk.domain.itinerary import what_of
    from tourdesk.domain.localtime import parse_wall_time

    d = gigs.detail(store, gig_id)
    kind, label = what_of(what, [i.label for i in d.items])
    found = [i for i in d.items if i.kind is kind and i.title.casefold()
             == (label or kind.label).casefold()]
    if event is not None:
        event_id = _event_of(store, d, event)[0]
        found = [i for i in found if i.event_id == event_id]
    if at:
        clock = parse_wall_time(at, "at")
        found = [i for i in found if i.at == clock]
    if not found:
        listed = ", ".join(f"{i.title} {i.at:%H:%M}" for i in d.items) or "nothing"
        raise NotFoundError(f"no '{what}'{' at ' + at if at else ''} on {d.gig.date}; "
                            f"the day has: {listed}")
    if len(found) > 1:
        times = ", ".join(f"{i.at:%H:%M}" for i in found)
        raise ValidationError("what", f"{len(found)} items are called '{what}' ({times}): "
                                      "say which by its time (--was, --at) or --event")
    return found[0]


def set_item(store: Store, item_id: int, fields: Fields, *,
             expected_version: int | None = None) -> ScheduleItem:
    """Change the fields given (None: left as it is; empty text clears `until`, `place`,
    `zone`, `note`; `for` empty is everyone). `expected_version`: refuse a stale edit."""
    store.require(Capability.WRITE_SCHEDULE)
    with store.write():
        old, gig_id = gigs.item(store, item_id)
        d, people, used = _context(store, gig_id)
        start = item_to_fields(old, people.people, _event_of(store, d, None, old.event_id)[1])
        merged = {**start, **{k: v for k, v in fields.items() if v is not None}}
        if fields.get("for") == "":
            merged["for"] = "everyone"
        event_id, zone = _event_of(store, d, fields.get("event"), old.event_id)
        new = replace(item_from_fields(merged, gig=d.gig, day_zone=zone, roster=people,
                                       used=used, item=old), event_id=event_id)
        gigs.update_item(store, new, expected_version=expected_version)
        return gigs.item(store, item_id)[0]


def remove_item(store: Store, item_id: int, *, expected_version: int | None = None) -> str:
    store.require(Capability.WRITE_SCHEDULE)
    with store.write():
        old, _ = gigs.item(store, item_id)
        if expected_version is not None and old.version != expected_version:
            raise ConflictError(f"{old.title} was changed by someone else since you looked: "
                                "nothing removed")
        tracked.delete(store, "schedule_items", item_id)
    return f"{old.title} {old.at:%H:%M}"
