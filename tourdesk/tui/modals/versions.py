"""Someone saved the record while you were editing it: their version and yours side
by side, field by field, and you choose. Nothing is overwritten without that choice;
Escape (or Backspace) keeps theirs, the safe answer when a key arrives late."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from tourdesk.domain.text import printable
from tourdesk.tui.modals.record_form import Field

THEIRS, MINE, EDIT = "theirs", "mine", "edit"


Row = tuple[str, str, str, bool, bool]  # label, theirs, yours, they changed it, you did


def differences(fields: Sequence[Field], opened: Mapping[str, str], theirs: Mapping[str, str],
                mine: Mapping[str, str]) -> list[Row]:
    """Every field where the two versions differ, and which side changed it from what
    the form opened with."""
    rows = []
    for f, label, _ in fields:
        was, their, your = opened.get(f, ""), theirs.get(f, ""), mine.get(f, "")
        if their != your:
            rows.append((label.rstrip(" *"), their, your, their != was, your != was))
    return rows


class ChooseVersion(ModalScreen[str]):
    BINDINGS = [("t,escape,backspace", "choose('theirs')", "Keep theirs"),
                ("m", "choose('mine')", "Save mine"), ("e", "choose('edit')", "Edit again")]

    def __init__(self, title: str, by: str, at: str, rows: list[Row]) -> None:
        super().__init__(classes="dialog")
        self._title, self._by, self._at, self._rows = title, by, at, rows

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box", id="versions"):
            yield Label(Content(printable(
                f"{self._title}: {self._by} saved it at {self._at[11:16]} UTC while you "
                "were editing. Which version stays?")))
            with VerticalScroll(id="version-rows"):
                table = Text()
                for label, theirs, mine, they, you in self._rows:
                    table.append(f"{printable(label)}\n", style="bold")
                    table.append(f"  theirs{'*' if they else ' '} {printable(theirs) or '(empty)'}"
                                 "\n", style="yellow")
                    table.append(f"  yours{'*' if you else ' '}  {printable(mine) or '(empty)'}"
                                 "\n", style="cyan")
                if not self._rows:
                    table.append("Both versions say the same.", style="dim")
                else:
                    table.append("* changed since you opened the form", style="dim")
                yield Static(table)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Keep theirs (t)", id=THEIRS)
                yield Button("Save mine (m)", variant="warning", id=MINE)
                yield Button("Edit again (e)", variant="primary", id=EDIT)

    def on_mount(self) -> None:
        self.query_one(f"#{EDIT}", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or THEIRS)

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)
