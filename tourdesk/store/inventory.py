"""Queries for cases and items."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from tourdesk.domain.access import Capability
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
                empty_weight_kg=row["empty_weight_kg"], notes=row["notes"],
                version=row["version"])


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
        notes=row["notes"], version=row["version"],
        retired_on=date.fromisoformat(row["retired_on"]) if row["retired_on"] else None,
    )  # fmt: skip


def item_by_serial(store: Store, serial: str) -> Item | None:
    with store.read() as db:
        rows = list(db.query(_ITEM_SQL + " WHERE i.serial = ? COLLATE NOCASE", [serial.strip()]))
    return _item(rows[0]) if rows else None


def items(store: Store, *, retired: bool = False) -> list[Item]:
    """Every item in service (and the retired ones too with `retired`), by case then
    name (the order crew pack and the carnet lists)."""
    where = "" if retired else " WHERE i.retired_on IS NULL"
    with store.read() as db:
        rows = db.query(_ITEM_SQL + where + " ORDER BY c.number IS NULL,"
                        " c.number COLLATE NOCASE, i.name COLLATE NOCASE, i.id")
        return [_item(r) for r in rows]


def items_in_case(store: Store, case: int) -> list[tuple[int, Item]]:
    with store.read() as db:
        rows = db.query(_ITEM_SQL + " WHERE i.case_id = ? ORDER BY i.name COLLATE NOCASE, i.id",
                        [case])
        return [(r["id"], _item(r)) for r in rows]


# -- edits --
#
# An item or case changed here is changed on the day lists still to come that nobody
# has started (no entry ticked, marked or noted yet): their entries copy the item's
# label, serial and case again. A list someone has started, or a past day's list, keeps
# what it had.

MONEY_COLUMNS = ("value_minor", "currency", "rental_cost_minor", "rental_currency")

_FOLLOWING = """
    checklist_id IN (SELECT k.id FROM checklists k JOIN gig_days g ON g.id = k.gig_day_id
                     WHERE g.date >= ?)
    AND checklist_id NOT IN (
        SELECT e.checklist_id FROM checklist_entries e
        WHERE e.state != 'pending' OR e.note != ''
           OR EXISTS (SELECT 1 FROM checklist_events ev WHERE ev.entry_id = e.id))
