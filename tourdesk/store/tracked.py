"""Writes that record who changed what: every insert, update and delete of a user
record goes through here, inside the caller's transaction, and leaves a row in
`changes` with the acting user, the time, and the row before and after as JSON."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

from tourdesk.store.connection import Store
from tourdesk.store.errors import ConflictError, NotFoundError, StaleEditError
from tourdesk.store.history import Change


def insert(store: Store, table: str, values: Mapping[str, Any]) -> int:
    row = {**values, "version": 1, "updated_at": store.now_iso(), "updated_by": store.actor}
    with store.write() as db:
        try:
            row_id = db[table].insert(row).last_pk
        except sqlite3.IntegrityError as exc:
            raise ConflictError(_explain(table, exc)) from None
        log_change(store, table, row_id, "insert", None, _get(store, table, row_id))
    return int(row_id)


def insert_many(store: Store, table: str, columns: Sequence[str],
                rows: Sequence[Sequence[object]]) -> range:
    """`insert` for many rows at once (an import), each with its `changes` entry (the
    row as stored, as JSON made by SQLite). The rows come prepared, so the caller holds
    the write lock only while SQLite writes them. Returns their ids."""
    stamp = (1, store.now_iso(), store.actor)
    names = [*columns, "version", "updated_at", "updated_by"]
    with store.write():
        conn = store.conn
        first = conn.execute(f"SELECT coalesce(max(id), 0) + 1 FROM [{table}]").fetchone()[0]
        try:
            conn.executemany(
                f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in names)}) "
                f"VALUES ({', '.join('?' for _ in names)})", [(*r, *stamp) for r in rows])
        except sqlite3.IntegrityError as exc:
            raise ConflictError(_explain(table, exc)) from None
        ids = range(first, first + len(rows))
        got = conn.execute(f"SELECT count(*), max(id) FROM [{table}] WHERE id >= ?",
                           [first]).fetchone()
        if rows and tuple(got) != (len(rows), ids[-1]):  # ids of a table without
            raise RuntimeError(f"{table}: new ids are not consecutive")  # AUTOINCREMENT
        every = sorted(r[1] for r in conn.execute(f"PRAGMA table_info([{table}])"))
        after = ", ".join(f"'{c}', [{c}]" for c in every)
        conn.execute(
            "INSERT INTO changes (at, actor, entity, entity_id, action, before, after) "
            f"SELECT ?, ?, ?, id, 'insert', NULL, json_object({after}) FROM [{table}] "
            "WHERE id >= ? ORDER BY id", [stamp[1], store.actor, table, first])
    return ids


def update(
    store: Store,
    table: str,
    row_id: int,
    values: Mapping[str, Any],
    *,
    expected_version: int | None = None,
) -> dict[str, Any]:
    """Change a row and bump its version. With `expected_version`, refuse when someone
    else saved it since it was read (the caller shows both and lets the user choose)."""
    with store.write() as db:
        before = _get(store, table, row_id)
        if expected_version is not None and before["version"] != expected_version:
            raise StaleEditError(f"{table} {row_id}", before["updated_by"],
                                 before["updated_at"], before["version"])
        changes = {
            **values,
            "version": before["version"] + 1,
            "updated_at": store.now_iso(),
            "updated_by": store.actor,
        }
        try:
            db[table].update(row_id, changes)
        except sqlite3.IntegrityError as exc:
            raise ConflictError(_explain(table, exc)) from None
        after = _get(store, table, row_id)
        log_change(store, table, row_id, "update", before, after)
    return after


def delete(store: Store, table: str, row_id: int) -> None:
    with store.write() as db:
        before = _get(store, table, row_id)
        try:
            db[table].delete(row_id)
        except sqlite3.IntegrityError as exc:
            raise ConflictError(_explain(table, exc)) from None
        log_change(store, table, row_id, "delete", before, None)


def _get(store: Store, table: str, row_id: int) -> dict[str, Any]:
    rows = list(store.db.query(f"SELECT * FROM [{table}] WHERE id = ?", [row_id]))
    if not rows:
        raise NotFoundError(f"{table} {row_id} does not exist (deleted by someone else?)")
    return rows[0]


def log_change(
    store: Store,
    table: str,
    row_id: int,
    action: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
) -> None:
    store.db["changes"].insert(
        {
            "at": store.now_iso(),
            "actor": store.actor,
            "entity": table,
            "entity_id": row_id,
            "action": action,
            "before": None if before is None else json.dumps(before, sort_keys=True),
            "after": None if after is None else json.dumps(after, sort_keys=True),
        }
    )


def _explain(table: str, exc: sqlite3.IntegrityError) -> str:
    text = str(exc)
    if "FOREIGN KEY" in text:
        return f"{table}: the record is still used elsewhere, or refers to one that is gone"
    if "UNIQUE" in text:
        columns = text.split(":", 1)[-1].strip()
        return f"{table}: another record already has the same {columns}"
    return f"{table}: {text}"


UNDOABLE = {"gig_days", "schedule_items", "staff_needs", "assignments"}


def revert(store: Store, changes: list[Change]) -> None:
    """Take back recorded changes (newest first), as new recorded changes, only if
    every row still holds what they wrote: a colleague's later edit is never undone."""
    with store.write():
        for c in changes:
            if c.entity not in UNDOABLE or c.action == "delete":
                raise ConflictError("that change cannot be undone here (a removal, or not "
                                    "part of the day's plan): change it back by hand")
            now = store.db.execute(f"SELECT version, updated_by FROM [{c.entity}] WHERE id = ?",
                                   [c.entity_id]).fetchone()
            if now is None or now[0] != c.after_version:
                who = now[1] if now else "someone"
                raise ConflictError(f"{who} changed it after you: nothing was undone")
        for c in changes:
            if c.action == "insert":
                delete(store, c.entity, c.entity_id)
            else:
                update(store, c.entity, c.entity_id, {f: old for f, old, _ in c.fields})
