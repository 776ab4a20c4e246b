"""Studio sessions: a studio and room, an engineer, hours on the day's clock and a rate
by the hour or the day, from which the budget derives its `studio` line.

Hours: the start is on the gig day's date; an end at or before the start is on the next
date (a session from 20:00 until 02:00 runs past midnight). What an hourly session
costs is the rate times the real time between the two instants in the day's zone, so a
night across a clock change is billed for the hours it had; rounded once to the minor
unit, half to even (`Money.times`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum

from tourdesk.domain import localtime
from tourdesk.domain.errors import Collector, ValidationError
from tourdesk.domain.models import optional_text, required_text
from tourdesk.domain.money import Money, currency_code, parse_plain

Fields = Mapping[str, str | None]


class RatePer(StrEnum):
    HOUR = "hour"
    DAY = "day"


@dataclass(frozen=True, slots=True)
class StudioSession:
    gig_day_id: int
    studio: str
    room: str = ""
    engineer_id: int | None = None  # a person on the crew list
    engineer: str = ""  # or an outside engineer by name
    start: time | None = None
    end: time | None = None
    rate: Money | None = None
    rate_per: RatePer = RatePer.HOUR
    notes: str = ""
    id: int | None = None
    version: int = 1

    def span(self, day: date, zone_name: str) -> tuple[datetime, datetime] | None:
        """The session's start and end as instants (UTC), or None without hours."""
        if self.start is None or self.end is None:
            return None
        end_on = day + timedelta(days=1) if self.end <= self.start else day
        if not zone_name:
            return (datetime.combine(day, self.start), datetime.combine(end_on, self.end))
        return (localtime.to_utc(day, self.start, zone_name),
                localtime.to_utc(end_on, self.end, zone_name))

    def hours(self, day: date, zone_name: str) -> Decimal | None:
        span = self.span(day, zone_name)
        if span is None:
            return None
        return Decimal((span[1] - span[0]) // timedelta(minutes=1)) / 60

    def cost(self, day: date, zone_name: str) -> Money | None:
        """What it costs: the day rate, or the hourly rate times its hours."""
        if self.rate is None:
            return None
        if self.rate_per is RatePer.DAY:
            return self.rate
        hours = self.hours(day, zone_name)
        return None if hours is None else self.rate.times(hours)

    def title(self, engineer_name: str = "") -> str:
        """`Studio: Atlantis, room A, engineer Jo Berg` (never the rate: day sheets
        and calendars are for everyone)."""
        parts = [f"Studio: {self.studio}"]
        if self.room:
            parts.append(f"room {self.room}")
        who = engineer_name or self.engineer
        if who:
            parts.append(f"engineer {who}")
        return ", ".join(parts)


def _time(text: str | None, field: str) -> time | None:
    value = (text or "").strip()
    return localtime.parse_wall_time(value, field) if value else None


def session_from_fields(fields: Fields, *, gig_day_id: int, day: date, zone_name: str,
                        people: Mapping[str, int], session_id: int | None = None,
                        version: int = 1) -> StudioSession:
    """A session from text (CLI options, a form). `engineer` names a person on the crew
    list (by name, any case) or, when no one is called that, an outside engineer;
    `from`/`until` are HH:MM on the day's clock; `rate` with `currency` and `per`
    (hour, the default, or day). Every bad field is named."""
    c = Collector()
    get = fields.get
    studio = c.check(required_text, get("studio"), "studio", max_len=200)
    room = c.check(optional_text, get("room"), "room", max_len=100) or ""
    notes = c.check(optional_text, get("notes"), "notes", multiline=True) or ""
    engineer_text = c.check(optional_text, get("engineer"), "engineer", max_len=200) or ""
    folded = {name.casefold(): pid for name, pid in people.items()}
    engineer_id = folded.get(engineer_text.casefold()) if engineer_text else None
    start = c.check(_time, get("from"), "from")
    end = c.check(_time, get("until"), "until")
    if (start is None) != (end is None) and not c.errors:
        c.errors.append(ValidationError("until" if start else "from",
                                        "give both the start (--from) and the end (--until)"))
    if start is not None and end is not None and start == end:
        c.errors.append(ValidationError("until", "the end is the start; a session needs hours"))
    if start is not None and end is not None and start != end and zone_name:
        c.check(localtime.check_exists, day, start, zone_name, "from")
        c.check(localtime.check_exists, day + timedelta(days=1) if end < start else day, end,
                zone_name, "until")
    per_text = (get("per") or "hour").strip().lower()
    per = RatePer(per_text) if per_text in ("hour", "day") else None
    if per is None:
        c.errors.append(ValidationError("per", f"'{get('per')}' is not hour or day"))
    rate = None
    if (get("rate") or "").strip():
        code = c.check(currency_code, get("currency"), "currency")
        rate = c.check(parse_plain, get("rate"), code, "rate") if code else None
        if per is RatePer.HOUR and start is None and not c.errors:
            c.errors.append(ValidationError("rate", "an hourly rate needs the hours "
                                                    "(--from and --until), or --per day"))
    elif (get("currency") or "").strip():
        c.errors.append(ValidationError("rate", "a currency without a rate"))
    c.raise_if_any()
    return StudioSession(
        gig_day_id=gig_day_id, studio=studio or "", room=room,
        engineer_id=engineer_id, engineer="" if engineer_id else engineer_text,
        start=start, end=end, rate=rate, rate_per=per or RatePer.HOUR, notes=notes,
        id=session_id, version=version)


def session_to_fields(s: StudioSession, engineer_name: str = "") -> dict[str, str]:
    return {
        "studio": s.studio, "room": s.room, "engineer": engineer_name or s.engineer,
        "from": f"{s.start:%H:%M}" if s.start else "", "until": f"{s.end:%H:%M}" if s.end else "",
        "rate": s.rate.plain() if s.rate else "", "currency": s.rate.currency if s.rate else "",
        "per": s.rate_per.value, "notes": s.notes,
    }  # fmt: skip
