"""A process started by an SSH session ends with it.

sshd runs the forced command as its child. When the client's link drops, sshd's session
process goes: on Linux the kernel then sends us SIGHUP (PR_SET_PDEATHSIG), and a thread
that sees our parent change does the same where that is not available. SIGHUP's default
action ends a command; the TUI handles it as a quit."""

from __future__ import annotations

import ctypes
import os
import signal
import threading
import time

PR_SET_PDEATHSIG = 1


def end_with_parent(poll_s: float = 1.0) -> None:
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGHUP)
    except (OSError, AttributeError):  # not Linux: the thread below is enough
        pass
    if os.getppid() != parent:  # it went before the signal was asked for
        os.kill(os.getpid(), signal.SIGHUP)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(poll_s)
        os.kill(os.getpid(), signal.SIGHUP)

    threading.Thread(target=watch, name="session-watch", daemon=True).start()
