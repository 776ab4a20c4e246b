"""Small dialogs: a line of text, a yes/no question. Both work without a mouse and
never depend on Escape alone (Cancel is a button, Backspace on it cancels too)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from tourdesk.domain.text import printable


class TextPrompt(ModalScreen[str | None]):
    """Ask for one line of text; dismisses with the text, or None when cancelled."""

    BINDINGS = [("escape", "cancel", "Cancel")]

    def __init__(self, title: str, value: str = "", placeholder: str = "") -> None:
        super().__init__(classes="dialog")
        self._title, self._value, self._placeholder = title, value, placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(Content(printable(self._title)))
            field = Input(value=self._value, placeholder=self._placeholder, id="prompt-input")
            field.cursor_blink = False  # steady, as in the forms: no redraws on the link
            yield field
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.dismiss(self.query_one(Input).value)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class Confirm(ModalScreen[bool]):
    """A yes/no question: y or Enter on Yes confirms; n, Backspace or Escape declines."""

    BINDINGS = [("y", "answer(True)", "Yes"), ("n,escape,backspace", "answer(False)", "No")]

    def __init__(self, question: str) -> None:
        super().__init__(classes="dialog")
        self._question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(Content(printable(self._question)))
            with Horizontal(classes="dialog-buttons"):
                yield Button("Yes (y)", variant="error", id="yes")
                yield Button("No (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class ShowOnce(ModalScreen[None]):
    """Something the user must copy now (a feed's address): on its own lines, whole
    (wrapped at any width, never cut), so a terminal selects it; Enter, Escape or
    Backspace closes."""

    BINDINGS = [("escape,backspace,enter", "close", "Close")]

    def __init__(self, title: str, value: str, hint: str = "") -> None:
        super().__init__(classes="dialog")
        self._title, self._value, self._hint = title, value, hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box -wide"):
            yield Label(Content(printable(self._title)))
            yield Static(Content(printable(self._value)), id="show-once-value")
            if self._hint:
                yield Label(Content(printable(self._hint)), classes="dialog-hint")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Done", variant="primary", id="done")

    @on(Button.Pressed)
    def action_close(self) -> None:
        self.dismiss(None)
