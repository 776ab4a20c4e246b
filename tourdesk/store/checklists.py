"""Queries for checklist templates, day checklists, ticks and flags.

A tick is one small BEGIN IMMEDIATE transaction: the entry's new state, a row in
`checklist_events` (who, when, from, to) and any flag it raises or clears. Entries are
created in bulk without a `changes` row each; the checklist itself is audited.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from tourdesk.domain import flags
from tourdesk.domain.access import Capability
from tourdesk.domain.errors import ValidationError
from tourdesk.domain.inventory import FLAG_STATES, EntryState, Phase
from tourdesk.domain.localtime import local_clock
from tourdesk.store import tracked
from tourdesk.store.connection import Store
from tourdesk.store.errors import ConflictError, NotFoundError, StoreError


@dataclass(frozen=True, slots=True)
class Entry:
    id: int
    position: int
    item_id: int | None
    label: str
    serial: str
    case_number: str
    case_name: str
    quantity: int
    state: EntryState
    note: str
    set_by: str | None
    set_at: str | None
    version: int


@dataclass(frozen=True, slots=True)
class Checklist:
    id: int
    gig_day_id: int
    name: str
    phase: Phase
    gig_date: date
    place: str
    timezone: str  # the venue's (or the day's) zone: ticks are shown in its local time


@dataclass(frozen=True, slots=True)
class Counts:
    total: int = 0
    done: int = 0
    missing: int = 0
    damaged: int = 0
    na: int = 0

    @property
    def pending(self) -> int:
        return self.total - self.done - self.missing - self.damaged - self.na

    @property
    def settled(self) -> int:
        """Entries someone has dealt with (anything but pending)."""
        return self.total - self.pending


def count(entries: Iterable[Entry]) -> Counts:
    states = [e.state for e in entries]
    return Counts(len(states), states.count(EntryState.DONE), states.count(EntryState.MISSING),
                  states.count(EntryState.DAMAGED), states.count(EntryState.NA))


@dataclass(frozen=True, slots=True)
class Flag:
    id: int
    item_id: int
    kind: EntryState
    note: str
    raised_on: date
    raised_by: str
    label: str
    serial: str
    case_number: str
    entry_id: int | None = None  # the entry whose mark raised it
    place: str = ""  # the city of the day it was raised

    @property
    def open(self) -> flags.OpenFlag:
        return flags.OpenFlag(self.id, self.kind, self.entry_id, self.raised_on, self.place)

    @property
    def since(self) -> str:
        """`missing since 19 Oct, Paris`."""
        return self.open.words


@dataclass(frozen=True, slots=True)
class ChecklistView:
    checklist: Checklist
    entries: list[Entry]
    flags: dict[int, Flag]  # open flags of the items on this list, by item id


@dataclass(frozen=True, slots=True)
class EntrySpec:
    label: str
    item_id: int | None = None
    serial: str = ""
    case_number: str = ""
    case_name: str = ""
    quantity: int = 1


@dataclass(frozen=True, slots=True)
class TemplateLine:
    case_id: int | None = None
    item_id: int | None = None
    text: str = ""


@dataclass(frozen=True, slots=True)
class Template:
    id: int
    name: str
    phase: Phase
    lines: int


# -- templates --


def add_template(store: Store, name: str, phase: Phase, lines: Sequence[TemplateLine]) -> int:
    store.require(Capability.WRITE_EQUIPMENT)
    with store.write():
        template_id = tracked.insert(store, "templates", {"name": name, "phase": phase.value})
        store.table("template_lines").insert_all(
            {"template_id": template_id, "position": i, "case_id": line.case_id,
             "item_id": line.item_id, "text": line.text}
            for i, line in enumerate(lines)
        )
    return template_id


def templates(store: Store) -> list[Template]:
    sql = """SELECT t.id, t.name, t.phase, count(l.id) AS n FROM templates t
             LEFT JOIN template_lines l ON l.template_id = t.id
             GROUP BY t.id ORDER BY t.name COLLATE NOCASE"""
    with store.read() as db:
        return [Template(r["id"], r["name"], Phase(r["phase"]), r["n"]) for r in db.query(sql)]


def template_named(store: Store, name: str) -> Template:
    found = [t for t in templates(store) if t.name.casefold() == name.strip().casefold()]
    if not found:
        names = ", ".join(t.name for t in templates(store)) or "none yet"
        raise NotFoundError(f"no checklist template named '{name}' (templates: {names})")
    return found[0]


def template_entries(store: Store, template_id: int) -> list[EntrySpec]:
    """What a template expands to today: whole cases become their current items (those
    in service: a retired item is on no new list)."""
    sql = """
        SELECT l.position, 0 AS sub, NULL AS item_id, l.text AS label, '' AS serial,
               '' AS case_number, '' AS case_name, 1 AS quantity
        FROM template_lines l WHERE l.template_id = :t AND l.text != ''
        UNION ALL
        SELECT l.position, coalesce(i.name, '') AS sub, i.id, i.name, i.serial,
               coalesce(c.number, ''), coalesce(c.name, ''), i.quantity
        FROM template_lines l
        JOIN items i ON i.id = l.item_id OR (l.case_id IS NOT NULL AND i.case_id = l.case_id)
        LEFT JOIN cases c ON c.id = i.case_id
        WHERE l.template_id = :t AND i.retired_on IS NULL
        ORDER BY 1, 2 COLLATE NOCASE, 3
    """
    with store.read() as db:
        rows = list(db.query(sql, {"t": template_id}))
    seen: set[int] = set()
    specs = []
    for r in rows:
        if r["item_id"] is not None:
            if r["item_id"] in seen:  # a case and one of its items both on the template
                continue
            seen.add(r["item_id"])
        specs.append(EntrySpec(label=r["label"], item_id=r["item_id"], serial=r["serial"],
                               case_number=r["case_number"], case_name=r["case_name"],
                               quantity=r["quantity"]))
    return specs


# -- day checklists --


def create(store: Store, gig_id: int, name: str, phase: Phase, entries: Sequence[EntrySpec],
           *, template_id: int | None = None) -> int:
    store.require(Capability.WRITE_EQUIPMENT)
    with store.write() as db:
        clash = db.execute("SELECT 1 FROM checklists WHERE gig_day_id = ? AND name = ?",
                           [gig_id, name]).fetchone()
        if clash:
            raise ConflictError(f"this day already has a checklist called '{name}'")
        checklist_id = tracked.insert(store, "checklists", {
            "gig_day_id": gig_id, "name": name, "phase": phase.value, "template_id": template_id,
        })
        store.table("checklist_entries").insert_all(
            {"checklist_id": checklist_id, "position": i, "item_id": e.item_id,
             "label": e.label, "serial": e.serial, "case_number": e.case_number,
             "case_name": e.case_name, "quantity": e.quantity}
            for i, e in enumerate(entries)
        )
    return checklist_id


_CHECKLIST_SQL = """
    SELECT k.id, k.gig_day_id, k.name, k.phase, g.date,
           coalesce(v.name || ', ' || v.city, g.city) AS place,
           coalesce(v.timezone, g.timezone) AS timezone
    FROM checklists k JOIN gig_days g ON g.id = k.gig_day_id
    LEFT JOIN venues v ON v.id = g.venue_id
