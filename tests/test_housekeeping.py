"""Long sessions: popped screens are released; full collections wait for a quiet keyboard."""

import gc
import weakref

import pytest
from textual.widgets import Footer, Header

from tourdesk.tui import housekeeping
from tourdesk.tui.app import TourDeskApp
from tourdesk.tui.housekeeping import QuietCollector, forget_closed_everywhere
from tourdesk.tui.screens.overview import OverviewScreen

from conftest import TODAY
from tui_helpers import press, settle


async def test_a_popped_screen_and_its_header_are_released(demo_store):
    app = TourDeskApp(demo_store, today=TODAY, poll_seconds=3600)  # poll by hand below
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "enter")  # the gig-day screen: a Header and a Footer of its own
        screen = weakref.ref(app.screen)
        header = weakref.ref(app.screen.query_one(Header))
        keys = [weakref.ref(k) for k in app.screen.query_one(Footer).children]
        await press(pilot, "backspace")
        assert isinstance(app.screen, OverviewScreen)
        assert forget_closed_everywhere(app) > 0  # the Header's watchers on the app
        gc.collect()
        assert screen() is None
        assert header() is None
        assert all(k() is None for k in keys)


async def test_footer_keys_recomposed_away_are_released(demo_store):
    app = TourDeskApp(demo_store, today=TODAY, poll_seconds=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # (the first footer's keys are frozen with the start-up objects: take a later one)
        await press(pilot, "enter", "backspace")
        first = [weakref.ref(k) for k in app.screen.query_one(Footer).children]
        for _ in range(3):  # each return to the overview recomposes its footer
            await press(pilot, "enter", "backspace")
        current = set(map(id, app.screen.query_one(Footer).children))
        forget_closed_everywhere(app)
        gc.collect()
        gone = [k for k in first if k() is None or id(k()) not in current]
        assert gone and all(k() is None for k in gone)


@pytest.fixture
def clock(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(housekeeping.time, "monotonic", lambda: now[0])
    return now


@pytest.fixture
def due(monkeypatch):
    count = [0]
    collected = []
    monkeypatch.setattr(housekeeping.gc, "get_count", lambda: (0, 0, count[0]))
    monkeypatch.setattr(housekeeping.gc, "collect", lambda *a: collected.append(a))
    return count, collected


def test_a_due_full_collection_waits_for_a_quiet_keyboard(clock, due):
    count, collected = due
    collector = QuietCollector()
    count[0] = housekeeping.FULL_EVERY
    collector.touched()
    clock[0] += 0.1
    assert not collector.tick() and not collected  # someone is typing
    clock[0] += housekeeping.QUIET_SECONDS
    assert collector.tick() and len(collected) == 1


def test_nothing_runs_when_no_collection_is_due(clock, due):
    count, collected = due
    collector = QuietCollector()
    clock[0] += 60
    count[0] = housekeeping.FULL_EVERY - 1
    assert not collector.tick() and not collected


def test_non_stop_input_still_gets_collected(clock, due):
    count, collected = due
    collector = QuietCollector()
    count[0] = housekeeping.FULL_AT_LATEST
    collector.touched()
    assert collector.tick() and collected


async def test_the_app_hands_generation_two_back_when_it_exits(demo_store):
    before = gc.get_threshold()
    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert gc.get_threshold()[2] > 1000 and gc.get_freeze_count() > 0
    assert gc.get_threshold() == (*before[:2], housekeeping.FULL_EVERY)
    assert gc.get_freeze_count() == 0
