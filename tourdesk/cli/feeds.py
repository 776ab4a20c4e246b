"""Subscribable calendar feeds: make, list and revoke them; serve them to phones."""

from __future__ import annotations

import sys

import click

from tourdesk.cli.base import Options, cli, table
from tourdesk.domain.text import printable


@cli.group()
def feed() -> None:
    """Calendar feeds phones subscribe to (each at its own secret address)."""


@feed.command("create")
@click.option("--tour", "tour_name", default=None, help="Tour name.")
@click.option("--all", "everything", is_flag=True, help="Every tour, now and to come.")
@click.option("--group", type=click.Choice(["band", "crew"]), default=None,
              help="The band's or the crew's calendar (default: the whole tour).")
@click.option("--person", default=None, metavar="NAME", help="One person's calendar.")
@click.option("--label", default="", help="Whose phone it is for, to recognise it later.")
@click.option("--alarm", type=click.IntRange(0, 1440), default=None, metavar="MINUTES",
              help="A reminder this many minutes before each timed event (call, item).")
@click.pass_obj
def feed_create(options: Options, tour_name: str | None, everything: bool, group: str | None,
                person: str | None, label: str, alarm: int | None) -> None:
    """Make a feed and print its address (its maker may show it again until first fetched)."""
    from tourdesk.cli.calendars import chosen_scope
    from tourdesk.services import feed_addresses
    from tourdesk.store import tours

    if everything == (tour_name is not None):
        raise click.UsageError("give either --tour NAME or --all")
    with options.store() as store:
        tour_id = None if everything else tours.named(store, tour_name or "").id
        scope = chosen_scope(store, group, person)
        made, address = feed_addresses.create(store, tour_id, scope.audience.value,
                                              scope.person_id, label, alarm)
        click.echo(printable(f"feed {made.id}: {made.describes}"
                             f"{' (' + made.label + ')' if made.label else ''}"))
        click.echo(printable(address))
    click.echo(f"Send this address to the phone now. Until a phone first fetches it, "
               f"`tourdesk feed address {made.id}` shows it to you again; "
               f"`tourdesk feed revoke {made.id}` stops it.", err=True)


@feed.command("address")
@click.argument("feed_id", type=int)
@click.pass_obj
def feed_address(options: Options, feed_id: int) -> None:
    """Show a feed's address again: to whoever made it, until a phone first fetches it."""
    from tourdesk.services import feed_addresses

    with options.store() as store:
        click.echo(printable(feed_addresses.show_again(store, feed_id)))


@feed.command("list")
@click.pass_obj
def feed_list(options: Options) -> None:
    """Every feed: what it shows, for whom, and whether it is live (never the address)."""
    from tourdesk.store import feeds

    with options.store(read_only=True) as store:
        found = feeds.feeds(store)
    click.echo(table(("id", "calendar", "label", "made", "by", "state"), [
        (f.id, f.describes, f.label, f.created_at[:16].replace("T", " "), f.created_by,
         "live" if f.active else f"revoked {(f.revoked_at or '')[:10]}") for f in found]))


@feed.command("revoke")
@click.argument("feed_id", type=int)
@click.pass_obj
def feed_revoke(options: Options, feed_id: int) -> None:
    """Stop a feed: its address answers 404 from the next fetch on."""
    from tourdesk.store import feeds

    with options.store() as store:
        gone = feeds.revoke(store, feed_id)
    click.echo(printable(f"feed {gone.id} revoked ({gone.describes})"))


@feed.command("base-url")
@click.argument("url", required=False)
@click.pass_obj
def feed_base_url(options: Options, url: str | None) -> None:
    """Show or set the public address feeds are printed with (the TLS proxy's)."""
    from tourdesk.store import feeds

    with options.store(read_only=not url) as store:
        click.echo(printable(feeds.set_base_url(store, url) if url else feeds.base_url(store)))


@cli.command("serve-calendar")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; keep the default behind a reverse proxy.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535),
              help="Port (0 picks a free one).")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64))
@click.option("--quiet", is_flag=True, help="No line per request.")
@click.pass_obj
def serve_calendar(options: Options, host: str, port: int, threads: int, quiet: bool) -> None:
    """Serve calendar feeds over HTTP until stopped (Ctrl+C)."""
    from tourdesk.services.feed_server import serve

    def say(line: str) -> None:
        click.echo(line, err=True)
        sys.stderr.flush()

    with options.store() as store:
        serve(store, host, port, threads,
              ready=lambda url: say(f"serving calendar feeds on {url}/feed/<token>.ics"),
              log=None if quiet else say)
