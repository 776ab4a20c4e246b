"""Copies of the database: on demand, once a day, putting one back, checking one.

Every copy uses SQLite's online backup in a single step, which reads one consistent
snapshot while other processes keep writing (WAL lets them). A copy is written to a
temporary file beside its destination (`services/files.py`: `O_EXCL|O_NOFOLLOW`, a name
nobody can guess), checked with `PRAGMA integrity_check`, flushed to disk and only then
renamed into place, so a crash never leaves half a backup under the real name, and the
next run removes what a killed one left.

Automatic backups go to `backups/` next to the database, one a day at most
(`<name>-YYYY-MM-DD.db`), the newest `backup_keep` of them kept (a `meta` setting, 7
unless set; 0 turns them off). The day's file is the record that the day is done: it
exists only once it is complete and checked, so a day whose copy was killed or ran out
of space is made by the next run. They are made by `tourdesk backup --auto` (a systemd
timer's job) or, with no timer, by a detached process a command starts when it notices
the day has none; nobody waits for one. Before a restore the current file is kept as
`<name>-before-restore-<UTC time>.db` in the same folder.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import sqlite3
import struct
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from tourdesk.services.files import (
    LOW_SPACE,
    copy_file,
    disk_full,
    free_bytes,
    sweep_leftovers,
    temporary,
)
from tourdesk.store import schema, settings
from tourdesk.store.connection import (
    BUSY_TIMEOUT_S,
    Store,
    mapped_errors,
    require_sqlite,
    utc_now,
)
from tourdesk.store.errors import (
    CorruptDatabaseError,
    DatabaseTooNewError,
    NotADatabaseError,
    StoreError,
)

KEEP_KEY = settings.BACKUP_KEEP
LAST_KEY = "backup_last"  # written by earlier versions; the day's file is the record now
DEFAULT_KEEP = 7
FOLDER = "backups"
LOCK_NAME = ".tourdesk-auto.lock"
FAILED_NAME = ".tourdesk-auto-failed"
TIMER_NAME = ".tourdesk-timer"
TIMER_FRESH_S = 36 * 3600  # a timer that ran this recently is the one making backups
COMPANIONS = ("-wal", "-shm", "-journal")


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


def _connect(path: Path, *, read_only: bool = False,
             immutable: bool = False) -> sqlite3.Connection:
    target = f"file:{path}?mode=ro{'&immutable=1' if immutable else ''}" if read_only else str(path)
    conn = sqlite3.connect(target, uri=read_only, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    return conn


@contextlib.contextmanager
def _closing(path: Path, *, read_only: bool = False,
             immutable: bool = False) -> Iterator[sqlite3.Connection]:
    with mapped_errors(path):
        conn = _connect(path, read_only=read_only, immutable=immutable)
        try:
            yield conn
        finally:
            conn.close()


def _describe(conn: sqlite3.Connection, path: Path, size: int | None = None) -> Copy:
    problems = integrity_problems(conn)
    if problems:
        first = " ".join(problems[0].replace("*** in database main ***", "").split())
        raise CorruptDatabaseError(path, f"integrity check: {first[:160]}")
    count = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
             for t in ("tours", "gig_days")}
    return Copy(path, path.stat().st_size if size is None else size,
                schema.user_version(conn), count["tours"], count["gig_days"])


def database_files(db_path: Path) -> list[Path]:
    return [db_path, *(Path(f"{db_path}{s}") for s in COMPANIONS)]


def refuse_database_files(db_path: Path, dest: Path) -> None:
    """A copy may never land on the database or its -wal/-shm/-journal."""
    target = os.path.realpath(dest)
    for own in database_files(db_path):
        same = target == os.path.realpath(own)
        with contextlib.suppress(OSError):
            same = same or os.path.samefile(dest, own)
        if same:
            raise StoreError(f"a backup may not overwrite the database or its "
                             f"-wal/-shm/-journal: {dest}")


def _snapshot_into(source: Path, out_path: Path) -> Copy:
    """SQLite's online backup of `source` (one read snapshot) into the empty file
    `out_path`, switched to a rollback journal (one self-contained file) and checked.

    The source is opened like any other connection (it only reads): a `mode=ro`
    connection closing in a process that has the file open in WAL mode can drop that
    process's locks on the -shm, after which its view of the file stops changing."""
    with _closing(source) as src:
        out = sqlite3.connect(out_path, isolation_level=None)
        try:
            try:
                src.backup(out)  # one step: one snapshot of the whole file
                out.execute("PRAGMA journal_mode = DELETE")
            except sqlite3.Error as exc:
                if disk_full(exc, out_path.parent):  # said as a full disk, not as damage
                    raise OSError(errno.ENOSPC, "No space left on device") from None
                raise
            return _describe(out, source, size=0)
        finally:
            out.close()


