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
@click.option("-o", "--output", default=None, help="File to write (default: stdout).")
@click.pass_obj
def export_ics(options: Options, tour_name: str | None, everything: bool, day: str | None,
               output: str | None) -> None:
    """A tour (or one day, or every tour) as an .ics file: local times with their zones,
    all-day off and travel days, stable UIDs, no money."""
    from pathlib import Path

    from tourdesk.services.calendar import export_tour, export_tours
    from tourdesk.store import gigs, tours
    from tourdesk.store.errors import NotFoundError

    if everything == (tour_name is not None):
        raise click.UsageError("give either --tour NAME or --all")
    with options.store() as store:
        if everything:
            data = export_tours(store, [t.id for t in tours.summaries(store)], name="All tours")
        else:
            tour = tours.named(store, tour_name or "")
            only = None
            if day is not None:
                on = iso_date(day, "--day")
                only = gigs.id_on(store, tour.id, on)
                if only is None:
                    raise NotFoundError(f"'{tour_name}' has no gig day on {on}")
            data = export_tour(store, tour.id, only_gig=only)
    if output in (None, "-"):
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        Path(output).write_bytes(data)
        click.echo(f"wrote {output}", err=True)
