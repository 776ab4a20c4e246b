"""Commands for the crew list, staffing needs and assignments, conflicts and pay."""

from __future__ import annotations

from pathlib import Path

import click

from tourdesk.cli.base import Options, cli, emit, gig_on, read_source, table
from tourdesk.domain.localtime import parse_wall_time
from tourdesk.domain.models import iso_date
from tourdesk.domain.money import amounts_shown
from tourdesk.domain.staffing import Shift
from tourdesk.domain.text import printable


@cli.group()
def crew() -> None:
    """The people on the tour: list, import and export, one person's calls, pay basis."""


@crew.command("list")
@click.pass_obj
def crew_list(options: Options) -> None:
    """Everyone, band first, with roles and how to reach them."""
    from tourdesk.store import crew as people

    with options.store(read_only=True) as store:
        rows = [(p.name, p.group.value, "; ".join(p.roles), p.login, p.phone,
                 "" if p.active else "inactive") for p in people.people(store)]
    click.echo(table(("name", "group", "roles", "login", "phone", ""), rows))


@crew.command("import")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.pass_obj
def crew_import(options: Options, file: Path) -> None:
    """People from a CSV FILE (columns in docs/imports.md): all or nothing."""
    from tourdesk.services.staffing import import_people

    with options.store() as store:
        added = import_people(store, read_source(file))
    click.echo(f"{added} people added")


@crew.command("export")
@click.option("-o", "--output", default=None, help="File to write (default: stdout).")
@click.pass_obj
def crew_export(options: Options, output: str | None) -> None:
    """The crew list as CSV, in the columns the import reads."""
    from tourdesk.services.staffing import export_people

    with options.store(read_only=True) as store:
        emit(export_people(store), output)


@crew.command("show")
@click.argument("name")
@click.option("--from", "since", default=None, metavar="DATE", help="Only calls from DATE.")
@click.pass_obj
def crew_show(options: Options, name: str, since: str | None) -> None:
    """One person's calls (venue, role, call time in local time), travel (segments with
    refs and seats, hotels with their room) and pay basis."""
    from tourdesk.services.staffing import person_calls, person_pay
    from tourdesk.services.travel import person_travel
    from tourdesk.store import crew as people

    start = iso_date(since, "--from") if since else None
    with options.store(read_only=True) as store:
        person = people.person_named(store, name)
        calls = person_calls(store, person.id or 0, start)
        trips = person_travel(store, person.id or 0, start)
        bases = person_pay(store, person.id or 0)
    click.echo(printable(f"{person.name} ({person.group.value}; {'; '.join(person.roles)})"
                         f"{'  ' + person.phone if person.phone else ''}"))
    click.echo(table(("date", "tour", "where", "role", "call (local)", "zone", "status"), [
        (s.date, s.tour, s.place, s.role, _call(s), s.zone, s.status.value) for s in calls]))
    if trips:
        click.echo(table(("date", "travel", "local times, ref, seat or room"),
                         [(t.on, t.what, t.detail) for t in trips]))
    for b in bases:
        click.echo(printable(f"{b.tour}: {b.days_worked} days worked, fees "
                             f"{amounts_shown(b.fees)}, {b.per_diem_days} per diem days "
                             f"{amounts_shown([b.per_diems] if b.per_diems else [])}, "
                             f"total {amounts_shown(b.total)}"))


def _call(shift: Shift) -> str:
    """The call time, or the day's first schedule time (load-in) when none was set."""
    if shift.call:
        return f"{shift.call:%H:%M}"
    return f"{shift.first_item:%H:%M} (day starts)" if shift.first_item else ""


@crew.command("pay")
@click.option("--tour", "tour_name", required=True)
@click.pass_obj
def crew_pay(options: Options, tour_name: str) -> None:
    """Pay basis per person: days worked at day rate or fee, plus per diems."""
    from tourdesk.services.staffing import pay
    from tourdesk.store import tours

    with options.store(read_only=True) as store:
        tour = tours.named(store, tour_name)
        bases = pay(store, tour.saved_id, tour.name)
    click.echo(table(("person", "days", "fees", "per diem days", "per diems", "total"), [
        (b.person, b.days_worked, amounts_shown(b.fees, ""), b.per_diem_days,
         b.per_diems.shown_with_code() if b.per_diems else "", amounts_shown(b.total, ""))
        for b in bases]))


EVENT = click.option("--event", default=None,
                     help="One of the day's further events, by label (`event list`); "
                          "default: the day's own.")


@cli.group()
def staff() -> None:
    """Who works which day: needs, assignments, copying a day, conflicts, rules."""


@staff.command("need")
@click.option("--tour", "tour_name", required=True)
@click.argument("day", metavar="DATE")
@click.argument("role")
@click.argument("count", type=click.IntRange(0, 500))
@click.pass_obj
def staff_need(options: Options, tour_name: str, day: str, role: str, count: int) -> None:
    """The day needs COUNT people as ROLE (0 removes the need)."""
    from tourdesk.domain.staffing import roles_from_text
    from tourdesk.store import crew as people

    wanted = roles_from_text(role, "ROLE")
    if len(wanted) != 1:
        raise click.BadParameter("give one role", param_hint="ROLE")
    with options.store() as store:
        people.set_need(store, gig_on(store, tour_name, iso_date(day, "DATE")), wanted[0], count)
    click.echo(printable(f"{day}: {count} {wanted[0]} needed"))


