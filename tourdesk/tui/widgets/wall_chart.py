"""A planner's wall chart: row labels down the left, one narrow column per day.

Drawn line by line (Textual's line API) from the rows it holds, showing only the days
that fit. The label column, the day header and the first `fixed_rows` rows stay put;
the rest scroll by whole rows and whole days as the cursor leaves the view, so a day is
never half hidden. A cursor move redraws the lines it touches (its old and new row and,
when the day changes, the header), and a scroll redraws the chart once: on a phone's link
that is a few hundred bytes, and no frame waits on measuring or relayout.

The cursor's row label and day header are highlighted too, so the eye finds both.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events, on
from textual.binding import Binding
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from tourdesk.tui.widgets.keyed_rows import KeyedRows

Cells = tuple[Text, ...]  # the row's label, then one cell per day
WHEEL = {events.MouseScrollDown: (3, 0), events.MouseScrollUp: (-3, 0),  # (rows, days)
         events.MouseScrollRight: (0, 2), events.MouseScrollLeft: (0, -2)}


class WallChart(Widget, can_focus=True):
    COMPONENT_CLASSES = {"wall-chart--cursor", "wall-chart--header", "wall-chart--crosshair"}
    DEFAULT_CSS = """
    WallChart { height: 1fr; }
    WallChart > .wall-chart--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    WallChart > .wall-chart--header { background: $panel; }
    WallChart > .wall-chart--crosshair { background: $boost; text-style: bold underline; }
    """
    BINDINGS = [
        Binding("up", "move(-1, 0)", show=False),
        Binding("down", "move(1, 0)", show=False),
        Binding("left", "move(0, -1)", show=False),
        Binding("right", "move(0, 1)", show=False),
        Binding("shift+left", "move(0, -7)", show=False),
        Binding("shift+right", "move(0, 7)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "move(0, -100000)", show=False),
        Binding("end", "move(0, 100000)", show=False),
    ]

    class Selected(Message):
        """A click on the cell already under the cursor (Enter is the screen's to bind)."""

    def __init__(self, *, on_move: Callable[[], None], label_width: int = 16,
                 cell_width: int = 4, header_height: int = 2, fixed_rows: int = 0,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # Called, not messaged, when the cursor moves: whatever it redraws (the
        # explanation under the chart) then lands in the same frame as the cursor. A
        # message arrives after that frame and costs a second one, ~30 ms later.
        self.on_move = on_move
        self.label_width = label_width
        self.cell_width = cell_width
        self.header_height = header_height
        self.fixed_rows = fixed_rows
        self._corner = Text("")
        self._days: list[Text] = []
        self._rows = KeyedRows()
        self._row, self._column = 0, 1  # column 0 is the labels: the cursor stays right of it
        self._top, self._left = 0, 0  # first scrolled row shown, first day shown
        self._lines: dict[tuple[object, ...], Strip] = {}

    # -- what the screen sets --

    def set_days(self, labels: Sequence[Text], corner: Text | None = None,
                 label_width: int | None = None) -> None:
        """The day columns' headers (one line of each per header line); forgets the rows."""
        self._days = list(labels)
        self._corner = corner or Text("")
        if label_width is not None:
            self.label_width = label_width
        self._rows.clear()
        self._lines.clear()
        self._column = max(1, min(self._column, len(self._days)))
        self.refresh()

    def sync(self, rows: Sequence[tuple[str, Cells]]) -> None:
        """Show exactly these rows; the cursor stays on its row's key if it is still there."""
        current = self.current_key()
        if self._rows.same_keys(rows):
            for i, _ in self._rows.update(rows):
                self._forget_row(i)
                self._refresh_row(i)
        else:
            self._rows.replace(rows)
            self._lines.clear()
            found = self._rows.find(current)
            self._row = found if found is not None else self._row
            self.refresh()
        self._clamp()

    # -- the DataTable-like part the screen and tests use --

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def cursor_row(self) -> int:
        return self._row

    @property
    def cursor_column(self) -> int:
        return self._column

    @property
    def cursor_coordinate(self) -> tuple[int, int]:
        return self._row, self._column

    def current_key(self) -> str | None:
        return self._rows.key_at(self._row)

    def get_row(self, key: str) -> Cells:
        return self._rows.cells(key)

    def move_cursor(self, *, row: int | None = None, column: int | None = None,
                    animate: bool = False) -> None:
        """Put the cursor on (row, column); column 1 is the first day. `animate` is
        accepted for DataTable's signature and ignored: the chart jumps."""
        old = (self._row, self._column)
        if row is not None:
            self._row = row
        if column is not None:
            self._column = column
        if not self._clamp() and (self._row, self._column) != old:
            self._refresh_moved(*old)
        if (self._row, self._column) != old:
            self.on_move()

    # -- keys and pointer --

    def action_move(self, rows: int, days: int) -> None:
        self.move_cursor(row=self._row + rows, column=self._column + days)

    def action_page(self, direction: int) -> None:
        self.action_move(direction * max(1, self._body_height() - 1), 0)

    def on_click(self, event: events.Click) -> None:
        event.stop()
        at = self._cell_at(event.x, event.y)
        if at is None:
            return
        if at == (self._row, self._column):
            self.post_message(self.Selected())
        else:
            self.move_cursor(row=at[0], column=at[1])

    @on(events.MouseScrollDown)
    @on(events.MouseScrollUp)
    @on(events.MouseScrollRight)
    @on(events.MouseScrollLeft)
    def _wheel(self, event: events.MouseEvent) -> None:
        event.stop()
        self._scroll(*WHEEL[type(event)])

    def on_resize(self, event: events.Resize) -> None:
        self._lines.clear()
        self._clamp()
        self.refresh()

    def on_focus(self) -> None:
        self._lines.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._lines.clear()
        self.refresh()

    # -- geometry --

    def _visible_days(self) -> int:
        return max(1, (self.size.width - self.label_width) // self.cell_width)

    def _body_height(self) -> int:
        return max(1, self.size.height - self.header_height - self.fixed_rows)

    def _clamp(self) -> bool:
        """Keep the cursor on the chart and in view; True when the view scrolled (and
        so was redrawn whole)."""
        self._row = max(0, min(self._row, len(self._rows) - 1))
        self._column = max(1, min(self._column, len(self._days)))
        before = (self._top, self._left)
        days, body = self._visible_days(), self._body_height()
        day = self._column - 1
        if day < self._left:
            self._left = day
        elif day >= self._left + days:
            self._left = day - days + 1
        self._left = max(0, min(self._left, max(0, len(self._days) - days)))
        if self._row >= self.fixed_rows:
            row = self._row - self.fixed_rows
            if row < self._top:
                self._top = row
            elif row >= self._top + body:
                self._top = row - body + 1
        self._top = max(0, min(self._top, max(0, len(self._rows) - self.fixed_rows - body)))
        if (self._top, self._left) != before:
            self.refresh()
            return True
        return False

    def _scroll(self, rows: int = 0, days: int = 0) -> None:
        """Wheel: move the view, and the cursor with it only as far as it must go."""
        self._top = max(0, self._top + rows)
        self._left = max(0, self._left + days)
        self._top = min(self._top, max(0, len(self._rows) - self.fixed_rows - self._body_height()))
        self._left = min(self._left, max(0, len(self._days) - self._visible_days()))
        row, column = self._row, self._column
        if self._row >= self.fixed_rows:
            first = self.fixed_rows + self._top
            row = max(first, min(row, first + self._body_height() - 1))
        column = max(self._left + 1, min(column, self._left + self._visible_days()))
        self.refresh()
        self.move_cursor(row=row, column=column)

    def _screen_y(self, row: int) -> int | None:
        if row < self.fixed_rows:
            return self.header_height + row
        y = self.header_height + self.fixed_rows + row - self.fixed_rows - self._top
        return y if self.header_height + self.fixed_rows <= y < self.size.height else None

    def _cell_at(self, x: int, y: int) -> tuple[int, int] | None:
        if x < self.label_width or y < self.header_height:
            return None
        column = self._left + (x - self.label_width) // self.cell_width + 1
        line = y - self.header_height
        row = line if line < self.fixed_rows else line + self._top
        if row >= len(self._rows) or column > len(self._days):
            return None
        return row, column

    def _refresh_row(self, row: int) -> None:
        y = self._screen_y(row)
        if y is not None:
            self.refresh(Region(0, y, self.size.width, 1))

    def _forget_row(self, row: int) -> None:
        for key in [k for k in self._lines if k[0] == row]:
            del self._lines[key]

    def _refresh_moved(self, old_row: int, old_column: int) -> None:
        """Redraw only what the move changed: the two rows, and the header when the day
        changed (its crosshair)."""
        for row in {old_row, self._row}:
            self._forget_row(row)
            self._refresh_row(row)
        if old_column != self._column:
            self.refresh(Region(0, 0, self.size.width, self.header_height))

    # -- drawing --

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y < self.header_height:
            return self._header_line(y, width)
        line = y - self.header_height
        row = line if line < self.fixed_rows else line + self._top
        if row >= len(self._rows):
            return Strip.blank(width, self.rich_style)
        focused = self.has_focus
        cursor = self._column if row == self._row else 0
        key = (row, self._left, cursor, focused, width)
        strip = self._lines.get(key)
        if strip is None:
            strip = self._row_line(self._rows[row][1], cursor, focused, width)
            self._lines[key] = strip
        return strip

    def _styles(self) -> tuple[Style, Style, Style, Style]:
        base = self.rich_style
        return (base,
                base + self.get_component_rich_style("wall-chart--header"),
                base + self.get_component_rich_style("wall-chart--crosshair"),
                base + self.get_component_rich_style("wall-chart--cursor"))

    def _header_line(self, y: int, width: int) -> Strip:
        _, header, crosshair, _ = self._styles()
        corner = _line_of(self._corner, y) if y < self.header_height - 1 else self._hidden()
        segments = _cell(corner, self.label_width, header, self.app.console, justify="left")
        first = self._left
        for day in range(first, min(len(self._days), first + self._visible_days())):
            style = crosshair if day + 1 == self._column else header
            segments += _cell(_line_of(self._days[day], y), self.cell_width, style,
                              self.app.console)
        return Strip(segments).adjust_cell_length(width, header).simplify()

    def _hidden(self) -> Text:
        """The corner's last line: how many days lie off the chart on either side."""
        left = self._left
        right = max(0, len(self._days) - self._left - self._visible_days())
        hint = Text(f"◀ {left}" if left else "", style="bold")
        hint.append(" " * max(1, self.label_width - 1 - len(hint) - len(f"{right} ▶")))
        hint.append(f"{right} ▶" if right else "", style="bold")
        return hint

    def _row_line(self, cells: Cells, cursor: int, focused: bool, width: int) -> Strip:
        base, _, crosshair, cursor_style = self._styles()
        console = self.app.console
        label = cells[0] if cells else Text("")
        segments = _cell(label, self.label_width, crosshair if cursor else base, console,
                         justify="left")
        for column in range(self._left + 1, min(len(cells), self._left + 1
                                                 + self._visible_days())):
            if column == cursor and focused:
                segments += _cell(cells[column], self.cell_width, cursor_style, console,
                                  on_top=True)
            else:
                segments += _cell(cells[column], self.cell_width, base, console)
        return Strip(segments).adjust_cell_length(width, base).simplify()


def _line_of(text: Text, y: int) -> Text:
    lines = text.split("\n", allow_blank=True)
    return lines[y] if y < len(lines) else Text("")


def _cell(text: Text, width: int, base: Style, console: Console,
          justify: str = "center", on_top: bool = False) -> list[Segment]:
    """`text` cut or padded to `width` cells over `base`, the cell's own colours on top
    of it, or under it when `on_top` (the cursor must show even on a red cell)."""
    cell = text.copy()
    cell.truncate(width, overflow="ellipsis")
    gap = width - cell.cell_len
    if justify == "center":
        cell.pad_left(gap // 2)
        cell.pad_right(gap - gap // 2)
    else:
        cell.pad_right(gap)
    own = console.get_style(cell.style, default=Style.null())
    segments = []
    for segment in cell.render(console):
        style = own + segment.style if segment.style else own
        segments.append(Segment(segment.text, style + base if on_top else base + style))
    return segments

