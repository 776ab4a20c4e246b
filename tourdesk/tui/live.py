"""Seeing other people's changes: poll SQLite's data_version, tell the open screen."""

from __future__ import annotations

from textual.message import Message

from tourdesk.store.history import TICKS

# What a screen about gig days shows: the tour, its days, their times and venues.
DAYS = frozenset({"tours", "gig_days", "schedule_items", "venues"})

# What people moving is: segments, who is on them, hotels and their rooming lists.
TRAVEL = frozenset({"travel_segments", "travel_manifest", "hotel_stays", "hotel_rooms"})

POLL_SECONDS = 1.0


class DataChanged(Message):
    """Another process committed to the database. `tables` names the tables it
    touched (None: not known, reload anyway); a screen reloads when it shows one."""

    def __init__(self, tables: frozenset[str] | None = None) -> None:
        super().__init__()
        self.tables = tables


def watches(*tables: str, also: frozenset[str] = frozenset()) -> frozenset[str]:
    return frozenset(tables) | also


__all__ = ["DAYS", "POLL_SECONDS", "TICKS", "TRAVEL", "DataChanged", "watches"]
