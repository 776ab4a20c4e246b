"""Commands for the producer's paperwork: guest lists, documents, and what changed."""

from __future__ import annotations

import sys

import click

from tourdesk.cli.base import (
    Options,
    cli,
    emit,
    emit_bytes,
    gig_on,
    read_binary_source,
    say,
    table,
)
from tourdesk.domain.models import iso_date

# -- guest lists --


@cli.group()
def guest() -> None:
    """Guest lists per show: ask for your own guests; managers set caps, approve and
    print the door list."""


def _ids(values: tuple[int, ...]) -> tuple[int, ...]:
    if not values:
        raise click.UsageError("give at least one request id (see `tourdesk guest list`)")
    return values


@guest.command("add")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.option("--plus", default="0", show_default=True, help="Extra heads with the guest.")
@click.option("--pass", "pass_", default="guest", show_default=True,
              help="guest, photo, aftershow or all-access.")
@click.option("--note", default=None, help="For the box office or the manager.")
@click.option("--approve", is_flag=True, help="Approve at once (managers).")
@click.argument("day", metavar="DATE")
@click.argument("name", metavar="GUEST")
@click.pass_obj
def guest_add(options: Options, tour_name: str, plus: str, pass_: str, note: str | None,
              approve: bool, day: str, name: str) -> None:
    """Ask for a guest on a show, in your own name (within the show's caps)."""
    from tourdesk.services.guests import request_guest

    with options.store() as store:
        r = request_guest(store, gig_on(store, tour_name, iso_date(day, "DATE")),
                          {"guest": name, "plus": plus, "pass": pass_, "note": note},
                          approve=approve)
    extra = f" +{r.plus}" if r.plus else ""
    say(f"{r.state.value}: {r.guest}{extra} ({r.pass_type.value}) on {day} (id {r.id})")


@guest.command("list")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.argument("day", metavar="DATE")
@click.pass_obj
def guest_list(options: Options, tour_name: str, day: str) -> None:
    """The show's requests: all of them for a manager, your own for anyone else."""
    from tourdesk.domain.access import Capability
    from tourdesk.services.guests import caps, requests

    with options.store(read_only=True) as store:
        gig_id = gig_on(store, tour_name, iso_date(day, "DATE"))
        found = requests(store, gig_id)
        limits = caps(store, gig_id)
        everyone = store.can(Capability.MANAGE_GUESTS)
    click.echo(table(("id", "guest", "plus", "pass", "asked by", "state", "note"),
                     [(r.id, r.guest, r.plus or "", r.pass_type.value, r.requested_by,
                       r.state.value, r.note) for r in found]))
    held = sum(r.heads for r in found if r.counts)
    show = "none" if limits.show is None else limits.show
    person = "none" if limits.person is None else limits.person
    whose = "on the list" if everyone else "yours"
    click.echo(f"{held} heads {whose}; caps: show {show}, per person {person}")


def _decide(options: Options, ids: tuple[int, ...], state: str) -> None:
    from tourdesk.domain.guests import GuestState
    from tourdesk.services.guests import decide

    with options.store() as store, store.write():  # all of them or none
        done = [decide(store, i, GuestState(state)) for i in _ids(ids)]
    for r in done:
        say(f"{r.state.value}: {r.guest} (id {r.id})")


@guest.command("approve")
@click.argument("ids", nargs=-1, type=int, metavar="ID...")
@click.pass_obj
def guest_approve(options: Options, ids: tuple[int, ...]) -> None:
    """Approve requests (managers)."""
    _decide(options, ids, "approved")


@guest.command("decline")
@click.argument("ids", nargs=-1, type=int, metavar="ID...")
@click.pass_obj
def guest_decline(options: Options, ids: tuple[int, ...]) -> None:
    """Decline requests (managers); they stop counting against the caps."""
    _decide(options, ids, "declined")


@guest.command("withdraw")
@click.argument("request_id", type=int, metavar="ID")
@click.pass_obj
def guest_withdraw(options: Options, request_id: int) -> None:
    """Take a request off the list: your own, or any for a manager."""
    from tourdesk.services.guests import withdraw

    with options.store() as store:
        gone = withdraw(store, request_id)
    say(f"withdrawn: {gone.guest} (id {gone.id})")


@guest.command("caps")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.option("--show", "show_cap", default=None, metavar="N|none",
              help="Heads the whole list may hold.")
@click.option("--per-person", "person_cap", default=None, metavar="N|none",
              help="Heads one person may ask for.")
@click.argument("day", metavar="DATE")
@click.pass_obj
def guest_caps(options: Options, tour_name: str, show_cap: str | None,
               person_cap: str | None, day: str) -> None:
    """Show or set a show's caps (setting: managers)."""
    from tourdesk.services.guests import caps, set_caps

    with options.store(read_only=show_cap is None and person_cap is None) as store:
        gig_id = gig_on(store, tour_name, iso_date(day, "DATE"))
        if show_cap is None and person_cap is None:
            limits = caps(store, gig_id)
        else:
            limits = set_caps(store, gig_id, show_cap, person_cap)
    show = "none" if limits.show is None else limits.show
    person = "none" if limits.person is None else limits.person
    click.echo(f"caps on {day}: show {show}, per person {person}")


@guest.command("door")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.option("--format", "fmt", type=click.Choice(["csv", "html"]), default="csv",
              show_default=True)
