"""The change log read forward: every change to the schedule's tables since a moment,
oldest first. Only `changes` is read (never `change_details`), so nothing of money or
pay comes out of here whoever asks."""

from __future__ import annotations

from datetime import UTC, datetime

from tourdesk.store.connection import Store
from tourdesk.store.history import Change, _change

# What a band or crew member may want told: the days, their plan, the files.
NEWS_TABLES = ("gig_days", "schedule_items", "documents")


def since(store: Store, moment: datetime, tables: tuple[str, ...] = NEWS_TABLES,
          ) -> list[Change]:
    """Changes to `tables` recorded after `moment` (UTC), oldest first."""
    at = moment.astimezone(UTC).isoformat(timespec="seconds")
    marks = ",".join("?" * len(tables))
    with store.read() as db:
        rows = db.execute(
            "SELECT id, at, actor, entity, entity_id, action, before, after FROM changes "
            f"WHERE at > ? AND entity IN ({marks}) ORDER BY id", [at, *tables]).fetchall()
    return [_change(r) for r in rows]
