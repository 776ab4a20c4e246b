"""The tick-off screen, made for a loading dock and a phone.

Space or Enter ticks the highlighted entry (a tap does too); on a case's header row
it ticks every pending entry of the case. m, d and x mark missing, damaged and n/a
(pressing the same key again returns the entry to pending); e writes a note; u takes
back your last change; / filters. Every change is committed before it shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.widgets import Footer, Header, Static

from tourdesk.domain.access import Capability
from tourdesk.domain.inventory import FLAG_STATES, EntryState
from tourdesk.domain.text import printable
from tourdesk.store import checklists
from tourdesk.store.checklists import ChecklistView, Entry, Flag
from tourdesk.tui import keymap
from tourdesk.tui.live import TICKS, watches
from tourdesk.tui.modals.prompt import Confirm, TextPrompt
from tourdesk.tui.screens.base import DataScreen
from tourdesk.tui.widgets import checklist_rows
from tourdesk.tui.widgets.filter_box import FilterBox
from tourdesk.tui.widgets.line_list import LineList


class ChecklistTable(LineList):
    """The entries: only the lines on screen are drawn, so filtering 600 entries costs
    the same as filtering 20. A tap on a line puts the cursor there; a tap on its tick
    box ticks it."""


@dataclass(frozen=True, slots=True)
class Moved:
    """Colleagues' ticks since the list was read: just the entries that moved."""

    entries: list[Entry]
    flags: dict[int, Flag]


