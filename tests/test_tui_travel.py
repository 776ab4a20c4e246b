"""Travel in the TUI: segments and hotel stays added, edited and removed on the travel
screen in forms checked by the commands' rules, saved through its write queue; people
put in rooms and taken off; crew and band only read; a bad field is named under it."""

from __future__ import annotations

from pathlib import Path

from tourdesk.services import travel as svc
from tourdesk.store import open_store, tours
from tourdesk.store import travel as store_travel
from tourdesk.tui.app import TourDeskApp
from tourdesk.tui.modals.choose import Choose
from tourdesk.tui.modals.prompt import Confirm
from tourdesk.tui.modals.travel_forms import RoomForm, SegmentForm, StayForm
from tourdesk.tui.screens.travel import TravelScreen

from conftest import FIXED_NOW, TODAY
from tui_helpers import fill, press, screen_text, settle

TOUR = "Northern Lights Tour 2026"


def app_as(path: Path, login: str = "dana") -> TourDeskApp:
    return TourDeskApp(open_store(path, login, clock=lambda: FIXED_NOW), today=TODAY)


def _read(path: Path, query) -> list:
    """What the file holds now, read on a connection of its own."""
    s = open_store(path, "dana", clock=lambda: FIXED_NOW)
    try:
        return query(s, tours.named(s, TOUR).id)
    finally:
        s.close()


def booked(path: Path) -> list:
    return _read(path, store_travel.segments)


def hotels(path: Path) -> list:
    return _read(path, store_travel.stays)


async def open_travel(pilot, *keys: str) -> None:
    await settle(pilot)
    await press(pilot, "m", *keys)
    assert isinstance(pilot.app.screen, TravelScreen)


