"""Files tourdesk writes for people: exports, the service account's authorized_keys.

Every file is written to a temporary file created with O_EXCL|O_NOFOLLOW under an
unpredictable name in the destination's folder, flushed to disk, then renamed over the
destination: nobody can plant a symlink for us to follow, a crash never leaves half a
file under the real name, and a failure leaves no temporary behind. No export may land
on the database, its -wal, -shm or -journal, or anything in its backups folder."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from tourdesk.store.errors import ForbiddenError, StoreError

COMPANIONS = ("", "-wal", "-shm", "-journal")
BACKUPS = "backups"


def protected(db_path: Path) -> tuple[list[Path], Path]:
    """The database's own files, and its backups folder."""
    real = db_path.resolve()
    return [Path(f"{real}{c}") for c in COMPANIONS], real.parent / BACKUPS


def check_output(dest: Path, db_path: Path) -> Path:
    """`dest` as an absolute path (its last part not followed: a link there is replaced,
    never written through), refused when it is (or links to) one of the database's
    files or lies in its backups folder."""
    dest = Path(os.path.abspath(dest.expanduser()))
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


def write_new(dest: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Write `data` to `dest` through an exclusive temporary file and a rename."""
    folder = dest.parent
    tmp = folder / f".{dest.name}.{secrets.token_hex(8)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(tmp, flags, mode)
    except OSError as exc:
        raise StoreError(f"cannot write {dest}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, dest)
        sync_folder(folder)
    except OSError as exc:
        raise StoreError(f"cannot write {dest}: {exc.strerror or exc}") from None
    finally:
        tmp.unlink(missing_ok=True)


def sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
