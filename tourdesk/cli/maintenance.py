"""Keeping the file safe: backups, putting one back, checking the file.

`backup DEST` and `restore SOURCE` are for managers. Over SSH, DEST and SOURCE are
names of plain files in the data folder's `backups/`: no folder, no `..`, no symlink.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

import click

from tourdesk.cli.base import Options, cli
from tourdesk.domain.access import Capability
from tourdesk.domain.text import printable
from tourdesk.store import StoreError, open_store
from tourdesk.store.connection import utc_now
from tourdesk.store.errors import ForbiddenError

ACCESS_KEPT = "kept the current users and their keys: access is never restored from a backup"


def _require_restorer(options: Options) -> None:
    """Who may restore is decided by the live file's users. When it cannot be opened
    there are no users to ask: then only its owner (or root) at the machine may."""
    path = options.path
    try:
        store = open_store(options.db, options.actor, remote=options.over_ssh)
    except ForbiddenError:
        raise
    except StoreError as exc:
        _require_owner(options, path, exc)
        return
    try:
        store.require(Capability.MAINTAIN)
    finally:
        store.close()


def _require_owner(options: Options, path: Path, why: StoreError) -> None:
    if options.over_ssh:
        raise ForbiddenError(f"{why}; over SSH nobody may restore a file that cannot be "
                             "opened: the account that owns it restores it at the machine")
    owner = (path if path.exists() else path.parent).stat().st_uid
    if os.geteuid() not in (0, owner):
        raise ForbiddenError(f"{why}; only the owner of {path} (or root) may restore a file "
                             "that cannot be opened")


def _in_backups(options: Options, name: Path) -> Path:
    """`name` as given at a local terminal; over SSH, a plain file in `backups/`."""
    if not options.over_ssh:
        return name.expanduser()
    from tourdesk.services import backups

    folder = backups.backup_folder(options.path)
    raw = str(name)
    if not raw or raw.startswith(".") or "/" in raw or "\\" in raw or raw.startswith("~"):
        raise ForbiddenError(f"over SSH, backup and restore take the name of a file in "
                             f"{folder} (no folder, no '..', no hidden name): {raw}")
    target = folder / raw
    if target.is_symlink() or target.is_dir():
        raise ForbiddenError(f"over SSH, backup and restore use only plain files in "
                             f"{folder}: {raw} is not one")
    return target


@cli.command()
@click.argument("dest", required=False, type=click.Path(path_type=Path))
@click.option("--auto-keep", type=click.IntRange(min=0), default=None, metavar="N",
              help="Keep the newest N daily automatic backups (0 turns them off).")
@click.option("--auto", "auto", is_flag=True,
              help="Make today's automatic backup if it is due, and wait for it (what a "
                   "systemd timer runs; while one does, commands start none).")
@click.option("--started-by-command", is_flag=True, hidden=True)
@click.pass_obj
def backup(options: Options, dest: Path | None, auto_keep: int | None, auto: bool,
           started_by_command: bool) -> None:
    """Copy the database to DEST (a file or a folder) while others keep working; without
    DEST, show the automatic backups."""
    from tourdesk.services import backups

    if auto:
        if dest is not None or auto_keep is not None:
            raise click.UsageError("--auto takes no DEST and no --auto-keep")
        _automatic(options, by_timer=not started_by_command)
        return
    with options.store() as store:
        if auto_keep is not None or dest is not None:
            store.require(Capability.MAINTAIN)
        if auto_keep is not None:
            backups.set_keep_count(store, auto_keep)
        if dest is not None:
            target = _in_backups(options, dest)
            if options.over_ssh:
                backups.backup_folder(store.path).mkdir(exist_ok=True)
            done = backups.copy_database(store.path, target)
            click.echo(f"backed up to {printable(done)}")
            return
        keep = backups.keep_count(store)
        folder = backups.backup_folder(store.path)
        how = ("made by a timer (tourdesk backup --auto)" if backups.timer_active(store.path)
               else "started in the background after a command")
        click.echo(f"automatic backups: {'off' if keep == 0 else f'daily, newest {keep} kept'}"
                   f", in {printable(folder)}" + (f"; {how}" if keep else ""))
        click.echo(f"last automatic backup: {backups.last_automatic(store.path) or 'none yet'}")
        failed = backups.last_failure(store.path)
        if failed:
            click.echo(f"last attempt failed: {printable(failed)}")
        for made in reversed(backups.daily_backups(store.path)):
            click.echo(f"  {printable(made.name)}")


def _automatic(options: Options, *, by_timer: bool) -> None:
    """Today's automatic backup, made here and now. Opens the file read-only and asks
    for no user: it runs as the account that owns the file."""
    from tourdesk.services import backups

    if options.over_ssh:
        raise ForbiddenError("backup --auto runs from the service account's timer, not "
                             "over SSH")
    path = options.path
    if not path.exists():
        raise StoreError(f"cannot back up {path}: there is no such file")
    keep = backups.stored_keep_count(path)
    if keep == 0:
        click.echo("automatic backups are off (tourdesk backup --auto-keep N turns them on)")
        return
    day = utc_now().date().isoformat()
    made = backups.make_daily(path, day, keep, by_timer=by_timer)
    if made is not None:
        click.echo(f"backed up to {printable(made)}")
    elif backups.daily_path(path, day).exists():
        click.echo(f"today's backup is there already: "
                   f"{printable(backups.daily_path(path, day))}")
    else:
        click.echo("another process is making today's backup")


@cli.command()
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask: replace the database.")
@click.pass_obj
def restore(options: Options, source: Path, yes: bool) -> None:
    """Replace the database with the backup SOURCE (the current file is kept first;
    the current users and their keys stay)."""
    from tourdesk.services import backups

    path = options.path
    _require_restorer(options)  # the role first: a refused user learns nothing more
    source = _in_backups(options, source)
    found = backups.inspect(source)
    question = (f"Replace {printable(path)} with {printable(found)}? Changes made since that "
                f"backup are lost (the current file is kept in "
                f"{printable(backups.backup_folder(path))}/)")
    if not yes:
        if not sys.stdin.isatty():
            raise StoreError(f"restore replaces {path}; there is no terminal to ask on, so "
                             f"pass --yes to confirm")
        click.confirm(question, abort=True, err=True)
    done = backups.restore(path, source)
    with contextlib.suppress(ForbiddenError):  # WAL again after a file was replaced whole
        open_store(path, options.actor, remote=options.over_ssh).close()
    if done.kept:
        click.echo(f"kept the file as it was in {printable(done.kept)}")
    if done.kept_users:
        click.echo(ACCESS_KEPT)
    click.echo(f"restored {printable(path)} from {printable(found)}")


@cli.command()
@click.pass_obj
@click.pass_context
def check(ctx: click.Context, options: Options) -> None:
    """Check the file for damage, broken references, a full disk and commits still in
    the -wal; exit 1 when there are problems."""
    from tourdesk.services import backups

    report = backups.check(options.path)
    click.echo(printable(report, single_line=False))
    if report.problems:
        ctx.exit(1)
