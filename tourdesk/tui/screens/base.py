"""A screen whose content comes from the database.

`load` runs in a thread worker (SQLite may wait on another process's write lock);
its result comes back to `show` on the UI thread. The screen reloads when it becomes
current again and when another process commits (DataChanged).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar, cast

from textual import events, on, work
from textual.binding import ActiveBinding
from textual.screen import Screen
from textual.widgets import Footer
from textual.worker import get_current_worker

from tourdesk.domain.access import Capability
from tourdesk.domain.text import printable
from tourdesk.store import Store, StoreError
from tourdesk.store.errors import SessionEndedError
from tourdesk.tui.live import DataChanged
from tourdesk.tui.writes import WriteQueue, end_session, error_line, log

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
    # The screen's own keys shown after help in the footer (where 60 columns end).
    FOOTER_LATE: ClassVar[frozenset[str]] = frozenset()

    has_data = False
    _writes: WriteQueue | None = None

    @property
    def writes(self) -> WriteQueue:
        """The screen's one queue of changes: they run one at a time, in key order."""
        if self._writes is None:
            self._writes = WriteQueue(self)
        return self._writes

    @property
    def tourdesk(self) -> TourDeskApp:
        return cast("TourDeskApp", self.app)  # the only app these screens run in

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

    def say(self, line: str) -> None:
        """Show one line about a change that did not happen (already inert)."""
        self.notify(line, severity="warning", markup=False)

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The footer's order: this screen's own keys first, then help, then the way
        back and the keys every screen shares, so a phone's 60 columns show what this
        screen does."""
        found = super().active_bindings
        app = self.app

        def rank(item: tuple[str, ActiveBinding]) -> int:
            namespace, binding = item[1].node, item[1].binding
            if binding.action in ("back", "app.pop_screen"):
                return 3
            if namespace is not app:
                return 2 if binding.action in self.FOOTER_LATE else 0
            return 1 if binding.action == "help" else 4

        return dict(sorted(found.items(), key=rank))

    @on(events.Mount)
    def _hold_keys_while_opening(self) -> None:
        if not self.has_data:  # keys typed while it opens wait until it is open
            self.tourdesk.hold_keys(self)

    def load_failed(self, error: StoreError) -> None:
        self.tourdesk.release_keys(self)
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
        except SessionEndedError as exc:
            self.app.call_from_thread(end_session, self.app, str(exc))
            return
        except StoreError as exc:
            self.app.call_from_thread(self.load_failed, exc)
            return
        except Exception as exc:  # never a crash: one line, and the details in the log
            log.exception("reading %s failed", type(self).__name__)
            self.app.call_from_thread(self.load_failed, StoreError(error_line(exc)))
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._deliver, data)

    def _deliver(self, data: T) -> None:
        if self.is_attached:
            self.has_data = True
            self.show(data)
            self.tourdesk.release_keys(self)

    def write(self, change: Callable[[], object], done: str = "") -> None:
        """Queue one change; the screen shows it once committed (the reload reads it
        back). A refusal is shown as one line and nothing changes."""
        self.writes.submit(change, done=done, reload=True)
