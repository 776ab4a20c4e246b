"""Charts of money drawn with plain block characters in the 16 basic colours: a bar per
budget category (estimate against actual) and the running profit over the tour.

Colour is never the only sign: the estimate is a light shade, the part estimated for
the lines that have an actual a medium shade, the actual a full block, and an actual
over its estimate ends in `!`.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from tourdesk.domain.budget import CategoryTotal, DayProfit, Side
from tourdesk.domain.money import Money, round_minor

EIGHTHS = " ▁▂▃▄▅▆▇█"


def whole(money: Money) -> str:
    """`12,346`: the amount to the whole unit (rounded half to even), grouped."""
    return f"{round_minor(money.amount):,}"


def right(text: str, width: int, style: str = "") -> Text:
    """A number set flush right in a column `width` cells wide."""
    return Text(text.rjust(width), style=style, no_wrap=True, overflow="ellipsis")


def _cells(minor: int, scale: int, width: int) -> int:
    return 0 if scale <= 0 else min(width, (max(minor, 0) * width + scale // 2) // scale)


def category_bar(t: CategoryTotal, scale: int, width: int) -> Text:
    """`█████▒▒░░░░░░`: actual over the estimate to date over the whole estimate."""
    est = _cells(t.estimate.minor, scale, width)
    to_date = _cells(t.estimate_to_date.minor, scale, width)
    act = _cells(t.actual.minor, scale, width)
    over = t.side is Side.EXPENSE and t.actual > t.estimate_to_date and t.actual_lines > 0
    bar = Text()
    colour = "red" if over else "green" if t.side is Side.INCOME else "blue"
    bar.append("█" * min(act, to_date) if over else "█" * act, style=colour)
    if over:
        bar.append("█" * (act - min(act, to_date)), style="bold red")
    shown = bar.cell_len
    bar.append("▒" * max(0, to_date - shown), style=colour)
    bar.append("░" * max(0, est - max(shown, to_date)), style="dim")
    if over:
        bar.append("!", style="bold red")
    return bar


def profit_chart(days: Sequence[DayProfit], width: int, height: int) -> list[Text]:
    """`height` lines of columns, one per day (several days a column when they do not
    fit, several cells a day when few): the running profit above or below the zero
    line; days still to come dim."""
    if not days or width < 4 or height < 2:
        return [Text("no budget lines yet", style="dim")]
    per = max(1, -(-len(days) // width))
    columns = [days[min(i + per - 1, len(days) - 1)] for i in range(0, len(days), per)]
    values = [c.running.minor for c in columns]
    repeat = max(1, width // len(columns))  # a few days: wider columns
    top, bottom = max(0, *values), min(0, *values)
    span = (top - bottom) or 1
    above = max(1, min(height - 1, round_minor_ratio(top, span, height)))
    below = height - above
    lines = []
    for row in range(height):
        line = Text()
        for column, value in zip(columns, values, strict=True):
            style = ("green" if value >= 0 else "red") + ("" if column.played else " dim")
            line.append(_glyph(row, above, below, value, top, bottom) * repeat, style=style)
        lines.append(line)
    return lines


def round_minor_ratio(part: int, whole_span: int, cells: int) -> int:
    return (part * cells + whole_span // 2) // whole_span


def _glyph(row: int, above: int, below: int, value: int, top: int, bottom: int) -> str:
    if row < above:  # rows above the zero line, top first
        if value <= 0 or top <= 0:
            return "▁" if row == above - 1 else " "
        eighths = (value * above * 8 + top // 2) // top
        level = eighths - (above - 1 - row) * 8
        return EIGHTHS[max(0, min(8, level))] if level > 0 else (
            "▁" if row == above - 1 else " ")
    if value >= 0 or bottom >= 0:
        return " "
    depth = (value * below * 2 + bottom // 2) // bottom  # in half cells
    level = depth - (row - above) * 2
    return "█" if level >= 2 else "▀" if level == 1 else " "
