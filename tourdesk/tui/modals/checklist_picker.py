"""`c` on a gig day: open one of the day's checklists or make one from a template."""

from __future__ import annotations

from tourdesk.store.checklists import Checklist, Counts, Template
from tourdesk.tui.modals.choose import Choose


class ChecklistPicker(Choose):
    """Dismisses with "list:<id>", "template:<name>", or None."""

    def __init__(self, lists: list[tuple[Checklist, Counts]], templates: list[Template]) -> None:
        options = [(f"list:{c.id}", f"{c.phase.label:<9} {c.name}  {n.done + n.na}/{n.total}")
                   for c, n in lists]
        taken = {c.name.casefold() for c, _ in lists}
        options += [(f"template:{t.name}", f"+ new: {t.name} ({t.phase.label})")
                    for t in templates if t.name.casefold() not in taken]
        super().__init__("Checklists of this day" if lists else "No checklists yet", options)
