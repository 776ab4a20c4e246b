"""`o` anywhere: the user's own preferences. Each line changes with Enter (or a tap):
the mouse on or off, the colour theme (a list to choose from), and where the cursor
goes after a tick. `s` saves; Backspace or Escape leaves without changing anything."""

from __future__ import annotations

from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, OptionList
from textual.widgets.option_list import Option

from tourdesk.domain.text import printable
from tourdesk.services.preferences import AfterTick, Preferences
from tourdesk.tui.modals.choose import Choose

AFTER_TICK_WORDS = {"next": "next pending line", "stay": "stays on the line"}


def lines(prefs: Preferences) -> list[tuple[str, str]]:
    return [
        ("mouse", f"Mouse and taps   {'on' if prefs.mouse else 'off'}"),
        ("theme", f"Theme            {prefs.theme}"),
        ("after_tick", f"After a tick     {AFTER_TICK_WORDS[prefs.after_tick]}"),
    ]


class PreferencesDialog(ModalScreen[Preferences | None]):
    """Dismisses with the preferences as changed, or None (nothing changes)."""

    BINDINGS = [("escape,backspace,q", "cancel", "Cancel"), ("s", "save", "Save")]

    def __init__(self, current: Preferences, themes: list[str]) -> None:
        super().__init__(classes="dialog")
        self.prefs = current
        self._themes = themes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box", id="preferences"):
            yield Label("Your preferences (Enter changes a line, s saves)")
            yield OptionList(*(Option(Content(printable(text)), id=key)
                               for key, text in lines(self.prefs)), id="preference-lines")
            yield Label(Content("Mouse off: taps and clicks go to the terminal (select and "
                                "copy text); it applies at once."), classes="dialog-hint")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (s)", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def _redraw(self) -> None:
        options = self.query_one(OptionList)
        for key, text in lines(self.prefs):
            options.replace_option_prompt(key, Content(printable(text)))

    @on(OptionList.OptionSelected)
    def _change(self, event: OptionList.OptionSelected) -> None:
        key = event.option.id
        if key == "mouse":
            self.prefs = replace(self.prefs, mouse=not self.prefs.mouse)
        elif key == "after_tick":
            after: AfterTick = "stay" if self.prefs.after_tick == "next" else "next"
            self.prefs = replace(self.prefs, after_tick=after)
        elif key == "theme":
            self.app.push_screen(Choose("Theme", [(t, t) for t in self._themes]), self._theme)
            return
        self._redraw()

    def _theme(self, name: str | None) -> None:
        if name:
            self.prefs = replace(self.prefs, theme=name)
            self._redraw()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        self.dismiss(self.prefs)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
