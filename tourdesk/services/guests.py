"""Guest lists per show: anyone asks for their own guests; managers see every request,
set the caps, approve or decline, and print the door list.

The connection's authorizer sees tables, not rows: every role may write
`guest_requests`. That a login sees and withdraws only its own requests, that only a
manager decides, and that nobody asks in another's name are this module's rules, each
checked inside the write that depends on it."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from html import escape

from tourdesk.domain.access import Capability
from tourdesk.domain.errors import Collector
from tourdesk.domain.guests import (
    Caps,
    GuestRequest,
    GuestState,
    cap_value,
    counts_line,
    guest_name,
    note_text,
    over_cap,
    pass_type,
    plus_count,
)
from tourdesk.domain.kinds import GigKind, GigStatus
from tourdesk.domain.text import printable
from tourdesk.store import gigs
from tourdesk.store import guests as guest_store
from tourdesk.store.connection import Store
from tourdesk.store.errors import ConflictError, NotFoundError

Fields = Mapping[str, str | int | None]


def show_going_ahead(store: Store, gig_id: int, what: str) -> gigs.GigDetail:
    """The gig day, refused in one line unless it is a show that goes ahead: `what`
    (guest lists, advancing) is for shows."""
    detail = gigs.detail(store, gig_id)
    if detail.gig.kind is not GigKind.SHOW:
        raise ConflictError(f"{detail.gig.date} is a {detail.gig.kind.value} day: {what} "
                            "for shows")
    if detail.gig.status is GigStatus.CANCELLED:
        raise ConflictError(f"the show on {detail.gig.date} is cancelled")
    return detail


def _show(store: Store, gig_id: int) -> gigs.GigDetail:
    return show_going_ahead(store, gig_id, "guest lists are")


def _room(store: Store, gig_id: int, asker: str, adding: int,
          leaving_out: int | None = None) -> None:
    """Refuse when `adding` heads asked by `asker` would pass a cap."""
    held = [r for r in guest_store.for_day(store, gig_id)
            if r.counts and r.id != leaving_out]
    why = over_cap(guest_store.caps(store, gig_id), sum(r.heads for r in held),
                   sum(r.heads for r in held if r.requested_by == asker), adding)
    if why:
        raise ConflictError(why)


def request_guest(store: Store, gig_id: int, fields: Fields, *,
                  approve: bool = False) -> GuestRequest:
    """A request by the acting login for their own guest; a manager may approve it at
    once (`approve`)."""
    store.require(Capability.REQUEST_GUESTS)
    if approve:
        store.require(Capability.MANAGE_GUESTS)
    check = Collector()
    name = check.check(guest_name, fields.get("guest"))
    plus = check.check(plus_count, fields.get("plus"))
    kind = check.check(pass_type, fields.get("pass"))
    note = check.check(note_text, fields.get("note"))
    check.raise_if_any()
    new = GuestRequest(gig_day_id=gig_id, guest=name, requested_by=store.actor,
                       plus=plus or 0, pass_type=kind, note=note or "",
                       state=GuestState.APPROVED if approve else GuestState.REQUESTED,
                       decided_by=store.actor if approve else "")
    with store.write():
        _show(store, gig_id)
        _room(store, gig_id, store.actor, new.heads)
        return guest_store.get(store, guest_store.add(store, new))


def _visible(store: Store, request_id: int) -> GuestRequest:
    """The request, if the acting login may see it: its own, or any for a manager. One
    that is not theirs reads as missing, so ids tell nothing of others' guests."""
    try:
        found = guest_store.get(store, request_id)
    except NotFoundError:
        found = None
    if found is None or not (store.can(Capability.MANAGE_GUESTS)
                             or found.requested_by == store.actor):
        raise NotFoundError(f"you have no guest request {request_id} (see `tourdesk guest "
                            "list`)")
    return found


def requests(store: Store, gig_id: int) -> list[GuestRequest]:
    """The show's requests a login may see: all for a manager, else only its own."""
    store.require(Capability.REQUEST_GUESTS)
    if store.can(Capability.MANAGE_GUESTS):
        return guest_store.for_day(store, gig_id)
    return guest_store.for_day(store, gig_id, by=store.actor)


