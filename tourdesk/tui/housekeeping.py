"""Housekeeping between keystrokes: released widgets and garbage collection.

Two things kept memory and latency creeping up over a long session:

- A widget that calls `self.watch(self.app, ...)` (Textual's Header does) leaves
  `(widget, callback)` on the app, and Textual prunes that list only when the watched
  value changes again (https://github.com/Textualize/textual/issues/6666); the app's
  title never does. Every screen pushed and popped left its Header, and the tree behind
  it, alive. The Footer does the same to itself with
  each FooterKey it recomposes away. `forget_closed_everywhere` drops those entries.
- Python's full (generation 2) collection walks every tracked object; with a 600-line
  checklist open it took 50-160 ms and landed on whatever keystroke came next. The
  objects loaded at start-up are frozen out of it, and full collections run when the
  keyboard has been quiet, not in the middle of typing. (A frozen object that later
  becomes cyclic garbage stays until exit: the first screen's first footer keys, a few
  kilobytes once, not a growth.)
"""

from __future__ import annotations

import gc
import time
from typing import Any

from textual.app import App
from textual.widgets import Footer

from tourdesk.tui import textual_private

QUIET_SECONDS = 0.5  # no key or click for this long: a full collection will not be felt
FULL_EVERY = 10  # generation-1 collections between full ones (Python's own default)
FULL_AT_LATEST = 200  # under non-stop input, collect anyway rather than grow


def forget_closed(observed: Any) -> int:
    """Drop watcher entries whose owner has closed; returns how many were dropped."""
    dropped = 0
    for watchers in textual_private.watcher_lists(observed).values():
        alive = [(node, callback) for node, callback in watchers
                 if not textual_private.is_closing(node)]
        dropped += len(watchers) - len(alive)
        watchers[:] = alive
    return dropped


def forget_closed_everywhere(app: App[Any]) -> int:
    """The app, the screens on the stack and their footers: the long-lived watched."""
    dropped = forget_closed(app)
    for screen in app.screen_stack:
        dropped += forget_closed(screen)
        for footer in screen.query(Footer):
            dropped += forget_closed(footer)
    return dropped


class QuietCollector:
    """Moves Python's full collections to the moments when no one is typing."""

    def __init__(self) -> None:
        self.last_input = time.monotonic()

    def start(self) -> None:
        """Freeze what exists now (it lives as long as the app) and take over
        generation 2 from the interpreter's own schedule. No collection first: it would
        cost a full pass at start-up to save a few start-up leftovers."""
        gc.freeze()
        young, middle, _ = gc.get_threshold()
        gc.set_threshold(young, middle, 1_000_000)

    def stop(self) -> None:
        gc.unfreeze()
        young, middle, _ = gc.get_threshold()
        gc.set_threshold(young, middle, FULL_EVERY)

    def touched(self) -> None:
        self.last_input = time.monotonic()

    def tick(self) -> bool:
        """Collect fully if it is due and the keyboard is quiet; True if it ran."""
        due = gc.get_count()[2]
        quiet = time.monotonic() - self.last_input >= QUIET_SECONDS
        if (due >= FULL_EVERY and quiet) or due >= FULL_AT_LATEST:
            gc.collect()
            return True
        return False
