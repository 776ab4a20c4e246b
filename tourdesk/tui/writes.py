"""The one way a screen changes data (or reads something slow) off the UI thread.

Each screen has a `WriteQueue`: what it is given runs in one thread worker, one job at
a time, in the order the keys were pressed, so two quick ticks never race each other.
Whatever a job raises ends as one inert line on screen (user text is data, never
markup) and the app carries on: a refusal from the store or a validation rule says what
to fix; anything else is logged and named in one line. A `SessionEndedError` (the user
was removed, or their role changed) ends the app with its one line.

Guards ("already placing venues") are set on the UI thread before `submit`, so a key
pressed twice cannot start the same thing twice.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual.app import App
from textual.widget import Widget

from tourdesk.domain.errors import ValidationError, ValidationErrors
from tourdesk.domain.text import printable
from tourdesk.store.errors import SessionEndedError, StoreError

log = logging.getLogger("tourdesk.tui")

Then = Callable[[Any], object]  # what it returns is not used


@dataclass(slots=True)
class _Job:
    run: Callable[[], Any]
    then: Then | None  # with the result, on the UI thread, once it is committed
    failed: Callable[[str], None] | None  # with the line shown, on the UI thread
    done: str  # a line to show once it is committed
    reload: bool  # read the screen again afterwards (also after a refusal)


def error_line(exc: BaseException) -> str:
    """What the user reads about a failed job: the store's or the rule's own sentence,
    else the kind of failure (the details go to the log)."""
    if isinstance(exc, StoreError | ValidationError | ValidationErrors):
        text = str(exc)
    elif isinstance(exc, OSError) and exc.strerror:
        text = f"could not write {exc.filename or 'the file'}: {exc.strerror}"
    else:
        text = f"could not finish ({type(exc).__name__}: {exc}); nothing else was changed"
    return printable(text)


class WriteQueue:
    """Jobs of one screen, run one at a time in submission order off the UI thread."""

    def __init__(self, owner: Widget | App[Any], name: str = "write") -> None:
        self._owner = owner
        self._name = name
        self._jobs: deque[_Job] = deque()
        self._lock = threading.Lock()
        self._running = False

    @property
    def busy(self) -> bool:
        with self._lock:
            return self._running

    def submit(self, run: Callable[[], Any], *, then: Then | None = None, done: str = "",
               reload: bool = False, failed: Callable[[str], None] | None = None) -> None:
        """Queue `run` (called in the worker thread). Call on the UI thread."""
        job = _Job(run, then, failed, done, reload)
        with self._lock:
            self._jobs.append(job)
            if self._running:
                return
            self._running = True
        self._owner.run_worker(self._drain, thread=True, group=self._name,
                               exit_on_error=False, name=f"{self._name} queue")

    def _drain(self) -> None:
        while True:
            with self._lock:
                if not self._jobs:
                    self._running = False
                    return
                job = self._jobs.popleft()
            try:
                self._one(job)
            except RuntimeError:  # the app closed while the job ran: nothing to show it on
                with self._lock:
                    self._jobs.clear()
                    self._running = False
                return

    def _one(self, job: _Job) -> None:
        app = self._owner.app
        try:
            result = job.run()
        except SessionEndedError as exc:
            app.call_from_thread(end_session, app, str(exc))
            return
        except Exception as exc:  # no failure of a job may end the app
            if not isinstance(exc, StoreError | ValidationError | ValidationErrors):
                log.exception("a job of %s failed", type(self._owner).__name__)
            app.call_from_thread(self._failed, job, error_line(exc))
            return
        app.call_from_thread(self._finished, job, result)

    def _finished(self, job: _Job, result: object) -> None:
        if job.then is not None:
            job.then(result)
        if job.done:
            self._owner.notify(printable(job.done), markup=False)
        if job.reload:
            _reload(self._owner)

    def _failed(self, job: _Job, line: str) -> None:
        say = getattr(self._owner, "say", None)
        if callable(say):
            say(line)
        else:
            self._owner.notify(line, severity="warning", markup=False)
        if job.failed is not None:
            job.failed(line)
        _reload(self._owner)  # a refusal often means someone changed it: show theirs


def _reload(owner: Widget | App[Any]) -> None:
    reload = getattr(owner, "reload", None)
    if callable(reload) and getattr(owner, "is_attached", False):
        reload()


def end_session(app: Any, line: str) -> None:
    """The user may no longer work here: leave; `run_app` then raises the one line, so
    the command line prints it after the screen is gone, as every refusal."""
    app.session_ended = printable(line)
    app.exit(return_code=3)
