"""Advancing per show: the rules (states, who answered, templates, what is due), local
crew confirmed by the venue filling the staffing needs, the commands, who may change
it, the screen behind `v` on a gig day, and the step that adds it to an older file."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from test_paperwork import _no_session_watch, login, run  # noqa: F401

from tourdesk.domain.advancing import (
    AdvanceItem,
    AdvanceState,
    Area,
    area,
    count,
    due,
    local_crew,
    progress,
    state,
)
from tourdesk.domain.errors import ValidationError, ValidationErrors
from tourdesk.services import advancing, staffing
from tourdesk.store import Store, crew, gigs, open_store, tours
from tourdesk.store.errors import ConflictError, ForbiddenError, NotFoundError
from tourdesk.tui.app import TourDeskApp
from tourdesk.tui.screens.advance import AdvanceScreen
from tourdesk.tui.screens.gig_day import GigDayScreen

from conftest import ROLE_LOGINS, TODAY
from tui_helpers import press, screen_text, settle

TOUR = "Northern Lights Tour 2026"
MANAGER, CREW, BAND = (ROLE_LOGINS[r] for r in ("manager", "crew", "band"))


def day(s: Store, on: str) -> int:
    gig_id = gigs.id_on(s, tours.named(s, TOUR).id, date.fromisoformat(on))
    assert gig_id is not None
    return gig_id


def table_rows(path: Path, table: str) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()


# -- the rules --


def test_what_may_be_typed_for_an_area_a_state_and_a_count():
    assert area("PA and console") is Area.PA and area("local crew") is Area.LOCAL_CREW
    assert area("Local-Crew") is Area.LOCAL_CREW and area("rider") is Area.HOSPITALITY
    assert state("to ask") is AdvanceState.TO_ASK and state("CHANGED") is AdvanceState.CHANGED
    assert count("") is None and count("none") is None and count(" 6 ") == 6
    for bad in ("0", "1000", "six"):
        with pytest.raises(ValidationError, match="count"):
            count(bad)
    with pytest.raises(ValidationError, match="area: one of backline"):
        area("lighting")


def test_a_show_is_advanced_when_every_item_is_confirmed_or_changed():
    def item(s: AdvanceState) -> AdvanceItem:
        return AdvanceItem(1, Area.POWER, "63 A", state=s)

    assert not progress([]).done and progress([]).line == "not started"
    settled = progress([item(AdvanceState.CONFIRMED), item(AdvanceState.CHANGED)])
    assert settled.done and settled.line == "2/2 settled"
    open_ = progress([item(AdvanceState.CONFIRMED), item(AdvanceState.DECLINED),
                      item(AdvanceState.TO_ASK)])
    assert not open_.done and open_.line == "1/3 settled · 1 to ask · 1 declined"
    shows = [(date(2026, 10, 20), open_), (date(2026, 10, 25), settled),
             (date(2026, 11, 3), progress([])), (date(2026, 11, 4), progress([])),
             (date(2026, 10, 19), open_)]
    assert [on for on, _ in due(shows, date(2026, 10, 20))] == [date(2026, 10, 20),
                                                                 date(2026, 11, 3)]


def test_only_local_crew_the_venue_settled_counts_by_role():
    found = local_crew([
        AdvanceItem(1, Area.LOCAL_CREW, "Stagehand", 6, AdvanceState.CONFIRMED),
        AdvanceItem(1, Area.LOCAL_CREW, "stagehand ", 2, AdvanceState.CHANGED),
        AdvanceItem(1, Area.LOCAL_CREW, "loader", 4, AdvanceState.REQUESTED),
        AdvanceItem(1, Area.BACKLINE, "stagehand", 9, AdvanceState.CONFIRMED),
        AdvanceItem(2, Area.LOCAL_CREW, "runner", None, AdvanceState.CONFIRMED)])
    assert found == {(1, "stagehand"): 8, (2, "runner"): 1}


# -- the service --


def test_an_answer_records_the_venue_contact_and_when(roles_path):
    dana = login(roles_path, MANAGER)
    paradiso = day(dana, "2026-10-22")
    made = advancing.add_item(dana, paradiso, {"area": "backline", "item": "Organ"})
    assert made.state is AdvanceState.TO_ASK and made.answered_at is None
    done = advancing.set_item(dana, made.id, {"state": "confirmed",
                                              "contact": "sanne de vries", "note": "Hammond"})
    assert done.state is AdvanceState.CONFIRMED and done.contact.startswith("Sanne de Vries")
    assert (done.answered_at or "").startswith("2026-10-20T09:00")  # the store's clock
    back = advancing.set_item(dana, made.id, {"state": "requested"})
    assert back.answered_at is None and back.contact_id == done.contact_id
    # another venue's contact, or nobody by that name: refused, nothing changed
    with pytest.raises(NotFoundError, match="Paradiso has no contact 'Priya Shah'"):
        advancing.set_item(dana, made.id, {"state": "confirmed", "contact": "Priya Shah"})
    now = next(i for i in advancing.items(dana, paradiso) if i.id == made.id)
    assert now.state is AdvanceState.REQUESTED and now.version == back.version


def test_a_change_made_meanwhile_is_refused(roles_path):
    dana = login(roles_path, MANAGER)
    item = advancing.items(dana, day(dana, "2026-10-21"))[0]
    advancing.set_item(dana, item.id, {"note": "asked twice"})
    with pytest.raises(ConflictError, match="changed by someone else"):
        advancing.set_item(dana, item.id, {"state": "declined"},
                           expected_version=item.version)
    assert advancing.items(dana, day(dana, "2026-10-21"))[0].state is item.state


def test_bad_input_names_every_field_and_stores_nothing(roles_path):
    dana = login(roles_path, MANAGER)
    before = table_rows(roles_path, "advance_items")
    with pytest.raises(ValidationErrors) as refused:
        advancing.add_item(dana, day(dana, "2026-10-22"),
                           {"area": "lights", "item": " ", "count": "-1"})
    assert {e.field for e in refused.value.errors} == {"area", "item", "count"}
    with pytest.raises(ConflictError, match="advancing is for shows"):
        advancing.add_item(dana, day(dana, "2026-10-26"), {"area": "power", "item": "x"})
    with pytest.raises(ConflictError, match="cancelled"):
        advancing.add_item(dana, day(dana, "2026-11-23"), {"area": "power", "item": "x"})
    assert table_rows(roles_path, "advance_items") == before


def test_a_template_adds_what_the_show_has_not_got(roles_path):
    dana = login(roles_path, MANAGER)
    tour_id = tours.named(dana, TOUR).id
    oslo = day(dana, "2026-10-31")
    assert advancing.items(dana, oslo) == []
    assert advancing.apply_template(dana, oslo, "club SHOW") == 12
    assert advancing.apply_template(dana, oslo, "Club show") == 0  # nothing twice
    advancing.add_template_item(dana, tour_id, {"template": "Club show", "area": "power",
                                                "item": "Camera power FOH"})
    assert advancing.apply_template(dana, oslo, "Club show") == 1
    with pytest.raises(NotFoundError, match=r"no advance template 'Arena'.*Club show"):
        advancing.apply_template(dana, oslo, "Arena")


def test_the_tour_names_the_shows_due_soon_that_are_not_advanced(roles_path):
    dana = login(roles_path, MANAGER)
    state_ = advancing.tour_state(dana, tours.named(dana, TOUR).id, TODAY, 7)
    assert [s.row.date.isoformat() for s in state_.due] == [
        "2026-10-21", "2026-10-22", "2026-10-23", "2026-10-24", "2026-10-25", "2026-10-27"]
    brussels = next(s for s in state_.shows if s.row.date == TODAY)
    assert brussels.progress.done  # tonight's show, fully advanced, is not named


def test_local_crew_confirmed_by_the_venue_fills_the_staffing_need(roles_path):
    dana = login(roles_path, MANAGER)
    tour_id = tours.named(dana, TOUR).id
    oslo = day(dana, "2026-10-31")
    crew.set_need(dana, oslo, "Stagehand", 6)

    def short() -> list[str]:
        return [c.why for c in staffing.conflicts(dana, tour_id)
                if oslo in c.gig_day_ids and "stagehand" in c.why.casefold()]

    assert short() == ["Rockefeller Music Hall needs 6 Stagehand, has 0"]
    asked = advancing.add_item(dana, oslo, {"area": "local crew", "item": "stagehand",
                                            "count": "4", "state": "requested"})
    assert len(short()) == 1  # asked is not confirmed
    advancing.set_item(dana, asked.id, {"state": "confirmed", "contact": "Kari Hansen"})
    assert short() == ["Rockefeller Music Hall needs 6 Stagehand, has 4 (4 from the venue)"]
    board = staffing.board(dana, tour_id)
    assert next(n for n in board.needs[oslo] if n.role == "Stagehand").local == 4
    advancing.set_item(dana, asked.id, {"count": "6"})
    assert short() == []


# -- who may --


@pytest.mark.parametrize("who", [CREW, BAND])
def test_crew_and_band_read_the_advance_and_change_nothing(roles_path, who):
    s = login(roles_path, who)
    paradiso = day(s, "2026-10-22")
    item = advancing.items(s, paradiso)[0]
    before = table_rows(roles_path, "advance_items")
    for attempt in (
        lambda: advancing.set_item(s, item.id, {"state": "confirmed"}),
        lambda: advancing.add_item(s, paradiso, {"area": "power", "item": "x"}),
        lambda: advancing.remove_item(s, item.id),
        lambda: advancing.apply_template(s, paradiso, "Club show"),
    ):
        with pytest.raises(ForbiddenError, match=rf"{who} \(\w+\) may not change the schedule"):
            attempt()
    assert table_rows(roles_path, "advance_items") == before
    # and below the service: the connection refuses the table itself
    with pytest.raises(ForbiddenError), s.write() as db:
        db.execute("UPDATE advance_items SET state = 'confirmed'")
    assert table_rows(roles_path, "advance_items") == before
    s.close()


# -- the commands --


def test_the_commands_list_set_and_apply(roles_path):
    listed = run(roles_path, MANAGER, "advance", "list", "--tour", TOUR, "2026-10-22")
    assert listed.exit_code == 0, listed.output
    assert "✗ declined" in listed.output and "Sanne de Vries (production)" in listed.output
    overview = run(roles_path, MANAGER, "advance", "list", "--tour", TOUR, "--days", "3",
                   "--today", "2026-10-20")
    assert "Ancienne Belgique" in overview.output and "12/12 settled" in overview.output
    assert ("Not fully advanced within 3 days: 21 Oct Utrecht (2/12 settled · 9 to ask · "
            "1 requested), 22 Oct Amsterdam") in overview.output
    ids = [str(i.id) for i in advancing.items(login(roles_path, MANAGER),
                                              day(login(roles_path, MANAGER), "2026-10-21"))]
    done = run(roles_path, MANAGER, "advance", "set", ids[0], ids[1], "--state", "confirmed",
               "--note", "by phone")
    assert done.exit_code == 0 and done.output.count("confirmed:") == 2, done.output
    applied = run(roles_path, MANAGER, "advance", "template", "apply", "--tour", TOUR,
                  "Club show", "2026-10-31", "2026-11-04")
    assert applied.output.splitlines() == ["2026-10-31: 12 items added",
                                           "2026-11-04: 12 items added"]


def test_a_refused_command_is_one_line_and_changes_nothing(roles_path):
    before = table_rows(roles_path, "advance_items")
    ids = [str(i.id) for i in advancing.items(login(roles_path, MANAGER),
                                              day(login(roles_path, MANAGER), "2026-10-21"))]
    for who, args, says in [
        (MANAGER, ("advance", "set", ids[0], ids[1], "--state", "confirmd"), "state: one of"),
        (MANAGER, ("advance", "set", ids[0], "999999", "--state", "confirmed"),
         "advance item 999999 does not exist"),
        (MANAGER, ("advance", "set", ids[0]), "say what to change"),
        (MANAGER, ("advance", "template", "apply", "--tour", TOUR, "Club show", "2026-10-31",
                   "2026-10-26"), "advancing is for shows"),
        (CREW, ("advance", "set", ids[0], "--state", "confirmed"), "may not change the schedule"),
    ]:
        result = run(roles_path, who, *args)
        assert result.exit_code == 2, (args, result.output)
        assert says in result.output and len(result.output.strip().splitlines()) == 1, \
            result.output
    assert table_rows(roles_path, "advance_items") == before


def test_the_day_sheet_says_where_the_advance_stands(roles_path):
    sheet = run(roles_path, BAND, "daysheet", "--tour", TOUR, "2026-10-22")
    assert sheet.exit_code == 0, sheet.output
    assert "Advance" in sheet.output and "3/12 settled · 8 to ask · 1 declined" in sheet.output


# -- the screen --


def app_as(path: Path, who: str) -> TourDeskApp:
    return TourDeskApp(login(path, who), today=TODAY)


async def open_advance(pilot, *days_on: str) -> None:
    await settle(pilot)
    await press(pilot, "enter", *days_on, "v")
    assert isinstance(pilot.app.screen, AdvanceScreen)


async def test_a_manager_confirms_and_names_who_answered(roles_path):
    app = app_as(roles_path, MANAGER)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_advance(pilot, "n", "n")  # Paradiso, Thu 22 Oct
        text = screen_text(pilot)
        assert "3/12 settled · 8 to ask · 1 declined" in text and "Backline" in text
        first = advancing.items(app.store, day(app.store, "2026-10-22"))[0]
        await press(pilot, "c")
        await press(pilot, "w", "enter")  # the first contact: Sanne de Vries
        now = next(i for i in advancing.items(app.store, day(app.store, "2026-10-22"))
                   if i.id == first.id)
        assert now.state is AdvanceState.CONFIRMED and now.contact.startswith("Sanne")
        assert "4/12 settled" in screen_text(pilot)
        await press(pilot, "escape")
        assert isinstance(app.screen, GigDayScreen)


async def test_a_template_goes_on_a_show_from_the_screen(roles_path):
    app = app_as(roles_path, MANAGER)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_advance(pilot, *["n"] * 8)  # Copenhagen, Wed 28 Oct: nothing asked yet
        assert "nothing asked yet" in screen_text(pilot)
        await press(pilot, "t", "enter")
        assert len(advancing.items(app.store, day(app.store, "2026-10-28"))) == 12
        assert "0/12 settled · 12 to ask" in screen_text(pilot)


async def test_crew_read_the_advance_and_their_keys_change_nothing(roles_path):
    before = table_rows(roles_path, "advance_items")
    app = app_as(roles_path, CREW)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_advance(pilot, "n", "n")
        text = screen_text(pilot)
        assert "Backline" in text and "Confirmed" not in text  # no write keys offered
        await press(pilot, "c", "x", "t", "n")
        assert isinstance(app.screen, AdvanceScreen)
    assert table_rows(roles_path, "advance_items") == before


async def test_v_on_a_day_off_says_it_is_not_a_show(roles_path):
    app = app_as(roles_path, MANAGER)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "enter", *["n"] * 6, "v")  # Mon 26 Oct: a day off in Hamburg
        assert isinstance(app.screen, GigDayScreen)
        assert any("advancing is for shows" in n.message for n in app._notifications)


# -- the schema step --


def test_the_step_adds_advancing_to_a_file_with_data(db_path):
    from tourdesk.store.schema import MIGRATIONS, SCHEMA_VERSION

    conn = sqlite3.connect(db_path, isolation_level=None)
    for version, step in enumerate(MIGRATIONS[:-1], start=1):
        for statement in step:
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {version}")
    conn.execute("INSERT INTO tours (name, updated_at, updated_by) VALUES ('Old', 't', 'x')")
    conn.close()
    s = open_store(db_path, "tester")
    assert s.schema_version() == SCHEMA_VERSION
    assert [t.name for t in tours.summaries(s)] == ["Old"]
    assert advancing.template_items(s, tours.named(s, "Old").id) == []
    with pytest.raises(sqlite3.IntegrityError):  # an answer with no state to answer
        s.conn.execute("INSERT INTO advance_items (gig_day_id, area, item, state, answered_at,"
                       " updated_at, updated_by) VALUES (1, 'pa', 'x', 'to_ask', 't', 't', 'x')")
    s.close()


async def test_hostile_text_on_the_advance_screen_is_shown_as_text(roles_path):
    from test_terminal_safety import EVIL, EVIL_NOTE, UNSAFE

    s = login(roles_path, MANAGER)
    first = advancing.items(s, day(s, "2026-10-22"))[0]
    with sqlite3.connect(roles_path) as conn:  # as an older version or a script could
        conn.execute("UPDATE advance_items SET item = item || ?, note = ? WHERE id = ?",
                     [EVIL, EVIL_NOTE, first.id])
    app = app_as(roles_path, MANAGER)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_advance(pilot, "n", "n")
        text = screen_text(pilot)
        assert "[b]x[/b]" in text and "␛]0;pwned" in text
        assert UNSAFE.search(text) is None


async def test_the_overview_counts_the_shows_due_that_are_not_advanced(roles_path):
    app = app_as(roles_path, MANAGER)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert "9 to advance ≤14d" in screen_text(pilot)
        s = login(roles_path, MANAGER)
        for i in advancing.items(s, day(s, "2026-10-21")):
            advancing.set_item(s, i.id, {"state": "confirmed"})
        app.screen.reload()
        await settle(pilot)
        text = screen_text(pilot)
        assert "8 to advance ≤14d" in text
        # the wide overview's Advance column says where each show stands
        rows = {ln[1:12].strip(): ln for ln in text.splitlines()}
        assert " done " in rows["Wed 21 Oct"] and " done " in rows["Tue 20 Oct"]
        assert "0/12" in rows["Tue 27 Oct"]
