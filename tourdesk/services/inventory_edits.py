"""Items and cases edited in place: any field, moved to another case, retired or put
back into service. Each call is one transaction through `store/tracked.py` (in the
change log, seen by every open screen on its next poll); day lists nobody has started
follow the change, started ones keep what was ticked (`store/inventory.update_item`).
The CLI and the TUI call these."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date

from tourdesk.domain.access import Capability
from tourdesk.domain.inventory import (
    Case,
    Item,
    case_from_fields,
    case_to_fields,
    item_from_fields,
    item_to_fields,
)
from tourdesk.store import inventory
from tourdesk.store.connection import Store
from tourdesk.store.errors import ConflictError, ForbiddenError, NotFoundError
from tourdesk.store.inventory import Followed

Fields = Mapping[str, str | None]
MONEY_FIELDS = ("value", "currency", "rental_cost", "rental_currency")


def find_item(store: Store, key: str) -> Item:
    """An item by its serial number, or by its id (`inventory list`) when no serial is
    that text."""
    text = key.strip().removeprefix("#")
    found = inventory.item_by_serial(store, text) if text else None
    if found is None and text.isdigit():
        try:
            found = inventory.get_item(store, int(text))
        except NotFoundError:
            found = None
    if found is None:
        raise NotFoundError(f"no item with serial number or id '{key}' (see `inventory list`)")
    return found


def find_case(store: Store, number: str) -> Case:
    row_id = inventory.case_id(store, number)
    if row_id is None:
        raise NotFoundError(f"case {number} does not exist")
    return inventory.get_case(store, row_id)


def edited_item(current: Item, fields: Fields) -> Item:
    """`current` with the fields given (None: left as it is; "" clears), checked by the
    same rules as an import."""
    text = item_to_fields(current)
    text.update({k: v for k, v in fields.items() if v is not None})
    return replace(item_from_fields(text), id=current.id, version=current.version,
                   retired_on=current.retired_on)


def set_item(store: Store, key: str, fields: Fields, *,
             expected_version: int | None = None) -> tuple[Item, Followed]:
    """Change the fields given of the item `key` (serial or id)."""
    store.require(Capability.WRITE_EQUIPMENT)
    if any(fields.get(f) is not None for f in MONEY_FIELDS) and not store.can(
            Capability.READ_MONEY):
        raise ForbiddenError(f"{store.actor} ({store.role.value}) may not see or change "
                             "values and rental costs")
    with store.write():
        current = find_item(store, key)
        assert current.id is not None
        item = edited_item(current, fields)
        followed = inventory.update_item(store, current.id, item,
                                         expected_version=expected_version)
        return inventory.get_item(store, current.id), followed


def save_item(store: Store, item: Item, seen: int) -> Followed:
    """A whole item from the form, against the version the form opened with."""
    assert item.id is not None
    return inventory.update_item(store, item.id, item, expected_version=seen)


def move_item(store: Store, key: str, case_number: str) -> tuple[Item, Followed]:
    """Into another case ("" takes it out of any case)."""
    return set_item(store, key, {"case": case_number})


def retire_item(store: Store, key: str, *, back: bool = False, on: date | None = None,
                ) -> tuple[Item, Followed]:
    """Out of service from `on` (default: today on the store's clock), or `back` into
    service."""
    store.require(Capability.WRITE_EQUIPMENT)
    with store.write():
        current = find_item(store, key)
        assert current.id is not None
        if back and current.retired_on is None:
            raise ConflictError(f"{current.name} is in service already")
        if not back and current.retired_on is not None:
            raise ConflictError(f"{current.name} was retired on {current.retired_on} already")
        followed = inventory.set_retired(store, current.id,
                                         None if back else on or store.clock().date())
        return inventory.get_item(store, current.id), followed


def set_case(store: Store, number: str, fields: Fields, *,
             expected_version: int | None = None) -> tuple[Case, Followed]:
    """Change the fields given of case `number` (a new `number` renumbers it)."""
    store.require(Capability.WRITE_EQUIPMENT)
    with store.write():
        current = find_case(store, number)
        assert current.id is not None
        text = case_to_fields(current)
        text.update({k: v for k, v in fields.items() if v is not None})
        case = case_from_fields(text)
        followed = inventory.update_case(store, current.id, case,
                                         expected_version=expected_version)
        return inventory.get_case(store, current.id), followed


def save_case(store: Store, case: Case, seen: int) -> Followed:
    assert case.id is not None
    return inventory.update_case(store, case.id, case, expected_version=seen)
