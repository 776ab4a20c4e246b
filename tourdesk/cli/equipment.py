"""Commands for the inventory, the carnet, checklists and missing/damaged flags."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from tourdesk.cli.base import Options, cli, emit, gig_on, read_source, run_tui, say, table
from tourdesk.domain.localtime import local_clock
from tourdesk.domain.models import iso_date
from tourdesk.domain.text import printable

if TYPE_CHECKING:
    from tourdesk.store.checklists import Entry


@cli.group()
def inventory() -> None:
    """Import and export the inventory (cases and items)."""


@inventory.command("import")
@click.argument("items", required=False,
                type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--cases", "cases_file",
              type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              help="Cases CSV, imported before the items.")
@click.pass_obj
def inventory_import(options: Options, items: Path | None, cases_file: Path | None) -> None:
    """Items from ITEMS (and cases from --cases): all or nothing."""
    from tourdesk.services.inventory_files import import_inventory

    if items is None and cases_file is None:
        raise click.UsageError("give an items CSV, a --cases CSV, or both")
    if str(items) == str(cases_file) == "-":
        raise click.UsageError("only one of the two can come on standard input")
    with options.store() as store:
        cases, items_added = import_inventory(
            store, items and read_source(items), cases_file and read_source(cases_file))
    click.echo(f"{cases} cases and {items_added} items added")


@inventory.command("export")
@click.option("--cases", "what", flag_value="cases", help="Export the cases instead of items.")
@click.option("-o", "--output", default=None, help="File to write (default: stdout).")
@click.pass_obj
def inventory_export(options: Options, what: str | None, output: str | None) -> None:
    """Items (or cases) as CSV, in the same columns the import reads."""
    from tourdesk.services.inventory_files import export_cases, export_items

    with options.store(read_only=True) as store:
        emit(export_cases(store) if what == "cases" else export_items(store), output)


@cli.command()
@click.option("--case", "cases", multiple=True, metavar="NUMBER",
              help="Only these cases (repeatable). Default: everything.")
@click.option("-o", "--output", default=None, help="File to write (default: stdout).")
@click.pass_obj
def carnet(options: Options, cases: tuple[str, ...], output: str | None) -> None:
    """ATA carnet general list as CSV, with totals per case and overall."""
    from tourdesk.services.inventory_files import carnet as carnet_csv

    with options.store(read_only=True) as store:
        emit(carnet_csv(store, cases), output)


@cli.group()
def checklist() -> None:
    """Show day checklists, add them from templates, list templates."""


@checklist.command("show")
@click.option("--tour", "tour_name", required=True)
@click.argument("day", metavar="DATE")
@click.argument("name", required=False)
@click.pass_obj
def checklist_show(options: Options, tour_name: str, day: str, name: str | None) -> None:
    """The checklists of a gig day (or only NAME) with every entry's state."""
    from tourdesk.store import checklists
    from tourdesk.store.errors import NotFoundError

    on = iso_date(day, "DATE")
    with options.store(read_only=True) as store:
        lists = checklists.for_gig(store, gig_on(store, tour_name, on))
        if name:
            lists = [(c, n) for c, n in lists if c.name.casefold() == name.casefold()]
            if not lists:
                raise NotFoundError(f"no checklist '{name}' on {on}")
        views = [checklists.view(store, c.id) for c, _ in lists]
    if not views:
        click.echo(f"no checklists on {on}", err=True)
    for view, (_, counts) in zip(views, lists, strict=True):
        c = view.checklist
        click.echo(f"{printable(c.name)} ({c.phase.label}, {c.gig_date}): {counts.done}/"
                   f"{counts.total} done, {counts.missing} missing, {counts.damaged} damaged, "
                   f"{counts.na} n/a")
        flagged = {i: f"{f.since} (flag {f.id})" for i, f in view.flags.items()}
        click.echo(table(
            ("line", "state", "case", "entry", "serial", "qty", "by",
             f"at ({c.timezone or 'UTC'})", "note", "flag"),
            [(n, e.state.value, e.case_number, e.label, e.serial, e.quantity, e.set_by or "",
              f"{local_clock(e.set_at, c.timezone):%Y-%m-%d %H:%M}" if e.set_at else "", e.note,
              flagged.get(e.item_id or -1, ""))
             for n, e in enumerate(view.entries, start=1)]))
        click.echo()


