"""Speed table on the large benchmark database.

    .venv/bin/python benchmarks/make_large_db.py    # once (about 20 s)
    .venv/bin/python benchmarks/run.py [--runs N]

Each figure is min / median / p99 / max over the runs. In-process figures run the TUI
headless at 80x24 and include Textual's own event handling; terminal figures run
`tourdesk` as its own process on a real pseudo-terminal at 80x24, as over SSH.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import contextlib
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from terminal import Terminal

from tourdesk.store import Store, checklists, open_store
from tourdesk.tui.app import TourDeskApp
from tourdesk.tui.screens.checklist import ChecklistScreen, ChecklistTable
from tourdesk.tui.widgets import checklist_rows

HERE = Path(__file__).resolve().parent
DB = HERE / "out" / "large.db"
Row = tuple[str, list[float], str, str]  # name, values, unit, target


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
        ("open a 600-entry checklist (ms)", [v * 1000 for v in opens], "< 150"),
        ("tick: key to committed + redrawn (ms)", [v * 1000 for v in ticks], "< 15 median"),
        ("filter: per keystroke (ms)", [v * 1000 for v in filters], "< 50"),
    ]


def _open_times(term: Terminal, key: bytes, marker: bytes, runs: int) -> list[float]:
    """Milliseconds from `key` on the days list to `marker` on the screen it opens,
    back to the days after each, so every run opens the screen afresh."""
    term.wait_for(b"Quit")
    opens = []
    for _ in range(runs):
        term.quiet(0.3)
        started = time.perf_counter()
        term.send(key)
        term.wait_for(marker, since=len(term.output))
        opens.append((time.perf_counter() - started) * 1000)
        term.quiet(0.3)
        term.send(b"1")
    return opens


def board_figures(db: Path, runs: int) -> list[Row]:
    """The staffing board of the latest tour (30 people by 120 days, beyond the 25 by 60
    of the target) at 80x24 on a real pseudo-terminal: opening it (conflicts checked
    across all tours' 25,000 assignments), then per cursor move the time from the key to
    the last byte of the frame, and the bytes, scrolling included."""
    times, sizes = [], []
    right, left, down, up = b"\x1b[C", b"\x1b[D", b"\x1b[B", b"\x1b[A"
    term = Terminal([sys.executable, "-m", "tourdesk", "--db", str(db)])
    try:
        opens = _open_times(term, b"4", b"needs", runs)
        term.quiet(0.3)
        term.send(b"4")
        term.quiet(0.5)
        term.send(up * 31 + b"\x1b[H")  # top left: the needs row, the first day
        term.quiet(0.5)
        tour = [down] + [right] * 30 + [down] * 14 + [left] * 30 + [up] * 14
        for key in tour * max(1, runs // 4):
            term.send(key)
            size, took = term.settle(0.15)
            sizes.append(float(size))
            times.append(took * 1000)
    finally:
        term.close()
    return [("staffing board: open 30 x 120 days (ms)", opens, "", "< 500"),
            ("staffing board: key to frame drawn (ms)", times, "", "< 50"),
            ("staffing board: bytes per cursor move", sizes, "", "")]


def terminal_figures(db: Path, runs: int) -> list[Row]:
    # Textual comes with bytecode (pip compiles what it installs); give tourdesk the same,
    # or an editable install under PYTHONDONTWRITEBYTECODE compiles ~25 ms of source each start.
    compileall.compile_dir(HERE.parent / "tourdesk", quiet=1)
    bare, ours = [], []
    for _ in range(runs):
        for argv, into in (([sys.executable, str(HERE / "bare_app.py")], bare),
                           ([sys.executable, "-m", "tourdesk", "--db", str(db)], ours)):
            term = Terminal(argv)
            try:
                into.append(term.wait_for(b"Quit"))
            finally:
                term.close()
    ratio = [o / b for o, b in zip(sorted(ours), sorted(bare), strict=True)]

    store = open_store(db, "bench")
    # the list with the least ticked, so a tick on a case line has items to tick
    least = store.db.execute(
        "SELECT k.gig_day_id FROM checklists k JOIN checklist_entries e ON e.checklist_id = k.id"
        " GROUP BY k.id ORDER BY sum(e.state = 'done'), k.id LIMIT 1").fetchone()[0]
    first = checklists.for_gig(store, least)[0][0]
    tour = store.db.execute("SELECT t.name FROM tours t JOIN gig_days g ON g.tour_id = t.id "
                            "WHERE g.id = ?", [first.gig_day_id]).fetchone()[0]
    # The keys of the list's lines in screen order: a tick on a case line ticks every
    # item in it and redraws them all, so those ticks are counted apart.
    keys = [key for key, _ in checklist_rows.rows(checklists.view(store, first.id), "",
                                                  checklist_rows.tier_for(80))]
    store.close()
    term = Terminal([sys.executable, "-m", "tourdesk", "--db", str(db), "checklist", "open",
                     "--tour", tour, first.gig_date.isoformat(), first.name])
    moves, ticks, case_ticks = [], [], []
    try:
        term.wait_for(b"Tick")
        term.quiet(0.5)
        for line in range(1, max(10, runs * 4) + 1):
            term.send(b"\x1b[B")  # cursor down
            moves.append(term.quiet(0.25))
            term.send(b" ")
            (case_ticks if keys[line].startswith("case:") else ticks).append(term.quiet(0.25))
        memory = term.peak_rss_mb()
    finally:
        term.close()
    return [
        ("start-up to first paint, bare Textual (s)", bare, "", "yardstick"),
        ("start-up to first paint, tourdesk (s)", ours, "", ""),
        ("start-up ratio tourdesk / bare", ratio, "", "<= 1.5"),
        ("bytes written per cursor move", [float(m) for m in moves], "", ""),
        ("bytes written per tick of one entry", [float(t) for t in ticks], "", "< 2048"),
        ("bytes written per tick of a whole case", [float(t) for t in case_ticks], "", ""),
        ("peak memory of the TUI (MB)", [memory], "", "< 150"),
    ]


def money_figures(db: Path, runs: int) -> list[Row]:
    """The latest tour's budget (3,000 typed lines, crew pay derived from 2,500
    assignments, the running profit over 120 days) opened with `5` on a real
    pseudo-terminal, and the accountants' CSV export as a whole command."""
    store = open_store(db, "bench")
    tour = store.db.execute("SELECT name FROM tours ORDER BY id DESC LIMIT 1").fetchone()[0]
    store.close()
    exports = []
    term = Terminal([sys.executable, "-m", "tourdesk", "--db", str(db)])
    try:
        opens = _open_times(term, b"5", b"Running profit", runs)
    finally:
        term.close()
    command = [sys.executable, "-m", "tourdesk", "--db", str(db), "export", "budget",
               "--tour", tour, "--format", "csv", "--today", "2024-05-01"]
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        exports.append(time.perf_counter() - started)
    return [("budget: open 3,000 lines + derived pay (ms)", opens, "", "< 500"),
            ("budget CSV export, one tour (s)", exports, "", "< 2")]


