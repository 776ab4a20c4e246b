"""The forms of the Gear screen: an item (every field an import reads) and a case. The
rules are the import's (`item_from_fields`, `case_from_fields`), so a form, a CSV and
`tourdesk inventory set` refuse the same input with the same words."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from tourdesk.domain.inventory import (
    Case,
    Item,
    case_from_fields,
    case_to_fields,
    item_from_fields,
    item_to_fields,
)
from tourdesk.tui.modals.record_form import RecordForm


class ItemForm(RecordForm[Item]):
    FIELDS = [
        ("name", "Name *", "Fender '65 Twin Reverb"),
        ("category", "Category", "Backline, Audio, Cables…"),
        ("case", "Case", "case number; empty: in no case"),
        ("serial", "Serial", "FT123456"),
        ("quantity", "Quantity", "1 (an item with a serial is one)"),
        ("weight_kg", "Weight kg", "29.5"),
        ("value", "Value", "1899.00"),
        ("currency", "Currency", "EUR (ISO code)"),
        ("origin", "Origin", "US (ISO code, for the carnet)"),
        ("ownership", "Ownership", "owned or rented"),
        ("vendor", "Vendor", "who it is rented from"),
        ("rental_start", "Rented from", "YYYY-MM-DD"),
        ("rental_end", "Rented until", "YYYY-MM-DD"),
        ("rental_cost", "Rental cost", "450.00"),
        ("rental_currency", "Rental cur.", "GBP (ISO code)"),
        ("notes", "Notes", ""),
    ]

    def __init__(self, item: Item | None, start: dict[str, str] | None = None) -> None:
        assert item is not None  # items come from an import; this form edits them
        super().__init__(f"Edit {item.name}", start or self.text_for(item))
        self._item = item

    @classmethod
    def text_for(cls, record: object | None) -> dict[str, str]:
        return item_to_fields(record) if isinstance(record, Item) else {}

    def build(self, values: Mapping[str, str]) -> Item:
        return replace(item_from_fields(values), id=self._item.id, version=self._item.version,
                       retired_on=self._item.retired_on)


class CaseForm(RecordForm[Case]):
    FIELDS = [
        ("number", "Number *", "BL01"),
        ("name", "Name", "Guitar world"),
        ("length_cm", "Length cm", "120"),
        ("width_cm", "Width cm", "60"),
        ("height_cm", "Height cm", "60"),
        ("empty_weight_kg", "Empty kg", "45"),
        ("notes", "Notes", ""),
    ]

    def __init__(self, case: Case | None, start: dict[str, str] | None = None) -> None:
        assert case is not None
        super().__init__(f"Edit case {case.number}", start or self.text_for(case))
        self._case = case

    @classmethod
    def text_for(cls, record: object | None) -> dict[str, str]:
        return case_to_fields(record) if isinstance(record, Case) else {}

    def build(self, values: Mapping[str, str]) -> Case:
        return replace(case_from_fields(values), id=self._case.id, version=self._case.version)