"""


def _checklist(r: dict) -> Checklist:
    return Checklist(r["id"], r["gig_day_id"], r["name"], Phase(r["phase"]),
                     date.fromisoformat(r["date"]), r["place"], r["timezone"])


def _entry(r: dict) -> Entry:
    return Entry(r["id"], r["position"], r["item_id"], r["label"], r["serial"], r["case_number"],
                 r["case_name"], r["quantity"], EntryState(r["state"]), r["note"], r["set_by"],
                 r["set_at"], r["version"])


def _flag(r: dict) -> Flag:
    return Flag(r["id"], r["item_id"], EntryState(r["kind"]), r["note"],
                date.fromisoformat(r["raised_on"]), r["raised_by"], r["label"], r["serial"],
                r["case_number"], r["entry_id"], r["raised_place"])


_FLAG_SQL = """
    SELECT f.*, i.name AS label, i.serial, coalesce(c.number, '') AS case_number
    FROM item_flags f JOIN items i ON i.id = f.item_id LEFT JOIN cases c ON c.id = i.case_id
    WHERE f.resolved_at IS NULL
"""


def view(store: Store, checklist_id: int) -> ChecklistView:
    store.require(Capability.READ_EQUIPMENT)
    with store.read() as db:
        rows = list(db.query(_CHECKLIST_SQL + " WHERE k.id = ?", [checklist_id]))
        if not rows:
            raise NotFoundError(f"checklist {checklist_id} does not exist (deleted by someone?)")
        entries = [_entry(r) for r in db.query(
            "SELECT * FROM checklist_entries WHERE checklist_id = ? ORDER BY position, id",
            [checklist_id])]
        return ChecklistView(_checklist(rows[0]), entries, _list_flags(store, checklist_id))


def changed_entries(store: Store, checklist_id: int, versions: Mapping[int, int],
                    ) -> tuple[list[Entry], dict[int, Flag]] | None:
    """What moved on a list someone is looking at: the entries whose version is not
    the one in `versions`, and the list's open flags. None when entries were added or
    removed (read the whole list again). Costs a scan of ids and versions, not rows."""
    store.require(Capability.READ_EQUIPMENT)
    with store.read() as db:
        now = dict(db.execute("SELECT id, version FROM checklist_entries WHERE checklist_id = ?",
                              [checklist_id]).fetchall())
        if now.keys() != versions.keys():
            return None
        moved = [i for i, v in now.items() if versions[i] != v]
        entries = [_entry(r) for r in db.query(
            f"SELECT * FROM checklist_entries WHERE id IN ({','.join('?' * len(moved))})",
            moved)] if moved else []
        flags = _list_flags(store, checklist_id)
    return entries, flags


def _list_flags(store: Store, checklist_id: int) -> dict[int, Flag]:
    """The open flags of the items on a list, by item id (missing before damaged when
    an item has both: it is the one that stops a tick)."""
    rows = store.db.query(_FLAG_SQL + " AND f.item_id IN (SELECT item_id FROM checklist_entries"
                                      " WHERE checklist_id = ?)"
                                      " ORDER BY f.kind = 'missing', f.id", [checklist_id])
    return {f.item_id: f for f in map(_flag, rows)}


def held_by_entry(view: ChecklistView) -> dict[int, str]:
    """Pending entries a bulk tick leaves alone, by entry id, with why:
    `missing since 19 Oct, Paris`. Computed from a loaded view: no read."""
    return {e.id: view.flags[e.item_id].since for e in view.entries
            if e.state is EntryState.PENDING and e.item_id in view.flags}


def held_by_case(view: ChecklistView) -> dict[str, str]:
    """Per case number, why a case tick leaves some of its entries pending:
    `1 missing since 19 Oct, Paris` (entries without a case under "")."""
    per_case: dict[str, list[list[flags.OpenFlag]]] = {}
    for e in view.entries:
        if e.state is EntryState.PENDING and e.item_id in view.flags:
            per_case.setdefault(e.case_number, []).append([view.flags[e.item_id].open])
    return {case: flags.case_reason(held) for case, held in per_case.items()}


def held_reasons(store: Store, checklist_id: int) -> dict[str, str]:
    """`held_by_case` of the list as stored now."""
    return held_by_case(view(store, checklist_id))


def for_gig(store: Store, gig_id: int) -> list[tuple[Checklist, Counts]]:
    store.require(Capability.READ_EQUIPMENT)
    sql = _CHECKLIST_SQL.replace("SELECT k.id", """SELECT
        (SELECT count(*) FROM checklist_entries e WHERE e.checklist_id = k.id) AS total,
        (SELECT count(*) FROM checklist_entries e WHERE e.checklist_id = k.id
            AND e.state = 'done') AS done,
        (SELECT count(*) FROM checklist_entries e WHERE e.checklist_id = k.id
            AND e.state = 'missing') AS missing,
        (SELECT count(*) FROM checklist_entries e WHERE e.checklist_id = k.id
            AND e.state = 'damaged') AS damaged,
        (SELECT count(*) FROM checklist_entries e WHERE e.checklist_id = k.id
            AND e.state = 'na') AS na,
        k.id""") + """ WHERE k.gig_day_id = ?
        ORDER BY CASE k.phase WHEN 'advance' THEN 0 WHEN 'load_in' THEN 1 WHEN 'other' THEN 2
                 ELSE 3 END, k.name COLLATE NOCASE"""
    with store.read() as db:
        return [(_checklist(r), Counts(r["total"], r["done"], r["missing"], r["damaged"], r["na"]))
                for r in db.query(sql, [gig_id])]


def entry(store: Store, entry_id: int) -> Entry:
    with store.read() as db:
        rows = list(db.query("SELECT * FROM checklist_entries WHERE id = ?", [entry_id]))
    if not rows:
        raise NotFoundError(f"checklist entry {entry_id} does not exist (removed by someone?)")
    return _entry(rows[0])


# -- ticks --


@dataclass(frozen=True, slots=True)
class Held:
    """An entry a bulk tick left as it was, and why: `missing since 19 Oct, Paris`."""

    entry: Entry
    reason: str

    @property
    def words(self) -> str:
        serial = f" ({self.entry.serial})" if self.entry.serial else ""
        case = f"{self.entry.case_number} " if self.entry.case_number else ""
        return f"{case}{self.entry.label}{serial}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Ticked:
    """What a tick did: every entry asked for as it is now, and those it left alone."""

    entries: list[Entry]
    held: list[Held]

    @property
    def message(self) -> str:
        """One line for the user when something was held, else empty."""
        if not self.held:
            return ""
        return (f"{len(self.held)} left pending, flag open: "
                + "; ".join(h.words for h in self.held))


def _between_read_and_write() -> None:
    """Called by every checklist read-then-write after its read, inside its write
    transaction. Does nothing; the interleaving tests replace it to let another
    connection try its write at exactly that moment."""


_ROWS_SQL = """
    SELECT e.*, g.date AS gig_date, coalesce(nullif(v.city, ''), g.city) AS city
    FROM checklist_entries e JOIN checklists k ON k.id = e.checklist_id
    JOIN gig_days g ON g.id = k.gig_day_id LEFT JOIN venues v ON v.id = g.venue_id
