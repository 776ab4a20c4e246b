"""A corrected spreadsheet applied to a tour's days: `import gigs --update`.

Rows are matched on date; a later row on a date is matched to one of the day's further
events by its `event` label, else by its place. What would change is listed first and
written only with `apply`, in one transaction. Matched days, events and items keep
their ids, so calendar UIDs stay the same. Nothing is removed (a day or event not in
the sheet, a time emptied in it) unless `remove_missing`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from tourdesk.domain.access import Capability
from tourdesk.domain.events import Event
from tourdesk.domain.kinds import ScheduleKind
from tourdesk.domain.models import ScheduleItem
from tourdesk.services.csv_rows import ImportRejected, RowError, read_rows, source_label
from tourdesk.services.imports import (
    GIG_COLUMNS,
    GIG_REQUIRED,
    SCHEDULE_COLUMNS,
    GigPlanner,
    Plan,
    add_sheet_event,
)
from tourdesk.store import events, gigs, tours, tracked, venues
from tourdesk.store.connection import Store

Say = Callable[[str], None]


@dataclass
class UpdateResult:
    changes: list[str] = field(default_factory=list)  # in words, by date
    kept: list[str] = field(default_factory=list)  # days and events not in the sheet
    applied: bool = False


def update_gigs(store: Store, source: Path | str, tour_name: str, *, apply: bool = False,
                remove_missing: bool = False, name: str = "") -> UpdateResult:
    """What the sheet would change (or, with `apply`, what it changed). The sheet's seven
    times update the first item of each kind of the day or event; items added by hand
    (a lobby call) are left alone."""
    store.require(Capability.WRITE_SCHEDULE)
    rows = read_rows(source, columns=GIG_COLUMNS, required=GIG_REQUIRED, name=name)
    label = source_label(source, name)
    result = UpdateResult(applied=apply)
    say = result.changes.append
    with store.write():
        tour = tours.by_name(store, tour_name)
        if tour is None or tour.id is None:
            raise ImportRejected(label, [RowError(0, "", f"no tour named '{tour_name}'")])
        planner = GigPlanner(store, tour.id, update=True)
        plans = [planner.plan(row) for row in rows]
        if planner.errors:
            raise ImportRejected(label, planner.errors)
        days: dict[str, int | None] = {}  # date: the day's id (None: new, not written)
        matched: dict[str, set[int]] = {}  # date: ids of its events the sheet names
        for plan in plans:
            assert plan is not None
            known = len(planner.created)
            venue_id = planner.venue_of(plan, apply=apply)
            if plan.new_venue is not None and len(planner.created) > known:
                say(f"{plan.gig.date}: new venue {plan.new_venue.name}, "
                    f"{plan.new_venue.city}")
            on = plan.gig.date.isoformat()
            if plan.event is None:
                days[on] = _day(store, tour.id, replace(plan, gig=replace(
                    plan.gig, venue_id=venue_id)), apply, remove_missing, say)
                continue
            gig_id = days[on]
            found = _match(store, gig_id, plan, venue_id, matched.setdefault(on, set()))
            if found is None:
                say(f"{on}: new event '{plan.event}' with {_times(plan.items)}")
                if apply and gig_id is not None:
                    add_sheet_event(store, gig_id, plan, venue_id)
                continue
            matched[on].add(found.id or 0)
            _event(store, found, plan, venue_id, apply, remove_missing, say)
        _missing(store, tour.id, days, matched, apply, remove_missing, result)
    return result


def _times(items: Sequence[ScheduleItem]) -> str:
    return f"{len(items)} time{'s' if len(items) != 1 else ''}"


def _day(store: Store, tour_id: int, plan: Plan, apply: bool, remove_missing: bool,
         say: Say) -> int | None:
    """The day of the row's date, changed to the row; its id (None: new, not written)."""
    new = plan.gig
    gig_id = gigs.id_on(store, tour_id, new.date)
    if gig_id is None:
        say(f"{new.date}: new {new.kind.value} day with {_times(plan.items)}")
        return gigs.add(store, new, plan.items) if apply else None
    old = _stored(store, "gig_days", gig_id)
    current = gigs.detail(store, gig_id).main_items
    values = {"kind": new.kind.value, "status": new.status.value,
              "contract": new.contract.value, "venue_id": new.venue_id, "city": new.city,
              "country": new.country, "timezone": new.timezone, "notes": new.notes,
              "hotel": new.hotel}
    changed = _changed(store, old, values, f"{new.date}: ", say)
    if apply and changed:
        tracked.update(store, "gig_days", gig_id, changed)
    _items(store, gig_id, None, current, plan.items, apply, remove_missing,
           f"{new.date}: ", say)
    return gig_id


