"""The `/` filter above a list: typing narrows the list; Enter or ↓ goes back to the
list keeping the filter; Esc clears it. Letters typed here never reach the list's
single-key actions."""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class FilterBox(Input):
    def __init__(self, placeholder: str, target: str) -> None:
        super().__init__(placeholder=placeholder, id="filter")
        # steady, as in the forms: a blinking cursor redraws twice a second, bytes on a
        # phone's link (and a screenshot would catch it on or off by chance)
        self.cursor_blink = False
        self._target = target

    def open(self) -> None:
        self.add_class("-shown")
        self.focus()

    def _leave(self) -> None:
        self.screen.query_one(self._target).focus()

    async def _on_key(self, event: events.Key) -> None:
        if event.key in ("escape", "down"):
            event.stop()
            event.prevent_default()
            if event.key == "escape":
                self.value = ""
                self.remove_class("-shown")
            self._leave()
            return
        await super()._on_key(event)

    async def action_submit(self) -> None:
        self._leave()
