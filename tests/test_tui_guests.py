"""The guest-list screen (`G` on a gig day): a manager sees every request against the
caps and approves or declines; crew and band see, ask for and withdraw only their own."""

from __future__ import annotations

from pathlib import Path

from tourdesk.domain.guests import GuestState
from tourdesk.services import guests
from tourdesk.store import Store, gigs, open_store, tours
from tourdesk.tui.app import TourDeskApp
from tourdesk.tui.screens.guests import GuestListScreen

from conftest import FIXED_NOW, ROLE_LOGINS, TODAY
from tui_helpers import press, screen_text, settle

TOUR = "Northern Lights Tour 2026"
MANAGER, CREW, BAND = (ROLE_LOGINS[r] for r in ("manager", "crew", "band"))


def login(path: Path, who: str) -> Store:
    return open_store(path, who, clock=lambda: FIXED_NOW)


def tonight(s: Store) -> int:
    return gigs.id_on(s, tours.named(s, TOUR).id, TODAY) or 0


async def open_list(pilot) -> None:
    await settle(pilot)
    await press(pilot, "enter", "G")
    assert isinstance(pilot.app.screen, GuestListScreen)


async def test_a_manager_sees_every_request_against_the_caps_and_approves(roles_path):
    app = TourDeskApp(login(roles_path, MANAGER), today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_list(pilot)
        text = screen_text(pilot)
        assert "6 heads of 20 · 1 waiting · per person 4" in text
        assert "Anna Berg" in text and "Sam Vermeulen" in text and "maren" in text
        await press(pilot, "down", "down")  # Lotte Janssens, waiting
        await press(pilot, "a")
        lotte = next(r for r in guests.requests(app.store, tonight(app.store))
                     if r.guest == "Lotte Janssens")
        assert lotte.state is GuestState.APPROVED and lotte.decided_by == MANAGER
        assert "6 heads of 20 · 0 waiting" in screen_text(pilot)
        await press(pilot, "up", "up", "d")  # Anna Berg declined: her 2 heads come free
        assert "4 heads of 20" in screen_text(pilot)


async def test_crew_see_and_ask_only_for_their_own_and_decide_nothing(roles_path):
    app = TourDeskApp(login(roles_path, CREW), today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_list(pilot)
        text = screen_text(pilot)
        assert "Jonas Peeters" in text and "Sam Vermeulen" in text
        assert "Anna Berg" not in text and "Lotte" not in text and "Approve" not in text
        assert "your guests: 2 heads of 4 per person" in text
        await press(pilot, "a")  # not theirs to press: nothing happens
        await press(pilot, "n")
        await pilot.press(*"Kim Claes +1")
        await press(pilot, "enter")
        assert "your guests: 4 heads of 4 per person" in screen_text(pilot)
        await press(pilot, "n")
        await pilot.press(*"One Too Many")
        await press(pilot, "enter")  # over the per-person cap: one line, nothing stored
        assert any("each person may ask for 4 heads" in n.message for n in app._notifications)
    mine = guests.requests(login(roles_path, CREW), tonight(login(roles_path, CREW)))
    assert sorted(r.guest for r in mine) == ["Jonas Peeters", "Kim Claes", "Sam Vermeulen"]
    assert all(r.requested_by == CREW for r in mine)
    every = guests.requests(login(roles_path, MANAGER), tonight(login(roles_path, MANAGER)))
    assert next(r for r in every if r.guest == "Lotte Janssens").state is GuestState.REQUESTED


async def test_the_band_withdraw_their_own_guest(roles_path):
    app = TourDeskApp(login(roles_path, BAND), today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_list(pilot)
        assert "Jonas" not in screen_text(pilot)
        await press(pilot, "x", "y")  # Anna Berg, first by name
    mine = guests.requests(login(roles_path, BAND), tonight(login(roles_path, BAND)))
    assert [r.guest for r in mine] == ["Lotte Janssens"]


async def test_g_on_a_day_off_says_guest_lists_are_for_shows(roles_path):
    app = TourDeskApp(login(roles_path, MANAGER), today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "enter", *["n"] * 6, "G")
        assert not isinstance(app.screen, GuestListScreen)
        assert any("guest lists are for shows" in n.message for n in app._notifications)
