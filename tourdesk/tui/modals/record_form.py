"""A record on one scrolling form: one line per field (label, input), each error right
under its field. Subclasses name the fields and turn the typed text into a checked
record (the same `*_from_fields` rules as the CSV imports); Enter in any field saves.
Dismisses with the record, or None when cancelled."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from tourdesk.domain.errors import ValidationError, ValidationErrors
from tourdesk.domain.text import printable

R = TypeVar("R")
Field = tuple[str, str, str]  # (field, label, placeholder)


class RecordForm(ModalScreen[R | None], Generic[R]):
    BINDINGS = [("escape", "cancel", "Cancel")]
    FIELDS: Sequence[Field] = ()

    def __init__(self, title: str, values: Mapping[str, str] | None = None) -> None:
        """`values`: the text each field starts with (a record being edited)."""
        super().__init__(classes="dialog")
        self._title, self._start = title, dict(values or {})

    def build(self, values: Mapping[str, str]) -> R:
        """The checked record from the typed text; raises ValidationError(s)."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box record-form"):
            yield Label(Content(printable(self._title)), classes="form-title")
            with VerticalScroll(classes="record-fields"):
                for field, label, placeholder in self.FIELDS:
                    with Horizontal(classes="form-row"):
                        yield Label(label, classes="form-label")
                        field_input = Input(self._start.get(field, ""),
                                            placeholder=placeholder, id=f"f-{field}")
                        # a blinking cursor redraws twice a second: bytes on a phone's link
                        field_input.cursor_blink = False
                        yield field_input
                    yield Label("", id=f"e-{field}", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one(f"#f-{self.FIELDS[0][0]}", Input).focus()

    def values(self) -> dict[str, str]:
        return {field: self.query_one(f"#f-{field}", Input).value for field, _, _ in self.FIELDS}

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        for field, _, _ in self.FIELDS:
            self.query_one(f"#e-{field}", Label).remove_class("-shown")
        try:
            record = self.build(self.values())
        except (ValidationError, ValidationErrors) as exc:
            self._show_errors(exc.errors if isinstance(exc, ValidationErrors) else [exc])
            return
        self.dismiss(record)

    @classmethod
    def text_for(cls, record: object | None) -> dict[str, str]:
        """The fields' text for a record (here: one whose attributes are plain values)."""
        values = {f: getattr(record, f, None) for f, _, _ in cls.FIELDS} if record else {}
        return {f: "" if v is None else str(v) for f, v in values.items()}

    def _show_errors(self, errors: list[ValidationError]) -> None:
        """Each error under its field; one about no field of the form under the first."""
        known = [field for field, _, _ in self.FIELDS]
        for error in errors:
            where = error.field if error.field in known else known[0]
            label = self.query_one(f"#e-{where}", Label)
            label.update(Content(printable(error.message if where == error.field else str(error))))
            label.add_class("-shown")
        first = errors[0].field if errors[0].field in known else known[0]
        self.query_one(f"#f-{first}", Input).focus()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
