"""Does a screen that shows one tour cost the same in year five as in year one?

    .venv/bin/python benchmarks/scale.py [--runs N] [--small PATH] [--large PATH]

Builds (once, if missing) the usual benchmark database (10 tours, 300 people) and one
five times its size (50 tours, 1,500 people) with make_large_db.py, then times, on
each, what the screens of one tour load: the staffing board, the budget, one person's
view (calls and pay) and, as a whole command, one tour's calendar export. Both measure
the LAST tour, whose data is alike in both files. Prints the medians side by side with
their ratio; the aim is a ratio within 1.2.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from tourdesk.services import budgets, staffing
from tourdesk.store import Store, open_store

HERE = Path(__file__).resolve().parent
SMALL = HERE / "out" / "large.db"
LARGE = HERE / "out" / "large50.db"
SIZES = {SMALL: ["--tours", "10", "--people", "300"], LARGE: ["--tours", "50", "--people", "1500"]}


def ensure(path: Path) -> None:
    if not path.exists():
        print(f"building {path} (minutes for the larger one)...", file=sys.stderr)
        subprocess.run([sys.executable, str(HERE / "make_large_db.py"), *SIZES.get(path, []),
                        "--out", str(path)], check=True)


def median_ms(work: Callable[[], object], runs: int) -> float:
    work()  # warm the page cache and imports
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def last_tour(store: Store) -> tuple[int, str, object]:
    row = store.row("SELECT id, name FROM tours ORDER BY id DESC LIMIT 1")
    first = store.row("SELECT min(date) FROM gig_days WHERE tour_id = ?", [row[0]])[0]
    from datetime import date

    return row[0], row[1], date.fromisoformat(first) + timedelta(days=60)


def figures(db: Path, runs: int) -> dict[str, float]:
    open_store(db, "bench").close()  # brought up to the current schema once
    store = open_store(db, "bench", read_only=True)
    tour_id, name, today = last_tour(store)
    person = store.row("SELECT a.person_id FROM assignments a JOIN gig_days g "
                       "ON g.id = a.gig_day_id WHERE g.tour_id = ? LIMIT 1", [tour_id])[0]
    found = {
        "staffing board (load)": median_ms(lambda: staffing.board(store, tour_id), runs),
        "budget (load)": median_ms(lambda: budgets.budget(store, tour_id, today), runs),
        "person view (load)": median_ms(lambda: (staffing.person_calls(store, person),
                                                 staffing.person_pay(store, person)), runs),
    }
    store.close()
    tourdesk = Path(sys.executable).parent / "tourdesk"
    found["tour calendar (command)"] = median_ms(lambda: subprocess.run(
        [str(tourdesk), "--db", str(db), "export", "ics", "--tour", name],
        check=True, capture_output=True), max(3, runs // 2))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=31)  # a few ms move with the machine
    parser.add_argument("--small", type=Path, default=SMALL)
    parser.add_argument("--large", type=Path, default=LARGE)
    args = parser.parse_args(argv)
    for path in (args.small, args.large):
        ensure(path)
    small, large = figures(args.small, args.runs), figures(args.large, args.runs)
    print(f"{'one tour, median ms':<26} {'10 tours':>9} {'50 tours':>9} {'ratio':>6}")
    for name, ms in small.items():
        ratio = large[name] / ms if ms else float("nan")
        flag = "" if ratio <= 1.2 else "  over 1.2"
        print(f"{name:<26} {ms:>9.1f} {large[name]:>9.1f} {ratio:>6.2f}{flag}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
