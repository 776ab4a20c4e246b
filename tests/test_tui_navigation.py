"""Pilot flows: every screen reached and left by keyboard alone."""

from datetime import date

import pytest

from tourdesk.store import gigs, tours
from tourdesk.tui.app import TourDeskApp
from tourdesk.tui.modals.help import HelpScreen
from tourdesk.tui.screens.gig_day import GigDayScreen
from tourdesk.tui.screens.overview import OverviewScreen
from tourdesk.tui.screens.staffing import StaffingScreen
from tourdesk.tui.screens.venues import VenuesScreen
from tourdesk.tui.widgets.synced_table import SyncedTable

from conftest import TODAY
from tui_helpers import press, screen_text, settle


def _rows(store):
    tour = tours.summaries(store)[0]
    return gigs.rows_for_tour(store, tour.id)


async def test_overview_opens_on_today_and_enter_opens_that_day(demo_store):
    rows = _rows(demo_store)
    expected = next(r for r in rows if r.date >= TODAY)
    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
        assert app.screen.query_one(SyncedTable).current_key() == str(expected.id)
        await press(pilot, "enter")
        assert isinstance(app.screen, GigDayScreen)
        assert app.screen.gig_id == expected.id
        assert f"{expected.date:%a %d %b %Y}" in screen_text(pilot)


async def test_next_and_previous_day_then_back_to_the_list(demo_store):
    rows = _rows(demo_store)
    i = next(i for i, r in enumerate(rows) if r.date >= TODAY)
    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "n", "n")
        assert app.screen.gig_id == rows[i + 2].id
        assert f"{rows[i + 2].date:%a %d %b %Y}" in screen_text(pilot)
        await press(pilot, "p")
        assert app.screen.gig_id == rows[i + 1].id
        await press(pilot, "backspace")
        assert isinstance(app.screen, OverviewScreen)


async def test_previous_stops_at_the_first_day(demo_store):
    rows = _rows(demo_store)
    app = TourDeskApp(demo_store, today=date(2020, 1, 1))  # before the tour: cursor on day 1
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "p")
        assert app.screen.gig_id == rows[0].id
        assert "first day of the tour" in screen_text(pilot)


async def test_number_keys_switch_between_tour_and_venues(demo_store):
    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "2")
        assert isinstance(app.screen, VenuesScreen)
        table = app.screen.query_one(SyncedTable)
        assert table.row_count >= 20
        first_name = table.get_row_at(0)[0].plain
        assert first_name in screen_text(pilot)
        await press(pilot, "down")
        second = table.get_row_at(1)[0].plain
        detail = app.screen.query_one("#venue-detail").render()
        assert second in str(detail)
        await press(pilot, "1")
        assert isinstance(app.screen, OverviewScreen)
        await press(pilot, "enter", "1")  # "1" from a gig day returns to the list
        assert isinstance(app.screen, OverviewScreen)


async def test_help_opens_and_closes_without_quitting(demo_store):
    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(pilot)
        assert "Open day" in text and "Venues" in text
        await press(pilot, "q")
        assert isinstance(app.screen, OverviewScreen)
        assert app.is_running


@pytest.mark.parametrize(("typed", "screen"), [("go to venues", VenuesScreen),
                                               ("go to staffing", StaffingScreen)])
async def test_command_palette_opens_with_colon_and_navigates(demo_store, typed, screen):
    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "colon")
        await pilot.press(*typed)
        await settle(pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, screen)


async def test_palette_opens_a_gig_day_by_city(demo_store):
    rows = _rows(demo_store)
    target = rows[5]
    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "colon")
        await pilot.press(*f"open day {target.date:%a %d %b}")
        await settle(pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, GigDayScreen)
        assert app.screen.gig_id == target.id


async def test_quit_with_q(demo_store):
    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running


async def test_inventory_lists_every_item_and_filters(demo_store):
    from tourdesk.store import inventory

    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "3")
        table = app.screen.query_one(SyncedTable)
        assert table.row_count == len(inventory.items(demo_store))
        assert "⚑ 2 flagged" in screen_text(pilot)
        await press(pilot, "slash")
        await pilot.press(*"x4 bar")
        await settle(pilot)
        assert table.row_count == 4
        assert "⚑? GLP impression X4 Bar 20" in screen_text(pilot)
        await press(pilot, "escape")
        assert table.row_count == len(inventory.items(demo_store))
