"""A gig day as people read it: schedule lines in local time, venue facts in order.

The TUI's gig-day screen and `tourdesk gig show` both build on these lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tourdesk.domain import localtime
from tourdesk.domain.models import VENUE_FACTS, ScheduleItem, Venue
from tourdesk.domain.text import printable
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
    return [_line(detail, item) for item in detail.items]


def _line(detail: GigDetail, item: ScheduleItem) -> ScheduleLine:
    instant = localtime.to_utc(item.on, item.at, item.timezone)
    local = instant.astimezone(localtime.zone(item.timezone))
    next_day = item.on != detail.gig.date
    return ScheduleLine(
        time=f"{item.at:%H:%M}" + ("+1" if next_day else ""),
        title=item.title,
        utc_offset=_offset(local),
        next_day=next_day,
    )


def _offset(moment: datetime) -> str:
    text = moment.strftime("%z")  # +0100
    return f"{text[:3]}:{text[3:]}" if text else ""


def heading(detail: GigDetail) -> str:
    g = detail.gig
    return f"{g.date:%a %d %b %Y} · {g.kind.value} · {g.status.value} · contract {g.contract.value}"


def venue_facts(v: Venue | None) -> list[tuple[str, str]]:
    """(label, text) pairs of what a venue card shows, in order, skipping empty ones."""
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
    facts += [(FACT_LABELS[f], getattr(v, f)) for f in VENUE_FACTS]
    return [(label, text) for label, text in facts if text]


def render_text(detail: GigDetail) -> str:
    """Plain text for a terminal or a pipe; all user text made inert."""
    out = [printable(detail.tour.name), heading(detail), printable(detail.place)]
    if not detail.venue and detail.gig.timezone:
        out.append(f"Time zone: {detail.gig.timezone}")
    if detail.items:
        out.append("")
        out.append("Schedule (local time)")
        for line in schedule_lines(detail):
            out.append(f"  {line.time:<8} {printable(line.title):<12} UTC{line.utc_offset}")
    facts = venue_facts(detail.venue)
    if facts:
        out.append("")
        width = max(len(label) for label, _ in facts)
        for label, text in facts:
            body = printable(text, single_line=False).replace("\n", "\n" + " " * (width + 3))
            out.append(f"  {label:<{width}} {body}")
    if detail.gig.notes:
        out += ["", "Day notes", "  " + printable(detail.gig.notes, single_line=False)]
    return "\n".join(out)
