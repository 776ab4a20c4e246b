"""Venue-local wall times: the show-day rule and the daylight-saving gap.

A schedule time is what the venue's clock says. We store the local date and time with
the venue's IANA zone and convert with zoneinfo only when an instant is needed, so a
change to the zone rules never rewrites what the road manager entered.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tourdesk.domain.errors import ValidationError

# A show day runs from 06:00 to 05:59 the next morning: a 00:30 set or a 02:00
# load-out on a show day belongs to that night's show, not to the next date.
DAY_BREAK = time(6, 0)

_TIME_RE = re.compile(r"^\s*(\d{1,2})[:.h](\d{2})\s*$")


def parse_wall_time(text: str, field: str) -> time:
    """Parse `19:30`, `9:05`, `19.30` or `19h30`; refuse anything else by name."""
    m = _TIME_RE.match(text or "")
    if not m:
        raise ValidationError(field, f"'{text}' is not a time; write it as HH:MM, e.g. 19:30")
    hour, minute = int(m.group(1)), int(m.group(2))
    if hour > 23 or minute > 59:
        raise ValidationError(field, f"'{text}' is not a time of day (00:00 to 23:59)")
    return time(hour, minute)


def zone(name: str, field: str = "timezone") -> ZoneInfo:
    """The IANA zone called `name`, or a ValidationError that says what is wrong."""
    if not name or not name.strip():
        raise ValidationError(field, "a time zone is required, e.g. Europe/Berlin")
    name = name.strip()
    try:
        return _known_zone(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValidationError(field, f"'{name}' is not an IANA time zone, e.g. "
                                     "Europe/Berlin") from None


@lru_cache(maxsize=512)
def _known_zone(name: str) -> ZoneInfo:
    """A zone by its IANA name: Area/Location or UTC. Bare legacy abbreviations like
    "CET" and the tz database's "posix/" and "right/" copies are refused. Loading the
    one file (not listing the whole database) keeps a command's start-up short."""
    if not ("/" in name or name == "UTC") or name.startswith(("posix/", "right/")):
        raise ValueError(name)
    return ZoneInfo(name)


def item_date(day: date, at: time, *, runs_past_midnight: bool) -> date:
    """The calendar date on which a time on gig day `day` happens.

    On a show, rehearsal or studio day a time before DAY_BREAK is that night's small
    hours, so it falls on the following calendar date while staying on the show day.
    """
    if runs_past_midnight and at < DAY_BREAK:
        return day + timedelta(days=1)
    return day


def sheet_day(on: date, at: time, *, night_before: bool) -> date:
    """The gig day a dated time belongs to, the other way round from `item_date`: before
    DAY_BREAK it is the small hours of the day before when that day's work runs past
    midnight (`night_before`), so the 00:30 bus after Saturday's show is Saturday's."""
    if night_before and at < DAY_BREAK:
        return on - timedelta(days=1)
    return on


def on_day(on: date, at: time, day: date) -> str:
    """A time as a day's schedule shows it: `19:30`, or `00:30+1` when its date is after
    the day's (the small hours after a show, a night bus)."""
    return f"{at:%H:%M}" + (f"+{(on - day).days}" if on > day else "")


def check_exists(on: date, at: time, zone_name: str, field: str) -> None:
    """Refuse a wall time that the venue's clock skips (spring-forward gap)."""
    tz = zone(zone_name)
    naive = datetime.combine(on, at)
    if not _exists(naive, tz):
        round_trip = naive.replace(tzinfo=tz).astimezone(UTC).astimezone(tz).replace(tzinfo=None)
        start = _gap_start(naive, tz)
        end = start + (round_trip - naive)
        raise ValidationError(
            field,
            f"{at:%H:%M} does not exist in {zone_name} on {on:%a %d %b %Y}: the clocks "
            f"jump from {start:%H:%M} to {end:%H:%M}; pick a time outside that gap",
        )


def first_valid(on: date, at: time, zone_name: str) -> time | None:
    """None when `at` exists on the venue's clock on `on`; otherwise the first minute
    after the spring-forward gap it falls into (02:30 on a 02:00 -> 03:00 night: 03:00)."""
    tz = zone(zone_name)
    naive = datetime.combine(on, at)
    if _exists(naive, tz):
        return None
    while not _exists(naive, tz):
        naive += timedelta(minutes=1)
    return naive.time()


def _exists(naive: datetime, tz: ZoneInfo) -> bool:
    return naive.replace(tzinfo=tz).astimezone(UTC).astimezone(tz).replace(tzinfo=None) == naive


def _gap_start(naive: datetime, tz: ZoneInfo) -> datetime:
    probe = naive
    while not _exists(probe - timedelta(minutes=1), tz):
        probe -= timedelta(minutes=1)
    return probe


def to_utc(on: date, at: time, zone_name: str) -> datetime:
    """The instant of a local wall time. In the autumn overlap the first (summer) one wins."""
    return datetime.combine(on, at, tzinfo=zone(zone_name)).astimezone(UTC)


def working_day(now: datetime, zone_name: str = "") -> date:
    """The working day at the instant `now`, on the clock of `zone_name` (UTC when
    empty). Like a show day it turns at DAY_BREAK: at 01:30 it is still the day
    before, so a load-out after midnight and the pay owed "up to today" belong to
    tonight's show. `now` must carry its zone; the host's zone never counts."""
    if now.tzinfo is None:
        raise ValueError("working_day needs an aware datetime (the store's clock is UTC)")
    local = now.astimezone(ZoneInfo(zone_name) if zone_name else UTC)
    return local.date() - timedelta(days=1) if local.time() < DAY_BREAK else local.date()


def local_clock(utc_iso: str, zone_name: str) -> datetime:
    """A stored UTC timestamp as the clock at the place showed it."""
    moment = datetime.fromisoformat(utc_iso)
    return moment.astimezone(ZoneInfo(zone_name)) if zone_name else moment