def export_figures(db: Path, runs: int) -> list[Row]:
    """iCal export as whole commands, process start-up included."""
    store = open_store(db, "bench")
    tour = store.db.execute("SELECT name FROM tours ORDER BY id LIMIT 1").fetchone()[0]
    store.close()
    base = [sys.executable, "-m", "tourdesk", "--db", str(db), "export", "ics"]
    one, everything = [], []
    for _ in range(runs):
        for extra, into in ((["--tour", tour], one), (["--all"], everything)):
            started = time.perf_counter()
            subprocess.run(base + extra, check=True, stdout=subprocess.DEVNULL)  # as over SSH
            into.append(time.perf_counter() - started)
    return [
        ("iCal export, one tour of 120 days (s)", one, "", "< 0.25"),
        ("iCal export, all 10 tours (s)", everything, "", "< 5"),
    ]


def feed_figures(db: Path, runs: int) -> list[Row]:
    """A crew feed of the latest tour served by `tourdesk serve-calendar` on the large
    database: the first fetch (built), then 100 phones at once, fresh and with their ETag."""
    import re
    import urllib.error
    import urllib.request
    from concurrent.futures import ThreadPoolExecutor

    from tourdesk.store import feeds, tours

    store = open_store(db, "bench")
    made, token = feeds.create(store, tours.summaries(store)[-1].id, "crew", label="bench")
    store.close()
    proc = subprocess.Popen([sys.executable, "-m", "tourdesk", "--db", str(db),
                             "serve-calendar", "--port", "0", "--quiet"],
                            stderr=subprocess.PIPE, text=True)
    first, crowd, cached = [], [], []
    try:
        base = re.search(r"(http://\S+)/feed/", proc.stderr.readline()).group(1)
        url = f"{base}/feed/{token}.ics"

        def fetch(headers: dict[str, str]) -> tuple[int, str]:
            request = urllib.request.Request(url, headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=60) as answer:
                    answer.read()
                    return answer.status, answer.headers["ETag"]
            except urllib.error.HTTPError as err:
                return err.code, err.headers["ETag"]

        started = time.perf_counter()
        _, etag = fetch({})
        first.append(time.perf_counter() - started)
        with ThreadPoolExecutor(max_workers=100) as pool:
            for _ in range(runs):
                for headers, into in (({}, crowd), ({"If-None-Match": etag}, cached)):
                    started = time.perf_counter()
                    codes = list(pool.map(lambda _, h=headers: fetch(h)[0], range(100)))
                    into.append(time.perf_counter() - started)
                    assert codes == [304 if headers else 200] * 100, codes
        slow = _fetch_beside_slow_sockets(url, base, runs)
    finally:
        proc.terminate()
        proc.wait(10)
        store = open_store(db, "bench")
        feeds.revoke(store, made.id)
        store.close()
    return [("feed: first fetch, 30 x 120 crew (s)", first, "", "< 1"),
            ("feed: fetch beside 300 slow sockets (s)", slow, "", "answered"),
            ("feed: 100 phones at once (s)", crowd, "", "< 5"),
            ("feed: 100 phones at once, 304 (s)", cached, "", "< 2")]


