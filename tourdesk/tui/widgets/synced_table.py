"""A DataTable that follows the database without rebuilding itself.

`sync` compares the new rows with what is on screen: when only values changed it
updates those cells in place; rows are re-added in one batch only when rows appeared,
vanished or moved. The cursor stays on the same record either way.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

from tourdesk.tui import textual_private
from tourdesk.tui.widgets.cells import fit_columns, same_text
from tourdesk.tui.widgets.keyed_rows import KeyedRows

Cells = tuple[Text, ...]


class Unmeasured:
    """A cell for a fixed-width column. DataTable measures every new cell to size auto
    columns, at about 0.1 ms a cell; our columns have set widths, so the measure is
    skipped by offering only `__rich_console__`. Rebuilding 800 rows drops from ~80 ms
    of measuring to none."""

    __slots__ = ("text",)

    def __init__(self, text: Text) -> None:
        self.text = text

    def __rich_console__(self, console: object, options: object) -> Iterator[Text]:
        yield self.text

    @property
    def plain(self) -> str:
        return self.text.plain


class SyncedTable(DataTable):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)
        self._shown = KeyedRows()

    def set_columns(self, columns: Sequence[tuple[str, int | None]], total: int,
                    labels: Sequence[Text] | None = None) -> None:
        """Replace the columns and forget the rows. Columns are (key, width); the one
        with width None takes what the others leave of `total` columns. The key is the
        label unless `labels` gives one per column (e.g. two-line day headers)."""
        self.clear(columns=True)
        for i, (key, width) in enumerate(fit_columns(columns, total)):
            self.add_column(labels[i] if labels else key, width=width, key=key)
        self._shown.clear()

    def sync(self, rows: Sequence[tuple[str, Cells]]) -> None:
        if self._shown.same_keys(rows):
            self.patch(rows)
            return
        current, offset = self.current_key(), self.scroll_y
        self.clear()  # rows only; all re-added before the next refresh, in one batch
        for key, cells in rows:
            self.add_row(*map(Unmeasured, cells), key=key)
        self._shown.replace(rows)
        if current is not None and current in self._shown:
            self.move_cursor(row=self.get_row_index(current), animate=False)
            self._scroll_when_sized(offset)  # the view stays where the reader left it

    def patch(self, rows: Sequence[tuple[str, Cells]]) -> None:
        """Update, in place, the cells that changed in these rows (others are left alone;
        rows not on screen are ignored)."""
        columns = list(self.columns)
        for row, old in self._shown.update(rows):
            key, cells = self._shown[row]
            for i, (before, after) in enumerate(zip(old, cells, strict=True)):
                if not same_text(before, after):
                    self._set_cell(key, columns[i], Unmeasured(after))
            self.refresh_row(self.get_row_index(key))

    def _set_cell(self, key: str, column: ColumnKey, value: Unmeasured) -> None:
        """DataTable.update_cell, minus its refresh of the whole table (see
        textual_private.set_cell_quietly): only the changed row is repainted."""
        textual_private.set_cell_quietly(self, key, column, value)

    def current_key(self) -> str | None:
        return self._shown.key_at(self.cursor_row)

    def select_key(self, key: str, *, near_top: bool = False) -> bool:
        """Move the cursor to `key`; `near_top` leaves what comes after it in view.
        False when no row has that key (yet)."""
        if key not in self._shown:
            return False
        row = self.get_row_index(key)
        self.move_cursor(row=row, animate=False)
        if near_top:
            self._scroll_when_sized(max(0, row - 2))
        return True

    def _scroll_when_sized(self, y: float, tries: int = 50) -> None:
        """Scroll to `y` once the rows just added are measured and the scrollbar is up.

        Before that, a scroll is clamped to the old height, and a scrollbar that is not
        shown yet misses the new position (it would show the top while the rows below
        are on screen)."""
        overflowing = self.virtual_size.height > self.scrollable_content_region.height
        sized = self.virtual_size.height >= self.row_count
        if tries and (not sized or (overflowing and not self.show_vertical_scrollbar)):
            self.call_after_refresh(self._scroll_when_sized, y, tries - 1)
            return
        self.scroll_to(y=y, animate=False, force=True, immediate=True)
        self.vertical_scrollbar.position = self.scroll_y