def _one_of(**given: object) -> None:
    """Exactly one way of naming what to tick."""
    from tourdesk.domain.errors import ValidationError

    named = [f"--{k}" for k, v in given.items() if v is not None]
    if len(named) != 1:
        raise ValidationError(" or ".join(f"--{k}" for k in given),
                              "give exactly one" + (f" (not {' and '.join(named)})"
                                                    if named else ""))


@checklist.command("tick")
@click.option("--tour", "tour_name", required=True)
@click.option("--serial", default=None, help="The entry with this serial number.")
@click.option("--line", type=int, default=None, help="Line N, as `checklist show` numbers it.")
@click.option("--case", "case_number", default=None, metavar="NUMBER",
              help="Every pending entry of this case (flagged items stay pending).")
@click.option("--undo", is_flag=True, help="Put it back to pending instead.")
@click.argument("day", metavar="DATE")
@click.argument("name", metavar="LIST")
@click.pass_obj
def checklist_tick(options: Options, tour_name: str, serial: str | None, line: int | None,
                   case_number: str | None, undo: bool, day: str, name: str) -> None:
    """Tick an entry (or a whole case) of a day's list done, as the TUI's Space does.

    An item with an open missing or damaged flag is left pending in a case tick, and
    a missing one is refused on its own, until its flag is resolved with a note
    (`tourdesk flags resolve ID --note TEXT`)."""
    from tourdesk.services import checklists as field
    from tourdesk.store import checklists

    _one_of(serial=serial, line=line, case=case_number)
    on = iso_date(day, "DATE")
    with options.store() as store:
        found = field.list_named(store, tour_name, on, name)
        if case_number is not None:
            ticked = field.tick_case(store, found.id, case_number, undo=undo)
            what = f"case {case_number}"
        else:
            entry = field.entry_on(checklists.view(store, found.id), serial=serial, line=line)
            ticked = field.tick_entry(store, entry.id, undo=undo)
            what = _entry_words(entry)
    say(f"{what}: {field.tick_words(ticked, undo=undo)}")


@checklist.command("mark")
@click.option("--tour", "tour_name", required=True)
@click.option("--serial", default=None, help="The entry with this serial number.")
@click.option("--line", type=int, default=None, help="Line N, as `checklist show` numbers it.")
@click.option("--note", default=None, help="What happened (e.g. 'not in its case').")
@click.argument("day", metavar="DATE")
@click.argument("name", metavar="LIST")
@click.argument("kind", type=click.Choice(["missing", "damaged"]))
@click.pass_obj
def checklist_mark(options: Options, tour_name: str, serial: str | None, line: int | None,
                   note: str | None, day: str, name: str, kind: str) -> None:
    """Mark an entry missing or damaged: its item is flagged until someone resolves the
    flag with a note. `checklist tick --undo` takes a mark back."""
    from tourdesk.domain.inventory import EntryState
    from tourdesk.services import checklists as field
    from tourdesk.store import checklists

    _one_of(serial=serial, line=line)
    on = iso_date(day, "DATE")
    with options.store() as store:
        found = field.list_named(store, tour_name, on, name)
        entry = field.entry_on(checklists.view(store, found.id), serial=serial, line=line)
        after = field.mark(store, entry.id, EntryState(kind), note=note)
        flag = checklists.view(store, found.id).flags.get(after.item_id or -1)
    said = f"; flag {flag.id}: {flag.since}" if flag is not None else ""
    say(f"{_entry_words(after)}: {after.state.value}{said}")


def _entry_words(entry: Entry) -> str:
    case = f"{entry.case_number} " if entry.case_number else ""
    serial = f" ({entry.serial})" if entry.serial else ""
    return f"{case}{entry.label}{serial}"