@staff.command("assign")
@click.option("--tour", "tour_name", required=True)
@click.option("--call", "call", default=None, metavar="HH:MM", help="Call time, venue's clock.")
@click.option("--fee", default=None, metavar="AMOUNT", help="This day's fee instead of the "
              "day rate, in the person's currency.")
@EVENT
@click.argument("day", metavar="DATE")
@click.argument("name")
@click.argument("role")
@click.pass_obj
def staff_assign(options: Options, tour_name: str, call: str | None, fee: str | None,
                 event: str | None, day: str, name: str, role: str) -> None:
    """NAME works DATE as ROLE. Conflicts it causes are printed, not refused."""
    from tourdesk.domain.money import parse_plain
    from tourdesk.services.events import event_id_of
    from tourdesk.services.staffing import conflicts
    from tourdesk.store import crew as people

    on = iso_date(day, "DATE")
    at = parse_wall_time(call, "--call") if call else None
    with options.store() as store:
        gig_id = gig_on(store, tour_name, on)
        person = people.person_named(store, name)
        money = parse_plain(fee, person.currency, "--fee") if fee else None
        people.assign(store, gig_id, person, " ".join(role.split()), call=at, fee=money,
                      field="--call", event_id=event_id_of(store, gig_id, event))
        mine = [c for c in conflicts(store) if gig_id in c.gig_day_ids
                and c.person_id == person.id]
    click.echo(f"{printable(person.name)} works {on} as {printable(role)}")
    for c in mine:
        click.echo(f"warning: {printable(str(c))}", err=True)


@staff.command("unassign")
@click.option("--tour", "tour_name", required=True)
@click.argument("day", metavar="DATE")
@click.argument("name")
@click.argument("role", required=False)
@EVENT
@click.pass_obj
def staff_unassign(options: Options, tour_name: str, day: str, name: str,
                   role: str | None, event: str | None) -> None:
    """NAME no longer works DATE (only as ROLE, or at --event, if given)."""
    from tourdesk.domain.staffing import role_key
    from tourdesk.services.events import event_id_of
    from tourdesk.store import crew as people
    from tourdesk.store.errors import NotFoundError

    on = iso_date(day, "DATE")
    with options.store() as store, store.write():
        person = people.person_named(store, name)
        gig_id = gig_on(store, tour_name, on)
        at_event = event_id_of(store, gig_id, event) if event is not None else None
        gone = [a for a in people.assignments_on(store, gig_id)
                if a.person_id == person.id
                and (event is None or a.event_id == at_event)
                and (role is None or role_key(a.role) == role_key(role))]
        if not gone:
            raise NotFoundError(f"{person.name} does not work {on}"
                                + (f" as {role}" if role else ""))
        for a in gone:
            people.unassign(store, a.id)
    click.echo(f"{printable(person.name)} removed from {on} ({len(gone)})")


@staff.command("copy")
@click.option("--tour", "tour_name", required=True)
@click.option("--to", "start", required=True, metavar="DATE", help="First day to copy onto.")
@click.option("--until", "end", default=None, metavar="DATE", help="Last day (default: --to).")
@click.argument("day", metavar="DATE")
@click.pass_obj
def staff_copy(options: Options, tour_name: str, start: str, end: str | None, day: str) -> None:
    """Copy DATE's needs and assignments onto every gig day from --to to --until
    (what those days already have stays)."""
    from tourdesk.domain.staffing import copy_dates
    from tourdesk.store import crew as people
    from tourdesk.store import gigs, tours

    first = iso_date(start, "--to")
    dates = copy_dates(first, iso_date(end, "--until") if end else first)
    with options.store() as store:
        source = gig_on(store, tour_name, iso_date(day, "DATE"))
        tour = tours.named(store, tour_name)
        targets = [g for g in (gigs.id_on(store, tour.saved_id, d) for d in dates) if g is not None]
        needs_set, added = people.copy_day(store, source, targets)
    click.echo(f"copied onto {len(targets)} gig days: {needs_set} needs set, "
               f"{added} assignments added")


@staff.command("conflicts")
@click.option("--tour", "tour_name", default=None, help="Only those touching this tour.")
@click.pass_obj
def staff_conflicts(options: Options, tour_name: str | None) -> None:
    """Double bookings, impossible journeys, short rests, unmet needs, wrong roles.
    Exit status 1 when there is any (for scripts)."""
    from tourdesk.services.staffing import conflicts
    from tourdesk.store import tours

    with options.store(read_only=True) as store:
        tour_id = tours.named(store, tour_name).id if tour_name else None
        found = conflicts(store, tour_id)
    for c in found:
        click.echo(printable(str(c)))
    if found:
        raise SystemExit(1)
    click.echo("no conflicts")


@staff.command("rules")
@click.option("--rest-hours", type=click.FloatRange(0, 48), default=None,
              help="Least hours between one day's end and the next call.")
@click.pass_obj
def staff_rules(options: Options, rest_hours: float | None) -> None:
    """Show (or set) the rest rule the conflict check uses."""
    from tourdesk.store import crew as people

    with options.store(read_only=rest_hours is None) as store:
        if rest_hours is not None:
            people.set_rest_hours(store, rest_hours)
        rules = people.rules(store)
    click.echo(f"rest between days: {rules.rest_hours:g} h")


