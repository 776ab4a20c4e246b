"""SQLite persistence. One file, WAL, explicit BEGIN IMMEDIATE for every write."""

from tourdesk.store.connection import Store, default_db_path, open_store
from tourdesk.store.errors import StoreError

__all__ = ["Store", "StoreError", "default_db_path", "open_store"]
