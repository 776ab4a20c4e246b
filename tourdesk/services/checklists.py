"""Checklists for a gig day, made from templates; templates made from a JSON file;
the field task (tick, mark, a whole case at once) the TUI and the CLI share, so both
follow the same rules and say the same words."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path

from tourdesk.domain.access import Capability
from tourdesk.domain.errors import ValidationError
from tourdesk.domain.inventory import FLAG_STATES, EntryState, Phase
from tourdesk.domain.models import choice, required_text
from tourdesk.store import checklists, gigs, inventory, tours
from tourdesk.store.checklists import Checklist, ChecklistView, Entry, TemplateLine, Ticked
from tourdesk.store.connection import Store
from tourdesk.store.errors import ConflictError, NotFoundError


def add_from_template(store: Store, gig_id: int, template_name: str,
                      name: str | None = None) -> int:
    """The day gets its own copy: later edits to the list touch this day only."""
    store.require(Capability.WRITE_EQUIPMENT)
    with store.write():
        template = checklists.template_named(store, template_name)
        entries = checklists.template_entries(store, template.id)
        return checklists.create(store, gig_id, name or template.name, template.phase, entries,
                                 template_id=template.id)


# -- the field task --


def list_named(store: Store, tour_name: str, on: date, name: str) -> Checklist:
    """The checklist `name` (any case) of the tour's gig day on `on`, or why not."""
    tour = tours.named(store, tour_name)
    gig_id = gigs.id_on(store, tour.saved_id, on)
    if gig_id is None:
        raise NotFoundError(f"'{tour.name}' has no gig day on {on}")
    lists = [c for c, _ in checklists.for_gig(store, gig_id)]
    found = [c for c in lists if c.name.casefold() == name.strip().casefold()]
    if not found:
        names = ", ".join(c.name for c in lists) or "none"
        raise NotFoundError(f"no checklist '{name}' on {on} (lists: {names})")
    return found[0]


def entry_on(view: ChecklistView, *, serial: str | None = None,
             line: int | None = None) -> Entry:
    """One entry of a list by its serial number (any case) or its line number (1 is the
    first line, as `checklist show` numbers them)."""
    where = f"{view.checklist.name} on {view.checklist.gig_date}"
    if line is not None:
        if not 1 <= line <= len(view.entries):
            raise NotFoundError(f"--line {line}: {where} has lines 1 to {len(view.entries)}")
        return view.entries[line - 1]
    wanted = (serial or "").strip().casefold()
    found = [e for e in view.entries if wanted and e.serial.casefold() == wanted]
    if not found:
        raise NotFoundError(f"--serial {serial}: no entry with that serial on {where}")
    return found[0]


def tick_entry(store: Store, entry_id: int, *, undo: bool = False,
               seen: EntryState | None = None) -> Ticked:
    """Tick one entry done, or with `undo` put it back to pending (which takes back a
    missing or damaged mark too). `seen` is the state the user was looking at: if
    someone changed it meanwhile the tick is refused, naming who. A missing item is
    refused until its flag is closed with a note (`resolve_flag`)."""
    if seen is None:
        with store.write():
            return _tick_one(store, entry_id, undo, checklists.entry(store, entry_id).state)
    return _tick_one(store, entry_id, undo, seen)


def _tick_one(store: Store, entry_id: int, undo: bool, seen: EntryState) -> Ticked:
    state = EntryState.PENDING if undo else EntryState.DONE
    return checklists.tick(store, [entry_id], state, expect={entry_id: seen}, bulk=False)


def tick_case(store: Store, checklist_id: int, case_number: str, *, undo: bool = False,
              seen: Mapping[int, EntryState] | None = None) -> Ticked:
    """Tick every pending entry of a case on this list (with `undo`, put its done
    entries back to pending), as one change that one undo takes back. An entry whose
    item has an open missing or damaged flag stays pending: `Ticked.held` says why.
    `seen`: the entries and states the user was looking at (the TUI's case line); the
    tick is refused if one changed meanwhile. Without it the case is read inside the
    same transaction (the CLI)."""
    store.require(Capability.TICK)
    state, source = ((EntryState.PENDING, EntryState.DONE) if undo
                     else (EntryState.DONE, EntryState.PENDING))
    with store.write():
        if seen is None:
            entries = [e for e in checklists.view(store, checklist_id).entries
                       if e.case_number.casefold() == case_number.strip().casefold()]
            if not entries:
                raise NotFoundError(f"--case {case_number}: no case {case_number} on this list")
            seen = {e.id: e.state for e in entries if e.state is source}
        if not seen:
            return Ticked([], [])
        return checklists.tick(store, list(seen), state, expect=seen, bulk=True)


