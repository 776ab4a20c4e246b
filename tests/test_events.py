"""Several events a day: a gig day is its own first event and may carry further ones,
each with its place, clock, status, schedule, calls and settlement. The migration keeps
every existing row's meaning; two processes adding events to one day never lose one;
staffing sees two events of a day as two shifts; the tour's calendar has one block per
event."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import time as clock
from datetime import date, time
from pathlib import Path

import pytest

from tourdesk.domain.kinds import GigKind, GigStatus
from tourdesk.domain.staffing import ConflictKind, Rules, Shift, find_conflicts
from tourdesk.services import events, itinerary, settlements
from tourdesk.services.calendar import export_tour
from tourdesk.services.settlements import TermsInput, save_terms, sheet_for, terms_from_input
from tourdesk.services.staffing import conflicts
from tourdesk.store import crew, gigs, open_store, tours
from tourdesk.store.errors import ConflictError, NotFoundError

from conftest import FIXED_NOW, PYTHON, assert_one_line_refusal, old_schema_copy, run_cli

TOUR = "Northern Lights Tour 2026"


def _show_day(store) -> tuple[int, str]:
    """The demo's first show at a venue, with a settlement already (id, ISO date)."""
    tour_id = tours.named(store, TOUR).id
    settled = set(store.conn.execute("SELECT gig_day_id FROM settlements").fetchall())
    for row in gigs.rows_for_tour(store, tour_id):
        if row.kind is GigKind.SHOW and row.venue and (row.id,) in settled:
            return row.id, row.date.isoformat()
    raise AssertionError("the demo has no settled show")


# -- the migration --


