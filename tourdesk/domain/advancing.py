"""Advancing a show: what the tour asks of the venue, item by item and by area, and
where each answer stands. No I/O.

A show is fully advanced when it has items and every one is confirmed, or confirmed
with a change (`changed`: the venue gives something else, the note says what). A
declined item is not settled: someone must find it elsewhere, then change or remove it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from tourdesk.domain.errors import ValidationError
from tourdesk.domain.staffing import role_key
from tourdesk.domain.text import clean_input

ITEM_MAX = 200
NOTE_MAX = 500
TEMPLATE_MAX = 100
COUNT_MAX = 999
DUE_DAYS = 14  # shows this close that are not fully advanced are named


class Area(StrEnum):
    BACKLINE = "backline"
    PA = "pa"
    POWER = "power"
    RIGGING = "rigging"
    HOSPITALITY = "hospitality"
    PARKING = "parking"
    LOCAL_CREW = "local_crew"

    @property
    def label(self) -> str:
        return AREA_LABELS[self]


AREA_LABELS = {
    Area.BACKLINE: "Backline", Area.PA: "PA and console", Area.POWER: "Power",
    Area.RIGGING: "Rigging", Area.HOSPITALITY: "Hospitality and rider",
    Area.PARKING: "Parking and bus power", Area.LOCAL_CREW: "Local crew",
}  # fmt: skip
# what may be typed for an area (`pa`, `PA and console`, `local crew`, `rider`...)
_AREA_WORDS = {**{a.value.replace("_", " "): a for a in Area},
               **{a.label.casefold(): a for a in Area},
               "crew": Area.LOCAL_CREW, "rider": Area.HOSPITALITY, "bus power": Area.PARKING,
               "console": Area.PA, "sound": Area.PA}


def _words(text: str | None) -> str:
    return " ".join((text or "").replace("_", " ").replace("-", " ").split()).casefold()


class AdvanceState(StrEnum):
    TO_ASK = "to_ask"
    REQUESTED = "requested"
    CONFIRMED = "confirmed"
    DECLINED = "declined"
    CHANGED = "changed"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")

    @property
    def answered(self) -> bool:
        """The venue has answered: who and when are kept."""
        return self in ANSWERED

    @property
    def settled(self) -> bool:
        return self in (AdvanceState.CONFIRMED, AdvanceState.CHANGED)


ANSWERED = frozenset({AdvanceState.CONFIRMED, AdvanceState.DECLINED, AdvanceState.CHANGED})
MARKS = {AdvanceState.TO_ASK: "·", AdvanceState.REQUESTED: "?", AdvanceState.CONFIRMED: "✓",
         AdvanceState.DECLINED: "✗", AdvanceState.CHANGED: "~"}


@dataclass(frozen=True, slots=True)
class AdvanceItem:
    gig_day_id: int
    area: Area
    item: str  # what is asked for; for local crew, the role ("stagehand")
    count: int | None = None  # heads (local crew) or pieces; None: not counted
    state: AdvanceState = AdvanceState.TO_ASK
    contact_id: int | None = None  # the venue contact who answered
    contact: str = ""  # their name and role, for listings
    answered_at: str | None = None  # ISO instant the answer was recorded
    note: str = ""
    id: int | None = None
    version: int | None = None

    @property
    def what(self) -> str:
        return f"{self.count} × {self.item}" if self.count else self.item


@dataclass(frozen=True, slots=True)
class TemplateItem:
    template: str
    area: Area
    item: str
    count: int | None = None
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Progress:
    """Where a show's advance stands, item counts by state."""

    counts: dict[AdvanceState, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def settled(self) -> int:
        return sum(n for s, n in self.counts.items() if s.settled)

    @property
    def done(self) -> bool:
        return self.total > 0 and self.settled == self.total

    @property
    def line(self) -> str:
        """`7/9 settled · 1 declined · 1 to ask`, or `not started`."""
        if not self.total:
            return "not started"
        parts = [f"{self.settled}/{self.total} settled"]
        parts += [f"{n} {s.label}" for s, n in self.counts.items()
                  if n and not s.settled]
        return " · ".join(parts)


def progress(items: Iterable[AdvanceItem]) -> Progress:
    counts = dict.fromkeys(AdvanceState, 0)
    for i in items:
        counts[i.state] += 1
    return Progress(counts)


def due(shows: Iterable[tuple[date, Progress]], today: date,
        days: int = DUE_DAYS) -> list[tuple[date, Progress]]:
    """The shows from today to `days` ahead that are not fully advanced."""
    return [(on, p) for on, p in shows if 0 <= (on - today).days <= days and not p.done]


def local_crew(items: Iterable[AdvanceItem]) -> dict[tuple[int, str], int]:
    """Heads of local crew the venue confirmed, by (gig day, role key): what they feed
    into the day's staffing needs of the same role."""
    heads: dict[tuple[int, str], int] = {}
    for i in items:
        if i.area is Area.LOCAL_CREW and i.state.settled:
            key = (i.gig_day_id, role_key(i.item))
            heads[key] = heads.get(key, 0) + (i.count or 1)
    return heads


# -- input --


def area(text: str | None) -> Area:
    found = _AREA_WORDS.get(_words(text))
    if found is None:
        raise ValidationError("area", "one of " + ", ".join(a.value for a in Area))
    return found


def state(text: str | None) -> AdvanceState:
    try:
        return AdvanceState(_words(text).replace(" ", "_"))
    except ValueError:
        raise ValidationError("state", "one of " + ", ".join(
            s.label for s in AdvanceState)) from None


def item_text(text: str | None) -> str:
    what = clean_input(text)
    if not what:
        raise ValidationError("item", "say what is asked for")
    if len(what) > ITEM_MAX:
        raise ValidationError("item", f"at most {ITEM_MAX} characters")
    return what


def count(value: int | str | None) -> int | None:
    """Heads or pieces: empty or `none` for an item that is not counted."""
    if value is None or str(value).strip().lower() in ("", "none"):
        return None
    try:
        n = int(str(value).strip())
    except ValueError:
        raise ValidationError("count", f"a whole number from 1 to {COUNT_MAX}, or none") from None
    if not 1 <= n <= COUNT_MAX:
        raise ValidationError("count", f"a whole number from 1 to {COUNT_MAX}, or none")
    return n


def note_text(text: str | None) -> str:
    note = clean_input(text)
    if len(note) > NOTE_MAX:
        raise ValidationError("note", f"at most {NOTE_MAX} characters")
    return note


def template_name(text: str | None) -> str:
    name = clean_input(text)
    if not name:
        raise ValidationError("template", "give the template a name")
    if len(name) > TEMPLATE_MAX:
        raise ValidationError("template", f"at most {TEMPLATE_MAX} characters")
    return name
