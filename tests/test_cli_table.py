"""CLI tables line up in a terminal: widths are counted in cells, not characters."""

from rich.cells import cell_len

from tourdesk.cli.base import table


def test_wide_characters_line_up() -> None:
    text = table(("venue", "city"), [("東京ドーム", "Tokyo"), ("Paradiso", "Amsterdam"),
                                     ("🎸 Bar", "Köln"), ("Café Ångström", "Malmö")])
    lines = text.splitlines()
    starts = [cell_len(line[: line.index(city)])
              for line, city in zip(lines, ("city", "Tokyo", "Amsterdam", "Köln", "Malmö"),
                                    strict=True)]
    assert len(set(starts)) == 1, text


def test_stored_controls_do_not_reach_the_terminal() -> None:
    text = table(("venue",), [("Hall\x1b[2J",)])
    assert "\x1b" not in text
