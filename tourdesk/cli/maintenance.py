"""Keeping the file safe: backups, putting one back, checking the file."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from tourdesk.cli.base import Options, cli
from tourdesk.domain.access import Capability
from tourdesk.domain.text import printable
from tourdesk.store import StoreError, open_store
from tourdesk.store.errors import ForbiddenError


def _require_maintain(options: Options) -> None:
    """Only a manager restores. A file too damaged to open has no roles to ask: then the
    file's own permissions are the guard."""
    try:
        store = open_store(options.db, options.actor)
    except ForbiddenError:
        raise
    except StoreError:
        return
    try:
        store.require(Capability.MAINTAIN)
    finally:
        store.close()


@cli.command()
@click.argument("dest", required=False, type=click.Path(path_type=Path))
@click.option("--auto-keep", type=click.IntRange(min=0), default=None, metavar="N",
              help="Keep the newest N daily automatic backups (0 turns them off).")
@click.pass_obj
def backup(options: Options, dest: Path | None, auto_keep: int | None) -> None:
    """Copy the database to DEST (a file or a folder) while others keep working; without
    DEST, show the automatic backups."""
    from tourdesk.services import backups

    with options.store() as store:
        if auto_keep is not None or dest is not None:
            store.require(Capability.MAINTAIN)
        if auto_keep is not None:
            backups.set_keep_count(store, auto_keep)
        if dest is not None:
            done = backups.copy_database(store.path, dest.expanduser())
            click.echo(f"backed up to {printable(done)}")
            return
        keep = backups.keep_count(store)
        folder = backups.backup_folder(store.path)
        click.echo(f"automatic backups: {'off' if keep == 0 else f'daily, newest {keep} kept'}"
                   f", in {printable(folder)}")
        click.echo(f"last automatic backup: {backups.last_automatic(store) or 'none yet'}")
        for made in reversed(backups.daily_backups(store.path)):
            click.echo(f"  {printable(made.name)}")


@cli.command()
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask: replace the database.")
@click.pass_obj
def restore(options: Options, source: Path, yes: bool) -> None:
    """Replace the database with the backup SOURCE (the current file is kept first)."""
    from tourdesk.services import backups

    path = options.path
    _require_maintain(options)
    found = backups.inspect(source.expanduser())
    question = (f"Replace {printable(path)} with {printable(found)}? Changes made since that "
                f"backup are lost (the current file is kept in "
                f"{printable(backups.backup_folder(path))}/)")
    if not yes:
        if not sys.stdin.isatty():
            raise StoreError(f"restore replaces {path}; there is no terminal to ask on, so "
                             f"pass --yes to confirm")
        click.confirm(question, abort=True, err=True)
    done = backups.restore(path, source.expanduser())
    open_store(path, options.actor).close()  # an older backup is brought up to date
    if done.kept:
        click.echo(f"kept the file as it was in {printable(done.kept)}")
    click.echo(f"restored {printable(path)} from {printable(found)}")


@cli.command()
@click.pass_obj
@click.pass_context
def check(ctx: click.Context, options: Options) -> None:
    """Check the file for damage and broken references; exit 1 when there are problems."""
    from tourdesk.services import backups

    report = backups.check(options.path)
    click.echo(printable(report, single_line=False))
    if report.problems:
        ctx.exit(1)
