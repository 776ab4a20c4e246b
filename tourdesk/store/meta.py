"""Settings and facts about the file, as key/value rows in the `meta` table."""

from __future__ import annotations

from tourdesk.store.connection import Store

_PUT = ("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) "
        "DO UPDATE SET value = excluded.value")


def get(store: Store, key: str, default: str) -> str:
    with store.read() as db:
        row = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else default


def put(store: Store, key: str, value: str) -> None:
    """Set `key`; inside the caller's transaction when there is one."""
    with store.write() as db:
        db.execute(_PUT, [key, value])
