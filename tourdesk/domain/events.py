"""Several events on one gig day: a festival afternoon and a club show at night, a
session at another studio. The gig day is its own first event (the main one: the day's
place, status, and the items, calls and settlement that name no event); every further
event has a label of its own, its own place and clock, and its own status.

An event is named on the command line by its label (any case), by its id, or as
`main` for the day itself."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from tourdesk.domain.errors import Collector, ValidationError
from tourdesk.domain.kinds import GigStatus
from tourdesk.domain.models import choice, optional_text, required_text

Fields = Mapping[str, str | None]

MAIN = "main"  # how the day's own event is named


class EventKind(StrEnum):
    SHOW = "show"
    REHEARSAL = "rehearsal"
    STUDIO = "studio"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Event:
    gig_day_id: int
    label: str
    kind: EventKind = EventKind.SHOW
    status: GigStatus = GigStatus.CONFIRMED
    venue_id: int | None = None
    city: str = ""
    country: str = ""
    timezone: str = ""  # the clock of its place: the venue's when it has one
    notes: str = ""
    place: str = ""  # as people read it: "Venue, City", or the city (not stored)
    id: int | None = None
    version: int = 1

    @property
    def working(self) -> bool:
        return self.status is not GigStatus.CANCELLED


def label_of(value: str | None, field: str = "label") -> str:
    """A label people can type back: not `main`, which names the day's own event."""
    label = " ".join(required_text(value, field, max_len=80).split())
    if label.casefold() == MAIN:
        raise ValidationError(field, f"'{MAIN}' names the day's own event: choose another label")
    return label


def event_basics(fields: Fields, c: Collector, current: Event | None = None,
                 ) -> tuple[EventKind | None, GigStatus | None, str]:
    """Kind, status and notes from `fields` (None keeps `current`'s), checked into the
    collector `c`."""
    get = fields.get
    kind = current.kind if current else EventKind.SHOW
    status = current.status if current else GigStatus.CONFIRMED
    notes = current.notes if current else ""
    if get("kind") is not None:
        kind = c.check(choice, get("kind"), "kind", EventKind, EventKind.SHOW)
    if get("status") is not None:
        status = c.check(choice, get("status"), "status", GigStatus, GigStatus.CONFIRMED)
    if get("notes") is not None:
        notes = c.check(optional_text, get("notes"), "notes", multiline=True) or ""
    return kind, status, notes
