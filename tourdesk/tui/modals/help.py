"""`?`: every key, grouped by where it works."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tourdesk.tui import keymap


class HelpScreen(ModalScreen[None]):
    BINDINGS = keymap.HELP

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(self._text(), id="help-text")

    @staticmethod
    def _text() -> Content:
        parts: list[Content | str | tuple[str, str]] = [("Keys", "bold"), "\n"]
        section = ""
        for where, keys, what in keymap.key_rows():
            if where != section:
                parts += ["\n", (where, "bold underline"), "\n"]
                section = where
            parts += [(f"  {keys:<14} ", "bold"), f"{what}\n"]
        parts += ["\n", ("Backspace, q or ? closes this.", "dim")]
        return Content.assemble(*parts)

    def action_close(self) -> None:
        self.dismiss()
