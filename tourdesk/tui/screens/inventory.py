"""`3`: every case and item in service, with what is flagged missing or damaged. `/`
filters; a manager edits the item (`e`, Enter) or its case (`c`) and retires it (`R`)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.widgets import Footer, Header, Static

from tourdesk.domain.access import Capability
from tourdesk.domain.inventory import Case, Item, Ownership
from tourdesk.domain.text import printable
from tourdesk.store import checklists, inventory
from tourdesk.store.checklists import Flag
from tourdesk.store.inventory import Followed
from tourdesk.tui import keymap
from tourdesk.tui.edits import EditFlow
from tourdesk.tui.live import TICKS, watches
from tourdesk.tui.modals.inventory_forms import CaseForm, ItemForm
from tourdesk.tui.modals.prompt import Confirm
from tourdesk.tui.screens.base import DataScreen
from tourdesk.tui.widgets.cells import plain
from tourdesk.tui.widgets.filter_box import FilterBox
from tourdesk.tui.widgets.synced_table import Cells, SyncedTable


@dataclass(frozen=True, slots=True)
class Stock:
    items: list[Item]
    flags: dict[int, Flag]


COLUMNS = {
    "narrow": [("Case", 5), ("Item", None), ("Serial", 12)],
    "normal": [("Case", 5), ("Item", None), ("Serial", 14), ("Value", 14), ("Own", 6)],
    "wide": [("Case", 5), ("Item", None), ("Category", 10), ("Serial", 14), ("Qty", 4),
             ("Value", 14), ("Origin", 6), ("Own", 6)],
}


def tier_for(width: int) -> str:
    return "wide" if width >= 110 else "normal" if width >= 70 else "narrow"


class InventoryScreen(DataScreen[Stock]):
    BINDINGS = keymap.INVENTORY
    WATCHES = watches("items", "cases", also=TICKS)
    AUTO_FOCUS = "#items"
    ACTION_NEEDS = {"edit": Capability.WRITE_EQUIPMENT, "edit_case": Capability.WRITE_EQUIPMENT,
                    "retire": Capability.WRITE_EQUIPMENT}

    def __init__(self) -> None:
        super().__init__()
        self._stock = Stock([], {})
        self._tier = ""
        self._item_edits = EditFlow[Item](
            self, ItemForm, self._save_item, self._latest_item, lambda i: i.name)
        self._case_edits = EditFlow[Case](
            self, CaseForm, self._save_case, self._latest_case, lambda c: f"case {c.number}")

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="progress")
        yield FilterBox("filter: name, serial, case or category", "#items")
        yield SyncedTable(id="items")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Inventory"

    def load(self) -> Stock:
        with self.store.read():
            flags = {f.item_id: f for f in checklists.open_flags(self.store)}
            return Stock(inventory.items(self.store), flags)

    def show(self, data: Stock) -> None:
        self._stock = data
        self._draw()

    def on_resize(self, event: events.Resize) -> None:
        self._draw()

    def _draw(self) -> None:
        table = self.query_one(SyncedTable)
        tier = tier_for(self.size.width)
        if tier != self._tier:
            table.set_columns(COLUMNS[tier], self.size.width)
            self._tier = tier
        needle = self.query_one(FilterBox).value.casefold().split()
        shown = [i for i in self._stock.items
                 if all(w in f"{i.name} {i.serial} {i.case_number} {i.category}".casefold()
                        for w in needle)]
        table.sync([(str(i.id), self._cells(i, tier)) for i in shown])
        flagged = sum(1 for i in shown if i.id in self._stock.flags)
        summary = Text(f"{len(shown)} of {len(self._stock.items)} items")
        if flagged:
            summary += Text(f"  ⚑ {flagged} flagged", style="bold red")
        self.query_one("#progress", Static).update(summary, layout=False)

    def _cells(self, i: Item, tier: str) -> Cells:
        name = plain(i.name + (f" ×{i.quantity}" if i.quantity > 1 and tier != "wide" else ""))
        flag = self._stock.flags.get(i.id or -1)
        if flag is not None:  # in front, so a narrow column cannot cut it off
            name = Text(f"⚑{flag.kind.mark} ", style="bold red") + name
        head = (plain(i.case_number, "bold"), name)
        if tier == "narrow":
            return (*head, plain(i.serial, "dim"))
        value = plain(str(i.value) if i.value else "", "")
        own = plain("rent" if i.ownership is Ownership.RENTED else "own",
                    "yellow" if i.ownership is Ownership.RENTED else "dim")
        if tier == "normal":
            return (*head, plain(i.serial, "dim"), value, own)
        return (*head, plain(i.category), plain(i.serial, "dim"),
                plain(i.quantity if i.quantity > 1 else ""), value, plain(i.origin), own)

    def action_filter(self) -> None:
        self.query_one(FilterBox).open()

    @on(FilterBox.Changed)
    def _filter_changed(self) -> None:
        self._draw()


    # -- edits (managers) --

    @on(SyncedTable.RowSelected, "#items")
    def _selected(self, event: SyncedTable.RowSelected) -> None:
        event.stop()  # Enter (or a tap on the highlighted row): edit it
        if self.check_action("edit", ()):
            self.action_edit()

    def _current(self) -> Item | None:
        key = self.query_one(SyncedTable).current_key()
        return next((i for i in self._stock.items if str(i.id) == key), None)

    def action_edit(self) -> None:
        """The item in a form, saved against the version shown; if someone else saved
        it first, both versions are shown and the user chooses."""
        item = self._current()
        if item is not None:
            self._item_edits.open(item, item.version)

    def action_edit_case(self) -> None:
        from tourdesk.services.inventory_edits import find_case

        item = self._current()
        if item is None or not item.case_number:
            self.notify("This item is in no case", markup=False)
            return
        number = item.case_number
        # read off the UI thread through the screen's one queue: a refusal is one line
        self.writes.submit(lambda: find_case(self.store, number),
                           then=lambda case: self._case_edits.open(case, case.version))

    def action_retire(self) -> None:
        item = self._current()
        if item is None or item.id is None:
            return
        item_id, name, seen = item.id, item.name, item.version
        question = (f"Retire {name}? It leaves this list and new checklists; lists already "
                    "started and the history keep it.")

        def answer(yes: bool | None) -> None:
            if yes:
                self.writes.submit(
                    lambda: inventory.set_retired(self.store, item_id,
                                                  self.store.clock().date(),
                                                  expected_version=seen),
                    then=self._followed, done=f"Retired {name}", reload=True)

        self.app.push_screen(Confirm(question), answer)

    def _followed(self, followed: Followed) -> None:
        """On the UI thread: which lists not yet started followed the change."""
        if followed.text():
            self.notify(printable(followed.text()), markup=False)

    def _tell(self, followed: Followed) -> None:
        if followed.text():
            self.app.call_from_thread(self.notify, printable(followed.text()), markup=False)

    def _save_item(self, item: Item, seen: int) -> None:
        from tourdesk.services.inventory_edits import save_item

        self._tell(save_item(self.store, item, seen))

    def _latest_item(self, item: Item) -> tuple[Item, int]:
        assert item.id is not None
        now = inventory.get_item(self.store, item.id)
        return now, now.version

    def _save_case(self, case: Case, seen: int) -> None:
        from tourdesk.services.inventory_edits import save_case

        self._tell(save_case(self.store, case, seen))

    def _latest_case(self, case: Case) -> tuple[Case, int]:
        assert case.id is not None
        now = inventory.get_case(self.store, case.id)
        return now, now.version
