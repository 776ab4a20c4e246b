"""Commands for travel segments (flights, trains, ferries, buses, cars) and hotel stays
with their rooming lists."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from tourdesk.cli.base import Options, cli, emit, read_source, say, table

_SEGMENT_OPTIONS = (
    click.option("--mode", default=None,
                 type=click.Choice(["flight", "train", "ferry", "bus", "car", "other"]),
                 help="How the party travels."),
    click.option("--carrier", default=None, help="Airline, rail or ferry company (QF, Eurostar…)."),
    click.option("--number", default=None, help="Flight or train number (QF2)."),
    click.option("--from", "from_", default=None, metavar="PLACE",
                 help="Where it leaves: an IATA airport code for a flight (LHR), else a "
                      "station or port with --from-zone."),
    click.option("--to", default=None, metavar="PLACE",
                 help="Where it arrives: an IATA code for a flight, else a place with --to-zone."),
    click.option("--from-zone", default=None, help="IANA zone of the origin (not for flights)."),
    click.option("--to-zone", default=None, help="IANA zone of the destination (not for flights)."),
    click.option("--depart", default=None, metavar="'YYYY-MM-DD HH:MM'",
                 help="Departure on the origin's clock."),
    click.option("--arrive", default=None, metavar="'YYYY-MM-DD HH:MM'",
                 help="Arrival on the destination's clock (a time alone: the first after "
                      "the departure)."),
    click.option("--ref", default=None, help="Booking reference."),
    click.option("--people", default=None, metavar="'A;B'",
                 help="Who travels on it: names on the crew list, separated by ;."),
    click.option("--seats", default=None, metavar="'12A;12B'",
                 help="Seats, one per person in the order of --people."),
    click.option("--baggage", default=None, help="Baggage note (2 x 23 kg, a guitar…)."),
    click.option("--cost", default=None, help="What it costs, e.g. 2450.00 (with --currency)."),
    click.option("--currency", default=None, help="ISO code of the cost."),
    click.option("--notes", default=None),
)


def _segment_options(command: Callable[..., None]) -> Callable[..., None]:
    for option in reversed(_SEGMENT_OPTIONS):
        command = option(command)
    return command


def _fields(given: dict[str, Any]) -> dict[str, str | None]:
    fields = {k: v for k, v in given.items() if k != "from_"}
    fields["from"] = given.get("from_")
    return fields


def _tour_id(store: Any, name: str) -> int:
    from tourdesk.store import tours

    return tours.named(store, name).saved_id


@cli.group()
def travel() -> None:
    """Travel segments: flights, trains, ferries, buses and cars, with who is on each
    (the route counts them; a cost becomes a budget line)."""


@travel.command("add")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@_segment_options
@click.pass_obj
def travel_add(options: Options, tour_name: str, **given: Any) -> None:
    """Add a segment: times are local at each end (an arrival may be the next day, or
    the day before across the date line)."""
    from tourdesk.services.travel import add_segment

    fields = _fields(given)
    fields["mode"] = fields.get("mode") or "flight"
    with options.store() as store:
        s = add_segment(store, _tour_id(store, tour_name), fields)
    say(f"added {s.title()} on {s.depart_on} (id {s.id})")


@travel.command("set")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.option("--id", "segment_id", type=int, required=True, help="The segment (`travel list`).")
@_segment_options
@click.pass_obj
def travel_set(options: Options, tour_name: str, segment_id: int, **given: Any) -> None:
    """Change a segment: only what is given; an empty value clears it (--people '' empties
    the manifest, an empty --cost takes the cost off)."""
    from tourdesk.services.travel import set_segment

    fields = _fields(given)
    if all(v is None for v in fields.values()):
        raise click.UsageError("say what to change (see --help)")
    if fields.get("cost") == "" and fields.get("currency") is None:
        fields["currency"] = ""
    if fields.get("people") is not None and fields.get("seats") is None:
        fields["seats"] = ""
    with options.store() as store:
        s = set_segment(store, _tour_id(store, tour_name), segment_id, fields)
    say(f"changed {s.title()} on {s.depart_on}")


@travel.command("remove")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.option("--id", "segment_id", type=int, required=True, help="The segment (`travel list`).")
@click.pass_obj
def travel_remove(options: Options, tour_name: str, segment_id: int) -> None:
    """Remove a segment (its manifest and budget line go with it)."""
    from tourdesk.services.travel import remove_segment

    with options.store() as store:
        gone = remove_segment(store, _tour_id(store, tour_name), segment_id)
    say(f"removed {gone.title()} on {gone.depart_on}")


@travel.command("list")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.option("--person", default=None, help="Only the segments this person is on.")
@click.option("--on", "on", default=None, metavar="DATE",
              help="Only those leaving or arriving on this local date.")
@click.pass_obj
def travel_list(options: Options, tour_name: str, person: str | None, on: str | None) -> None:
    """The tour's segments by departure; the cost only for roles that see money."""
    from tourdesk.domain.access import Capability
    from tourdesk.domain.models import iso_date
    from tourdesk.services.travel import segments
    from tourdesk.store import crew

    with options.store(read_only=True) as store:
        person_id = crew.person_named(store, person).id if person else None
        rows = segments(store, _tour_id(store, tour_name), person_id=person_id,
                        on=iso_date(on, "--on") if on else None)
        money = store.can(Capability.READ_MONEY)
    headers: tuple[str, ...] = ("id", "what", "carrier", "departs", "arrives", "takes", "ref",
                                "people")
    cells: list[tuple[object, ...]] = [
        (r.segment.id, f"{r.segment.mode.value} {r.segment.number}".strip(),
         r.segment.carrier, r.depart, r.arrive, r.duration, r.segment.booking_ref,
         "; ".join(r.people))
        for r in rows]
    if money:
        headers += ("cost",)
        cells = [(*c, r.segment.cost.shown_with_code() if r.segment.cost else "")
                 for c, r in zip(cells, rows, strict=True)]
    click.echo(table(headers, cells))


