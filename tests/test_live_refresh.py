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
