"""Writing a calendar file on the server from a screen, off the UI thread."""

from __future__ import annotations

from textual.screen import Screen

from tourdesk.domain.text import printable
from tourdesk.services.calendar import Scope, export_file
from tourdesk.store.connection import Store
from tourdesk.store.errors import StoreError


def export_calendar(screen: Screen, store: Store, tour_id: int, scope: Scope,
                    only_gig: int | None = None) -> None:
    """Write the .ics next to the database and say where (over SSH the road manager
    fetches it with scp, or serves the folder)."""

    def write() -> None:
        try:
            path = export_file(store, tour_id, scope, only_gig=only_gig)
        except (StoreError, OSError) as exc:
            screen.app.call_from_thread(screen.notify, printable(f"export failed: {exc}"),
                                        severity="error", markup=False)
            return
        screen.app.call_from_thread(screen.notify, printable(f"Calendar written to {path}"),
                                    markup=False, timeout=10)

    screen.run_worker(write, thread=True, group="export")
