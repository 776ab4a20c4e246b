"""The service account's authorized_keys, rendered from the users and their keys.

Each key's line forces `tourdesk --db DB ssh-shell LOGIN` with `restrict,pty`. Only the
lines between tourdesk's markers are ours: `write` replaces them atomically and keeps
every other line. Once written, the file's path is a setting, and adding or removing a
user or a key writes it again in the same command, so a removed key is refused at its
next connection."""

from __future__ import annotations

import sys
from pathlib import Path

from tourdesk.domain.access import Capability
from tourdesk.domain.sshkeys import authorized_line, forced_command, replace_managed
from tourdesk.services.files import write_new
from tourdesk.store import settings, users
from tourdesk.store.connection import Store
from tourdesk.store.errors import ForbiddenError


def default_file() -> Path:
    return Path.home() / ".ssh" / "authorized_keys"


def executable() -> str:
    """This tourdesk's own program, so the forced command runs the same install."""
    beside = Path(sys.executable).parent / "tourdesk"
    return str(beside) if beside.exists() else "tourdesk"


def lines(store: Store, program: str | None = None) -> list[str]:
    store.require(Capability.MANAGE_USERS)
    db = str(store.path.resolve())
    return [authorized_line(forced_command(program or executable(), db, k.login), k.key)
            for k in users.keys(store)]


def write(store: Store, file: Path | None = None, program: str | None = None) -> Path:
    """Replace tourdesk's lines in `file` (the account's own by default) and remember it."""
    store.require(Capability.MANAGE_USERS)
    target = file or default_file()
    if target.is_symlink():
        raise ForbiddenError(f"{target} is a symbolic link: tourdesk writes only a real file")
    target.parent.mkdir(mode=0o700, exist_ok=True)
    existing = target.read_text(encoding="utf-8") if target.exists() else ""
    write_new(target, replace_managed(existing, lines(store, program)).encode(), mode=0o600)
    settings.put(store, settings.AUTHORIZED_KEYS, str(target.resolve()))
    return target


def sync(store: Store) -> Path | None:
    """After a change of users or keys: write the file again if one was written before."""
    known = settings.get(store, settings.AUTHORIZED_KEYS, "")
    return write(store, Path(known)) if known else None
