"""Speed table on the large benchmark database.

    .venv/bin/python benchmarks/make_large_db.py    # once (about 20 s)
    .venv/bin/python benchmarks/run.py [--runs N]

Each figure is min / median / max over the runs; times in milliseconds. The TUI runs
headless at 80x24 in this process, so a figure includes Textual's own event handling
and rendering, as a user's keypress would.
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tourdesk.store import open_store
from tourdesk.tui.app import TourDeskApp
from tourdesk.tui.screens.checklist import ChecklistScreen, ChecklistTable

DB = Path(__file__).resolve().parent / "out" / "large.db"
Row = tuple[str, list[float], str]


async def _until(done: Callable[[], bool], limit: float = 10.0) -> None:
    """Yield to the app's loop (and its worker callbacks) until `done()`; 1 ms steps."""
    deadline = time.perf_counter() + limit
    while not done():
        if time.perf_counter() > deadline:
            raise TimeoutError("the screen did not update in time")
        await asyncio.sleep(0.001)


async def checklist_figures(db: Path, runs: int) -> list[Row]:
    store = open_store(db, "bench")
    list_ids = [r[0] for r in store.db.execute(
        "SELECT id FROM checklists ORDER BY id LIMIT ?", [runs])]
    opens, ticks, filters = [], [], []
    app = TourDeskApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for list_id in list_ids:
            started = time.perf_counter()
            screen = ChecklistScreen(list_id)
            app.push_screen(screen)
            await _until(lambda s=screen: s.loaded is not None
                         and s.query_one(ChecklistTable).row_count > 600)
            opens.append(time.perf_counter() - started)
            table = screen.query_one(ChecklistTable)
            for _ in range(10):
                await pilot.press("down")
                key = table.current_key()
                if not key or not key.startswith("e:"):
                    continue
                row = table.get_row_index(key)
                before = table.get_cell_at((row, 0)).plain
                started = time.perf_counter()
                app.simulate_key("space")  # as the terminal delivers it: no test driver
                await _until(lambda t=table, r=row, b=before: t.get_cell_at((r, 0)).plain != b)
                ticks.append(time.perf_counter() - started)
            await pilot.press("slash")
            typed = ""
            for char in "sn0001":
                typed += char
                started = time.perf_counter()
                app.simulate_key(char)
                await _until(lambda s=screen, t=typed: s.drawn_filter == t)
                filters.append(time.perf_counter() - started)
            await pilot.press("escape")  # clears the filter
            await pilot.press("escape")  # back to the overview
            await _until(lambda s=screen: not s.is_current)
            await pilot.pause()
    store.close()
    return [
        ("open a 600-entry checklist", opens, "< 150 ms"),
        ("tick: keypress to committed and redrawn", ticks, "< 15 ms median"),
        ("filter: per keystroke", filters, "< 50 ms"),
    ]


def table(rows: list[Row]) -> str:
    lines = [f"{'measure':<42} {'min':>8} {'median':>8} {'p99':>8} {'max':>8}  target",
             "-" * 90]
    for name, values, target in rows:
        ms = sorted(v * 1000 for v in values)
        p99 = ms[min(len(ms) - 1, round(0.99 * (len(ms) - 1)))]
        lines.append(f"{name:<42} {ms[0]:8.1f} {statistics.median(ms):8.1f} {p99:8.1f} "
                     f"{ms[-1]:8.1f}  {target}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="checklists opened (default 5)")
    parser.add_argument("--db", type=Path, default=DB)
    args = parser.parse_args()
    if not args.db.exists():
        print(f"{args.db} is missing: run benchmarks/make_large_db.py first", file=sys.stderr)
        return 2
    print(f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, "
          f"Python {platform.python_version()}, {args.db.stat().st_size / 1e6:.0f} MB database")
    print(table(asyncio.run(checklist_figures(args.db, args.runs))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