"""


def _today(store: Store) -> str:
    return store.clock().date().isoformat()


@dataclass(frozen=True, slots=True)
class Followed:
    """What an edit did to the day lists: entries changed (or, for a retired item,
    taken off) on lists to come that nobody started, and lists that keep what they had
    (started, or past)."""

    entries: int = 0
    kept: int = 0
    left: bool = False  # the entries were taken off (a retired item)

    def text(self) -> str:
        parts = []
        if self.entries:
            n = f"{self.entries} entr{'y' if self.entries == 1 else 'ies'}"
            parts.append(f"{n} taken off lists not started" if self.left
                         else f"{n} on lists not started changed too")
        if self.kept:
            parts.append(f"{self.kept} list{'' if self.kept == 1 else 's'} started or past "
                         "kept as they were")
        return "; ".join(parts)


def get_item(store: Store, item_id: int) -> Item:
    with store.read() as db:
        rows = list(db.query(_ITEM_SQL + " WHERE i.id = ?", [item_id]))
    if not rows:
        raise NotFoundError(f"item {item_id} does not exist (removed by someone else?)")
    return _item(rows[0])


def get_case(store: Store, row_id: int) -> Case:
    with store.read() as db:
        rows = list(db.query("SELECT * FROM cases WHERE id = ?", [row_id]))
    if not rows:
        raise NotFoundError(f"case {row_id} does not exist (removed by someone else?)")
    return _case(rows[0])


def update_item(store: Store, item_id: int, edited: Item, *,
                expected_version: int | None = None) -> Followed:
    """Write every field of `edited` over item `item_id` (against the version the user
    saw), and let the lists not started follow. Value and rental cost are written only
    by a role that may see them: a role that reads them as NULL never writes NULL."""
    store.require(Capability.WRITE_EQUIPMENT)
    with store.write() as db:
        if edited.serial:
            twin = item_by_serial(store, edited.serial)
            if twin is not None and twin.id != item_id:
                raise ConflictError(f"serial number {edited.serial} is already on another item")
        values = _item_values(store, edited)
        if not store.can(Capability.READ_MONEY):
            values = {k: v for k, v in values.items() if k not in MONEY_COLUMNS}
        tracked.update(store, "items", item_id, values, expected_version=expected_version)
        return _follow_items(store, [item_id], db)


def set_retired(store: Store, item_id: int, on: date | None, *,
                expected_version: int | None = None) -> Followed:
    """Take an item out of service on `on` (None: back into service). A retired item
    leaves the lists to come that nobody started; lists started or past keep it, and so
    does history."""
    store.require(Capability.WRITE_EQUIPMENT)
    with store.write() as db:
        tracked.update(store, "items", item_id,
                       {"retired_on": on.isoformat() if on else None},
                       expected_version=expected_version)
        if on is None:
            return Followed()
        gone = [r[0] for r in db.execute(
            f"SELECT id FROM checklist_entries WHERE item_id = ? AND {_FOLLOWING}",
            [item_id, _today(store)])]
        for entry_id in gone:
            tracked.delete(store, "checklist_entries", entry_id)
        return Followed(len(gone), _kept_lists(store, db, [item_id]), left=True)


def update_case(store: Store, row_id: int, edited: Case, *,
                expected_version: int | None = None) -> Followed:
    store.require(Capability.WRITE_EQUIPMENT)
    with store.write() as db:
        other = case_id(store, edited.number)
        if other is not None and other != row_id:
            raise ConflictError(f"case number {edited.number} is already taken")
        tracked.update(store, "cases", row_id, _case_values(edited),
                       expected_version=expected_version)
        inside = [r[0] for r in db.execute("SELECT id FROM items WHERE case_id = ?", [row_id])]
        return _follow_items(store, inside, db)


def _kept_lists(store: Store, db: Any, item_ids: list[int]) -> int:
    marks = ",".join("?" * len(item_ids))
    return db.execute(f"SELECT count(DISTINCT checklist_id) FROM checklist_entries "
                      f"WHERE item_id IN ({marks}) AND NOT ({_FOLLOWING})",
                      [*item_ids, _today(store)]).fetchone()[0]


def _follow_items(store: Store, item_ids: list[int], db: Any) -> Followed:
    """Copy each item's label, serial, case and quantity into its entries on the lists
    to come that nobody has started; each changed entry is in the change log."""
    if not item_ids:
        return Followed()
    marks = ",".join("?" * len(item_ids))
    rows = list(db.query(f"""
        SELECT e.id, e.label, e.serial, e.case_number, e.case_name, e.quantity,
               i.name AS new_label, i.serial AS new_serial,
               coalesce(c.number, '') AS new_case_number, coalesce(c.name, '') AS new_case_name,
               i.quantity AS new_quantity
        FROM checklist_entries e JOIN items i ON i.id = e.item_id
        LEFT JOIN cases c ON c.id = i.case_id
        WHERE e.item_id IN ({marks}) AND {_FOLLOWING}""", [*item_ids, _today(store)]))
    fields = ("label", "serial", "case_number", "case_name", "quantity")
    changed = 0
    for r in rows:
        after = {f: r[f"new_{f}"] for f in fields}
        if all(r[f] == after[f] for f in fields):
            continue
        db.execute("UPDATE checklist_entries SET label = ?, serial = ?, case_number = ?, "
                   "case_name = ?, quantity = ?, version = version + 1 WHERE id = ?",
                   [*after.values(), r["id"]])
        tracked.log_change(store, "checklist_entries", r["id"], "update",
                           {f: r[f] for f in fields}, after)
        changed += 1
    return Followed(changed, _kept_lists(store, db, item_ids))
