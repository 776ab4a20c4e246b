"""Driving the app in tests: wait for its database workers, read the screen as text."""

from __future__ import annotations

import contextlib
import io

from rich.console import Console
from textual.pilot import Pilot
from textual.worker import WorkerCancelled, WorkerState

from tourdesk.tui import textual_private


async def settle(pilot: Pilot) -> None:
    """Let load workers finish, their results reach the screen, and the screen stop
    changing (deferred scrolls and scrollbars repaint a refresh or two later)."""
    await _drain(pilot)
    previous = ""
    for _ in range(20):
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        current = pilot.app.export_screenshot()
        if current == previous:
            return
        previous = current


async def open_day(pilot: Pilot, gig_id: int) -> None:
    """The app settled on its first screen, then the gig day `gig_id` open and settled."""
    await settle(pilot)
    pilot.app.open_gig(gig_id)
    await settle(pilot)


async def _drain(pilot: Pilot) -> None:
    """Let load workers finish and their results (and keys held meanwhile) reach the app."""
    app = pilot.app
    # A job's result may start the next worker (a write's reload, a dismissed form's
    # callback): wait until a pause leaves none running, not a fixed number of rounds.
    for _ in range(50):
        await pilot.pause()
        with contextlib.suppress(WorkerCancelled):  # a newer load replaced it: wait again
            await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(worker.is_running or worker.state is WorkerState.PENDING
                   for worker in app.workers):
            break
    for _ in range(250):  # keys held while a screen opened are replayed one by one
        if not (getattr(app, "_held", None) or getattr(app, "_holders", None)
                or getattr(app, "_in_flight", None) is not None):
            break
        await pilot.pause(0.02)
        with contextlib.suppress(WorkerCancelled):
            await app.workers.wait_for_complete()


async def press(pilot: Pilot, *keys: str) -> None:
    """Each key once the one before it has been handled and what it loaded has arrived;
    the screen is left to stop changing once, after the last."""
    for key in keys:
        await pilot.press(key)
        await _drain(pilot)
    await settle(pilot)


async def fill(pilot: Pilot, **values: str) -> None:
    """Type `values` into the open form's fields (`#f-<field>`)."""
    from tourdesk.tui.modals.record_form import RecordForm

    form = pilot.app.screen
    assert isinstance(form, RecordForm)
    for field, value in values.items():
        form.query_one(f"#f-{field}").value = value  # type: ignore[attr-defined]
    await settle(pilot)


def screen_text(pilot: Pilot) -> str:
    """The characters on the terminal right now, line by line (what a user reads)."""
    app = pilot.app
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False)
    console.print(textual_private.screen_render(app))
    return console.export_text(styles=False)
