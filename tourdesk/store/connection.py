"""Opening the database file and running transactions on it.

Every connection gets WAL, foreign keys, a busy timeout and synchronous=FULL. Every
write runs inside BEGIN IMMEDIATE: a deferred transaction that reads and then writes
fails at once with "database is locked" when another process committed in between,
whatever the busy timeout, while IMMEDIATE waits its turn for the write lock.

One Store holds one connection, shared by the UI's worker threads under a lock.

A user who may read the file but not write it gets a read-only Store: reads work,
every write is refused with a one-line ReadOnlyDatabaseError. A new file is private to
the account that made it (0600; SQLite gives its -wal and -shm the same mode): people
reach it through `tourdesk ssh-shell`, never through file permissions.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from tourdesk.domain.access import (
    FOREIGN_KEY_READS,
    Capability,
    Role,
    may,
    may_read,
    may_read_column,
    may_write,
    refusal,
)
from tourdesk.domain.text import clean_input
from tourdesk.store import schema
from tourdesk.store.errors import (
    BusyError,
    CannotOpenError,
    CorruptDatabaseError,
    DatabaseTooNewError,
    ForbiddenError,
    NotADatabaseError,
    ReadOnlyDatabaseError,
    SessionEndedError,
    StoreError,
    UnknownUserError,
)

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT_S = 10.0


class _Reader:
    """`execute` and `query` as sqlite-utils has them, on the raw connection; any other
    attribute or `reader[table]` falls through to sqlite-utils (loaded then)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def execute(self, sql: str, parameters: Sequence[object] | None = None) -> sqlite3.Cursor:
        conn = self._store.conn
        return conn.execute(sql, parameters) if parameters else conn.execute(sql)

    def query(self, sql: str, params: Sequence[object] | None = None,
              ) -> Iterator[dict[str, object]]:
        """The rows at once, under the store's lock: a lazy cursor read after the lock
        is let go would step while another thread uses the same connection."""
        with self._store._lock:
            cursor = self.execute(sql, params)
            keys = [d[0] for d in cursor.description or ()]
            rows = [dict(zip(keys, row, strict=True)) for row in cursor]
        return iter(rows)

    def __getattr__(self, name: str) -> object:
        return getattr(self._store.db, name)

    def __getitem__(self, table: str) -> object:
        return self._store.db[table]
SQLITE_HEADER = b"SQLite format 3\x00"


def default_db_path() -> Path:
    """`TOURDESK_DB`, else tourdesk.db in the user data dir (e.g. ~/.local/share/tourdesk)."""
    env = os.environ.get("TOURDESK_DB")
    if env:
        return Path(env).expanduser()
    return _platform_default()


def _platform_default() -> Path:
    # loaded only here: a command given --db or TOURDESK_DB never pays for platformdirs
    from platformdirs import user_data_path

    return user_data_path("tourdesk", appauthor=False) / "tourdesk.db"


def utc_now() -> datetime:
    return datetime.now(UTC)


