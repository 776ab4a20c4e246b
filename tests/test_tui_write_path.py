"""One write path for every screen: changes run one at a time in key order, any failure
is one inert line and never a crash, a session that ended leaves with one line, and
keys typed while a screen opens apply once it is open."""

import threading

import pytest
from textual import events

from tourdesk.services.checklists import add_from_template
from tourdesk.store import checklists
from tourdesk.store.errors import SessionEndedError
from tourdesk.tui import textual_private
from tourdesk.tui.app import TourDeskApp
from tourdesk.tui.screens.checklist import ChecklistScreen, ChecklistTable
from tourdesk.tui.widgets.filter_box import FilterBox

from conftest import TODAY
from tui_helpers import press, screen_text, settle

SIZES = [(80, 24), (60, 20)]
BURST = ["c", "down", "down", "enter", "slash", "m", "x"]


CHARACTERS = {"slash": "/", "enter": "\r", "down": None}


def send(pilot, *keys):
    """Keys as one burst from the terminal: all queued before the app handles the first
    (a fast typist, or keys pasted over a slow link)."""
    for key in keys:
        pilot.app.post_message(events.Key(key, CHARACTERS.get(key, key)))


async def _where(pilot):
    """What the keys led to: the screen, its list, the filter typed, the cursor."""
    screen = pilot.app.screen
    assert isinstance(screen, ChecklistScreen), type(screen).__name__
    return (screen.checklist_id, screen.query_one(FilterBox).value,
            screen.query_one(ChecklistTable).current_key())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_keys_typed_while_screens_open_apply_in_order(demo_path, size):
    from tourdesk.store import open_store

    async def run(burst: bool):
        store = open_store(demo_path, "demo")
        app = TourDeskApp(store, today=TODAY)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await press(pilot, "enter")  # today's gig day
            if burst:  # all at once: the picker and the list open while keys arrive
                send(pilot, *BURST)
            else:
                await press(pilot, *BURST)
            await settle(pilot)
            return await _where(pilot)

    slow = await run(burst=False)
    assert slow[1] == "mx"  # the third list opened and "mx" went into its filter
    assert await run(burst=True) == slow


async def test_quick_ticks_run_one_at_a_time_in_order(store, day):
    list_id = add_from_template(store, day, "In")
    entries = checklists.view(store, list_id).entries
    app = TourDeskApp(store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(ChecklistScreen(list_id))
        await settle(pilot)
        app.screen.query_one(ChecklistTable).select_key(f"e:{entries[0].id}")
        await pilot.press("space", "space", "space")  # no wait between them
        await settle(pilot)
    after = checklists.view(store, list_id).entries
    # each key ticked the next line once, and the log has them in key order
    assert [e.state.value for e in after[:4]] == ["done", "done", "done", "pending"]
    order = [row[0] for row in store.db.execute(
        "SELECT entry_id FROM checklist_events ORDER BY id").fetchall()]
    assert order == [e.id for e in entries[:3]]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_any_failure_of_a_write_is_one_inert_line(demo_store, monkeypatch, size):
    def broken(*args, **kwargs):
        raise KeyError("[b]boom[/b] \x1b[31m")

    monkeypatch.setattr(checklists, "set_state", broken)
    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=size, notifications=True) as pilot:
        await settle(pilot)
        app.push_screen(ChecklistScreen(1))
        await settle(pilot)
        await press(pilot, "down", "space")
        assert app.is_running and isinstance(app.screen, ChecklistScreen)
        notes = [str(n.message) for n in textual_private.notifications(app)]
        assert any("could not finish (KeyError" in n and "[b]boom[/b]" in n for n in notes)
        assert not any("\x1b" in n for n in notes)
        assert "[b]boom" in screen_text(pilot)  # shown literally, not as bold markup


async def test_a_session_that_ended_leaves_with_one_line(demo_store, monkeypatch, capsys):
    def removed(*args, **kwargs):
        raise SessionEndedError("rob was removed from tourdesk: the session ends")

    monkeypatch.setattr(checklists, "set_state", removed)
    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(ChecklistScreen(1))
        await settle(pilot)
        await pilot.press("down", "space")
        await pilot.pause(0.2)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.2)
    assert app.return_code == 3  # run_app raises this line for the command line to print
    assert app.session_ended == "rob was removed from tourdesk: the session ends"


async def test_g_twice_starts_one_batch_of_lookups(demo_store, monkeypatch):
    from tourdesk.services import geocoding

    calls, go_on = [], threading.Event()

    def place(store, venue, geocoder):  # slow, like the real one: G again meanwhile
        go_on.wait(5)
        calls.append(venue.id)
        return geocoding.Placed(venue, "")

    monkeypatch.setattr(geocoding, "nominatim", lambda store: None)
    monkeypatch.setattr(geocoding, "place_venue", place)
    from tourdesk.store import venues

    with demo_store.write() as db:
        db.execute("UPDATE venues SET latitude = NULL, longitude = NULL WHERE id IN (1, 2)")
    unplaced = sum(1 for v in venues.listing(demo_store) if v.venue.latitude is None)
    assert unplaced >= 2
    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await press(pilot, "2")
        await pilot.press("G", "G")
        go_on.set()
        await settle(pilot)
    assert len(calls) == unplaced
