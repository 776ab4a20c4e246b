"""Fewer bytes to the terminal for the same screen: what a phone on venue Wi-Fi receives.

Textual (through Rich) writes every styled run as `ESC[0m` followed by its whole style,
colours in 24-bit (`ESC[38;2;224;224;224;48;2;18;18;18m`), even when the run before had
the same colours, and repaints whole regions when its layout settles: four fifths of a
frame's bytes were such escapes, and the first screen was painted up to four times.
`ScreenEncoder` sits on the driver's output, keeps what each cell of the terminal shows
and the style in force, and writes only the cells a frame changes, each style as its
difference from the one before (nothing when they match, only the foreground when only
it changed). What reaches the screen is the same, cell for cell (tests/test_wire.py).
"""

from __future__ import annotations

import functools
import os
import re
import sys
import threading
from dataclasses import dataclass, field

from rich.cells import cell_len
from textual.drivers.linux_driver import LinuxDriver

# One token: a CSI sequence, an OSC string, another escape, or a run of text.
_TOKEN = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b.?|[^\x1b]+",
                    re.DOTALL)
_SGR = re.compile(r"\x1b\[([0-9;]*)m")
_MOVE = re.compile(r"\x1b\[[0-9;]*[A-GHf]")  # cursor moves: they draw nothing

_ATTRS = frozenset({1, 2, 3, 4, 5, 6, 7, 8, 9, 21, 51, 52, 53})


@dataclass(frozen=True, slots=True, eq=False)
class Rendition:
    attrs: frozenset[int] = frozenset()
    fg: tuple[int, ...] = ()
    bg: tuple[int, ...] = ()
    ul: tuple[int, ...] = ()  # underline colour
    _key: tuple = field(init=False, repr=False)
    _hash: int = field(init=False, repr=False)

    def __post_init__(self) -> None:  # every cell holds one: compare and hash fast
        key = (self.attrs, self.fg, self.bg, self.ul)
        object.__setattr__(self, "_key", key)
        object.__setattr__(self, "_hash", hash(key))

    def __eq__(self, other: object) -> bool:
        return self is other or (isinstance(other, Rendition) and self._key == other._key)

    def __hash__(self) -> int:
        return self._hash


PLAIN = Rendition()


@functools.cache
def _apply(state: Rendition, params: str) -> Rendition | None:
    """The rendition after an SGR with `params`, or None when it holds something this
    model does not know (then the sequence is passed on as it is)."""
    codes = [int(p) if p else 0 for p in params.split(";")]
    attrs, fg, bg, ul = set(state.attrs), state.fg, state.bg, state.ul
    i = 0
    while i < len(codes):
        code = codes[i]
        if code in (38, 48, 58):
            if i + 2 < len(codes) and codes[i + 1] == 5:
                colour, i = tuple(codes[i:i + 3]), i + 3
            elif i + 4 < len(codes) and codes[i + 1] == 2:
                colour, i = tuple(codes[i:i + 5]), i + 5
            else:
                return None
            if code == 38:
                fg = colour
            elif code == 48:
                bg = colour
            else:
                ul = colour
            continue
        i += 1
        if code == 0:
            attrs, fg, bg, ul = set(), (), (), ()
        elif code in _ATTRS:
            attrs.add(code)
        elif 30 <= code <= 37 or 90 <= code <= 97:
            fg = (code,)
        elif 40 <= code <= 47 or 100 <= code <= 107:
            bg = (code,)
        elif code == 39:
            fg = ()
        elif code == 49:
            bg = ()
        elif code == 59:
            ul = ()
        else:
            return None
    return Rendition(frozenset(attrs), fg, bg, ul)


def _full(state: Rendition) -> list[int]:
    return [*sorted(state.attrs), *state.fg, *state.bg, *state.ul]