class Store:
    """A connection to one tourdesk file, acting as one user with one role.

    The role is fixed when the file is opened: services ask `require` before they read or
    change what a role may not, and the connection's authorizer refuses any write to a
    table (or read of a money table) the role may not touch, whichever code runs it.
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path,
        actor: str,
        clock: Callable[[], datetime] = utc_now,
        *,
        read_only: bool = False,
        role: Role = Role.MANAGER,
        person_id: int | None = None,
        enforced: bool = False,
        remote: bool = False,
    ) -> None:
        self.conn = conn
        self.path = path
        self.actor = actor
        self.clock = clock
        self.read_only = read_only
        self.role = role
        self.person_id = person_id  # the person a crew or band login is
        self.enforced = enforced  # users exist: the login is checked again at every write
        self.remote = remote  # opened for an SSH session (`tourdesk ssh-shell`)
        self.denied = ""  # what the authorizer last refused, for the error message
        self._lock = threading.RLock()
        self._mode: str | None = None  # "read" or "write" while our transaction is open
        self._own_pay = False  # inside `own_pay()`: the user's own rate and fees read
        if role is not Role.MANAGER:
            conn.set_authorizer(self._authorize)

    def can(self, capability: Capability) -> bool:
        return may(self.role, capability)

    def require(self, capability: Capability) -> None:
        """Refuse, in one line naming the user and role, what the role may not do."""
        if not self.can(capability):
            raise ForbiddenError(refusal(self.actor, self.role, capability))

    def require_person(self, person_id: int | None, everybody: Capability) -> None:
        """`everybody` is needed unless `person_id` is the user's own person and the
        role may see its own calls and pay."""
        if self.can(everybody) or (person_id is not None and person_id == self.person_id
                                   and self.can(Capability.READ_OWN)):
            return
        raise ForbiddenError(refusal(self.actor, self.role, everybody))

    @contextlib.contextmanager
    def own_pay(self, person_id: int | None) -> Iterator[None]:
        """Let the connection read pay columns while the user's own pay is worked out:
        only after `require_person` said it is theirs (the services' guard), since the
        authorizer sees columns, not rows."""
        self.require_person(person_id, Capability.READ_ALL_PAY)
        with self._lock:
            self._own_pay = True
            self._reauthorize()
            try:
                yield
            finally:
                self._own_pay = False
                self._reauthorize()

    def _reauthorize(self) -> None:
        """SQLite asks the authorizer when a statement is prepared, and the connection
        keeps prepared statements: setting the authorizer again expires them all, so none
        prepared inside `own_pay` shows pay after it (nor one from before hides it)."""
        if self.role is not Role.MANAGER:
            self.conn.set_authorizer(self._authorize)

    def _authorize(self, action: int, arg1: str | None, arg2: str | None,
                   dbname: str | None, _source: str | None) -> int:
        if dbname == "temp" or not arg1 or arg1.startswith("sqlite_"):
            return sqlite3.SQLITE_OK
        if action in (sqlite3.SQLITE_INSERT, sqlite3.SQLITE_UPDATE, sqlite3.SQLITE_DELETE):
            if not may_write(self.role, arg1):
                self.denied = f"{self.actor} ({self.role.value}) may not change {arg1}"
                return sqlite3.SQLITE_DENY
        elif action == sqlite3.SQLITE_READ:
            if (arg1, arg2) in FOREIGN_KEY_READS:
                return sqlite3.SQLITE_OK
            if not may_read(self.role, arg1):
                self.denied = f"{self.actor} ({self.role.value}) may not see {arg1}"
                return sqlite3.SQLITE_DENY
            if arg2 and not self._own_pay and not may_read_column(self.role, arg1, arg2):
                return sqlite3.SQLITE_IGNORE  # the column reads as NULL
        return sqlite3.SQLITE_OK

    def _why_denied(self) -> str:
        return self.denied or f"{self.actor} ({self.role.value}) may not do that"

    @cached_property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over the same connection. Imported on first use: opening the
        file, migrating and the TUI's first paint need only the raw connection, and
        sqlite-utils with its dependencies is a tenth of a second of start-up."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    def table(self, name: str) -> sqlite_utils.db.Table:
        """`db[name]` as the Table it is: sqlite-utils types `db[name]` as Table or View,
        and the schema has no views."""
        return self.db.table(name)

    def insert(self, table: str, row: dict[str, object]) -> int:
        """One row into `table` (inside the caller's write); its id."""
        new_id = self.table(table).insert(row).last_pk
        if new_id is None:  # sqlite-utils gives None only when nothing was inserted
            raise StoreError(f"{table}: the row was not stored")
        return int(new_id)

    def now_iso(self) -> str:
        return self.clock().astimezone(UTC).isoformat(timespec="seconds")

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite_utils.Database]:
        """One atomic unit of work: BEGIN IMMEDIATE ... COMMIT, rolled back on any error.

        Nested writes join the outer one, so services compose store calls. A write
        inside a read snapshot is refused: the snapshot ends in a rollback.
        """
        if self.read_only:
            raise ReadOnlyDatabaseError(self.path)
        with self._lock, mapped_errors(self.path, self._why_denied):
            if self._mode == "write":
                yield self.db
                return
            if self._mode == "read":
                raise RuntimeError("write() inside read(): open the write transaction first")
            self.conn.execute("BEGIN IMMEDIATE")
            self._mode = "write"
            try:
                if self.enforced:
                    self._still_allowed()
                yield self.db
                self.conn.execute("COMMIT")
            except BaseException:
                _rollback(self.conn)  # also after a failed COMMIT: never leave it open
                raise
            finally:
                self._mode = None

    def _still_allowed(self) -> None:
        """A user removed (or given another role) while their session runs may not
        write any more: the session ends at its next write, in one line."""
        self.conn.set_authorizer(None)
        try:
            row = self.conn.execute("SELECT role FROM users WHERE login = ?",
                                    [self.actor]).fetchone()
        finally:
            if self.role is not Role.MANAGER:
                self.conn.set_authorizer(self._authorize)
        if row is None:
            raise SessionEndedError(f"{self.actor} is no longer a user of this file: "
                                    "nothing was saved and the session ends")
        if row[0] != self.role.value:
            raise SessionEndedError(f"{self.actor} is now {row[0]}, not {self.role.value}: "
                                    "nothing was saved; start tourdesk again")

    @contextlib.contextmanager
    def read(self) -> Iterator[sqlite_utils.Database]:
        """A consistent snapshot for several SELECTs (a deferred read transaction).
        Yields a reader with sqlite-utils' `execute` and `query` over the raw
        connection, so a command that only reads (an iCal export) never imports
        sqlite-utils; anything else it is asked for comes from `self.db`."""
        with self._lock, mapped_errors(self.path, self._why_denied):
            if self._mode is not None:
                yield self._reader()
                return
            self.conn.execute("BEGIN")
            self._mode = "read"
            try:
                yield self._reader()
            finally:
                self._mode = None
                _rollback(self.conn)  # nothing was written; ends the snapshot

    def _reader(self) -> sqlite_utils.Database:
        if "db" in self.__dict__:  # sqlite-utils is loaded already: use it
            return self.db
        # _Reader answers execute and query itself and hands the rest to sqlite-utils
        return _Reader(self)  # type: ignore[return-value]  # duck-typed stand-in

    def row(self, sql: str, params: Sequence[object] | Mapping[str, object] = ()) -> tuple:
        """One row through the raw connection, without sqlite-utils: for the start-up
        path and the 1 s poll. Inside a read() it sees that snapshot."""
        with self._lock, mapped_errors(self.path, self._why_denied):
            return self.conn.execute(sql, params).fetchone()

    def data_version(self) -> int:
        """Changes whenever another connection commits to the file: poll it to refresh."""
        with self._lock:
            return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def schema_version(self) -> int:
        with self._lock:
            return schema.user_version(self.conn)

    def close(self) -> None:
        with self._lock:
            self.conn.close()


def open_store(
    path: Path | str | None = None,
    actor: str | None = None,
    *,
    clock: Callable[[], datetime] = utc_now,
    timeout: float = BUSY_TIMEOUT_S,
    read_only: bool = False,
    remote: bool = False,
) -> Store:
    """Open (creating and migrating if needed) the tourdesk file at `path`.

    A file the user may read but not write opens read-only, as does any file with
    `read_only`. The acting user and their role come from `identify`. Raises a
    StoreError subclass with a one-line message for a file that is not a database, one
    from a newer tourdesk, one that cannot be opened, a damaged one, or a user who may
    not come in. `remote`: opened for an SSH session, whose login is `actor` and nothing
    else (see `identify`).
    """
    path = resolve_path(path)
    read_only = _check_file(path) or read_only
    created = not read_only and _create_private(path)
    if not created:
        refuse_foreign_read_only(path)
    try:
        return _open(path, actor, clock, timeout, read_only=read_only, remote=remote)
    except StoreError as exc:
        reader = _full_disk_reader(path, exc, timeout)
        if reader is None:
            raise
    try:
        actor, role, person_id, enforced = identify(reader, actor, path, remote=remote)
    except BaseException:
        reader.close()
        raise
    return _FullDiskStore(reader, path, actor, clock, read_only=True, role=role,
                          person_id=person_id, enforced=enforced, remote=remote)


class _FullDiskStore(Store):
    """Reads of a file on a full disk; every write refused in words about the disk."""

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite_utils.Database]:
        raise StoreError(f"{self.path}: the disk is full; nothing was saved: free some "
                         "space and try again")
        yield self.db  # pragma: no cover - a generator for contextmanager


