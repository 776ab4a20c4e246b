"""The staffing board by keyboard: assign, unassign, call time, copy, conflicts shown."""

from datetime import date, time

from tourdesk.services.staffing import conflicts
from tourdesk.store import crew, gigs, tours
from tourdesk.tui.app import TourDeskApp
from tourdesk.tui.modals.choose import Choose
from tourdesk.tui.screens.person import PersonScreen
from tourdesk.tui.screens.staffing import BoardTable, StaffingScreen

from conftest import TODAY
from tui_helpers import press, screen_text, settle

DAY = date(2026, 10, 24)  # the demo's understaffed day (a backline tech off sick)


async def open_board(pilot):
    await settle(pilot)
    await press(pilot, "4")
    assert isinstance(pilot.app.screen, StaffingScreen)
    return pilot.app.screen.query_one(BoardTable)


def _gig(store, on):
    return gigs.id_on(store, tours.summaries(store)[0].id, on)


async def put_cursor(pilot, table, name, on):
    screen = pilot.app.screen
    row = next(i for i, p in enumerate(screen.loaded.people, start=1) if p.name == name)
    column = next(i for i, d in enumerate(screen.loaded.days, start=1) if d.date == on)
    table.move_cursor(row=row, column=column, animate=False)
    await settle(pilot)


async def test_the_board_marks_the_short_day_and_explains_it(demo_store):
    app = TourDeskApp(demo_store, today=DAY)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_board(pilot)
        assert table.cursor_column == next(
            i for i, d in enumerate(app.screen.loaded.days, start=1) if d.date == DAY)
        table.move_cursor(row=0, animate=False)
        await settle(pilot)
        text = screen_text(pilot)
        assert "-1" in text  # the "needs" row under 24 Oct
        assert "needs 2 backline tech, has 1" in text


async def test_assign_by_keyboard_fills_the_gap(demo_store):
    app = TourDeskApp(demo_store, today=DAY)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_board(pilot)
        await put_cursor(pilot, table, "Femi Adeyemi", DAY)
        await press(pilot, "a")
        assert isinstance(app.screen, Choose)
        await press(pilot, "enter")  # his first role: backline tech
        await settle(pilot)
        femi = crew.person_named(demo_store, "Femi Adeyemi")
        on_day = crew.assignments_on(demo_store, _gig(demo_store, DAY))
        assert [a.role for a in on_day if a.person_id == femi.id] == ["backline tech"]
        assert not [c for c in conflicts(demo_store) if c.date == DAY]
        assert "needs 2 backline tech" not in screen_text(pilot)
        column = next(i for i, d in enumerate(app.screen.loaded.days) if d.date == DAY)
        assert table.get_row(str(femi.id))[column + 1].plain == "BL"


async def test_assign_on_a_day_of_two_events_asks_which_one(demo_store):
    from tourdesk.services.events import add_event

    festival = add_event(demo_store, _gig(demo_store, DAY), {"label": "Festival",
                                                            "city": "Aarhus"})
    app = TourDeskApp(demo_store, today=DAY)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_board(pilot)
        await put_cursor(pilot, table, "Femi Adeyemi", DAY)
        await press(pilot, "a", "enter")  # backline tech, then which event
        assert isinstance(app.screen, Choose)
        assert "Festival" in screen_text(pilot) and "the day's own" in screen_text(pilot)
        await press(pilot, "down", "enter")
        femi = crew.person_named(demo_store, "Femi Adeyemi")
        on_day = crew.assignments_on(demo_store, _gig(demo_store, DAY))
        assert [(a.role, a.event_id) for a in on_day if a.person_id == femi.id] == [
            ("backline tech", festival.id)]
        await press(pilot, "a", "enter")  # the same role again, at the day's own show
        await press(pilot, "enter")
        on_day = crew.assignments_on(demo_store, _gig(demo_store, DAY))
        assert sorted((a.event_id or 0) for a in on_day if a.person_id == femi.id) == [
            0, festival.id]


async def test_unassign_and_call_time(demo_store):
    app = TourDeskApp(demo_store, today=DAY)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_board(pilot)
        jack = crew.person_named(demo_store, "Jack Moran")
        await put_cursor(pilot, table, "Jack Moran", DAY)
        await press(pilot, "c")
        await press(pilot, *"9.30", "enter")
        await settle(pilot)
        (mine,) = [a for a in crew.assignments_on(demo_store, _gig(demo_store, DAY))
                   if a.person_id == jack.id]
        assert mine.call == time(9, 30)
        assert "Jack Moran: backline tech, call 09:30" in screen_text(pilot)
        await press(pilot, "x")
        await settle(pilot)
        assert not [a for a in crew.assignments_on(demo_store, _gig(demo_store, DAY))
                    if a.person_id == jack.id]
        assert "needs 2 backline tech, has 0" in screen_text(pilot)


