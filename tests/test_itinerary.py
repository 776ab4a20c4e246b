"""The itinerary edited live: schedule items as the model of a day (the time rules, who
an item is for, the migration of the seven fixed times), and gig days and items added,
changed, moved and removed through the service and the CLI, each in the history and
undoable by its author."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, time

import pytest

from tourdesk.domain import localtime
from tourdesk.domain.errors import ValidationError, ValidationErrors
from tourdesk.domain.itinerary import Roster, item_from_fields, parse_audience, what_of
from tourdesk.domain.kinds import GigKind, ScheduleKind
from tourdesk.domain.models import Audience, AudienceKind, GigDay
from tourdesk.services import itinerary
from tourdesk.services.history import day_lines, undo_own_last
from tourdesk.store import checklists, gigs, open_store, tours
from tourdesk.store.errors import ConflictError, StaleEditError

from conftest import FIXED_NOW, assert_one_line_refusal, old_schema_copy, run_cli

TOUR = "Northern Lights Tour 2026"
BERLIN = "Europe/Berlin"
ROSTER = Roster({1: "Maren Holt", 2: "Rob Tanner"}, ["backline tech", "driver"])


def _show(on: str = "2026-10-24", kind: GigKind = GigKind.SHOW) -> GigDay:
    return GigDay(tour_id=1, date=date.fromisoformat(on), kind=kind, id=1)


def _item(**fields: str):
    return item_from_fields(fields, gig=_show(), day_zone=BERLIN, roster=ROSTER)


def _day(store, when: str) -> int:
    return gigs.id_on(store, tours.named(store, TOUR).id, date.fromisoformat(when))


# -- the model --


@pytest.mark.parametrize(("typed", "kind", "label"), [
    ("load in", ScheduleKind.LOAD_IN, ""), ("Load-In", ScheduleKind.LOAD_IN, ""),
    ("load_out", ScheduleKind.LOAD_OUT, ""), ("Lobby call", ScheduleKind.OTHER, "Lobby call"),
    ("bus call", ScheduleKind.TRAVEL, "Bus call"), ("M&G", ScheduleKind.OTHER, "Meet & greet"),
    ("Set 2", ScheduleKind.SET, "Set 2"), ("Flight LH 2040", ScheduleKind.TRAVEL,
                                           "Flight LH 2040"),
    ("Radio session", ScheduleKind.OTHER, "Radio session"),
])
def test_what_is_read_from_the_vocabulary_or_kept_as_free_text(typed, kind, label):
    assert what_of(typed) == (kind, label)


def test_a_label_the_tour_already_uses_keeps_its_spelling():
    assert what_of("tv taping", ["TV Taping"]) == (ScheduleKind.OTHER, "TV Taping")


def test_an_end_before_the_start_is_on_the_next_date_and_after_midnight_stays_on_the_show():
    item = _item(what="set", at="23:30", until="00:45")
    assert (item.on, item.until_on) == (date(2026, 10, 24), date(2026, 10, 25))
    late = _item(what="load-out", at="02:30", until="05:00")
    assert late.on == late.until_on == date(2026, 10, 25)  # the show's small hours
    assert late.audience == Audience(AudienceKind.CREW)  # a show's load-out is the crew's


def test_the_spring_forward_gap_is_refused_for_start_and_end_with_the_same_words():
    gig = _show("2027-03-27")
    with pytest.raises(ValidationErrors) as caught:
        item_from_fields({"what": "bus call", "at": "02:30"}, gig=replace_kind(gig),
                         day_zone=BERLIN, roster=ROSTER)
    assert "does not exist" in caught.value.by_field()["at"]
    with pytest.raises(ValidationErrors) as caught:
        item_from_fields({"what": "set", "at": "23:00", "until": "02:15"}, gig=gig,
                         day_zone=BERLIN, roster=ROSTER)
    assert "jump from 02:00 to 03:00" in caught.value.by_field()["until"]


def replace_kind(gig: GigDay) -> GigDay:
    from dataclasses import replace

    return replace(gig, date=date(2027, 3, 28), kind=GigKind.TRAVEL)


def test_the_repeated_hour_is_the_first_one():
    item = _item(what="curfew", at="02:30")  # 25 Oct 2026: 02:00-03:00 happens twice
    assert item.on == date(2026, 10, 25)
    instant = localtime.to_utc(item.on, item.at, item.timezone)
    assert instant == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # summer time, UTC+2


def test_an_item_elsewhere_runs_on_its_own_clock():
    item = _item(what="radio", at="09:00", place="BBC Maida Vale", zone="Europe/London")
    assert item.timezone == "Europe/London" and item.place == "BBC Maida Vale"
    assert localtime.to_utc(item.on, item.at, item.timezone).hour == 8  # BST


@pytest.mark.parametrize(("typed", "expected"), [
    ("", Audience()), ("Everyone", Audience()), ("band", Audience(AudienceKind.BAND)),
    ("crew", Audience(AudienceKind.CREW)),
    ("Backline Tech", Audience(AudienceKind.ROLE, role="backline tech")),
    ("maren holt, Rob Tanner", Audience(AudienceKind.PEOPLE, people=(1, 2))),
])
def test_who_an_item_is_for(typed, expected):
    assert parse_audience(typed, ROSTER) == expected


def test_every_bad_field_of_an_item_is_named_at_once():
    with pytest.raises(ValidationErrors) as caught:
        _item(what="", at="7pm", zone="Mars/Base", **{"for": "Nobody"})
    assert set(caught.value.by_field()) == {"what", "zone", "for"}
    with pytest.raises(ValidationErrors) as caught:
        _item(what="set", at="7pm", until="25:00")
    assert set(caught.value.by_field()) == {"at", "until"}


# -- the migration of the seven fixed times --


def test_every_day_of_the_demo_keeps_its_times_as_the_same_items_at_the_same_instants(
        demo_path, tmp_path):
    old = tmp_path / "v12.db"
    old_schema_copy(demo_path, old)
    raw = sqlite3.connect(old)
    assert "end_time" not in {r[1] for r in raw.execute("PRAGMA table_info(schedule_items)")}
    before = {r[0]: (r[1], r[2], localtime.to_utc(date.fromisoformat(r[3]),
                                                  time.fromisoformat(r[4]), r[5]), r[6])
              for r in raw.execute("SELECT s.id, s.kind, s.label, s.local_date, s.local_time, "
                                   "s.timezone, g.id FROM schedule_items s "
                                   "JOIN gig_days g ON g.id = s.gig_day_id")}
    day_kinds = dict(raw.execute("SELECT id, kind FROM gig_days"))
    raw.close()
    assert len(before) > 250  # the demo: 62 days, seven times on a show

    store = open_store(old, "tester", clock=lambda: FIXED_NOW)
    after = {}
    for gig_id in day_kinds:
        for item in gigs.detail(store, gig_id).items:
            after[item.id] = (item.kind.value, item.label,
                              localtime.to_utc(item.on, item.at, item.timezone), gig_id)
            assert item.until is None and item.place == "" and item.note == ""
            crews = (day_kinds[gig_id] == "show"
                     and item.kind in (ScheduleKind.LOAD_IN, ScheduleKind.LOAD_OUT))
            assert item.audience.kind is (AudienceKind.CREW if crews else AudienceKind.EVERYONE)
    assert after == before
    assert store.row("PRAGMA integrity_check")[0] == "ok"
    store.close()


def test_after_the_migration_a_travel_day_may_have_no_place_and_a_show_still_needs_one(store):
    tour_id = tours.add(store, tours_from("T"))
    itinerary.add_day(store, tour_id, {"date": "2026-11-01", "kind": "travel"})
    with pytest.raises(ValidationErrors, match="give a venue, or the city"):
        itinerary.add_day(store, tour_id, {"date": "2026-11-02", "kind": "show"})
    with pytest.raises(sqlite3.IntegrityError):  # the schema says so too
        store.conn.execute("INSERT INTO gig_days (tour_id, date, kind, updated_at, "
                           "updated_by) VALUES (?, '2026-11-03', 'show', 'x', 'x')", [tour_id])


def tours_from(name: str):
    from tourdesk.domain.models import tour_from_fields

    return tour_from_fields({"name": name})


# -- gig days and items through the service --


def test_an_item_added_changed_and_removed_is_in_the_history_and_each_undoable(demo_path):
    from datetime import timedelta

    now = [FIXED_NOW]
    demo_store = open_store(demo_path, "tester", clock=lambda: now[0])

    def later() -> None:  # one save a minute: undo takes back one save at a time
        now[0] += timedelta(minutes=1)

    gig_id = _day(demo_store, "2026-10-24")
    added = itinerary.add_item(demo_store, gig_id, {"what": "radio", "at": "11:00",
                                                    "until": "11:45", "place": "WDR",
                                                    "for": "band"})
    lines, _ = day_lines(demo_store, gig_id)
    assert lines[0].what == "Radio added 11:00"
    later()
    itinerary.set_item(demo_store, added.id, {"at": "11:30", "until": ""})
    changed, _ = gigs.item(demo_store, added.id)
    assert (changed.at, changed.until, changed.audience.kind) == (time(11, 30), None,
                                                                  AudienceKind.BAND)
    later()
    assert undo_own_last(demo_store, gig_id) == ["Radio: until 11:45 → —; time 11:00 → 11:30"]
    assert gigs.item(demo_store, added.id)[0].until == time(11, 45)
    later()
    itinerary.remove_item(demo_store, added.id)
    assert added.id not in {i.id for i in gigs.detail(demo_store, gig_id).items}
    later()
    assert undo_own_last(demo_store, gig_id) == ["Radio removed"]
    back, _ = gigs.item(demo_store, added.id)
    assert (back.at, back.place, back.audience.kind) == (time(11, 0), "WDR", AudienceKind.BAND)
    demo_store.close()


def test_a_stale_item_edit_is_refused(demo_store, demo_path):
    gig_id = _day(demo_store, "2026-10-24")
    item = gigs.detail(demo_store, gig_id).items[0]
    other = open_store(demo_path, "ines", clock=lambda: FIXED_NOW)
    itinerary.set_item(other, item.id, {"at": "14:00"})
    other.close()
    with pytest.raises(StaleEditError):
        itinerary.set_item(demo_store, item.id, {"at": "14:30"}, expected_version=item.version)
    assert gigs.item(demo_store, item.id)[0].at == time(14, 0)


def test_a_moved_day_takes_everything_along_and_says_what_no_longer_fits(demo_store):
    gig_id = _day(demo_store, "2026-10-24")
    lists = checklists.for_gig(demo_store, gig_id)
    assert lists
    entry = checklists.view(demo_store, lists[0][0].id).entries[0]
    checklists.set_state(demo_store, [entry.id], entry.state.__class__("done"))
    old = {i.id: (i.at, i.on) for i in gigs.detail(demo_store, gig_id).items}
    report = itinerary.move_day(demo_store, gig_id, date(2026, 12, 9))
    moved = gigs.detail(demo_store, gig_id)
    assert moved.gig.date == date(2026, 12, 9)
    assert {i.id: (i.at, (i.on - date(2026, 12, 9)).days) for i in moved.items} == {
        k: (at, (on - date(2026, 10, 24)).days) for k, (at, on) in old.items()}
    assert [c.id for c, _ in checklists.for_gig(demo_store, gig_id)] == [c.id for c, _ in lists]
    assert any("1 of" in line and "already ticked" in line for line in report)
    assert undo_own_last(demo_store, gig_id)
    assert gigs.detail(demo_store, gig_id).gig.date == date(2026, 10, 24)


def test_a_move_that_puts_a_time_in_the_clock_change_gap_is_refused_whole(demo_store):
    gig_id = _day(demo_store, "2026-10-24")  # its load-out is 02:30 the next morning
    with pytest.raises(ConflictError, match="Load-out 02:30 does not exist"):
        itinerary.move_day(demo_store, gig_id, date(2027, 3, 27))
    assert gigs.detail(demo_store, gig_id).gig.date == date(2026, 10, 24)
    with pytest.raises(ConflictError, match="already has a gig day"):
        itinerary.move_day(demo_store, gig_id, date(2026, 10, 23))


def test_removing_a_day_with_ticks_needs_force_which_says_what_went(demo_store):
    gig_id = _day(demo_store, "2026-10-24")
    c, _ = checklists.for_gig(demo_store, gig_id)[0]
    entry = checklists.view(demo_store, c.id).entries[0]
    checklists.set_state(demo_store, [entry.id], entry.state.__class__("done"))
    with pytest.raises(ConflictError, match="1 checklist entries ticked: nothing removed"):
        itinerary.remove_day(demo_store, gig_id)
    gone = itinerary.remove_day(demo_store, gig_id, force=True)
    assert any(g.endswith("schedule items") for g in gone)
    assert _day(demo_store, "2026-10-24") is None


def test_a_new_place_on_another_clock_keeps_the_wall_times(demo_store):
    gig_id = _day(demo_store, "2026-10-24")
    notes = itinerary.set_day(demo_store, gig_id, {"venue": "", "city": "Lisbon",
                                                   "country": "PT", "zone": "Europe/Lisbon"})
    d = gigs.detail(demo_store, gig_id)
    assert d.venue is None and d.timezone == "Europe/Lisbon"
    assert {i.timezone for i in d.items} == {"Europe/Lisbon"} and notes
    with pytest.raises(ValidationError, match="nothing to change"):
        itinerary.set_day(demo_store, gig_id, {})


# -- the CLI --


def test_cli_day_and_schedule_commands(demo_path):
    db = ("--db", str(demo_path))
    ok = run_cli(*db, "gig", "add", "--tour", TOUR, "2026-12-10", "--kind", "show",
                 "--city", "Oslo", "--country", "NO", "--zone", "Europe/Oslo")
    assert ok.returncode == 0, ok.stderr
    ok = run_cli(*db, "schedule", "add", "--tour", TOUR, "2026-12-10", "--what", "bus call",
                 "--at", "08:30", "--for", "band")
    assert ok.returncode == 0, ok.stderr
    run_cli(*db, "schedule", "add", "--tour", TOUR, "2026-12-10", "--what", "set", "--at",
            "23:30", "--until", "00:45")
    listed = run_cli(*db, "schedule", "list", "--tour", TOUR, "2026-12-10").stdout
    assert "Bus call" in listed and "band" in listed and "00:45+1" in listed
    ok = run_cli(*db, "schedule", "set", "--tour", TOUR, "2026-12-10", "--what", "bus call",
                 "--at", "09:00")
    assert ok.returncode == 0 and "Bus call 09:00" in ok.stdout
    ok = run_cli(*db, "gig", "move", "--tour", TOUR, "2026-12-10", "--to", "2026-12-11")
    assert ok.returncode == 0, ok.stderr
    assert "Bus call" in run_cli(*db, "schedule", "list", "--tour", TOUR, "2026-12-11").stdout
    ok = run_cli(*db, "schedule", "remove", "--tour", TOUR, "2026-12-11", "--what", "set")
    assert ok.returncode == 0 and "removed Set 23:30" in ok.stdout
    ok = run_cli(*db, "gig", "set", "--tour", TOUR, "2026-12-11", "--status", "hold")
    assert ok.returncode == 0
    assert "hold" in run_cli(*db, "gig", "list", "--tour", TOUR).stdout.splitlines()[-1]
    ok = run_cli(*db, "gig", "remove", "--tour", TOUR, "2026-12-11")
    assert ok.returncode == 0 and "1 schedule items" in ok.stdout
    assert_one_line_refusal(
        run_cli(*db, "schedule", "add", "--tour", TOUR, "2026-10-24", "--what", "x", "--at",
                "7pm"), "at:", "is not a time")
    assert_one_line_refusal(
        run_cli(*db, "gig", "move", "--tour", TOUR, "2026-10-24", "--to", "2026-10-23"),
        "already has a gig day on 2026-10-23")
