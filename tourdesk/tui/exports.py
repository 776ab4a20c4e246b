"""Writing a calendar file on the server from a screen, through its queue."""

from __future__ import annotations

from tourdesk.domain.text import printable
from tourdesk.services.calendar import Scope, export_file
from tourdesk.store.connection import Store
from tourdesk.tui.screens.base import DataScreen


def export_calendar(screen: DataScreen, store: Store, tour_id: int, scope: Scope,
                    only_gig: int | None = None) -> None:
    """Write the .ics next to the database and say where (over SSH the road manager
    fetches it with scp, or serves the folder). A failure is one line, as for any write."""

    def written(path: object) -> None:
        screen.notify(printable(f"Calendar written to {path}"), markup=False, timeout=10)

    screen.writes.submit(lambda: export_file(store, tour_id, scope, only_gig=only_gig),
                         then=written)
