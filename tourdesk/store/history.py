"""Reading what changed: which tables others touched since a screen last looked (so
an open screen reloads only when something it shows changed), and the history of a
gig day or a checklist entry (who, when, before and after)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from tourdesk.domain.access import Capability
from tourdesk.store.connection import Store

# Tables whose writes always leave a row in `changes` (tracked.py) or, for ticks, in
# `checklist_events`; a tick can also raise or close a flag.
TICKS = frozenset({"checklist_events", "checklist_entries", "item_flags"})


@dataclass(frozen=True, slots=True)
class Mark:
    """How far the logs went when a screen last looked."""

    change_id: int
    event_id: int


def mark(store: Store) -> Mark:
    row = store.row("SELECT (SELECT coalesce(max(id), 0) FROM changes), "
                    "(SELECT coalesce(max(id), 0) FROM checklist_events)")
    return Mark(row[0], row[1])


def touched_since(store: Store, since: Mark) -> tuple[frozenset[str] | None, Mark]:
    """The tables changed after `since`, and the new mark. None when something was
    committed that neither log shows (a setting, a cache): the caller reloads all."""
    with store.read() as db:
        now = mark(store)
        tables = {r[0] for r in db.execute(
            "SELECT DISTINCT entity FROM changes WHERE id > ?", [since.change_id])}
    if now.event_id > since.event_id:
        tables |= TICKS
    return (frozenset(tables) if tables else None), now


# -- what happened to a gig day and a checklist entry --

# Bookkeeping columns: every change moves them, so they say nothing.
_QUIET = {"id", "version", "updated_at", "updated_by"}
# What belongs to a gig day, by the column that names it.
_OF_A_DAY = ("schedule_items", "assignments", "staff_needs", "checklists", "events")


@dataclass(frozen=True, slots=True)
class Change:
    id: int
    at: datetime  # UTC
    actor: str
    entity: str
    entity_id: int
    action: str  # insert, update, delete
    fields: tuple[tuple[str, object, object], ...]  # (field, before, after) that differ
    after_version: int | None
    row: dict  # the row after the change (before it, for a removal)


def _fields(before: dict | None, after: dict | None) -> tuple[tuple[str, object, object], ...]:
    old, new = before or {}, after or {}
    keys = [k for k in {**old, **new} if k not in _QUIET]
    return tuple((k, old.get(k), new.get(k)) for k in keys if old.get(k) != new.get(k))


def _change(row: tuple) -> Change:
    id_, at, actor, entity, entity_id, action, before, after = row
    b = json.loads(before) if before else None
    a = json.loads(after) if after else None
    return Change(id_, datetime.fromisoformat(at), actor, entity, entity_id, action,
                  _fields(b, a), a.get("version") if a else None, a or b or {})


def gig_history(store: Store, gig_id: int) -> list[Change]:
    """Every recorded change to a gig day and what hangs on it (schedule, staffing,
    its checklists being made), newest first."""
    kinds = ",".join(f"'{k}'" for k in _OF_A_DAY)
    # money roles read the whole rows (fees included) from change_details; for the
    # others the connection would refuse that table, and `changes` holds no pay
    detail = store.can(Capability.READ_MONEY)
    columns = ("coalesce(d.before, c.before), coalesce(d.after, c.after)" if detail
               else "c.before, c.after")
    joined = "LEFT JOIN change_details d ON d.change_id = c.id" if detail else ""
    sql = f"""
        SELECT c.id, c.at, c.actor, c.entity, c.entity_id, c.action, {columns}
        FROM changes c {joined}
        WHERE (c.entity = 'gig_days' AND c.entity_id = :gig)
           OR (c.entity IN ({kinds})
               AND json_extract(coalesce(c.after, c.before), '$.gig_day_id') = :gig)
        ORDER BY c.id DESC"""
    with store.read() as db:
        return [_change(r) for r in db.execute(sql, {"gig": gig_id})]


@dataclass(frozen=True, slots=True)
class Tick:
    at: datetime
    actor: str
    old_state: str
    new_state: str
    old_note: str
    new_note: str
    undo: bool  # this event took an earlier one back


def entry_history(store: Store, entry_id: int) -> list[Tick]:
    """Every state and note change of one checklist entry, newest first."""
    with store.read() as db:
        rows = db.execute(
            "SELECT at, actor, old_state, new_state, old_note, new_note, undoes IS NOT NULL "
            "FROM checklist_events WHERE entry_id = ? ORDER BY id DESC", [entry_id]).fetchall()
    return [Tick(datetime.fromisoformat(r[0]), r[1], r[2], r[3], r[4], r[5], bool(r[6]))
            for r in rows]


def last_own_save(changes: list[Change], actor: str) -> list[Change]:
    """The acting user's latest save among `changes` (newest first): the rows one
    transaction wrote follow each other with its actor and its second."""
    start = next((i for i, c in enumerate(changes) if c.actor == actor), None)
    if start is None:
        return []
    first = changes[start]
    run = [first]
    for c in changes[start + 1:]:
        if (c.actor, c.at) != (first.actor, first.at):
            break
        run.append(c)
    return run