def decide(store: Store, request_id: int, state: GuestState) -> GuestRequest:
    """Approve or decline (or put back to waiting): managers only. Approving one that
    was declined must fit under the caps again."""
    store.require(Capability.MANAGE_GUESTS)
    with store.write():
        current = guest_store.get(store, request_id)
        if current.state is state:
            return current
        if not current.counts:  # a declined request comes back onto the list
            _room(store, current.gig_day_id, current.requested_by, current.heads,
                  leaving_out=current.id)
        guest_store.decide(store, request_id, state, store.actor, current.version or 0)
        return guest_store.get(store, request_id)


def withdraw(store: Store, request_id: int) -> GuestRequest:
    """Take a request off: one's own (approved or not: a place comes free), or any
    for a manager."""
    store.require(Capability.REQUEST_GUESTS)
    with store.write():
        gone = _visible(store, request_id)
        guest_store.remove(store, request_id)
        return gone


def set_caps(store: Store, gig_id: int, show: str | int | None = None,
             person: str | int | None = None, *, keep: bool = True) -> Caps:
    """Set the show's caps; with `keep`, a cap not given stays as it is."""
    store.require(Capability.MANAGE_GUESTS)
    check = Collector()
    new_show = check.check(cap_value, show, "show cap")
    new_person = check.check(cap_value, person, "person cap")
    check.raise_if_any()
    with store.write():
        _show(store, gig_id)
        old = guest_store.caps(store, gig_id)
        caps = Caps(old.show if keep and show is None else new_show,
                    old.person if keep and person is None else new_person)
        guest_store.set_caps(store, gig_id, caps)
        return caps


def caps(store: Store, gig_id: int) -> Caps:
    store.require(Capability.REQUEST_GUESTS)
    return guest_store.caps(store, gig_id)


def counts(store: Store, gig_id: int) -> str:
    """Heads on the list for the day sheet (numbers, never names); empty when none."""
    store.require(Capability.READ_SCHEDULE)
    found = guest_store.for_day(store, gig_id)
    return counts_line(found) if found else ""


# -- the door list --

DOOR_COLUMNS = ("guest", "plus", "heads", "pass", "requested_by", "note")


def door_list(store: Store, gig_id: int) -> tuple[gigs.GigDetail, list[GuestRequest]]:
    """The approved guests of a show, by name, for the box office: managers only."""
    store.require(Capability.MANAGE_GUESTS)
    with store.read():
        detail = gigs.detail(store, gig_id)
        found = [r for r in guest_store.for_day(store, gig_id)
                 if r.state is GuestState.APPROVED]
    return detail, found


def door_csv(found: list[GuestRequest]) -> str:
    """CSV for a spreadsheet; a cell that a spreadsheet would run as a formula is
    quoted with a leading apostrophe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(DOOR_COLUMNS)
    for r in found:
        writer.writerow([_cell(r.guest), r.plus, r.heads, r.pass_type.value,
                         _cell(r.requested_by), _cell(r.note)])
    return out.getvalue()


def _cell(text: str) -> str:
    text = printable(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def door_html(detail: gigs.GigDetail, found: list[GuestRequest]) -> str:
    """A printable page for the box office: every stored text escaped."""
    title = f"Guest list · {detail.place} · {detail.gig.date:%a %d %b %Y}"
    rows = "\n".join(
        f"<tr><td class='tick'>☐</td><td>{escape(printable(r.guest))}</td>"
        f"<td>{'+' + str(r.plus) if r.plus else ''}</td><td>{escape(r.pass_type.value)}</td>"
        f"<td>{escape(printable(r.requested_by))}</td><td>{escape(printable(r.note))}</td></tr>"
        for r in found)
    heads = sum(r.heads for r in found)
    style = ("body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;width:100%}"
             "td,th{border:1px solid #999;padding:.3em .5em;text-align:left}"
             ".tick{width:1.5em;text-align:center}@media print{body{margin:0}}")
    return ("<!doctype html><html><head><meta charset='utf-8'><title>"
            f"{escape(printable(title))}</title><style>{style}</style></head><body>"
            f"<h1>{escape(printable(title))}</h1>"
            f"<p>{escape(printable(detail.tour.name))} · {len(found)} names, {heads} heads</p>"
            "<table><thead><tr><th></th><th>Guest</th><th>Plus</th><th>Pass</th>"
            "<th>Asked by</th><th>Note</th></tr></thead><tbody>\n"
            f"{rows}\n</tbody></table></body></html>\n")
