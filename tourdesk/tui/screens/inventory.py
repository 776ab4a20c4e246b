"""`3`: every case and item, with what is flagged missing or damaged. `/` filters."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.widgets import Footer, Header, Static

from tourdesk.domain.inventory import Item, Ownership
from tourdesk.store import checklists, inventory
from tourdesk.store.checklists import Flag
from tourdesk.tui import keymap
from tourdesk.tui.live import TICKS, watches
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

    def __init__(self) -> None:
        super().__init__()
        self._stock = Stock([], {})
        self._tier = ""

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

