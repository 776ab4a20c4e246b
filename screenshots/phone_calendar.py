"""Draw screenshots/calendar-phone.svg: one person's calendar as a phone's agenda shows it.

The events are the demo tour's own export for that person (`export_tour` with
`Audience.PERSON`), read back with icalendar: the demo's "today" and the day after, each
time on its own place's clock.

    .venv/bin/python screenshots/phone_calendar.py      # also run by `make screenshots`
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

import icalendar

from tourdesk.services.calendar import Audience, Scope, export_tour
from tourdesk.services.demo import load_demo
from tourdesk.store import crew, open_store, tours

OUT = Path(__file__).resolve().parent
PERSON = "Jack Moran"  # the crew member the README's export example uses
DAYS = 2  # the demo's today and the day after

WIDTH, HEIGHT = 390, 780
FONT = "DejaVu Sans, sans-serif"
# the terminal screenshots' dark theme
BG, SCREEN, CARD, RULE = "#121212", "#1b1b1b", "#242f38", "#2d3740"
TEXT, DIM, ACCENT, ALLDAY = "#e0e0e0", "#9aa0a6", "#0178d4", "#ffa62b"

LEFT = 20  # screen edge to the time column
TIME_W = 62  # time column, then a coloured bar, then the text
TEXT_X = LEFT + TIME_W + 12
TEXT_RIGHT = WIDTH - 22
ROW = 34  # one event: its summary line and its location line
DAY_HEAD = 26


@dataclass(frozen=True, slots=True)
class Entry:
    day: date
    start: datetime | None  # None: all day
    summary: str
    location: str

    @property
    def key(self) -> tuple:
        # all-day events first, then by start, then by text (a stable order for ties)
        return (self.day, self.start is not None,
                self.start.replace(tzinfo=None) if self.start else datetime.min,
                self.summary, self.location)


def _today() -> tuple[date, datetime]:
    # the same fixed date and clock as the terminal screenshots
    from generate import NOW, TODAY

    return TODAY, NOW


def person_calendar(name: str) -> tuple[str, bytes]:
    """The demo tour loaded into a temporary database as screenshots/generate.py does it,
    and `name`'s calendar as the project exports it."""
    _, now = _today()
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "demo.db", "screenshots", clock=lambda: now)
        try:
            result = load_demo(store)
            tour = tours.named(store, result.tour_name)
            person = crew.person_named(store, name)
            data = export_tour(store, tour.id,
                               scope=Scope(Audience.PERSON, person_id=person.id))
        finally:
            store.close()
    return person.name, data


def entries(data: bytes, first: date, days: int) -> list[Entry]:
    """The calendar's events that fall on `days` days from `first`: a timed event on the
    day it starts on its own clock, an all-day one on each day it spans."""
    wanted = {first + timedelta(days=n) for n in range(days)}
    out: list[Entry] = []
    for event in icalendar.Calendar.from_ical(data).walk("VEVENT"):
        prop = event.get("DTSTART")
        start = prop.dt
        summary = str(event.get("SUMMARY", ""))
        location = str(event.get("LOCATION", ""))
        if isinstance(start, datetime):
            tzid = prop.params.get("TZID")
            zone = ZoneInfo(tzid) if tzid else ZoneInfo("UTC")
            local = start.replace(tzinfo=zone) if start.tzinfo is None else start.astimezone(zone)
            if local.date() in wanted:
                out.append(Entry(local.date(), local, summary, location))
            continue
        end = event.decoded("DTEND") if event.get("DTEND") else start + timedelta(days=1)
        day = start
        while day < end:
            if day in wanted:
                out.append(Entry(day, None, summary, location))
            day += timedelta(days=1)
    return sorted(out, key=lambda e: e.key)


def fit(text: str, size: float, width: float, *, bold: bool = False) -> str:
    """`text` cut with an ellipsis to about `width` pixels (DejaVu Sans's mean advance,
    a little generous, so that nothing runs past the edge)."""
    per = size * (0.62 if bold else 0.6)
    if len(text) * per <= width:
        return text
    keep = max(int(width / per) - 1, 1)
    return text[:keep].rstrip(" ,·:") + "…"