class ChecklistScreen(DataScreen[ChecklistView | Moved]):
    BINDINGS = keymap.CHECKLIST
    ACTION_NEEDS = {
        "toggle": Capability.TICK, "mark": Capability.TICK, "note": Capability.TICK,
        "undo": Capability.TICK, "add": Capability.WRITE_EQUIPMENT,
        "remove": Capability.WRITE_EQUIPMENT, "resolve": Capability.WRITE_EQUIPMENT,
    }
    WATCHES = watches("checklists", "items", "gig_days", also=TICKS)
    FOOTER_LATE = frozenset({"filter"})  # tick, marks, note, undo and help fit 60 columns
    LEAVE_WHEN_GONE = True
    AUTO_FOCUS = "#entries"

    def __init__(self, checklist_id: int) -> None:
        super().__init__()
        self.checklist_id = checklist_id
        self.loaded: ChecklistView | None = None
        self.drawn_filter = ""  # the filter text the table shows the result of
        self._tier = ""
        self._shown = 0
        self._ticks_only = False  # the next load fetches only the entries that moved

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="progress")
        yield FilterBox("filter: name, serial or case", "#entries")
        yield ChecklistTable(id="entries")
        yield Footer()

    def refresh_for(self, tables: frozenset[str] | None) -> None:
        """Colleagues ticking the same list (the common case at a loading dock) cost a
        scan of versions and the moved rows, not a read of the whole list."""
        self._ticks_only = tables is not None and not tables & (self.WATCHES - TICKS)
        self.reload()

    def load(self) -> ChecklistView | Moved:
        shown, self._ticks_only = (self.loaded if self._ticks_only else None), False
        if shown is not None:
            moved = checklists.changed_entries(self.store, self.checklist_id,
                                               {e.id: e.version for e in shown.entries})
            if moved is not None:
                return Moved(*moved)
        return checklists.view(self.store, self.checklist_id)

    def show(self, data: ChecklistView | Moved) -> None:
        if isinstance(data, Moved):
            self._take(data.entries, data.flags)
            return
        self.loaded = data
        c = data.checklist
        self.sub_title = f"{printable(c.name)} · {c.gig_date:%a %d %b} · {printable(c.place)}"
        self._draw()

    # -- drawing --

    def _draw(self) -> None:
        if self.loaded is None:
            return
        table = self.query_one(ChecklistTable)
        tier = checklist_rows.tier_for(self.size.width)
        if tier != self._tier:
            table.set_columns(checklist_rows.COLUMNS[tier], self.size.width)
            self._tier = tier
        needle = self.query_one(FilterBox).value
        rows = checklist_rows.rows(self.loaded, needle, tier)
        table.sync(rows)
        self.drawn_filter = needle
        self._shown = sum(1 for key, _ in rows if key.startswith("e:"))
        self._progress()

    def _progress(self, note: str = "") -> None:
        """The list's progress, with a passing note after it (gone at the next change)."""
        if self.loaded is None:
            return
        line = checklist_rows.progress_line(self.loaded, self._shown)
        if note:
            line += Text(f"  · {printable(note)}", style="italic")
        self.query_one("#progress", Static).update(line, layout=False)  # one line, fixed

    def on_resize(self, event: events.Resize) -> None:
        self._draw()

    def _take(self, entries: list[Entry], flags: dict[int, Flag] | None = None) -> None:
        """Put committed entries (and the list's open flags, when given) on screen:
        only their rows, the rows whose flag changed and their cases redraw."""
        if self.loaded is None:
            return
        fresh = {e.id: e for e in entries}
        before = self.loaded.flags
        after = before if flags is None else flags
        self.loaded = ChecklistView(self.loaded.checklist,
                                    [fresh.get(e.id, e) for e in self.loaded.entries], after)
        flagged = {i for i in before.keys() | after.keys() if before.get(i) != after.get(i)}
        redraw = [e for e in self.loaded.entries if e.id in fresh or e.item_id in flagged]
        self.query_one(ChecklistTable).patch(
            checklist_rows.changed_rows(self.loaded, redraw, self._tier))
        self._progress()

    # -- history --

    def action_history(self) -> None:
        entry = self._entry(self._selected())
        if entry is None:
            self.notify("Put the cursor on an entry (not a case row)", markup=False)
            return
        self._history(entry)

    def _history(self, entry: Entry) -> None:
        from tourdesk.services.history import tick_lines
        from tourdesk.store import history
        from tourdesk.tui.modals.entry_history import EntryHistory

        zone = self.loaded.checklist.timezone if self.loaded else ""
        self.writes.submit(lambda: history.entry_history(self.store, entry.id),
                           then=lambda ticks: self.app.push_screen(
                               EntryHistory(entry.label, tick_lines(ticks, zone))))

    # -- filter --

    def action_filter(self) -> None:
        self.query_one(FilterBox).open()

    @on(FilterBox.Changed)
    def _filter_changed(self) -> None:
        self._draw()


    # -- ticks --

    def _selected(self) -> str | None:
        return self.query_one(ChecklistTable).current_key()

    def _entry(self, key: str | None) -> Entry | None:
        if self.loaded is None or key is None or not key.startswith("e:"):
            return None
        wanted = int(key[2:])
        return next((e for e in self.loaded.entries if e.id == wanted), None)

    # Space's action. DOMNode.action_toggle flips a named attribute; this screen has no
    # use for that one, and the name is the one the keymap and docs call it by.
    def action_toggle(self) -> None:  # type: ignore[override]  # see above
        self._toggle(self._selected())

    @on(LineList.Tapped)
    def _tapped(self, event: LineList.Tapped) -> None:
        """A tap selects the line (a phone user taps, then presses a key); a tap on the
        tick box ticks it."""
        if event.on_box:
            self._toggle(event.key)

    @on(LineList.Selected)
    def _selected_by_enter(self, event: LineList.Selected) -> None:
        event.stop()
        self._toggle(event.key)

    def _toggle(self, key: str | None) -> None:
        if self.loaded is None or key is None:
            return
        if key.startswith("case:"):
            ids = checklist_rows.entry_ids_in_case(self.loaded, key[5:], [EntryState.PENDING])
            flagged = any(e.item_id in self.loaded.flags for e in self.loaded.entries
                          if e.id in ids)
            if ids:
                seen = dict.fromkeys(ids, EntryState.PENDING)
                self.writes.submit(lambda: checklists.tick(self.store, ids, EntryState.DONE,
                                                           expect=seen),
                                   then=self._take_case, reload=flagged)
                self._next_pending(key, skip=set(ids))
            else:  # a tick that changes nothing still says why, on the list's own top
                # line: a toast over the list would make the next ticks repaint under it
                self._progress(f"nothing pending in case {key[5:]}")
            return
        entry = self._entry(key)
        if entry is not None:
            state = EntryState.PENDING if entry.state is EntryState.DONE else EntryState.DONE
            self._write(lambda: checklists.set_state(self.store, [entry.id], state,
                                                     expect={entry.id: entry.state}),
                        reload=self._touches_flags(entry))
            if state is EntryState.DONE:
                self._next_pending(key, skip={entry.id})

    def _next_pending(self, key: str, skip: set[int]) -> None:
        """After a tick the cursor goes on to the next pending line below (unless the
        user's preference keeps it in place), so each item costs one key."""
        if self.loaded is None or self.tourdesk.preferences.after_tick == "stay":
            return
        table = self.query_one(ChecklistTable)
        keys = table.row_keys()
        if key not in keys:
            return
        pending = {e.id for e in self.loaded.entries
                   if e.state is EntryState.PENDING and e.id not in skip}
        for later in keys[keys.index(key) + 1:]:
            if later.startswith("e:") and int(later[2:]) in pending:
                table.select_key(later)
                return

    def action_mark(self, state: str) -> None:
        entry = self._entry(self._selected())
        if entry is None:
            return
        wanted = EntryState(state)
        new = EntryState.PENDING if entry.state is wanted else wanted
        self._write(lambda: checklists.set_state(self.store, [entry.id], new,
                                                 expect={entry.id: entry.state}), reload=True)

    def action_note(self) -> None:
        entry = self._entry(self._selected())
        if entry is None:
            return

        def save(text: str | None) -> None:
            if text is not None:
                # against the note shown when the prompt opened: a colleague's meanwhile
                # is kept and shown, not overwritten
                self._write(lambda: [checklists.set_note(self.store, entry.id, text.strip(),
                                                         expect_note=entry.note)])

        self.app.push_screen(TextPrompt(f"Note for {entry.label}", entry.note), save)

    def _touches_flags(self, entry: Entry) -> bool:
        """Whether a change to `entry` can raise or clear a missing/damaged flag."""
        return self.loaded is not None and (
            entry.state in FLAG_STATES or entry.item_id in self.loaded.flags)

    def action_undo(self) -> None:
        self._write(lambda: checklists.undo_last(self.store, self.checklist_id), reload=True)

    def action_add(self) -> None:
        def save(text: str | None) -> None:
            if text and text.strip():
                self._write(lambda: [checklists.add_text_entry(
                    self.store, self.checklist_id, text.strip())], reload=True)

        self.app.push_screen(TextPrompt("Add a line to this day's list", "",
                                        "e.g. Borrowed DI from house"), save)

    def action_remove(self) -> None:
        entry = self._entry(self._selected())
        if entry is None:
            return

        def remove() -> list[Entry]:
            checklists.remove_entry(self.store, entry.id)
            return []  # the reload shows the list without it

        def answer(yes: bool | None) -> None:
            if yes:
                self._write(remove, reload=True)

        self.app.push_screen(Confirm(f"Remove '{entry.label}' from this day's list?"), answer)

    def action_resolve(self) -> None:
        entry = self._entry(self._selected())
        if self.loaded is None or entry is None or entry.item_id not in self.loaded.flags:
            self.notify("no open flag on this entry", markup=False)
            return
        flag = self.loaded.flags[entry.item_id]

        def resolve(text: str) -> list[Entry]:
            checklists.resolve_flag(self.store, flag.id, text)
            return []  # the reload shows the flag gone

        def save(text: str | None) -> None:
            if text is not None:
                self._write(lambda: resolve(text), reload=True)

        self.app.push_screen(TextPrompt(f"Resolve: {entry.label} {flag.kind.value} since "
                                        f"{flag.raised_on:%d %b}. How?", ""), save)

    def _take_case(self, ticked: checklists.Ticked) -> None:
        """A case ticked: its entries on screen, and on the list's top line what it left
        pending and why (the case line says it too, until the flag is closed)."""
        self._take(ticked.entries)
        if ticked.held:
            self._progress(ticked.message)

    def _write(self, change: Callable[[], list[Entry]], reload: bool = False) -> None:
        """Queue one change (they run one at a time, in key order); show it only once it
        is committed. A refusal (someone changed it meanwhile) shows one line and theirs."""
        self.writes.submit(change, then=self._take, reload=reload)

    def action_back(self) -> None:
        self.app.pop_screen()
