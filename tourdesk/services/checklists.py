"""Checklists for a gig day, made from templates; templates made from a JSON file."""

from __future__ import annotations

import json
from pathlib import Path

from tourdesk.domain.errors import ValidationError
from tourdesk.domain.inventory import Phase
from tourdesk.domain.models import choice, required_text
from tourdesk.store import checklists, inventory
from tourdesk.store.checklists import TemplateLine
from tourdesk.store.connection import Store


def add_from_template(store: Store, gig_id: int, template_name: str,
                      name: str | None = None) -> int:
    """The day gets its own copy: later edits to the list touch this day only."""
    with store.write():
        template = checklists.template_named(store, template_name)
        entries = checklists.template_entries(store, template.id)
        return checklists.create(store, gig_id, name or template.name, template.phase, entries,
                                 template_id=template.id)


def load_templates(store: Store, path: Path) -> int:
    """Templates from JSON: [{"name", "phase", "cases": [numbers], "lines": [text]}]."""
    specs = json.loads(path.read_text(encoding="utf-8"))
    with store.write():
        for n, spec in enumerate(specs, start=1):
            where = f"{path.name} template {n}"
            try:
                name = required_text(spec.get("name"), "name")
                phase = choice(spec.get("phase"), "phase", Phase)
            except ValidationError as exc:
                raise ValidationError(f"{where} {exc.field}", exc.message) from None
            lines = []
            for number in spec.get("cases", []):
                case = inventory.case_id(store, number)
                if case is None:
                    raise ValidationError(f"{where} cases", f"case {number} does not exist")
                lines.append(TemplateLine(case_id=case))
            lines += [TemplateLine(text=text) for text in spec.get("lines", [])]
            checklists.add_template(store, name, phase, lines)
    return len(specs)
