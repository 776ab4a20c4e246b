"""Calendar exports for phones."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from tourdesk.cli.base import Options, cli, emit, emit_bytes, gig_on

if TYPE_CHECKING:
    from tourdesk.services.calendar import Scope
    from tourdesk.store import Store
from tourdesk.domain.models import iso_date


@cli.group()
def export() -> None:
    """Export calendars (iCalendar), the budget and settlement sheets."""


@export.command("ics")
@click.option("--tour", "tour_name", default=None, help="Tour name.")
@click.option("--all", "everything", is_flag=True, help="Every tour in one calendar.")
@click.option("--day", default=None, metavar="DATE", help="Only this gig day (with --tour).")
@click.option("--group", type=click.Choice(["band", "crew"]), default=None,
              help="The band's or the crew's calendar: each item for them an event.")
@click.option("--person", default=None, metavar="NAME",
              help="One person's calendar: their calls, their items, travel, hotels.")
@click.option("--alarm", type=click.IntRange(0, 1440), default=None, metavar="MINUTES",
              help="A reminder this many minutes before each timed event (call, item).")
@click.option("-o", "--output", default=None, help="File to write (default: stdout).")
@click.pass_obj
def export_ics(options: Options, tour_name: str | None, everything: bool, day: str | None,
               group: str | None, person: str | None, alarm: int | None,
               output: str | None) -> None:
    """A tour (or one day, or every tour) as an .ics file: local times with their zones,
    all-day off and travel days, stable UIDs, no money."""

    from tourdesk.services.calendar import calendar_name, export_tours
    from tourdesk.store import gigs, tours
    from tourdesk.store.errors import NotFoundError

    if everything == (tour_name is not None):
        raise click.UsageError("give either --tour NAME or --all")
    with options.store(read_only=True) as store:
        scope = chosen_scope(store, group, person)
        if everything:
            chosen = [t.id for t in tours.summaries(store)]
            name = calendar_name(store, "All tours", scope)
        else:
            tour = tours.named(store, tour_name or "")
            chosen, name = [tour.saved_id], calendar_name(store, tour.name, scope)
        only = None
        if day is not None:
            if everything:
                raise click.UsageError("--day goes with --tour")
            on = iso_date(day, "--day")
            only = gigs.id_on(store, chosen[0], on)
            if only is None:
                raise NotFoundError(f"'{tour_name}' has no gig day on {on}")
        data = export_tours(store, chosen, name=name, only_gig=only, scope=scope, alarm=alarm)
    emit_bytes(data, output)


@export.command("budget")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.option("--format", "fmt", type=click.Choice(["csv"]), default="csv", show_default=True)
@click.option("--today", default=None, metavar="DATE",
              help="Count days before DATE as played (default: today, the working day "
                   "where the tour is).")
@click.option("-o", "--output", default=None, help="File to write (default: stdout).")
@click.pass_obj
def export_budget(options: Options, tour_name: str, fmt: str, today: str | None,
                  output: str | None) -> None:
    """Every budget line with home-currency amounts and the rate used, then the totals:
    CSV for accountants, safe to open in a spreadsheet."""
    from tourdesk.cli.money import played_before
    from tourdesk.services.budgets import export_csv
    from tourdesk.store import tours

    with options.store(read_only=True) as store:
        tour_id = tours.named(store, tour_name).saved_id
        emit(export_csv(store, tour_id, played_before(store, tour_id, today)), output)


@export.command("settlement")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.option("--day", required=True, metavar="DATE", help="The show.")
@click.option("--format", "fmt", type=click.Choice(["md", "csv"]), default="md",
              show_default=True)
@click.option("-o", "--output", default=None, help="File to write (default: stdout).")
@click.option("--event", default=None, help="One of the day's further events, by label.")
@click.pass_obj
def export_settlement(options: Options, tour_name: str, day: str, fmt: str,
                      output: str | None, event: str | None) -> None:
    """A show's settlement sheet as Markdown or CSV."""
    from tourdesk.services.events import event_id_of
    from tourdesk.services.settlements import csv_text, markdown, sheet_for

    with options.store(read_only=True) as store:
        gig_id = gig_on(store, tour_name, iso_date(day, "--day"))
        settled = sheet_for(store, gig_id, event_id_of(store, gig_id, event))
    emit(markdown(settled) if fmt == "md" else csv_text(settled), output)


def chosen_scope(store: Store, group: str | None, person: str | None) -> Scope:
    """--group or --person (not both) as the calendar's audience; the whole tour when
    neither is given."""
    from tourdesk.services.calendar import Audience, Scope
    from tourdesk.store import crew

    if group and person:
        raise click.UsageError("give --group or --person, not both")
    if group:
        return Scope(Audience(group))
    if person is not None:
        return Scope(Audience.PERSON, crew.person_named(store, person).id)
    return Scope()
