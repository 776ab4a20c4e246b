"""A screen that is one table under a summary line (the money screens, travel, users,
feeds, a venue's contacts, the route, a day's history). It keeps what it loaded and
redraws it when the terminal is resized; `tour()` is the session's tour for those that
show one."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Footer, Header, Static

from tourdesk.tui.screens.base import DataScreen
from tourdesk.tui.widgets.synced_table import SyncedTable

T = TypeVar("T")


class TableScreen(DataScreen[T]):
    TABLE_ID: ClassVar[str] = "table"
    SUBTITLE: ClassVar[str] = ""

    def __init__(self) -> None:
        super().__init__()
        self.loaded: T | None = None
        self._width = 0  # the width the columns were set for

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="summary")
        yield from self.above()
        yield SyncedTable(id=self.TABLE_ID)
        yield from self.below()
        yield Footer()

    def above(self) -> list[Widget]:
        """Widgets between the summary line and the table."""
        return []

    def below(self) -> list[Widget]:
        """Widgets under the table."""
        return []

    def on_mount(self) -> None:
        self.sub_title = self.subtitle()

    def subtitle(self) -> str:
        """The header's subtitle (Textual runs every class's on_mount: override this)."""
        return self.SUBTITLE

    def tour(self) -> int | None:
        """The tour the app shows (the one running today, or the latest, at first)."""
        return self.tourdesk.tour.get()

    def show(self, data: T) -> None:
        self.loaded = data
        self.draw()

    def on_resize(self, event: events.Resize) -> None:
        self.draw()

    def table(self, columns: list[tuple[str, int | None]]) -> SyncedTable:
        """The table, its columns set again when the width changed."""
        table = self.query_one(SyncedTable)
        if self.size.width != self._width:
            self._width = self.size.width
            table.set_columns(columns, self.size.width)
        return table

    def summary(self, text: Text | str) -> None:
        self.query_one("#summary", Static).update(text, layout=False)

    def draw(self) -> None:
        raise NotImplementedError

    def action_back(self) -> None:
        self.app.pop_screen()
