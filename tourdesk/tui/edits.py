"""Editing a record someone else may be editing too: the form opens on the version
shown, the save names that version, and when another user saved first the user is
shown theirs and yours and chooses (keep theirs, save mine, or edit again starting
from mine against their version). Nothing is overwritten without that choice."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from tourdesk.domain.text import printable
from tourdesk.store.errors import StaleEditError
from tourdesk.tui.modals.prompt import Confirm
from tourdesk.tui.modals.record_form import RecordForm
from tourdesk.tui.modals.versions import EDIT, MINE, ChooseVersion, differences

if TYPE_CHECKING:
    from tourdesk.tui.screens.base import DataScreen

R = TypeVar("R")


class EditFlow(Generic[R]):
    def __init__(self, screen: DataScreen,
                 form: Callable[[R | None, dict[str, str] | None], RecordForm],
                 save: Callable[[R, int], object], current: Callable[[R], tuple[R, int]],
                 name: Callable[[R], str], ask_first: Callable[[R], str | None] | None = None,
                 ) -> None:
        """`form(record, start_text)` makes the form (record None: a new one);
        `save(record, version)` adds it or writes against a version; `current(record)`
        reads it and its version now; `ask_first(record)` may return a question to
        confirm before saving (a likely duplicate)."""
        self._screen, self._form, self._save, self._current = screen, form, save, current
        self._name, self._ask_first = name, ask_first

    def open(self, record: R | None, version: int, start: dict[str, str] | None = None,
             ) -> None:
        """The form (on the UI thread); its result is saved against `version`."""
        form = self._form(record, start)
        opened = form.text_for(record) if record is not None else {}
        self._screen.app.push_screen(form, lambda edited: self._write(
            edited, version, opened) if edited else None)

    def _write(self, edited: R, version: int, opened: dict[str, str], *,
               asked: bool = False) -> None:
        """Through the screen's write queue: save, or fetch theirs and ask."""

        def run() -> tuple[str, object]:
            question = None if asked or self._ask_first is None else self._ask_first(edited)
            if question:
                return "ask", question
            try:
                self._save(edited, version)
            except StaleEditError as stale:  # theirs, to choose from (gone: one line)
                theirs, now = self._current(edited)
                return "stale", (theirs, now, stale)
            return "saved", None

        def then(outcome: tuple[str, Any]) -> None:
            kind, value = outcome
            if kind == "ask":
                self._screen.app.push_screen(
                    Confirm(value),
                    lambda yes: self._write(edited, version, opened, asked=True) if yes else None)
            elif kind == "stale":
                self._ask(edited, opened, *value)
            else:
                self._screen.notify(printable(f"Saved {self._name(edited)}"), markup=False)
                self._screen.reload()

        self._screen.writes.submit(run, then=then)

    def _ask(self, edited: R, opened: dict[str, str], theirs: R, version: int,
             stale: StaleEditError) -> None:
        form = self._form(theirs, None)
        rows = differences(form.FIELDS, opened, form.text_for(theirs), form.text_for(edited))

        def chosen(choice: str | None) -> None:
            if choice == MINE:
                self._write(edited, version, opened, asked=True)
            elif choice == EDIT:
                self.open(theirs, version, start=form.text_for(edited))
            else:
                self._screen.notify(printable(f"Kept {stale.by}'s version of "
                                              f"{self._name(theirs)}"), markup=False)
                self._screen.reload()

        self._screen.app.push_screen(ChooseVersion(self._name(theirs), stale.by, stale.at, rows),
                                     chosen)