async def test_a_new_flight_with_its_manifest_is_added(roles_path: Path) -> None:
    app = app_as(roles_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_travel(pilot)
        before = len(booked(roles_path))
        await press(pilot, "n")
        assert isinstance(app.screen, SegmentForm)
        await fill(pilot, carrier="QF", number="qf2", **{"from": "LHR", "to": "SYD"},
                   depart="2026-12-02 21:30", arrive="06:10", ref="ABC123",
                   people="Maren Holt; Iain Forsyth", seats="31A; 31B", cost="2450.00",
                   currency="GBP")
        await press(pilot, "enter")
        assert isinstance(app.screen, TravelScreen)
        found = booked(roles_path)
        assert len(found) == before + 1
        [qf2] = [s for s in found if s.number == "QF2"]
        assert (qf2.arrive_on.isoformat(), qf2.destination.zone) == ("2026-12-04",
                                                                     "Australia/Sydney")
        assert [p.seat for p in qf2.passengers] == ["31A", "31B"]
        assert qf2.cost is not None and qf2.cost.plain() == "2450.00"
        assert "LHR → SYD" in screen_text(pilot)


async def test_a_segment_is_edited_and_removed(roles_path: Path) -> None:
    app = app_as(roles_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_travel(pilot, "down", "down")  # the Folkestone train
        await press(pilot, "enter")
        assert isinstance(app.screen, SegmentForm)
        await fill(pilot, ref="LS-99999", people="Maren Holt; Jack Moran")
        await press(pilot, "enter")
        [train] = [s for s in booked(roles_path) if s.mode.value == "train"]
        assert train.booking_ref == "LS-99999" and len(train.passengers) == 2
        assert train.origin.zone == "Europe/London"  # what the form did not touch stays
        count = len(booked(roles_path))
        await press(pilot, "x")
        assert isinstance(app.screen, Confirm)
        assert "Remove train LeShuttle Folkestone → Calais" in screen_text(pilot)
        await press(pilot, "y")
        assert len(booked(roles_path)) == count - 1
        assert not [s for s in booked(roles_path) if s.mode.value == "train"]


async def test_a_bad_field_is_named_under_it_and_nothing_is_added(roles_path: Path) -> None:
    app = app_as(roles_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_travel(pilot)
        before = len(booked(roles_path))
        await press(pilot, "n")
        await fill(pilot, **{"from": "XQX", "to": "SYD"}, depart="2026-12-02 21:30",
                   arrive="06:10", people="Nobody Known")
        await press(pilot, "enter")
        form = app.screen
        assert isinstance(form, SegmentForm)  # still open, with its errors
        errors = {f: str(form.query_one(f"#e-{f}").render()) for f in ("from", "people")}
        assert "'XQX' is not an airport code we know" in errors["from"]
        assert "nobody called 'Nobody Known'" in errors["people"]
        await fill(pilot, mode="train", **{"from": "Folkestone", "to": "Calais"},
                   to_zone="Europe/Nowhere", people="")
        await press(pilot, "enter")
        assert "Europe/Nowhere" in str(form.query_one("#e-to_zone").render())
        await press(pilot, "escape")
        assert len(booked(roles_path)) == before


async def test_an_edit_someone_saved_first_is_refused_in_one_line(roles_path: Path) -> None:
    app = app_as(roles_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_travel(pilot, "down", "down")
        await press(pilot, "enter")
        other = open_store(roles_path, "dana", clock=lambda: FIXED_NOW)
        tour_id = tours.named(other, TOUR).id
        [train] = [s for s in store_travel.segments(other, tour_id) if s.mode.value == "train"]
        svc.set_segment(other, tour_id, train.id or 0, {"ref": "THEIRS"})
        other.close()
        await fill(pilot, ref="MINE")
        await press(pilot, "enter")
        [train] = [s for s in booked(roles_path) if s.mode.value == "train"]
        assert train.booking_ref == "THEIRS"
        assert any("\n" not in n.message for n in app._notifications)


async def test_a_hotel_stay_is_added_and_people_put_in_rooms_and_taken_off(
        roles_path: Path) -> None:
    app = app_as(roles_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_travel(pilot)
        await press(pilot, "h")
        assert isinstance(app.screen, StayForm)
        await fill(pilot, hotel="Hotel Atlantic", address="An der Alster 72",
                   **{"in": "2026-10-27 15:00", "out": "2026-10-28"}, ref="ATL-1")
        await press(pilot, "enter")
        [stay] = [h for h in hotels(roles_path) if h.hotel == "Hotel Atlantic"]
        assert stay.zone == "Europe/Copenhagen"  # the tour day's when left empty
        screen = app.screen
        assert isinstance(screen, TravelScreen)
        table = screen.query_one("#travel")
        table.move_cursor(row=table.get_row_index(f"h{stay.id}"))
        await settle(pilot)
        await press(pilot, "r")
        assert isinstance(app.screen, RoomForm)
        await fill(pilot, person="lea brunner", room="12", type="twin")
        await press(pilot, "enter")
        await press(pilot, "r")
        await fill(pilot, person="Maren Holt", room="12", type="twin")
        await press(pilot, "enter")
        assert "12 twin: Lea Brunner with Maren Holt" in screen_text(pilot)
        await press(pilot, "R")
        assert isinstance(app.screen, Choose)
        await press(pilot, "enter")  # the first: Lea Brunner
        [stay] = [h for h in hotels(roles_path) if h.hotel == "Hotel Atlantic"]
        assert len(stay.rooms) == 1
        await press(pilot, "enter")  # the stay's form
        assert isinstance(app.screen, StayForm)
        await fill(pilot, out="2026-10-27")
        await press(pilot, "enter")
        assert "is not after the check-in date" in str(app.screen.query_one("#e-out").render())
        await press(pilot, "escape", "x", "y")
        assert not [h for h in hotels(roles_path) if h.hotel == "Hotel Atlantic"]


async def test_crew_and_band_read_the_travel_but_change_nothing(roles_path: Path) -> None:
    for login in ("rob", "maren"):
        app = app_as(roles_path, login)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_travel(pilot, "down", "down")
            text = screen_text(pilot)
            assert "New trip" not in text and "Remove" not in text
            before = (booked(roles_path), hotels(roles_path))
            for key in ("n", "h", "enter", "r", "R", "x", "y"):
                await press(pilot, key)
                assert isinstance(app.screen, TravelScreen), key
            assert (booked(roles_path), hotels(roles_path)) == before


async def test_the_person_screen_shows_their_travel_with_seat_and_room(
        roles_path: Path) -> None:
    from tourdesk.tui.screens.person import PersonScreen

    app = app_as(roles_path, "maren")  # the band: their own person screen
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "4")
        assert isinstance(app.screen, PersonScreen)
        text = screen_text(pilot)
        assert "Sun 25 Oct hotel Elbblick Hotel · out Tue 27 Oct · ref NLT-1025 · room 501" \
               " single" in text
        assert "Tue 01 Dec flight BA983 BER → LHR · 10:05 → 11:00 · ref K7QWZP · seat 12A" in text
        assert "Cairnryan" not in text  # before today


def test_a_removal_of_what_was_shown_is_refused_once_someone_changed_it(
        roles_path: Path) -> None:
    import pytest

    from tourdesk.store.errors import ConflictError

    s = open_store(roles_path, "dana", clock=lambda: FIXED_NOW)
    try:
        tour_id = tours.named(s, TOUR).id
        [train] = [x for x in store_travel.segments(s, tour_id) if x.mode.value == "train"]
        [stay] = store_travel.stays(s, tour_id)
        svc.set_segment(s, tour_id, train.id or 0, {"ref": "LATER"})
        svc.set_stay(s, tour_id, {"ref": "LATER"}, stay_id=stay.id)
        with pytest.raises(ConflictError, match="changed by someone else since it was shown"):
            svc.remove_segment(s, tour_id, train.id or 0, expected_version=train.version)
        with pytest.raises(ConflictError, match="changed by someone else since it was shown"):
            svc.remove_stay(s, tour_id, stay_id=stay.id, expected_version=stay.version)
        assert len(store_travel.stays(s, tour_id)) == 1
        assert [x.booking_ref for x in store_travel.segments(s, tour_id)
                if x.mode.value == "train"] == ["LATER"]
    finally:
        s.close()