def copy_database(source: Path, dest: Path) -> Copy:
    """A consistent, checked copy of `source` at `dest` (a file, or a folder to put a
    time-stamped file in), made while other processes keep writing."""
    if dest.is_dir():
        dest = dest / f"{source.stem}-{utc_now().strftime('%Y%m%dT%H%M%SZ')}.db"
    refuse_database_files(source, dest)
    folder = dest.parent
    if not folder.is_dir():
        raise StoreError(f"cannot write a backup to {dest}: folder {folder} does not exist")
    # never open() the live file here: closing any descriptor of it drops every SQLite
    # lock this process holds on it (POSIX), and another store may be open in it
    sweep_leftovers(folder)
    with temporary(folder, dest, "a backup") as tmp:
        made = _snapshot_into(source, tmp.path)
        tmp.publish(dest)
    return replace(made, path=dest, size=dest.stat().st_size)


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


# -- the daily backup --


def keep_count(store: Store) -> int:
    return int(settings.get(store, KEEP_KEY, str(DEFAULT_KEEP)))


def set_keep_count(store: Store, keep: int) -> None:
    if keep < 0:
        raise ValueError("keep must be 0 or more")
    settings.put(store, KEEP_KEY, str(keep))


def stored_keep_count(db_path: Path) -> int:
    """The keep setting read with a connection of our own (no user needed:
    `backup --auto` runs as the account that owns the file)."""
    with _closing(db_path) as conn:  # only reads; see _snapshot_into
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = ?", [KEEP_KEY]).fetchone()
        except sqlite3.OperationalError:  # no meta table yet
            row = None
    return int(row[0]) if row else DEFAULT_KEEP


_DAILY = re.compile(r"-\d{4}-\d{2}-\d{2}\.db")


def daily_backups(db_path: Path) -> list[Path]:
    """The automatic backups of this database, oldest first."""
    folder = backup_folder(db_path)
    if not folder.is_dir():
        return []
    prefix = db_path.stem
    return sorted(p for p in folder.iterdir() if p.name.startswith(prefix)
                  and _DAILY.fullmatch(p.name[len(prefix):]))


def daily_path(db_path: Path, day: str) -> Path:
    return backup_folder(db_path) / f"{db_path.stem}-{day}.db"


def last_automatic(db_path: Path) -> str:
    """The day of the newest automatic backup there is ('' when none)."""
    made = daily_backups(db_path)
    return made[-1].name[len(db_path.stem) + 1:-3] if made else ""


def last_failure(db_path: Path) -> str:
    """What went wrong with the last automatic backup, while no later one worked."""
    try:
        return (backup_folder(db_path) / FAILED_NAME).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return ""


def timer_active(db_path: Path, now: float | None = None) -> bool:
    """Whether a scheduled `tourdesk backup --auto` ran in the last day and a half."""
    try:
        ran = (backup_folder(db_path) / TIMER_NAME).stat().st_mtime
    except OSError:
        return False
    return (time.time() if now is None else now) - ran < TIMER_FRESH_S


def _today(store_clock_now: datetime) -> str:
    return store_clock_now.astimezone(UTC).date().isoformat()


def _ensure_folder(db_path: Path) -> Path:
    folder = backup_folder(db_path)
    if not folder.exists():
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=0o700)
    return folder


@contextlib.contextmanager
def _daily_lock(folder: Path) -> Iterator[bool]:
    """An exclusive lock for making the day's backup: True when we hold it. The kernel
    drops it when the process ends, killed or not."""
    path = folder / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)


def make_daily(db_path: Path, day: str, keep: int, *, by_timer: bool = False) -> Copy | None:
    """The day's backup unless it is there already or another process is making it;
    the oldest beyond `keep` go. A failure is kept in the folder for `backup` and
    `check` to show, and the next run tries again."""
    if keep <= 0:
        return None
    folder = _ensure_folder(db_path)
    if by_timer:
        (folder / TIMER_NAME).touch(mode=0o600)
    with _daily_lock(folder) as mine:
        target = daily_path(db_path, day)
        if not mine or target.exists():
            return None
        failed = folder / FAILED_NAME
        try:
            made = copy_database(db_path, target)
        except StoreError as exc:
            with contextlib.suppress(OSError):
                failed.write_text(f"{day}: {exc}\n", encoding="utf-8")
            raise
        failed.unlink(missing_ok=True)
        for old in daily_backups(db_path)[:-keep]:
            old.unlink(missing_ok=True)
        return made


def automatic_backup(store: Store) -> Copy | None:
    """Today's backup (UTC, from the store's clock), if nobody has made it yet; costs
    one `meta` read and a stat when it is done already. Never on a read-only store."""
    if store.read_only:
        return None
    keep = keep_count(store)
    day = _today(store.clock())
    if keep <= 0 or daily_path(store.path, day).exists():
        return None
    return make_daily(store.path, day, keep)


