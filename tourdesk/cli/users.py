"""Who may use this file, with which role: managers add, change and remove users."""

from __future__ import annotations

import click

from tourdesk.cli.base import Options, cli, table
from tourdesk.domain.access import Role
from tourdesk.store import Store

ROLES = click.Choice([r.value for r in Role])


@cli.group()
def user() -> None:
    """Users and their roles (managers only). With no users, everyone is a manager."""


@user.command("list")
@click.pass_obj
def user_list(options: Options) -> None:
    """Every user with their role and linked person."""
    from tourdesk.store import users

    with options.store() as store:
        rows = [(u.login, u.role.value, u.person) for u in users.users(store)]
    click.echo(table(("login", "role", "person"), rows) if rows else
               "no users: everyone who opens the file is a manager")


@user.command("add")
@click.argument("login")
@click.option("--role", "role", type=ROLES, required=True, help="What they may see and do.")
@click.option("--person", default=None, metavar="NAME",
              help="The crew list's person they are (their own calls and pay).")
@click.pass_obj
def user_add(options: Options, login: str, role: str, person: str | None) -> None:
    """Let LOGIN in with a role. The first user must be a manager."""
    from tourdesk.store import users

    with options.store() as store:
        users.add(store, login, Role(role), _person_id(store, person))
    click.echo(f"added {login} as {role}")


@user.command("set")
@click.argument("login")
@click.option("--role", "role", type=ROLES, default=None, help="A new role.")
@click.option("--person", default=None, metavar="NAME",
              help="Link to this person ('' unlinks).")
@click.pass_obj
def user_set(options: Options, login: str, role: str | None, person: str | None) -> None:
    """Change LOGIN's role or linked person (from their next start)."""
    from tourdesk.store import users

    with options.store() as store:
        changes: dict[str, object] = {}
        if person is not None:
            changes["person_id"] = _person_id(store, person)
        done = users.change(store, login, role=Role(role) if role else None, **changes)
    click.echo(f"{done.login} is {done.role.value}" + (f", {done.person}" if done.person else ""))


@user.command("remove")
@click.argument("login")
@click.pass_obj
def user_remove(options: Options, login: str) -> None:
    """Stop LOGIN from opening the file."""
    from tourdesk.store import users

    with options.store() as store:
        users.remove(store, login)
    click.echo(f"removed {login}")


def _person_id(store: Store, name: str | None) -> int | None:
    from tourdesk.store import crew

    return crew.person_named(store, name).id if name else None