def mark(store: Store, entry_id: int, kind: EntryState, *, note: str | None = None,
         seen: EntryState | None = None) -> Entry:
    """Mark one entry missing or damaged (raising the item's flag), with an optional
    note. `seen` as for `tick_entry`; without it the state is read in the same
    transaction."""
    if kind not in FLAG_STATES:
        raise ConflictError(f"an entry is marked missing or damaged, not {kind.value}")
    with store.write():
        now = checklists.entry(store, entry_id)
        if seen is None:
            seen = now.state
        if now.state is kind and note is None:
            raise ConflictError(f"{now.label} is already {kind.value}; nothing changed")
        [after] = checklists.set_state(store, [entry_id], kind, note=note,
                                       expect={entry_id: seen})
    return after


def tick_words(ticked: Ticked, *, undo: bool = False) -> str:
    """What a tick did, in one line: `3 ticked; 1 left pending, flag open: …` for a
    case, the entry's state for one entry."""
    target = EntryState.PENDING if undo else EntryState.DONE
    if len(ticked.entries) == 1 and not ticked.held:
        return ticked.entries[0].state.value
    changed = sum(1 for e in ticked.entries if e.state is target)
    done = (f"{changed} {'back to pending' if undo else 'ticked'}" if ticked.entries
            else f"nothing {'done' if undo else 'pending'} to {'undo' if undo else 'tick'}")
    return f"{done}; {ticked.message}" if ticked.held else done


TEMPLATE_KEYS = {"name", "phase", "cases", "items", "lines"}


def load_templates(store: Store, path: Path | str) -> int:
    """Templates from a JSON file, all or nothing:
    [{"name", "phase", "cases": [case numbers], "items": [serial numbers], "lines": [text]}].
    A day's list shows whole cases first, then single items, then free-text lines."""
    store.require(Capability.WRITE_EQUIPMENT)
    label = path.name if isinstance(path, Path) else "standard input"
    try:
        specs = json.loads(path.read_text(encoding="utf-8") if isinstance(path, Path) else path)
    except json.JSONDecodeError as exc:
        raise ValidationError(label, f"not valid JSON: {exc.msg} at line {exc.lineno}, "
                              f"column {exc.colno}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(label, f"cannot read it: {exc}") from None
    except RecursionError:
        raise ValidationError(label, "not valid JSON: nested too deeply") from None
    if not isinstance(specs, list):
        raise ValidationError(label, "must hold a list of templates ([...])")
    with store.write():
        for n, spec in enumerate(specs, start=1):
            _add_template(store, spec, f"{label} template {n}")
    return len(specs)


def _add_template(store: Store, spec: object, where: str) -> None:
    if not isinstance(spec, dict):
        raise ValidationError(where, "must be an object with name, phase and lines")
    unknown = sorted(set(spec) - TEMPLATE_KEYS)
    if unknown:
        raise ValidationError(f"{where} {unknown[0]}",
                              f"unknown field (known: {', '.join(sorted(TEMPLATE_KEYS))})")
    for key in ("name", "phase"):
        if not isinstance(spec.get(key, ""), str):
            raise ValidationError(f"{where} {key}", "must be a text in quotes")
    try:
        name = required_text(spec.get("name"), "name")
        phase = choice(spec.get("phase"), "phase", Phase)
    except ValidationError as exc:
        raise ValidationError(f"{where} {exc.field}", exc.message) from None
    if any(t.name.casefold() == name.casefold() for t in checklists.templates(store)):
        raise ValidationError(f"{where} name", f"a template called '{name}' already exists")
    cases = _ids(spec, "cases", where, lambda number: inventory.case_id(store, number),
                 "case {} does not exist")
    items = _ids(spec, "items", where, lambda serial: _item_id(store, serial),
                 "no item has serial number {}")
    lines = [TemplateLine(case_id=case) for case in cases]
    lines += [TemplateLine(item_id=item) for item in items]
    lines += [TemplateLine(text=text) for text in _strings(spec, "lines", where)]
    if not lines:
        raise ValidationError(where, "has no cases, items or lines")
    checklists.add_template(store, name, phase, lines)


def _item_id(store: Store, serial: str) -> int | None:
    item = inventory.item_by_serial(store, serial)
    return item.id if item else None


def _strings(spec: dict, key: str, where: str) -> list[str]:
    values = spec.get(key, [])
    if not isinstance(values, list) or not all(
            isinstance(v, str) and v.strip() for v in values):
        raise ValidationError(f"{where} {key}", "must be a list of non-empty texts")
    return [v.strip() for v in values]


def _ids(spec: dict, key: str, where: str, find: Callable[[str], int | None],
         missing: str) -> list[int]:
    found = []
    for value in _strings(spec, key, where):
        row = find(value)
        if row is None:
            raise ValidationError(f"{where} {key}", missing.format(value))
        found.append(row)
    return found
