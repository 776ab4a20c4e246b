"""Queries for cases and items."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from tourdesk.domain.inventory import Case, Item, Ownership
from tourdesk.domain.money import Money
from tourdesk.store import tracked
from tourdesk.store.connection import Store
from tourdesk.store.errors import ConflictError, NotFoundError


@dataclass(frozen=True, slots=True)
class CaseRow:
    case: Case
    items: int


def _case_values(case: Case) -> dict[str, Any]:
    return {
        "number": case.number, "name": case.name, "length_cm": case.length_cm,
        "width_cm": case.width_cm, "height_cm": case.height_cm,
        "empty_weight_kg": case.empty_weight_kg, "notes": case.notes,
    }  # fmt: skip


def add_case(store: Store, case: Case) -> int:
    with store.write():
        if case_id(store, case.number) is not None:
            raise ConflictError(f"case number {case.number} is already taken")
        return tracked.insert(store, "cases", _case_values(case))


def case_id(store: Store, number: str) -> int | None:
    with store.read() as db:
        row = db.execute("SELECT id FROM cases WHERE number = ? COLLATE NOCASE",
                         [number.strip()]).fetchone()
    return row[0] if row else None


def _case(row: dict) -> Case:
    return Case(id=row["id"], number=row["number"], name=row["name"],
                length_cm=row["length_cm"], width_cm=row["width_cm"], height_cm=row["height_cm"],
                empty_weight_kg=row["empty_weight_kg"], notes=row["notes"])


def cases(store: Store) -> list[CaseRow]:
    sql = """SELECT c.*, (SELECT count(*) FROM items i WHERE i.case_id = c.id) AS n
             FROM cases c ORDER BY c.number COLLATE NOCASE"""
    with store.read() as db:
        return [CaseRow(_case(r), r["n"]) for r in db.query(sql)]


def _item_values(store: Store, item: Item) -> dict[str, Any]:
    case = None
    if item.case_number:
        case = case_id(store, item.case_number)
        if case is None:
            raise NotFoundError(f"case {item.case_number} does not exist")
    return {
        "name": item.name, "category": item.category, "case_id": case, "serial": item.serial,
        "quantity": item.quantity, "weight_kg": item.weight_kg,
        "value_minor": item.value.minor if item.value else None,
        "currency": item.value.currency if item.value else None,
        "origin": item.origin, "ownership": item.ownership.value, "vendor": item.vendor,
        "rental_start": item.rental_start.isoformat() if item.rental_start else None,
        "rental_end": item.rental_end.isoformat() if item.rental_end else None,
        "rental_cost_minor": item.rental_cost.minor if item.rental_cost else None,
        "rental_currency": item.rental_cost.currency if item.rental_cost else None,
        "notes": item.notes,
    }  # fmt: skip


def add_item(store: Store, item: Item) -> int:
    with store.write():
        if item.serial and item_by_serial(store, item.serial) is not None:
            raise ConflictError(f"serial number {item.serial} is already on another item")
        return tracked.insert(store, "items", _item_values(store, item))


def delete_item(store: Store, item_id: int) -> None:
    """Checklists keep their entries: each holds a copy of the item's label and serial."""
    tracked.delete(store, "items", item_id)


_ITEM_SQL = """SELECT i.*, coalesce(c.number, '') AS case_number
               FROM items i LEFT JOIN cases c ON c.id = i.case_id"""


def _item(row: dict) -> Item:
    def money(minor: int | None, currency: str | None) -> Money | None:
        return Money(minor, currency) if minor is not None and currency else None

    return Item(
        id=row["id"], name=row["name"], category=row["category"],
        case_number=row["case_number"], serial=row["serial"], quantity=row["quantity"],
        weight_kg=row["weight_kg"], value=money(row["value_minor"], row["currency"]),
        origin=row["origin"], ownership=Ownership(row["ownership"]), vendor=row["vendor"],
        rental_start=date.fromisoformat(row["rental_start"]) if row["rental_start"] else None,
        rental_end=date.fromisoformat(row["rental_end"]) if row["rental_end"] else None,
        rental_cost=money(row["rental_cost_minor"], row["rental_currency"]),
        notes=row["notes"],
    )  # fmt: skip


def item_by_serial(store: Store, serial: str) -> Item | None:
    with store.read() as db:
        rows = list(db.query(_ITEM_SQL + " WHERE i.serial = ? COLLATE NOCASE", [serial.strip()]))
    return _item(rows[0]) if rows else None


def items(store: Store) -> list[Item]:
    """Every item, by case then name (the order crew pack and the carnet lists)."""
    with store.read() as db:
        rows = db.query(_ITEM_SQL + " ORDER BY c.number IS NULL, c.number COLLATE NOCASE,"
                                    " i.name COLLATE NOCASE, i.id")
        return [_item(r) for r in rows]


def items_in_case(store: Store, case: int) -> list[tuple[int, Item]]:
    with store.read() as db:
        rows = db.query(_ITEM_SQL + " WHERE i.case_id = ? ORDER BY i.name COLLATE NOCASE, i.id",
                        [case])
        return [(r["id"], _item(r)) for r in rows]
