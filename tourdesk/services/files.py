"""Writing files safely: a temporary file of our own, then a rename; and which files an
export may never be.

A temporary file is created with `O_CREAT|O_EXCL|O_NOFOLLOW` and mode 0600 under a name
nobody can guess (`.tourdesk-<pid>-<random>.part`) in the folder of the file it becomes,
so a planted file or symlink is never followed and a half-written file never has the
real name. It is flushed to disk, checked to be still the file we created, and renamed
over the destination. Every failure path removes it; a process killed in the middle
leaves it behind, and the next run that writes into the same folder removes such
leftovers once their writer is gone (`sweep_leftovers`).

No export may land on the database, its -wal, -shm or -journal, or anything in its
backups folder (`check_output`); a symlink at the destination is replaced by the rename,
never written through.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import sqlite3
import stat
import time
from collections.abc import Iterator
from pathlib import Path

from tourdesk.store.errors import ForbiddenError, StoreError

PREFIX = ".tourdesk-"
COMPANIONS = ("", "-wal", "-shm", "-journal")
BACKUPS = "backups"
STALE_AFTER_S = 300  # a leftover this old whose writer is gone is removed
_OURS = re.compile(r"\.tourdesk-(\d+)-[0-9a-f]{16}\.part(?:-journal|-wal|-shm)?")
_OLDER = re.compile(r"\..+\.(\d+)\.part(?:-journal|-wal|-shm)?")  # earlier versions' names
_FULL = (errno.ENOSPC, errno.EDQUOT)
LOW_SPACE = 1 << 20  # below this many free bytes, a failed write is a full disk


class Temporary:
    """A temporary file in `folder`, created by us and open as `fd`."""

    def __init__(self, folder: Path) -> None:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        while True:  # os.urandom, not `secrets`: whose import every export would pay
            self.path = folder / f"{PREFIX}{os.getpid()}-{os.urandom(8).hex()}.part"
            try:
                self.fd = os.open(self.path, flags, 0o600)
                return
            except FileExistsError:  # pragma: no cover - 64 random bits collided
                continue

    def companions(self) -> list[Path]:
        return [Path(f"{self.path}{s}") for s in ("-journal", "-wal", "-shm")]

    def publish(self, dest: Path) -> None:
        """Flush the file and rename it to `dest`, if it is still the file we made."""
        if not os.path.samestat(os.fstat(self.fd), os.lstat(self.path)):
            raise StoreError(f"cannot write {dest}: its temporary file was replaced by "
                             "someone else; nothing was written")
        os.fsync(self.fd)
        refuse_special(dest)
        os.replace(self.path, dest)
        sync_folder(dest.parent)

    def discard(self) -> None:
        for path in (self.path, *self.companions()):
            path.unlink(missing_ok=True)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.fd)


@contextlib.contextmanager
def temporary(folder: Path, dest: Path, what: str) -> Iterator[Temporary]:
    """A temporary file for `what` (words for messages) that becomes `dest`; removed
    whatever happens unless it was published. A full disk or an OS error ends in one
    line naming `dest`."""
    try:
        tmp = Temporary(folder)
    except OSError as exc:
        raise write_error(what, dest, exc) from None
    try:
        yield tmp
    except (OSError, sqlite3.Error) as exc:
        tmp.close()
        tmp.discard()
        raise write_error(what, dest, exc) from None
    except BaseException:
        tmp.close()
        tmp.discard()
        raise
    tmp.close()
    tmp.discard()  # published: only its SQLite companions, if any, are left to remove


def free_bytes(folder: Path) -> int | None:
    try:
        st = os.statvfs(folder)
    except OSError:
        return None
    return st.f_bavail * st.f_frsize


def disk_full(exc: BaseException, folder: Path) -> bool:
    """Whether `exc` comes from a full disk under `folder` (SQLite words it as an I/O
    error when it cannot grow its shared-memory file)."""
    if isinstance(exc, OSError) and exc.errno in _FULL:
        return True
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorname", "")
        if code == "SQLITE_FULL" or "disk is full" in str(exc):
            return True
        if code.startswith("SQLITE_IOERR") or "disk I/O error" in str(exc):
            free = free_bytes(folder)
            return free is not None and free < LOW_SPACE
    return False


def write_error(what: str, dest: Path, exc: BaseException) -> StoreError:
    if disk_full(exc, dest.parent):
        free = free_bytes(dest.parent)
        room = f" ({free:,} bytes free)" if free is not None else ""
        return StoreError(f"cannot write {what} to {dest}: the disk is full{room}; nothing "
                          "was changed: free some space and try again")
    if isinstance(exc, OSError):
        return StoreError(f"cannot write {what} to {dest}: {exc.strerror or exc}")
    return StoreError(f"cannot write {what} to {dest}: {exc}")


def sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    return True


def sweep_leftovers(folder: Path, *, now: float | None = None) -> list[Path]:
    """Remove temporary files a killed tourdesk left in `folder`: ours by name, older
    than STALE_AFTER_S, whose writing process is gone. Returns what was removed."""
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _OURS.fullmatch(entry.name) or _OLDER.fullmatch(entry.name)
        if match is None:
            continue
        try:
            st = entry.stat(follow_symlinks=False)
            if now - st.st_mtime < STALE_AFTER_S or _alive(int(match.group(1))):
                continue
            os.unlink(entry.path)
            removed.append(Path(entry.path))
        except OSError:  # gone meanwhile, or not ours to remove
            continue
    return removed


def copy_file(source: Path, dest: Path, what: str) -> None:
    """The bytes of `source` at `dest`, through a temporary file."""
    import shutil  # here: writing an export should not load it (and bz2, lzma with it)

    with temporary(dest.parent, dest, what) as tmp, source.open("rb") as src:
        with open(tmp.fd, "wb", closefd=False) as out:
            shutil.copyfileobj(src, out, 1 << 20)
        tmp.publish(dest)


def write_new(dest: Path, data: bytes, *, mode: int = 0o600) -> None:
    """`data` as the file `dest`, through a temporary file and a rename."""
    with temporary(dest.parent, dest, dest.name) as tmp:
        view = memoryview(data)
        while view:
            view = view[os.write(tmp.fd, view):]
        os.fchmod(tmp.fd, mode)
        tmp.publish(dest)


def protected(db_path: Path) -> tuple[list[Path], Path]:
    """The database's own files (with the key that seals feed addresses), and its
    backups folder."""
    real = db_path.resolve()
    return [Path(f"{real}{c}") for c in (*COMPANIONS, ".feed-key")], real.parent / BACKUPS


def refuse_special(dest: Path) -> None:
    """A rename onto a device, a pipe, a socket or a folder (or a link to one) would
    replace it: `-o /dev/null` run as root would leave a plain file where the null
    device was. Only a new name or a regular file (or a link to one) may be written."""
    try:
        here = os.lstat(dest)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(f"cannot write {dest}: {exc.strerror or exc}") from None
    mode = here.st_mode
    if stat.S_ISLNK(mode):
        try:
            mode = os.stat(dest).st_mode
        except OSError:
            return  # a dangling link: the rename replaces the link, never its target
    if not stat.S_ISREG(mode):
        raise ForbiddenError(f"{dest} is not a regular file (a device, pipe or folder): "
                             "name a file, or leave out -o to print to standard output")


def check_output(dest: Path, db_path: Path) -> Path:
    """`dest` as an absolute path (its last part not followed: a link there is replaced,
    never written through), refused when it is (or links to) one of the database's
    files or lies in its backups folder."""
    dest = Path(os.path.abspath(dest.expanduser()))
    refuse_special(dest)
    target = dest.resolve()
    files, backups = protected(db_path)
    if target in files or target.is_relative_to(backups):
        raise ForbiddenError(f"{dest} is the database or one of its backups: write exports "
                             "somewhere else (or to standard output)")
    with contextlib.suppress(OSError):
        if any(f.exists() and os.path.samefile(target, f) for f in files):
            raise ForbiddenError(f"{dest} is the database under another name: write exports "
                                 "somewhere else")
    return dest.parent.resolve() / dest.name