@click.option("-o", "--output", default=None, help="File to write (default: stdout).")
@click.argument("day", metavar="DATE")
@click.pass_obj
def guest_door(options: Options, tour_name: str, fmt: str, output: str | None,
               day: str) -> None:
    """The door list for the box office: approved guests by name (managers). HTML
    prints from a browser."""
    from tourdesk.services.guests import door_csv, door_html, door_list

    with options.store(read_only=True) as store:
        detail, found = door_list(store, gig_on(store, tour_name, iso_date(day, "DATE")))
    emit(door_csv(found) if fmt == "csv" else door_html(detail, found), output)


# -- documents --


@cli.group()
def doc() -> None:
    """Documents: stage plot, input list, rider, contract, visa papers, kept in the
    database (20 MB each at most, with a SHA-256 checksum)."""


@doc.command("add")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.option("--day", default=None, metavar="DATE", help="Attach to this gig day.")
@click.option("--venue", default=None, help="Attach to this venue (by name).")
@click.option("--kind", required=True,
              help="stage_plot, input_list, rider, contract, visa or other.")
@click.option("--name", default=None,
              help="The file's name (needed with -: standard input has none).")
@click.argument("file", metavar="FILE|-")
@click.pass_obj
def doc_add(options: Options, tour_name: str, day: str | None, venue: str | None, kind: str,
            name: str | None, file: str) -> None:
    """Store a file on the tour, a day or a venue (managers). Over SSH send it on
    standard input: ... doc add --tour T --kind stage_plot --name plot.pdf - < plot.pdf"""
    from tourdesk.domain.documents import size_text
    from tourdesk.services.documents import add_document

    data, file_name = read_binary_source(file)
    on = iso_date(day, "--day") if day else None
    with options.store() as store:
        d = add_document(store, tour_name, kind, name or file_name, data, on=on, venue=venue)
    say(f"added {d.kind.label.lower()} {d.name} ({size_text(d.size)}, sha256 "
        f"{d.sha256[:16]}…) as doc {d.id}")


@doc.command("list")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.option("--day", default=None, metavar="DATE",
              help="Only what the day's sheet lists (the tour's, the day's, its venue's).")
@click.pass_obj
def doc_list(options: Options, tour_name: str, day: str | None) -> None:
    """The documents you may read."""
    from tourdesk.domain.documents import size_text
    from tourdesk.services.documents import listing

    with options.store(read_only=True) as store:
        found = listing(store, tour_name, iso_date(day, "--day") if day else None)
    click.echo(table(("id", "kind", "name", "size", "on", "added by", "sha256"),
                     [(d.doc.id, d.doc.kind.label, d.doc.name, size_text(d.doc.size),
                       d.attached, d.doc.added_by, d.doc.sha256[:16]) for d in found]))


@doc.command("get")
@click.option("-o", "--output", default=None, help="File to write (default: stdout).")
@click.argument("doc_id", type=int, metavar="ID")
@click.pass_obj
def doc_get(options: Options, output: str | None, doc_id: int) -> None:
    """The file's bytes, unchanged, to stdout: tourdesk doc get 3 > plot.pdf"""
    from tourdesk.services.documents import fetch

    with options.store(read_only=True) as store:
        _, data = fetch(store, doc_id)
    if output in (None, "-") and sys.stdout.isatty():
        raise click.UsageError("standard output is a terminal: send it to a file "
                               f"(tourdesk doc get {doc_id} > file)")
    emit_bytes(data, output)


@doc.command("remove")
@click.argument("doc_id", type=int, metavar="ID")
@click.pass_obj
def doc_remove(options: Options, doc_id: int) -> None:
    """Remove a document (managers)."""
    from tourdesk.services.documents import remove_document

    with options.store() as store:
        gone = remove_document(store, doc_id)
    say(f"removed doc {gone.id} ({gone.name})")


# -- the tour book --


@cli.command("tourbook")
@click.option("--tour", "tour_name", required=True, help="Tour name.")
@click.option("--for", "who", default=None, metavar="band|crew|PERSON",
              help="Whose book: the band's, the crew's or one person's (name or login). "
                   "Default: yourself for crew and band, everything for managers.")
@click.option("-o", "--output", default=None, help="File to write (default: stdout).")
@click.pass_obj
def tourbook(options: Options, tour_name: str, who: str | None, output: str | None) -> None:
    """The whole tour as one printable HTML page: contacts, then day by day the day
    sheet, travel and rooming, the advance and the guest counts. Never money."""
    from tourdesk.services.tourbook import tour_book

    with options.store(read_only=True) as store:
        page = tour_book(store, tour_name, who)
    emit(page, output)


# -- what changed --


@cli.command("changes")
@click.option("--since", "since_text", required=True, metavar="WHEN",
              help="3d, 12h, 1w back from now; a date; or a date and time (UTC unless "
                   "it carries an offset).")
@click.option("--for", "who", default=None, metavar="band|crew|PERSON",
              help="Whose news: the band, the crew, or one person (name or login). "
                   "Default: yourself for crew and band, everything for managers.")
@click.option("--tour", "tour_name", default=None, help="Tour name (default: the only one).")
@click.pass_obj
def changes(options: Options, since_text: str, who: str | None, tour_name: str | None) -> None:
    """What changed since WHEN in plain words, only what concerns them: times, venues,
    dates, cancellations, new or dropped items, new documents. Never money."""
    from tourdesk.services.changes import parse_since, render, what_changed
    from tourdesk.store import tours
    from tourdesk.store.errors import NotFoundError

    with options.store(read_only=True) as store:
        since = parse_since(since_text, store.clock())
        if tour_name is None:
            names = [t.name for t in tours.summaries(store)]
            if len(names) != 1:
                raise NotFoundError("say which tour with --tour (there are "
                                    f"{len(names)})")
            tour_name = names[0]
        reader, news = what_changed(store, tour_name, since, who)
    emit(render(reader, news, since), None)
