"""Commands for tours, gig days, venues, imports and the demo."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import click

from tourdesk.cli.base import Options, cli, emit, gig_on, read_source, run_tui, say, table
from tourdesk.domain.access import Capability
from tourdesk.domain.models import iso_date, tour_from_fields
from tourdesk.domain.text import printable


@cli.command()
@click.option("--no-open", is_flag=True, help="Only load the data; do not open the TUI.")
@click.pass_obj
def demo(options: Options, no_open: bool) -> None:
    """Load the demo tour (once; a second run adds nothing) and open the TUI."""
    from tourdesk.services.demo import load_demo

    with options.store() as store:
        result = load_demo(store)
    if result.loaded:
        click.echo(printable(f"Loaded '{result.tour_name}': {result.gig_days} gig days, "
                             f"{result.venues} venues into {store.path}"), err=True)
        if result.days_moved:
            click.echo(f"Placed around today: every date moved {result.days_moved:+d} days from "
                       "the ones written in its files (see docs/demo.md)", err=True)
        for move in result.moves:
            click.echo(printable(f"  {move}"), err=True)
    else:
        click.echo(printable(f"'{result.tour_name}' is already in {store.path}; nothing added"),
                   err=True)
    if not no_open:
        run_tui(options, tour_name=result.tour_name)


@cli.command()
@click.pass_obj
def info(options: Options) -> None:
    """Where the database is, its schema version, and what it holds."""
    from tourdesk.store import tours

    with options.store(read_only=True) as store:
        click.echo(f"database  {printable(store.path)}"
                   f"{' (read only for you)' if store.read_only else ''}")
        click.echo(f"schema    {store.schema_version()}")
        click.echo(f"acting as {printable(store.actor)} ({store.role.value})")
        for t in tours.summaries(store):
            span = f"{t.first} to {t.last}" if t.first else "no dates"
            click.echo(f"tour      {printable(t.name)}: {t.days} days, {t.show_words}, {span}")
        if store.can(Capability.MAINTAIN):
            from tourdesk.services.replica import behind_warning
            from tourdesk.store.connection import utc_now

            # Litestream's times are the machine's real ones, so is this comparison
            warning = behind_warning(store.path, utc_now())
            if warning:
                click.echo(f"replica   {printable(warning)}")


@cli.group()
def tour() -> None:
    """List and add tours."""


@tour.command("list")
@click.pass_obj
def tour_list(options: Options) -> None:
    """Every tour with its dates and number of shows."""
    from tourdesk.store import tours

    with options.store(read_only=True) as store:
        rows = [(t.name, t.artist, t.first or "", t.last or "", t.shows, t.cancelled, t.days)
                for t in tours.summaries(store)]
    click.echo(table(("tour", "artist", "first", "last", "shows", "cancelled", "days"), rows))


@tour.command("add")
@click.argument("name")
@click.option("--artist", default="")
@click.option("--currency", default="EUR", show_default=True, help="Home currency (ISO 4217).")
@click.pass_obj
def tour_add(options: Options, name: str, artist: str, currency: str) -> None:
    """Create an empty tour called NAME."""
    from tourdesk.store import tours

    new = tour_from_fields({"name": name, "artist": artist, "home_currency": currency})
    with options.store() as store:
        tour_id = tours.add(store, new)
    click.echo(tour_id)


@cli.group()
def gig() -> None:
    """List, show, add, change, move and remove gig days."""


@gig.command("list")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.pass_obj
def gig_list(options: Options, tour_name: str) -> None:
    """Every gig day of a tour, in date order."""
    from tourdesk.store import gigs, tours

    with options.store(read_only=True) as store:
        rows = gigs.rows_for_tour(store, tours.named(store, tour_name).saved_id)
    click.echo(table(
        ("date", "day", "kind", "status", "contract", "city", "country", "venue"),
        [(r.date, f"{r.date:%a}", r.kind, r.status, r.contract, r.city, r.country, r.venue)
         for r in rows],
    ))


@gig.command("show")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.argument("day", metavar="DATE")
@click.pass_obj
def gig_show(options: Options, tour_name: str, day: str) -> None:
    """One gig day: venue and schedule in the venue's local time."""
    from tourdesk.services.daysheet import render_text
    from tourdesk.store import gigs, tours
    from tourdesk.store.errors import NotFoundError

    on: date = iso_date(day, "DATE")
    with options.store(read_only=True) as store:
        tour_id = tours.named(store, tour_name).saved_id
        gig_id = gigs.id_on(store, tour_id, on)
        if gig_id is None:
            raise NotFoundError(f"'{tour_name}' has no gig day on {on}")
        click.echo(render_text(gigs.detail(store, gig_id)))


