"""User text is data: clean it on the way in, make it inert on the way out."""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, and the C1 block (0x80-0x9f, which some
# terminals treat as escape introducers, e.g. 0x9b as CSI).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile(r"[\r\n\t\u2028\u2029]+")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # U+2400 block: a visible picture of the control, e.g. ␛
    return "\u2421" if code == 0x7F else "\ufffd"  # C1 and bidi overrides: a visible box


def printable(value: object, *, single_line: bool = True) -> str:
    """Text safe to put on anyone's terminal: no control or escape sequence survives."""
    text = "" if value is None else str(value)
    if single_line:
        text = _LINE_BREAKS.sub(" ", text)
    return _CONTROL.sub(_picture, text)


def clean_input(value: str | None, *, multiline: bool = False) -> str:
    """What we store from a form or a file: stripped, controls made visible."""
    text = (value or "").strip()
    if not multiline:
        text = _LINE_BREAKS.sub(" ", text)
    return _CONTROL.sub(_picture, text.replace("\r\n", "\n"))
