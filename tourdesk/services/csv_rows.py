"""CSV files: reading a user's strictly (every problem named by line and column), and
writing ours so no spreadsheet runs a cell as a formula.

Spreadsheets save CSV in many flavours; we accept UTF-8 (with or without the BOM Excel
writes) and comma or semicolon separators, and refuse everything else in plain words.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

from tourdesk.domain.errors import ValidationError, ValidationErrors

MAX_BYTES = 20 * 1024 * 1024
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class RowError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "file"
        if self.column:
            where += f", column '{self.column}'"
        return f"{where}: {self.message}"


class ImportRejected(ValueError):
    """Nothing was imported; `errors` says every line and column that needs fixing."""

    SHOWN = 20

    def __init__(self, source: str, errors: Iterable[RowError]) -> None:
        self.source = source
        self.errors = sorted(errors, key=lambda e: (e.line, e.column))
        shown = [str(e) for e in self.errors[: self.SHOWN]]
        more = len(self.errors) - len(shown)
        if more:
            shown.append(f"... and {more} more")
        super().__init__(
            f"{source}: nothing imported, {len(self.errors)} problem(s):\n  " + "\n  ".join(shown)
        )


@dataclass(frozen=True, slots=True)
class Row:
    line: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return self.cells.get(column, "")


def source_label(source: Path | str, name: str = "") -> str:
    """What a refusal calls the input: its given name, the file, or standard input (the
    text itself never: it may be a whole sheet)."""
    return name or (str(source) if isinstance(source, Path) else "standard input")


def read_rows(
    source: Path | str, *, columns: Iterable[str], required: Iterable[str], name: str = ""
) -> list[Row]:
    """Rows of a CSV file (a path, or the text itself) with a checked header."""
    label = source_label(source, name)
    text = _decode(source, label)
    allowed = tuple(columns)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise ImportRejected(label, [RowError(1, "", "the file is empty; the first line must be "
                                               "a header: " + ", ".join(allowed))])
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except csv.Error as exc:
        raise ImportRejected(label, [RowError(1, "", f"unreadable header: {exc}")]) from None
    while header and not header[-1]:  # spreadsheets save empty columns as `;;`
        header.pop()
    _check_header(label, header, allowed, tuple(required))
    rows: list[Row] = []
    errors: list[RowError] = []
    for line, cells in _records(reader, label):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header) and not any(c.strip() for c in cells[len(header):]):
            cells = cells[: len(header)]
        if len(cells) != len(header):
            errors.append(
                RowError(line, "", f"has {len(cells)} cells but the header has {len(header)}")
            )
            continue
        rows.append(Row(line, dict(zip(header, map(_unguarded, cells), strict=True))))
    if errors:
        raise ImportRejected(label, errors)
    return rows


def _unguarded(cell: str) -> str:
    """Undo the quote our exports put before a leading = + - @ (spreadsheet formula
    guard), so an exported file imports back unchanged."""
    if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@"):
        return cell[1:]
    return cell


def field_errors(line: int, exc: ValidationError | ValidationErrors) -> list[RowError]:
    """A domain validation error as row errors of the CSV line it came from."""
    found = exc.errors if isinstance(exc, ValidationErrors) else [exc]
    return [RowError(line, e.field, e.message) for e in found]


def _decode(source: Path | str, label: str) -> str:
    if isinstance(source, Path):
        try:
            if source.stat().st_size > MAX_BYTES:
                raise ImportRejected(label, [RowError(0, "", "larger than 20 MB; split it")])
            data = source.read_bytes()
        except OSError as exc:
            raise ImportRejected(label, [RowError(0, "", f"cannot read: {exc.strerror}")]) from None
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise ImportRejected(
                label, [RowError(line, "", "not UTF-8 text; save the sheet as 'CSV UTF-8'")]
            ) from None
    return source.removeprefix("\ufeff")


def _check_header(label: str, header: list[str], allowed: tuple[str, ...],
                  required: tuple[str, ...]) -> None:
    problems: list[RowError] = []
    for n, h in enumerate(header, start=1):
        if not h:
            problems.append(RowError(1, "", f"column {n} has no name; name it or delete it"))
    unknown = [h for h in header if h and h not in allowed]
    if unknown:
        problems.append(RowError(1, "", "unknown column(s): " + ", ".join(map(repr, unknown))
                                 + "; allowed: " + ", ".join(allowed)))
    missing = [c for c in required if c not in header]
    if missing:
        problems.append(RowError(1, "", "missing required column(s): " + ", ".join(missing)))
    seen: set[str] = set()
    for h in header:
        if h and h in seen:
            problems.append(RowError(1, h, f"'{h}' appears twice in the header"))
        seen.add(h)
    if problems:
        raise ImportRejected(label, problems)


class _CsvReader(Protocol):
    """What csv.reader returns, as used here: rows, and the line it has read up to."""
    line_num: int

    def __next__(self) -> list[str]: ...


def _records(reader: _CsvReader, label: str) -> Iterator[tuple[int, list[str]]]:
    start = 2
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ImportRejected(label, [RowError(start, "", f"broken CSV: {exc}")]) from None
        yield start, cells
        start = reader.line_num + 1


def parse_all(rows: Sequence[Row], parser: Callable[[dict[str, str]], T], label: str) -> list[T]:
    """Every row through `parser`; every field error of every row, or the records."""
    parsed: list[T] = []
    errors: list[RowError] = []
    for row in rows:
        try:
            parsed.append(parser(row.cells))
        except (ValidationError, ValidationErrors) as exc:
            errors.extend(field_errors(row.line, exc))
    if errors:
        raise ImportRejected(label, errors)
    return parsed


def refuse_repeats(label: str, rows: Sequence[Row], keys: Sequence[str], column: str,
                   exists: Callable[[str], bool], what: str, where: str = "the inventory",
                   ) -> None:
    """Refuse a key repeated in the file or already in the database, by line."""
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for row, key in zip(rows, keys, strict=True):
        if not key:
            continue
        folded = key.casefold()
        if folded in seen:
            errors.append(RowError(row.line, column, f"{what} {key} is also on line "
                                                     f"{seen[folded]}"))
        elif exists(key):
            errors.append(RowError(row.line, column, f"{what} {key} is already in {where}"))
        seen.setdefault(folded, row.line)
    if errors:
        raise ImportRejected(label, errors)


def spreadsheet_safe(value: object) -> str:
    """A cell no spreadsheet runs as a formula."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def write_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([spreadsheet_safe(c) for c in row] for row in rows)
    return out.getvalue()