@checklist.command("open")
@click.option("--tour", "tour_name", required=True)
@click.argument("day", metavar="DATE")
@click.argument("name")
@click.pass_obj
def checklist_open(options: Options, tour_name: str, day: str, name: str) -> None:
    """Open the TUI straight on the tick-off screen of one list (for crew logins)."""
    from tourdesk.store import checklists
    from tourdesk.store.errors import NotFoundError

    on = iso_date(day, "DATE")
    with options.store() as store:
        found = [c.id for c, _ in checklists.for_gig(store, gig_on(store, tour_name, on))
                 if c.name.casefold() == name.casefold()]
    if not found:
        raise NotFoundError(f"no checklist '{name}' on {on}")
    run_tui(options, tour_name=tour_name, checklist_id=found[0])


@checklist.command("add")
@click.option("--tour", "tour_name", required=True)
@click.option("--template", "template", required=True, help="Template name.")
@click.option("--name", default=None, help="Name of the day's list (default: the template's).")
@click.argument("day", metavar="DATE")
@click.pass_obj
def checklist_add(options: Options, tour_name: str, template: str, name: str | None,
                  day: str) -> None:
    """Give a gig day its own checklist made from a template."""
    from tourdesk.services.checklists import add_from_template

    on = iso_date(day, "DATE")
    with options.store() as store:
        checklist_id = add_from_template(store, gig_on(store, tour_name, on), template, name)
    click.echo(checklist_id)


@checklist.command("templates")
@click.pass_obj
def checklist_templates(options: Options) -> None:
    """Every checklist template with its phase and number of lines."""
    from tourdesk.store import checklists

    with options.store(read_only=True) as store:
        rows = [(t.name, t.phase.label, t.lines) for t in checklists.templates(store)]
    click.echo(table(("template", "phase", "lines"), rows))


@cli.group()
def flags() -> None:
    """Items marked missing or damaged, until someone resolves them."""


@flags.command("list")
@click.pass_obj
def flags_list(options: Options) -> None:
    """Every open flag: what, since when, who raised it."""
    from tourdesk.store import checklists

    with options.store(read_only=True) as store:
        rows = [(f.id, f.kind.value, f.case_number, f.label, f.serial, f.raised_on, f.raised_by,
                 f.note) for f in checklists.open_flags(store)]
    click.echo(table(("id", "flag", "case", "item", "serial", "since", "by", "note"), rows))


@flags.command("resolve")
@click.argument("flag_id", type=int)
@click.option("--note", default=None,
              help="Required: how it was resolved (e.g. 'found in the truck').")
@click.pass_obj
def flags_resolve(options: Options, flag_id: int, note: str | None) -> None:
    """Close a flag on purpose, saying how; recorded with who and when. Until then a
    case tick leaves the item pending and a tick of a missing item is refused."""
    from tourdesk.store import checklists

    with options.store() as store:
        flag = checklists.close_flag(store, flag_id, note)
    say(f"flag {flag_id} resolved: {flag.label} {flag.since}; {(note or '').strip()}")


# -- editing items and cases --

_ITEM_SET_OPTIONS = (
    ("--name", "name", "The item's name."),
    ("--category", "category", "Backline, Cables, Lighting…"),
    ("--case", "case", "Case number (empty: in no case)."),
    ("--serial", "serial", "Serial number (empty clears it)."),
    ("--quantity", "quantity", "How many (1 for an item with a serial)."),
    ("--weight", "weight_kg", "Weight in kg."),
    ("--value", "value", "Value, e.g. 1899.00 (with --currency)."),
    ("--currency", "currency", "Currency of the value (ISO code)."),
    ("--origin", "origin", "Country of origin (ISO code), for the carnet."),
    ("--ownership", "ownership", "owned or rented."),
    ("--vendor", "vendor", "Who it is rented from."),
    ("--rental-start", "rental_start", "YYYY-MM-DD."),
    ("--rental-end", "rental_end", "YYYY-MM-DD."),
    ("--rental-cost", "rental_cost", "What the rental costs (with --rental-currency)."),
    ("--rental-currency", "rental_currency", "Currency of the rental cost."),
    ("--notes", "notes", ""),
)


def _followed(text: str) -> str:
    return f" ({text})" if text else ""


