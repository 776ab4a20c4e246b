"""Logging in over SSH: each person's key forces `tourdesk --db DB ssh-shell LOGIN`.

`ssh-shell` runs the command the client asked for ($SSH_ORIGINAL_COMMAND, split like a
shell would but never run by one) as LOGIN, or opens the TUI when there is none.
Nothing the client sends picks the database or the login: global options other than
`--no-mouse` are refused, and so are commands that would outlive the session or nest
another shell. `ssh authorized-keys` renders every user's key lines."""

from __future__ import annotations

import os
import shlex
from pathlib import Path

import click

from tourdesk.cli.base import Options, cli
from tourdesk.domain.errors import ValidationError
from tourdesk.domain.sshkeys import check_ssh_login
from tourdesk.domain.text import printable
from tourdesk.store.errors import ForbiddenError

# Not from a session: a server runs as a service of the account (a systemd unit), and a
# shell inside a shell could name another login.
NOT_OVER_SSH = {
    "ssh-shell": "a session cannot start another",
    "serve-calendar": "the feed server runs as a service of the account (see "
                      "docs/deployment.md), not inside somebody's SSH session",
}
CLIENT_OPTIONS = {"--no-mouse"}


def client_words(original: str | None) -> tuple[list[str], bool]:
    """The client's command as words, and whether it asked for no mouse."""
    try:
        words = shlex.split(original or "")
    except ValueError as exc:
        raise ValidationError("command", f"cannot read it: {exc}") from None
    if words and words[0] == "tourdesk":
        words = words[1:]
    mouse = True
    while words and words[0].startswith("-") and words[0] not in ("-h", "--help",
                                                                   "--version"):
        if words[0] not in CLIENT_OPTIONS:
            raise ForbiddenError(f"{words[0]}: over SSH the database and the login come from "
                                 "your key; give only a command (and --no-mouse)")
        mouse = False
        words = words[1:]
    if words and words[0] in NOT_OVER_SSH:
        raise ForbiddenError(f"{words[0]} is not available over SSH: {NOT_OVER_SSH[words[0]]}")
    return words, mouse


@cli.command("ssh-shell")
@click.argument("login")
@click.pass_obj
def ssh_shell(options: Options, login: str) -> None:
    """For the service account's authorized_keys: run the SSH client's tourdesk command
    (or the TUI) as LOGIN."""
    from tourdesk.cli.session import end_with_parent

    if options.over_ssh:
        raise ForbiddenError("ssh-shell is not available over SSH: a session cannot start "
                             "another")
    check_ssh_login(login)
    words, mouse = client_words(os.environ.get("SSH_ORIGINAL_COMMAND"))
    end_with_parent()
    forced = Options(db=options.db, actor=login, mouse=mouse and options.mouse, over_ssh=True)
    cli.main(args=words, prog_name="tourdesk", obj=forced)


@cli.group()
def ssh() -> None:
    """The service account's SSH set-up (managers only)."""


@ssh.command("authorized-keys")
@click.option("--write", "write", is_flag=True,
              help="Replace tourdesk's lines in the account's ~/.ssh/authorized_keys "
                   "(other lines are kept); later user and key changes keep it current.")
@click.option("--file", "file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Another authorized_keys file (not over SSH).")
@click.option("--program", default=None, metavar="PATH",
              help="The tourdesk program sshd should run (default: this one).")
@click.pass_obj
def authorized_keys(options: Options, write: bool, file: Path | None,
                    program: str | None) -> None:
    """Every user's key as an authorized_keys line forcing `tourdesk ssh-shell LOGIN`."""
    from tourdesk.services import ssh_access

    if options.over_ssh and (file is not None or program is not None):
        raise ForbiddenError("over SSH the file and program are the account's own: leave out "
                             "--file and --program")
    with options.store(read_only=not write) as store:
        if write:
            done = ssh_access.write(store, file, program)
            click.echo(f"wrote {len(ssh_access.lines(store, program))} key line(s) to "
                       f"{printable(done)}", err=True)
        else:
            for line in ssh_access.lines(store, program):
                click.echo(printable(line))