"""


def _rows(store: Store, entry_ids: Sequence[int]) -> list[dict]:
    """The entries (in the order asked) with their day's date and city."""
    placeholders = ",".join("?" * len(entry_ids))
    found = {r["id"]: r for r in store.db.query(
        _ROWS_SQL + f" WHERE e.id IN ({placeholders})", list(entry_ids))}
    if len(found) != len(set(entry_ids)):
        raise NotFoundError("a checklist entry was removed by someone else meanwhile")
    return [found[i] for i in dict.fromkeys(entry_ids)]


def _last_actor(store: Store, entry_id: int) -> str:
    row = store.db.execute("SELECT actor FROM checklist_events WHERE entry_id = ?"
                           " ORDER BY id DESC LIMIT 1", [entry_id]).fetchone()
    return row[0] if row else "someone"


def _name(row: Mapping) -> str:
    serial = f" ({row['serial']})" if row["serial"] else ""
    return f"{row['label']}{serial}"


def tick(store: Store, entry_ids: Sequence[int], state: EntryState, *,
         note: str | None = None, expect: Mapping[int, EntryState] | None = None,
         bulk: bool | None = None) -> Ticked:
    """Set entries to `state` (and `note`, when given), each change logged with who and
    when, all in one batch. With `expect` (the states the user was looking at), refuse
    when someone else changed one of them meanwhile, naming who, instead of overwriting.

    The flag rules are `domain.flags.plan`: a bulk tick (`bulk`, by default more than
    one entry) leaves an entry whose item has an open flag as it is and says why in
    `held`; a single tick to done of a missing item is refused until its flag is
    closed with a note."""
    store.require(Capability.TICK)
    bulk = len(set(entry_ids)) > 1 if bulk is None else bulk
    with store.write():
        rows = _rows(store, entry_ids)
        _between_read_and_write()
        for row in rows:
            seen = (expect or {}).get(row["id"])
            if seen is not None and seen.value != row["state"]:
                raise ConflictError(f"{_name(row)} was set to {row['state']} by "
                                    f"{_last_actor(store, row['id'])} meanwhile; "
                                    "nothing changed")
        batch = None
        held: list[tuple[int, str]] = []
        for row in rows:
            plan = _plan(store, row, state, bulk=bulk)
            if plan.refused:
                raise ConflictError(f"{_name(row)} is {plan.refused}; nothing changed")
            if plan.held:
                held.append((row["id"], plan.held))
                continue
            batch = _apply(store, row, state, row["note"] if note is None else note, plan,
                           batch=batch) or batch
        now = {e.id: e for e in _entries(store, entry_ids)}
    return Ticked([now[i] for i in entry_ids], [Held(now[i], why) for i, why in held])


