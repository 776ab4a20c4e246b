"""A schedule item in a form: what, from, until, where, whose clock, for whom, note.
The rules are the service's (`services/itinerary.check_item`), the ones the CLI uses."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from tourdesk.domain.itinerary import VOCABULARY, item_to_fields
from tourdesk.domain.models import ScheduleItem
from tourdesk.tui.modals.record_form import RecordForm


class ScheduleItemForm(RecordForm[ScheduleItem]):
    FIELDS = [
        ("what", "What *", ", ".join(w for w, _, _ in VOCABULARY[:4]) + "… or free text"),
        ("at", "At *", "HH:MM on the clock of where it is"),
        ("until", "Until", "HH:MM (before the start: next date)"),
        ("place", "Place", "empty: at the day's venue"),
        ("zone", "Zone", "empty: the day's clock"),
        ("for", "For", "everyone, band, crew, a role, or names"),
        ("note", "Note", ""),
    ]

    def __init__(self, item: ScheduleItem | None, start: dict[str, str] | None, *,
                 check: Callable[[dict[str, str], ScheduleItem | None], ScheduleItem],
                 names: Mapping[int, str], zone: str, day: str) -> None:
        self._names, self._zone, self._item, self._verify = names, zone, item, check
        title = f"{day} · {'edit ' + item.title if item else 'new item'}"
        super().__init__(title, start or self.text_for(item))

    def text_for(self, record: object | None) -> dict[str, str]:
        if isinstance(record, ScheduleItem):
            return item_to_fields(record, self._names, self._zone)
        return {}

    def build(self, values: Mapping[str, str]) -> ScheduleItem:
        return self._verify(dict(values), self._item)
