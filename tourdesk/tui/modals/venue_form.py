"""Add or edit a venue: every field on one scrolling form, each error under its field.

The form checks what it can without the database (the same rules as the CSV import:
`venue_from_fields`) and finds the time zone from the coordinates when it is left empty;
it dismisses with the checked Venue, or None when cancelled. Enter in any field saves.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from tourdesk.domain.errors import ValidationError, ValidationErrors
from tourdesk.domain.models import Venue, venue_from_fields
from tourdesk.domain.text import printable
from tourdesk.services.imports import with_zone

FIELDS = [  # (field, label, placeholder)
    ("name", "Name *", "Paradiso"),
    ("city", "City *", "Amsterdam"),
    ("country", "Country *", "NL (ISO code)"),
    ("address", "Address", "Weteringschans 6-8, 1017 SG"),
    ("latitude", "Latitude", "52.3622"),
    ("longitude", "Longitude", "4.8838"),
    ("timezone", "Time zone", "empty: found from the coordinates"),
    ("capacity", "Capacity", "1500"),
    ("phone", "Phone", "+31 20 555 0100"),
    ("email", "Email", "production@venue.example"),
    ("website", "Web", "https://"),
    ("load_in", "Load-in", "dock, lift, stairs…"),
    ("stage", "Stage", "12 x 8 m"),
    ("power", "Power", "125A CEE stage left"),
    ("parking", "Parking", "bus and truck"),
    ("wifi", "Wi-Fi", "SSID / password"),
    ("hospitality", "Hospitality", "dressing rooms, catering"),
    ("notes", "Notes", ""),
]


class VenueForm(ModalScreen[Venue | None]):
    BINDINGS = [("escape", "cancel", "Cancel")]
    AUTO_FOCUS = "#f-name"

    def __init__(self, venue: Venue | None = None) -> None:
        super().__init__(classes="dialog")
        self._venue = venue

    def compose(self) -> ComposeResult:
        title = f"Edit {self._venue.name}" if self._venue else "New venue"
        with Vertical(classes="dialog-box", id="venue-form"):
            yield Label(Content(printable(title)), classes="form-title")
            with VerticalScroll(id="venue-fields"):
                for field, label, placeholder in FIELDS:
                    value = getattr(self._venue, field, None) if self._venue else None
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
        return {field: self.query_one(f"#f-{field}", Input).value for field, _, _ in FIELDS}

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        for field, _, _ in FIELDS:
            self.query_one(f"#e-{field}", Label).remove_class("-shown")
        try:
            venue = venue_from_fields(with_zone(self.values(), "latitude", "longitude"),
                                      venue_id=self._venue.id if self._venue else None)
        except (ValidationError, ValidationErrors) as exc:
            errors = exc.errors if isinstance(exc, ValidationErrors) else [exc]
            known = {field for field, _, _ in FIELDS}
            for error in errors:
                where = error.field if error.field in known else "name"
                label = self.query_one(f"#e-{where}", Label)
                label.update(Content(printable(
                    error.message if where == error.field else str(error))))
                label.add_class("-shown")
            first = errors[0].field if errors[0].field in known else "name"
            self.query_one(f"#f-{first}", Input).focus()
            return
        self.dismiss(venue)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