def _fetch_beside_slow_sockets(url: str, base: str, runs: int) -> list[float]:
    """A real fetch while 300 sockets hold half-sent requests (one header line now
    and then): the server must keep answering."""
    import contextlib
    import socket
    import urllib.request

    host, port = base.removeprefix("http://").split(":")
    slow, times = [], []
    try:
        for _ in range(300):
            s = socket.create_connection((host, int(port)), timeout=10)
            s.sendall(b"GET /feed/x.ics HTTP/1.1\r\nHost: x\r\n")
            slow.append(s)
        for n in range(runs):
            for s in slow:
                with contextlib.suppress(OSError):
                    s.sendall(b"X-Slow: %d\r\n" % n)
            started = time.perf_counter()
            with urllib.request.urlopen(url, timeout=60) as answer:
                answer.read()
            times.append(time.perf_counter() - started)
    finally:
        for s in slow:
            s.close()
    return times


_TICKER = """
import sys, time
from pathlib import Path
from tourdesk.domain.inventory import EntryState
from tourdesk.store import StoreError, checklists, open_store
store = open_store(sys.argv[1], "ticker")
entry = store.conn.execute("SELECT id FROM checklist_entries LIMIT 1").fetchone()[0]
stop, done, failed, waits = Path(sys.argv[2]), 0, 0, [0.0]
print("ready", flush=True)
while not stop.exists():
    started = time.perf_counter()
    try:
        checklists.set_state(store, [entry], EntryState.DONE if done % 2 else EntryState.PENDING)
        done += 1
    except StoreError:
        failed += 1
    waits.append(time.perf_counter() - started)
    time.sleep(0.05)
print(done, failed, max(waits), flush=True)
"""


def _time_writes(store: Store, held: list[float]) -> None:
    """Record how long each outermost write transaction of `store` holds the lock."""
    plain_write = store.write

    @contextlib.contextmanager
    def timed_write() -> Iterator[object]:
        outer = store._mode is None
        started = time.perf_counter()
        with plain_write() as handle:
            yield handle
        if outer:
            held.append(time.perf_counter() - started)

    store.write = timed_write  # type: ignore[method-assign]


