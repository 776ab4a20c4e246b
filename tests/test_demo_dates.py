"""The demo is a tour in progress on whatever day it is loaded: its dates are placed
around the store's today, and on the reference day (20 October 2026) nothing moves."""

from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from tourdesk.domain import localtime
from tourdesk.domain.inventory import Phase
from tourdesk.domain.kinds import GigKind, ScheduleKind
from tourdesk.services import routing
from tourdesk.services.demo import DemoResult, load_demo
from tourdesk.services.today import working_today
from tourdesk.store import Store, checklists, gigs, open_store, tours

from conftest import FIXED_NOW, TODAY

TOUR = "Northern Lights Tour 2026"
REFERENCE = date(2026, 10, 20)

ELSEWHEN = {  # id: the store's now when the demo is loaded
    "spring-forward-eve": datetime(2027, 3, 27, 12, 0, tzinfo=UTC),
    "december": datetime(2026, 12, 2, 12, 0, tzinfo=UTC),
    "another-year": datetime(2029, 6, 13, 12, 0, tzinfo=UTC),
    # Cologne's 02:30 load-out lands on the night the clocks go forward (28 Mar 2027)
    "cologne-in-the-gap": datetime(2027, 3, 23, 12, 0, tzinfo=UTC),
    # 07:00 in Brussels: before the day's load-in ticks (written for 10:20 and 10:35)
    "early-morning": datetime(2026, 12, 2, 6, 0, tzinfo=UTC),
}


def _load(tmp_path: Path, now: datetime) -> tuple[Store, DemoResult]:
    store = open_store(tmp_path / f"demo-{now:%Y%m%d%H%M}.db", "demo-loader", clock=lambda: now)
    return store, load_demo(store)


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def _load_logged(tmp_path: Path, now: datetime) -> tuple[Store, DemoResult, list[str]]:
    """The demo loaded with the store's now at `now`, and the lines its loader logged."""
    logger, lines = logging.getLogger("tourdesk.demo"), _Lines()
    saved = logger.level
    logger.addHandler(lines)
    logger.setLevel(logging.INFO)
    try:
        store, result = _load(tmp_path, now)
    finally:
        logger.removeHandler(lines)
        logger.setLevel(saved)
    return store, result, lines.lines


def _rows(store: Store) -> list[gigs.GigRow]:
    return gigs.rows_for_tour(store, tours.named(store, TOUR).id)


def _ticks(store: Store, days: int) -> list[tuple]:
    """Every set entry: its day (moved back by `days`), list, position, state, who, and
    the venue's wall clock when it was set (also moved back)."""
    out = []
    for r in store.db.query("""
            SELECT g.date, coalesce(v.timezone, g.timezone) AS timezone, k.name, e.position, e.state, e.set_by, e.set_at
            FROM checklist_entries e JOIN checklists k ON k.id = e.checklist_id
            JOIN gig_days g ON g.id = k.gig_day_id LEFT JOIN venues v ON v.id = g.venue_id
            WHERE e.set_at IS NOT NULL
            ORDER BY g.date, k.name, e.position"""):
        wall = localtime.local_clock(r["set_at"], r["timezone"]) - timedelta(days=days)
        out.append((str(date.fromisoformat(r["date"]) - timedelta(days=days)), r["name"],
                    r["position"], r["state"], r["set_by"], f"{wall:%Y-%m-%d %H:%M}"))
    return out


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(T[0-9:.]+(\+00:00|Z)?)?")
_SKIP = ("feeds", "meta")  # random tokens and the database's id


def _everything(store: Store, days: int) -> list[str]:
    """Every row of every table, with dates moved back by `days` and instants blanked
    (their UTC hour depends on the clock change; `_ticks` compares wall clocks)."""

    def back(m: re.Match[str]) -> str:
        if m.group(1):
            return "<instant>"
        return str(date.fromisoformat(m.group(0)) - timedelta(days=days))

    out = []
    for table in sorted(store.db.table_names()):
        if table in _SKIP or table.startswith("sqlite_"):
            continue
        for row in store.db.execute(f"SELECT * FROM [{table}]").fetchall():
            if table == "changes" and row[3] in _SKIP:
                continue
            out.append(_DATE.sub(back, f"{table} {row}"))
    return out


def test_on_the_reference_day_the_demo_is_as_written(demo_store: Store) -> None:
    """Fingerprints taken from the loader before it moved dates: the tests and the
    screenshots that inject 20 October see exactly the tour they always saw."""
    assert TODAY == REFERENCE and working_today(demo_store) == REFERENCE
    rows = _rows(demo_store)
    assert (len(rows), str(rows[0].date), str(rows[-1].date)) == (62, "2026-10-01", "2026-12-01")
    db = demo_store.db
    assert [db[t].count for t in ("schedule_items", "checklist_entries", "payments",
                                  "budget_lines", "assignments", "advance_items",
                                  "guest_requests", "documents", "changes")] == \
        [289, 34422, 8, 132, 695, 96, 5, 2, 2739]
    ticks = _ticks(demo_store, 0)
    assert len(ticks) == 11672
    tonight = Counter((t[1], t[4], t[5]) for t in ticks if t[0] == "2026-10-20")
    assert tonight == {("Audio & FOH load-in", "ines", "2026-10-20 10:20"): 136,
                       ("Backline load-in", "tomek", "2026-10-20 10:35"): 66,
                       ("Advance: venue provides", "maria", "2026-10-13 12:00"): 15}
    digest = hashlib.sha256(repr(ticks).encode()).hexdigest()[:16]
    assert digest == "4f5624f603f61737"


