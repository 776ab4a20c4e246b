"""Every use of Textual's private attributes, in one place, each with why.

Textual has no public way to do these; its private names can change in any release, so
pyproject.toml pins the minor version they were checked on, and
tests/test_textual_private.py fails when one of them is gone, and when upstream has fixed
what a workaround here is for (then the workaround goes). Nothing else in tourdesk/ or
in the tests' helpers touches a private name of a Textual object. One private hook is
overridden rather than read, so it stays where it is: `FilterBox._on_key` (Input's key
handler), to take Escape and Down before Input does; the test checks Input still has it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.widgets.data_table import RowKey

if TYPE_CHECKING:
    from rich.console import RenderableType
    from textual.app import App
    from textual.events import Key
    from textual.message_pump import MessagePump
    from textual.widgets import DataTable
    from textual.widgets.data_table import ColumnKey

WATCHERS_ISSUE = "https://github.com/Textualize/textual/issues/6666"


def watcher_lists(observed: object) -> dict[str, list[tuple[Any, Any]]]:
    """The (owner, callback) lists that `owner.watch(observed, ...)` left on `observed`.

    Textual keeps them under the attribute name "__watchers" (set with setattr, so not
    name-mangled) and prunes a list only when that value changes again, so a removed
    widget that watched the app stays alive until then: Textual issue #6666
    (WATCHERS_ISSUE), open on 8.2. tui/housekeeping.py prunes them."""
    lists: dict[str, list[tuple[Any, Any]]] = getattr(observed, "__watchers", {})
    return lists


def is_closing(node: MessagePump) -> bool:
    """Closing or closed: the owner of a watcher that will never be called again.
    MessagePump has no public flag for it (`is_attached` is also false before mount)."""
    return bool(node._closing or node._closed)


def was_stopped(key: Key) -> bool:
    """Whether the widget that had the key stopped it (Message.stop sets it; there is
    no public getter): a stopped key never comes back to the app's bindings."""
    return bool(key._stop_propagation)


def set_mouse(app: App[Any], on: bool) -> None:
    """Mouse reporting on or off while running, where the terminal driver allows it.
    Textual takes the choice only when the app starts (`run(mouse=...)`); the driver's
    own switch is private. No upstream issue asks for a public one yet."""
    driver = app._driver
    if driver is None or app.is_headless:
        return
    if on:
        driver._mouse = True  # a session started with --no-mouse refuses to enable it
        getattr(driver, "_enable_mouse_support", lambda: None)()
    else:
        getattr(driver, "_disable_mouse_support", lambda: None)()


def set_cell_quietly(table: DataTable[Any], row: str, column: ColumnKey, value: Any) -> None:
    """`DataTable.update_cell` without its `refresh()` of the whole table: the caller
    repaints only the changed row, so a tick costs a line on the wire instead of a
    screenful. Writes DataTable's own cell store (`_data`) and bumps the counter its
    render caches are keyed on (`_update_count`), as update_cell does. No upstream issue
    asks for a row-only update_cell yet."""
    table._data[RowKey(row)][column] = value
    table._update_count += 1


# -- for the tests: what a user would see --


def screen_render(app: App[Any]) -> RenderableType:
    """The whole terminal as the compositor draws it, dialogs over what is beneath:
    `export_screenshot` gives SVG, and the tests read the characters."""
    drawn = app.screen._compositor.render_update(full=True,
                                                 screen_stack=app._background_screens)
    return "" if drawn is None else drawn


def notifications(app: App[Any]) -> list[Any]:
    """The notifications the app holds now (App has no public list of them)."""
    return list(app._notifications)


def quick_idle_waits() -> None:
    """For the tests: Textual's pilot waits for "idle" by sleeping 20 ms at a time until
    a step used almost no CPU (`textual._wait`), twice a key. The tests' helpers wait for
    the app's workers and a still screen themselves, so 2 ms steps prove the same and
    the TUI tests spend half the time asleep. The module reads both at each step."""
    from textual import _wait

    _wait.SLEEP_GRANULARITY = 1 / 500
    _wait.SLEEP_IDLE = _wait.SLEEP_GRANULARITY / 20

