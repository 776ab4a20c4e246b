"""The gig day's schedule edited from the keyboard: add, edit and remove an item, move
the day; a colleague's save in between is shown beside the user's, never overwritten."""

from __future__ import annotations

from datetime import date, time

from tourdesk.domain.models import AudienceKind
from tourdesk.services import itinerary
from tourdesk.store import gigs, tours
from tourdesk.tui.app import TourDeskApp

from conftest import TODAY
from tui_helpers import fill, open_day, press, screen_text

TOUR = "Northern Lights Tour 2026"


def _day(store, when="2026-10-24"):
    return gigs.id_on(store, tours.named(store, TOUR).id, date.fromisoformat(when))


async def test_add_edit_and_remove_an_item_and_move_the_day(demo_store):
    from tourdesk.tui.modals.schedule_item_form import ScheduleItemForm

    gig_id = _day(demo_store)
    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_day(pilot, gig_id)
        await press(pilot, "a")
        assert isinstance(app.screen, ScheduleItemForm)
        await fill(pilot, what="bus call", at="7pm")
        await press(pilot, "enter")
        assert "is not a time" in screen_text(pilot)  # under its field; nothing saved
        await fill(pilot, at="09:30", **{"for": "band"})
        await press(pilot, "enter")
        added = [i for i in gigs.detail(demo_store, gig_id).items if i.title == "Bus call"]
        assert [(i.at, i.audience.kind) for i in added] == [(time(9, 30), AudienceKind.BAND)]
        assert "Bus call" in screen_text(pilot)

        await press(pilot, "i", "enter")  # the first item: the bus call
        assert isinstance(app.screen, ScheduleItemForm)
        assert app.screen.query_one("#f-for").value == "band"
        await fill(pilot, at="10:00")
        await press(pilot, "enter")
        assert gigs.item(demo_store, added[0].id)[0].at == time(10, 0)

        await press(pilot, "x", "enter", "y")
        assert added[0].id not in {i.id for i in gigs.detail(demo_store, gig_id).items}

        await press(pilot, "M")
        app.screen.query_one("Input").value = "2026-12-09"
        await press(pilot, "enter")
        assert gigs.detail(demo_store, gig_id).gig.date == date(2026, 12, 9)
        assert "Wed 09 Dec" in screen_text(pilot)


async def test_a_stale_item_edit_shows_theirs_and_keeps_it_when_asked(demo_store, colleague):
    from tourdesk.tui.modals.versions import ChooseVersion

    gig_id = _day(demo_store)
    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_day(pilot, gig_id)
        first = gigs.detail(demo_store, gig_id).items[0]
        await press(pilot, "i", "enter")
        await fill(pilot, note="mine")
        itinerary.set_item(colleague, first.id, {"at": "14:00"})
        await press(pilot, "enter")
        assert isinstance(app.screen, ChooseVersion)
        text = screen_text(pilot)
        assert "ines saved it" in text and "14:00" in text and "mine" in text
        await press(pilot, "t")
        kept = gigs.item(demo_store, first.id)[0]
        assert (kept.at, kept.note) == (time(14, 0), "")


async def test_v_adds_an_event_whose_block_and_items_show_on_the_day(demo_store):
    from tourdesk.tui.modals.choose import Choose
    from tourdesk.tui.modals.schedule_item_form import ScheduleItemForm

    gig_id = _day(demo_store)
    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(100, 60)) as pilot:  # the whole schedule in view
        await open_day(pilot, gig_id)
        await press(pilot, "A")
        app.screen.query_one("Input").value = "Festival @ Reykjavik"
        await press(pilot, "enter")
        [festival] = gigs.detail(demo_store, gig_id).events
        assert (festival.label, festival.city) == ("Festival", "Reykjavik")
        assert "Festival" in screen_text(pilot) and "Reykjavik" in screen_text(pilot)

        await press(pilot, "a")  # a day of two events: which one first
        assert isinstance(app.screen, Choose)
        await press(pilot, "down", "enter")
        assert isinstance(app.screen, ScheduleItemForm)
        await fill(pilot, what="Set 2", at="15:00")
        await press(pilot, "enter")
        [item] = gigs.detail(demo_store, gig_id).event_items(festival.id)
        assert (item.title, item.at) == ("Set 2", time(15, 0))
        text = screen_text(pilot)
        assert text.index("Festival") < text.index("Set 2")  # in the event's block


async def test_A_changes_an_event_in_a_form_and_removes_it_with_its_items(demo_store,
                                                                          colleague):
    from tourdesk.services import events as day_events
    from tourdesk.tui.modals.choose import Choose
    from tourdesk.tui.modals.prompt import Confirm
    from tourdesk.tui.modals.record_form import RecordForm

    gig_id = _day(demo_store)
    festival = day_events.add_event(demo_store, gig_id, {"label": "Festival",
                                                          "city": "Reykjavik"})
    itinerary.add_item(demo_store, gig_id, {"what": "set", "at": "15:00",
                                            "event": str(festival.id)})
    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_day(pilot, gig_id)
        await press(pilot, "A")
        assert isinstance(app.screen, Choose) and "New event" in screen_text(pilot)
        await press(pilot, "down", "enter", "enter")  # Festival, then change
        assert isinstance(app.screen, RecordForm)
        assert app.screen.values()["city"] == "Reykjavik"
        await fill(pilot, status="hold", label="Airwaves")
        await press(pilot, "enter")
        [changed] = gigs.detail(demo_store, gig_id).events
        assert (changed.label, changed.status.value, changed.city) == (
            "Airwaves", "hold", "Reykjavik")

        # a colleague changes it while the form is open: theirs stays, one line says so
        await press(pilot, "A", "down", "enter", "enter")
        await fill(pilot, notes="mine")
        day_events.set_event(colleague, gig_id, "Airwaves", {"notes": "theirs"})
        await press(pilot, "enter")
        assert gigs.detail(demo_store, gig_id).events[0].notes == "theirs"
        assert "ines" in screen_text(pilot)

        await press(pilot, "A", "down", "enter", "down", "enter")  # remove
        assert isinstance(app.screen, Confirm)
        assert "Remove Airwaves with 1 item?" in screen_text(pilot)
        await press(pilot, "y")
        detail = gigs.detail(demo_store, gig_id)
        assert detail.events == () or list(detail.events) == []
        assert all(i.event_id is None for i in detail.items)
