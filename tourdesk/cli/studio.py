"""Commands for studio sessions on a gig day."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from tourdesk.cli.base import Options, cli, gig_on, say, table
from tourdesk.domain.models import iso_date

_SESSION_OPTIONS = (
    click.option("--room", default=None, help="The room (Studio A, the live room…)."),
    click.option("--engineer", default=None,
                 help="A person on the crew list, or an outside engineer's name."),
    click.option("--from", "from_", default=None, metavar="HH:MM",
                 help="Start, on the day's clock."),
    click.option("--until", default=None, metavar="HH:MM",
                 help="End (at or before the start: after midnight)."),
    click.option("--rate", default=None, help="What it costs, e.g. 85.00 (with --currency)."),
    click.option("--currency", default=None, help="ISO code of the rate."),
    click.option("--per", default=None, type=click.Choice(["hour", "day"]),
                 help="The rate is by the hour (default) or for the day."),
    click.option("--notes", default=None),
)


def _session_options(command: Callable[..., None]) -> Callable[..., None]:
    for option in reversed(_SESSION_OPTIONS):
        command = option(command)
    return command


def _fields(given: dict[str, Any]) -> dict[str, str | None]:
    fields = {k: v for k, v in given.items() if k != "from_"}
    fields["from"] = given.get("from_")
    return fields


@cli.group()
def studio() -> None:
    """Studio sessions: studio and room, engineer, hours and rate (the budget's
    `studio` lines come from them)."""


@studio.command("add")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.option("--studio", "studio_name", required=True, help="The studio.")
@_session_options
@click.argument("day", metavar="DATE")
@click.pass_obj
def studio_add(options: Options, tour_name: str, studio_name: str, day: str,
               **given: Any) -> None:
    """Add a studio session to a gig day (its own hours; a rate makes a budget line)."""
    from tourdesk.services.studio import add_session

    with options.store() as store:
        s = add_session(store, gig_on(store, tour_name, iso_date(day, "DATE")),
                        {**_fields(given), "studio": studio_name})
    say(f"added {s.studio} on {day} (id {s.id})")


@studio.command("set")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.option("--id", "session_id", type=int, default=None, help="The session (`studio list`).")
@click.option("--studio", "studio_name", default=None,
              help="The session by studio name, instead of --id.")
@click.option("--rename", default=None, help="Another studio.")
@_session_options
@click.argument("day", metavar="DATE")
@click.pass_obj
def studio_set(options: Options, tour_name: str, session_id: int | None,
               studio_name: str | None, rename: str | None, day: str, **given: Any) -> None:
    """Change a session: only what is given; an empty value clears it (an empty --rate
    takes the rate off)."""
    from tourdesk.services.studio import set_session

    fields = _fields(given)
    fields["studio"] = rename
    if all(v is None for v in fields.values()):
        raise click.UsageError("say what to change (see --help)")
    if fields.get("rate") == "" and fields.get("currency") is None:
        fields["currency"] = ""
    with options.store() as store:
        s = set_session(store, gig_on(store, tour_name, iso_date(day, "DATE")), fields,
                        session_id=session_id, name=studio_name)
    say(f"changed {s.studio} on {day}")


@studio.command("remove")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.option("--id", "session_id", type=int, default=None, help="The session (`studio list`).")
@click.option("--studio", "studio_name", default=None, help="The session by studio name.")
@click.argument("day", metavar="DATE")
@click.pass_obj
def studio_remove(options: Options, tour_name: str, session_id: int | None,
                  studio_name: str | None, day: str) -> None:
    """Remove a studio session (its budget line goes with it)."""
    from tourdesk.services.studio import remove_session

    with options.store() as store:
        gone = remove_session(store, gig_on(store, tour_name, iso_date(day, "DATE")),
                              session_id=session_id, name=studio_name)
    say(f"removed {gone.studio} on {day}")


@studio.command("list")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.argument("day", metavar="DATE")
@click.pass_obj
def studio_list(options: Options, tour_name: str, day: str) -> None:
    """The day's sessions; the rate and cost only for roles that see money."""
    from tourdesk.domain.access import Capability
    from tourdesk.services.studio import sessions

    with options.store(read_only=True) as store:
        rows = sessions(store, gig_on(store, tour_name, iso_date(day, "DATE")))
        money = store.can(Capability.READ_MONEY)
    headers: tuple[str, ...] = ("id", "studio", "room", "engineer", "hours", "notes")
    cells: list[tuple[object, ...]] = [
        (r.session.id, r.session.studio, r.session.room, r.engineer, r.hours, r.session.notes)
        for r in rows]
    if money:
        headers += ("rate", "cost")
        cells = [(*c, f"{r.session.rate} per {r.session.rate_per.value}" if r.session.rate
                  else "", r.cost or "") for c, r in zip(cells, rows, strict=True)]
    click.echo(table(headers, cells))