@travel.command("export")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.option("--manifest", is_flag=True,
              help="A travel agent's manifest instead: one row per person per flight.")
@click.option("--id", "segment_id", type=int, default=None,
              help="With --manifest: only this segment (any mode).")
@click.option("--all-modes", is_flag=True, help="With --manifest: trains, ferries… too.")
@click.option("-o", "--output", default=None, help="File to write (default: stdout).")
@click.pass_obj
def travel_export(options: Options, tour_name: str, manifest: bool, segment_id: int | None,
                  all_modes: bool, output: str | None) -> None:
    """The segments as CSV (the columns `travel import` reads), or the manifest."""
    from tourdesk.services.travel import export_segments, manifest_csv

    with options.store(read_only=True) as store:
        tour_id = _tour_id(store, tour_name)
        text = (manifest_csv(store, tour_id, segment_id=segment_id,
                             mode=None if all_modes else "flight")
                if manifest else export_segments(store, tour_id))
    emit(text, output)


@travel.command("import")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.argument("file", metavar="FILE")
@click.pass_obj
def travel_import(options: Options, tour_name: str, file: str) -> None:
    """Add segments from CSV (- reads standard input): mode, from, to, depart, arrive,
    and any of carrier, number, from_zone, to_zone, ref, baggage, notes, cost, currency,
    people, seats. All rows or none."""
    from tourdesk.services.travel import import_segments

    source = read_source(file)
    with options.store() as store:
        added = import_segments(store, _tour_id(store, tour_name), source)
    click.echo(f"{len(added)} segments added")


# -- hotels --

_STAY_OPTIONS = (
    click.option("--address", default=None),
    click.option("--zone", default=None,
                 help="IANA zone (default: the zone of the tour's day on the check-in date)."),
    click.option("--in", "check_in", default=None, metavar="'YYYY-MM-DD [HH:MM]'",
                 help="Check-in date, and time if known."),
    click.option("--out", "check_out", default=None, metavar="'YYYY-MM-DD [HH:MM]'",
                 help="Check-out date, and time if known."),
    click.option("--ref", default=None, help="Booking reference."),
    click.option("--notes", default=None),
)


def _stay_options(command: Callable[..., None]) -> Callable[..., None]:
    for option in reversed(_STAY_OPTIONS):
        command = option(command)
    return command


def _stay_fields(given: dict[str, Any]) -> dict[str, str | None]:
    fields = {k: v for k, v in given.items() if k not in ("check_in", "check_out")}
    fields["in"], fields["out"] = given.get("check_in"), given.get("check_out")
    return fields


@cli.group()
def hotel() -> None:
    """Hotel stays and their rooming lists."""


@hotel.command("add")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.option("--hotel", "hotel_name", required=True, help="The hotel.")
@_stay_options
@click.pass_obj
def hotel_add(options: Options, tour_name: str, hotel_name: str, **given: Any) -> None:
    """Add a hotel stay (--in and --out required)."""
    from tourdesk.services.travel import add_stay

    with options.store() as store:
        s = add_stay(store, _tour_id(store, tour_name),
                     {**_stay_fields(given), "hotel": hotel_name})
    say(f"added {s.hotel}, {s.nights()} night(s) from {s.check_in} (id {s.id})")


@hotel.command("set")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.option("--id", "stay_id", type=int, default=None, help="The stay (`hotel list`).")
@click.option("--hotel", "hotel_name", default=None, help="The stay by hotel name.")
@click.option("--rename", default=None, help="Another hotel name.")
@_stay_options
@click.pass_obj
def hotel_set(options: Options, tour_name: str, stay_id: int | None, hotel_name: str | None,
              rename: str | None, **given: Any) -> None:
    """Change a stay: only what is given."""
    from tourdesk.services.travel import set_stay

    fields = _stay_fields(given)
    fields["hotel"] = rename
    if all(v is None for v in fields.values()):
        raise click.UsageError("say what to change (see --help)")
    with options.store() as store:
        s = set_stay(store, _tour_id(store, tour_name), fields, stay_id=stay_id,
                     hotel=hotel_name)
    say(f"changed {s.hotel}")


