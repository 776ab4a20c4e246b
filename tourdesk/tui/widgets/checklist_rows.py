"""A checklist as table rows: a header row per case with its progress, then its entries.

Pure functions of the data, so a tick re-renders only the rows whose text changed
(SyncedTable updates those cells in place).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from rich.text import Text

from tourdesk.domain.inventory import EntryState
from tourdesk.domain.localtime import local_clock
from tourdesk.store.checklists import ChecklistView, Counts, Entry, Flag, count, held_by_case
from tourdesk.tui.widgets.cells import plain
from tourdesk.tui.widgets.synced_table import Cells

STATE_STYLE = {
    EntryState.PENDING: "",
    EntryState.DONE: "green",
    EntryState.MISSING: "bold red",
    EntryState.DAMAGED: "bold yellow",
    EntryState.NA: "dim",
}

NARROW, NORMAL, WIDE = "narrow", "normal", "wide"

COLUMNS = {
    NARROW: [("", 2), ("Item", None), ("By", 7)],
    NORMAL: [("", 2), ("Item", None), ("Serial", 12), ("By", 10)],
    WIDE: [("", 2), ("Item", None), ("Serial", 14), ("Qty", 4), ("By", 16), ("Note", 24)],
}


def tier_for(width: int) -> str:
    return WIDE if width >= 110 else NORMAL if width >= 70 else NARROW


def bar(counts: Counts, width: int = 10) -> Text:
    """▰▰▰▱▱: the share done or n/a (a missing or damaged item never fills it); red
    when something is missing or damaged."""
    if not counts.total:
        return Text("")
    filled = round(width * (counts.done + counts.na) / counts.total)
    if filled == width and counts.done + counts.na < counts.total:
        filled -= 1  # 399 of 400: not full
    style = "red" if counts.missing or counts.damaged else "green"
    return Text("▰" * filled, style=style) + Text("▱" * (width - filled), style="dim")


def progress_line(view: ChecklistView, shown: int) -> Text:
    c = count(view.entries)
    line = Text.assemble(bar(c, 12), f" {c.done + c.na}/{c.total}", ("  ✓", "green"),
                         f"{c.done}")
    if c.missing:
        line += Text.assemble(("  ?", "bold red"), f"{c.missing} missing")
    if c.damaged:
        line += Text.assemble(("  !", "bold yellow"), f"{c.damaged} damaged")
    if c.na:
        line += Text(f"  –{c.na} n/a", style="dim")
    if shown != c.total:
        line += Text(f"  (showing {shown})", style="italic")
    return line


def matches(entry: Entry, needle: str) -> bool:
    if not needle:
        return True
    hay = f"{entry.label} {entry.serial} {entry.case_number} {entry.case_name}".casefold()
    return all(word in hay for word in needle.casefold().split())


def rows(view: ChecklistView, needle: str, tier: str) -> list[tuple[str, Cells]]:
    out: list[tuple[str, Cells]] = []
    by_case: dict[str, list[Entry]] = {}
    for e in view.entries:
        by_case.setdefault(e.case_number, []).append(e)
    entries = [e for e in view.entries if matches(e, needle)] if needle else view.entries
    zone = view.checklist.timezone
    # One group per case, in order of first appearance, even if a day's list has the
    # same case in two places (free lines stay where they are, after their case).
    groups: dict[tuple[str, str], list[Entry]] = {}
    for e in entries:
        groups.setdefault((e.case_number, e.case_name) if e.case_number else ("", ""),
                          []).append(e)
    held = held_by_case(view)
    for case, group in groups.items():
        if case != ("", ""):
            out.append((f"case:{case[0]}", _case_cells(case, count(by_case[case[0]]), tier,
                                                       held.get(case[0], ""))))
        out += [(f"e:{e.id}", _entry_cells(e, tier, zone, _flag(view, e))) for e in group]
    return out


def _flag(view: ChecklistView, e: Entry) -> Flag | None:
    return view.flags.get(e.item_id) if e.item_id is not None else None


def changed_rows(view: ChecklistView, changed: Sequence[Entry], tier: str
                 ) -> list[tuple[str, Cells]]:
    """Just the rows a change touches: the entries and the headers of their cases."""
    zone = view.checklist.timezone
    out = [(f"e:{e.id}", _entry_cells(e, tier, zone, _flag(view, e))) for e in changed]
    held = held_by_case(view)
    for case in {(e.case_number, e.case_name) for e in changed if e.case_number}:
        everyone = [e for e in view.entries if e.case_number == case[0]]
        out.append((f"case:{case[0]}", _case_cells(case, count(everyone), tier,
                                                   held.get(case[0], ""))))
    return out


def _case_cells(case: tuple[str, str], c: Counts, tier: str, held: str = "") -> Cells:
    title = plain(f"{case[0]}  {case[1]}", "bold")
    if held:  # why a case tick left some of it pending: "1 missing since 19 Oct, Paris"
        title += plain(f" · {held}", "red")
    # A case is complete when every item is done or n/a: a missing or damaged item keeps
    # it short of full and says so ("3/4 ?1"), whatever the bar shows.
    good = c.done + c.na
    tally = Text(f"{good}/{c.total}", style="bold green" if good == c.total else "bold")
    if c.missing:
        tally += Text(f" ?{c.missing}", style="bold red")
    if c.damaged:
        tally += Text(f" !{c.damaged}", style="bold yellow")
    mark = Text("▾", style="bold")
    if tier == NARROW:
        return (mark, title, tally)
    if tier == NORMAL:
        return (mark, title, bar(c), tally)
    return (mark, title, bar(c), Text(""), tally, Text(""))


@lru_cache(maxsize=2048)
def _entry_cells(e: Entry, tier: str, zone: str, flag: Flag | None) -> Cells:
    """Cells of one entry; cached, since an unchanged entry (a frozen record) always
    looks the same: filtering and redraws re-use them instead of rebuilding 600 rows."""
    style = STATE_STYLE[e.state]
    mark = Text(e.state.mark, style=style)
    label = plain(f"  {e.label}" + (f" ×{e.quantity}" if e.quantity > 1 and tier != WIDE else ""),
                  "dim" if e.state is EntryState.NA else "")
    if tier == NARROW and e.serial:  # no Serial column: four lamps of one model differ here
        label += plain(f" #{e.serial}", "dim")
    if e.note and tier != WIDE:  # the wide list has a Note column; here it comes before
        label += plain(f" · {e.note}", "italic")  # the flag's date, which a cut may lose
    if flag is not None:  # the mark in front survives a narrow column; the date may not
        label = Text(f"⚑{flag.kind.mark}", style="bold red") + label + Text(
            f" {flag.kind.value} since {flag.raised_on:%d %b}", style="red")
    who = plain(_who(e, tier, zone), "dim")
    if tier == NARROW:
        return (mark, label, who)
    serial = plain(e.serial, "dim")
    if tier == NORMAL:
        return (mark, label, serial, who)
    return (mark, label, serial, plain(e.quantity if e.quantity > 1 else ""), who, plain(e.note))


def _who(e: Entry, tier: str, zone: str) -> str:
    """Who ticked it, and (when wide) at what time on the venue's clock."""
    if not e.set_by:
        return ""
    if tier != WIDE:
        return e.set_by[: 7 if tier == NARROW else 10]
    return f"{e.set_by[:10]} {local_clock(e.set_at or '', zone):%H:%M}"


def entry_ids_in_case(view: ChecklistView, case_number: str,
                      states: Sequence[EntryState]) -> list[int]:
    return [e.id for e in view.entries if e.case_number == case_number and e.state in states]
