"""A form of one-line fields, each error right under its field.

The form knows no rules: `check` turns the typed values into the record (the same
function a CSV import or a CLI command uses) or raises ValidationError(s) naming the
fields; the form dismisses with the record, or None when cancelled. Enter in any field
saves. Errors for fields the form does not show go under the first field.
"""

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

T = TypeVar("T")
Field = tuple[str, str, str]  # (field, label, placeholder)


class FieldsForm(ModalScreen[T | None], Generic[T]):
    BINDINGS = [("escape", "cancel", "Cancel")]
    AUTO_FOCUS = ".form-row Input"

    def __init__(self, title: str, fields: Sequence[Field], values: Mapping[str, object],
                 check: Callable[[dict[str, str]], T], *, form_id: str = "fields-form",
                 scroll_id: str = "form-fields") -> None:
        super().__init__(classes="dialog")
        self._title, self._fields, self._values, self._check = title, fields, values, check
        self._form_id, self._scroll_id = form_id, scroll_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box fields-form", id=self._form_id):
            yield Label(Content(printable(self._title)), classes="form-title")
            with VerticalScroll(id=self._scroll_id, classes="form-fields"):
                for field, label, placeholder in self._fields:
                    value = self._values.get(field)
                    with Horizontal(classes="form-row"):
                        yield Label(label, classes="form-label")
                        field_input = Input("" if value is None else str(value),
                                            placeholder=placeholder, id=f"f-{field}")
                        # a blinking cursor redraws twice a second: bytes on a phone's link
                        field_input.cursor_blink = False
                        yield field_input
                    yield Label("", id=f"e-{field}", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def values(self) -> dict[str, str]:
        return {field: self.query_one(f"#f-{field}", Input).value for field, _, _ in self._fields}

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        known = [field for field, _, _ in self._fields]
        for field in known:
            self.query_one(f"#e-{field}", Label).remove_class("-shown")
        try:
            record = self._check(self.values())
        except (ValidationError, ValidationErrors) as exc:
            errors = exc.errors if isinstance(exc, ValidationErrors) else [exc]
            for error in errors:
                where = error.field if error.field in known else known[0]
                label = self.query_one(f"#e-{where}", Label)
                label.update(Content(printable(
                    error.message if where == error.field else str(error))))
                label.add_class("-shown")
            first = errors[0].field if errors[0].field in known else known[0]
            self.query_one(f"#f-{first}", Input).focus()
            return
        self.dismiss(record)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
