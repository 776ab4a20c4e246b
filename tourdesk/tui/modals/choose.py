"""Pick one of a few options with the arrows and Enter (or a tap); Backspace cancels."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tourdesk.domain.text import printable


class Choose(ModalScreen[str | None]):
    """Dismisses with the chosen option's id, or None."""

    BINDINGS = [("escape,backspace,q", "cancel", "Cancel")]

    def __init__(self, title: str, options: Sequence[tuple[str, str]]) -> None:
        """`options` are (id, label); labels are user text, shown literally."""
        super().__init__(classes="dialog")
        self._title, self._options = title, options

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(Content(printable(self._title)))
            yield OptionList(*(Option(Content(printable(label)), id=key)
                               for key, label in self._options), id="picker")

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