@hotel.command("remove")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.option("--id", "stay_id", type=int, default=None, help="The stay (`hotel list`).")
@click.option("--hotel", "hotel_name", default=None, help="The stay by hotel name.")
@click.pass_obj
def hotel_remove(options: Options, tour_name: str, stay_id: int | None,
                 hotel_name: str | None) -> None:
    """Remove a stay and its rooming list."""
    from tourdesk.services.travel import remove_stay

    with options.store() as store:
        gone = remove_stay(store, _tour_id(store, tour_name), stay_id=stay_id, hotel=hotel_name)
    say(f"removed {gone.hotel} from {gone.check_in}")


@hotel.command("list")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.pass_obj
def hotel_list(options: Options, tour_name: str) -> None:
    """The tour's hotel stays by check-in."""
    from tourdesk.services.travel import stays

    with options.store(read_only=True) as store:
        found = stays(store, _tour_id(store, tour_name))

    def point(on: Any, at: Any) -> str:
        return f"{on:%a %d %b}" + (f" {at:%H:%M}" if at else "")

    click.echo(table(("id", "hotel", "in", "out", "nights", "zone", "ref", "rooms"), [
        (s.id, s.hotel, point(s.check_in, s.check_in_at), point(s.check_out, s.check_out_at),
         s.nights(), s.zone, s.booking_ref, len(s.rooms)) for s in found]))


@hotel.command("export")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.option("-o", "--output", default=None, help="File to write (default: stdout).")
@click.pass_obj
def hotel_export(options: Options, tour_name: str, output: str | None) -> None:
    """Every stay with its rooming list as CSV, one row per person in a room (the
    columns `hotel import` reads)."""
    from tourdesk.services.travel import export_hotels

    with options.store(read_only=True) as store:
        text = export_hotels(store, _tour_id(store, tour_name))
    emit(text, output)


@hotel.command("import")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.argument("file", metavar="FILE")
@click.pass_obj
def hotel_import(options: Options, tour_name: str, file: str) -> None:
    """Add stays with their rooming lists from CSV (- reads standard input): hotel, in,
    out, and any of address, zone, ref, notes, person, room, type; the rows of one
    hotel, check-in and check-out are one stay. All rows or none."""
    from tourdesk.services.travel import import_hotels

    source = read_source(file)
    with options.store() as store:
        added = import_hotels(store, _tour_id(store, tour_name), source)
    rooms = sum(len(s.rooms) for s in added)
    click.echo(f"{len(added)} stays added, {rooms} people in rooms")


@hotel.command("rooms")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.option("--id", "stay_id", type=int, default=None, help="The stay (`hotel list`).")
@click.option("--hotel", "hotel_name", default=None, help="The stay by hotel name.")
@click.option("--person", default=None, help="Put this person in --room (or --remove them).")
@click.option("--room", default=None, help="Room number or name.")
@click.option("--type", "room_type", default=None,
              type=click.Choice(["single", "double", "twin", "triple", "suite", "other"]),
              help="Room type.")
@click.option("--remove", is_flag=True, help="Take --person off the rooming list.")
@click.option("--import", "import_file", default=None, metavar="FILE",
              help="Set the rooming list from CSV (person, room, type; - reads stdin).")
@click.option("--csv", "as_csv", is_flag=True, help="Print the rooming list as CSV.")
@click.option("-o", "--output", default=None, help="With --csv: file to write.")
@click.pass_obj
def hotel_rooms(options: Options, tour_name: str, stay_id: int | None, hotel_name: str | None,
                person: str | None, room: str | None, room_type: str | None, remove: bool,
                import_file: str | None, as_csv: bool, output: str | None) -> None:
    """The stay's rooming list: who is in which room, its type and who shares it. With
    --person, put them in a room (or --remove them); with --import, read a list."""
    from tourdesk.services import travel as svc

    source = read_source(import_file) if import_file else None
    with options.store(read_only=not person and source is None) as store:
        tour_id = _tour_id(store, tour_name)
        if person and remove:
            svc.remove_room(store, tour_id, person, stay_id=stay_id, hotel=hotel_name)
        elif person:
            svc.set_room(store, tour_id, {"person": person, "room": room, "type": room_type},
                         stay_id=stay_id, hotel=hotel_name)
        elif remove or room or room_type:
            raise click.UsageError("--room, --type and --remove need --person")
        elif source is not None:
            svc.import_rooms(store, tour_id, source, stay_id=stay_id, hotel=hotel_name)
        stay, lines = svc.rooming_list(store, tour_id, stay_id=stay_id, hotel=hotel_name)
    if as_csv:
        emit(svc.rooming_csv(lines), output)
        return
    say(f"{stay.hotel}: {stay.check_in:%a %d %b} to {stay.check_out:%a %d %b}")
    click.echo(table(("room", "type", "person", "shares"), [
        (x.room, x.room_type, x.person, ", ".join(x.shares)) for x in lines]))
