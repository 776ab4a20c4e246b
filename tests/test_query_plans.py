"""The plans SQLite picks for the queries a screen runs on every load: a wrong index
costs seconds on a year's data (measured in benchmarks/scale.py), never an error."""

from __future__ import annotations

from tourdesk.store import crew


def test_a_shift_reads_its_day_s_items_through_the_day_s_index(demo_store):
    # nearly every item has no event: the event index would walk the whole table per call
    sql = crew._SHIFT_SQL + " WHERE a.person_id = ?"
    plan = [r[3] for r in demo_store.db.execute("EXPLAIN QUERY PLAN " + sql, [1]).fetchall()]
    on_items = [step for step in plan if "schedule_items" in step]
    assert on_items and all("schedule_items_day" in step for step in on_items), plan
