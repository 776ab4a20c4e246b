"""A screen whose content comes from the database.

`load` runs in a thread worker (SQLite may wait on another process's write lock);
its result comes back to `show` on the UI thread. The screen reloads when it becomes
current again and when another process commits (DataChanged).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar

from textual import events, on, work
from textual.screen import Screen
from textual.widgets import Footer
from textual.worker import get_current_worker

from tourdesk.domain.access import Capability
from tourdesk.domain.errors import ValidationError, ValidationErrors
from tourdesk.domain.text import printable
from tourdesk.store import Store, StoreError
from tourdesk.tui.live import DataChanged

if TYPE_CHECKING:
    from tourdesk.tui.app import TourDeskApp

T = TypeVar("T")


class DataScreen(Screen[None], Generic[T]):
    # A screen about one record leaves when that record cannot be read at all
    # (someone deleted it) instead of showing an empty shell.
    LEAVE_WHEN_GONE = False
    # The tables the screen shows: another user's commit elsewhere leaves it alone
    # (None: any commit reloads it).
    WATCHES: frozenset[str] | None = None
    # Actions that change data and the capability each takes: a role without it does not
    # see the key in the footer and the key does nothing (the store refuses anyway).
    ACTION_NEEDS: ClassVar[dict[str, Capability]] = {}

    has_data = False
    @property
    def tourdesk(self) -> TourDeskApp:
        return self.app  # type: ignore[return-value]

    @property
    def store(self) -> Store:
        return self.tourdesk.store

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        needed = self.ACTION_NEEDS.get(action)
        return needed is None or self.store.can(needed)

    def load(self) -> T:
        """Read what the screen shows. Runs off the UI thread."""
        raise NotImplementedError

    def show(self, data: T) -> None:
        """Put `data` on screen. Runs on the UI thread."""
        raise NotImplementedError

    def load_failed(self, error: StoreError) -> None:
        self.notify(printable(str(error)), severity="error", timeout=8, markup=False)
        if self.LEAVE_WHEN_GONE and not self.has_data and self.is_current:
            self.app.pop_screen()

    @on(events.Resize)
    def _compact_footer(self, event: events.Resize) -> None:
        """Below 100 columns the footer drops its padding so every key still fits."""
        for footer in self.query(Footer):
            footer.compact = event.size.width < 100

    def on_screen_resume(self) -> None:
        self.reload()

    @on(DataChanged)
    def _on_data_changed(self, event: DataChanged) -> None:
        if self.WATCHES is None or event.tables is None or self.WATCHES & event.tables:
            self.refresh_for(event.tables)

    def refresh_for(self, tables: frozenset[str] | None) -> None:
        """Others changed `tables` (None: unknown); a screen may reload less than all."""
        self.reload()

    def reload(self) -> None:
        self._load_worker()

    @work(thread=True, exclusive=True, group="load")
    def _load_worker(self) -> None:
        try:
            data = self.load()
        except StoreError as exc:
            self.app.call_from_thread(self.load_failed, exc)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._deliver, data)

    def _deliver(self, data: T) -> None:
        if self.is_attached:
            self.has_data = True
            self.show(data)

    @work(thread=True, group="write")
    def write(self, change: Callable[[], object], done: str = "") -> None:
        """Run one change off the UI thread; the screen shows it once committed (the
        reload reads it back). A refusal is shown and nothing changes."""
        try:
            change()
        except (StoreError, ValidationError, ValidationErrors) as exc:
            self.app.call_from_thread(self.notify, printable(str(exc)), severity="warning",
                                      markup=False)
        else:
            if done:
                self.app.call_from_thread(self.notify, printable(done), markup=False)
        self.app.call_from_thread(self.reload)
