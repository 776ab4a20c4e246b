"""Commands for advancing shows: what each venue is asked for and where it stands."""

from __future__ import annotations

import click

from tourdesk.cli.base import Options, cli, gig_on, say, table
from tourdesk.domain.advancing import DUE_DAYS, MARKS, AdvanceItem
from tourdesk.domain.models import iso_date

AREAS = "backline, pa, power, rigging, hospitality, parking or local_crew"
STATES = "to_ask, requested, confirmed, declined or changed"


@cli.group()
def advance() -> None:
    """Advancing per show: what the venue is asked for (backline, PA, power, rigging,
    hospitality, parking, local crew), who confirmed it and when; templates per tour."""


def _rows(found: list[AdvanceItem]) -> str:
    return table(("id", "area", "item", "state", "answered by", "when (UTC)", "note"),
                 [(i.id, i.area.label, i.what, f"{MARKS[i.state]} {i.state.label}", i.contact,
                   (i.answered_at or "")[:16].replace("T", " "), i.note) for i in found])


@advance.command("list")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.option("--days", default=DUE_DAYS, show_default=True, type=click.IntRange(0, 366),
              help="Without DATE: name the shows this close that are not fully advanced.")
@click.option("--today", default=None, metavar="DATE",
              help="Count --days from DATE (default: today, the working day where the tour is).")
@click.argument("day", metavar="[DATE]", required=False)
@click.pass_obj
def advance_list(options: Options, tour_name: str, days: int, today: str | None,
                 day: str | None) -> None:
    """A show's items (with DATE), or every show's state and those due soon."""
    from tourdesk.services.advancing import items, tour_state
    from tourdesk.services.today import working_today
    from tourdesk.store import tours

    with options.store(read_only=True) as store:
        if day is not None:
            found = items(store, gig_on(store, tour_name, iso_date(day, "DATE")))
            click.echo(_rows(found))
            return
        tour_id = tours.named(store, tour_name).saved_id
        since = iso_date(today, "--today") if today else working_today(store, tour_id)
        state = tour_state(store, tour_id, since, days)
    click.echo(table(("date", "where", "advance"),
                     [(f"{s.row.date:%a %d %b}", s.row.venue or s.row.city, s.progress.line)
                      for s in state.shows]))
    if state.due:
        say(f"Not fully advanced within {days} days: " + ", ".join(
            f"{s.row.date:%d %b} {s.row.city} ({s.progress.line})" for s in state.due))
    else:
        say(f"Every show within {days} days is fully advanced.")


@advance.command("add")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.option("--count", default=None, help="Heads (local crew) or pieces.")
@click.option("--state", default=None, help=STATES + " (default: to_ask).")
@click.option("--contact", default=None, help="The venue contact who answered (by name).")
@click.option("--note", default=None, help="What was said, what changed.")
@click.argument("day", metavar="DATE")
@click.argument("area", metavar="AREA")
@click.argument("item", metavar="ITEM")
@click.pass_obj
def advance_add(options: Options, tour_name: str, count: str | None, state: str | None,
                contact: str | None, note: str | None, day: str, area: str, item: str) -> None:
    """Add an item to a show's advance (managers). AREA: backline, pa, power, rigging,
    hospitality, parking or local_crew (local crew: ITEM is the role, e.g. stagehand)."""
    from tourdesk.services.advancing import add_item

    with options.store() as store:
        i = add_item(store, gig_on(store, tour_name, iso_date(day, "DATE")), {
            "area": area, "item": item, "count": count, "state": state, "contact": contact,
            "note": note})
    say(f"{i.state.label}: {i.area.label} · {i.what} on {day} (id {i.id})")


@advance.command("set")
@click.option("--state", default=None, help=STATES + ".")
@click.option("--contact", default=None,
              help="The venue contact who answered (by name; none: nobody).")
