"""A program on a real pseudo-terminal: what it writes, how fast, how much memory.

Used by run.py to measure start-up to first paint and the bytes a keypress costs on
the wire (what a phone on venue Wi-Fi has to receive).
"""

from __future__ import annotations

import fcntl
import os
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Sequence


class Terminal:
    def __init__(self, argv: Sequence[str], size: tuple[int, int] = (80, 24),
                 env: dict[str, str] | None = None) -> None:
        self.master, slave = os.openpty()
        cols, rows = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        environ = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor",
                   **(env or {})}
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(list(argv), stdin=slave, stdout=slave, stderr=slave,
                                     env=environ, start_new_session=True, close_fds=True)
        os.close(slave)
        self.output = bytearray()

    def _read(self, timeout: float) -> int:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return 0
        try:
            chunk = os.read(self.master, 65536)
        except OSError:
            return 0
        self.output += chunk
        return len(chunk)

    def wait_for(self, marker: bytes, limit: float = 30.0, since: int = 0) -> float:
        """Seconds from start until `marker` has been written (after byte `since`)."""
        deadline = time.perf_counter() + limit
        while marker not in self.output[since:]:
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{marker!r} never appeared")
            self._read(0.05)
        return time.perf_counter() - self.started

    def quiet(self, idle: float = 0.3, limit: float = 10.0) -> int:
        """Read until nothing arrives for `idle` seconds; return the bytes read."""
        return self.settle(idle, limit)[0]

    def settle(self, idle: float = 0.25, limit: float = 10.0) -> tuple[int, float]:
        """Like `quiet`, and also the seconds from the call to the last byte: the time
        a keypress sent just before takes to be drawn in full."""
        started = time.perf_counter()
        total, last, deadline = 0, started, started + limit
        while time.perf_counter() < deadline:
            n = self._read(idle)
            if not n:
                break
            total, last = total + n, time.perf_counter()
        return total, last - started

    def send(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def peak_rss_mb(self) -> float:
        with open(f"/proc/{self.proc.pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        return float("nan")

    def close(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
        os.close(self.master)


# -- thin-link figures: bytes on the wire for the field task, at 80x24 --------------

DOWN, ESC = b"\x1b[B", b"\x1b"
TARGETS = {"first screen": 30 * 1024, "cursor move that scrolls": 3 * 1024,
           "palette keystroke": 2 * 1024, "tick of one entry": 1024}


def thin_link_figures(db: str, tour: str, day: str, checklist: str,
                      runs: int = 10) -> dict[str, list[int]]:
    """Bytes tourdesk writes, on a pseudo-terminal at 80x24 as over SSH (no animation):
    the first screen, a cursor move that scrolls the checklist, one keystroke in the
    command palette, and a tick of one entry (with the cursor moving on)."""
    import sys

    env = {"SSH_CONNECTION": "127.0.0.1 1 127.0.0.1 22", "TEXTUAL_ANIMATIONS": "none"}
    figures: dict[str, list[int]] = {name: [] for name in TARGETS}
    term = Terminal([sys.executable, "-m", "tourdesk", "--db", db], env=env)
    try:
        term.wait_for(b"Quit")
        figures["first screen"].append(len(term.output) + term.quiet(0.6))
        term.send(b":")
        term.quiet(0.6)
        for char in b"Brussels"[:runs]:
            term.send(bytes([char]))
            figures["palette keystroke"].append(term.quiet(0.4))
    finally:
        term.close()
    term = Terminal([sys.executable, "-m", "tourdesk", "--db", db, "checklist", "open",
                     "--tour", tour, day, checklist], env=env)
    try:
        term.wait_for(b"Tick")
        term.quiet(0.6)
        term.send(DOWN)  # off the first case line, onto its first entry
        term.quiet(0.3)
        for _ in range(runs):  # each tick moves the cursor on to the next line on screen
            term.send(b" ")
            figures["tick of one entry"].append(term.quiet(0.4))
        for _ in range(22):  # to the bottom line: from here each move scrolls
            term.send(DOWN)
        term.quiet(0.6)
        for _ in range(runs):
            term.send(DOWN)
            figures["cursor move that scrolls"].append(term.quiet(0.3))
    finally:
        term.close()
    return figures


def main() -> int:
    """`python benchmarks/terminal.py` prints the thin-link figures on a fresh demo
    database (its Brussels backline load-in, 132 lines)."""
    import statistics
    import tempfile
    from datetime import UTC, datetime
    from pathlib import Path

    from tourdesk.services.demo import load_demo
    from tourdesk.store import open_store

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "demo.db"
        store = open_store(db, "demo", clock=lambda: datetime(2026, 10, 20, 9, tzinfo=UTC))
        load_demo(store)
        store.close()
        os.environ["XDG_DATA_HOME"] = folder  # no backup next to a real user's data
        figures = thin_link_figures(str(db), "Northern Lights Tour 2026", "2026-10-20",
                                    "Load-out")
    print(f"{'bytes at 80x24':<28} {'min':>7} {'median':>7} {'max':>7}  target")
    for name, values in figures.items():
        v = sorted(values)
        print(f"{name:<28} {v[0]:>7} {statistics.median(v):>7.0f} {v[-1]:>7}"
              f"  <= {TARGETS[name] // 1024} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
