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
