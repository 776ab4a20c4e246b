"""Table cells built from user text: always plain Text, never markup."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.text import Text

from tourdesk.domain.kinds import GigKind, GigStatus
from tourdesk.domain.text import printable

STATUS_STYLE = {
    GigStatus.CONFIRMED: "green",
    GigStatus.HOLD: "yellow",
    GigStatus.OFFER: "cyan",
    GigStatus.CANCELLED: "red strike",
}

SHORT_KIND = {
    GigKind.SHOW: "show",
    GigKind.OFF: "off",
    GigKind.TRAVEL: "trvl",
    GigKind.REHEARSAL: "reh",
    GigKind.STUDIO: "stud",
}

SHORT_STATUS = {
    GigStatus.CONFIRMED: "conf",
    GigStatus.HOLD: "hold",
    GigStatus.OFFER: "offr",
    GigStatus.CANCELLED: "canc",
}


def plain(value: object, style: str = "") -> Text:
    """User text as inert Text: `[b]` stays `[b]`, escape sequences become visible."""
    return Text(printable(value), style=style, no_wrap=True, overflow="ellipsis")


def days_to_go(day: date, today: date) -> Text:
    delta = (day - today).days
    if delta == 0:
        return Text("today", style="bold reverse")
    style = "dim" if delta < 0 else ""
    return Text(f"{delta:+d}", style=style, justify="right")


def fit_columns(columns: Sequence[tuple[str, int | None]], total: int) -> list[tuple[str, int]]:
    """Column widths for a list `total` cells wide: the one column without a width takes
    what the others (and each cell's one-space padding either side, and the scrollbar)
    leave, but never less than 8."""
    fixed = sum(w for _, w in columns if w) + 2 * len(columns) + 2
    return [(label, w or max(8, total - fixed)) for label, w in columns]


def same_text(a: Text, b: Text) -> bool:
    """Text equality that also sees the base style (Text.__eq__ ignores it, so a cell
    that only turned dim would not be redrawn)."""
    return a.plain == b.plain and a.style == b.style and a.spans == b.spans


def same_cells(a: Sequence[Text], b: Sequence[Text]) -> bool:
    return len(a) == len(b) and all(same_text(x, y) for x, y in zip(a, b, strict=True))
