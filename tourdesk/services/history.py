"""The history of a gig day and of a checklist entry in words, on the venue's clock:
`Sat 24 Oct 15:02  ines  Set 23:30 → 23:45`. The TUI's history view and
`tourdesk history` print the same lines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from tourdesk.domain.access import Capability
from tourdesk.domain.kinds import SCHEDULE_LABELS, ScheduleKind
from tourdesk.store import crew, gigs, history, tracked
from tourdesk.store.connection import Store
from tourdesk.store.errors import ConflictError
from tourdesk.store.history import Change, Tick

_NAMES = {"status": "status", "contract": "contract", "notes": "notes", "hotel": "hotel",
          "local_time": "time", "local_date": "date", "call_time": "call", "count": "needed",
          "role": "role", "fee_minor": "fee", "venue_id": "venue", "end_time": "until",
          "audience": "for", "audience_role": "for role", "audience_people": "for people",
          "timezone": "zone"}
# follow the time past midnight (the time says it), or the label (kind)
_QUIET_FIELDS = {"local_date", "end_date"}
_PAY_FIELDS = {"fee_minor", "fee_currency"}  # only for those who may see everybody's pay


@dataclass(frozen=True, slots=True)
class Line:
    when: str  # on the venue's clock
    who: str
    what: str


def _when(at: datetime, zone: str) -> str:
    return f"{(at.astimezone(ZoneInfo(zone)) if zone else at):%a %d %b %H:%M}"


def _value(v: object) -> str:
    text = "—" if v in (None, "") else str(v)
    return text if len(text) <= 40 else text[:39] + "…"


def _subject(c: Change, people: dict[int, str]) -> str:
    row = c.row
    if c.entity == "gig_days":
        return "day"
    if c.entity == "schedule_items":
        return row.get("label") or SCHEDULE_LABELS.get(ScheduleKind(row["kind"]), row["kind"])
    if c.entity == "assignments":
        return f"{people.get(row.get('person_id', 0), 'someone')} as {row.get('role', '')}"
    if c.entity == "staff_needs":
        return f"need {row.get('role', '')}"
    if c.entity == "checklists":
        return f"list {row.get('name', '')}"
    if c.entity == "events":
        return f"event {row.get('label', '')}"
    return c.entity


def describe(c: Change, people: dict[int, str], *, pay: bool = True) -> str:
    """The change in words; empty for a save that changed no field (the day's version
    moving with its times). Without `pay`, fees are left out."""
    subject = _subject(c, people)
    if c.action == "insert":
        detail = f" {c.row['local_time']}" if c.entity == "schedule_items" else ""
        return f"{subject} added{detail}"
    if c.action == "delete":
        return f"{subject} removed"
    quiet = _QUIET_FIELDS if pay else _QUIET_FIELDS | _PAY_FIELDS
    moved = [f"{_NAMES.get(f, f)} {_value(old)} → {_value(new)}" for f, old, new in c.fields
             if f not in quiet]
    return f"{subject}: " + "; ".join(moved) if moved else ""


def day_lines(store: Store, gig_id: int) -> tuple[list[Line], list[Change]]:
    """The day's history in words, and the acting user's last save on it (what `u`
    would take back; empty when there is none)."""
    with store.read():
        zone = gigs.detail(store, gig_id).timezone
        changes = history.gig_history(store, gig_id)
        people = _names(store)
    pay = store.can(Capability.READ_ALL_PAY)
    lines = [Line(_when(c.at, zone), c.actor, what) for c in changes
             if (what := describe(c, people, pay=pay))]
    return lines, history.last_own_save(changes, store.actor)


def undo_own_last(store: Store, gig_id: int) -> list[str]:
    """Take back the acting user's last save on the day, if nobody changed those rows
    since; returns what was taken back, in words."""
    with store.write():
        mine = history.last_own_save(history.gig_history(store, gig_id), store.actor)
        if not mine:
            raise ConflictError("you have no change on this day to undo")
        tracked.revert(store, mine)
        people = _names(store)
    pay = store.can(Capability.READ_ALL_PAY)
    return [what for c in mine if (what := describe(c, people, pay=pay))]


def _names(store: Store) -> dict[int, str]:
    return {p.id: p.name for p in crew.people(store) if p.id is not None}


def tick_lines(ticks: list[Tick], zone: str) -> list[Line]:
    out = []
    for t in ticks:
        what = f"{t.old_state} → {t.new_state}" if t.old_state != t.new_state else "note"
        if t.new_note != t.old_note:
            what += f" · note: {_value(t.new_note)}"
        out.append(Line(_when(t.at, zone), t.actor, what + (" (undo)" if t.undo else "")))
    return out
