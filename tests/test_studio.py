"""Studio sessions: hours (past midnight, across a clock change), the derived `studio`
budget line, the day sheet line without the rate, and who sees the rate."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tourdesk.domain.budget import line_from_fields
from tourdesk.domain.errors import ValidationErrors
from tourdesk.services import studio as sessions
from tourdesk.services.budgets import budget
from tourdesk.services.daysheet import render_markdown, render_text
from tourdesk.store import gigs, open_store, studio, tours
from tourdesk.store.errors import ForbiddenError, NotFoundError

from conftest import FIXED_NOW, ROLE_LOGINS, TODAY, make_show, run_cli

TOUR = "Northern Lights Tour 2026"


def test_an_hourly_session_past_midnight_costs_its_hours(store):
    gig = make_show(store)  # Oslo, 21 Oct
    s = sessions.add_session(store, gig, {"studio": "Rainbow", "room": "A",
                                          "engineer": "Kari Nord", "from": "20:00",
                                          "until": "02:00", "rate": "95.50", "currency": "NOK"})
    assert (s.engineer, s.engineer_id) == ("Kari Nord", None)  # an outside engineer
    [row] = sessions.sessions(store, gig)
    assert row.hours == "20:00–02:00+1 (6 h)"
    assert str(row.cost) == "573.00 NOK"


def test_a_night_across_the_autumn_clock_change_is_billed_for_the_hours_it_had(store):
    gig = make_show(store, "2026-10-24")  # Oslo: 03:00 becomes 02:00 on the 25th
    sessions.add_session(store, gig, {"studio": "Rainbow", "from": "20:00", "until": "04:00",
                                      "rate": "100", "currency": "EUR"})
    [row] = sessions.sessions(store, gig)
    assert (row.hours, str(row.cost)) == ("20:00–04:00+1 (9 h)", "900.00 EUR")


def test_a_start_in_the_spring_gap_and_bad_fields_are_named(store):
    gig = make_show(store, "2026-03-29")
    with pytest.raises(ValidationErrors) as exc:
        sessions.add_session(store, gig, {"studio": "Rainbow", "from": "02:30",
                                          "until": "08:00"})
    assert [e.field for e in exc.value.errors] == ["from"]
    with pytest.raises(ValidationErrors) as exc:
        sessions.add_session(store, gig, {"studio": "", "from": "25:00", "until": "08:00",
                                          "rate": "10", "currency": "XX", "per": "week"})
    assert {e.field for e in exc.value.errors} == {"studio", "from", "per", "currency"}
    with pytest.raises(ValidationErrors, match="hourly rate needs the hours"):
        sessions.add_session(store, gig, {"studio": "Rainbow", "rate": "10", "currency": "EUR"})
    assert studio.for_day(store, gig) == []


def test_the_engineer_may_be_a_person_on_the_crew_list(demo_store):
    gig = gigs.id_on(demo_store, tours.named(demo_store, TOUR).id, date(2026, 10, 6))
    s = sessions.add_session(demo_store, gig, {"studio": "Blueprint", "engineer": "rob kettering",
                                               "rate": "600", "currency": "GBP", "per": "day"})
    assert s.engineer_id is not None and s.engineer == ""
    assert sessions.sessions(demo_store, gig)[0].engineer == "Rob Kettering"


def test_the_rate_becomes_a_derived_studio_line_and_cannot_be_typed(demo_store):
    tour = tours.named(demo_store, TOUR)
    played = gigs.id_on(demo_store, tour.id, date(2026, 10, 6))
    coming = gigs.id_on(demo_store, tour.id, date(2026, 11, 2))
    sessions.add_session(demo_store, played, {"studio": "Blueprint", "rate": "600",
                                              "currency": "GBP", "per": "day"})
    sessions.add_session(demo_store, coming, {"studio": "Atlantis", "from": "10:00",
                                              "until": "14:30", "rate": "80", "currency": "EUR"})
    lines = [b for b in budget(demo_store, tour.id, TODAY).lines if b.category == "studio"]
    assert [(b.day, str(b.estimate), b.actual is not None, b.source) for b in lines] == [
        (date(2026, 10, 6), "600.00 GBP", True, "studio"),
        (date(2026, 11, 2), "360.00 EUR", False, "studio")]
    with pytest.raises(ValidationErrors, match="studio comes from studio sessions"):
        line_from_fields({"side": "expense", "category": "studio", "estimate": "10"},
                         tour_id=tour.id, currency="EUR")
    sessions.remove_session(demo_store, coming)
    assert len([b for b in budget(demo_store, tour.id, TODAY).lines
                if b.category == "studio"]) == 1


def test_the_day_sheet_shows_the_session_never_its_rate(store):
    gig = make_show(store)
    sessions.add_session(store, gig, {"studio": "Rainbow", "room": "[b]B[/b]", "from": "15:00",
                                      "until": "17:00", "engineer": "Kari Nord",
                                      "rate": "95.50", "currency": "NOK"})
    text = render_text(gigs.detail(store, gig))
    schedule = text[text.index("Schedule"):].splitlines()
    assert schedule[1].startswith("  14:00    Load-in")  # in time order
    assert "15:00    Studio: Rainbow, room [b]B[/b], engineer Kari Nord until 17:00" in text
    assert "95" not in text and "NOK" not in text
    assert "Studio: Rainbow" in render_markdown(gigs.detail(store, gig))


def test_set_changes_only_what_is_given_and_which_session_is_asked(store):
    gig = make_show(store)
    first = sessions.add_session(store, gig, {"studio": "Rainbow", "from": "10:00",
                                              "until": "12:00"})
    sessions.add_session(store, gig, {"studio": "Athletic", "from": "13:00", "until": "15:00"})
    with pytest.raises(NotFoundError, match="2 studio sessions that day"):
        sessions.set_session(store, gig, {"room": "B"})
    changed = sessions.set_session(store, gig, {"room": "B", "until": "13:00"}, name="rainbow")
    assert (changed.room, f"{changed.end:%H:%M}", changed.version) == ("B", "13:00", 2)
    assert changed.id == first.id


def _as(path: Path, login: str, *args: str):
    return run_cli("--db", str(path), "--as", login, *args)


@pytest.fixture
def with_session(roles_path: Path) -> Path:
    result = _as(roles_path, "dana", "studio", "add", "--tour", TOUR, "2026-10-06",
                 "--studio", "Blueprint", "--room", "A", "--engineer", "Rob Kettering",
                 "--from", "11:00", "--until", "19:00", "--rate", "85", "--currency", "GBP")
    assert result.exit_code == 0, result.output
    return roles_path


def test_managers_see_the_rate_in_the_list(with_session: Path):
    out = _as(with_session, "dana", "studio", "list", "--tour", TOUR, "2026-10-06").output
    assert "85.00 GBP per hour" in out and "680.00 GBP" in out and "11:00–19:00 (8 h)" in out


@pytest.mark.parametrize("role", ["crew", "band"])
def test_crew_and_band_never_see_a_studio_rate(with_session: Path, role: str):
    login = ROLE_LOGINS[role]
    out = _as(with_session, login, "studio", "list", "--tour", TOUR, "2026-10-06")
    assert out.exit_code == 0, out.output
    assert "Blueprint" in out.output and "85" not in out.output and "GBP" not in out.output
    s = open_store(with_session, login, clock=lambda: FIXED_NOW)
    [session] = studio.for_tour(s, tours.named(s, TOUR).id)
    assert session[2].rate is None  # the connection reads it as nothing
    shown = s.conn.execute("SELECT after FROM changes WHERE entity = 'studio_sessions'"
                           ).fetchone()[0]
    assert "rate_minor" not in shown  # nor does the change log tell it
    assert "85" not in _as(with_session, login, "gig", "show", "--tour", TOUR,
                           "2026-10-06").output


@pytest.mark.parametrize("role", ["crew", "band", "accountant"])
def test_only_managers_add_or_change_sessions(with_session: Path, role: str):
    result = _as(with_session, ROLE_LOGINS[role], "studio", "set", "--tour", TOUR,
                 "2026-10-06", "--room", "B")
    assert result.exit_code == 2 and "may not change the schedule" in result.output
    s = open_store(with_session, ROLE_LOGINS[role], clock=lambda: FIXED_NOW)
    with pytest.raises(ForbiddenError):
        studio.delete(s, 1)


def test_cli_set_and_remove(with_session: Path):
    def run(*args):
        result = _as(with_session, "dana", *args)
        assert result.exit_code == 0, result.output
        return result.output

    run("studio", "set", "--tour", TOUR, "2026-10-06", "--rate", "", "--notes", "comped")
    s = open_store(with_session, "dana", clock=lambda: FIXED_NOW)
    [(_, _, session)] = studio.for_tour(s, tours.named(s, TOUR).id)
    assert (session.rate, session.notes) == (None, "comped")
    assert "removed Blueprint" in run("studio", "remove", "--tour", TOUR, "2026-10-06")
    assert studio.for_tour(s, tours.named(s, TOUR).id) == []


# -- on the gig day screen (`S`) --


async def test_a_session_added_changed_and_removed_from_the_gig_day(demo_store, colleague):
    from tourdesk.tui.app import TourDeskApp
    from tourdesk.tui.modals.choose import Choose
    from tourdesk.tui.modals.prompt import Confirm
    from tourdesk.tui.modals.record_form import RecordForm

    from tui_helpers import fill, open_day, press, screen_text

    gig_id = gigs.id_on(demo_store, tours.named(demo_store, TOUR).id, TODAY)
    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_day(pilot, gig_id)
        await press(pilot, "S")  # none yet: the form straight away
        assert isinstance(app.screen, RecordForm)
        await fill(pilot, studio="ICP", room="Studio 1", engineer="Gus McAllister",
                   **{"from": "10:00", "until": "25:00"})
        await press(pilot, "enter")
        assert "'25:00' is not a time" in screen_text(pilot)  # named under its field
        assert studio.for_day(demo_store, gig_id) == []
        await fill(pilot, until="14:00", rate="80", currency="EUR")
        await press(pilot, "enter")
        [s] = studio.for_day(demo_store, gig_id)
        assert (s.studio, s.room, str(s.rate)) == ("ICP", "Studio 1", "80.00 EUR")
        assert s.engineer_id is not None  # Gus, from the crew list
        assert "ICP" in screen_text(pilot)  # on the day's schedule

        await press(pilot, "S")
        assert isinstance(app.screen, Choose) and "New session" in screen_text(pilot)
        await press(pilot, "down", "enter", "enter")  # the session, then change
        assert app.screen.values()["engineer"] == "Gus McAllister"
        await fill(pilot, room="Studio 2")
        await press(pilot, "enter")
        assert studio.for_day(demo_store, gig_id)[0].room == "Studio 2"

        # changed by a colleague while the form is open: theirs stays
        await press(pilot, "S", "down", "enter", "enter")
        await fill(pilot, room="Mine")
        sessions.set_session(colleague, gig_id, {"room": "Theirs"})
        await press(pilot, "enter")
        assert studio.for_day(demo_store, gig_id)[0].room == "Theirs"

        await press(pilot, "S", "down", "enter", "down", "enter")
        assert isinstance(app.screen, Confirm)
        assert "studio line of the budget" in screen_text(pilot)
        await press(pilot, "y")
        assert studio.for_day(demo_store, gig_id) == []


@pytest.mark.parametrize("role", ["crew", "band", "accountant"])
async def test_S_changes_no_session_for_roles_that_may_not(with_session: Path, role: str):
    from tourdesk.tui.app import TourDeskApp
    from tourdesk.tui.modals.record_form import RecordForm

    from tui_helpers import open_day, press

    store = open_store(with_session, ROLE_LOGINS[role], clock=lambda: FIXED_NOW)
    before = [(s.id, s.version) for s in studio.for_day(store, _session_day(store))]
    app = TourDeskApp(store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_day(pilot, _session_day(store))
        await press(pilot, "S")
        assert not isinstance(app.screen, RecordForm)
    assert [(s.id, s.version) for s in studio.for_day(store, _session_day(store))] == before


def _session_day(store) -> int:
    return gigs.id_on(store, tours.named(store, TOUR).id, date(2026, 10, 6))