def _text(x: float, y: float, text: str, *, size: float, fill: str, bold: bool = False,
          anchor: str = "start") -> str:
    weight = ' font-weight="bold"' if bold else ""
    end = f' text-anchor="{anchor}"' if anchor != "start" else ""
    return (f'<text x="{x:g}" y="{y:g}" font-family="{FONT}" font-size="{size:g}" '
            f'fill="{fill}"{weight}{end}>{escape(text)}</text>')


def svg(name: str, today: date, items: list[Entry], days: int) -> str:
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}">',
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" rx="48" fill="{BG}"/>',
        f'<rect x="8" y="8" width="{WIDTH - 16}" height="{HEIGHT - 16}" rx="40" '
        f'fill="{SCREEN}" stroke="{RULE}" stroke-width="1"/>',
        # the camera's notch and the status bar
        f'<rect x="{WIDTH / 2 - 55:g}" y="18" width="110" height="26" rx="13" fill="{BG}"/>',
        _text(40, 37, "09:41", size=14, fill=TEXT, bold=True),
        f'<rect x="{WIDTH - 66}" y="26" width="24" height="12" rx="3" fill="none" '
        f'stroke="{TEXT}"/>',
        f'<rect x="{WIDTH - 64}" y="28" width="16" height="8" rx="1.5" fill="{TEXT}"/>',
        # the calendar's header: whose it is and which day
        _text(LEFT + 4, 84, fit(name, 24, WIDTH - 2 * LEFT, bold=True), size=24, fill=TEXT,
              bold=True),
        _text(LEFT + 4, 108, f"{today:%A %-d %B %Y} · today", size=13, fill=DIM),
        f'<line x1="{LEFT}" y1="122" x2="{WIDTH - LEFT}" y2="122" stroke="{RULE}"/>',
    ]
    y = 126.0
    zone_before = None  # the last timed event's zone: a change of clock is marked
    bottom = HEIGHT - 40
    for n in range(days):
        day = today + timedelta(days=n)
        label = ("Today · " if n == 0 else "Tomorrow · ") + f"{day:%a %-d %b}"
        parts.append(_text(LEFT + 4, y + 18, label.upper(), size=11, fill=ACCENT, bold=True))
        y += DAY_HEAD
        shown = [e for e in items if e.day == day]
        if not shown:
            parts.append(_text(TEXT_X, y + 16, "Nothing on", size=13, fill=DIM))
            y += ROW
        for entry in shown:
            if y + ROW > bottom:
                parts.append(_text(TEXT_X, y + 14, "…", size=13, fill=DIM))
                break
            colour = ALLDAY if entry.start is None else ACCENT
            parts.append(f'<rect x="{LEFT + TIME_W:g}" y="{y + 3:g}" width="4" '
                         f'height="{ROW - 8}" rx="2" fill="{colour}"/>')
            if entry.start is None:
                parts.append(_text(LEFT + 4, y + 16, "all day", size=12, fill=DIM))
            else:
                parts.append(_text(LEFT + 4, y + 16, f"{entry.start:%H:%M}", size=13,
                                   fill=TEXT, bold=True))
                zone = entry.start.tzname()
                if zone != zone_before:
                    parts.append(_text(LEFT + 4, y + 30, zone or "", size=10, fill=DIM))
                zone_before = zone
            width = TEXT_RIGHT - TEXT_X
            parts.append(_text(TEXT_X, y + 15, fit(entry.summary, 13, width, bold=True),
                               size=13, fill=TEXT, bold=True))
            parts.append(_text(TEXT_X, y + 30, fit(entry.location, 11, width), size=11,
                               fill=DIM))
            y += ROW
        if n + 1 < days:
            parts.append(f'<line x1="{LEFT}" y1="{y + 2:g}" x2="{WIDTH - LEFT}" '
                         f'y2="{y + 2:g}" stroke="{RULE}"/>')
            y += 4
    parts.append(f'<rect x="{WIDTH / 2 - 67:g}" y="{HEIGHT - 22}" width="134" height="5" '
                 f'rx="2.5" fill="{DIM}"/>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def render(out: Path) -> None:
    """Write the picture of PERSON's calendar on the demo's today and the next day."""
    today, _ = _today()
    name, data = person_calendar(PERSON)
    out.write_text(svg(name, today, entries(data, today, DAYS), DAYS), encoding="utf-8")


if __name__ == "__main__":
    render(OUT / "calendar-phone.svg")
    print("screenshots/calendar-phone.svg")
    sys.exit(0)