def import_figures(runs: int, venues: int = 120_000) -> list[Row]:
    """A CSV of 120,000 venues imported into a demo database while another process
    ticks a checklist every 50 ms: the whole import, the time it held the write lock,
    and the ticks that waited for it (each must succeed)."""
    from tourdesk.services.demo import load_demo
    from tourdesk.services.imports import import_venues

    totals, locks, longest, failed = [], [], [], []
    for run in range(max(1, min(runs, 3))):
        with tempfile.TemporaryDirectory() as folder:
            db, stop = Path(folder) / "import.db", Path(folder) / "stop"
            store = open_store(db, "bench")
            load_demo(store)
            lines = ["name,city,country,timezone,capacity"] + [
                f"Venue {n},City {n % 997},DE,Europe/Berlin,{n % 5000}" for n in range(venues)]
            csv_file = Path(folder) / "venues.csv"
            csv_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
            held: list[float] = []
            _time_writes(store, held)
            ticker = subprocess.Popen([sys.executable, "-c", _TICKER, str(db), str(stop)],
                                      stdout=subprocess.PIPE, text=True)
            assert ticker.stdout is not None and ticker.stdout.readline() == "ready\n"
            started = time.perf_counter()
            result = import_venues(store, csv_file)
            totals.append(time.perf_counter() - started)
            stop.touch()
            done, bad, wait = ticker.communicate(timeout=60)[0].split()
            assert result.added == venues, result
            locks.append(sum(held))
            longest.append(float(wait))
            failed.append(float(bad))
            store.close()
            print(f"  import run {run + 1}: {done} ticks by another process", file=sys.stderr)
    return [(f"import {venues:,} venues, whole (s)", totals, "", ""),
            (f"import {venues:,} venues, write lock held (s)", locks, "", "<= 5"),
            ("  longest tick by another process meanwhile (s)", longest, "", "< busy timeout"),
            ("  ticks by another process that failed", failed, "", "0")]


def table(rows: list[Row]) -> str:
    lines = [f"{'measure':<44} {'min':>8} {'median':>8} {'p99':>8} {'max':>8}  target",
             "-" * 92]
    for row in rows:
        name, values, target = row[0], row[1], row[-1]
        v = sorted(values)
        p99 = v[min(len(v) - 1, round(0.99 * (len(v) - 1)))]
        digits = 0 if v[-1] >= 100 else 2 if v[-1] < 10 else 1
        cells = " ".join(f"{x:8.{digits}f}" for x in (v[0], statistics.median(v), p99, v[-1]))
        lines.append(f"{name:<44} {cells}  {target}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="checklists opened (default 5)")
    parser.add_argument("--db", type=Path, default=DB)
    parser.add_argument("--only", choices=["import", "scale"], default=None,
                        help="only these figures (import: makes its own database; scale: "
                             "one tour's screens at 10 and at 50 tours, see scale.py)")
    args = parser.parse_args()
    if args.only == "import":
        print(table(import_figures(args.runs)))
        return 0
    if args.only == "scale":
        import scale

        return scale.main(["--runs", str(args.runs)])
    if not args.db.exists():
        print(f"{args.db} is missing: run benchmarks/make_large_db.py first", file=sys.stderr)
        return 2
    print(f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, "
          f"Python {platform.python_version()}, {args.db.stat().st_size / 1e6:.0f} MB database")
    with tempfile.TemporaryDirectory() as folder:
        def fresh() -> Path:
            """A copy of the database as generated: figures that tick or make feeds
            never see each other's (or an earlier run's) changes."""
            copy = Path(folder) / "large.db"
            Path(f"{copy}-shm").unlink(missing_ok=True)
            for suffix in ("", "-wal"):
                source, target = Path(f"{args.db}{suffix}"), Path(f"{copy}{suffix}")
                if source.exists():
                    shutil.copyfile(source, target)
                else:
                    target.unlink(missing_ok=True)
            return copy

        rows = asyncio.run(checklist_figures(fresh(), args.runs))
        rows += board_figures(fresh(), args.runs)
        rows += terminal_figures(fresh(), args.runs)
        rows += money_figures(fresh(), args.runs)
        rows += export_figures(args.db, args.runs)
        rows += feed_figures(fresh(), args.runs)
        rows += import_figures(args.runs)
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
