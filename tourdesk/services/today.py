"""Today, for everyone: the working day (turning at 06:00, see
`domain.localtime.working_day`) on the clock of the place the tour is at, from the
store's clock. The TUI and the CLI both ask here, so "what is owed up to today" and
"the next show" agree whichever one is asked, and neither depends on the server's zone.
"""

from __future__ import annotations

from datetime import date, timedelta

from tourdesk.domain.localtime import working_day
from tourdesk.store.connection import Store

_ZONE_SQL = """
    SELECT coalesce(v.timezone, g.timezone) FROM gig_days g
    LEFT JOIN venues v ON v.id = g.venue_id
    WHERE (:tour IS NULL OR g.tour_id = :tour) AND coalesce(v.timezone, g.timezone) != ''
    ORDER BY g.date <= :on DESC, CASE WHEN g.date <= :on THEN g.date END DESC, g.date
    LIMIT 1
"""


def place_zone(store: Store, tour_id: int | None, on: date) -> str:
    """The zone of the place the tour is at on `on`: its last gig day up to then, else
    its first one (any tour's when `tour_id` is None); "" (UTC) without gig days."""
    row = store.row(_ZONE_SQL, {"tour": tour_id, "on": on.isoformat()})
    return row[0] if row else ""


def working_today(store: Store, tour_id: int | None = None) -> date:
    """The working day now, where the tour is (see the module docstring)."""
    now = store.clock()
    zone = place_zone(store, tour_id, working_day(now) + timedelta(days=1))
    day = working_day(now, zone)
    there = place_zone(store, tour_id, day)  # the day may begin in another place
    return day if there == zone else working_day(now, there)