def start_daily_backup(store: Store) -> bool:
    """After a command: when today's backup is due and no timer makes them, start
    `tourdesk backup --auto` as a detached process that outlives the command (so the
    command returns at once) and make nothing here. Reads only. True when started."""
    path = store.path
    if store.read_only or timer_active(path):
        return False
    keep = keep_count(store)
    if keep <= 0 or daily_path(path, _today(store.clock())).exists():
        return False
    folder = backup_folder(path)
    if not os.access(folder if folder.exists() else path.parent, os.W_OK | os.X_OK):
        return False
    if folder.exists() and (folder / LOCK_NAME).exists():
        with _daily_lock(folder) as free:
            if not free:
                return False  # one is being made right now
    subprocess.Popen(  # our own interpreter and module, no shell
        [sys.executable, "-m", "tourdesk", "--db", str(path), "backup", "--auto",
         "--started-by-command"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True, close_fds=True, cwd="/")
    return True


# -- restore --


@dataclass(frozen=True, slots=True)
class Restored:
    source: Copy
    kept: Path | None  # the file as it was before, or None when there was none
    kept_users: bool = False  # the live file's users and keys replaced the backup's


def page_size(path: Path) -> int | None:
    """The page size of a SQLite file, asked through SQLite; None when unreadable."""
    try:
        with _closing(path) as conn:
            return int(conn.execute("PRAGMA page_size").fetchone()[0])
    except (StoreError, sqlite3.Error):
        return None


def restore(db_path: Path, source: Path) -> Restored:
    """Put the checked copy `source` back as `db_path`, after keeping the current file.

    The copy is first staged beside the live file: given the live file's page size,
    brought up to the current schema and given the live file's users and keys (access
    is never restored from a backup). Then its pages are written through SQLite's
    backup API into the live file in one write transaction, so a process that has the
    file open sees the old data or the restored data, never a mix nor an old schema,
    and notices the change like any other commit.
    """
    found = inspect(source)
    folder = db_path.parent
    sweep_leftovers(folder)
    sweep_leftovers(backup_folder(db_path))
    with temporary(folder, db_path, "the restored copy") as staged:
        _snapshot_into(source, staged.path)
        kept_users = _prepare_staged(staged.path, db_path)
        if not db_path.exists():
            staged.publish(db_path)
            return Restored(found, None, kept_users)
        kept = _keep_current(db_path)
        try:
            with _closing(staged.path, read_only=True) as src, _closing(db_path) as dst:
                src.backup(dst)
        except (CorruptDatabaseError, NotADatabaseError):
            for companion in ("-wal", "-shm"):  # a file too damaged to write into
                Path(f"{db_path}{companion}").unlink(missing_ok=True)
            staged.publish(db_path)
    return Restored(found, kept, kept_users)


def _prepare_staged(staged: Path, db_path: Path) -> bool:
    """Make the staged copy fit the live file: its page size, the current schema, the
    live users. True when the live users replaced different ones."""
    conn = sqlite3.connect(staged, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        live_page = page_size(db_path) if db_path.exists() else None
        if live_page and conn.execute("PRAGMA page_size").fetchone()[0] != live_page:
            conn.execute(f"PRAGMA page_size = {int(live_page)}")
            conn.execute("VACUUM")  # a rollback-journal file may change its page size
        schema.migrate(conn, staged)
        return _keep_live_users(db_path, conn)
    finally:
        conn.close()


ACCESS_TABLES = ("users", "user_keys")


def _rows(conn: sqlite3.Connection, table: str) -> tuple[list[str], list[tuple]] | None:
    try:
        cur = conn.execute(f"SELECT * FROM [{table}] ORDER BY 1")
    except sqlite3.OperationalError:
        return None
    return [d[0] for d in cur.description], cur.fetchall()


def _keep_live_users(db_path: Path, staged: sqlite3.Connection) -> bool:
    """Access is never restored from a backup: when the live file has users, they and
    their keys replace whatever the restored copy holds."""
    if not db_path.exists():
        return False
    try:
        with _closing(db_path) as live:  # only reads; see _snapshot_into
            live_rows = {t: _rows(live, t) for t in ACCESS_TABLES}
            people = dict(live.execute("SELECT id, name FROM people").fetchall())
    except (StoreError, sqlite3.Error):
        return False  # the live file cannot be read: nothing to keep
    users = live_rows["users"]
    if users is None or not users[1]:
        return False
    if all(_rows(staged, t) == live_rows[t] for t in ACCESS_TABLES):
        return False
    staged_people = dict(staged.execute("SELECT id, name FROM people").fetchall())
    staged.execute("PRAGMA foreign_keys = OFF")
    staged.execute("BEGIN IMMEDIATE")
    try:
        for table in reversed(ACCESS_TABLES):
            if _rows(staged, table) is not None:
                staged.execute(f"DELETE FROM [{table}]")
        for table in ACCESS_TABLES:
            got, there = live_rows[table], _rows(staged, table)
            if got is None or there is None:
                continue
            columns = [c for c in got[0] if c in there[0]]
            index = [got[0].index(c) for c in columns]
            names = ", ".join(f"[{c}]" for c in columns)
            marks = ", ".join("?" for _ in columns)
            staged.executemany(f"INSERT INTO [{table}] ({names}) VALUES ({marks})",
                               [[row[i] for i in index] for row in got[1]])
        # a user stays linked to their person only where the copy has that person
        for person_id, name in people.items():
            if staged_people.get(person_id) != name:
                staged.execute("UPDATE users SET person_id = NULL WHERE person_id = ?",
                               [person_id])
        staged.execute("COMMIT")
    except BaseException:
        staged.execute("ROLLBACK")
        raise
    staged.execute("PRAGMA foreign_keys = ON")
    return True


def _keep_current(db_path: Path) -> Path:
    folder = _ensure_folder(db_path)
    dest = folder / f"{db_path.stem}-before-restore-{utc_now().strftime('%Y%m%dT%H%M%SZ')}.db"
    try:
        return copy_database(db_path, dest).path
    except (CorruptDatabaseError, NotADatabaseError):  # damaged: keep the bytes as they are
        copy_file(db_path, dest, "the current file")
        return dest


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
    """Integrity and foreign-key checks, in plain words. Reads only.

    A full disk is told apart from damage: SQLite cannot even read a WAL file when it
    cannot grow its shared-memory file, so on a full disk with no pending -wal the main
    file is read as it is (`immutable`), and with a pending -wal it is not checked.
    """
    require_sqlite(path)
    report = CheckReport(path)
    folder = path.parent
    try:
        with _closing(path, read_only=True) as conn:
            _check_with(conn, report)
        _say_pending_wal(path, report)  # after closing: see pending_wal_frames
    except (sqlite3.Error, StoreError, OSError) as exc:
        cause = exc.__context__ if isinstance(exc, StoreError) else exc
        if not (cause is not None and disk_full(cause, folder)) and not _full(folder):
            raise
        report.lines.clear()
        report.problems.clear()
        if _wal_bytes(path) == 0:
            with _closing(path, read_only=True, immutable=True) as conn:
                _check_with(conn, report)
        else:
            report.problems.append(
                f"not checked: the disk is full and {path.name}-wal holds recent commits "
                "SQLite cannot read without a little room; free some space and run check "
                "again (nothing is damaged by this)")
    if _full(folder):
        free = free_bytes(folder) or 0
        report.problems.append(f"the disk holding {folder} is full ({free:,} bytes free): "
                               "new changes cannot be saved until space is freed; this is "
                               "not damage, do not restore a backup for it")
    failed = last_failure(path)
    if failed:
        report.problems.append(f"the last automatic backup failed: {failed}")
    return report


def _full(folder: Path) -> bool:
    free = free_bytes(folder)
    return free is not None and free < LOW_SPACE


def _check_with(conn: sqlite3.Connection, report: CheckReport) -> None:
    try:
        problems = integrity_problems(conn)
    except sqlite3.DatabaseError as exc:
        if disk_full(exc, report.path.parent):
            raise
        problems = [str(exc)]
    if problems:
        report.problems += [f"damaged: {p}" for p in problems]
        report.problems.append("restore it from a backup (tourdesk restore FILE)")
        return
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


def _wal_bytes(path: Path) -> int:
    try:
        return Path(f"{path}-wal").stat().st_size
    except FileNotFoundError:
        return 0


def pending_wal_frames(path: Path) -> int:
    """Pages committed to `path`-wal and not yet copied into `path` (read from the
    shared-memory index: mxFrame minus nBackfill); 0 when there are none. Read with
    no connection of this process open on the file: closing the descriptor drops
    this process's SQLite locks on the -shm."""
    try:
        with Path(f"{path}-shm").open("rb") as fh:
            head = fh.read(100)
    except OSError:
        return 0
    if len(head) < 100 or head[:48] != head[48:96] or head[12] != 1:
        return 0  # not initialised, or being rewritten this instant
    mx_frame = struct.unpack("=I", head[16:20])[0]
    backfilled = struct.unpack("=I", head[96:100])[0]
    return max(0, mx_frame - backfilled)


def _say_pending_wal(path: Path, report: CheckReport) -> None:
    frames = pending_wal_frames(path)
    if frames:
        report.lines.append(
            f"write-ahead log: {path.name}-wal holds {frames} page(s) of commits not yet "
            f"in {path.name}: a copy of {path.name} alone would lose them; copy the "
            "database with `tourdesk backup`, never with cp")