def _rows(conn: sqlite3.Connection, table: str) -> list[dict]:
    conn.row_factory = sqlite3.Row
    rows = [dict(r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY id")]
    conn.row_factory = None
    return rows


def test_a_file_of_the_version_before_keeps_every_day_item_call_and_settlement(
        demo_path: Path, tmp_path: Path) -> None:
    from tourdesk.store.schema import _V22, MIGRATIONS, SCHEMA_VERSION

    before = MIGRATIONS.index(_V22)
    old = tmp_path / "old.db"
    old_schema_copy(demo_path, old, steps=before)
    conn = sqlite3.connect(old)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == before
    kept = {t: _rows(conn, t) for t in ("gig_days", "schedule_items", "assignments",
                                        "settlements", "settlement_tickets",
                                        "settlement_deductions", "budget_lines")}
    conn.close()
    assert kept["settlements"] and kept["settlement_tickets"] and kept["schedule_items"]

    s = open_store(old, "tester", clock=lambda: FIXED_NOW)
    assert s.schema_version() == SCHEMA_VERSION
    conn = s.conn
    assert _rows(conn, "gig_days") == kept["gig_days"]
    for table in ("schedule_items", "assignments", "settlements"):
        now = _rows(conn, table)
        assert all(r["event_id"] is None for r in now)  # each the day's own event
        assert [{k: v for k, v in r.items() if k != "event_id"} for r in now] == kept[table]
    for table in ("settlement_tickets", "settlement_deductions", "budget_lines"):
        assert _rows(conn, table) == kept[table]
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # what hangs on a settlement still goes with it, and a day still has one of its own
    gig_id, _ = _show_day(s)
    sid = conn.execute("SELECT id FROM settlements WHERE gig_day_id = ?", [gig_id]).fetchone()[0]
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO settlements (gig_day_id, deal, currency, guarantee_minor, "
                     "updated_at, updated_by) VALUES (?, 'flat', 'EUR', 1, 'now', 't')",
                     [gig_id])
    assert sheet_for(s, gig_id).sheet.payout is not None
    conn.execute("DELETE FROM settlements WHERE id = ?", [sid])
    assert conn.execute("SELECT count(*) FROM settlement_tickets WHERE settlement_id = ?",
                        [sid]).fetchone()[0] == 0
    s.close()


# -- events, their items and settlements --


def test_a_second_show_has_its_place_clock_items_and_settlement(demo_store) -> None:
    s = demo_store
    gig_id, _ = _show_day(s)
    main_before = sheet_for(s, gig_id).sheet.payout
    festival = events.add_event(s, gig_id, {"label": "Festival", "city": "Reykjavik",
                                             "country": "IS", "zone": "Atlantic/Reykjavik"})
    assert festival.timezone == "Atlantic/Reykjavik" and festival.place == "Reykjavik"
    item = itinerary.add_item(s, gig_id, {"what": "set", "at": "15:00", "until": "16:00",
                                          "event": "festival"})
    assert item.event_id == festival.id and item.timezone == "Atlantic/Reykjavik"
    d = gigs.detail(s, gig_id)
    assert [i.id for i in d.event_items(festival.id)] == [item.id]
    assert item.id not in {i.id for i in d.main_items}
    # the day's plan (its seven main times) is the main event's alone
    plan, _ = gigs.plan(s, gig_id)
    assert all(t.event_id is None for t in plan.times.values() if t is not None)

    terms = terms_from_input(TermsInput("flat", "EUR", guarantee="4000"))
    save_terms(s, gig_id, terms, festival.id)
    assert sheet_for(s, gig_id, festival.id).sheet.payout.plain() == "4000.00"
    assert sheet_for(s, gig_id).sheet.payout == main_before  # the day's own is untouched
    assert "Festival, Reykjavik" in sheet_for(s, gig_id, festival.id).title

    with pytest.raises(ConflictError, match="has a settlement"):
        events.remove_event(s, gig_id, "Festival")
    went = events.remove_event(s, gig_id, "festival", force=True)
    assert went == ["1 schedule items", "1 settlement"]
    assert gigs.detail(s, gig_id).events == ()
    with pytest.raises(NotFoundError):
        sheet_for(s, gig_id, festival.id)


def test_labels_are_the_days_own_and_main_names_the_day(demo_store) -> None:
    s = demo_store
    gig_id, _ = _show_day(s)
    events.add_event(s, gig_id, {"label": "Late show"})
    with pytest.raises(Exception, match="already has an event 'late SHOW'"):
        events.add_event(s, gig_id, {"label": "late SHOW"})
    with pytest.raises(Exception, match="names the day's own event"):
        events.add_event(s, gig_id, {"label": "Main"})
    assert events.find_event(s, gig_id, "main") is None
    with pytest.raises(NotFoundError, match="no such event 'Matinee'"):
        events.find_event(s, gig_id, "Matinee")


CHILD = r"""
import json, sys, time
from tourdesk.services.events import add_event
from tourdesk.store import open_store
path, start, gig_id, label = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
store = open_store(path, label.replace(" ", "-").lower())
while time.time() < start:
    pass
try:
    add_event(store, gig_id, {"label": label})
    print(json.dumps({"added": label}))
except Exception as exc:  # a refusal is one line, never a lost write
    print(json.dumps({"refused": str(exc)}))
"""


@pytest.mark.slow
def test_two_processes_adding_events_to_one_day(demo_path: Path) -> None:
    s = open_store(demo_path, "tester", clock=lambda: FIXED_NOW)
    gig_id, _ = _show_day(s)
    s.close()
    start = clock.time() + 1.5  # both children are up and spinning by then
    labels = ["Festival", "Late show", "Festival"]
    procs = [subprocess.Popen([PYTHON, "-c", CHILD, str(demo_path), str(start), str(gig_id),
                               label], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for label in labels]
    results = [json.loads(p.communicate(timeout=60)[0]) for p in procs]
    assert all(p.returncode == 0 for p in procs)
    added = sorted(r["added"] for r in results if "added" in r)
    refused = [r["refused"] for r in results if "refused" in r]
    assert added == ["Festival", "Late show"]  # each label once, neither lost
    assert len(refused) == 1 and "already has an event 'Festival'" in refused[0]
    s = open_store(demo_path, "tester", clock=lambda: FIXED_NOW)
    assert sorted(e.label for e in gigs.detail(s, gig_id).events) == added
    assert s.conn.execute("SELECT count(*) FROM changes WHERE entity = 'events'").fetchone()[0] \
        == 2
    s.close()


# -- staffing --

D = date(2026, 10, 24)


def _shift(event_id: int | None, first: time, last: time, **kw: object) -> Shift:
    values: dict = dict(
        assignment_id=(event_id or 0) + 1, person_id=1, person="Rob Tanner", role="driver",
        gig_day_id=10, tour="T", date=D, kind=GigKind.SHOW, status=GigStatus.CONFIRMED,
        place=f"event {event_id}", zone="Europe/Berlin", coordinates=None, call=None,
        first_item=first, last_item=(D, last), event_id=event_id)
    values.update(kw)
    return Shift(**values)


def test_two_events_of_a_day_are_a_double_booking_only_when_they_overlap() -> None:
    afternoon = _shift(5, time(13, 0), time(15, 0), last_end=(D, time(16, 0)))
    night = _shift(None, time(18, 0), time(23, 0))
    assert find_conflicts([afternoon, night], [], {}, {}, Rules()) == []
    early_night = _shift(None, time(15, 30), time(23, 0))
    found = find_conflicts([afternoon, early_night], [], {}, {}, Rules())
    assert [c.kind for c in found] == [ConflictKind.DOUBLE_BOOKED]
    assert "at the same time" in found[0].why
    # two gig days on one date are still a double booking, whatever their times
    elsewhere = _shift(None, time(8, 0), time(9, 0), gig_day_id=11, place="Oslo")
    assert [c.kind for c in find_conflicts([night, elsewhere], [], {}, {}, Rules())] == [
        ConflictKind.DOUBLE_BOOKED]


def test_a_call_on_an_event_is_its_own_shift(demo_store) -> None:
    s = demo_store
    gig_id, _ = _show_day(s)
    tour_id = tours.named(s, TOUR).id
    person = crew.person_named(s, "rob")
    for a in crew.assignments_on(s, gig_id):
        if a.person_id == person.id:
            crew.unassign(s, a.id)
    festival = events.add_event(s, gig_id, {"label": "Festival"})
    itinerary.add_item(s, gig_id, {"what": "soundcheck", "at": "10:00", "event": "Festival"})
    itinerary.add_item(s, gig_id, {"what": "set", "at": "11:00", "until": "12:00",
                                   "event": "Festival"})
    crew.assign(s, gig_id, person, "driver", event_id=festival.id)
    crew.assign(s, gig_id, person, "driver", call=time(18, 0))  # and the night's show
    mine = [sh for sh in crew.shifts(s, person=person.id) if sh.gig_day_id == gig_id]
    assert sorted(sh.event_id or 0 for sh in mine) == [0, festival.id]
    assert {sh.place.split(",")[0] for sh in mine if sh.event_id} == {"Festival"}

    def doubles() -> list:
        return [c for c in conflicts(s, tour_id) if c.kind is ConflictKind.DOUBLE_BOOKED
                and c.person_id == person.id and gig_id in c.gig_day_ids]

    assert doubles() == []  # the festival ends at noon, the call is at six
    itinerary.add_item(s, gig_id, {"what": "other", "at": "19:00", "event": "Festival"})
    found = doubles()
    assert len(found) == 1 and "at the same time" in found[0].why


# -- calendars --


def test_the_tour_calendar_has_one_block_per_event(demo_store) -> None:
    s = demo_store
    gig_id, _ = _show_day(s)
    tour_id = tours.named(s, TOUR).id
    before = export_tour(s, tour_id, only_gig=gig_id).decode()
    festival = events.add_event(s, gig_id, {"label": "Festival", "city": "Reykjavik",
                                             "zone": "Atlantic/Reykjavik"})
    itinerary.add_item(s, gig_id, {"what": "set", "at": "15:00", "event": "Festival"})
    after = export_tour(s, tour_id, only_gig=gig_id).decode()
    assert before.count("BEGIN:VEVENT") == 1 and after.count("BEGIN:VEVENT") == 2
    assert f"UID:gig-{gig_id}-event-{festival.id}-" in after
    block = after[after.index(f"UID:gig-{gig_id}-event-"):]
    assert "SUMMARY:Festival · Show: Reykjavik" in block
    assert "DTSTART;TZID=Atlantic/Reykjavik:" in block
    main = after[:after.index(f"UID:gig-{gig_id}-event-")]
    assert "15:00    Set" not in main.replace("\r\n ", "")  # not in the day's own block


def test_the_bands_calendar_puts_a_further_events_items_at_its_place(demo_store) -> None:
    from tourdesk.services.calendar import Audience, Scope

    s = demo_store
    gig_id, _ = _show_day(s)
    events.add_event(s, gig_id, {"label": "Festival", "city": "Reykjavik",
                                 "zone": "Atlantic/Reykjavik", "status": "hold"})
    itinerary.add_item(s, gig_id, {"what": "set", "at": "15:00", "event": "Festival",
                                   "for": "band"})
    band = export_tour(s, tours.named(s, TOUR).id, only_gig=gig_id,
                       scope=Scope(Audience.BAND)).decode().replace("\r\n ", "")
    item = next(e for e in band.split("BEGIN:VEVENT") if "Festival · Set" in e)
    # the event's place, clock and status, not the day's venue
    assert "SUMMARY:HOLD · Festival · Set: Reykjavik" in item
    assert "LOCATION:Reykjavik" in item
    assert "DTSTART;TZID=Atlantic/Reykjavik:" in item and "STATUS:TENTATIVE" in item


# -- the command line --


def test_event_commands(demo_path: Path) -> None:
    s = open_store(demo_path, "tester", clock=lambda: FIXED_NOW)
    _, day = _show_day(s)
    s.close()
    db = ("--db", str(demo_path))
    added = run_cli(*db, "event", "add", "--tour", TOUR, "--label", "Festival", "--city",
                    "Reykjavik", "--zone", "Atlantic/Reykjavik", day)
    assert added.returncode == 0, added.stderr
    assert run_cli(*db, "schedule", "add", "--tour", TOUR, "--what", "set", "--at", "15:00",
                   "--event", "festival", day).returncode == 0
    listed = run_cli(*db, "event", "list", "--tour", TOUR, day).stdout
    assert "main" in listed and "Festival" in listed and "Atlantic/Reykjavik" in listed
    assert "15:00–15:00" in listed
    items = run_cli(*db, "schedule", "list", "--tour", TOUR, day).stdout
    assert "Festival" in items.splitlines()[-1] or "Festival" in items
    assert_one_line_refusal(run_cli(*db, "event", "add", "--tour", TOUR, "--label",
                                    "FESTIVAL", day), "label", "already has an event")
    assert_one_line_refusal(run_cli(*db, "schedule", "add", "--tour", TOUR, "--what", "set",
                                    "--at", "15:00", "--event", "Nope", day),
                            "no such event 'Nope'")
    settled = run_cli(*db, "settle", "set", "--tour", TOUR, "--day", day, "--event",
                      "Festival", "--deal", "flat", "--currency", "EUR", "--guarantee", "900")
    assert settled.returncode == 0, settled.stderr
    assert "900.00" in run_cli(*db, "settle", "show", "--tour", TOUR, "--day", day,
                               "--event", "Festival").stdout
    assert_one_line_refusal(run_cli(*db, "event", "remove", "--tour", TOUR, "--event",
                                    "Festival", day), "has a settlement")
    gone = run_cli(*db, "event", "remove", "--tour", TOUR, "--event", "Festival", "--force",
                   day)
    assert gone.returncode == 0 and "1 schedule items, 1 settlement" in gone.stdout


def test_settlements_service_names_the_missing_event(demo_store) -> None:
    gig_id, _ = _show_day(demo_store)
    with pytest.raises(NotFoundError, match="event 999"):
        settlements.sheet_for(demo_store, gig_id, 999)


# -- a studio session's engineer --


def test_a_studio_engineer_on_the_crew_list_is_busy_for_the_sessions_hours(demo_store):
    from tourdesk.services.daysheet import day_calls
    from tourdesk.services.staffing import pay
    from tourdesk.services.studio import add_session, set_session

    s = demo_store
    gig_id, _ = _show_day(s)
    tour_id = tours.named(s, TOUR).id
    person = crew.person_named(s, "rob")
    for a in crew.assignments_on(s, gig_id):
        if a.person_id == person.id:
            crew.unassign(s, a.id)
    crew.assign(s, gig_id, person, "driver", call=time(18, 0))
    paid_before = [b for b in pay(s, tour_id, TOUR) if b.person_id == person.id]
    session = add_session(s, gig_id, {"studio": "Hansa", "room": "Studio 2",
                                       "engineer": person.name, "from": "10:00",
                                       "until": "13:00"})

    def doubles() -> list:
        return [c for c in conflicts(s, tour_id) if c.kind is ConflictKind.DOUBLE_BOOKED
                and c.person_id == person.id and gig_id in c.gig_day_ids]

    assert doubles() == []  # over before the call
    calls = [c for c in day_calls(s, gig_id) if c.studio_id == session.id]
    assert [(c.person, c.first_item) for c in calls] == [(person.name, time(10, 0))]
    set_session(s, gig_id, {"until": "19:00"}, session_id=session.id)
    found = doubles()
    assert len(found) == 1 and "Hansa, Studio 2" in found[0].why
    # the session is paid by its rate: the engineer's pay basis does not change
    assert [b for b in pay(s, tour_id, TOUR) if b.person_id == person.id] == paid_before
    assert not [c for c in conflicts(s, tour_id) if c.kind is ConflictKind.WRONG_ROLE
                and "studio engineer" in c.why]


def test_an_event_is_in_the_days_history_and_goes_with_the_day(demo_store) -> None:
    from tourdesk.services.history import day_lines

    s = demo_store
    gig_id, _ = _show_day(s)
    events.add_event(s, gig_id, {"label": "Festival"})
    assert any("event Festival added" in line for line in map(str, day_lines(s, gig_id)))
    went = itinerary.remove_day(s, gig_id, force=True)
    assert "1 further events" in went
    assert s.conn.execute("SELECT count(*) FROM events").fetchone()[0] == 0
