"""The tourdesk Textual app: modes for the main screens, live refresh, navigation."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
import time
from collections.abc import Iterable
from datetime import date
from functools import partial
from typing import Any

from textual import events, work
from textual.app import App, SystemCommand
from textual.content import Content
from textual.driver import Driver
from textual.screen import Screen

from tourdesk.domain.access import Capability, Role, refusal
from tourdesk.domain.text import printable
from tourdesk.services import preferences
from tourdesk.services.current_tour import CurrentTour
from tourdesk.services.preferences import Preferences
from tourdesk.services.today import working_today
from tourdesk.store import Store, StoreError, history
from tourdesk.store.errors import SessionEndedError
from tourdesk.tui import keymap, textual_private
from tourdesk.tui.commands import NavigationCommands
from tourdesk.tui.housekeeping import QuietCollector, forget_closed_everywhere
from tourdesk.tui.live import POLL_SECONDS, DataChanged
from tourdesk.tui.modals.help import HelpScreen
from tourdesk.tui.screens.base import DataScreen
from tourdesk.tui.screens.overview import OverviewScreen
from tourdesk.tui.writes import WriteQueue


# Screens other than the first load when first shown: start-up pays only for what it
# paints (every import here is time a user on a slow SSH login waits for).
def _venues() -> Screen:
    from tourdesk.tui.screens.venues import VenuesScreen

    return VenuesScreen()


def _inventory() -> Screen:
    from tourdesk.tui.screens.inventory import InventoryScreen

    return InventoryScreen()


def _staffing() -> Screen:
    from tourdesk.tui.screens.staffing import StaffingScreen

    return StaffingScreen()


def _budget() -> Screen:
    from tourdesk.tui.screens.budget import BudgetScreen

    return BudgetScreen()


def _users() -> Screen:
    from tourdesk.tui.screens.users import UsersScreen

    return UsersScreen()


def _person(person_id: int) -> Screen:
    from tourdesk.tui.screens.person import PersonScreen

    return PersonScreen(person_id)


def _gig_day(gig_id: int) -> Screen:
    from tourdesk.tui.screens.gig_day import GigDayScreen

    return GigDayScreen(gig_id)


def _checklist(checklist_id: int) -> Screen:
    from tourdesk.tui.screens.checklist import ChecklistScreen

    return ChecklistScreen(checklist_id)


# The longest a key waits for a screen to open: a read stuck on another process's
# lock must not swallow the keyboard.
HOLD_SECONDS = 5.0
REPLICA_CHECK_S = 30.0  # how often the header asks how far behind a replica is
FLIGHT_CHECK, FLIGHT_LIMIT = 0.01, 0.5


class TourDeskApp(App[None]):
    TITLE = "tourdesk"
    CSS_PATH = "app.tcss"
    BINDINGS = keymap.APP
    MODES = {"overview": OverviewScreen, "venues": _venues, "inventory": _inventory,
             "staffing": _staffing, "budget": _budget, "users": _users}
    # What a mode's screen shows takes this: a role without it neither sees the key in
    # the footer nor gets the screen (and the store refuses its reads anyway).
    MODE_NEEDS = {"inventory": Capability.READ_EQUIPMENT, "staffing": Capability.READ_CREW,
                  "budget": Capability.READ_MONEY, "users": Capability.MANAGE_USERS}
    DEFAULT_MODE = "overview"
    COMMANDS = App.COMMANDS | {NavigationCommands}
    ESCAPE_TO_MINIMIZE = False

    def get_driver_class(self) -> type[Driver]:
        """On a terminal, the driver that writes each style change as its difference
        (tui/wire.py); any other driver (tests, the web) as Textual chooses."""
        from textual.drivers.linux_driver import LinuxDriver

        from tourdesk.tui.wire import ThinLinuxDriver

        chosen = super().get_driver_class()
        return ThinLinuxDriver if chosen is LinuxDriver else chosen

    def __init__(
        self,
        store: Store,
        *,
        today: date | None = None,
        tour_name: str | None = None,
        poll_seconds: float = POLL_SECONDS,
        checklist_id: int | None = None,
        daily_backup: bool = False,
        preferences: Preferences | None = None,
    ) -> None:
        super().__init__()
        self.preferences = preferences or Preferences()
        self.apply_theme(self.preferences.theme)
        self._daily_backup = daily_backup
        if store.read_only:  # every header says so; every write is refused with a notice
            self.title = f"{self.TITLE} · READ ONLY"
        if store.role is not Role.MANAGER:  # who they are, and so why keys are missing
            self.title = f"{self.title} · {printable(store.actor)} ({store.role.value})"
        self._plain_title = self.title  # the replica's lag is added to it while it lasts
        self._start_checklist = checklist_id
        self.store = store
        self._fixed_today = today
        # the tour every screen shows: picked by the first load that asks, off the UI thread
        self.tour = CurrentTour(store, lambda: self.today, tour_name)
        self._poll_seconds = poll_seconds
        # Where the logs stood with this data version: each poll asks what moved since.
        self._data_version = store.data_version()
        self._mark = history.mark(store)
        self._collector = QuietCollector()
        self._holders: set[int] = set()  # what is opening (keys wait for it)
        self._held: list[events.Key] = []  # keys typed meanwhile, in order
        self._in_flight: events.Key | None = None  # forwarded, its bindings not yet run
        self._flight_started = 0.0
        self._writes: WriteQueue | None = None
        if os.environ.get("SSH_CONNECTION") or os.environ.get("SSH_TTY"):
            self.animation_level = "none"  # every animation frame costs bytes on the link

    def format_title(self, title: str, sub_title: str) -> Content:
        """One run of text, "tourdesk · Tue 20 Oct · Brussels": it reads the same in
        any capture of the screen (a dimmed separator of its own showed as a stray dash)."""
        return Content(f"{title} · {sub_title}" if sub_title else title)

    @property
    def today(self) -> date:
        """The working day at the place the tour is (the rule the CLI uses too: before
        06:00 is still the day before). Read afresh at every load, so a session left
        open overnight moves on (tests and screenshots pass a fixed day)."""
        if self._fixed_today is not None:
            return self._fixed_today
        return working_today(self.store, self.tour.id)

    def on_mount(self) -> None:
        if not self.is_headless:  # a dropped SSH link sends SIGHUP: leave as on a quit
            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self.exit)
        self.set_interval(self._poll_seconds, self._poll)
        self.set_interval(REPLICA_CHECK_S, self._check_replica)
        self.call_after_refresh(self._check_replica)
        self.call_after_refresh(self._collector.start)
        if self.store.read_only:
            self.notify(printable(f"Read only: you cannot change {self.store.path}"),
                        severity="warning", timeout=10, markup=False)
        elif self._daily_backup:
            self.call_after_refresh(self._backup)
        if self._start_checklist is not None:  # `tourdesk checklist open`: straight to it
            self.push_screen(_checklist(self._start_checklist))

    def on_unmount(self) -> None:
        self._collector.stop()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown):
            self._collector.touched()
        if not isinstance(event, events.Key):
            await super().on_event(event)
        elif not event.is_forwarded:  # from the terminal (or a waiting key, replayed)
            if event is self._in_flight:  # only a replayed key is in flight before here
                if self._holders:  # what the key before it did opens a screen: wait again
                    self._held.insert(0, event)
                    self._in_flight = None
                    return
            elif self._holders or self._held or self._in_flight is not None:
                self._held.append(event)  # a screen is opening or a key is on its way
                return
            self._in_flight, self._flight_started = event, time.monotonic()
            await super().on_event(event)
            self.set_timer(FLIGHT_CHECK, partial(self._check_flight, event))
        else:  # back from the focused widget: the bindings run now
            await super().on_event(event)
            if event is self._in_flight:
                self._landed()

    # -- keys typed while a screen opens wait for it, then apply in order --
    # A key goes to the focused widget, comes back here for the bindings, and its action
    # may open a screen: the next key waits until then, so it reaches what is open.

    def _check_flight(self, key: events.Key) -> None:
        """A key a widget kept (typing in a field) never comes back: it is done once
        stopped, or after a while."""
        if self._in_flight is not key:
            return
        late = time.monotonic() - self._flight_started > FLIGHT_LIMIT
        if textual_private.was_stopped(key) or late:
            self._landed()
        else:
            self.set_timer(FLIGHT_CHECK, partial(self._check_flight, key))

    def _landed(self) -> None:
        self._in_flight = None
        if self._held:
            self.call_after_refresh(self._replay_next)

    def hold_keys(self, holder: object) -> None:
        """Keys wait from now until `release_keys(holder)` (at most HOLD_SECONDS)."""
        if id(holder) not in self._holders:
            self._holders.add(id(holder))
            # the timer keeps the holder's id, not the holder: a closed screen is freed
            self.set_timer(HOLD_SECONDS, partial(self._release_id, id(holder)))

    def release_keys(self, holder: object) -> None:
        self._release_id(id(holder))

    def _release_id(self, key: int) -> None:
        if key in self._holders:
            self._holders.discard(key)
            self.call_after_refresh(self._replay_next)

    def _replay_next(self) -> None:
        """One waiting key at a time: what it opens may hold the rest again."""
        if self._holders or self._in_flight is not None or not self._held:
            return
        waiting = self._held.pop(0)
        key = events.Key(waiting.key, waiting.character)
        self._in_flight, self._flight_started = key, time.monotonic()  # one at a time
        self.post_message(key)

    def push_screen(self, screen: Screen | str, callback: Any = None,
                    wait_for_dismiss: bool = False, *, mode: str | None = None) -> Any:
        """Keys typed while the screen opens go to it once it is open (a screen that
        reads the database: once its first read is shown)."""
        if not isinstance(screen, Screen):
            return self._push(screen, callback, wait_for_dismiss, mode)
        self.hold_keys(screen)
        pushed = self._push(screen, callback, wait_for_dismiss, mode)
        if not isinstance(screen, DataScreen) or screen.has_data:
            self.call_after_refresh(self._release_when_mounted, screen)
        return pushed

    def _push(self, screen: Screen | str, callback: Any, wait_for_dismiss: bool,
              mode: str | None) -> Any:
        # App.push_screen is typed by the literal wait_for_dismiss: one call per overload
        if wait_for_dismiss:
            return super().push_screen(screen, callback, True, mode=mode)
        return super().push_screen(screen, callback, False, mode=mode)

    def pop_screen(self) -> Any:
        """A dialog's answer reaches the screen that asked through that screen's queue;
        what the answer opens takes the next keys, so they wait for the answer."""
        closing = object()
        self.hold_keys(closing)
        beneath = self.screen_stack[-2] if len(self.screen_stack) > 1 else None
        popped = super().pop_screen()
        if beneath is not None:  # after the answer on the screen beneath, then the app's
            beneath.call_next(self.call_next, self.release_keys, closing)
        else:
            self.call_next(self.release_keys, closing)
        return popped

    def _release_when_mounted(self, screen: Screen) -> None:
        if screen.is_mounted or not screen.is_attached:
            self.release_keys(screen)
        else:
            self.call_after_refresh(self._release_when_mounted, screen)

    # -- live refresh: other processes' commits reach the open screen within ~1 s --

    def _poll(self) -> None:
        forget_closed_everywhere(self)
        self._collector.tick()
        self._check_version()

    @work(thread=True, exclusive=True, group="poll", exit_on_error=False)
    def _check_version(self) -> None:
        try:
            version = self.store.data_version()
            if version == self._data_version:
                return
            tables, self._mark = history.touched_since(self.store, self._mark)
        except (sqlite3.Error, StoreError):  # busy or briefly unreadable: the next poll retries
            return
        self._data_version = version
        self.call_from_thread(self._announce_change, tables)

    @work(thread=True, exclusive=True, group="replica", exit_on_error=False)
    def _check_replica(self) -> None:
        """The header says when a replica is set up and more than a minute behind; asking
        Litestream takes a process, so it is done off the UI thread, twice a minute."""
        from tourdesk.services import replica
        from tourdesk.store.connection import utc_now

        if not self.store.can(Capability.MAINTAIN):
            return  # as in `info`: for those who can mend it
        if not replica.config_path(self.store.path).is_file() and self.title == self._plain_title:
            return  # none set up (a stat): nothing to ask
        # Litestream's times are the machine's real ones, so is this comparison
        note = replica.behind_warning(self.store.path, utc_now(), short=True)
        title = f"{self._plain_title} · {note}" if note else self._plain_title
        if title != self.title:
            self.call_from_thread(setattr, self, "title", title)

    def _backup(self) -> None:
        """Today's automatic backup, once the first screen is up (a failure: one line)."""
        from tourdesk.services.backups import automatic_backup

        def run() -> None:
            try:
                automatic_backup(self.store)
            except (StoreError, OSError) as exc:
                raise StoreError(f"automatic backup failed: {exc}") from exc

        self.screen_writes.submit(run)

    def _announce_change(self, tables: frozenset[str] | None) -> None:
        self.screen.post_message(DataChanged(tables))

    # -- navigation --

    def may_open(self, mode: str) -> bool:
        needed = self.MODE_NEEDS.get(mode)
        return needed is None or self.store.can(needed) or self._own_person(mode) is not None

    def _own_person(self, mode: str) -> int | None:
        """Crew without the staffing board: `4` opens their own calls and pay."""
        if mode == "staffing" and self.store.can(Capability.READ_OWN):
            return self.store.person_id
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # False: not in the footer, and the key does nothing
        return not (action == "go" and parameters and not self.may_open(str(parameters[0])))

    def action_go(self, mode: str) -> None:
        if not self.may_open(mode):
            self.notify(printable(refusal(self.store.actor, self.store.role,
                                          self.MODE_NEEDS[mode])),
                        severity="warning", markup=False)
            return
        needed = self.MODE_NEEDS.get(mode)
        own = self._own_person(mode) if needed and not self.store.can(needed) else None
        if own is not None:
            self.open_person(own)
            return
        if self.current_mode == mode:
            while len(self.screen_stack) > 1:  # "1" from a gig day goes back to the list
                self.pop_screen()
        else:
            self.switch_mode(mode)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def open_gig(self, gig_id: int) -> None:
        if self.current_mode != "overview":
            self.switch_mode("overview")
        self.push_screen(_gig_day(gig_id))

    def open_person(self, person_id: int) -> None:
        self.push_screen(_person(person_id))

    def switch_tour(self, tour_id: int) -> None:
        self.tour.switch(tour_id)
        self.action_go("overview")
        self.screen.post_message(DataChanged())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Keys (tourdesk)", "Every tourdesk key binding", self.action_help)
        yield SystemCommand("Preferences", "Mouse, theme, cursor after a tick (o)",
                            self.action_preferences)

    # -- the user's own preferences --

    def apply_theme(self, name: str) -> None:
        """A theme this Textual knows; an unknown name (from a newer version) is ignored."""
        if name in self.available_themes:
            self.theme = name

    def apply_mouse(self, on: bool) -> None:
        """Mouse reporting on or off now, where the terminal driver allows it."""
        textual_private.set_mouse(self, on)

    def action_preferences(self) -> None:
        from tourdesk.tui.modals.preferences import PreferencesDialog

        if not isinstance(self.screen, PreferencesDialog):
            self.push_screen(PreferencesDialog(self.preferences, sorted(self.available_themes)),
                             self._preferences_chosen)

    def _preferences_chosen(self, chosen: Preferences | None) -> None:
        if chosen is None or chosen == self.preferences:
            return
        before, self.preferences = self.preferences, chosen
        self.apply_theme(chosen.theme)
        if chosen.mouse != before.mouse:
            self.apply_mouse(chosen.mouse)
        store = self.store

        def saved(_: object) -> None:
            self.notify("Preferences saved", markup=False)

        self.screen_writes.submit(lambda: preferences.save(store, chosen), then=saved)

    @property
    def screen_writes(self) -> WriteQueue:
        """The app's own queue (preferences), beside each screen's."""
        if self._writes is None:
            self._writes = WriteQueue(self)
        return self._writes


def run_app(store: Store, *, mouse: bool = True, tour_name: str | None = None,
            checklist_id: int | None = None) -> None:
    """The TUI with the user's own preferences (`--no-mouse` wins over theirs)."""
    try:
        prefs = preferences.load(store)
    except StoreError:  # unreadable for now: the defaults, and the screen says the rest
        prefs = Preferences()
    app = TourDeskApp(store, tour_name=tour_name, checklist_id=checklist_id, daily_backup=True,
                      preferences=prefs)
    app.run(mouse=mouse and prefs.mouse)
    ended = getattr(app, "session_ended", "")
    if ended:  # the user was removed or re-roled meanwhile: one line, exit status 2
        if sys.stderr.isatty():  # the screen just left: the line starts at column 0
            sys.stderr.write("\r\x1b[K")
        raise SessionEndedError(ended)
