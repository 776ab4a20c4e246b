"""A record on one scrolling form: one line per field (label, input), each error right
under its field. The form knows no rules: a subclass (or the `check` given) turns the
typed text into the record with the same function a CSV import or a CLI command uses,
or raises ValidationError(s) naming the fields. Enter in any field saves. Dismisses
with the record, or None when cancelled."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
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

    def __init__(self, title: str, values: Mapping[str, object] | None = None, *,
                 fields: Sequence[Field] | None = None,
                 check: Callable[[dict[str, str]], R] | None = None) -> None:
        """`values`: what each field starts with (a record being edited); `fields` and
        `check` make a form without a subclass."""
        super().__init__(classes="dialog")
        self._title, self._check = title, check
        self._start = {k: "" if v is None else str(v) for k, v in (values or {}).items()}
        if fields is not None:
            self.FIELDS = fields

    def build(self, values: Mapping[str, str]) -> R:
        """The checked record from the typed text; raises ValidationError(s)."""
        if self._check is None:
            raise NotImplementedError
        return self._check(dict(values))

    def compose(self) -> ComposeResult:
        size = " -long" if len(self.FIELDS) > 8 else ""
        with Vertical(classes="dialog-box record-form" + size):
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

    def text_for(self, record: object | None) -> dict[str, str]:
        """The fields' text for a record (here: one whose attributes are plain values)."""
        values = {f: getattr(record, f, None) for f, _, _ in self.FIELDS} if record else {}
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
