"""Changing a gig day from the road: the plan's rules, one transaction for the day and
its times, its history in words, and undo of one's own last save."""

from __future__ import annotations

from datetime import date

import pytest

from tourdesk.domain.day_plan import plan_from_fields, plan_to_fields
from tourdesk.domain.errors import ValidationErrors
from tourdesk.domain.kinds import GigStatus, ScheduleKind
from tourdesk.services.history import day_lines, undo_own_last
from tourdesk.store import gigs, open_store, tours
from tourdesk.store.errors import ConflictError, StaleEditError
from tourdesk.tui.app import TourDeskApp

from conftest import TODAY
from tui_helpers import open_day, press, screen_text, settle

TOUR = "Northern Lights Tour 2026"


def _day(store, when="2026-10-24"):
    return gigs.id_on(store, tours.named(store, TOUR).id, date.fromisoformat(when))


def test_the_plan_refuses_bad_fields_and_keeps_late_times_on_the_show(demo_store):
    plan, _ = gigs.plan(demo_store, _day(demo_store))  # Cologne, the night the clocks go back
    fields = plan_to_fields(plan)
    assert fields["set"] == "23:30" and fields["load_out"] == "02:30"
    with pytest.raises(ValidationErrors) as caught:
        plan_from_fields(plan, {**fields, "status": "maybe", "doors": "25:00"})
    assert set(caught.value.by_field()) == {"status", "doors"}
    later = plan_from_fields(plan, {**fields, "set": "00:15"})
    assert later.times[ScheduleKind.SET].on == date(2026, 10, 25)  # after midnight, same show



def test_a_time_in_the_spring_forward_gap_is_refused_and_named():
    from tourdesk.domain.day_plan import DayPlan
    from tourdesk.domain.kinds import GigKind
    from tourdesk.domain.models import GigDay

    saturday = DayPlan(GigDay(tour_id=1, date=date(2027, 3, 27), kind=GigKind.SHOW, id=1),
                       "Europe/Berlin", {})
    with pytest.raises(ValidationErrors) as caught:
        plan_from_fields(saturday, {"load_out": "02:30"})  # Sunday 02:30 does not exist
    assert "does not exist" in caught.value.by_field()["load_out"]
    with pytest.raises(ValidationErrors, match="no time zone"):
        plan_from_fields(DayPlan(saturday.gig, "", {}), {"doors": "19:00"})


def test_saving_a_plan_adds_moves_and_removes_times_in_one_change(demo_store):
    gig_id = _day(demo_store)
    plan, version = gigs.plan(demo_store, gig_id)
    fields = plan_to_fields(plan)
    edited = plan_from_fields(plan, {**fields, "status": "hold", "set": "23:45", "support": "",
                                     "notes": "Curfew on the winter clock"})
    gigs.save_plan(demo_store, edited, expected_version=version)
    after, new_version = gigs.plan(demo_store, gig_id)
    assert new_version == version + 1
    assert after.gig.status is GigStatus.HOLD and after.gig.notes == "Curfew on the winter clock"
    assert f"{after.times[ScheduleKind.SET].at:%H:%M}" == "23:45"
    assert ScheduleKind.SUPPORT not in after.times
    with pytest.raises(StaleEditError):  # the form that was open before is out of date
        gigs.save_plan(demo_store, edited, expected_version=version)


def test_history_says_who_changed_what_and_undo_takes_back_only_ones_own(demo_store, demo_path):
    gig_id = _day(demo_store)
    plan, version = gigs.plan(demo_store, gig_id)
    gigs.save_plan(demo_store, plan_from_fields(plan, {**plan_to_fields(plan), "set": "23:45"}),
                   expected_version=version)
    lines, mine = day_lines(demo_store, gig_id)
    assert lines[0].who == "tester" and "Set: time 23:30 → 23:45" in [line.what for line in lines]
    assert mine and all(c.actor == "tester" for c in mine)
    assert undo_own_last(demo_store, gig_id) == ["Set: time 23:30 → 23:45"]
    assert f"{gigs.plan(demo_store, gig_id)[0].times[ScheduleKind.SET].at:%H:%M}" == "23:30"

    # a colleague moves the set after my save: my undo must not take theirs back
    plan, version = gigs.plan(demo_store, gig_id)
    gigs.save_plan(demo_store, plan_from_fields(plan, {**plan_to_fields(plan), "set": "23:50"}),
                   expected_version=version)
    ines = open_store(demo_path, "ines")
    try:
        plan, version = gigs.plan(ines, gig_id)
        gigs.save_plan(ines, plan_from_fields(plan, {**plan_to_fields(plan), "set": "00:05"}),
                       expected_version=version)
    finally:
        ines.close()
    with pytest.raises(ConflictError, match="ines changed it after you"):
        undo_own_last(demo_store, gig_id)
    assert f"{gigs.plan(demo_store, gig_id)[0].times[ScheduleKind.SET].at:%H:%M}" == "00:05"


async def test_edit_a_day_see_its_history_and_undo_by_keyboard(demo_store):
    from tourdesk.tui.modals.forms import GigDayForm
    from tourdesk.tui.screens.day_history import DayHistoryScreen

    gig_id = _day(demo_store)
    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_day(pilot, gig_id)
        await press(pilot, "E")
        assert isinstance(app.screen, GigDayForm)
        assert app.screen.query_one("#f-set").value == "23:30"
        app.screen.query_one("#f-set").value = "23:45"
        app.screen.query_one("#f-status").value = "cancelled"
        await press(pilot, "enter")
        plan, _ = gigs.plan(demo_store, gig_id)
        assert plan.gig.status is GigStatus.CANCELLED
        await press(pilot, "h")
        assert isinstance(app.screen, DayHistoryScreen)
        text = screen_text(pilot)
        assert "Set: time 23:30 → 23:45" in text and "status confirmed → cancelled" in text
        await press(pilot, "u", "y")
        plan, _ = gigs.plan(demo_store, gig_id)
        assert plan.gig.status is GigStatus.CONFIRMED
        assert f"{plan.times[ScheduleKind.SET].at:%H:%M}" == "23:30"


async def test_a_checklist_entrys_history_names_who_ticked_it(demo_store):
    from tourdesk.domain.inventory import EntryState
    from tourdesk.store import checklists
    from tourdesk.tui.modals.entry_history import EntryHistory
    from tourdesk.tui.screens.checklist import ChecklistScreen

    gig_id = _day(demo_store, "2026-10-21")
    list_id = checklists.for_gig(demo_store, gig_id)[1][0].id
    entry = checklists.view(demo_store, list_id).entries[0]
    checklists.set_state(demo_store, [entry.id], EntryState.MISSING, note="not in the truck")
    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(ChecklistScreen(list_id))
        await settle(pilot)
        table = app.screen.query_one("#entries")
        table.select_key(f"e:{entry.id}")
        await press(pilot, "h")
        assert isinstance(app.screen, EntryHistory)
        text = screen_text(pilot)
        assert "tester" in text and "pending → missing · note: not in the truck" in text