def _open(path: Path, actor: str | None, clock: Callable[[], datetime], timeout: float, *,
          read_only: bool, remote: bool) -> Store:
    try:
        if read_only:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=timeout,
                                   isolation_level=None, check_same_thread=False)
        else:
            conn = sqlite3.connect(
                path, timeout=timeout, isolation_level=None, check_same_thread=False
            )
    except sqlite3.Error as exc:
        raise CannotOpenError(path, str(exc)) from None
    try:
        with mapped_errors(path):
            if read_only:
                _configure_read_only(conn, path, timeout)
            else:
                _configure(conn, timeout)
                schema.migrate(conn, path)
            actor, role, person_id, enforced = identify(conn, actor, path, remote=remote)
    except BaseException:
        conn.close()
        raise
    return Store(conn, path, actor, clock, read_only=read_only, role=role, person_id=person_id,
                 enforced=enforced, remote=remote)


def refuse_foreign_read_only(path: Path) -> None:
    """Look at an existing file through a connection of its own that writes nothing
    (`immutable`: no WAL switch, no -wal or -shm left) and refuse, before anything
    writes to it, a SQLite file of another program or of a newer tourdesk. It reads the
    main file only: a change still in the -wal can make it older, never foreign."""
    try:
        if path.stat().st_size == 0:
            return  # an empty file is an empty database
        conn = _peek(path)
    except (OSError, sqlite3.Error):
        return  # the read-write open says what is wrong
    try:
        with mapped_errors(path):
            version = schema.user_version(conn)
            if version > schema.SCHEMA_VERSION:
                raise DatabaseTooNewError(path, version, schema.SCHEMA_VERSION)
            if version == 0:
                schema.refuse_foreign(conn, path)
    except StoreError as exc:
        if isinstance(exc, NotADatabaseError | DatabaseTooNewError):
            raise
    finally:
        conn.close()


