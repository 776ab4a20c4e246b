"""Checklists for a gig day, made from templates; templates made from a JSON file."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tourdesk.domain.access import Capability
from tourdesk.domain.errors import ValidationError
from tourdesk.domain.inventory import Phase
from tourdesk.domain.models import choice, required_text
from tourdesk.store import checklists, inventory
from tourdesk.store.checklists import TemplateLine
from tourdesk.store.connection import Store


def add_from_template(store: Store, gig_id: int, template_name: str,
                      name: str | None = None) -> int:
    """The day gets its own copy: later edits to the list touch this day only."""
    store.require(Capability.WRITE_EQUIPMENT)
    with store.write():
        template = checklists.template_named(store, template_name)
        entries = checklists.template_entries(store, template.id)
        return checklists.create(store, gig_id, name or template.name, template.phase, entries,
                                 template_id=template.id)


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
