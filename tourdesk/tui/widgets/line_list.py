"""A keyed list that renders only the lines on screen (Textual's line API).

For the checklist: 600+ rows that filter on every keystroke. A DataTable re-adds and
re-measures every row a filter keeps; this list swaps its row list and repaints the
visible lines, so a keystroke costs the same whatever the list's length. It offers the
small part of the DataTable interface the screens use (keys, cursor, cells, patch).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tourdesk.tui.widgets.cells import fit_columns
from tourdesk.tui.widgets.keyed_rows import KeyedRows

Cells = tuple[Text, ...]


class Cell:
    """What `get_cell_at` returns: the cell's text (DataTable-like `.plain`)."""

    __slots__ = ("text",)

    def __init__(self, text: Text) -> None:
        self.text = text

    @property
    def plain(self) -> str:
        return self.text.plain


class LineList(ScrollView, can_focus=True):
    COMPONENT_CLASSES = {"line-list--cursor", "line-list--header"}
    DEFAULT_CSS = """
    LineList { height: 1fr; }
    LineList > .line-list--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    LineList > .line-list--header {
        background: $panel;
        text-style: bold;
    }
    """
    BINDINGS = [
        Binding("up", "move(-1)", show=False),
        Binding("down", "move(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "jump(0)", show=False),
        Binding("end", "jump(-1)", show=False),
        Binding("enter", "select", show=False),
    ]

    cursor_row: reactive[int] = reactive(0, always_update=True, repaint=False)

    class Selected(Message):
        """Enter on a row (key is the row's key)."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    class Tapped(Message):
        """A click or tap on a row; `on_box`: on its first column (the tick box)."""

        def __init__(self, key: str, on_box: bool = False) -> None:
            super().__init__()
            self.key = key
            self.on_box = on_box

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._columns: list[tuple[str, int]] = []
        self._rows = KeyedRows()
        self._lines: dict[tuple[int, bool], Strip] = {}

    # -- the DataTable-like part --

    @property
    def row_count(self) -> int:
        return len(self._rows)

    def set_columns(self, columns: Sequence[tuple[str, int | None]], total: int) -> None:
        self._columns = fit_columns(columns, total)
        self._lines.clear()
        self.refresh()

    def sync(self, rows: Sequence[tuple[str, Cells]]) -> None:
        """Show exactly these rows; the cursor stays on its record if it is still there."""
        current = self.current_key()
        if self._rows.same_keys(rows):
            self.patch(rows)
            return
        self._rows.replace(rows)
        self._lines.clear()
        self.virtual_size = Size(sum(w + 2 for _, w in self._columns), len(self._rows) + 1)
        found = self._rows.find(current)
        row = found if found is not None else 0 if current is None else self.cursor_row
        self.cursor_row = max(0, min(row, len(self._rows) - 1))
        self.refresh()

    def patch(self, rows: Sequence[tuple[str, Cells]]) -> None:
        """Replace the cells of these rows (if shown) and repaint just those lines."""
        for i, _ in self._rows.update(rows):
            self._lines.pop((i, True), None)
            self._lines.pop((i, False), None)
            self._refresh_row(i)

    def row_keys(self) -> list[str]:
        """The rows' keys, top to bottom."""
        return self._rows.keys()

    def current_key(self) -> str | None:
        if not self._rows:
            return None
        return self._rows[min(self.cursor_row, len(self._rows) - 1)][0]

    def select_key(self, key: str, *, near_top: bool = False) -> None:
        if key in self._rows:
            self.cursor_row = self._rows.position(key)
            if near_top:
                self.scroll_to(y=max(0, self.cursor_row - 2), animate=False, force=True)

    def get_row_index(self, key: str) -> int:
        return self._rows.position(key)

    def get_row_at(self, row: int) -> list[Cell]:
        return [Cell(t) for t in self._rows[row][1]]

    def get_cell_at(self, coordinate: tuple[int, int]) -> Cell:
        row, column = coordinate
        return Cell(self._rows[row][1][column])

    def move_cursor(self, *, row: int, animate: bool = False) -> None:
        self.cursor_row = max(0, min(row, len(self._rows) - 1))

    # -- keys and pointer --

    def watch_cursor_row(self, old: int, new: int) -> None:
        for row in (old, new):
            self._lines.pop((row, True), None)
            self._lines.pop((row, False), None)
        before = self.scroll_y
        self.scroll_to_region(Region(0, new + 1, 1, 1), spacing=Spacing(1, 0, 0, 0),
                              animate=False, force=True, immediate=True)
        if self.scroll_y != before:
            self.refresh()  # scrolled: every line moved
        else:  # only the two rows whose highlight changed go over the wire
            for row in (old, new):
                self._refresh_row(row)

    def _refresh_row(self, row: int) -> None:
        self.refresh(Region(0, row + 1 - round(self.scroll_y), self.size.width, 1))

    def action_move(self, step: int) -> None:
        self.cursor_row = max(0, min(self.cursor_row + step, len(self._rows) - 1))

    def action_page(self, direction: int) -> None:
        self.action_move(direction * max(1, self.size.height - 2))

    def action_jump(self, row: int) -> None:
        self.cursor_row = max(0, len(self._rows) - 1) if row < 0 else 0

    def action_select(self) -> None:
        key = self.current_key()
        if key is not None:
            self.post_message(self.Selected(key))

    async def _on_click(self, event: events.Click) -> None:
        event.stop()
        row = event.y - 1 + round(self.scroll_y)
        if event.y - 1 >= 0 and 0 <= row < len(self._rows):
            self.cursor_row = row
            box = self._columns[0][1] + 2 if self._columns else 0  # the cell and its padding
            self.post_message(self.Tapped(self._rows[row][0], on_box=event.x < box))

    # -- drawing --

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y == 0:
            return self._line([Text(label) for label, _ in self._columns],
                              self.get_component_rich_style("line-list--header"), width)
        row = y - 1 + round(self.scroll_y)
        if row >= len(self._rows):
            return Strip.blank(width)
        selected = row == self.cursor_row and self.has_focus
        cached = self._lines.get((row, selected))
        if cached is None or cached.cell_length != width:
            base = (self.get_component_rich_style("line-list--cursor") if selected
                    else Style())
            cached = self._line(list(self._rows[row][1]), base, width)
            self._lines[(row, selected)] = cached
        return cached

    def _line(self, cells: list[Text], style: Style, width: int) -> Strip:
        """One row: each cell cut or padded to its column, the cell's own colours over
        the widget's, the cursor's or header's background under all of it."""
        base = self.rich_style + style
        segments: list[Segment] = []
        console = self.app.console
        for (_, column_width), cell in zip(self._columns, cells, strict=False):
            text = cell.copy()
            text.truncate(column_width, overflow="ellipsis", pad=True)
            # Text.render leaves out the text's own base style; add it back under spans.
            own = base + console.get_style(text.style, default=Style.null())
            segments.append(Segment(" ", base))
            segments += [Segment(s.text, own + s.style if s.style else own)
                         for s in text.render(console)]
            segments.append(Segment(" ", base))
        # Neighbouring cells mostly share a style: one run of text per style halves the
        # escape codes sent for each redrawn line (bytes on a phone's link).
        return Strip(segments).adjust_cell_length(width, base).simplify()

    def on_focus(self) -> None:
        self._lines.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._lines.clear()
        self.refresh()
