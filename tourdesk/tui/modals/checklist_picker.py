"""`c` on a gig day: open one of the day's checklists or make one from a template."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tourdesk.domain.text import printable
from tourdesk.store.checklists import Checklist, Counts, Template


class ChecklistPicker(ModalScreen[str | None]):
    """Dismisses with "list:<id>", "template:<name>", or None."""

    BINDINGS = [("escape,backspace,q", "cancel", "Cancel")]

    def __init__(self, lists: list[tuple[Checklist, Counts]], templates: list[Template]) -> None:
        super().__init__(classes="dialog")
        self._lists, self._templates = lists, templates

    def compose(self) -> ComposeResult:
        options: list[Option] = [
            Option(Content(f"{c.phase.label:<9} {printable(c.name)}  {n.settled}/{n.total}"),
                   id=f"list:{c.id}")
            for c, n in self._lists
        ]
        taken = {c.name.casefold() for c, _ in self._lists}
        options += [
            Option(Content(f"+ new: {printable(t.name)} ({t.phase.label})"),
                   id=f"template:{t.name}")
            for t in self._templates if t.name.casefold() not in taken
        ]
        with Vertical(classes="dialog-box"):
            yield Label("Checklists of this day" if self._lists else "No checklists yet")
            yield OptionList(*options, id="picker")

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
