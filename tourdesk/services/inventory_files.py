"""Inventory in and out of CSV files, and the carnet list for customs.

Imports are all-or-nothing like every import. Exports neutralise cells a spreadsheet
would run as a formula (a leading = + - @ gets a quote mark), since these files are
opened in Excel by production managers and customs brokers.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tourdesk.domain.access import Capability
from tourdesk.domain.inventory import Item, case_from_fields, item_from_fields
from tourdesk.domain.money import Money, totals
from tourdesk.services.csv_rows import (
    ImportRejected,
    RowError,
    parse_all,
    read_rows,
    refuse_repeats,
    write_csv,
)
from tourdesk.store import inventory
from tourdesk.store.connection import Store

CASE_COLUMNS = ("number", "name", "length_cm", "width_cm", "height_cm", "empty_weight_kg",
                "notes")
ITEM_COLUMNS = ("name", "category", "case", "serial", "quantity", "weight_kg", "value",
                "currency", "origin", "ownership", "vendor", "rental_start", "rental_end",
                "rental_cost", "rental_currency", "notes")
CARNET_COLUMNS = ("case", "description", "serial", "quantity", "weight_kg", "value",
                  "currency", "origin")


def import_inventory(store: Store, items: Path | str | None = None,
                     cases: Path | str | None = None, *, names: tuple[str, str] = ("", ""),
                     ) -> tuple[int, int]:
    """Cases, then items, in one transaction. Returns (cases added, items added)."""
    store.require(Capability.WRITE_EQUIPMENT)
    case_rows = read_rows(cases, columns=CASE_COLUMNS, required=("number",),
                          name=names[1]) if cases is not None else []
    item_rows = read_rows(items, columns=ITEM_COLUMNS, required=("name",),
                          name=names[0]) if items is not None else []
    case_label = names[1] or str(cases)
    item_label = names[0] or str(items)
    with store.write():
        new_cases = parse_all(case_rows, case_from_fields, case_label)
        refuse_repeats(case_label, case_rows, [c.number for c in new_cases], "number",
                lambda n: inventory.case_id(store, n) is not None, "case number")
        for case in new_cases:
            inventory.add_case(store, case)
        new_items = parse_all(item_rows, item_from_fields, item_label)
        errors = [RowError(row.line, "case", f"case {item.case_number} does not exist")
                  for row, item in zip(item_rows, new_items, strict=True)
                  if item.case_number and inventory.case_id(store, item.case_number) is None]
        if errors:
            raise ImportRejected(item_label, errors)
        refuse_repeats(item_label, item_rows, [i.serial for i in new_items], "serial",
                lambda s: inventory.item_by_serial(store, s) is not None, "serial number")
        for item in new_items:
            inventory.add_item(store, item)
    return len(new_cases), len(new_items)


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def export_cases(store: Store) -> str:
    store.require(Capability.READ_EQUIPMENT)
    return write_csv(CASE_COLUMNS, (
        (c.number, c.name, _num(c.length_cm), _num(c.width_cm), _num(c.height_cm),
         _num(c.empty_weight_kg), c.notes)
        for c in (row.case for row in inventory.cases(store))))


def export_items(store: Store) -> str:
    store.require(Capability.READ_EQUIPMENT)
    def money(m: Money | None) -> tuple[str, str]:
        return (m.plain(), m.currency) if m else ("", "")

    return write_csv(ITEM_COLUMNS, (
        (i.name, i.category, i.case_number, i.serial, i.quantity, _num(i.weight_kg),
         *money(i.value), i.origin, i.ownership.value, i.vendor,
         i.rental_start or "", i.rental_end or "", *money(i.rental_cost), i.notes)
        for i in inventory.items(store)))


def carnet(store: Store, case_numbers: Sequence[str] = ()) -> str:
    """ATA carnet general list: one line per item with case, description, serial,
    quantity, weight, value, currency and origin; a total line per case and overall
    (per currency, never added across currencies)."""
    store.require(Capability.READ_EQUIPMENT)
    wanted = {n.casefold() for n in case_numbers}
    items = [i for i in inventory.items(store)
             if not wanted or i.case_number.casefold() in wanted]
    rows: list[list[object]] = []
    by_case: dict[str, list[Item]] = {}
    for item in items:
        by_case.setdefault(item.case_number, []).append(item)
    for number, members in by_case.items():
        rows += [[number, i.name, i.serial, i.quantity, _weight(i), *_value(i), i.origin]
                 for i in members]
        rows += _total_lines(f"total case {number}" if number else "total loose items", members)
    rows += _total_lines("total", items)
    return write_csv(CARNET_COLUMNS, rows)


def _weight(item: Item) -> str:
    return "" if item.weight_kg is None else f"{item.weight_kg * item.quantity:.2f}"


def _value(item: Item) -> tuple[str, str]:
    if item.value is None:
        return ("", "")
    total = item.value * item.quantity
    return (total.plain(), total.currency)


def _total_lines(label: str, items: Sequence[Item]) -> list[list[object]]:
    quantity = sum(i.quantity for i in items)
    weight = sum((i.weight_kg or 0) * i.quantity for i in items)
    sums: list[Money | None] = list(totals([i.value * i.quantity for i in items if i.value]))
    lines: list[list[object]] = []
    for n, money in enumerate(sums or [None]):
        # Quantity and weight once; one line per currency, never summed across them.
        lines.append([label, "", "", quantity if n == 0 else "",
                      f"{weight:.2f}" if n == 0 else "",
                      money.plain() if money else "", money.currency if money else "", ""])
    return lines
