"""A gig day as people read it: schedule lines in local time, venue facts in order.

The TUI's gig-day screen and `tourdesk gig show` both build on these lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time

from tourdesk.domain import localtime
from tourdesk.domain.models import VENUE_FACTS, ScheduleItem, Venue, VenueContact
from tourdesk.domain.staffing import Shift
from tourdesk.domain.studio import StudioSession
from tourdesk.domain.text import printable
from tourdesk.domain.travel import drive_hours
from tourdesk.store import crew, gigs
from tourdesk.store.connection import Store
from tourdesk.store.gigs import GigDetail

FACT_LABELS = {
    "load_in": "Load-in",
    "stage": "Stage",
    "power": "Power",
    "parking": "Parking",
    "wifi": "Wi-Fi",
    "hospitality": "Hospitality",
    "notes": "Notes",
}


@dataclass(frozen=True, slots=True)
class ScheduleLine:
    time: str  # "19:30", or "00:30+1" when the clock has passed midnight
    title: str
    utc_offset: str  # "+01:00": tells the summer-time day apart at a glance
    next_day: bool


def schedule_lines(detail: GigDetail) -> list[ScheduleLine]:
    """The day's items, and its studio sessions at their start, in time order."""
    lines = [(datetime.combine(i.on, i.at), _line(detail, i)) for i in detail.items]
    lines += [_studio_line(detail, s, name) for s, name in detail.studio]
    return [line for _, line in sorted(lines, key=lambda pair: pair[0])]


def _studio_line(detail: GigDetail, s: StudioSession, engineer: str,
                 ) -> tuple[datetime, ScheduleLine]:
    """A session as a line: its start (or the day's start, without hours) and what,
    until when and with whom. Never its rate: day sheets are for everyone."""
    day, zone_name = detail.gig.date, detail.timezone
    until = f" until {s.end:%H:%M}" + ("+1" if s.start and s.end <= s.start else "") \
        if s.end else ""
    at = s.start or time.min
    offset = ""
    if zone_name:
        offset = _offset(localtime.to_utc(day, at, zone_name).astimezone(
            localtime.zone(zone_name)))
    return datetime.combine(day, at), ScheduleLine(
        time=f"{s.start:%H:%M}" if s.start else "", title=s.title(engineer) + until,
        utc_offset=offset, next_day=False)


def _line(detail: GigDetail, item: ScheduleItem) -> ScheduleLine:
    instant = localtime.to_utc(item.on, item.at, item.timezone)
    local = instant.astimezone(localtime.zone(item.timezone))
    # an item of one of the day's further events says which (the festival, the club)
    event = next((e.label for e in detail.events if e.id == item.event_id), "") \
        if item.event_id is not None else ""
    return ScheduleLine(
        time=localtime.on_day(item.on, item.at, detail.gig.date),
        title=f"{item.title} · {event}" if event else item.title,
        utc_offset=_offset(local),
        next_day=item.on != detail.gig.date,
    )


def _offset(moment: datetime) -> str:
    text = moment.strftime("%z")  # +0100
    return f"{text[:3]}:{text[3:]}" if text else ""


def heading(detail: GigDetail) -> str:
    g = detail.gig
    return f"{g.date:%a %d %b %Y} · {g.kind.value} · {g.status.value} · contract {g.contract.value}"


def venue_facts(v: Venue | None,
                contacts: Sequence[VenueContact] = ()) -> list[tuple[str, str]]:
    """(label, text) pairs of what a venue card shows, in order, skipping empty ones;
    each contact under their role (`Production: Anna Berg +49 30 ...`)."""
    if v is None:
        return []
    where = ", ".join(p for p in (v.address, f"{v.city} {v.country}".strip()) if p)
    facts = [
        ("Address", where),
        ("Time zone", v.timezone),
        ("Location", f"{v.latitude:.4f}, {v.longitude:.4f}" if v.latitude is not None else ""),
        ("Capacity", str(v.capacity) if v.capacity is not None else ""),
        ("Phone", v.phone),
        ("Email", v.email),
        ("Web", v.website),
    ]
    facts += [((c.role or "contact").capitalize(),
               " · ".join(p for p in (f"{c.name} {c.reach}".strip(), c.notes) if p))
              for c in contacts]
    facts += [(FACT_LABELS[f], getattr(v, f)) for f in VENUE_FACTS]
    return [(label, text) for label, text in facts if text]


