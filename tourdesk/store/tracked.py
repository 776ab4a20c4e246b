"""Writes that record who changed what: every insert, update and delete of a user
record goes through here, inside the caller's transaction, and leaves a row in
`changes` with the acting user, the time, and the row before and after as JSON."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

from tourdesk.domain.access import READS, private_columns
from tourdesk.store.connection import Store
from tourdesk.store.errors import ConflictError, NotFoundError, StaleEditError
from tourdesk.store.history import Change


def insert(store: Store, table: str, values: Mapping[str, Any]) -> int:
    row = {**values, "version": 1, "updated_at": store.now_iso(), "updated_by": store.actor}
    with store.write():
        try:
            row_id = store.insert(table, row)
        except sqlite3.IntegrityError as exc:
            raise ConflictError(_explain(table, exc)) from None
        log_change(store, table, row_id, "insert", None, _get(store, table, row_id))
    return row_id


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
        hidden = private_columns(table)

        def as_json(columns: Sequence[str]) -> str:
            return "json_object(" + ", ".join(f"'{c}', t.[{c}]" for c in columns) + ")"

        # as log_change does: the shared log without money, the whole row in details
        shown = "NULL" if table in READS else as_json([c for c in every if c not in hidden])
        first_change = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM changes").fetchone()[0]
        conn.execute(
            "INSERT INTO changes (at, actor, entity, entity_id, action, before, after) "
            f"SELECT ?, ?, ?, t.id, 'insert', NULL, {shown} FROM [{table}] t "
            "WHERE t.id >= ? ORDER BY t.id", [stamp[1], store.actor, table, first])
        if table in READS or hidden:
            conn.execute(
                "INSERT INTO change_details (change_id, before, after) "
                f"SELECT c.id, NULL, {as_json(every)} FROM changes c "
                f"JOIN [{table}] t ON t.id = c.entity_id "
                "WHERE c.id >= ? AND c.entity = ?", [first_change, table])
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
    with store.write():
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
            store.table(table).update(row_id, changes)
        except sqlite3.IntegrityError as exc:
            raise ConflictError(_explain(table, exc)) from None
        after = _get(store, table, row_id)
        log_change(store, table, row_id, "update", before, after)
    return after


def delete(store: Store, table: str, row_id: int) -> None:
    with store.write():
        before = _get(store, table, row_id)
        try:
            store.table(table).delete(row_id)
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
    """A `changes` row everyone may read. What it would tell of money or pay (a money
    table's rows, a person's rate, a fee, an item's value) goes only to `change_details`,
    which the connection lets money roles read."""
    hidden = private_columns(table)
    private = table in READS or bool(hidden)

    def shown(row: Mapping[str, Any] | None) -> str | None:
        if row is None or table in READS:
            return None
        return json.dumps({k: v for k, v in row.items() if k not in hidden}, sort_keys=True)

    change_id = store.insert(
        "changes",
        {
            "at": store.now_iso(),
            "actor": store.actor,
            "entity": table,
            "entity_id": row_id,
            "action": action,
            "before": shown(before),
            "after": shown(after),
        }
    )
    if private:
        store.table("change_details").insert({
            "change_id": change_id,
            "before": None if before is None else json.dumps(before, sort_keys=True),
            "after": None if after is None else json.dumps(after, sort_keys=True),
        })


def _explain(table: str, exc: sqlite3.IntegrityError) -> str:
    text = str(exc)
    if "FOREIGN KEY" in text:
        return f"{table}: the record is still used elsewhere, or refers to one that is gone"
    if "UNIQUE" in text:
        columns = text.split(":", 1)[-1].strip()
        return f"{table}: another record already has the same {columns}"
    return f"{table}: {text}"


UNDOABLE = {"gig_days", "schedule_items", "staff_needs", "assignments"}
# Removals that undo puts back as they were (same id): nothing else hangs on them.
RESTORABLE = {"schedule_items"}


def revert(store: Store, changes: list[Change]) -> None:
    """Take back recorded changes (newest first), as new recorded changes, only if
    every row still holds what they wrote: a colleague's later edit is never undone."""
    with store.write():
        for c in changes:
            removal = c.action == "delete"
            if c.entity not in UNDOABLE or (removal and c.entity not in RESTORABLE):
                raise ConflictError("that change cannot be undone here (a removal, or not "
                                    "part of the day's plan): change it back by hand")
            now = store.db.execute(f"SELECT version, updated_by FROM [{c.entity}] WHERE id = ?",
                                   [c.entity_id]).fetchone()
            if removal and now is not None:
                raise ConflictError("it is back already: nothing was undone")
            if not removal and (now is None or now[0] != c.after_version):
                who = now[1] if now else "someone"
                raise ConflictError(f"{who} changed it after you: nothing was undone")
        for c in changes:
            if c.action == "insert":
                delete(store, c.entity, c.entity_id)
            elif c.action == "delete":
                insert(store, c.entity, {k: v for k, v in c.row.items()
                                         if k not in ("version", "updated_at", "updated_by")})
            else:
                update(store, c.entity, c.entity_id, {f: old for f, old, _ in c.fields})