def _peek(path: Path) -> sqlite3.Connection:
    """A connection that only looks. Never `open()` the database file itself to look:
    closing any descriptor of it drops every POSIX lock this process holds on it, so a
    store already open here would look idle to other processes (one closing last then
    removes the -wal under it). SQLite's own descriptors are closed only when safe."""
    return sqlite3.connect(f"file:{quote(str(path))}?mode=ro&immutable=1", uri=True,
                           isolation_level=None)


def _full_disk_reader(path: Path, exc: StoreError, timeout: float) -> sqlite3.Connection | None:
    """With the disk full SQLite cannot grow the -shm a WAL reader needs. When the -wal
    holds nothing, the main file is the whole database: read it as it is (immutable),
    so lists and shows keep working; every write is refused in one line."""
    try:
        st = os.statvfs(path.parent)
        wal = Path(f"{path}-wal")
        pending = wal.exists() and wal.stat().st_size > 0
    except OSError:
        return None
    if st.f_bavail * st.f_frsize >= 1 << 20 or pending or not path.exists():
        return None
    if not any(w in str(exc) for w in ("disk I/O error", "disk is full", "read-only")):
        return None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, timeout=timeout,
                               isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA query_only = ON")
        version = schema.user_version(conn)
    except sqlite3.Error:
        return None
    if version != schema.SCHEMA_VERSION:
        conn.close()
        return None
    return conn