@click.option("--note", default=None, help="What was said, what changed.")
@click.option("--item", default=None, help="What is asked for, reworded.")
@click.option("--count", default=None, help="Heads or pieces (none: not counted).")
@click.argument("ids", nargs=-1, type=int, metavar="ID...")
@click.pass_obj
def advance_set(options: Options, state: str | None, contact: str | None, note: str | None,
                item: str | None, count: str | None, ids: tuple[int, ...]) -> None:
    """Record an answer or change items (managers): all of them or none."""
    from tourdesk.services.advancing import set_item

    if not ids:
        raise click.UsageError("give at least one item id (see `tourdesk advance list`)")
    fields = {k: v for k, v in {"state": state, "contact": contact, "note": note,
                                "item": item, "count": count}.items() if v is not None}
    if not fields:
        raise click.UsageError("say what to change: --state, --contact, --note, --item "
                               "or --count")
    with options.store() as store, store.write():
        done = [set_item(store, i, fields) for i in ids]
    for i in done:
        who = (f" by {i.contact}" if i.state.answered else f", asked of {i.contact}"
               ) if i.contact else ""
        say(f"{i.state.label}{who}: {i.area.label} · {i.what} (id {i.id})")


@advance.command("remove")
@click.argument("item_id", type=int, metavar="ID")
@click.pass_obj
def advance_remove(options: Options, item_id: int) -> None:
    """Take an item off a show's advance (managers)."""
    from tourdesk.services.advancing import remove_item

    with options.store() as store:
        gone = remove_item(store, item_id)
    say(f"removed: {gone.area.label} · {gone.what} (id {gone.id})")


@advance.group("template")
def template() -> None:
    """Named sets of advance items per tour, put on a show at once."""


@template.command("list")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.pass_obj
def template_list(options: Options, tour_name: str) -> None:
    """The tour's templates, line by line."""
    from tourdesk.services.advancing import template_items
    from tourdesk.store import tours

    with options.store(read_only=True) as store:
        found = template_items(store, tours.named(store, tour_name).saved_id)
    click.echo(table(("id", "template", "area", "item", "count"),
                     [(t.id, t.template, t.area.label, t.item, t.count or "")
                      for t in found]))


@template.command("add")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.option("--count", default=None, help="Heads (local crew) or pieces.")
@click.argument("name", metavar="TEMPLATE")
@click.argument("area", metavar="AREA")
@click.argument("item", metavar="ITEM")
@click.pass_obj
def template_add(options: Options, tour_name: str, count: str | None, name: str, area: str,
                 item: str) -> None:
    """Add a line to a template (made with its first line; managers)."""
    from tourdesk.services.advancing import add_template_item
    from tourdesk.store import tours

    with options.store() as store:
        t = add_template_item(store, tours.named(store, tour_name).saved_id, {
            "template": name, "area": area, "item": item, "count": count})
    say(f"{t.template}: {t.area.label} · {t.item} (line {t.id})")


@template.command("remove")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.argument("line_id", type=int, metavar="ID")
@click.pass_obj
def template_remove(options: Options, tour_name: str, line_id: int) -> None:
    """Remove a template line (managers)."""
    from tourdesk.services.advancing import remove_template_item
    from tourdesk.store import tours

    with options.store() as store:
        remove_template_item(store, tours.named(store, tour_name).saved_id, line_id)
    say(f"removed template line {line_id}")


@template.command("apply")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.argument("name", metavar="TEMPLATE")
@click.argument("days", nargs=-1, required=True, metavar="DATE...")
@click.pass_obj
def template_apply(options: Options, tour_name: str, name: str, days: tuple[str, ...]) -> None:
    """Put a template's items on shows (those a show has already stay as they are;
    all the shows or none)."""
    from tourdesk.services.advancing import apply_template

    with options.store() as store, store.write():
        added = [(day, apply_template(store, gig_on(store, tour_name, iso_date(day, "DATE")),
                                      name)) for day in days]
    for day, n in added:
        say(f"{day}: {n} item{'s' if n != 1 else ''} added")