def set_state(store: Store, entry_ids: Sequence[int], state: EntryState,
              *, note: str | None = None,
              expect: Mapping[int, EntryState] | None = None) -> list[Entry]:
    """`tick`, returning only the entries as they are now."""
    return tick(store, entry_ids, state, note=note, expect=expect).entries


def _entries(store: Store, entry_ids: Sequence[int]) -> list[Entry]:
    placeholders = ",".join("?" * len(entry_ids))
    return [_entry(r) for r in store.db.query(
        f"SELECT * FROM checklist_entries WHERE id IN ({placeholders})", list(entry_ids))]


def _open_flags(store: Store, item_id: int) -> list[flags.OpenFlag]:
    return [flags.OpenFlag(r["id"], EntryState(r["kind"]), r["entry_id"],
                           date.fromisoformat(r["raised_on"]), r["raised_place"])
            for r in store.db.query("SELECT * FROM item_flags WHERE item_id = ?"
                                    " AND resolved_at IS NULL ORDER BY id", [item_id])]


def _plan(store: Store, row: Mapping, state: EntryState, *, bulk: bool = False,
          undo: bool = False) -> flags.Plan:
    """What the flag rules say about changing `row` to `state`, from what is stored now."""
    item = row["item_id"]
    old = EntryState(row["state"])
    if item is None or old is state:
        return flags.Plan()
    still_marked = {}
    if old in FLAG_STATES:
        other = store.db.execute(
            "SELECT id FROM checklist_entries WHERE item_id = ? AND state = ? AND id != ?"
            " ORDER BY id DESC LIMIT 1", [item, old.value, row["id"]]).fetchone()
        if other:
            still_marked[old] = other[0]
    return flags.plan(flags.Change(row["id"], old, state, bulk=bulk, undo=undo),
                      _open_flags(store, item), still_marked)