def identify(conn: sqlite3.Connection, requested: str | None, path: Path | None = None, *,
             remote: bool = False) -> tuple[str, Role, int | None, bool]:
    """Who is acting, with which role, as which person, and whether users are set up.

    Over SSH (`remote`) the login is the one the key's forced command named, and it must
    be a user: nothing the client sends (environment, options) changes it. Locally the
    name asked for (`--as`, else `TOURDESK_USER`) counts only when it is the real login
    (the operating system's), when the real login is a manager, or for root or the
    owner of the file (who can open it with sqlite3 anyway); otherwise it is refused.
    With no users set up, a local user is a manager (one-user mode); once any user
    exists, a login that is not one is refused, except the file's owner at the machine,
    who administers it as a manager (the service account adding the first users)."""
    rows = conn.execute("SELECT login, role, person_id FROM users").fetchall()
    users = {name: (Role(role), person) for name, role, person in rows}
    if remote:
        login = requested or ""
        if login not in users:
            raise UnknownUserError(login)
        return login, *_person(conn, login, users), True
    real = os_login()
    # the name goes into every change and onto other users' screens: no controls in it
    login = clean_input(requested or os.environ.get("TOURDESK_USER") or real) or "unknown"
    if not rows:
        return login, Role.MANAGER, None, False
    owner = os.getuid() == 0 or _owns(path)
    if login != real and not owner and users.get(real, (None,))[0] is not Role.MANAGER:
        raise ForbiddenError(f"only a manager may act as someone else (--as or TOURDESK_USER "
                             f"{login}); you are {real}")
    if login not in users:
        if login == real and owner:
            return login, Role.MANAGER, None, False
        raise UnknownUserError(login)
    return login, *_person(conn, login, users), True


def _person(conn: sqlite3.Connection, login: str,
            users: dict[str, tuple[Role, int | None]]) -> tuple[Role, int | None]:
    role, person_id = users[login]
    if person_id is None:  # not linked: the person whose login it is, if any
        row = conn.execute("SELECT id FROM people WHERE login = ?", [login]).fetchone()
        person_id = row[0] if row else None
    return role, person_id


def _owns(path: Path | None) -> bool:
    try:
        return path is not None and path.stat().st_uid == os.getuid()
    except OSError:
        return False


def _create_private(path: Path) -> bool:
    """Create a new empty database file (SQLite takes an empty file as an empty
    database) readable and writable by its owner only, whatever the umask; the -wal and
    -shm SQLite makes later copy its mode. False when the file was there already."""
    if path.exists():
        return False
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600))
    except FileExistsError:  # another process made it a moment ago
        return False
    except OSError as exc:
        raise CannotOpenError(path, exc.strerror or str(exc)) from None
    return True


def resolve_path(path: Path | str | None) -> Path:
    """The file meant: `path`, else the default (`TOURDESK_DB` or the user data dir)."""
    return Path(path).expanduser() if path is not None else default_db_path()


def os_login() -> str:
    """The real login: the name of the process's user id (under SSH, the SSH login);
    LOGNAME or USER only when the id has no passwd entry."""
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError):  # pragma: no cover - no passwd entry
        return os.environ.get("LOGNAME") or os.environ.get("USER") or "unknown"


def _check_file(path: Path) -> bool:
    """The plain-words checks SQLite would only answer with a cryptic error. True when
    the file is there for reading but the user may not write it. A new file at the
    default place gets its folder made."""
    if path.is_dir():
        raise CannotOpenError(path, "it is a folder, not a file")
    folder = path.parent
    if not path.exists():
        if path == _platform_default():  # asked only for a new file: platformdirs loads
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not folder.is_dir():
            raise CannotOpenError(path, f"folder {folder} does not exist")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise ReadOnlyDatabaseError(path, f"no permission to create files in {folder}")
        return False
    if not os.access(path, os.R_OK):
        raise CannotOpenError(path, "no permission to read it")
    require_sqlite(path, allow_empty=True)
    return not os.access(path, os.W_OK)


