"""The gig day's schedule edited from the keyboard: add, edit and remove an item, move
the day; a colleague's save in between is shown beside the user's, never overwritten."""

from __future__ import annotations

from datetime import date, time

from tourdesk.domain.models import AudienceKind
from tourdesk.services import itinerary
from tourdesk.store import gigs, open_store, tours
from tourdesk.tui.app import TourDeskApp

from conftest import TODAY
from tui_helpers import fill, press, screen_text, settle

TOUR = "Northern Lights Tour 2026"


def _day(store, when="2026-10-24"):
    return gigs.id_on(store, tours.named(store, TOUR).id, date.fromisoformat(when))


async def test_add_edit_and_remove_an_item_and_move_the_day(demo_store):
    from tourdesk.tui.modals.schedule_item_form import ScheduleItemForm

    gig_id = _day(demo_store)
    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_gig(gig_id)
        await settle(pilot)
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


async def test_a_stale_item_edit_shows_theirs_and_keeps_it_when_asked(demo_store, demo_path):
    from tourdesk.tui.modals.versions import ChooseVersion

    gig_id = _day(demo_store)
    other = open_store(demo_path, "ines")  # another process's connection to the same file
    app = TourDeskApp(demo_store, today=TODAY)
    try:
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            await settle(pilot)
            app.open_gig(gig_id)
            await settle(pilot)
            first = gigs.detail(demo_store, gig_id).items[0]
            await press(pilot, "i", "enter")
            await fill(pilot, note="mine")
            itinerary.set_item(other, first.id, {"at": "14:00"})
            await press(pilot, "enter")
            assert isinstance(app.screen, ChooseVersion)
            text = screen_text(pilot)
            assert "ines saved it" in text and "14:00" in text and "mine" in text
            await press(pilot, "t")
            kept = gigs.item(demo_store, first.id)[0]
            assert (kept.at, kept.note) == (time(14, 0), "")
    finally:
        other.close()


async def test_v_adds_an_event_whose_block_and_items_show_on_the_day(demo_store):
    from tourdesk.tui.modals.choose import Choose
    from tourdesk.tui.modals.schedule_item_form import ScheduleItemForm

    gig_id = _day(demo_store)
    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(100, 60)) as pilot:  # the whole schedule in view
        await settle(pilot)
        app.open_gig(gig_id)
        await settle(pilot)
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
