"""A day's records of one kind from a key on its screen (its further events, its studio
sessions): none yet, straight to a new one; else which one, or a new one, then change
it in a form or remove it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from textual.screen import Screen

from tourdesk.tui.modals.choose import Choose

NEW = "+"


def record_menu(screen: Screen[Any], title: str, records: Sequence[tuple[str, str]], *,
                new: Callable[[], None], change: Callable[[str], None],
                remove: Callable[[str], None], what: str) -> None:
    """`records` are (key, label); `what` names one in the second question's answers
    ("event", "session")."""
    if not records:
        new()
        return
    labels = dict(records)

    def picked(key: str | None) -> None:
        if key == NEW:
            new()
        elif key is not None:
            screen.app.push_screen(Choose(labels[key], [
                ("change", f"Change this {what}…"), ("remove", f"Remove this {what}…")]),
                lambda act: None if act is None else (change if act == "change" else remove)(key))

    screen.app.push_screen(Choose(title, [(NEW, f"New {what}…"), *records]), picked)