async def test_a_bad_call_time_is_refused_and_changes_nothing(demo_store):
    app = TourDeskApp(demo_store, today=DAY)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        table = await open_board(pilot)
        await put_cursor(pilot, table, "Jack Moran", DAY)
        before = crew.assignments_on(demo_store, _gig(demo_store, DAY))
        await press(pilot, "c", *"25.99", "enter")
        assert "call time" in screen_text(pilot)
        assert crew.assignments_on(demo_store, _gig(demo_store, DAY)) == before


async def test_copy_a_day_onto_a_range(demo_store):
    source, first, last = date(2026, 10, 21), date(2026, 10, 27), date(2026, 10, 28)
    nobody = [a for d in (first, last) for a in crew.assignments_on(demo_store,
                                                                     _gig(demo_store, d))]
    for a in nobody:
        crew.unassign(demo_store, a.id)
    app = TourDeskApp(demo_store, today=source)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_board(pilot)
        await press(pilot, "y", *f"{first}..{last}", "enter")
        await settle(pilot)
    want = sorted((a.person_id, a.role) for a in crew.assignments_on(demo_store,
                                                                    _gig(demo_store, source)))
    for d in (first, last):
        got = sorted((a.person_id, a.role) for a in crew.assignments_on(demo_store,
                                                                       _gig(demo_store, d)))
        assert got == want


async def test_next_problem_then_the_person_view(demo_store):
    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_board(pilot)
        table.move_cursor(row=0, column=1, animate=False)
        await press(pilot, "n")  # the short day comes first: the "needs" row is on top
        assert "needs 2 backline tech, has 1" in screen_text(pilot)
        await press(pilot, "n")
        text = screen_text(pilot)
        assert "Sun 11 Oct" in text
        assert "Ben Achterberg works as bus driver at Belfast but their roles are" in text
        await press(pilot, "enter")
        assert isinstance(app.screen, PersonScreen)
        text = screen_text(pilot)
        assert "Ben Achterberg" in text and "security; driver" in text
        assert "Northern Lights Tour 2026:" in text  # the pay basis line
        await press(pilot, "backspace")
        assert isinstance(app.screen, StaffingScreen)


async def test_a_person_is_added_on_the_board_and_edited_on_their_page(demo_store):
    from tourdesk.store import crew
    from tourdesk.tui.modals.forms import PersonForm
    from tourdesk.tui.screens.person import PersonScreen

    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "4", "p")
        assert isinstance(app.screen, PersonForm)
        for field, value in {"name": "Ola Nordmann", "roles": "local crew; driver",
                             "group": "local", "day_rate": "12,5x"}.items():
            app.screen.query_one(f"#f-{field}").value = value
        await press(pilot, "enter")
        assert isinstance(app.screen, PersonForm)  # the rate is refused under its field
        assert "not an amount" in str(app.screen.query_one("#e-day_rate").render())
        app.screen.query_one("#f-day_rate").value = "180.00"
        await press(pilot, "enter")
        ola = crew.person_named(demo_store, "Ola Nordmann")
        assert (ola.roles, ola.group.value, str(ola.day_rate)) == (
            ("local crew", "driver"), "local", "180.00 EUR")
        app.open_person(ola.id)
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        await press(pilot, "E")
        assert app.screen.query_one("#f-roles").value == "local crew; driver"
        app.screen.query_one("#f-roles").value = "local crew"
        app.screen.query_one("#f-phone").value = "+47 900 55 123"
        await press(pilot, "enter")
        ola = crew.person(demo_store, ola.id)
        assert (ola.roles, ola.phone) == (("local crew",), "+47 900 55 123")
        assert "+47 900 55 123" in screen_text(pilot)


def test_an_edit_of_a_person_saved_by_someone_else_first_is_refused(demo_store):
    import dataclasses

    import pytest

    from tourdesk.store import crew
    from tourdesk.store.errors import ConflictError

    jack = crew.person_named(demo_store, "Jack Moran")
    seen = crew.person_version(demo_store, jack.id)
    crew.update_person(demo_store, dataclasses.replace(jack, phone="+44 1"), expected_version=seen)
    with pytest.raises(ConflictError, match="after you opened it"):
        crew.update_person(demo_store, dataclasses.replace(jack, dietary="vegan"),
                           expected_version=seen)
    dana = crew.person_named(demo_store, "Dana Okafor")
    with pytest.raises(ConflictError, match="already a person called"):
        crew.update_person(demo_store, dataclasses.replace(dana, name="jack moran"))
    assert crew.person(demo_store, jack.id).phone == "+44 1"
