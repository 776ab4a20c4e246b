"""What a change to a checklist entry does to its item's missing/damaged flags.

A flag records that an item was missing or damaged on a day, and stays open until
someone closes it on purpose, with a note saying how (`resolve`). The rules:

- Marking an entry missing or damaged raises a flag of that kind, unless one is open.
- Taking back a mark on the entry that raised it (to pending, n/a or the other mark,
  or an undo) is a correction: the flag moves to another entry that still says so, or
  closes as "corrected".
- A tick never closes a flag. A bulk tick (a whole case, several lines) leaves an
  entry whose item has an open flag as it is, and says why ("missing since 19 Oct,
  Paris"). A single tick to done of an item that is missing is refused: the flag must
  be closed first. A damaged item may be ticked on its own (it travels; its flag stays).

Pure: the store reads the facts inside its write transaction, asks `plan`, and runs
the operations it gets back.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from tourdesk.domain.inventory import FLAG_STATES, EntryState

TICKS = (EntryState.DONE, EntryState.NA)  # what a bulk tick may set


@dataclass(frozen=True, slots=True)
class OpenFlag:
    id: int
    kind: EntryState  # MISSING or DAMAGED
    entry_id: int | None  # the entry whose mark raised it (None once that entry is gone)
    raised_on: date
    place: str = ""  # the city of the day it was raised

    @property
    def words(self) -> str:
        """`missing since 19 Oct, Paris`."""
        return since_words(self.kind, self.raised_on, self.place)


@dataclass(frozen=True, slots=True)
class Change:
    entry_id: int
    old: EntryState
    new: EntryState
    bulk: bool = False  # part of a case tick or a tick of several lines
    undo: bool = False  # taking back an earlier change


@dataclass(frozen=True, slots=True)
class Raise:
    kind: EntryState


@dataclass(frozen=True, slots=True)
class Move:
    flag_id: int
    to_entry: int


@dataclass(frozen=True, slots=True)
class Close:
    flag_id: int
    resolution: str


FlagOp = Raise | Move | Close


@dataclass(frozen=True, slots=True)
class Plan:
    """Either operations to run with the change, or why the entry stays as it is:
    `held` (a bulk tick goes on without it) or `refused` (a single change stops)."""

    ops: tuple[FlagOp, ...] = ()
    held: str = ""
    refused: str = ""

    @property
    def goes_ahead(self) -> bool:
        return not (self.held or self.refused)


def since_words(kind: EntryState, raised_on: date, place: str = "") -> str:
    where = f", {place}" if place else ""
    return f"{kind.value} since {raised_on.day} {raised_on:%b}{where}"


def plan(change: Change, flags: Sequence[OpenFlag],
         still_marked: Mapping[EntryState, int] | None = None) -> Plan:
    """The flag operations for `change`, given the item's open `flags` and, per mark,
    another entry of the same item that still carries it (`still_marked`)."""
    old, new = change.old, change.new
    if old is new:
        return Plan()
    still_marked = still_marked or {}
    ops: list[FlagOp] = []
    closed: set[int] = set()
    if old in FLAG_STATES and (new is not EntryState.DONE or change.undo):
        for flag in flags:  # a correction of this entry's own mark
            if flag.kind is old and flag.entry_id == change.entry_id:
                other = still_marked.get(old)
                if other is not None:
                    ops.append(Move(flag.id, other))
                else:
                    ops.append(Close(flag.id, "corrected"))
                    closed.add(flag.id)
    remaining = [f for f in flags if f.id not in closed]
    if change.bulk and new in TICKS and remaining and not change.undo:
        return Plan(held=reason(remaining))
    missing = [f for f in remaining if f.kind is EntryState.MISSING]
    if new is EntryState.DONE and missing and not change.undo:
        flag = missing[0]
        return Plan(refused=f"{flag.words} (flag {flag.id}): close the flag with a note "
                            "first, saying where it was found")
    if new in FLAG_STATES and not any(f.kind is new for f in remaining):
        ops.append(Raise(new))
    return Plan(tuple(ops))


def reason(flags: Iterable[OpenFlag]) -> str:
    """One item's open flags in words: `missing since 19 Oct, Paris`."""
    return "; ".join(f.words for f in sorted(flags, key=_order))


def case_reason(held: Iterable[Sequence[OpenFlag]]) -> str:
    """Several held items in words, counted: `2 missing since 19 Oct, Paris;
    1 damaged since 20 Oct, Brussels`. Each item counts once, under its first flag."""
    counts = Counter(_words_key(sorted(flags, key=_order)[0]) for flags in held if flags)
    return "; ".join(f"{n} {words}" for (_, words), n in sorted(counts.items()))


def _order(flag: OpenFlag) -> tuple[int, date, int]:
    return (0 if flag.kind is EntryState.MISSING else 1, flag.raised_on, flag.id)


def _words_key(flag: OpenFlag) -> tuple[tuple[int, date], str]:
    return ((0 if flag.kind is EntryState.MISSING else 1, flag.raised_on), flag.words)
