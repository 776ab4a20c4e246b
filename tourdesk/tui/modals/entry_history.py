"""`h` on a checklist entry: who set it to what, and when, on the venue's clock."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tourdesk.domain.text import printable
from tourdesk.services.history import Line


class EntryHistory(ModalScreen[None]):
    BINDINGS = [("escape,backspace,enter,h,q", "close", "Close")]

    def __init__(self, label: str, lines: list[Line]) -> None:
        super().__init__(classes="dialog")
        self._label, self._lines = label, lines

    def compose(self) -> ComposeResult:
        parts: list[Content | str | tuple[str, str]] = [(printable(self._label), "bold"), "\n"]
        for line in self._lines or [Line("", "", "never changed: pending since the list was made")]:
            parts += [(f"{line.when:<17}", "dim"), (f"{printable(line.who):<10} ", "bold"),
                      printable(line.what), "\n"]
        parts.append(("Backspace or Enter closes this.", "dim"))
        with VerticalScroll(classes="dialog-box", id="entry-history"):
            yield Static(Content.assemble(*parts))

    def action_close(self) -> None:
        self.dismiss()
