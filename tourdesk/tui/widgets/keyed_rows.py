"""The rows a keyed list shows, in order, and which of them a new set changes.

SyncedTable, LineList and WallChart all follow the database the same way: the same
keys in the same order means only changed rows are redrawn; anything else replaces the
rows and the cursor looks for its key again. This holds that bookkeeping once.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from tourdesk.tui.widgets.cells import same_cells

Cells = tuple[Text, ...]


class KeyedRows:
    def __init__(self) -> None:
        self.rows: list[tuple[str, Cells]] = []
        self._index: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self.rows)

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def __getitem__(self, row: int) -> tuple[str, Cells]:
        return self.rows[row]

    def keys(self) -> list[str]:
        return [key for key, _ in self.rows]

    def same_keys(self, rows: Sequence[tuple[str, Cells]]) -> bool:
        """The same keys in the same order: an update, not a new set of rows."""
        return len(rows) == len(self.rows) and all(
            new == old for (new, _), (old, _) in zip(rows, self.rows, strict=True))

    def replace(self, rows: Sequence[tuple[str, Cells]]) -> None:
        self.rows = list(rows)
        self._index = {key: i for i, (key, _) in enumerate(self.rows)}

    def clear(self) -> None:
        self.replace(())

    def find(self, key: str | None) -> int | None:
        """The row of `key`, None if it is not shown."""
        return None if key is None else self._index.get(key)

    def position(self, key: str) -> int:
        """The row of `key`, which is shown (KeyError otherwise)."""
        return self._index[key]

    def key_at(self, row: int) -> str | None:
        return self.rows[row][0] if 0 <= row < len(self.rows) else None

    def cells(self, key: str) -> Cells:
        return self.rows[self.position(key)][1]

    def update(self, rows: Sequence[tuple[str, Cells]]) -> list[tuple[int, Cells]]:
        """Take the new cells of these rows (rows not shown are ignored); returns the
        position and the old cells of each row whose cells changed."""
        changed = []
        for key, cells in rows:
            i = self._index.get(key)
            if i is None or same_cells(self.rows[i][1], cells):
                continue
            changed.append((i, self.rows[i][1]))
            self.rows[i] = (key, cells)
        return changed