@inventory.command("list")
@click.option("--retired", is_flag=True, help="Retired items too.")
@click.pass_obj
def inventory_list(options: Options, retired: bool) -> None:
    """Every item in service (with --retired, the retired ones too), with its id."""
    from tourdesk.store import inventory as store_inventory

    with options.store(read_only=True) as store:
        found = store_inventory.items(store, retired=retired)
    click.echo(table(("id", "case", "item", "category", "serial", "qty", "retired"),
                     [(i.id, i.case_number, i.name, i.category, i.serial, i.quantity,
                       i.retired_on or "") for i in found]))


def _inventory_set(options: Options, key: str, given: dict[str, str | None]) -> None:
    from tourdesk.services.inventory_edits import set_item

    if all(v is None for v in given.values()):
        raise click.UsageError("say what to change (see --help)")
    with options.store() as store:
        item, followed = set_item(store, key, given)
    click.echo(printable(f"changed {item.name}{' ' + item.serial if item.serial else ''}"
                         f"{_followed(followed.text())}"))


def _item_set_command() -> None:
    def command(options: Options, key: str, **given: str | None) -> None:
        """Change an item (by serial number or id): only the fields given; an empty
        value clears a field. Day lists not started follow; started ones keep theirs."""
        _inventory_set(options, key, given)

    decorated = click.pass_obj(command)
    for flag, dest, text in reversed(_ITEM_SET_OPTIONS):
        decorated = click.option(flag, dest, default=None, help=text or None)(decorated)
    decorated = click.argument("key", metavar="SERIAL|ID")(decorated)
    inventory.command("set")(decorated)


_item_set_command()


@inventory.command("move")
@click.argument("key", metavar="SERIAL|ID")
@click.option("--to", "to", required=True, metavar="CASE", help="Case number ('' : no case).")
@click.pass_obj
def inventory_move(options: Options, key: str, to: str) -> None:
    """Put an item in another case."""
    from tourdesk.services.inventory_edits import move_item

    with options.store() as store:
        item, followed = move_item(store, key, to)
    click.echo(printable(f"{item.name} is in {item.case_number or 'no case'} now"
                         f"{_followed(followed.text())}"))


@inventory.command("retire")
@click.argument("key", metavar="SERIAL|ID")
@click.option("--undo", "back", is_flag=True, help="Put a retired item back into service.")
@click.option("--on", "on", default=None, metavar="DATE", help="Retired as of (default: today).")
@click.pass_obj
def inventory_retire(options: Options, key: str, back: bool, on: str | None) -> None:
    """Take an item out of service: kept for history and the lists it was on, left off
    new lists, the carnet and the Gear screen."""
    from tourdesk.services.inventory_edits import retire_item

    with options.store() as store:
        item, followed = retire_item(store, key, back=back,
                                     on=iso_date(on, "--on") if on else None)
    state = "back in service" if back else f"retired on {item.retired_on}"
    click.echo(printable(f"{item.name} {state}{_followed(followed.text())}"))


@inventory.group("case")
def inventory_case() -> None:
    """Change a case."""


@inventory_case.command("set")
@click.argument("number")
@click.option("--number", "new_number", default=None, help="A new case number.")
@click.option("--name", default=None)
@click.option("--length", "length_cm", default=None, help="cm")
@click.option("--width", "width_cm", default=None, help="cm")
@click.option("--height", "height_cm", default=None, help="cm")
@click.option("--weight", "empty_weight_kg", default=None, help="Empty weight, kg.")
@click.option("--notes", default=None)
@click.pass_obj
def inventory_case_set(options: Options, number: str, new_number: str | None,
                       **given: str | None) -> None:
    """Change case NUMBER: only the fields given. Day lists not started follow."""
    from tourdesk.services.inventory_edits import set_case

    fields = {**given, "number": new_number}
    if all(v is None for v in fields.values()):
        raise click.UsageError("say what to change (see --help)")
    with options.store() as store:
        case, followed = set_case(store, number, fields)
    click.echo(printable(f"changed case {case.number}{_followed(followed.text())}"))