def _apply(store: Store, row: Mapping, state: EntryState, note: str, plan: flags.Plan,
           undoes: int | None = None, setter: tuple[str | None, str | None] | None = None,
           batch: int | None = None) -> int | None:
    """Change one entry and run its flag operations; returns the batch its event
    joined (None if nothing changed)."""
    old = EntryState(row["state"])
    if old is state and row["note"] == note:
        return None
    now, actor = store.now_iso(), store.actor
    set_by, set_at = setter if setter is not None else (actor, now)
    if state is EntryState.PENDING and setter is None:
        set_by = set_at = None
    db = store.db
    db.execute("""UPDATE checklist_entries SET state = ?, note = ?, set_by = ?, set_at = ?,
                  version = version + 1 WHERE id = ?""",
               [state.value, note, set_by, set_at, row["id"]])
    event_id = store.insert("checklist_events", {
        "entry_id": row["id"], "at": now, "actor": actor, "old_state": old.value,
        "new_state": state.value, "old_note": row["note"], "new_note": note, "undoes": undoes,
        "batch": batch,
    })
    if batch is None:
        batch = event_id
        db.execute("UPDATE checklist_events SET batch = ? WHERE id = ?", [batch, event_id])
    for op in plan.ops:
        _run(store, op, row, note)
    if state is old:  # a new note on a marked entry is the note of the flag it raised
        db.execute("UPDATE item_flags SET note = ? WHERE entry_id = ? AND kind = ?"
                   " AND resolved_at IS NULL", [note, row["id"], state.value])
    return batch


def _run(store: Store, op: flags.FlagOp, row: Mapping, note: str) -> None:
    db = store.db
    if isinstance(op, flags.Raise):
        store.table("item_flags").insert({
            "item_id": row["item_id"], "entry_id": row["id"], "kind": op.kind.value,
            "note": note, "raised_on": row["gig_date"], "raised_at": store.now_iso(),
            "raised_by": store.actor, "raised_place": row["city"] or "",
        })
    elif isinstance(op, flags.Move):  # another list still says so: the flag is that day's
        [to] = _rows(store, [op.to_entry])
        db.execute("UPDATE item_flags SET entry_id = ?, raised_on = ?, raised_place = ?"
                   " WHERE id = ?", [to["id"], to["gig_date"], to["city"] or "", op.flag_id])
    else:
        _close(store, op.flag_id, op.resolution)


def _close(store: Store, flag_id: int, resolution: str) -> None:
    """Close one open flag, recorded in the change log with who and why."""
    db = store.db
    before = next(iter(db.query("SELECT * FROM item_flags WHERE id = ?", [flag_id])))
    db.execute("""UPDATE item_flags SET resolved_at = ?, resolved_by = ?, resolution = ?
                  WHERE id = ? AND resolved_at IS NULL""",
               [store.now_iso(), store.actor, resolution, flag_id])
    after = next(iter(db.query("SELECT * FROM item_flags WHERE id = ?", [flag_id])))
    tracked.log_change(store, "item_flags", flag_id, "update", before, after)


