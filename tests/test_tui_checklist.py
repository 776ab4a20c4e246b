"""The tick-off screen: keys, taps, filter, undo, marks, whole cases, other people."""

import subprocess
import time

import pytest

from tourdesk.domain.inventory import EntryState as S
from tourdesk.services.checklists import add_from_template
from tourdesk.store import checklists
from tourdesk.tui import textual_private
from tourdesk.tui.app import TourDeskApp
from tourdesk.tui.screens.checklist import ChecklistScreen, ChecklistTable

from conftest import PYTHON, TODAY
from tui_helpers import press, screen_text, settle


def entry_id(store, list_id, label):
    return next(e.id for e in checklists.view(store, list_id).entries if e.label == label)


def states(store, list_id):
    return {e.label: e.state for e in checklists.view(store, list_id).entries}


async def open_list(pilot, list_id, size=(80, 24)):
    await settle(pilot)
    pilot.app.push_screen(ChecklistScreen(list_id))
    await settle(pilot)
    return pilot.app.screen.query_one(ChecklistTable)


async def test_space_ticks_commits_and_shows(store, day):
    list_id = add_from_template(store, day, "In")
    app = TourDeskApp(store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_list(pilot, list_id)
        assert table.current_key() == "case:BL01"
        await press(pilot, "down", "space")  # first entry of BL01: Fender Strat
        assert states(store, list_id)["Fender Strat"] is S.DONE
        assert "✓" in screen_text(pilot) and "1/5" in screen_text(pilot)
        # the cursor went on to the next pending line: one key per item
        assert table.current_key() == f"e:{entry_id(store, list_id, 'Gibson ES-335')}"
        await press(pilot, "up", "space")  # back on it, again: back to pending
        assert states(store, list_id)["Fender Strat"] is S.PENDING
        assert table.current_key() == f"e:{entry_id(store, list_id, 'Fender Strat')}"


async def test_the_app_can_start_on_a_list(store, day):
    # `tourdesk checklist open`: a crew login lands on the tick-off screen, ready for keys
    list_id = add_from_template(store, day, "In")
    app = TourDeskApp(store, today=TODAY, checklist_id=list_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ChecklistScreen)
        await press(pilot, "down", "space")
        assert states(store, list_id)["Fender Strat"] is S.DONE


async def test_enter_on_a_case_row_ticks_the_whole_case(store, day):
    list_id = add_from_template(store, day, "In")
    app = TourDeskApp(store, today=TODAY)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        table = await open_list(pilot, list_id)
        table.select_key("case:BL02")
        await press(pilot, "enter")
        got = states(store, list_id)
        assert (got["Fender Twin"], got["Ampeg SVT"], got["Fender Strat"]) == (S.DONE, S.DONE,
                                                                              S.PENDING)
        assert "2/2" in screen_text(pilot)
        # the cursor went on past the case to the next pending line
        assert table.current_key() == f"e:{entry_id(store, list_id, 'Set lists taped')}"
        table.select_key("case:BL02")
        await press(pilot, "enter")  # again: nothing left to tick, and it says so
        assert states(store, list_id) == got
        assert "nothing pending in case BL02" in screen_text(pilot)


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
async def test_a_tap_moves_the_cursor_and_a_tap_on_the_box_ticks(store, day, size):
    list_id = add_from_template(store, day, "In")
    app = TourDeskApp(store, today=TODAY)
    async with app.run_test(size=size) as pilot:
        table = await open_list(pilot, list_id)
        key = f"e:{entry_id(store, list_id, 'Gibson ES-335')}"
        row = table.get_row_index(key)
        await pilot.click(ChecklistTable, offset=(10, row + 1))  # +1: the header line
        await settle(pilot)
        assert table.current_key() == key  # selected, not ticked
        assert states(store, list_id)["Gibson ES-335"] is S.PENDING
        await press(pilot, "space")  # then the key ticks it
        assert states(store, list_id)["Gibson ES-335"] is S.DONE
        other = f"e:{entry_id(store, list_id, 'Fender Twin')}"
        await pilot.click(ChecklistTable, offset=(1, table.get_row_index(other) + 1))
        await settle(pilot)
        assert states(store, list_id)["Fender Twin"] is S.DONE  # the tick box ticks


async def test_missing_damaged_na_and_undo(store, day):
    list_id = add_from_template(store, day, "In")
    app = TourDeskApp(store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_list(pilot, list_id)
        await press(pilot, "down", "m", "down", "d", "down", "down", "x")
        got = states(store, list_id)
        assert (got["Fender Strat"], got["Gibson ES-335"], got["Ampeg SVT"]) == (
            S.MISSING, S.DAMAGED, S.NA)
        text = screen_text(pilot)
        assert "1 missing" in text and "1 damaged" in text and "⚑?" in text
        await press(pilot, "u")
        assert states(store, list_id)["Ampeg SVT"] is S.PENDING
        await press(pilot, "u")
        assert states(store, list_id)["Gibson ES-335"] is S.PENDING
        assert [f.label for f in checklists.open_flags(store)] == ["Fender Strat"]


async def test_filter_narrows_the_list_and_ticks_still_work(store, day):
    list_id = add_from_template(store, day, "In")
    app = TourDeskApp(store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_list(pilot, list_id)
        await press(pilot, "slash")
        await pilot.press(*"twin")
        await settle(pilot)
        assert [table.get_row_at(i)[1].plain.strip() for i in range(table.row_count)] == [
            "BL02  Amps", "Fender Twin"]
        await press(pilot, "enter", "down", "space")  # back to the list, tick the match
        assert states(store, list_id)["Fender Twin"] is S.DONE
        await press(pilot, "slash", "escape")  # clears the filter
        assert table.row_count == 7


async def test_note_add_and_remove_change_this_day_only(store, day):
    list_id = add_from_template(store, day, "In")
    app = TourDeskApp(store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_list(pilot, list_id)
        await press(pilot, "down", "e")
        await pilot.press(*"new strings")
        await press(pilot, "enter")
        await press(pilot, "plus")
        await pilot.press(*"Borrowed DI")
        await press(pilot, "enter")
        assert "Borrowed DI" in states(store, list_id)
        notes = {e.label: e.note for e in checklists.view(store, list_id).entries}
        assert notes["Fender Strat"] == "new strings"
        await press(pilot, "delete", "y")
        assert "Fender Strat" not in states(store, list_id)


async def test_a_colleagues_note_saved_meanwhile_is_kept_and_named(store, day, db_path):
    from tourdesk.store import open_store

    list_id = add_from_template(store, day, "In")
    strat = entry_id(store, list_id, "Fender Strat")
    ines = open_store(db_path, "ines")
    app = TourDeskApp(store, today=TODAY)
    try:
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            await open_list(pilot, list_id)
            await press(pilot, "down", "e")  # the prompt shows the note as it is: none
            checklists.set_note(ines, strat, "neck reset, do not restring")
            await pilot.press(*"new strings")
            await press(pilot, "enter")
            said = [str(n.message) for n in textual_private.notifications(app)]
            assert any("ines changed the note meanwhile to 'neck reset" in n for n in said)
        notes = {e.label: e.note for e in checklists.view(store, list_id).entries}
        assert notes["Fender Strat"] == "neck reset, do not restring"
    finally:
        ines.close()


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
async def test_a_case_tick_leaves_the_missing_item_pending_and_the_case_says_why(
        store, day, size):
    from conftest import make_show

    first = add_from_template(store, day, "In")  # Oslo, 21 Oct: the Ampeg goes missing
    checklists.set_state(store, [entry_id(store, first, "Ampeg SVT")], S.MISSING)
    later = add_from_template(store, make_show(store, "2026-10-24"), "In")
    app = TourDeskApp(store, today=TODAY)
    async with app.run_test(size=size) as pilot:
        table = await open_list(pilot, later, size)
        table.select_key("case:BL02")
        await press(pilot, "space")
        now = {e.label: e.state for e in checklists.view(store, later).entries}
        assert (now["Ampeg SVT"], now["Fender Twin"]) == (S.PENDING, S.DONE)
        case_line = next(ln for ln in screen_text(pilot).splitlines() if "BL02" in ln)
        assert "1 missing since 21 Oct" in case_line, case_line


TICK = """
import sys
from tourdesk.domain.inventory import EntryState
from tourdesk.store import checklists, open_store
checklists.set_state(open_store(sys.argv[1], "ines"), [int(sys.argv[2])], EntryState.DONE)
"""


async def test_another_persons_tick_appears_within_two_seconds(store, day, db_path):
    list_id = add_from_template(store, day, "In")
    twin = next(e for e in checklists.view(store, list_id).entries if e.label == "Fender Twin")
    app = TourDeskApp(store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_list(pilot, list_id)
        key = f"e:{twin.id}"
        assert table.get_cell_at((table.get_row_index(key), 0)).plain == "·"
        whole_reads = []
        real_view = checklists.view
        checklists.view = lambda *a, **k: whole_reads.append(1) or real_view(*a, **k)
        try:
            subprocess.run([PYTHON, "-c", TICK, str(db_path), str(twin.id)], check=True,
                           timeout=30)
            committed = time.monotonic()
            while table.get_cell_at((table.get_row_index(key), 0)).plain != "✓":
                assert time.monotonic() - committed < 2.0, "not shown within 2 s"
                await pilot.pause(0.05)
        finally:
            checklists.view = real_view
        assert "ines" in screen_text(pilot)
        assert whole_reads == []  # only the moved entry was read, not the whole list


async def test_a_list_deleted_by_someone_else_closes_with_a_message(store, day):
    app = TourDeskApp(store, today=TODAY)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        app.push_screen(ChecklistScreen(9999))
        await settle(pilot)
        assert not isinstance(app.screen, ChecklistScreen)
        assert "checklist 9999 does not exist" in screen_text(pilot)


async def test_marking_na_dims_the_line_on_screen(store, day):
    list_id = add_from_template(store, day, "In")
    app = TourDeskApp(store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_list(pilot, list_id)
        await press(pilot, "down", "x")
        row = table.get_row_index(table.current_key())
        assert "dim" in str(table.get_cell_at((row, 1)).text.style)
