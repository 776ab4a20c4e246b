"""Who may use this file, with which role and which SSH keys: managers add, change and
remove users. Changes of users and keys rewrite the service account's authorized_keys
when `tourdesk ssh authorized-keys --write` has been run once."""

from __future__ import annotations

from pathlib import Path

import click

from tourdesk.cli.base import Options, cli, read_source, say, table
from tourdesk.domain.access import Role
from tourdesk.store import Store

ROLES = click.Choice([r.value for r in Role])
KEY_FILE = click.Path(dir_okay=False, allow_dash=True, path_type=Path)


@cli.group()
def user() -> None:
    """Users, their roles and SSH keys (managers only). With no users, everyone is a
    manager."""


@user.command("list")
@click.pass_obj
def user_list(options: Options) -> None:
    """Every user with their role, linked person and number of keys."""
    from tourdesk.store import users

    with options.store(read_only=True) as store:
        counts: dict[str, int] = {}
        for k in users.keys(store):
            counts[k.login] = counts.get(k.login, 0) + 1
        rows = [(u.login, u.role.value, u.person, counts.get(u.login, 0))
                for u in users.users(store)]
    click.echo(table(("login", "role", "person", "keys"), rows) if rows else
               "no users: everyone who opens the file is a manager")


@user.command("add")
@click.argument("login")
@click.option("--role", "role", type=ROLES, required=True, help="What they may see and do.")
@click.option("--person", default=None, metavar="NAME",
              help="The crew list's person they are (their own calls and pay).")
@click.option("--key", "key_file", type=KEY_FILE, default=None,
              help="Their SSH public key (.pub file, or - for standard input).")
@click.pass_obj
def user_add(options: Options, login: str, role: str, person: str | None,
             key_file: Path | None) -> None:
    """Let LOGIN in with a role (and a key). The first user must be a manager."""
    from tourdesk.store import users

    key = _key(key_file) if key_file is not None else None
    with options.store() as store:
        with store.write():  # the user and their key, or neither
            users.add(store, login, Role(role), _person_id(store, person))
            if key is not None:
                users.add_key(store, login, key)
        _sync(store)
    say(f"added {login} as {role}" + (f" with key {key.fingerprint}" if key else ""))


@user.command("set")
@click.argument("login")
@click.option("--role", "role", type=ROLES, default=None, help="A new role.")
@click.option("--person", default=None, metavar="NAME",
              help="Link to this person ('' unlinks).")
@click.pass_obj
def user_set(options: Options, login: str, role: str | None, person: str | None) -> None:
    """Change LOGIN's role or linked person (a running session of theirs ends at its
    next save)."""
    from tourdesk.store import users

    with options.store() as store:
        changes: dict[str, object] = {}
        if person is not None:
            changes["person_id"] = _person_id(store, person)
        done = users.change(store, login, role=Role(role) if role else None, **changes)
    say(f"{done.login} is {done.role.value}" + (f", {done.person}" if done.person else ""))


@user.command("remove")
@click.argument("login")
@click.pass_obj
def user_remove(options: Options, login: str) -> None:
    """Stop LOGIN from opening the file, and their keys from logging in."""
    from tourdesk.store import users

    with options.store() as store:
        users.remove(store, login)
        _sync(store)
    say(f"removed {login}")


@user.group("key")
def key() -> None:
    """Users' SSH public keys (one person may have several: laptop, phone)."""


@key.command("add")
@click.argument("login")
@click.argument("key_file", metavar="FILE", type=KEY_FILE)
@click.pass_obj
def key_add(options: Options, login: str, key_file: Path) -> None:
    """Let LOGIN log in with the public key in FILE (- for standard input)."""
    from tourdesk.store import users

    public = _key(key_file)
    with options.store() as store:
        users.add_key(store, login, public)
        _sync(store)
    say(f"{login} may log in with {public.fingerprint}")


@key.command("remove")
@click.argument("login")
@click.argument("fingerprint")
@click.pass_obj
def key_remove(options: Options, login: str, fingerprint: str) -> None:
    """Stop the key FINGERPRINT (as `user key list` shows it) from logging in."""
    from tourdesk.store import users

    with options.store() as store:
        users.remove_key(store, login, fingerprint)
        _sync(store)
    say(f"removed {fingerprint} from {login}")


@key.command("list")
@click.pass_obj
def key_list(options: Options) -> None:
    """Every user's keys with their fingerprints."""
    from tourdesk.store import users

    with options.store(read_only=True) as store:
        rows = [(k.login, k.key.key_type, k.fingerprint, k.key.comment)
                for k in users.keys(store)]
    click.echo(table(("login", "type", "fingerprint", "comment"), rows) if rows else
               "no keys: add one with tourdesk user key add LOGIN FILE")


def _key(source: Path):
    from tourdesk.domain.errors import ValidationError
    from tourdesk.domain.sshkeys import parse_public_key

    text = read_source(source)
    if isinstance(text, Path):
        try:
            text = text.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ValidationError("key", f"cannot read {source}: {exc}") from None
    return parse_public_key(text)


def _sync(store: Store) -> None:
    from tourdesk.services import ssh_access

    done = ssh_access.sync(store)
    if done is not None:
        say(f"updated {done}", err=True)


def _person_id(store: Store, name: str | None) -> int | None:
    from tourdesk.store import crew

    return crew.person_named(store, name).id if name else None