def set_note(store: Store, entry_id: int, note: str, *,
             expect_note: str | None = None) -> Entry:
    """Change an entry's note and nothing else: its state is the one stored when the
    note is written, never one read before. With `expect_note` (the note the user was
    editing), refuse when someone else changed the note meanwhile, showing theirs."""
    store.require(Capability.TICK)
    with store.write():
        [row] = _rows(store, [entry_id])
        _between_read_and_write()
        if expect_note is not None and row["note"] != expect_note:
            raise ConflictError(f"{_name(row)}: {_last_actor(store, entry_id)} changed the "
                                f"note meanwhile to '{row['note']}'; yours was not saved")
        _apply(store, row, EntryState(row["state"]), note, flags.Plan())
        return entry(store, entry_id)


def undo_last(store: Store, checklist_id: int) -> list[Entry]:
    """Take back the acting user's last change on this list (a whole case ticked at once
    is one change), if nobody changed those entries since. Refuses (ConflictError)
    rather than overwrite someone else's tick."""
    store.require(Capability.TICK)
    with store.write() as db:
        last = db.execute(
            """SELECT ev.batch FROM checklist_events ev
               JOIN checklist_entries e ON e.id = ev.entry_id
               WHERE e.checklist_id = ? AND ev.actor = ? AND ev.undoes IS NULL
                 AND NOT EXISTS (SELECT 1 FROM checklist_events u WHERE u.undoes = ev.id)
               ORDER BY ev.id DESC LIMIT 1""", [checklist_id, store.actor]).fetchone()
        if last is None:
            raise ConflictError("nothing of yours to undo on this list")
        events = list(db.query(
            """SELECT ev.*, e.state AS now_state, e.note AS now_note, e.item_id, e.label,
                      e.serial, g.date AS gig_date,
                      coalesce(nullif(v.city, ''), g.city) AS city
               FROM checklist_events ev JOIN checklist_entries e ON e.id = ev.entry_id
               JOIN checklists k ON k.id = e.checklist_id JOIN gig_days g ON g.id = k.gig_day_id
               LEFT JOIN venues v ON v.id = g.venue_id
               WHERE ev.batch = ? ORDER BY ev.id DESC""", [last[0]]))
        _between_read_and_write()
        for ev in events:
            if (ev["now_state"], ev["now_note"]) != (ev["new_state"], ev["new_note"]):
                raise ConflictError(
                    f"{_name(ev)} was set to {ev['now_state']} by "
                    f"{_last_actor(store, ev['entry_id'])} after you; not undone")
        batch = None
        for ev in events:
            before = list(db.query(
                """SELECT actor, at FROM checklist_events WHERE entry_id = ? AND id < ?
                   AND new_state = ? ORDER BY id DESC LIMIT 1""",
                [ev["entry_id"], ev["id"], ev["old_state"]]))
            setter = (before[0]["actor"], before[0]["at"]) if before else (None, None)
            row = {"id": ev["entry_id"], "state": ev["new_state"], "note": ev["new_note"],
                   "item_id": ev["item_id"], "gig_date": ev["gig_date"], "city": ev["city"]}
            old = EntryState(ev["old_state"])
            plan = _plan(store, row, old, undo=True)
            batch = _apply(store, row, old, ev["old_note"], plan, undoes=ev["id"],
                           setter=setter, batch=batch) or batch
        return [entry(store, ev["entry_id"]) for ev in events]


def add_text_entry(store: Store, checklist_id: int, text: str) -> Entry:
    """A line added to this day's list only (the template stays as it is)."""
    store.require(Capability.WRITE_EQUIPMENT)
    with store.write() as db:
        position = db.execute("SELECT coalesce(max(position), -1) + 1 FROM checklist_entries"
                              " WHERE checklist_id = ?", [checklist_id]).fetchone()[0]
        new_id = store.insert("checklist_entries", {
            "checklist_id": checklist_id, "position": position, "label": text})
        tracked.log_change(store, "checklist_entries", new_id, "insert", None, {"label": text})
        return entry(store, new_id)


