"""Copies of the database: on demand, rolling once a day, putting one back, checking one.

Every copy uses SQLite's online backup in a single step, which reads one consistent
snapshot while other processes keep writing (WAL lets them). A copy is written to a
temporary file beside its destination, checked with `PRAGMA integrity_check`, flushed
to disk and only then renamed into place, so a crash never leaves half a backup under
the real name.

Automatic backups go to `backups/` next to the database, one a day at most
(`<name>-YYYY-MM-DD.db`), the newest `backup_keep` of them kept (a `meta` setting, 7
unless set; 0 turns them off). Before a restore the current file is kept as
`<name>-before-restore-<UTC time>.db` in the same folder.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path

from tourdesk.store import meta, schema, settings
from tourdesk.store.connection import (
    BUSY_TIMEOUT_S,
    Store,
    mapped_errors,
    require_sqlite,
    share_with_group,
    utc_now,
)
from tourdesk.store.errors import (
    CorruptDatabaseError,
    DatabaseTooNewError,
    NotADatabaseError,
    StoreError,
)

KEEP_KEY = settings.BACKUP_KEEP
LAST_KEY = "backup_last"
DEFAULT_KEEP = 7
FOLDER = "backups"


@dataclass(frozen=True, slots=True)
class Copy:
    """A checked database file: where it is and what it holds."""

    path: Path
    size: int
    schema_version: int
    tours: int
    gig_days: int

    def __str__(self) -> str:
        return (f"{self.path}: {_size(self.size)}, schema {self.schema_version}, "
                f"{self.tours} tour(s), {self.gig_days} gig day(s), integrity ok")


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n / 1000:.0f} kB"


def backup_folder(db_path: Path) -> Path:
    return db_path.parent / FOLDER


def _connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    target = f"file:{path}?mode=ro" if read_only else str(path)
    conn = sqlite3.connect(target, uri=read_only, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    return conn


@contextlib.contextmanager
def _closing(path: Path, *, read_only: bool = False) -> Iterator[sqlite3.Connection]:
    with mapped_errors(path):
        conn = _connect(path, read_only=read_only)
        try:
            yield conn
        finally:
            conn.close()


def _describe(conn: sqlite3.Connection, path: Path) -> Copy:
    problems = integrity_problems(conn)
    if problems:
        first = " ".join(problems[0].replace("*** in database main ***", "").split())
        raise CorruptDatabaseError(path, f"integrity check: {first[:160]}")
    count = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
             for t in ("tours", "gig_days")}
    return Copy(path, path.stat().st_size, schema.user_version(conn), count["tours"],
                count["gig_days"])


def copy_database(source: Path, dest: Path) -> Copy:
    """A consistent, checked copy of `source` at `dest` (a file, or a folder to put a
    time-stamped file in), made while other processes keep writing."""
    if dest.is_dir():
        dest = dest / f"{source.stem}-{utc_now().strftime('%Y%m%dT%H%M%SZ')}.db"
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.part")
    try:
        with _closing(source) as src:
            try:
                out = sqlite3.connect(tmp, isolation_level=None)
            except sqlite3.Error as exc:
                raise StoreError(f"cannot write a backup to {dest}: {exc}") from None
            try:
                src.backup(out)  # one step: one snapshot of the whole file
                out.execute("PRAGMA journal_mode = DELETE")  # a single self-contained file
                _describe(out, source)
            finally:
                out.close()
        with tmp.open("rb") as fh:
            os.fsync(fh.fileno())
        share_with_group(tmp)
        os.replace(tmp, dest)
        _sync_folder(dest.parent)
    except OSError as exc:
        raise StoreError(f"cannot write a backup to {dest}: {exc.strerror or exc}") from None
    finally:
        tmp.unlink(missing_ok=True)
    return inspect(dest)


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def inspect(path: Path) -> Copy:
    """What a tourdesk database file holds; refused in plain words when it is not one,
    comes from a newer tourdesk, or is damaged."""
    require_sqlite(path)
    with _closing(path, read_only=True) as conn:
        version = schema.user_version(conn)
        if version > schema.SCHEMA_VERSION:
            raise DatabaseTooNewError(path, version, schema.SCHEMA_VERSION)
        schema.refuse_foreign(conn, path)
        if version == 0:
            raise NotADatabaseError(path, "it holds no tourdesk data")
        return _describe(conn, path)


# -- the rolling daily backup --


def keep_count(store: Store) -> int:
    return int(settings.get(store, KEEP_KEY, str(DEFAULT_KEEP)))


def set_keep_count(store: Store, keep: int) -> None:
    if keep < 0:
        raise ValueError("keep must be 0 or more")
    settings.put(store, KEEP_KEY, str(keep))


def last_automatic(store: Store) -> str:
    return meta.get(store, LAST_KEY, "")


_DAILY = re.compile(r"-\d{4}-\d{2}-\d{2}\.db")


def daily_backups(db_path: Path) -> list[Path]:
    """The automatic backups of this database, oldest first."""
    folder = backup_folder(db_path)
    if not folder.is_dir():
        return []
    prefix = db_path.stem
    return sorted(p for p in folder.iterdir() if p.name.startswith(prefix)
                  and _DAILY.fullmatch(p.name[len(prefix):]))


def automatic_backup(store: Store) -> Copy | None:
    """Today's backup, if nobody has made it yet; the oldest beyond the kept number go.

    The check costs one read of `meta`. The day (UTC, from the store's clock) is claimed
    in a write transaction first, so of several processes opening the file on a new day
    exactly one makes the copy.
    """
    if store.read_only:
        return None
    keep = keep_count(store)
    today = store.clock().astimezone(UTC).date().isoformat()
    if keep <= 0 or last_automatic(store) == today:
        return None
    with store.write():
        if last_automatic(store) == today:
            return None
        meta.put(store, LAST_KEY, today)
    folder = backup_folder(store.path)
    if not folder.exists():
        folder.mkdir()
        share_with_group(folder)
    made = copy_database(store.path, folder / f"{store.path.stem}-{today}.db")
    for old in daily_backups(store.path)[:-keep]:
        old.unlink(missing_ok=True)
    return made


# -- restore --


@dataclass(frozen=True, slots=True)
class Restored:
    source: Copy
    kept: Path | None  # the file as it was before, or None when there was none


def restore(db_path: Path, source: Path) -> Restored:
    """Put the checked copy `source` back as `db_path`, after keeping the current file.

    The pages are written through SQLite's backup API into the live file, in one write
    transaction, so a process that has the file open sees the old data or the restored
    data, never a mix, and notices the change like any other commit.
    """
    found = inspect(source)
    kept = _keep_current(db_path) if db_path.exists() else None
    try:
        with _closing(source, read_only=True) as src, _closing(db_path) as dst:
            src.backup(dst)
    except (CorruptDatabaseError, NotADatabaseError):
        if kept is None:
            raise
        _replace_damaged(db_path, source)  # a file too damaged to write into
    return Restored(found, kept)


def _keep_current(db_path: Path) -> Path:
    folder = backup_folder(db_path)
    folder.mkdir(exist_ok=True)
    dest = folder / f"{db_path.stem}-before-restore-{utc_now().strftime('%Y%m%dT%H%M%SZ')}.db"
    try:
        return copy_database(db_path, dest).path
    except StoreError:  # damaged: keep the bytes as they are
        shutil.copyfile(db_path, dest)
        share_with_group(dest)
        return dest


def _replace_damaged(db_path: Path, source: Path) -> None:
    tmp = db_path.with_name(f".{db_path.name}.{os.getpid()}.part")
    try:
        shutil.copyfile(source, tmp)
        share_with_group(tmp)
        for suffix in ("-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        os.replace(tmp, db_path)
    finally:
        tmp.unlink(missing_ok=True)


# -- check --


def integrity_problems(conn: sqlite3.Connection, limit: int = 20) -> list[str]:
    rows = [r[0] for r in conn.execute(f"PRAGMA integrity_check({int(limit)})")]
    return [] if rows == ["ok"] else rows


@dataclass
class CheckReport:
    path: Path
    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join([str(self.path), *self.lines, *self.problems])


def check(path: Path) -> CheckReport:
    """Integrity and foreign-key checks, in plain words. Reads only."""
    require_sqlite(path)
    report = CheckReport(path)
    with _closing(path, read_only=True) as conn:
        try:
            problems = integrity_problems(conn)
        except sqlite3.DatabaseError as exc:
            problems = [str(exc)]
        if problems:
            report.problems += [f"damaged: {p}" for p in problems]
            report.problems.append("restore it from a backup (tourdesk restore FILE)")
            return report
        report.lines.append("integrity: ok")
        broken = conn.execute("PRAGMA foreign_key_check").fetchall()
        for table, rowid, parent, _ in broken[:20]:
            report.problems.append(f"{table} row {rowid} refers to a {parent} row "
                                   "that does not exist")
        if len(broken) > 20:
            report.problems.append(f"... and {len(broken) - 20} more broken references")
        if not broken:
            report.lines.append("references between records (foreign keys): ok")
        version = schema.user_version(conn)
        report.lines.append(f"schema: version {version} of {schema.SCHEMA_VERSION}")
    return report
