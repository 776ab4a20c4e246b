"""The tour a session shows: one value, owned by the session, read by every screen.

It is picked the first time it is asked for: the tour named at start, else the one
running on the working day or coming next, else the latest. The user switches it; it
never changes under them otherwise. Until a tour exists (an empty file) it is asked
again each time, so the first tour added is found.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date

from tourdesk.store import tours
from tourdesk.store.connection import Store


class CurrentTour:
    def __init__(self, store: Store, today: Callable[[], date], name: str | None = None,
                 ) -> None:
        self._store, self._today, self._name = store, today, name
        self._id: int | None = None
        self._lock = threading.Lock()  # screens ask from their load threads

    @property
    def id(self) -> int | None:
        """The tour as picked so far, without reading (for the UI thread)."""
        return self._id

    def get(self) -> int | None:
        """The tour, picked now if it was not yet (it reads: call it off the UI thread)."""
        with self._lock:
            if self._id is None:
                self._id = self._pick()
            return self._id

    def switch(self, tour_id: int) -> None:
        with self._lock:
            self._id, self._name = tour_id, None

    def _pick(self) -> int | None:
        summaries = tours.summaries(self._store)
        if self._name:
            name = self._name.casefold()
            return next((t.id for t in summaries if t.name.casefold() == name), None)
        today = self._today()
        current = [t for t in summaries if t.last and t.last >= today]
        chosen = current[0] if current else (summaries[-1] if summaries else None)
        return chosen.id if chosen else None
