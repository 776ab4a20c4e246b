"""Restore time from a Litestream file replica of the large benchmark database.

    .venv/bin/python benchmarks/make_large_db.py    # once
    .venv/bin/python benchmarks/replica.py [--runs N]

A copy of the database is replicated once (`litestream replicate -once`, a full
snapshot), then `tourdesk replica restore` brings it back N times into new files; each
figure is the whole command as a user runs it, the check of the restored file included.
Needs the `replica` extra.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tourdesk.services import replica

HERE = Path(__file__).resolve().parent
DB = HERE / "out" / "large.db"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--db", type=Path, default=DB)
    args = parser.parse_args()
    if not args.db.exists():
        print(f"{args.db} is missing: run benchmarks/make_large_db.py first", file=sys.stderr)
        return 2
    tourdesk = [sys.executable, "-m", "tourdesk"]
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "large.db"
        shutil.copy(args.db, db)
        subprocess.run([*tourdesk, "--db", str(db), "replica", "setup", "--to",
                        f"file://{Path(folder) / 'far'}"], check=True, capture_output=True)
        started = time.perf_counter()
        subprocess.run([str(replica.binary()), "replicate", "-once", "-no-expand-env",
                        "-config", str(replica.config_path(db))], check=True,
                       capture_output=True)
        snapshot_s = time.perf_counter() - started
        times = []
        for n in range(args.runs):
            started = time.perf_counter()
            subprocess.run([*tourdesk, "--db", str(db), "replica", "restore", "--to",
                            str(Path(folder) / f"back{n}.db")], check=True, capture_output=True)
            times.append(time.perf_counter() - started)
        size = db.stat().st_size / 1_000_000
        far = sum(p.stat().st_size for p in (Path(folder) / "far").rglob("*") if p.is_file())
    print(f"database {size:.0f} MB; replica after the first snapshot {far / 1e6:.0f} MB")
    print(f"first full snapshot (replicate -once)  {snapshot_s:6.2f} s")
    print(f"tourdesk replica restore (checked)      min {min(times):.2f} s, "
          f"median {statistics.median(times):.2f} s, max {max(times):.2f} s "
          f"over {args.runs} runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
