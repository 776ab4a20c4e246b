"""Commands for a gig day's further events: a second show, a session elsewhere."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from tourdesk.cli.base import Options, cli, gig_on, say, table
from tourdesk.domain.events import EventKind
from tourdesk.domain.kinds import GigStatus
from tourdesk.domain.models import iso_date

_EVENT_OPTIONS = (
    click.option("--kind", default=None, type=click.Choice([k.value for k in EventKind]),
                 help="show (default), rehearsal, studio or other."),
    click.option("--status", default=None, type=click.Choice([s.value for s in GigStatus]),
                 help="Its own status (default confirmed)."),
    click.option("--venue", default=None, help="A known venue (with --city)."),
    click.option("--city", default=None, help="The venue's city, or the city alone."),
    click.option("--country", default=None, help="Two-letter code, with --city alone."),
    click.option("--zone", default=None, help="IANA zone, with --city alone."),
    click.option("--notes", default=None),
)


def _event_options(command: Callable[..., None]) -> Callable[..., None]:
    for option in reversed(_EVENT_OPTIONS):
        command = option(command)
    return command


@cli.group()
def event() -> None:
    """Several events a day: the gig day is the main one; add a second show, a session
    elsewhere, each with its own place, clock, status, schedule, calls and settlement."""


@event.command("add")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.option("--label", required=True, help="What people call it: \"Festival\", "
                                             "\"Late show\".")
@_event_options
@click.argument("day", metavar="DATE")
@click.pass_obj
def event_add(options: Options, tour_name: str, label: str, day: str, **given: Any) -> None:
    """Add an event to a gig day (no place: at the day's)."""
    from tourdesk.services.events import add_event

    with options.store() as store:
        e = add_event(store, gig_on(store, tour_name, iso_date(day, "DATE")),
                      {**given, "label": label})
    say(f"added {e.label} on {day} (id {e.id})")


@event.command("set")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.option("--event", "name", required=True, help="The event: its label or id.")
@click.option("--label", default=None, help="A new label.")
@_event_options
@click.argument("day", metavar="DATE")
@click.pass_obj
def event_set(options: Options, tour_name: str, name: str, day: str, **given: Any) -> None:
    """Change an event: only what is given; an empty --city puts it at the day's place."""
    from tourdesk.services.events import set_event

    with options.store() as store:
        e = set_event(store, gig_on(store, tour_name, iso_date(day, "DATE")), name, given)
    say(f"changed {e.label} on {day}")


@event.command("remove")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.option("--event", "name", required=True, help="The event: its label or id.")
@click.option("--force", is_flag=True, help="Remove it even with a settlement.")
@click.argument("day", metavar="DATE")
@click.pass_obj
def event_remove(options: Options, tour_name: str, name: str, force: bool, day: str) -> None:
    """Remove an event with its schedule items, calls and settlement."""
    from tourdesk.services.events import remove_event

    with options.store() as store:
        went = remove_event(store, gig_on(store, tour_name, iso_date(day, "DATE")), name,
                            force=force)
    say(f"removed {name} on {day}" + (f" with {', '.join(went)}" if went else ""))


@event.command("list")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.argument("day", metavar="DATE")
@click.pass_obj
def event_list(options: Options, tour_name: str, day: str) -> None:
    """The day's events, the day's own (`main`) first, with their times."""
    from tourdesk.services.events import event_rows

    with options.store(read_only=True) as store:
        rows = event_rows(store, gig_on(store, tour_name, iso_date(day, "DATE")))
    click.echo(table(("id", "event", "kind", "status", "place", "zone", "times", "items"),
                     [(r.event.id if r.event else "", r.label,
                       r.event.kind.value if r.event else "",
                       r.event.status.value if r.event else "", r.place, r.zone, r.times,
                       r.items) for r in rows]))