def remove_entry(store: Store, entry_id: int) -> None:
    """Drop an entry from this day's list; its tick history goes with it, the change log
    keeps what it was."""
    store.require(Capability.WRITE_EQUIPMENT)
    tracked.delete(store, "checklist_entries", entry_id)


# -- what must not be forgotten --


def left_behind(store: Store, gig_id: int) -> list[Entry]:
    """Items checked in at this day's load-in that are not yet checked out at its
    load-out (pending or missing there, or not on a load-out list at all)."""
    store.require(Capability.READ_EQUIPMENT)
    sql = """
        SELECT e.* FROM checklist_entries e JOIN checklists k ON k.id = e.checklist_id
        WHERE k.gig_day_id = :g AND k.phase = 'load_in' AND e.item_id IS NOT NULL
          AND e.state IN ('done', 'damaged')
          AND e.item_id NOT IN (
              SELECT o.item_id FROM checklist_entries o JOIN checklists ko ON ko.id = o.checklist_id
              WHERE ko.gig_day_id = :g AND ko.phase = 'load_out' AND o.item_id IS NOT NULL
                AND o.state IN ('done', 'damaged', 'na'))
        GROUP BY e.item_id ORDER BY e.case_number COLLATE NOCASE, e.label COLLATE NOCASE
    """
    with store.read() as db:
        return [_entry(r) for r in db.query(sql, {"g": gig_id})]


def left_behind_counts(store: Store, tour_id: int) -> dict[int, int]:
    """Per gig day of the tour, how many items came in and have not gone out."""
    store.require(Capability.READ_EQUIPMENT)
    sql = """
        WITH ins AS (
            SELECT DISTINCT k.gig_day_id AS g, e.item_id FROM checklist_entries e
            JOIN checklists k ON k.id = e.checklist_id JOIN gig_days d ON d.id = k.gig_day_id
            WHERE d.tour_id = :t AND k.phase = 'load_in' AND e.item_id IS NOT NULL
              AND e.state IN ('done', 'damaged')),
        outs AS (
            SELECT DISTINCT k.gig_day_id AS g, e.item_id FROM checklist_entries e
            JOIN checklists k ON k.id = e.checklist_id JOIN gig_days d ON d.id = k.gig_day_id
            WHERE d.tour_id = :t AND k.phase = 'load_out' AND e.item_id IS NOT NULL
              AND e.state IN ('done', 'damaged', 'na'))
        SELECT ins.g, count(*) FROM ins
        LEFT JOIN outs ON outs.g = ins.g AND outs.item_id = ins.item_id
        WHERE outs.item_id IS NULL GROUP BY ins.g
    """
    with store.read() as db:
        return dict(db.execute(sql, {"t": tour_id}).fetchall())


def open_flags(store: Store) -> list[Flag]:
    store.require(Capability.READ_EQUIPMENT)
    with store.read() as db:
        return [_flag(r) for r in db.query(_FLAG_SQL + " ORDER BY f.raised_on, f.id")]


class NoteRequired(StoreError, ValidationError):
    """A flag closes only with a note. A field refusal that every write path (they all
    show a StoreError in one line) shows as such."""


def resolve_flag(store: Store, flag_id: int, note: str | None) -> None:
    """Close a flag on purpose, saying how (`note` is required): recorded in the change
    log with who and when. Refused, showing theirs, when someone closed it meanwhile."""
    close_flag(store, flag_id, note)


def close_flag(store: Store, flag_id: int, note: str | None) -> Flag:
    """`resolve_flag`, returning the flag as it was while open (for the words)."""
    store.require(Capability.WRITE_EQUIPMENT)
    note = (note or "").strip()
    if not note:
        raise NoteRequired("note", "say how the flag was resolved, e.g. 'found in the "
                                   "truck' or 'repaired in Berlin'")
    with store.write() as db:
        rows = list(db.query(_FLAG_SQL.replace("WHERE f.resolved_at IS NULL", "WHERE f.id = ?"),
                             [flag_id]))
        _between_read_and_write()
        if not rows:
            raise NotFoundError(f"flag {flag_id} does not exist")
        row = rows[0]
        if row["resolved_at"] is not None:
            when = local_clock(row["resolved_at"], "")
            raise ConflictError(f"flag {flag_id} ({row['label']}) is already resolved, by "
                                f"{row['resolved_by']} on {when.day} {when:%b}: "
                                f"{row['resolution'] or 'no note'}")
        _close(store, flag_id, note)
    return _flag(row)