Sections = Sequence[tuple[str, list[str]]]


def render_text(detail: GigDetail, nxt: NextStop | None = None,
                calls: Sequence[Shift] = (), travel: Sections = (),
                paperwork: Sections = ()) -> str:
    """Plain text for a terminal or a pipe; all user text made inert. `travel`: the
    day's departures, arrivals and hotels with their rooming lists
    (`services/travel.day_lines`), after the venue; they replace the day's free-text
    hotel line when a stay is booked. `paperwork`: guest counts and documents."""
    out = [printable(detail.tour.name), heading(detail), printable(detail.place)]
    if not detail.venue and detail.gig.timezone:
        out.append(f"Time zone: {detail.gig.timezone}")
    if detail.items or detail.studio:
        out.append("")
        out.append("Schedule (local time)")
        for line in schedule_lines(detail):
            out.append(f"  {line.time:<8} {printable(line.title):<12} UTC{line.utc_offset}")
    facts = venue_facts(detail.venue, detail.contacts)
    if facts:
        out.append("")
        width = max(len(label) for label, _ in facts)
        for label, text in facts:
            body = printable(text, single_line=False).replace("\n", "\n" + " " * (width + 3))
            out.append(f"  {label:<{width}} {body}")
    hotel = [("Hotel", detail.gig.hotel.splitlines())] if detail.gig.hotel else []
    if any(title == "Hotel" for title, _ in travel):
        hotel = []
    for title, lines in [*travel, *hotel, *extra_sections(nxt, calls), *paperwork]:
        out += ["", title] + ["  " + printable(line) for line in lines]
    if detail.gig.notes:
        out += ["", "Day notes", "  " + printable(detail.gig.notes, single_line=False)]
    return "\n".join(out)


@dataclass(frozen=True, slots=True)
class NextStop:
    place: str
    date: str
    km: float | None  # estimated road distance, when both ends have coordinates
    hours: float | None = None  # the drive with breaks, by the tour's drive rules
    travel: str = ""  # how a leg not driven is booked: "flown QF2", "ferried Stena Line"

    @property
    def how_far(self) -> str:
        if self.travel:  # flown, by rail or ferried: no road estimate
            return f", {self.travel}"
        if self.km is None:
            return ""
        hours = self.hours if self.hours is not None else drive_hours(self.km)
        minutes = round(hours * 60)
        return (f", about {self.km:.0f} km by road, {minutes // 60} h {minutes % 60:02d} min"
                " driving with breaks (estimate)")


def next_stop(store: Store, detail: GigDetail) -> NextStop | None:
    """Where the party goes after this day, and how: the route's leg to it (a drive
    estimated by the tour's drive rules, or the booked flight, train or ferry)."""
    from tourdesk.domain.routing import legs
    from tourdesk.services.routing import rules, stop
    from tourdesk.store import travel

    if detail.next_id is None:
        return None
    with store.read():
        nxt = gigs.detail(store, detail.next_id)
        tour_id = detail.gig.tour_id
        found = legs([stop(detail), stop(nxt)], rules(store, tour_id),
                     travel.segments(store, tour_id))
    when = f"{nxt.gig.date:%a %d %b}"
    if not found:  # the same place, or one end without coordinates
        return NextStop(nxt.place, when, None)
    leg = found[0]
    if not leg.driven:
        return NextStop(nxt.place, when, None, travel=leg.travel)
    return NextStop(nxt.place, when, leg.road_km, leg.drive_hours)


def paperwork(store: Store, gig_id: int, *, office: bool = True,
              ) -> list[tuple[str, list[str]]]:
    """Where the show's advance stands, the guest counts (heads, never names) and the
    documents the login may read."""
    from tourdesk.services import advancing, documents, guests

    sections = []
    if advanced := advancing.day_line(store, gig_id):
        sections.append(("Advance", [advanced]))
    if counted := guests.counts(store, gig_id):
        sections.append(("Guests", [counted]))
    if listed := documents.day_lines(store, gig_id, office=office):
        sections.append(("Documents", listed))
    return sections