@functools.cache
def transition(now: Rendition | None, wanted: Rendition) -> str:
    """The shortest simple SGR from `now` (None: unknown) to `wanted`."""
    if now == wanted:
        return ""
    if now is None or now.attrs - wanted.attrs:  # switching one off: start again
        codes = [0, *_full(wanted)]
    else:
        codes = sorted(wanted.attrs - now.attrs)
        if wanted.fg != now.fg:
            codes += wanted.fg or (39,)
        if wanted.bg != now.bg:
            codes += wanted.bg or (49,)
        if wanted.ul != now.ul:
            codes += wanted.ul or (59,)
        if len(codes) > len(_full(wanted)) + 1:  # resetting is shorter
            codes = [0, *_full(wanted)]
    return "\x1b[" + ";".join(map(str, codes)) + "m"


_CUP = re.compile(r"\x1b\[(\d*);?(\d*)H")
_CONTROL = re.compile(r"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f]")  # but CR and LF
# Escapes that change no cell: modes but the alternate screen, OSC strings, queries
_KEEPS_CELLS = re.compile(r"\x1b\[\?(?!(?:47|1047|1049)[hl])[\d;]*[hl]|\x1b\].*"
                          r"|\x1b\[[\d;?>=<$]*[pu]", re.DOTALL)
Cell = tuple[str, Rendition]
_WIDE = ""  # the cell a wide character's right half covers


