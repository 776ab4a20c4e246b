"""The tour book: one printable HTML page for the whole tour, for everyone, the band,
the crew or one person. The party's contacts (for roles that see the crew list), then
day by day the day sheet (schedule, calls, venue and its contacts, travel, hotel and
rooming list, the next stop), the show's advance item by item, and the guest counts.

Every stored text is made inert and HTML-escaped. It carries no money for anyone:
no fee, rate, cost or settlement is read. Contracts and visa papers are named only for
the money roles, as on the day sheet; schedule items meant for others are left out
when the book is for the band, the crew or one person."""

from __future__ import annotations

import json
from dataclasses import replace
from html import escape

from tourdesk.domain.access import Capability
from tourdesk.domain.kinds import GigKind, GigStatus
from tourdesk.domain.models import ScheduleItem
from tourdesk.domain.staffing import Shift
from tourdesk.domain.text import printable
from tourdesk.services import advancing, daysheet
from tourdesk.services.changes import Reader, reader_for
from tourdesk.services.travel import day_lines, day_travel
from tourdesk.store import crew, gigs, tours
from tourdesk.store.connection import Store

STYLE = ("body{font-family:sans-serif;max-width:46em;margin:2em auto}"
         "li{white-space:pre-wrap}h2{border-top:2px solid #444;padding-top:.5em;"
         "page-break-before:always}table{border-collapse:collapse}"
         "td,th{border:1px solid #999;padding:.2em .4em;text-align:left}"
         "@media print{body{margin:0}}")


def _sees(reader: Reader, item: ScheduleItem) -> bool:
    a = item.audience
    return reader.sees_item({"audience": a.kind.value, "audience_role": a.role,
                             "audience_people": json.dumps(list(a.people))})


def _calls(reader: Reader, calls: list[Shift], groups: dict[int, str]) -> list[Shift]:
    if reader.person is not None:
        return [s for s in calls if s.person_id == reader.person.id]
    if reader.group is not None:
        return [s for s in calls if groups.get(s.person_id) == reader.group.value]
    return calls


def tour_book(store: Store, tour_name: str, who: str | None = None) -> str:
    """The book for `who` (band, crew, a person; None: what the login's own day sheets
    show, everything for a manager), as one HTML page."""
    store.require(Capability.READ_SCHEDULE)
    reader = reader_for(store, who)
    party = store.can(Capability.READ_CREW)
    with store.read():  # one moment for the whole book
        tour = tours.named(store, tour_name)
        everyone = crew.people(store)
        people = everyone if party else []
        groups = {p.id: p.group.value for p in everyone if p.id is not None}
        days = []
        for row in gigs.rows_for_tour(store, tour.saved_id):
            detail = gigs.detail(store, row.id)
            detail = replace(detail, items=[i for i in detail.items if _sees(reader, i)])
            show = detail.gig.kind is GigKind.SHOW
            days.append((detail, daysheet.next_stop(store, detail),
                         _calls(reader, daysheet.day_calls(store, row.id), groups),
                         day_lines(day_travel(store, tour.saved_id, detail.gig.date)),
                         daysheet.paperwork(store, row.id, office=reader.office),
                         advancing.items(store, row.id) if show else []))
    title = f"{tour.name} · tour book" + (f" for {reader.label}"
                                          if reader.group or reader.person else "")
    body = [f"<h1>{_e(title)}</h1>"]
    if tour.artist:
        body.append(f"<p>{_e(tour.artist)}</p>")
    if people:
        body.append("<h2 style='page-break-before:auto'>Contacts</h2><table><tr><th>Name</th>"
                    "<th>Roles</th><th>Phone</th><th>Email</th></tr>")
        body += [f"<tr><td>{_e(p.name)}</td><td>{_e(', '.join(p.roles))}</td>"
                 f"<td>{_e(p.phone)}</td><td>{_e(p.email)}</td></tr>"
                 for p in people if p.active]
        body.append("</table>")
    for detail, nxt, calls, travel, papers, asked in days:
        cancelled = detail.gig.status is GigStatus.CANCELLED
        body.append(f"<h2>{_e(f'{detail.gig.date:%a %d %b}')} · {_e(detail.place)}</h2>")
        body.append(f"<p><strong>{_e(daysheet.heading(detail))}</strong>"
                    + (" (cancelled)" if cancelled else "") + "</p>")
        for section, lines in daysheet.sheet_sections(detail, nxt, calls, travel, papers):
            body.append(f"<h3>{escape(section)}</h3><ul>")
            body += [f"<li>{escape(line)}</li>" for line in lines]
            body.append("</ul>")
        if asked:
            body.append("<h3>Advance, item by item</h3><ul>")
            for i in asked:
                who_ = f" · {i.contact}" if i.contact else ""
                note = f" · {i.note}" if i.note else ""
                body.append(f"<li>{_e(f'{i.area.label}: {i.what} · {i.state.label}{who_}{note}')}"
                            "</li>")
            body.append("</ul>")
    return ("<!doctype html><html><head><meta charset='utf-8'><title>"
            f"{_e(title)}</title><style>{STYLE}</style></head><body>\n"
            + "\n".join(body) + "\n</body></html>\n")


def _e(text: str) -> str:
    return escape(printable(text, single_line=False))
