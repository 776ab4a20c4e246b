"""iCalendar as text: content lines, escaping, folding, date-times and VTIMEZONEs.

Written by hand rather than through a library so that the same data always gives
the same bytes, and so that every VTIMEZONE is one that every parser reads alike:
each observance is either one onset (DTSTART alone) or a yearly RRULE whose every
occurrence is a real transition of the zone, and never a comma-separated RDATE list
(ical.js and dateutil read only the first date of such a list).

A local time that the zone's clock shows twice (the hour repeated when the clocks go
back) or never (a gap) is written in UTC (`...Z`) at the instant zoneinfo gives with
fold=0, so no client can read it two ways.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n"})


def text(value: str) -> str:
    """A TEXT value: backslash, semicolon, comma and newline escaped (RFC 5545 3.3.11)."""
    return value.replace("\r\n", "\n").replace("\r", "\n").translate(_ESCAPES)


def param(value: str) -> str:
    """A parameter value: quoted when it holds `:;,`; quotes and controls dropped."""
    clean = "".join(c for c in value if c >= " " and c not in '"\x7f')
    return f'"{clean}"' if any(c in clean for c in ":;,") else clean


def fold(line: str) -> bytes:
    """One content line, folded at 75 octets without splitting a UTF-8 character."""
    raw = line.encode("utf-8")
    if len(raw) <= 75:
        return raw + b"\r\n"
    out, start, limit = [], 0, 75
    while start < len(raw):
        end = min(start + limit, len(raw))
        while end < len(raw) and (raw[end] & 0xC0) == 0x80:  # inside a character
            end -= 1
        out.append(raw[start:end])
        start, limit = end, 74  # continuation lines start with one space
    return b"\r\n ".join(out) + b"\r\n"


def utc_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def date_value(day: date) -> str:
    return day.strftime("%Y%m%d")


def ambiguous(naive: datetime, zone: ZoneInfo) -> bool:
    """True when the wall time is shown twice (the repeated hour) or never (a gap)."""
    first, second = naive.replace(tzinfo=zone, fold=0), naive.replace(tzinfo=zone, fold=1)
    return first.utcoffset() != second.utcoffset()


def date_time(name: str, moment: datetime, zone_name: str) -> tuple[str, bool]:
    """`NAME;TZID=zone:local` for an instant, or `NAME:...Z` when the zone is UTC or the
    local time could be read two ways. Returns the line and whether it uses the TZID."""
    if zone_name in ("UTC", "Etc/UTC"):
        return f"{name}:{utc_stamp(moment)}", False
    zone = ZoneInfo(zone_name)
    local = moment.astimezone(zone).replace(tzinfo=None)
    if ambiguous(local, zone):
        return f"{name}:{utc_stamp(moment)}", False
    return f"{name};TZID={param(zone_name)}:{local:%Y%m%dT%H%M%S}", True


# -- VTIMEZONE --


@dataclass(frozen=True, slots=True)
class Onset:
    """One transition: the instant, the offsets before and after, what the clock is."""
    at: datetime  # UTC
    before: timedelta
    after: timedelta
    daylight: bool
    name: str

    @property
    def local(self) -> datetime:
        """The onset as the clock showed it just before (what DTSTART holds)."""
        return (self.at + self.before).replace(tzinfo=None)

    def same_rule(self, other: Onset) -> bool:
        return (self.before, self.after, self.daylight, self.name) == (
            other.before, other.after, other.daylight, other.name) and (
            self.local.month, self.local.time(), self.local.weekday()) == (
            other.local.month, other.local.time(), other.local.weekday())


def _offset(moment: datetime, zone: ZoneInfo) -> timedelta:
    return moment.astimezone(zone).utcoffset() or timedelta(0)


def onsets(zone_name: str, start: datetime, end: datetime) -> list[Onset]:
    """Every change of UTC offset between `start` and `end` (UTC), to the second."""
    zone = ZoneInfo(zone_name)
    found: list[Onset] = []
    step = timedelta(days=1)
    lo, lo_offset = start, _offset(start, zone)
    while lo < end:
        hi = min(lo + step, end)
        hi_offset = _offset(hi, zone)
        if hi_offset != lo_offset:
            a, b = lo, hi
            while b - a > timedelta(seconds=1):
                mid = a + (b - a) / 2
                mid = mid.replace(microsecond=0)
                if mid <= a:
                    break
                if _offset(mid, zone) == lo_offset:
                    a = mid
                else:
                    b = mid
            local = b.astimezone(zone)
            found.append(Onset(b, lo_offset, hi_offset, bool(local.dst()),
                               local.tzname() or ""))
        lo, lo_offset = hi, hi_offset
    return found


def _offset_text(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    sign = "-" if seconds < 0 else "+"
    seconds = abs(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{secs:02d}" if secs else "")


def _weekday_rules(local: datetime) -> set[str]:
    """The RRULE BYDAY forms that name this date: the nth weekday, and the last one."""
    day = local.strftime("%a")[:2].upper()
    rules = {f"{(local.day - 1) // 7 + 1}{day}"}
    if (local + timedelta(days=7)).month != local.month:
        rules.add(f"-1{day}")
    return rules


def _series(found: list[Onset]) -> list[tuple[list[Onset], str | None]]:
    """Group the onsets into yearly series that one RRULE describes exactly (same
    month, weekday rule, clock time and offsets, in consecutive years, with no other
    onset of the same kind in between); a lone onset stands for itself. UNTIL is a day
    after the last onset: included however a parser compares it, and the next
    occurrence would be a year later."""
    out: list[tuple[list[Onset], str | None]] = []
    open_by_kind: dict[bool, tuple[list[Onset], set[str]]] = {}
    for onset in found:
        current = open_by_kind.get(onset.daylight)
        rules = _weekday_rules(onset.local)
        if current is not None:
            members, viable = current
            last = members[-1]
            common = viable & rules
            if (last.same_rule(onset) and onset.local.year == last.local.year + 1
                    and common):
                members.append(onset)
                open_by_kind[onset.daylight] = (members, common)
                continue
        members = [onset]
        out.append((members, None))
        open_by_kind[onset.daylight] = (members, rules)
    result = []
    for members, _ in out:
        rule = None
        if len(members) > 1:
            byday = sorted(_common_rules(members))[0]
            rule = (f"FREQ=YEARLY;BYMONTH={members[0].local.month};BYDAY={byday};"
                    f"UNTIL={utc_stamp(members[-1].at + timedelta(days=1))}")
        result.append((members, rule))
    return result


def _common_rules(members: list[Onset]) -> set[str]:
    rules = _weekday_rules(members[0].local)
    for m in members[1:]:
        rules &= _weekday_rules(m.local)
    return rules


@lru_cache(maxsize=256)
def vtimezone(zone_name: str, first_year: int, last_year: int) -> tuple[str, ...]:
    """The zone's VTIMEZONE for the years `first_year` to `last_year`, as content lines.

    It opens with the offset in force at the start of the first year, then every
    transition in the window, so a parser needs nothing but this block (no built-in
    zone data) to place any time of those years.
    """
    zone = ZoneInfo(zone_name)
    start = datetime(first_year, 1, 1, tzinfo=UTC)
    end = datetime(last_year + 1, 1, 1, tzinfo=UTC)
    first = start.astimezone(zone)
    offset = first.utcoffset() or timedelta(0)
    lines = ["BEGIN:VTIMEZONE", f"TZID:{zone_name}"]
    initial = Onset(start, offset, offset, bool(first.dst()), first.tzname() or "")
    for members, rule in [([initial], None), *_series(onsets(zone_name, start, end))]:
        head = members[0]
        kind = "DAYLIGHT" if head.daylight else "STANDARD"
        lines += [f"BEGIN:{kind}", f"DTSTART:{head.local:%Y%m%dT%H%M%S}"]
        if rule:
            lines.append(f"RRULE:{rule}")
        lines += [f"TZOFFSETFROM:{_offset_text(head.before)}",
                  f"TZOFFSETTO:{_offset_text(head.after)}"]
        if head.name:
            lines.append(f"TZNAME:{text(head.name)}")
        lines.append(f"END:{kind}")
    lines.append("END:VTIMEZONE")
    return tuple(lines)