class ScreenEncoder:
    """Also remembers what each cell of the terminal shows, and leaves out of a frame
    the cells that already show it: a repaint of an unchanged header, footer or row
    costs nothing, a changed row only its changed cells. Textual draws with cursor
    moves, styles and text (autowrap off), ending a row with CR LF and a cursor move
    (never on the last row, so nothing scrolls): CR and LF are taken as the moves they
    are. Anything else is passed on in order, and
    one that could change cells this does not follow (a clear, the alternate screen, a
    control or combining character) makes it forget the screen, as does a resize, so
    the next frame is written whole."""

    def __init__(self) -> None:
        self._screen: dict[tuple[int, int], Cell] = {}
        self._on_terminal: Rendition | None = None
        self._cursor: tuple[int, int] | None = None  # where the terminal's cursor is
        self._lock = threading.Lock()

    def forget(self) -> None:
        with self._lock:
            self._forget()

    def _forget(self) -> None:
        self._screen.clear()
        self._on_terminal = self._cursor = None

    def encode(self, data: str) -> str:
        with self._lock:
            return self._encode(data)

    def _encode(self, data: str) -> str:
        out: list[str] = []
        frame: dict[tuple[int, int], Cell] = {}  # the cells drawn since the last flush
        wanted = self._on_terminal or PLAIN
        row, col = self._cursor or (1, 1)
        # where the cursor is, unknown (at the start, after a screen switch or a clear)
        # until a move of Textual's says
        lost = self._cursor is None
        for found in _TOKEN.finditer(data):
            token = found.group()
            if (sgr := _SGR.fullmatch(token)) is not None:
                after = _apply(wanted, sgr.group(1))
                if after is None:  # not modelled: the rest as written
                    return self._verbatim(frame, out, data[found.start():], (row, col))
                wanted = after
            elif (cup := _CUP.fullmatch(token)) is not None:
                row, col = int(cup.group(1) or 1), int(cup.group(2) or 1)
                lost = False
            elif ((token.startswith("\x1b[") and token.endswith("m"))  # an SGR with ":"
                  or _MOVE.fullmatch(token) is not None):  # a relative move: not followed
                return self._verbatim(frame, out, data[found.start():], (row, col))
            elif not token.startswith("\x1b"):
                if lost or _CONTROL.search(token):
                    return self._verbatim(frame, out, data[found.start():], (row, col))
                if token.isascii():  # one cell a character: the common case, quickly
                    for char in token:
                        if char == "\n":
                            row += 1
                        elif char == "\r":
                            col = 1
                        else:
                            frame[(row, col)] = (char, wanted)
                            col += 1
                    continue
                if any(cell_len(c) == 0 and c not in "\r\n" for c in token):
                    return self._verbatim(frame, out, data[found.start():], (row, col))
                for char in token:
                    if char in "\r\n":  # Textual ends a row so; a cursor move follows
                        row, col = (row + 1, col) if char == "\n" else (row, 1)
                        continue
                    width = cell_len(char)
                    frame[(row, col)] = (char, wanted)
                    if width == 2:
                        frame[(row, col + 1)] = (_WIDE, wanted)
                    col += width
            else:  # draw what came before, then pass it on
                self._flush(frame, out, None if lost else (row, col))
                frame = {}
                out.append(transition(self._on_terminal, wanted))
                self._on_terminal = wanted
                out.append(token)
                if _KEEPS_CELLS.fullmatch(token) is None:
                    self._forget()
                    self._on_terminal = wanted
                    # the screen left (leaving the alternate screen puts back the cursor
                    # it had): no move of ours may follow, or a line printed after the
                    # app has gone lands over the one before
                    lost = True
        self._flush(frame, out, None if lost else (row, col))
        out.append(transition(self._on_terminal, wanted))
        self._on_terminal = wanted
        return "".join(out)

    def _verbatim(self, frame: dict[tuple[int, int], Cell], out: list[str], rest: str,
                  at: tuple[int, int] | None) -> str:
        self._flush(frame, out, at)
        out.append(rest)
        self._forget()
        return "".join(out)

    def _flush(self, frame: dict[tuple[int, int], Cell], out: list[str],
               cursor: tuple[int, int] | None) -> None:
        """Write the cells of `frame` the terminal does not already show, then put the
        cursor where Textual left it (None: leave it where the terminal has it)."""
        screen = self._screen
        for (row, col), cell in sorted(frame.items()):
            char, rendition = cell
            if char == _WIDE:
                continue  # drawn with its left half
            wide = frame.get((row, col + 1), (None,))[0] == _WIDE
            if screen.get((row, col)) == cell and (
                    not wide or screen.get((row, col + 1)) == frame[(row, col + 1)]):
                continue
            self._move(row, col, out)
            out.append(transition(self._on_terminal, rendition))
            self._on_terminal = rendition
            out.append(char)
            # a character over half of a wide one blanks its other half
            if screen.get((row, col), (None,))[0] == _WIDE:
                screen.pop((row, col - 1), None)
            if not wide and screen.get((row, col + 1), (None,))[0] == _WIDE:
                screen.pop((row, col + 1), None)
            screen[(row, col)] = cell
            if wide:
                screen[(row, col + 1)] = frame[(row, col + 1)]
            self._cursor = (row, col + (2 if wide else 1))
        if cursor is not None:
            self._move(*cursor, out)

    def _move(self, row: int, col: int, out: list[str]) -> None:
        if self._cursor == (row, col):
            return
        if self._cursor is not None and self._cursor[0] == row and col > self._cursor[1]:
            out.append(f"\x1b[{col - self._cursor[1]}C")  # on along the same row
        else:
            out.append(f"\x1b[{row};{col}H")
        self._cursor = (row, col)


class ThinLinuxDriver(LinuxDriver):
    """Textual's terminal driver, writing through a `ScreenEncoder`."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]  # Textual's own arguments, passed on
        self._encoder = ScreenEncoder()
        self._size: os.terminal_size | None = None

    def write(self, data: str) -> None:
        # A resized terminal may have dropped or rewrapped cells: forget them. Checked
        # here (one ioctl) because Textual posts SIGWINCH's resize straight to the app.
        try:
            out = sys.__stderr__.fileno() if sys.__stderr__ else 2  # Textual's output
            size = os.get_terminal_size(out)
        except (OSError, AttributeError, ValueError):
            size = None
        if size != self._size:
            self._size = size
            self._encoder.forget()
        super().write(self._encoder.encode(data))
