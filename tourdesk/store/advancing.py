"""Queries for advancing (schema v23): a show's items and a tour's templates. Which
states, contacts and days are allowed is the service's rule (services/advancing.py)."""

from __future__ import annotations

from collections.abc import Iterable

from tourdesk.domain.advancing import AdvanceItem, AdvanceState, Area, TemplateItem
from tourdesk.store import tracked
from tourdesk.store.connection import Store
from tourdesk.store.errors import NotFoundError

_SELECT = """SELECT a.*, coalesce(c.name || CASE WHEN c.role != '' THEN ' (' || c.role || ')'
                                                 ELSE '' END, '') AS contact
             FROM advance_items a LEFT JOIN venue_contacts c ON c.id = a.contact_id"""
_AREA_ORDER = "CASE a.area " + " ".join(
    f"WHEN '{a.value}' THEN {n}" for n, a in enumerate(Area)) + " END"


def _item(r: dict) -> AdvanceItem:
    return AdvanceItem(gig_day_id=r["gig_day_id"], area=Area(r["area"]), item=r["item"],
                       count=r["count"], state=AdvanceState(r["state"]),
                       contact_id=r["contact_id"], contact=r["contact"],
                       answered_at=r["answered_at"], note=r["note"], id=r["id"],
                       version=r["version"])


def values(i: AdvanceItem) -> dict[str, object]:
    return {"gig_day_id": i.gig_day_id, "area": i.area.value, "item": i.item,
            "count": i.count, "state": i.state.value, "contact_id": i.contact_id,
            "answered_at": i.answered_at, "note": i.note}


def add(store: Store, i: AdvanceItem) -> int:
    return tracked.insert(store, "advance_items", values(i))


def update(store: Store, i: AdvanceItem, *, expected_version: int | None = None) -> None:
    tracked.update(store, "advance_items", i.id or 0, values(i),
                   expected_version=expected_version)


def remove(store: Store, item_id: int) -> None:
    tracked.delete(store, "advance_items", item_id)


def get(store: Store, item_id: int) -> AdvanceItem:
    with store.read() as db:
        rows = list(db.query(_SELECT + " WHERE a.id = ?", [item_id]))
    if not rows:
        raise NotFoundError(f"advance item {item_id} does not exist (removed by someone "
                            "else?)")
    return _item(rows[0])


def for_days(store: Store, gig_ids: Iterable[int]) -> list[AdvanceItem]:
    """The items of the days `gig_ids`, by day, area and item."""
    ids = sorted(set(gig_ids))
    if not ids:
        return []
    with store.read() as db:
        return [_item(r) for r in db.query(
            _SELECT + f" WHERE a.gig_day_id IN ({','.join('?' * len(ids))}) "
            f"ORDER BY a.gig_day_id, {_AREA_ORDER}, a.item COLLATE NOCASE, a.id", ids)]


def for_tour(store: Store, tour_id: int) -> list[AdvanceItem]:
    with store.read() as db:
        ids = [r[0] for r in db.execute("SELECT id FROM gig_days WHERE tour_id = ?", [tour_id])]
    return for_days(store, ids)


# -- templates --


def templates(store: Store, tour_id: int) -> list[TemplateItem]:
    with store.read() as db:
        return [TemplateItem(r["template"], Area(r["area"]), r["item"], r["count"], r["id"])
                for r in db.query(
                    "SELECT * FROM advance_template_items a WHERE tour_id = ? "
                    f"ORDER BY template COLLATE NOCASE, {_AREA_ORDER}, item COLLATE NOCASE",
                    [tour_id])]


def add_template_item(store: Store, tour_id: int, t: TemplateItem) -> int:
    return tracked.insert(store, "advance_template_items", {
        "tour_id": tour_id, "template": t.template, "area": t.area.value, "item": t.item,
        "count": t.count})


def template_item_tour(store: Store, item_id: int) -> int:
    row = store.row("SELECT tour_id FROM advance_template_items WHERE id = ?", [item_id])
    if row is None:
        raise NotFoundError(f"template line {item_id} does not exist (see `tourdesk advance "
                            "template list`)")
    return int(row[0])


def remove_template_item(store: Store, item_id: int) -> None:
    tracked.delete(store, "advance_template_items", item_id)
