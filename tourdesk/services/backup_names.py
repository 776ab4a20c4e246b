"""Where a database's daily backups go and what today's is called: apart from
`backups`, so that a command sees today's backup is made without loading the backup
code (subprocess, locks, copying)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

FOLDER = "backups"


def backup_folder(db_path: Path) -> Path:
    return db_path.parent / FOLDER


def daily_path(db_path: Path, day: str) -> Path:
    return backup_folder(db_path) / f"{db_path.stem}-{day}.db"


def today(store_clock_now: datetime) -> str:
    """The day a backup is named for: UTC, from the store's clock."""
    return store_clock_now.astimezone(UTC).date().isoformat()
