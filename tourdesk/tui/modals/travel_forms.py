"""The travel screen's forms: a segment (its manifest as names and seats), a hotel
stay, a person's room. Each checks its text with the rules the commands use
(`services/travel.check_*`) and dismisses with that text; the screen's write queue
gives it to the same service the command calls, which checks it again in its write."""

from __future__ import annotations

from collections.abc import Mapping

from tourdesk.domain.errors import ValidationError, ValidationErrors
from tourdesk.domain.travel_plans import HotelStay, Mode, RoomType, Segment, segment_to_fields
from tourdesk.services.travel import check_room, check_segment, check_stay
from tourdesk.tui.modals.record_form import RecordForm

FormText = dict[str, str | None]

SEGMENT_FIELDS = [
    ("mode", "Mode *", " / ".join(m.value for m in Mode)),
    ("carrier", "Carrier", "QF, Eurostar, Stena Line…"),
    ("number", "Number", "QF2"),
    ("from", "From *", "LHR (a flight: IATA code), else a station or port"),
    ("from_zone", "From zone", "not for flights; Europe/Dublin"),
    ("to", "To *", "SYD, or Holyhead"),
    ("to_zone", "To zone", "not for flights; Europe/London"),
    ("depart", "Depart *", "YYYY-MM-DD HH:MM on the origin's clock"),
    ("arrive", "Arrive *", "YYYY-MM-DD HH:MM there, or HH:MM"),
    ("ref", "Ref", "booking reference"),
    ("people", "People", "Maren Holt; Iain Forsyth"),
    ("seats", "Seats", "31A; 31B (in the order of People)"),
    ("baggage", "Baggage", "2 x 23 kg, a guitar…"),
    ("notes", "Notes", ""),
]
MONEY_FIELDS = [("cost", "Cost", "2450.00"), ("currency", "Currency", "GBP (ISO code)")]


class SegmentForm(RecordForm[FormText]):
    def __init__(self, segment: Segment | None, names: Mapping[int, str],
                 people: Mapping[str, int], *, money: bool) -> None:
        self.FIELDS = SEGMENT_FIELDS + (MONEY_FIELDS if money else [])
        super().__init__(f"Edit {segment.title()}" if segment else "New travel segment",
                         self.start(segment, names))
        self._people = people

    @staticmethod
    def start(segment: Segment | None, names: Mapping[int, str]) -> dict[str, str]:
        if segment is None:
            return {"mode": "flight"}
        text = segment_to_fields(segment, names)
        if segment.mode is Mode.FLIGHT:  # an airport's zone comes with its code
            text.update(from_zone="", to_zone="")
        return {k: v.replace(";", "; ") if k in ("people", "seats") else v
                for k, v in text.items()}

    def build(self, values: Mapping[str, str]) -> FormText:
        text: FormText = dict(values)
        if "cost" in text and not (text["cost"] or "").strip():
            text["currency"] = ""  # no cost, no currency: taking the cost off
        try:
            return check_segment(text, self._people)
        except ValidationErrors as exc:
            raise ValidationErrors(_on_field(e) for e in exc.errors) from None
        except ValidationError as exc:
            raise _on_field(exc) from None


def _on_field(error: ValidationError) -> ValidationError:
    """The rules name a zone "from zone" (as the commands' options read); the form's
    field is from_zone."""
    return ValidationError(error.field.replace(" ", "_"), error.message)


STAY_FIELDS = [
    ("hotel", "Hotel *", "The Marker"),
    ("address", "Address", "Hanover Quay, Dublin"),
    ("zone", "Zone", "empty: the tour day's on the check-in date"),
    ("in", "In *", "YYYY-MM-DD, with HH:MM if known"),
    ("out", "Out *", "YYYY-MM-DD [HH:MM], after the check-in date"),
    ("ref", "Ref", "booking reference"),
    ("notes", "Notes", ""),
]


class StayForm(RecordForm[FormText]):
    FIELDS = STAY_FIELDS

    def __init__(self, stay: HotelStay | None, start: Mapping[str, str]) -> None:
        super().__init__(f"Edit {stay.hotel}" if stay else "New hotel stay", start)

    def build(self, values: Mapping[str, str]) -> FormText:
        return check_stay(values)


class RoomForm(RecordForm[FormText]):
    FIELDS = [
        ("person", "Person *", "a name on the crew list"),
        ("room", "Room", "412 (the same number: they share)"),
        ("type", "Type", " / ".join(t.value for t in RoomType if t.value)),
    ]

    def __init__(self, stay: HotelStay, people: Mapping[str, int]) -> None:
        super().__init__(f"A room at {stay.hotel}")
        self._people = people

    def build(self, values: Mapping[str, str]) -> FormText:
        return check_room(values, self._people)