@gig.command("history")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.option("--undo", is_flag=True, help="Take back your own last save on the day first "
                                          "(refused if someone changed it since).")
@click.argument("day", metavar="DATE")
@click.pass_obj
def gig_history(options: Options, tour_name: str, undo: bool, day: str) -> None:
    """Every recorded change to a gig day, its times, staffing and lists: who, when (on
    the venue's clock), before and after; newest first."""
    from tourdesk.services.history import day_lines, undo_own_last
    from tourdesk.store import gigs, tours

    with options.store(read_only=True) as store:
        gig_id = gig_on(store, tour_name, iso_date(day, "DATE"))
        if undo:
            for what in undo_own_last(store, gig_id):
                click.echo(f"undone: {printable(what)}", err=True)
            tour_id = tours.named(store, tour_name).saved_id
            if gigs.id_on(store, tour_id, iso_date(day, "DATE")) is None:
                return  # undoing its addition took the day away
        lines, _ = day_lines(store, gig_id)
    click.echo(table(("when", "who", "what"), [(x.when, x.who, x.what) for x in lines]))


_PLACE_OPTIONS = (
    click.option("--venue", default=None, help="A known venue (with --city)."),
    click.option("--city", default=None, help="The venue's city, or where the party is."),
    click.option("--country", default=None, help="ISO code, for a day without a venue."),
    click.option("--zone", default=None, help="IANA zone, for a day without a venue."),
    click.option("--status", default=None, help="hold, offer, confirmed or cancelled."),
    click.option("--contract", default=None,
                 help="none, draft, sent, signed or countersigned."),
    click.option("--hotel", default=None, help="Where the party sleeps (free text)."),
    click.option("--notes", default=None),
)


def _place_options(command: Callable[..., None]) -> Callable[..., None]:
    for option in reversed(_PLACE_OPTIONS):
        command = option(command)
    return command


@gig.command("add")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.option("--kind", required=True, help="show, off, travel, rehearsal or studio.")
@_place_options
@click.argument("day", metavar="DATE")
@click.pass_obj
def gig_add(options: Options, tour_name: str, kind: str, day: str, **place: str | None,
            ) -> None:
    """Add a gig day: at a known venue (--venue NAME --city CITY), in a city (--city,
    with --country and --zone for its clock), or, for a travel or off day, nowhere."""
    from tourdesk.services.itinerary import add_day
    from tourdesk.store import tours

    with options.store() as store:
        add_day(store, tours.named(store, tour_name).saved_id,
                {"date": day, "kind": kind, **place})
    say(f"added {day} ({kind}) to '{tour_name}'")


@gig.command("set")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.option("--kind", default=None, help="show, off, travel, rehearsal or studio.")
@_place_options
@click.argument("day", metavar="DATE")
@click.pass_obj
def gig_set(options: Options, tour_name: str, day: str, **changes: str | None) -> None:
    """Change a gig day's status, contract, kind, place, hotel or notes (only what is
    given). A new venue on another clock keeps the items' wall times and says so."""
    from tourdesk.services.itinerary import set_day

    with options.store() as store:
        notes = set_day(store, gig_on(store, tour_name, iso_date(day, "DATE")), changes)
    say(f"changed {day}")
    for note in notes:
        say(f"  {note}", err=True)


@gig.command("move")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.option("--to", "to", required=True, help="The new date (YYYY-MM-DD).")
@click.argument("day", metavar="DATE")
@click.pass_obj
def gig_move(options: Options, tour_name: str, to: str, day: str) -> None:
    """Move a gig day to another date with its schedule (same wall times), checklists,
    staffing, budget lines and settlement; prints what no longer fits."""
    from tourdesk.services.itinerary import move_day

    target = iso_date(to, "--to")
    with options.store() as store:
        report = move_day(store, gig_on(store, tour_name, iso_date(day, "DATE")), target)
    say(f"moved {day} to {target}")
    for line in report:
        say(f"  check: {line}", err=True)


