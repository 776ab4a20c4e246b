"""A load-out on a phone: what shows at 80x24 and 60x20, in words, and the user's own
preferences (Pilot, on the demo tour)."""

import re

import pytest

from tourdesk.services import preferences
from tourdesk.services.preferences import Preferences
from tourdesk.tui.app import TourDeskApp
from tourdesk.tui.modals.preferences import PreferencesDialog
from tourdesk.tui.screens.checklist import ChecklistScreen, ChecklistTable
from tourdesk.tui.screens.gig_day import GigDayScreen

from conftest import TODAY
from tui_helpers import press, screen_text, settle

SIZES = [(80, 24), (60, 20)]
sizes = pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
PARIS_LOAD_OUT = ("enter", "p", "c", *["down"] * 4, "enter")  # the lost light bar


async def _at(demo_store, size, *keys):
    app = TourDeskApp(demo_store, today=TODAY)
    context = app.run_test(size=size)
    pilot = await context.__aenter__()
    await settle(pilot)
    await press(pilot, *keys)
    return context, pilot


@sizes
async def test_the_checklist_footer_shows_its_own_keys_first(demo_store, size):
    context, pilot = await _at(demo_store, size, *PARIS_LOAD_OUT)
    try:
        footer = screen_text(pilot).splitlines()[-1]
        for word in ("Tick", "Missing", "Damaged", "Note", "Undo", "Help"):
            assert word in footer, (word, footer)
        assert footer.index("Tick") < footer.index("Help")
    finally:
        await context.__aexit__(None, None, None)


@sizes
async def test_four_lamps_of_one_model_read_apart(demo_store, size):
    context, pilot = await _at(demo_store, size, *PARIS_LOAD_OUT, "slash", *"x4 bar", "enter")
    try:
        lines = [line for line in screen_text(pilot).splitlines() if "X4 Bar 20" in line]
        serials = {m for line in lines for m in re.findall(r"X4B20-\d+", line)}
        assert len(lines) == 4 and len(serials) == 4
        # the case is not complete while one of its bars is missing
        assert "3/4 ?1" in screen_text(pilot)
    finally:
        await context.__aexit__(None, None, None)


async def test_a_note_after_marking_shows_in_the_row(demo_store):
    context, pilot = await _at(demo_store, (80, 24), *PARIS_LOAD_OUT, "slash", *"x4 bar",
                               "enter")
    try:
        table = pilot.app.screen.query_one(ChecklistTable)
        missing = next(k for k in table.row_keys()
                       if "⚑" in table.get_row_at(table.get_row_index(k))[1].plain)
        table.select_key(missing)
        await press(pilot, "e", *"on truck", "enter")
        assert "· on truck" in screen_text(pilot)
    finally:
        await context.__aexit__(None, None, None)


@sizes
async def test_the_whole_staffing_conflict_is_shown(demo_store, size):
    context, pilot = await _at(demo_store, size, "4", "n")
    try:
        text = " ".join(screen_text(pilot).split())
        assert "needs 2 backline tech, has 1" in text
        assert "1 merch, 1 security" in text  # the end of the needs, wrapped, not cut
    finally:
        await context.__aexit__(None, None, None)


async def test_the_venue_card_starts_with_what_is_needed_on_arrival(demo_store):
    context, pilot = await _at(demo_store, (80, 24), "2", "down", "down")
    try:
        text = screen_text(pilot)
        order = [text.find(f"{label}:") for label in
                 ("Load-in", "Stage", "Power", "Parking", "Wi-Fi", "Address")]
        assert -1 not in order and order == sorted(order), order
    finally:
        await context.__aexit__(None, None, None)


@sizes
async def test_the_palette_finds_a_day_by_city_and_venue(demo_store, size):
    for words in ("Brussels", "Ancienne"):
        context, pilot = await _at(demo_store, size, "colon", *words, "enter")
        try:
            screen = pilot.app.screen
            assert isinstance(screen, GigDayScreen)
            assert screen.detail is not None and screen.detail.gig.date == TODAY
        finally:
            await context.__aexit__(None, None, None)


@sizes
async def test_headings_are_set_off_and_counts_say_what_they_count(demo_store, size):
    context, pilot = await _at(demo_store, size)
    try:
        text = screen_text(pilot)
        assert "39 shows + 1 cancelled" in text or size[0] < 80  # the narrow line drops it
        assert "202 to go" in text or re.search(r"To go.*\n(?:.*\n)*.*202", text)
        assert "tourdesk · Northern Lights Tour 2026" in text  # one run, no stray dash
        await press(pilot, "enter")
        text = screen_text(pilot)
        assert "Checklists (c opens one)" in text
        assert re.search(r"In, not yet out: 202 *\n", text)  # the items start below it
        assert "—" not in text.splitlines()[0]
    finally:
        await context.__aexit__(None, None, None)


@sizes
async def test_preferences_change_where_the_cursor_goes_after_a_tick(demo_store, size):
    context, pilot = await _at(demo_store, size, "o")
    try:
        app = pilot.app
        assert isinstance(app.screen, PreferencesDialog)
        assert "After a tick" in screen_text(pilot) and "next pending line" in screen_text(pilot)
        await press(pilot, "down", "down", "enter")  # after a tick: stay
        assert "stays on the line" in screen_text(pilot)
        await press(pilot, "s")
        assert not isinstance(app.screen, PreferencesDialog)
        await settle(pilot)
        assert preferences.load(demo_store) == Preferences(after_tick="stay")
        assert app.preferences.after_tick == "stay"
        await press(pilot, "enter", "c", *["down"] * 5, "enter")  # today's load-out, 0/440
        assert isinstance(app.screen, ChecklistScreen)
        table = app.screen.query_one(ChecklistTable)
        await press(pilot, "down")
        before = table.current_key()
        await press(pilot, "space")
        assert table.current_key() == before  # it stayed
    finally:
        await context.__aexit__(None, None, None)


async def test_preferences_cancel_changes_nothing_and_the_palette_opens_them(demo_store):
    context, pilot = await _at(demo_store, (80, 24), "colon", *"Preferences", "enter")
    try:
        assert isinstance(pilot.app.screen, PreferencesDialog)
        await press(pilot, "enter", "backspace")  # mouse off, then leave without saving
        assert not isinstance(pilot.app.screen, PreferencesDialog)
        assert preferences.load(demo_store) == Preferences()
        assert pilot.app.preferences == Preferences()
    finally:
        await context.__aexit__(None, None, None)


async def test_the_app_starts_with_the_saved_theme(demo_store):
    preferences.save(demo_store, Preferences(theme="nord"))
    app = TourDeskApp(demo_store, today=TODAY, preferences=preferences.load(demo_store))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "nord"
