"""The TUI for each role: what a crew member, the band and a manager see and reach."""

from __future__ import annotations

from pathlib import Path

from tourdesk.domain.access import Role
from tourdesk.store import open_store
from tourdesk.tui import textual_private
from tourdesk.tui.app import TourDeskApp
from tourdesk.tui.screens.budget import BudgetScreen
from tourdesk.tui.screens.person import PersonScreen
from tourdesk.tui.screens.users import UsersScreen

from conftest import FIXED_NOW, TODAY
from tui_helpers import fill, press, screen_text, settle


def app_as(path: Path, login: str) -> TourDeskApp:
    return TourDeskApp(open_store(path, login, clock=lambda: FIXED_NOW), today=TODAY)


async def test_crew_pressing_5_gets_no_budget(roles_path: Path) -> None:
    app = app_as(roles_path, "rob")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "Money" not in screen_text(pilot)  # not offered in the footer
        await press(pilot, "5")
        assert not isinstance(app.screen, BudgetScreen)
        app.action_go("budget")  # the palette's way in is refused too
        await settle(pilot)
        assert not isinstance(app.screen, BudgetScreen)
        assert any("rob (crew) may not see budgets" in n.message for n in textual_private.notifications(app))
        await press(pilot, "6")
        assert not isinstance(app.screen, UsersScreen)


async def test_crew_pressing_4_sees_their_own_calls_and_pay_only(roles_path: Path) -> None:
    app = app_as(roles_path, "rob")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "4")
        assert isinstance(app.screen, PersonScreen)
        text = screen_text(pilot)
        assert "Rob Kettering" in text and "Sofie" not in text
        assert "41 days at 15,580.00 GBP" in text  # their own pay basis
        assert "Edit details" not in text  # crew change no one's details


async def test_band_sees_the_schedule_without_lists(roles_path: Path) -> None:
    app = app_as(roles_path, "maren")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        text = screen_text(pilot)
        assert "The Pale Harbour" in text and "maren (band)" in text
        for hidden in ("Gear", "Crew", "Money", "Users"):
            assert hidden not in text.splitlines()[-1]
        await press(pilot, "3")
        assert app.current_mode == "overview"


async def test_manager_sees_the_budget_and_adds_a_user(roles_path: Path) -> None:
    app = app_as(roles_path, "dana")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "5")
        assert isinstance(app.screen, BudgetScreen)
        await press(pilot, "6")
        assert isinstance(app.screen, UsersScreen)
        assert "rob" in screen_text(pilot)
        await press(pilot, "n")
        await fill(pilot, login="sofie", role="crew", person="Sofie Lindqvist")
        await press(pilot, "enter")
        await settle(pilot)
        assert "sofie" in screen_text(pilot)
    s = open_store(roles_path, "sofie")
    assert s.role is Role.CREW and s.person_id is not None


async def test_a_wrong_role_stays_in_the_form(roles_path: Path) -> None:
    app = app_as(roles_path, "dana")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "6", "n")
        await fill(pilot, login="x", role="boss")
        await press(pilot, "enter")
        assert "'boss' is not a role" in screen_text(pilot)


def test_one_user_mode_offers_every_screen(demo_path: Path) -> None:
    app = TourDeskApp(open_store(demo_path), today=TODAY)
    assert all(app.may_open(mode) for mode in TourDeskApp.MODES)