@gig.command("remove")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.option("--force", is_flag=True, help="Remove it even with ticks, a settlement, "
                                            "payments or actual costs on it.")
@click.argument("day", metavar="DATE")
@click.pass_obj
def gig_remove(options: Options, tour_name: str, force: bool, day: str) -> None:
    """Remove a gig day and what hangs on it (listed). Refused while checklist ticks, a
    settlement, payments to its people or actual costs hang on it, unless --force."""
    from tourdesk.services.itinerary import remove_day

    with options.store() as store:
        gone = remove_day(store, gig_on(store, tour_name, iso_date(day, "DATE")), force=force)
    say(f"removed {day}" + (": with " + ", ".join(gone) if gone else ""))


@cli.group()
def schedule() -> None:
    """A gig day's schedule items: list, add, change, remove."""


_ITEM_OPTIONS = (
    click.option("--until", default=None, help="HH:MM end (before the start: next date)."),
    click.option("--place", default=None, help="Where, when not at the day's venue."),
    click.option("--zone", default=None, help="IANA zone of --place (default: the day's)."),
    click.option("--for", "for_", multiple=True,
                 help="everyone, band, crew, a role, or a person (repeat for several)."),
    click.option("--note", default=None),
    click.option("--event", default=None,
                 help="One of the day's further events, by label (`event list`); `main`: "
                      "the day's own."),
)


def _item_options(command: Callable[..., None]) -> Callable[..., None]:
    for option in reversed(_ITEM_OPTIONS):
        command = option(command)
    return command


def _item_fields(**given: Any) -> dict[str, str | None]:
    fields = {k: v for k, v in given.items() if k != "for_"}
    fields["for"] = ", ".join(given["for_"]) if given.get("for_") else None
    return fields


@schedule.command("list")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.argument("day", metavar="DATE")
@click.pass_obj
def schedule_list(options: Options, tour_name: str, day: str) -> None:
    """The day's items in time order, on the clock of where each happens."""
    from tourdesk.domain.itinerary import audience_text
    from tourdesk.domain.localtime import on_day
    from tourdesk.services.itinerary import items

    with options.store(read_only=True) as store:
        detail, names = items(store, gig_on(store, tour_name, iso_date(day, "DATE")))
    rows: list[tuple[object, ...]] = []
    labels = {e.id: e.label for e in detail.events}
    played = detail.gig.date
    for i in detail.items:
        end = on_day(i.until_on or i.on, i.until, played) if i.until else ""
        rows.append((i.id, on_day(i.on, i.at, played), end, i.title,
                     audience_text(i.audience, names), i.place, i.timezone, i.note,
                     labels.get(i.event_id, "main")))
    headers: tuple[str, ...] = ("id", "at", "until", "what", "for", "place", "zone", "note",
                                "event")
    if not labels:  # a day of one event reads as it always did
        headers, rows = headers[:-1], [r[:-1] for r in rows]
    click.echo(table(headers, rows))


@schedule.command("add")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.option("--what", required=True, help="lobby call, bus call, load-in, set, press, "
                                            "meet & greet, radio, flight… or free text.")
@click.option("--at", "at", required=True, help="HH:MM on the clock of where it happens.")
@_item_options
@click.argument("day", metavar="DATE")
@click.pass_obj
def schedule_add(options: Options, tour_name: str, day: str, **given: Any) -> None:
    """Add an item to a gig day's schedule."""
    from tourdesk.services.itinerary import add_item

    with options.store() as store:
        item = add_item(store, gig_on(store, tour_name, iso_date(day, "DATE")),
                        _item_fields(**given))
    say(f"added {item.title} {item.at:%H:%M} on {day} (id {item.id})")


def _which(store: Any, gig_id: int, item_id: int | None, what: str | None,
           at: str | None, event: str | None = None) -> int:
    from tourdesk.services.itinerary import find_item

    if item_id is not None:
        return item_id
    if not what:
        raise click.UsageError("say which item: --id N (from `schedule list`) or --what TEXT")
    found = find_item(store, gig_id, what, at, event)
    assert found.id is not None
    return found.id


