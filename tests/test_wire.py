"""The terminal's output encoder: fewer bytes, the same screen, cell for cell.

A small model of a terminal (cursor moves, CR/LF, SGR, text with wide characters) reads
what Textual would have written and what the encoder writes instead; the cells and the
cursor must come out the same after every write.
"""

from __future__ import annotations

import re

from rich.cells import cell_len

from tourdesk.tui.wire import _SGR, _TOKEN, PLAIN, ScreenEncoder, _apply

RESET, BLUE_ON_GREY = "\x1b[0m", "\x1b[38;2;224;224;224;48;2;18;18;18m"
BOLD_BLUE_ON_GREY = "\x1b[1;38;2;224;224;224;48;2;18;18;18m"


class Term:
    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], tuple[str, object]] = {}
        self.row, self.col, self.style = 1, 1, PLAIN

    def feed(self, data: str) -> None:
        for token in _TOKEN.findall(data):
            if sgr := _SGR.fullmatch(token):
                self.style = _apply(self.style, sgr.group(1))
            elif cup := re.fullmatch(r"\x1b\[(\d*);?(\d*)H", token):
                self.row, self.col = int(cup.group(1) or 1), int(cup.group(2) or 1)
            elif forward := re.fullmatch(r"\x1b\[(\d*)C", token):
                self.col += int(forward.group(1) or 1)
            elif token == "\x1b[2J":
                self.cells.clear()
            elif not token.startswith("\x1b"):
                for char in token:
                    if char in "\r\n":
                        self.row, self.col = ((self.row + 1, self.col) if char == "\n"
                                              else (self.row, 1))
                        continue
                    self.cells[(self.row, self.col)] = (char, self.style)
                    if cell_len(char) == 2:
                        self.cells[(self.row, self.col + 1)] = ("", self.style)
                    self.col += cell_len(char)


def _row(y: int, text: str, style: str = BLUE_ON_GREY) -> str:
    return f"\x1b[{y};1H{style}{text}{RESET}"


def _same_screen(*writes: str) -> int:
    """Bytes the encoder wrote for `writes`, checking the screen after each."""
    encoder, plain, thin, sent = ScreenEncoder(), Term(), Term(), 0
    for data in writes:
        out = encoder.encode(data)
        plain.feed(data)
        thin.feed(out)
        assert thin.cells == plain.cells and (thin.row, thin.col) == (plain.row, plain.col)
        assert thin.style == plain.style
        sent += len(out.encode())
    return sent


def test_a_repaint_of_what_is_shown_costs_a_cursor_move():
    frame = "".join(_row(y, f"row {y} " * 8) for y in range(1, 24)) + "\x1b[24;80H"
    encoder = ScreenEncoder()
    first = encoder.encode(frame)
    assert len(first) < len(frame)
    assert encoder.encode(frame) == ""  # the cursor is already there, every cell too
    assert _same_screen(frame, frame, frame) == len(first.encode())


def test_a_changed_row_sends_only_its_changed_cells_and_styles():
    before = _row(3, " ·     DW 9300 snare stand ×2          ") + "\x1b[1;1H"
    after = _row(3, " ·     DW 9500 snare stand ×2          ") + "\x1b[1;1H"
    bolder = _row(3, " ·     DW 9500 snare stand ×2          ", BOLD_BLUE_ON_GREY)
    _same_screen(before, after, bolder, before)
    out = ScreenEncoder()
    out.encode(before)
    again = out.encode(after)
    assert "snare" not in again and "5" in again and len(again) < 60


def test_style_runs_keep_what_they_share():
    frame = f"\x1b[1;1H{BLUE_ON_GREY}ab{RESET}\x1b[38;2;153;153;153;48;2;18;18;18mcd{RESET}"
    out = ScreenEncoder().encode(frame)
    assert "\x1b[38;2;153;153;153m" in out and out.count("48;2;18;18;18") == 1
    _same_screen(frame)


def test_rows_ended_with_cr_lf_and_wide_characters():
    frame = (f"\x1b[1;1H{BLUE_ON_GREY}名前 ab{RESET}\r\n\x1b[2;1H{BLUE_ON_GREY}x y{RESET}"
             "\x1b[2;4H")
    changed = f"\x1b[1;1H{BLUE_ON_GREY}名札 ab{RESET}\r\n\x1b[2;1H{BLUE_ON_GREY}x z{RESET}"
    _same_screen(frame, changed, frame)


def test_what_it_does_not_follow_makes_it_start_again():
    frame = _row(1, "hello") + "\x1b[1;1H"
    encoder = ScreenEncoder()
    encoder.encode(frame)
    cleared = encoder.encode("\x1b[2J")  # a clear: nothing on screen is known any more
    assert cleared.startswith("\x1b[2J") and "hello" in encoder.encode(frame)
    encoder.forget()  # a resize
    assert "hello" in encoder.encode(frame)
    odd = _row(2, "a") + "\x1b[3:4mwavy\x1b[0m" + _row(3, "b")  # an SGR it does not model
    assert "\x1b[3:4mwavy" in ScreenEncoder().encode(odd)
    _same_screen(frame, "\x1b[?25l", frame, "\x1b[?1049h", frame)


def test_leaving_the_screen_sends_no_move_after_it():
    """Textual's last write leaves the alternate screen, which puts back the cursor the
    shell had: a move of ours after it would put the line printed next (a session that
    ended: why) over what was on the screen, half of it lost."""
    encoder = ScreenEncoder()
    encoder.encode(_row(1, "list") + "\x1b[1;3H")
    leaving = f"{RESET}\x1b[?2004l\x1b[?7h\x1b[<u\x1b[?1049l\x1b[?25h\x1b[?1004l"
    # (Textual writes the leaving sequence in several writes: each is checked)
    out = "".join(encoder.encode(part) for part in re.findall(r"\x1b\[[^a-zA-Z]*[a-zA-Z]",
                                                                leaving))
    after = out[out.index("\x1b[?1049l"):]
    assert re.search(r"\x1b\[\d*;?\d*H", after) is None, repr(after)
    assert out.endswith("\x1b[?25h\x1b[?1004l")
    # a frame after it (the app comes back) is drawn whole, from its own moves
    assert "list" in encoder.encode(_row(1, "list") + "\x1b[1;3H")
