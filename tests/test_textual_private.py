"""What tourdesk/tui/textual_private.py relies on in Textual still holds.

Each test fails when Textual changes a private name the module uses (time to port the
workaround) or fixes what a workaround is for (time to remove it)."""

from __future__ import annotations

import inspect
import tomllib
from pathlib import Path

import textual
from textual.app import App, ComposeResult
from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver
from textual.events import Key
from textual.message_pump import MessagePump
from textual.widget import Widget
from textual.widgets import DataTable, Input

from tourdesk.tui import textual_private

from tui_helpers import settle


class _Watcher(Widget):
    def on_mount(self) -> None:
        self.watch(self.app, "title", self._title, init=False)

    def _title(self, title: str) -> None:
        pass


class _Host(App[None]):
    def compose(self) -> ComposeResult:
        yield _Watcher()


async def test_a_removed_widget_still_watches_the_app_textual_issue_6666():
    """When this fails, Textual prunes the watchers of removed widgets itself
    (https://github.com/Textualize/textual/issues/6666 fixed): drop
    housekeeping.forget_closed_everywhere and textual_private.watcher_lists."""
    app = _Host()
    async with app.run_test() as pilot:
        watcher = app.query_one(_Watcher)
        assert any(node is watcher for node, _ in textual_private.watcher_lists(app)["title"])
        await watcher.remove()
        await settle(pilot)
        left = [node for node, _ in textual_private.watcher_lists(app)["title"]]
        assert watcher in left, "Textual issue #6666 is fixed: remove the workaround"
        assert textual_private.is_closing(watcher)


class _Table(App[None]):
    def compose(self) -> ComposeResult:
        yield DataTable()


async def test_a_quiet_cell_update_is_what_is_drawn_and_update_cell_still_repaints_all():
    """When the last assert fails, DataTable.update_cell repaints less than the whole
    table: SyncedTable can call it instead of textual_private.set_cell_quietly."""
    app = _Table()
    async with app.run_test() as pilot:
        table = app.query_one(DataTable)
        (column,) = table.add_columns("what")
        table.add_row("before", key="r")
        await settle(pilot)
        textual_private.set_cell_quietly(table, "r", column, "after")
        table.refresh_row(0)
        await settle(pilot)
        assert table.get_cell("r", column) == "after"
        assert "after" in "".join(s.text for s in table.render_line(1))  # under the header
    update_cell = inspect.getsource(DataTable.update_cell)
    assert update_cell.rstrip().endswith("self.refresh()")


def test_the_private_names_used_are_still_there():
    pump = MessagePump()
    assert textual_private.is_closing(pump) is False
    key = Key("a", "a")
    assert not textual_private.was_stopped(key)
    key.stop()
    assert textual_private.was_stopped(key)
    assert "self._mouse" in inspect.getsource(Driver.__init__)
    assert callable(LinuxDriver._enable_mouse_support)
    assert callable(LinuxDriver._disable_mouse_support)
    assert "self._driver" in inspect.getsource(App.__init__)
    assert "self._notifications" in inspect.getsource(App.__init__)
    assert isinstance(inspect.getattr_static(App, "_background_screens"), property)
    assert "_on_key" in vars(Input)  # FilterBox overrides it to take Escape and Down first
    from textual import _wait  # quick_idle_waits: the step and the idle bar, read each step

    waits = inspect.getsource(_wait.wait_for_idle)
    assert "sleep(SLEEP_GRANULARITY)" in waits and "< SLEEP_IDLE" in waits


def test_textual_is_pinned_to_the_minor_version_checked():
    project = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())
    pins = [d for d in project["project"]["dependencies"] if d.startswith("textual")]
    major, minor = textual.__version__.split(".")[:2]
    assert pins == [f"textual>={major}.{minor},<{major}.{int(minor) + 1}"]
