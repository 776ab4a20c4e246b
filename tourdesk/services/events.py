"""A gig day's further events: added, changed, listed and removed, each one transaction
through `store/tracked.py` (in the day's history, seen by every open screen). Not
undone from the history: items, calls and a settlement may hang on an event, so it
goes by `remove_event`, which names what goes with it. The day itself is the main
event; items, calls and a settlement that name no event are its. See
`domain/events.py`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from tourdesk.domain import localtime
from tourdesk.domain.access import Capability
from tourdesk.domain.errors import Collector, ValidationError
from tourdesk.domain.events import MAIN, Event, event_basics, label_of
from tourdesk.domain.kinds import GigKind
from tourdesk.domain.models import ScheduleItem
from tourdesk.services.itinerary import Place, place_from_fields
from tourdesk.services.picking import pick_one
from tourdesk.store import events, gigs
from tourdesk.store.connection import Store
from tourdesk.store.errors import ConflictError

Fields = Mapping[str, str | None]
PLACE_FIELDS = ("venue", "city", "country", "zone")


def find_event(store: Store, gig_id: int, name: str | None) -> Event | None:
    """The day's event named `name` (its label, any case, or its id); None for the day's
    own (`main`, or nothing given)."""
    text = (name or "").strip()
    if not text or text.casefold() == MAIN:
        return None
    d = gigs.detail(store, gig_id)
    by_id = int(text) if text.isdigit() else None
    return pick_one(list(d.events), by_id, None if by_id is not None else text,
                    lambda e: e.label, "event", f"'{text}' on {d.gig.date}",
                    "event list")


def event_id_of(store: Store, gig_id: int, name: str | None) -> int | None:
    found = find_event(store, gig_id, name)
    return found.id if found else None


def _place(store: Store, c: Collector, fields: Fields) -> Place:
    """The event's own place, or none (it is at the day's place, on its clock)."""
    if not any((fields.get(f) or "").strip() for f in PLACE_FIELDS):
        return Place(None, "", "", "")
    if not (fields.get("venue") or fields.get("city") or "").strip():
        c.errors.append(ValidationError("city", "give a venue and its city, or the city"))
        return Place(None, "", "", "")
    return place_from_fields(store, c, GigKind.SHOW, fields) or Place(None, "", "", "")


def _checked(store: Store, gig_id: int, fields: Fields, current: Event | None) -> Event:
    c = Collector()
    d = gigs.detail(store, gig_id)
    label = current.label if current else ""
    if fields.get("label") is not None or current is None:
        label = c.check(label_of, fields.get("label")) or ""
    kind, status, notes = event_basics(fields, c, current)
    place = Place(current.venue_id, current.city, current.country,
                  current.timezone) if current else Place(None, "", "", "")
    if any(fields.get(f) is not None for f in PLACE_FIELDS):
        place = _place(store, c, fields)
    taken = {e.label.casefold() for e in d.events if current is None or e.id != current.id}
    if label and label.casefold() in taken:
        c.errors.append(ValidationError("label", f"{d.gig.date} already has an event "
                                                 f"'{label}'"))
    c.raise_if_any()
    assert kind is not None and status is not None
    return Event(gig_day_id=gig_id, label=label, kind=kind, status=status,
                 venue_id=place.venue_id, city=place.city, country=place.country,
                 timezone=place.zone, notes=notes,
                 id=current.id if current else None,
                 version=current.version if current else 1)


def add_event(store: Store, gig_id: int, fields: Fields) -> Event:
    """A further event on the day from `label` and optional `kind`, `status`, `venue` +
    `city` or `city` [+ `country`, `zone`], `notes`. Read and written in one
    transaction: two people adding the same label, one of them is refused."""
    store.require(Capability.WRITE_SCHEDULE)
    with store.write():
        return events.get(store, events.add(store, _checked(store, gig_id, fields, None)))


def set_event(store: Store, gig_id: int, name: str, fields: Fields, *,
              expected_version: int | None = None) -> Event:
    """Change what is given (None: as it is; an empty place puts it at the day's)."""
    store.require(Capability.WRITE_SCHEDULE)
    if all(v is None for v in fields.values()):
        raise ValidationError("fields", "nothing to change: give --label, --kind, --status, "
                                        "a place or --notes")
    with store.write():
        current = _further(store, gig_id, name)
        edited = _checked(store, gig_id, fields, current)
        events.update(store, edited, expected_version=expected_version
                      if expected_version is not None else current.version)
        return events.get(store, current.id or 0)


def _further(store: Store, gig_id: int, name: str | None) -> Event:
    found = find_event(store, gig_id, name)
    if found is None:
        raise ValidationError("event", "the main event is the gig day itself: change it "
                                       "with `gig set`")
    return found


def remove_event(store: Store, gig_id: int, name: str, *, force: bool = False) -> list[str]:
    """Remove the event with its items, calls and settlement (each in the history).
    Refused while it has a settlement, unless `force`. Returns what went."""
    store.require(Capability.WRITE_SCHEDULE)
    from tourdesk.store import tracked

    with store.write() as db:
        gone = _further(store, gig_id, name)
        counts = events.counts(store, gone.id or 0)
        if counts["settlements"] and not force:
            raise ConflictError(f"'{gone.label}' has a settlement: nothing removed (--force "
                                "removes it with it)")
        for table in ("schedule_items", "assignments", "settlements"):
            for (row_id,) in db.execute(f"SELECT id FROM {table} WHERE event_id = ?",
                                        [gone.id]).fetchall():
                tracked.delete(store, table, row_id)
        events.delete(store, gone.id or 0)
    words = {"schedule_items": "schedule items", "assignments": "calls",
             "settlements": "settlement"}
    return [f"{n} {words[t]}" for t, n in counts.items() if n]


@dataclass(frozen=True, slots=True)
class EventRow:
    event: Event | None  # None: the day's own
    label: str
    place: str
    zone: str
    times: str  # first item to last end, on its clock: "16:00–18:30", or ""
    items: int


def event_rows(store: Store, gig_id: int) -> list[EventRow]:
    """The day's events as people read them, the day's own first."""
    store.require(Capability.READ_SCHEDULE)
    with store.read():
        d = gigs.detail(store, gig_id)
    rows = [EventRow(None, MAIN, d.place, d.timezone, span_text(d.main_items, d),
                     len(d.main_items))]
    for e in d.events:
        mine = d.event_items(e.id)
        rows.append(EventRow(e, e.label, e.place or d.place, e.timezone, span_text(mine, d),
                             len(mine)))
    return rows


def span_text(items: list[ScheduleItem], d: gigs.GigDetail) -> str:
    """From the first item to the last end (or start), `+1` past the day's date."""
    if not items:
        return ""

    first = min(items, key=lambda i: (i.on, i.at))
    ends = [(i.until_on or i.on, i.until) if i.until else (i.on, i.at) for i in items]
    last_on, last_at = max(ends)
    day = d.gig.date
    return f"{localtime.on_day(first.on, first.at, day)}–{localtime.on_day(last_on, last_at, day)}"