def day_calls(store: Store, gig_id: int) -> list[Shift]:
    """Who works the day and when they are called, as the day runs (a call before 06:00
    on a show, rehearsal or studio day comes after the evening). Never their pay."""
    calls = [*crew.shifts(store, gig=gig_id), *crew.studio_shifts(store, gig=gig_id)]
    return sorted(calls, key=lambda s: (s.working_order, s.person))


def extra_sections(nxt: NextStop | None,
                   calls: Sequence[Shift]) -> list[tuple[str, list[str]]]:
    """The crew's calls and the road to the next stop, as (title, lines)."""
    sections = []
    if calls:
        sections.append(("Calls (local time)", [_call_line(s) for s in calls]))
    if nxt is not None:
        sections.append(("Next", [f"{nxt.date}: {nxt.place}{nxt.how_far}"]))
    return sections


def _call_line(s: Shift) -> str:
    if s.studio_id is not None and s.first_item and s.last_item:  # engineering a session
        return f"{s.first_item:%H:%M}  {s.person} · {s.role}, {s.place} until " \
               f"{localtime.on_day(*s.last_item, s.date)}"
    if s.call:
        # the small hours after the show are the show's: 00:30+1
        return f"{localtime.on_day(s.call_on, s.call, s.date)}  {s.person} · {s.role}"
    if s.first_item:
        return f"{s.first_item:%H:%M}  {s.person} · {s.role} (no call: day start)"
    return f"--:--  {s.person} · {s.role} (no call set)"


def _sheet(detail: GigDetail, nxt: NextStop | None,
           calls: Sequence[Shift] = (), travel: Sections = (),
           paperwork: Sections = ()) -> list[tuple[str, list[str]]]:
    """The day sheet as (section, lines), all text made inert."""
    sections: list[tuple[str, list[str]]] = []
    if detail.items or detail.studio:
        sections.append((f"Schedule ({detail.timezone} local time)",
                         [f"{line.time}  {line.title}" for line in schedule_lines(detail)]))
    sections += extra_sections(None, calls)
    facts = [f"{label}: {text}" for label, text in venue_facts(detail.venue, detail.contacts)]
    if facts:
        sections.append(("Venue", facts))
    sections += travel
    if detail.gig.hotel and not any(title == "Hotel" for title, _ in travel):
        sections.append(("Hotel", detail.gig.hotel.splitlines()))
    sections += extra_sections(nxt, ())
    sections += paperwork
    if detail.gig.notes:
        sections.append(("Notes", [detail.gig.notes]))
    return [(printable(title), [printable(line, single_line=False) for line in lines])
            for title, lines in sections]


sheet_sections = _sheet  # the tour book lays out each day from the same sections


def render_markdown(detail: GigDetail, nxt: NextStop | None = None,
                    calls: Sequence[Shift] = (), travel: Sections = (),
                    paperwork: Sections = ()) -> str:
    out = [f"# {_md(detail.place)}", "", f"**{_md(heading(detail))}** · {_md(detail.tour.name)}"]
    for title, lines in _sheet(detail, nxt, calls, travel, paperwork):
        out += ["", f"## {_md(title)}", ""] + [f"- {_md(line)}" for line in lines]
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    """Markdown-inert: characters that could format inside a line are escaped (our
    lines never start a block: each is a list item or a heading we write)."""
    return re.sub(r"([\\`*_\[\]|<>~])", r"\\\1", printable(text))


def render_html(detail: GigDetail, nxt: NextStop | None = None,
                calls: Sequence[Shift] = (), travel: Sections = (),
                paperwork: Sections = ()) -> str:
    from html import escape  # only here: a calendar export builds day lines, no HTML

    tour = escape(printable(detail.tour.name))
    body = [f"<h1>{escape(printable(detail.place))}</h1>",
            f"<p><strong>{escape(heading(detail))}</strong> · {tour}</p>"]
    for title, lines in _sheet(detail, nxt, calls, travel, paperwork):
        body.append(f"<h2>{escape(title)}</h2><ul>")
        body += [f"<li>{escape(line)}</li>" for line in lines]
        body.append("</ul>")
    style = ("body{font-family:sans-serif;max-width:40em;margin:2em auto}"
             "li{white-space:pre-wrap}@media print{body{margin:0}}")
    return ("<!doctype html><html><head><meta charset='utf-8'><title>"
            f"{escape(printable(detail.place))}</title><style>{style}</style></head><body>"
            + "\n".join(body) + "</body></html>\n")