def _match(store: Store, gig_id: int | None, plan: Plan, venue_id: int | None,
           taken: set[int]) -> Event | None:
    """The day's further event the row means: by its label, else at its place."""
    if gig_id is None:
        return None
    mine = [e for e in events.for_day(store, gig_id) if e.id not in taken]
    assert plan.event is not None
    by_label = [e for e in mine if e.label.casefold() == plan.event.casefold()]
    if by_label or plan.named:
        return by_label[0] if by_label else None
    g = plan.gig
    return next((e for e in mine if (venue_id and e.venue_id == venue_id) or (
        not venue_id and not e.venue_id and g.city
        and e.city.casefold() == g.city.casefold())), None)


def _event(store: Store, was: Event, plan: Plan, venue_id: int | None, apply: bool,
           remove_missing: bool, say: Say) -> None:
    g = plan.gig
    assert plan.event is not None and was.id is not None
    prefix = f"{g.date} '{was.label}': "
    values = {"label": plan.event if plan.named else was.label,
              "kind": plan.event_kind.value, "status": g.status.value, "venue_id": venue_id,
              "city": g.city, "country": g.country, "timezone": g.timezone, "notes": g.notes}
    changed = _changed(store, _stored(store, "events", was.id), values, prefix, say)
    if apply and changed:
        tracked.update(store, "events", was.id, changed)
    current = gigs.detail(store, was.gig_day_id).event_items(was.id)
    _items(store, was.gig_day_id, was.id, current, plan.items, apply, remove_missing,
           prefix, say)


def _stored(store: Store, table: str, row_id: int) -> dict:
    with store.read() as db:
        return next(iter(db.query(f"SELECT * FROM {table} WHERE id = ?", [row_id])))


def _changed(store: Store, old: dict, values: dict, prefix: str, say: Say) -> dict:
    """The values that differ from `old`, each said in words."""
    changed = {k: v for k, v in values.items() if old[k] != v}
    for k, v in changed.items():
        before, after = old[k], v
        if k == "venue_id":
            before = venues.get(store, old[k]).name if old[k] else "—"
            after = (venues.get(store, v).name if isinstance(v, int) and v > 0
                     else "a new venue" if v else "—")
        say(f"{prefix}{'venue' if k == 'venue_id' else k} {before or '—'} → {after or '—'}")
    return changed


def _items(store: Store, gig_id: int, event_id: int | None, current: list[ScheduleItem],
           items: list[ScheduleItem], apply: bool, remove_missing: bool, prefix: str,
           say: Say) -> None:
    """The sheet's times against the first item of each kind already there."""
    first: dict[ScheduleKind, ScheduleItem] = {}
    for item in current:
        first.setdefault(item.kind, item)
    sheet = {i.kind: replace(i, event_id=event_id) for i in items}
    for kind in SCHEDULE_COLUMNS.values():
        was, now = first.get(kind), sheet.get(kind)
        if now is not None and was is None:
            say(f"{prefix}{kind.label} {now.at:%H:%M} added")
            if apply:
                gigs.add_item(store, gig_id, now)
        elif now is not None and was is not None:
            if (was.on, was.at, was.timezone) != (now.on, now.at, now.timezone):
                say(f"{prefix}{was.title} {was.at:%H:%M} → {now.at:%H:%M}"
                    + (f" ({now.timezone})" if was.timezone != now.timezone else ""))
                if apply:
                    gigs.update_item(store, replace(was, on=now.on, at=now.at,
                                                    timezone=now.timezone))
        elif was is not None and remove_missing:
            say(f"{prefix}{was.title} {was.at:%H:%M} removed (empty in the sheet)")
            if apply and was.id is not None:
                tracked.delete(store, "schedule_items", was.id)


def _missing(store: Store, tour_id: int, days: dict[str, int | None],
             matched: dict[str, set[int]], apply: bool, remove_missing: bool,
             result: UpdateResult) -> None:
    """Days, and further events of the sheet's days, that the sheet does not name."""
    from tourdesk.services.events import remove_event
    from tourdesk.services.itinerary import remove_day

    say = result.changes.append
    for row in gigs.rows_for_tour(store, tour_id):
        on = row.date.isoformat()
        if on not in days:
            if remove_missing:
                say(f"{on}: not in the sheet: removed")
                if apply:
                    remove_day(store, row.id)
            else:
                result.kept.append(f"{on}: not in the sheet: kept (--remove-missing "
                                   "removes it)")
            continue
        for e in events.for_day(store, row.id):
            if e.id in matched.get(on, set()):
                continue
            if remove_missing:
                say(f"{on} '{e.label}': not in the sheet: removed")
                if apply:
                    remove_event(store, row.id, str(e.id))
            else:
                result.kept.append(f"{on} '{e.label}': not in the sheet: kept "
                                   "(--remove-missing removes it)")
