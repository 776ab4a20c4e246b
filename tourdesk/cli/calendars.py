"""Calendar exports for phones."""

from __future__ import annotations

import sys

import click

from tourdesk.cli.base import Options, cli
from tourdesk.domain.models import iso_date


@cli.group()
def export() -> None:
    """Export calendars (iCalendar)."""


@export.command("ics")
@click.option("--tour", "tour_name", default=None, help="Tour name.")
@click.option("--all", "everything", is_flag=True, help="Every tour in one calendar.")
@click.option("--day", default=None, metavar="DATE", help="Only this gig day (with --tour).")
@click.option("--group", type=click.Choice(["band", "crew"]), default=None,
              help="The band's calendar (no load-in/out) or the crew's, with their calls.")
@click.option("--person", default=None, metavar="NAME",
              help="One person's calendar: the days they work, from their call.")
@click.option("-o", "--output", default=None, help="File to write (default: stdout).")
@click.pass_obj
def export_ics(options: Options, tour_name: str | None, everything: bool, day: str | None,
               group: str | None, person: str | None, output: str | None) -> None:
    """A tour (or one day, or every tour) as an .ics file: local times with their zones,
    all-day off and travel days, stable UIDs, no money."""
    from pathlib import Path

    from tourdesk.services.calendar import Audience, Scope, calendar_name, export_tours
    from tourdesk.store import crew, gigs, tours
    from tourdesk.store.errors import NotFoundError

    if everything == (tour_name is not None):
        raise click.UsageError("give either --tour NAME or --all")
    if group and person:
        raise click.UsageError("give --group or --person, not both")
    with options.store() as store:
        scope = Scope()
        if group:
            scope = Scope(Audience(group))
        elif person is not None:
            scope = Scope(Audience.PERSON, crew.person_named(store, person).id)
        if everything:
            chosen = [t.id for t in tours.summaries(store)]
            name = calendar_name(store, "All tours", scope)
        else:
            tour = tours.named(store, tour_name or "")
            chosen, name = [tour.id], calendar_name(store, tour.name, scope)
        only = None
        if day is not None:
            if everything:
                raise click.UsageError("--day goes with --tour")
            on = iso_date(day, "--day")
            only = gigs.id_on(store, chosen[0], on)
            if only is None:
                raise NotFoundError(f"'{tour_name}' has no gig day on {on}")
        data = export_tours(store, chosen, name=name, only_gig=only, scope=scope)
    if output in (None, "-"):
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        Path(output).write_bytes(data)
        click.echo(f"wrote {output}", err=True)