@schedule.command("set")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.option("--id", "item_id", type=int, default=None, help="The item (`schedule list`).")
@click.option("--what", default=None, help="The item by name, instead of --id.")
@click.option("--was", default=None, help="Its time now, when several share the name.")
@click.option("--rename", default=None, help="A new name (vocabulary or free text).")
@click.option("--at", "at", default=None, help="New start, HH:MM.")
@_item_options
@click.argument("day", metavar="DATE")
@click.pass_obj
def schedule_set(options: Options, tour_name: str, day: str, item_id: int | None,
                 what: str | None, was: str | None, rename: str | None, **given: Any) -> None:
    """Change an item (only what is given; an empty --until, --place or --note clears
    it, --for everyone resets who it is for)."""
    from tourdesk.services.itinerary import set_item

    with options.store() as store:
        gig_id = gig_on(store, tour_name, iso_date(day, "DATE"))
        target = _which(store, gig_id, item_id, what, was, given.get("event"))
        fields = _item_fields(**given)
        fields["what"] = rename
        item = set_item(store, target, fields)
    say(f"changed {item.title} {item.at:%H:%M} on {day}")


@schedule.command("remove")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.option("--id", "item_id", type=int, default=None, help="The item (`schedule list`).")
@click.option("--what", default=None, help="The item by name, instead of --id.")
@click.option("--at", "at", default=None, help="Its time, when several share the name.")
@click.option("--event", default=None, help="Its event, when several share the name.")
@click.argument("day", metavar="DATE")
@click.pass_obj
def schedule_remove(options: Options, tour_name: str, day: str, item_id: int | None,
                    what: str | None, at: str | None, event: str | None) -> None:
    """Remove an item from a gig day (`gig history --undo` puts it back)."""
    from tourdesk.services.itinerary import remove_item

    with options.store() as store:
        gig_id = gig_on(store, tour_name, iso_date(day, "DATE"))
        gone = remove_item(store, _which(store, gig_id, item_id, what, at, event))
    say(f"removed {gone} on {day}")


@cli.group()
def venue() -> None:
    """List, search and export venues."""


@venue.command("list")
@click.option("--search", default="", help="Only venues matching this (accents, case and "
                                           "missing letters do not matter), best first.")
@click.pass_obj
def venue_list(options: Options, search: str) -> None:
    """Every venue with its city, country, time zone, capacity and contacts."""
    from tourdesk.domain.search import ranked
    from tourdesk.store import venues

    with options.store(read_only=True) as store:
        found = ranked(search, venues.listing(store), lambda v: " ".join(
            (v.venue.name, v.venue.city, v.venue.country, v.venue.address)))
    rows = [(v.venue.name, v.venue.city, v.venue.country, v.venue.timezone,
             v.venue.capacity or "", v.gig_days, len(v.contacts)) for v in found]
    click.echo(table(("venue", "city", "country", "timezone", "capacity", "gig days",
                      "contacts"), rows))


@venue.command("export")
@click.option("--contacts", is_flag=True, help="The venues' contacts instead of the venues.")
@click.option("-o", "--output", default=None, help="File to write (default: stdout).")
@click.pass_obj
def venue_export(options: Options, contacts: bool, output: str | None) -> None:
    """Venues (or their contacts) as CSV, in the import's columns."""
    from tourdesk.services.venue_files import export_contacts, export_venues

    with options.store(read_only=True) as store:
        emit(export_contacts(store) if contacts else export_venues(store), output)


@cli.group("import")
def import_() -> None:
    """Import CSV and JSON files (all or nothing: one bad row and nothing is written)."""


