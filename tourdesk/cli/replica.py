"""`tourdesk replica`: a copy on another machine, kept current by Litestream."""

from __future__ import annotations

from pathlib import Path

import click

from tourdesk.cli.base import Options, cli, say
from tourdesk.domain.access import Capability
from tourdesk.domain.text import printable
from tourdesk.store.connection import utc_now
from tourdesk.store.errors import ForbiddenError


@cli.group()
def replica() -> None:
    """A continuous copy of the database elsewhere (Litestream; managers only)."""


@replica.command("setup")
@click.option("--to", "url", required=True, metavar="URL",
              help="file:///path, sftp://user@host/path or s3://bucket/path.")
@click.option("--sync", "sync_s", type=float, default=1.0, show_default=True,
              metavar="SECONDS", help="How often changes are shipped.")
@click.option("--key", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="SSH private key for an sftp:// replica.")
@click.option("--host-key", default=None, metavar="'TYPE BASE64'",
              help="The sftp:// server's public key (default: from known_hosts).")
@click.pass_obj
def replica_setup(options: Options, url: str, sync_s: float, key: Path | None,
                  host_key: str | None) -> None:
    """Write the Litestream configuration for the database, beside it."""
    from tourdesk.services import replica as service

    if options.over_ssh and key is not None:
        raise ForbiddenError("over SSH --key names no server file; log in to the machine")
    with options.store() as store:
        target, config = service.setup(store, url, sync_s=sync_s, key=key,
                                       host_key=host_key)
    click.echo(f"wrote {printable(config)}: replica {printable(target)}, "
               f"changes shipped every {sync_s:g} s")
    click.echo("start it with: tourdesk replica run (or the systemd unit in docs/replica.md)")
    try:
        service.binary()
    except service.ReplicaError as exc:  # the configuration is written; say what is missing
        say(f"{exc} (needed by replica run, status and restore)", err=True)


def _checked(options: Options, *, missing_ok: bool = False) -> Path:
    """The database's path, once its roles say the user is a manager. A file that is
    gone (the case a replica is for) has no roles to ask: then the configuration's own
    file permissions are the guard, and no empty database is made in its place."""
    if missing_ok and not options.over_ssh and not options.path.exists():
        return options.path
    with options.store() as store:
        store.require(Capability.MAINTAIN)
        return store.path


@replica.command("run")
@click.pass_obj
@click.pass_context
def replica_run(ctx: click.Context, options: Options) -> None:
    """Replicate in the foreground until stopped (for systemd or tmux)."""
    from tourdesk.services import replica as service

    if options.over_ssh:
        raise ForbiddenError("replica run is a service of the account, not of a session: "
                             "run it under systemd on the server (see docs/replica.md)")
    path = _checked(options)
    service.binary()  # say how to install it before anything else
    click.echo(f"replicating {printable(path)}; stop with Ctrl-C or SIGTERM", err=True)
    code = service.run(path)
    if code not in (0, -15, 143):
        click.echo(f"tourdesk: Litestream stopped with status {code}", err=True)
    ctx.exit(0 if code in (0, -15, 143) else 1)


@replica.command("status")
@click.pass_obj
def replica_status(options: Options) -> None:
    """Where the replica is and how far behind it is."""
    from tourdesk.services import replica as service

    path = _checked(options, missing_ok=True)
    click.echo(printable(service.status(path, utc_now()).words()))


@replica.command("restore")
@click.option("--to", "dest", required=True, metavar="FILE",
              help="A new file for the restored database (over SSH: a name in backups/).")
@click.option("--at", "at", default=None, metavar="TIME",
              help="Point in time, e.g. 2026-10-21T18:30:00Z (UTC unless an offset is given).")
@click.pass_obj
def replica_restore(options: Options, dest: str, at: str | None) -> None:
    """Bring back the replica's latest state (or its state at TIME) as FILE, checked."""
    from tourdesk.services import replica as service

    when = service.parse_time(at) if at is not None else None
    path = _checked(options, missing_ok=True)
    target = service.restore_target(path, dest, over_ssh=options.over_ssh)
    service.binary()
    started = utc_now()
    found = service.restore(path, target, when)
    took = (utc_now() - started).total_seconds()
    click.echo(f"restored {printable(found)} in {took:.1f} s")
    click.echo(f"to put it in place: tourdesk restore {printable(found.path)}")