def require_sqlite(path: Path, *, allow_empty: bool = False) -> None:
    """Refuse, in plain words, a file that is not a SQLite database (looked at through
    SQLite: see `_peek`)."""
    try:
        size = path.stat().st_size
        if not os.access(path, os.R_OK):
            raise PermissionError(errno.EACCES, "Permission denied")
    except FileNotFoundError:
        raise CannotOpenError(path, "there is no such file") from None
    except OSError as exc:
        raise CannotOpenError(path, exc.strerror or str(exc)) from None
    if size == 0 and allow_empty:
        return
    if size < len(SQLITE_HEADER):
        raise NotADatabaseError(path, "it is not a SQLite file")
    try:
        conn = _peek(path)
    except sqlite3.Error as exc:
        raise CannotOpenError(path, str(exc)) from None
    try:
        conn.execute("PRAGMA schema_version").fetchone()  # reads the header
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorname", "") == "SQLITE_NOTADB" or "not a database" in str(exc):
            raise NotADatabaseError(path, "it is not a SQLite file") from None
    finally:
        conn.close()


def _configure(conn: sqlite3.Connection, timeout: float) -> None:
    conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    conn.execute("PRAGMA foreign_keys = ON")
    # Switching a new file to WAL takes a lock that the busy handler does not always
    # cover when two processes create the file at once; retry until the timeout.
    deadline = time.monotonic() + timeout
    while True:
        try:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            break
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)
    if mode.lower() != "wal":
        raise StoreError(f"cannot switch to WAL journal mode (got {mode})")
    conn.execute("PRAGMA synchronous = FULL")


def _configure_read_only(conn: sqlite3.Connection, path: Path, timeout: float) -> None:
    conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    conn.execute("PRAGMA query_only = ON")
    try:
        version = schema.user_version(conn)
    except sqlite3.OperationalError as exc:
        code = getattr(exc, "sqlite_errorname", "")
        if code not in ("SQLITE_READONLY_DIRECTORY", "SQLITE_CANTOPEN"):
            raise
        # WAL readers need the -shm file; only a writer of the folder can make it
        raise ReadOnlyDatabaseError(path, f"the file is read-only for you and {path.name}-shm "
                                    "is missing; it appears once someone with write access "
                                    "has it open") from None
    if version > schema.SCHEMA_VERSION:
        raise DatabaseTooNewError(path, version, schema.SCHEMA_VERSION)
    if version < schema.SCHEMA_VERSION:
        raise ReadOnlyDatabaseError(path, f"it needs an upgrade to schema "
                                    f"{schema.SCHEMA_VERSION}, which takes write access")


def _rollback(conn: sqlite3.Connection) -> None:
    with contextlib.suppress(sqlite3.Error):  # a damaged file may refuse even this
        if conn.in_transaction:
            conn.execute("ROLLBACK")


@contextlib.contextmanager
def mapped_errors(path: Path, why_denied: Callable[[], str] | None = None) -> Iterator[None]:
    """Turn SQLite's low-level errors about the file into plain one-line StoreErrors
    (`why_denied` words a refusal of the connection's authorizer)."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        text = str(exc)
        if why_denied is not None and ("not authorized" in text or "is prohibited" in text):
            raise ForbiddenError(why_denied()) from None
        if "file is not a database" in text:
            raise NotADatabaseError(path, "it is not a SQLite file") from None
        if "malformed" in text or "corrupt" in text:
            raise CorruptDatabaseError(path, text) from None
        if "readonly" in text or "read-only" in text:
            raise ReadOnlyDatabaseError(path) from None
        code = getattr(exc, "sqlite_errorname", "")
        if code == "SQLITE_FULL" or "disk is full" in text:
            raise StoreError(f"{path}: the disk is full; nothing was saved") from None
        if code.startswith("SQLITE_IOERR") or "disk I/O error" in text:
            raise StoreError(f"{path}: disk I/O error ({text}); nothing was saved") from None
        if "locked" in text or "busy" in text:
            raise BusyError(path) from None
        if "unable to open" in text:
            raise CannotOpenError(path, text) from None
        raise