def _file_import(name: str, summary: str, loader: str,
                 report: Callable[[Any], str]) -> None:
    """`tourdesk import NAME FILE` for a loader that takes (store, file) and nothing else;
    the loader's module is imported only when the command runs."""

    @import_.command(name, help=summary)
    @click.argument("file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
    @click.pass_obj
    def command(options: Options, file: Path) -> None:
        module, function = loader.rsplit(".", 1)
        load = getattr(importlib.import_module(module), function)
        with options.store() as store:
            click.echo(report(load(store, read_source(file))))


_file_import("venues", "Venues from FILE (columns in docs/imports.md).",
             "tourdesk.services.imports.import_venues",
             lambda r: f"{r.added} venues added, {r.reused} already known")
_file_import("contacts", "Contacts of known venues from FILE (columns in docs/imports.md).",
             "tourdesk.services.venue_files.import_contacts",
             lambda r: f"{r[0]} contacts added, {r[1]} already known")
_file_import("templates", "Checklist templates from a JSON FILE (format in docs/equipment.md).",
             "tourdesk.services.checklists.load_templates",
             lambda added: f"{added} checklist templates added")


@import_.command("gigs")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--tour", "tour_name", required=True, help="Tour to import into.")
@click.option("--no-create", is_flag=True, help="Refuse if the tour does not exist yet.")
@click.option("--update", is_flag=True, help="Apply a corrected sheet to the tour's days "
                                            "(matched on date; a further event by its label "
                                            "or place): the changes are listed.")
@click.option("--yes", is_flag=True, help="With --update: write the changes listed.")
@click.option("--remove-missing", is_flag=True,
              help="With --update: remove days not in the sheet and times emptied in it.")
@click.pass_obj
def import_gigs_cmd(options: Options, file: Path, tour_name: str, no_create: bool,
                    update: bool, yes: bool, remove_missing: bool) -> None:
    """Gig days from the road manager's spreadsheet FILE into a tour; with --update, a
    corrected sheet applied to the days already there (nothing written without --yes)."""
    from tourdesk.services.gig_update import update_gigs
    from tourdesk.services.imports import import_gigs

    if (yes or remove_missing) and not update:
        raise click.UsageError("--yes and --remove-missing go with --update")
    with options.store() as store:
        source = read_source(file)
        if update:
            outcome = update_gigs(store, source, tour_name, apply=yes,
                                  remove_missing=remove_missing)
            changes = outcome.changes
            for line in changes:
                say(line)
            for line in outcome.kept:
                say(line, err=True)
            if not changes:
                say("the tour already matches the sheet: nothing to change", err=True)
            elif yes:
                say(f"{len(changes)} changes written to '{tour_name}'", err=True)
            else:
                say(f"nothing written: --yes applies these {len(changes)} changes", err=True)
            return
        result = import_gigs(store, source, tour_name, create_tour=not no_create)
    created = " (new tour)" if result.tour_created else ""
    further = f", {result.events_added} further events" if result.events_added else ""
    click.echo(f"{result.added} gig days added to '{printable(tour_name)}'{created}"
               f"{further}, {result.venues_added} new venues")


@cli.command()
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.option("--format", "fmt", type=click.Choice(["text", "md", "html"]), default="text",
              show_default=True)
@click.option("-o", "--output", default=None, help="File to write (default: stdout).")
@click.argument("day", metavar="DATE")
@click.pass_obj
def daysheet(options: Options, tour_name: str, fmt: str, output: str | None, day: str) -> None:
    """The day sheet of a gig day: schedule in local time, crew calls, venue, contacts,
    the day's flights, trains and ferries, the hotel and its rooming list, the drive to
    the next stop, guest counts and documents. HTML prints well from a browser."""
    from tourdesk.services import daysheet as sheets
    from tourdesk.services.travel import day_lines, day_travel
    from tourdesk.store import gigs, tours
    from tourdesk.store.errors import NotFoundError

    on: date = iso_date(day, "DATE")
    with options.store(read_only=True) as store:
        gig_id = gigs.id_on(store, tours.named(store, tour_name).saved_id, on)
        if gig_id is None:
            raise NotFoundError(f"'{tour_name}' has no gig day on {on}")
        with store.read():  # one moment: the day, its calls, travel and the next stop
            detail = gigs.detail(store, gig_id)
            nxt = sheets.next_stop(store, detail)
            calls = sheets.day_calls(store, gig_id)
            papers = sheets.paperwork(store, gig_id)
            moving = day_lines(day_travel(store, detail.gig.tour_id, on))
    render = {"text": lambda d, n, c, t, p: sheets.render_text(d, n, c, t, p) + "\n",
              "md": sheets.render_markdown, "html": sheets.render_html}[fmt]
    emit(render(detail, nxt, calls, moving, papers), output)


@cli.command("route")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.option("--road-factor", type=float, default=None,
              help="Set: road km per straight-line km (default 1.25).")
@click.option("--speed", type=float, default=None, help="Set: average km/h (default 75).")
@click.option("--max-drive", type=float, default=None,
              help="Set: hours of driving a day before a leg is flagged (default 9).")
@click.pass_obj
def route(options: Options, tour_name: str, road_factor: float | None, speed: float | None,
          max_drive: float | None) -> None:
    """The legs between consecutive gig days: distance, drive estimate and flags (long
    drive, not enough time between load-out and load-in, border crossing)."""
    from tourdesk.domain.routing import LegFlag, summary
    from tourdesk.services import routing
    from tourdesk.store import tours

    with options.store(read_only=True) as store:
        tour = tours.named(store, tour_name)
        if any(v is not None for v in (road_factor, speed, max_drive)):
            routing.set_rules(store, tour.saved_id, road_factor=road_factor, speed_kmh=speed,
                              max_drive_hours=max_drive)
        legs, rules = routing.route(store, tour.saved_id)
    click.echo(table(("dates", "from", "to", "km", "road km", "drive", "flags"), [
        (f"{leg.start.date:%d %b}→{leg.end.date:%d %b}", leg.start.place, leg.end.place,
         f"{leg.km:.0f}",
         f"{leg.road_km:.0f}" if leg.driven else "",
         _hours(leg.drive_hours) if leg.driven else leg.travel,
         "; ".join([*([leg.travel] if leg.travel and leg.driven else []),
                    *(f"{flag.value}: {why}" if flag is LegFlag.NEEDS_TRAVEL else why
                      for flag, why in leg.flags.items())]))
        for leg in legs]))
    total = summary(legs)
    longest = total.longest
    click.echo("\n" + printable(f"{len(legs)} legs, {total.road_km:,.0f} km by road "
               f"({total.km:,.0f} km straight), "
               f"longest {_hours(longest.drive_hours) if longest else '-'}"
               f"{' ' + longest.start.place + ' → ' + longest.end.place if longest else ''}; "
               f"{total.flagged} flagged. Estimate: ×{rules.road_factor:g} road factor, "
               f"{rules.speed_kmh:g} km/h, limit {rules.max_drive_hours:g} h a day."))


def _hours(hours: float) -> str:
    minutes = round(hours * 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


@cli.command("geocode")
@click.option("--missing", is_flag=True, help="Every venue without coordinates.")
@click.option("--offline", is_flag=True,
              help="Only the shipped gazetteer (city centres), no network.")
@click.option("--agent", default=None, help="Set the user agent Nominatim sees (your contact).")
@click.option("--endpoint", default=None, help="Set the Nominatim host (your own instance).")
@click.pass_obj
def geocode(options: Options, missing: bool, offline: bool, agent: str | None,
            endpoint: str | None) -> None:
    """Place venues on the map: Nominatim for the address (one request a second across
    every tourdesk process here, answers kept), else the city from the gazetteer."""
    from tourdesk.services import geocoding
    from tourdesk.store import venues

    with options.store() as store:
        for key, value in ((geocoding.AGENT_KEY, agent), (geocoding.ENDPOINT_KEY, endpoint)):
            if value:
                geocoding.set_setting(store, key, value.strip())
        if not missing:
            if not (agent or endpoint):
                raise click.UsageError("give --missing (or --agent / --endpoint to set them)")
            return
        todo = venues.missing_coordinates(store)
        geocoder = None if offline else geocoding.nominatim(store)
        placed = 0
        for n, venue in enumerate(todo, start=1):
            done = geocoding.place_venue(store, venue, geocoder)
            if done.unreachable and geocoder is not None:
                click.echo(f"tourdesk: the geocoder cannot be reached "
                           f"({printable(done.unreachable)}): placing venues from the "
                           "offline gazetteer (city centres)", err=True)
                geocoder = None  # the rest offline too: no wait on each venue
            v = done.venue
            where = (f"{v.latitude:.4f}, {v.longitude:.4f} ({done.source}), {v.timezone}"
                     if done.source else "not found: enter the coordinates by hand")
            click.echo(f"[{n}/{len(todo)}] {printable(v.name)}, {printable(v.city)}: {where}",
                       err=True)
            placed += bool(done.source)
    click.echo(f"{placed} of {len(todo)} venues placed")
