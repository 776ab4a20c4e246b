"""Forgiving search for lists people type into on a phone: accents and case do not
matter, every word of the query must appear, and a word may be typed with letters
missing ("paradso" finds Paradiso, "koln" finds Köln)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")


def fold(text: str) -> str:
    """Lower case without accents: `Köln` -> `koln`, `Øya` -> `øya` (ø has no base
    letter in Unicode, so it stays)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _word_score(word: str, hay: str) -> float:
    """3 for a word that starts a word of the text, 2 for one inside it, less for the
    letters in order with gaps, 0 when they are not all there."""
    at = hay.find(word)
    if at >= 0:
        return 3.0 if at == 0 or not hay[at - 1].isalnum() else 2.0
    pos, first, last = -1, -1, -1
    for ch in word:
        pos = hay.find(ch, pos + 1)
        if pos < 0:
            return 0.0
        first = pos if first < 0 else first
        last = pos
    spread = last - first + 1
    return len(word) / spread  # 1.0 when adjacent, smaller as the letters spread out


def score(query: str, text: str) -> float:
    """How well `text` matches `query`; 0 when some query word is not in it."""
    hay = fold(text)
    total = 0.0
    for word in re.split(r"\s+", fold(query).strip()):
        if not word:
            continue
        found = _word_score(word, hay)
        if found <= 0.3:  # letters so far apart they are chance
            return 0.0
        total += found
    return total


def ranked(query: str, records: Iterable[T], text: Callable[[T], str]) -> list[T]:
    """The records matching `query`, best first (ties keep their order); every record
    when the query is empty."""
    rows = list(records)
    if not query.strip():
        return rows
    scored = [(score(query, text(r)), n, r) for n, r in enumerate(rows)]
    return [r for s, _, r in sorted((x for x in scored if x[0] > 0),
                                    key=lambda x: (-x[0], x[1]))]
