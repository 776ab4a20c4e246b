"""The wall chart on its own: 25 people by 60 days at 80x24, moved by keys, wheel and
clicks. What matters: the cursor's cell is always on screen under its day's header,
days scroll whole, the label column and the fixed row stay put."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import App, ComposeResult

from tourdesk.tui.widgets.wall_chart import WallChart

from tui_helpers import screen_text

PEOPLE, DAYS = 25, 60


def _cell(person: int, day: int) -> Text:
    return Text(f"{person % 10}{day:02d}")  # 3 characters: row digit and day number


class ChartApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.moves = 0
        self.selected = 0

    def compose(self) -> ComposeResult:
        yield WallChart(on_move=self._moved, label_width=10, fixed_rows=1)

    def _moved(self) -> None:
        self.moves += 1

    def on_wall_chart_selected(self) -> None:
        self.selected += 1

    def on_mount(self) -> None:
        chart = self.query_one(WallChart)
        chart.set_days([Text(f"D\n{d:02d}") for d in range(DAYS)], Text("corner"))
        rows = [("fixed", (Text("needs"), *[Text("ok") for _ in range(DAYS)]))]
        rows += [(f"p{p}", (Text(f"person {p}"), *[_cell(p, d) for d in range(DAYS)]))
                 for p in range(PEOPLE)]
        chart.sync(rows)
        chart.focus()


def _lines(pilot) -> list[str]:
    return screen_text(pilot).splitlines()


def _shown_days(lines: list[str]) -> list[str]:
    """The day numbers on the header's second line (after the corner)."""
    return lines[1][10:].split()


async def test_arrow_keys_keep_the_cursor_on_screen_and_days_whole():
    app = ChartApp()
    async with app.run_test(size=(80, 24)) as pilot:
        chart = app.query_one(WallChart)
        await pilot.press("down")  # first person
        for step in range(DAYS + 5):  # beyond the last day: the cursor stops there
            lines = _lines(pilot)
            day = chart.cursor_column - 1
            shown = _shown_days(lines)
            assert f"{day:02d}" in shown, (step, shown)
            assert all(len(d) == 2 for d in shown)  # no day cut in half
            row_text = next(line for line in lines if line.startswith(
                f"person {chart.cursor_row - 1}"))
            assert f"{(chart.cursor_row - 1) % 10}{day:02d}" in row_text
            await pilot.press("right")
        assert chart.cursor_column == DAYS
        assert _shown_days(_lines(pilot))[-1] == f"{DAYS - 1:02d}"
        assert "◀" in _lines(pilot)[1]  # days hidden to the left are counted
        for _ in range(PEOPLE + 3):
            await pilot.press("down")
        lines = _lines(pilot)
        assert chart.cursor_row == PEOPLE  # the last person
        assert lines[2].startswith("needs")  # the fixed row stayed under the header
        assert any(line.startswith(f"person {PEOPLE - 1}") for line in lines)
        assert not any(line.startswith("person 0 ") for line in lines)  # scrolled past
        await pilot.press("home")
        assert chart.cursor_column == 1 and _shown_days(_lines(pilot))[0] == "00"


async def test_the_fixed_row_takes_the_cursor_without_scrolling():
    app = ChartApp()
    async with app.run_test(size=(80, 24)) as pilot:
        chart = app.query_one(WallChart)
        for _ in range(PEOPLE):
            await pilot.press("down")
        before = [line for line in _lines(pilot) if line.startswith("person")]
        chart.move_cursor(row=0)
        await pilot.pause()
        assert [line for line in _lines(pilot) if line.startswith("person")] == before
        assert chart.current_key() == "fixed"


async def test_click_moves_then_selects_and_the_wheel_scrolls():
    app = ChartApp()
    async with app.run_test(size=(80, 24)) as pilot:
        chart = app.query_one(WallChart)
        moves = app.moves
        await pilot.click(WallChart, offset=(10 + 4 * 3 + 1, 2 + 1 + 4))  # 4th day, 5th person
        assert chart.cursor_coordinate == (5, 4) and app.moves == moves + 1
        assert app.selected == 0
        await pilot.click(WallChart, offset=(10 + 4 * 3 + 1, 2 + 1 + 4))
        await pilot.pause()
        assert app.selected == 1
        await pilot.click(WallChart, offset=(3, 5))  # the label column: nothing happens
        assert chart.cursor_coordinate == (5, 4)
        for _ in range(4):  # the wheel, as the terminal reports it
            chart.post_message(events.MouseScrollDown(chart, 20, 10, 0, 1, 0, False, False,
                                                      False))
        await pilot.pause()
        lines = _lines(pilot)
        assert not any(line.startswith("person 0 ") for line in lines)
        assert any(line.startswith(f"person {chart.cursor_row - 1}") for line in lines)


async def test_a_changed_cell_is_redrawn_and_the_cursor_keeps_its_row():
    app = ChartApp()
    async with app.run_test(size=(80, 24)) as pilot:
        chart = app.query_one(WallChart)
        chart.move_cursor(row=3, column=2)
        rows = [("fixed", (Text("needs"), *[Text("ok") for _ in range(DAYS)]))]
        people = [(f"p{p}", (Text(f"person {p}"), *[_cell(p, d) for d in range(DAYS)]))
                  for p in range(PEOPLE)]
        people[2] = ("p2", (Text("person 2"), Text("XX"), *people[2][1][2:]))
        chart.sync(rows + people)
        await pilot.pause()
        assert "XX" in next(line for line in _lines(pilot) if line.startswith("person 2"))
        chart.sync(rows + people[:1] + people[2:])  # person 1 leaves: the cursor follows p2
        await pilot.pause()
        assert chart.current_key() == "p2"
