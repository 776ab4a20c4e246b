"""An open screen shows another process's commit within 2 seconds, without a keypress,
and updates the changed cells in place instead of rebuilding the table."""

import subprocess
import time

from tourdesk.tui.app import TourDeskApp
from tourdesk.tui.widgets.synced_table import SyncedTable

from conftest import PYTHON, TODAY
from tui_helpers import settle

CANCEL = """
import sys
from tourdesk.store import open_store, tracked
store = open_store(sys.argv[1], "other-manager")
tracked.update(store, "gig_days", int(sys.argv[2]), {"status": "cancelled"})
"""


async def test_another_process_cancelling_a_day_shows_up_by_itself(demo_path, demo_store):
    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(SyncedTable)
        key = table.current_key()
        status_col = list(table.columns)[5]
        assert table.get_cell(key, status_col).plain == "confirmed"
        rebuilds = []
        original_clear = table.clear
        table.clear = lambda *a, **k: rebuilds.append(1) or original_clear(*a, **k)

        subprocess.run([PYTHON, "-c", CANCEL, str(demo_path), key], check=True, timeout=30)
        committed = time.monotonic()
        while table.get_cell(key, status_col).plain != "cancelled":
            assert time.monotonic() - committed < 2.0, "not shown within 2 s"
            await pilot.pause(0.05)
        assert rebuilds == []


def test_the_change_feed_names_what_was_touched(demo_store, demo_path):
    from tourdesk.domain.inventory import EntryState
    from tourdesk.store import checklists, history, open_store, tracked

    other = open_store(demo_path, "other-manager")
    try:
        start = history.mark(demo_store)
        venue_id = other.db.execute("SELECT id FROM venues LIMIT 1").fetchone()[0]
        tracked.update(other, "venues", venue_id, {"wifi": "SSID Crew"})
        tables, mark = history.touched_since(demo_store, start)
        assert tables == {"venues"}
        entry = other.db.execute(
            "SELECT id FROM checklist_entries WHERE state = 'pending' LIMIT 1").fetchone()[0]
        checklists.set_state(other, [entry], EntryState.DONE)
        tables, mark = history.touched_since(demo_store, mark)
        assert tables == history.TICKS
        with other.write() as db:  # a setting: in neither log
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('x', 'y')")
        assert history.touched_since(demo_store, mark) == (None, mark)
    finally:
        other.close()


async def test_a_screen_is_left_alone_by_changes_it_does_not_show(demo_path, demo_store):
    """Crew ticking at load-in do not make every open staffing board re-read the crew;
    an assignment made elsewhere does."""
    from tourdesk.domain.inventory import EntryState
    from tourdesk.store import checklists, crew, open_store
    from tourdesk.tui.screens.staffing import StaffingScreen

    other = open_store(demo_path, "other-manager")
    app = TourDeskApp(demo_store, today=TODAY, poll_seconds=0.1)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("4")
            await settle(pilot)
            board = app.screen
            assert isinstance(board, StaffingScreen)
            loads = []
            real_load = board.load
            board.load = lambda: loads.append(1) or real_load()
            entry = other.db.execute(
            "SELECT id FROM checklist_entries WHERE state = 'pending' LIMIT 1").fetchone()[0]
            checklists.set_state(other, [entry], EntryState.DONE)
            await pilot.pause(0.5)
            await settle(pilot)
            assert loads == []
            jack = crew.person_named(other, "Jack Moran")
            assignment = crew.shifts(other, person=jack.id)[0].assignment_id
            crew.unassign(other, assignment)
            committed = time.monotonic()
            while not loads:
                assert time.monotonic() - committed < 2.0, "not reloaded within 2 s"
                await pilot.pause(0.05)
    finally:
        other.close()
