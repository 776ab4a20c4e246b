"""Seeing other people's changes: poll SQLite's data_version, tell the open screen."""

from __future__ import annotations

from textual.message import Message

POLL_SECONDS = 1.0


class DataChanged(Message):
    """Another process committed to the database; the screen should reload."""
