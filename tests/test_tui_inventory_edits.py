"""The Gear screen edits: an item and its case through their forms, a stale edit shown
side by side, retirement asked first; crew see no edit keys and nothing changes."""

from __future__ import annotations

from pathlib import Path

from tourdesk.store import inventory, open_store, tracked
from tourdesk.tui.app import TourDeskApp
from tourdesk.tui.modals.inventory_forms import CaseForm, ItemForm
from tourdesk.tui.modals.prompt import Confirm
from tourdesk.tui.modals.versions import ChooseVersion
from tourdesk.tui.screens.inventory import InventoryScreen

from conftest import FIXED_NOW, TODAY
from tui_helpers import fill, press, screen_text, settle


async def open_gear(pilot):
    await settle(pilot)
    await press(pilot, "3")
    await settle(pilot)
    assert isinstance(pilot.app.screen, InventoryScreen)


def _current(app) -> int:
    return int(app.screen.query_one("#items").current_key())


async def test_an_item_is_edited_and_bad_fields_are_named(demo_store):
    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_gear(pilot)
        item_id = _current(app)
        await press(pilot, "e")
        assert isinstance(app.screen, ItemForm)
        await fill(pilot, quantity="3", origin="XX")
        await press(pilot, "enter")
        assert isinstance(app.screen, ItemForm)  # refused: both named under their fields
        assert app.screen.query_one("#e-origin").has_class("-shown")
        assert app.screen.query_one("#e-quantity").has_class("-shown")
        await fill(pilot, quantity="1", origin="DE", notes="new faders", category="FOH")
        await press(pilot, "enter")
        await settle(pilot)
        assert isinstance(app.screen, InventoryScreen)
        saved = inventory.get_item(demo_store, item_id)
        assert (saved.origin, saved.notes, saved.category, saved.version) == (
            "DE", "new faders", "FOH", 2)


async def test_the_case_of_the_item_is_edited(demo_store):
    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_gear(pilot)
        number = inventory.get_item(demo_store, _current(app)).case_number
        await press(pilot, "c")
        await settle(pilot)
        assert isinstance(app.screen, CaseForm)
        assert app.screen.query_one("#f-number").value == number
        await fill(pilot, name="FOH world", notes="ramp side")
        await press(pilot, "enter")
        await settle(pilot)
        case = inventory.get_case(demo_store, inventory.case_id(demo_store, number))
        assert (case.name, case.notes) == ("FOH world", "ramp side")


async def test_someone_elses_save_during_an_item_edit_is_shown(demo_store, demo_path):
    other = open_store(demo_path, "ines", clock=lambda: FIXED_NOW)
    app = TourDeskApp(demo_store, today=TODAY)
    try:
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            await open_gear(pilot)
            item_id = _current(app)
            notes = inventory.get_item(demo_store, item_id).notes
            await press(pilot, "enter")
            assert isinstance(app.screen, ItemForm)
            await fill(pilot, notes="mine")
            tracked.update(other, "items", item_id, {"category": "Theirs"})
            await press(pilot, "enter")
            await settle(pilot)
            assert isinstance(app.screen, ChooseVersion)
            text = screen_text(pilot)
            assert "ines saved it" in text and "theirs* Theirs" in text
            await press(pilot, "t")
            await settle(pilot)
            kept = inventory.get_item(demo_store, item_id)
            assert (kept.category, kept.notes) == ("Theirs", notes)
    finally:
        other.close()


async def test_retiring_asks_first_and_takes_the_item_off_the_list(demo_store):
    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_gear(pilot)
        item_id = _current(app)
        name = inventory.get_item(demo_store, item_id).name
        await press(pilot, "R")
        assert isinstance(app.screen, Confirm)
        assert "Retire" in screen_text(pilot)
        await press(pilot, "y")
        await settle(pilot)
        await settle(pilot)
        assert inventory.get_item(demo_store, item_id).retired_on == FIXED_NOW.date()
        assert str(item_id) not in [str(k.value) for k in
                                    app.screen.query_one("#items").rows]
        assert name  # still in the history
        assert any(i.id == item_id for i in inventory.items(demo_store, retired=True))


async def test_crew_see_no_edit_keys_and_cannot_edit(roles_path: Path):
    s = open_store(roles_path, "rob", clock=lambda: FIXED_NOW)
    app = TourDeskApp(s, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_gear(pilot)
        item_id = _current(app)
        footer = screen_text(pilot).splitlines()[-1]
        assert "Edit" not in footer and "Case" not in footer
        for key in ("e", "enter", "c", "R"):
            await press(pilot, key)
            await settle(pilot)
            assert isinstance(app.screen, InventoryScreen)
        assert inventory.get_item(s, item_id).version == 1