@pytest.mark.parametrize("case", list(ELSEWHEN))
def test_loaded_on_another_day(case: str, demo_store: Store, tmp_path: Path) -> None:
    """One load a day (a load takes seconds): mid-tour, everything moved alike, and what
    the day is there for."""
    store, result, logged = _load_logged(tmp_path, ELSEWHEN[case])
    try:
        _is_mid_tour(store, result, ELSEWHEN[case])
        _moved_alike(store, result, demo_store)
        if case == "cologne-in-the-gap":
            _moved_out_of_the_gap(store, result, logged)
        if case == "early-morning":
            _nothing_in_the_future(store, ELSEWHEN[case])
    finally:
        store.close()


def _is_mid_tour(store: Store, result: DemoResult, now: datetime) -> None:
    today = working_today(store)
    assert result.days_moved == (today - REFERENCE).days
    rows = _rows(store)
    assert rows[0].date == date(2026, 10, 1) + timedelta(days=result.days_moved)
    played = [r for r in rows if r.date < today]
    to_come = [r for r in rows if r.date > today]
    assert 0 < len(played) < len(to_come)

    tonight = next(r for r in rows if r.date == today)  # a show tonight ...
    assert tonight.kind is GigKind.SHOW
    load_in = [counts for c, counts in checklists.for_gig(store, tonight.id)
               if c.phase is Phase.LOAD_IN]
    assert any(0 < c.done < c.total for c in load_in)  # ... its load-in partly ticked
    tomorrow = next(r for r in rows if r.date == today + timedelta(days=1))
    assert tomorrow.city != tonight.city  # and tomorrow the tour travels on
    legs, _ = routing.route(store, tours.named(store, TOUR).id)
    assert any(leg.start.date == today and leg.end.date == tomorrow.date for leg in legs)

    # what exists so far: nothing is ticked, flagged, paid or recorded after now
    db = store.db
    latest = [db.execute(sql).fetchone()[0] for sql in (
        "SELECT max(set_at) FROM checklist_entries", "SELECT max(at) FROM checklist_events",
        "SELECT max(raised_at) FROM item_flags", "SELECT max(at) FROM changes")]
    assert all(datetime.fromisoformat(t) <= now for t in latest)
    assert db.execute("SELECT max(paid_on) FROM payments").fetchone()[0] < today.isoformat()
    assert db.execute("SELECT max(raised_on) FROM item_flags").fetchone()[0] < today.isoformat()
    assert db.execute("SELECT max(rated_on) FROM exchange_rates").fetchone()[0] < today.isoformat()

    for r in rows:  # every schedule item is a wall time the venue's clock shows
        for item in gigs.detail(store, r.id).items:
            localtime.check_exists(item.on, item.at, item.timezone, "at")


def _moved_alike(store: Store, result: DemoResult, demo_store: Store) -> None:
    assert result.days_moved
    moved_ticks, written_ticks = _ticks(store, result.days_moved), _ticks(demo_store, 0)
    # the same ticks on the same wall clocks; only tonight's may be dated earlier (now)
    assert [t[:5] for t in moved_ticks] == [t[:5] for t in written_ticks]
    assert [t for t in moved_ticks if t[0] < str(REFERENCE)] == \
        [t for t in written_ticks if t[0] < str(REFERENCE)]
    moved, written = _everything(store, result.days_moved), _everything(demo_store, 0)
    differ = [(a, b) for a, b in zip(moved, written, strict=True) if a != b]
    assert len(differ) == 2 * len(result.moves)  # the item and its insert in the history


def _moved_out_of_the_gap(store: Store, result: DemoResult, logged: list[str]) -> None:
    """A time in the spring-forward gap moves to the first minute after it, and says so."""
    assert result.moves == ("Cologne 2027-03-27: load-out 02:30 does not exist in "
                            "Europe/Berlin on Sun 28 Mar 2027 (clocks go forward); "
                            "moved to 03:00",)
    assert logged == [f"demo: {result.moves[0]}"]
    cologne = next(r for r in _rows(store) if r.city == "Cologne")
    load_out = next(i for i in gigs.detail(store, cologne.id).items
                    if i.kind is ScheduleKind.LOAD_OUT)
    assert (load_out.on, load_out.at) == (date(2027, 3, 28), time(3, 0))


def _nothing_in_the_future(store: Store, now: datetime) -> None:
    """At 07:00 in Brussels the day's load-in ticks are dated now, not at 10:20."""
    assert working_today(store) == date(2026, 12, 2)
    latest = store.db.execute("SELECT max(set_at) FROM checklist_entries").fetchone()[0]
    assert datetime.fromisoformat(latest) == now


def test_the_reference_fixture_is_loaded_at_the_fixed_now() -> None:
    assert localtime.working_day(FIXED_NOW, "Europe/Brussels") == REFERENCE
