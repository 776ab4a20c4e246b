"""Roles: every role against every service entry point it may and may not use, on the demo
tour, with the real service functions. The expected roles are written out here, not
read from the grants, so a grant that drifts fails a row."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from tourdesk.cli import cli
from tourdesk.domain.access import GRANTS, WRITES, Role
from tourdesk.domain.inventory import EntryState
from tourdesk.domain.models import Tour
from tourdesk.services import (
    advancing,
    budgets,
    calendar,
    daysheet,
    feed_addresses,
    history,
    imports,
    inventory_files,
    itinerary,
    payouts,
    routing,
    settlements,
    staffing,
    tourbook,
    travel,
    venue_files,
)
from tourdesk.services import checklists as checklist_service
from tourdesk.services import events as day_events
from tourdesk.services.calendar import Audience, Scope
from tourdesk.store import Store, checklists, crew, feeds, gigs, open_store, tours, tracked
from tourdesk.store import budgets as budget_store
from tourdesk.store import payments as payment_store
from tourdesk.store import settlements as settlement_store
from tourdesk.store import users as user_store
from tourdesk.store import venues as venue_store
from tourdesk.store.errors import ForbiddenError, UnknownUserError
from tourdesk.store.schema import OUR_TABLES

from conftest import FIXED_NOW, ROLE_LOGINS, TODAY, run_cli

TOUR = 1
SHOW = 3  # 2026-10-03, a show day with checklists and a settlement
LOGINS = {Role(role): login for role, login in ROLE_LOGINS.items()}

M, C, B, A = Role.MANAGER, Role.CREW, Role.BAND, Role.ACCOUNTANT
EVERYONE = {M, C, B, A}


def as_role(path: Path, role: Role) -> Store:
    return open_store(path, LOGINS[role], clock=lambda: FIXED_NOW)


def _someone_else(s: Store) -> int:
    return crew.person_named(s, "Sofie Lindqvist").id or 0


def _settled(s: Store) -> int:
    return settlement_store.settled_days(_manager_view(s), TOUR)[0]


def _own(s: Store) -> int:
    return s.person_id or crew.person_named(s, "Rob Kettering").id or 0


def _entry(s: Store) -> int:
    return checklists.view(_manager_view(s), 1).entries[0].id


def _manager_view(s: Store) -> Store:
    """Ids looked up with every right (a refusal must come from the call under test)."""
    return open_store(s.path, "dana", clock=lambda: FIXED_NOW)


def _csv(tmp: str, name: str, text: str) -> Path:
    path = Path(tmp) / name
    path.write_text(text, encoding="utf-8")
    return path


def _new_venue(s: Store, tmp: str) -> int:
    manager = _manager_view(s)
    imports.import_venues(manager, _csv(tmp, "w.csv", "name,city,country,timezone\n"
                                                      "Hall Y,Oslo,NO,Europe/Oslo\n"))
    return venue_store.find(manager, "Hall Y", "Oslo").id or 0


def _tick_and_undo(s: Store, _tmp: str) -> None:
    entry = _entry(s)
    now = checklists.entry(_manager_view(s), entry).state
    checklists.set_state(s, [entry], EntryState.NA if now is EntryState.DONE else EntryState.DONE)
    checklists.undo_last(s, 1)


def _typed_line(s: Store) -> tuple[int, int]:
    line = next(x for x in budget_store.lines(_manager_view(s), TOUR) if not x.source)
    return line.id or 0, line.version


def _festival(s: Store) -> str:
    """A further event on the show, added as a manager."""
    return day_events.add_event(_manager_view(s), SHOW, {"label": "Festival"}).label


def _edit_line(s: Store, _tmp: str) -> None:
    line_id, version = _typed_line(s)
    budgets.edit_line(s, line_id, {"side": "expense", "category": "travel",
                                   "estimate": "120.00", "day": ""}, None,
                      expected_version=version)


def _advance_item(s: Store) -> int:
    """An item of tonight's show (fully advanced in the demo)."""
    manager = _manager_view(s)
    return advancing.items(manager, gigs.id_on(manager, TOUR, TODAY) or 0)[0].id or 0


Call = Callable[[Store, str], object]
ENTRY_POINTS: list[tuple[str, Call, set[Role]]] = [
    # the schedule and day sheets: everyone reads
    ("tours", lambda s, t: tours.summaries(s), EVERYONE),
    ("gig days", lambda s, t: gigs.rows_for_tour(s, TOUR), EVERYONE),
    ("day sheet", lambda s, t: daysheet.render_text(gigs.detail(s, SHOW)), EVERYONE),
    ("day calls", lambda s, t: daysheet.day_calls(s, SHOW), EVERYONE),
    ("venues", lambda s, t: venue_store.listing(s), EVERYONE),
    ("venue export", lambda s, t: venue_files.export_venues(s), EVERYONE),
    ("route", lambda s, t: routing.route(s, TOUR), EVERYONE),
    # advancing: everyone reads, managers change it
    ("advance", lambda s, t: advancing.items(s, SHOW), EVERYONE),
    ("advance state", lambda s, t: advancing.tour_state(s, TOUR, TODAY), EVERYONE),
    ("advance templates", lambda s, t: advancing.template_items(s, TOUR), EVERYONE),
    ("add advance item", lambda s, t: advancing.add_item(s, SHOW, {
        "area": "power", "item": "63 A stage left"}), {M}),
    ("answer advance item", lambda s, t: advancing.set_item(s, _advance_item(s), {
        "state": "changed", "note": "32 A only"}), {M}),
    ("remove advance item", lambda s, t: advancing.remove_item(s, _advance_item(s)), {M}),
    ("apply advance template", lambda s, t: advancing.apply_template(s, SHOW, "Club show"),
     {M}),
    ("tour book", lambda s, t: tourbook.tour_book(s, tours.get(s, TOUR).name), EVERYONE),
    ("add advance template line", lambda s, t: advancing.add_template_item(s, TOUR, {
        "template": "Arena", "area": "rigging", "item": "Motors"}), {M}),
    # changing the schedule: managers
    ("add tour", lambda s, t: tours.add(s, Tour(name="Side project")), {M}),
    ("import venues", lambda s, t: imports.import_venues(s, _csv(
        t, "v.csv", "name,city,country,timezone\nHall X,Oslo,NO,Europe/Oslo\n")), {M}),
    ("import gigs", lambda s, t: imports.import_gigs(s, _csv(
        t, "g.csv", "date,kind,city,country,timezone\n2027-01-05,off,Oslo,NO,Europe/Oslo\n"),
        "Winter"), {M}),
    ("delete venue", lambda s, t: venue_store.delete(s, _new_venue(s, t)), {M}),
    ("route rules", lambda s, t: routing.set_rules(s, TOUR, speed_kmh=70.0), {M}),
    # travel: everyone reads it and a person's own; managers book
    ("hotel export", lambda s, t: travel.export_hotels(s, TOUR), EVERYONE),
    ("person travel", lambda s, t: travel.person_travel(s, 1), EVERYONE),
    ("hotel import", lambda s, t: travel.import_hotels(s, TOUR, _csv(
        t, "h.csv", "hotel,in,out,person,room\nPark Inn,2026-10-20,2026-10-21,Maren Holt,7\n")),
     {M}),
    ("travel crew names", lambda s, t: travel.crew_names(s), {M}),
    ("import contacts", lambda s, t: venue_files.import_contacts(s, _csv(
        t, "c.csv", "venue,city,name,role\nBarrowland Ballroom,Glasgow,Ann Other,promoter\n")),
     {M}),
    # equipment and checklists: managers and crew read and tick; managers change lists
    ("checklist", lambda s, t: checklists.view(s, 1), {M, C}),
    ("day's lists", lambda s, t: checklists.for_gig(s, SHOW), {M, C}),
    ("flags", lambda s, t: checklists.open_flags(s), {M, C}),
    ("cases", lambda s, t: inventory_files.export_cases(s), {M, C}),
    ("carnet", lambda s, t: inventory_files.carnet(s), {M, C}),
    ("tick and undo", _tick_and_undo, {M, C}),
    ("note", lambda s, t: checklists.set_note(s, _entry(s), "scuffed"), {M, C}),
    ("add line", lambda s, t: checklists.add_text_entry(s, 1, "spare gaffa"), {M}),
    ("remove line", lambda s, t: checklists.remove_entry(s, _entry(s)), {M}),
    ("import cases", lambda s, t: inventory_files.import_inventory(s, cases=_csv(
        t, "k.csv", "number,name\nZZ99,Spare case\n")), {M}),
    ("list from template", lambda s, t: checklist_service.add_from_template(
        s, SHOW, "Load-out", name="Second load-out"), {M}),
    # people and staffing
    ("staffing board", lambda s, t: staffing.board(s, TOUR), {M, A}),
    ("conflicts", lambda s, t: staffing.conflicts(s, TOUR), {M, A}),
    ("crew export", lambda s, t: staffing.export_people(s), {M, A}),
    ("own calls", lambda s, t: staffing.person_calls(s, _own(s)), EVERYONE),
    ("another's calls", lambda s, t: staffing.person_calls(s, _someone_else(s)), {M, A}),
    ("own pay", lambda s, t: staffing.person_pay(s, _own(s)), EVERYONE),
    ("another's pay", lambda s, t: staffing.person_pay(s, _someone_else(s)), {M, A}),
    ("everybody's pay", lambda s, t: staffing.pay(s, TOUR, "Northern Lights Tour 2026"),
     {M, A}),
    ("staffing need", lambda s, t: crew.set_need(s, SHOW, "rigger", 3), {M}),
    ("import people", lambda s, t: staffing.import_people(s, _csv(
        t, "p.csv", "name,group\nNew Person,crew\n")), {M}),
    # money
    ("budget", lambda s, t: budgets.budget(s, TOUR, TODAY), {M, A}),
    ("budget csv", lambda s, t: budgets.export_csv(s, TOUR, TODAY), {M, A}),
    ("budget lines (store)", lambda s, t: budget_store.lines(s, TOUR), {M, A}),
    ("settlement", lambda s, t: settlements.sheet_for(s, _settled(s)), {M, A}),
    ("ledger", lambda s, t: payouts.tour_ledger(s, TOUR, TODAY), {M, A}),
    ("payments (store)", lambda s, t: payment_store.payments(s, TOUR), {M, A}),
    ("add budget line", lambda s, t: budgets.add_line(s, TOUR, {
        "side": "expense", "category": "hotels", "estimate": "100 EUR"}), {M, A}),
    ("add rate", lambda s, t: budgets.add_rate(s, TOUR, {
        "base": "GBP", "quote": "EUR", "rate": "1.2", "on": "2026-12-30", "source": "bank"}),
     {M, A}),
    ("record payment", lambda s, t: payouts.record_payment(
        s, TOUR, "Rob Kettering", {"amount": "10 GBP", "on": "2026-10-20"}), {M, A}),
    ("settlement terms", lambda s, t: settlements.save_terms(s, SHOW, settlements.terms_from_input(
        settlements.TermsInput(deal="flat", currency="EUR", guarantee="5000"))), {M, A}),
    # calendars: no scope carries money; a scope lists calls
    ("tour calendar", lambda s, t: calendar.export_tour(s, TOUR), {M, A}),
    ("crew calendar", lambda s, t: calendar.export_tour(s, TOUR, scope=Scope(Audience.CREW)),
     {M, A, C}),
    ("band calendar", lambda s, t: calendar.export_tour(s, TOUR, scope=Scope(Audience.BAND)),
     {M, A, B}),
    ("own calendar", lambda s, t: calendar.export_tour(
        s, TOUR, scope=Scope(Audience.PERSON, _own(s))), EVERYONE),
    ("another's calendar", lambda s, t: calendar.export_tour(
        s, TOUR, scope=Scope(Audience.PERSON, _someone_else(s))), {M, A}),
    # several events a day: everyone reads them, managers change them; money roles settle
    ("event list", lambda s, t: day_events.event_rows(s, SHOW), EVERYONE),
    ("event add", lambda s, t: day_events.add_event(s, SHOW, {"label": "Late show"}), {M}),
    ("event set", lambda s, t: day_events.set_event(s, SHOW, _festival(s), {"notes": "x"}),
     {M}),
    ("event remove", lambda s, t: day_events.remove_event(s, SHOW, _festival(s)), {M}),
    ("event item", lambda s, t: itinerary.add_item(
        s, SHOW, {"what": "set", "at": "15:00", "event": _festival(s)}), {M}),
    ("event settlement", lambda s, t: settlements.save_terms(
        s, SHOW, settlements.terms_from_input(settlements.TermsInput(
            deal="flat", currency="EUR", guarantee="900")),
        day_events.event_id_of(s, SHOW, _festival(s))), {M, A}),
    # feeds and users
    ("edit budget line", _edit_line, {M, A}),
    ("remove budget line", lambda s, t: budgets.delete_line(s, _typed_line(s)[0]), {M, A}),
    ("edit a day", lambda s, t: gigs.save_plan(s, gigs.plan(_manager_view(s), SHOW)[0]), {M}),
    ("day history", lambda s, t: history.day_lines(s, SHOW), EVERYONE),
    ("feed list", lambda s, t: feeds.feeds(s), {M}),
    ("feed create", lambda s, t: feeds.create(s, TOUR, "crew"), {M}),
    ("feed revoke", lambda s, t: feeds.revoke(
        s, feeds.create(_manager_view(s), TOUR, "band")[0].id), {M}),
    ("feed base url", lambda s, t: feeds.set_base_url(s, "https://cal.example"), {M}),
    ("feed create, address kept", lambda s, t: feed_addresses.create(s, TOUR, "crew"), {M}),
    # made by the manager login: shown again to it alone (tests/test_feeds.py has another
    # manager refused too)
    ("feed address again", lambda s, t: feed_addresses.show_again(
        s, feed_addresses.create(_manager_view(s), TOUR, "band")[0].id), {M}),
    ("user list", lambda s, t: user_store.users(s), {M}),
    ("user add", lambda s, t: user_store.add(s, "newbie", Role.CREW), {M}),
    ("user role", lambda s, t: user_store.change(s, "rob", role=Role.BAND), {M}),
    ("user remove", lambda s, t: user_store.remove(s, "maren"), {M}),
]


def _changes(path: Path, login: str) -> int:
    """Rows the user wrote (the call may first set something up as a manager)."""
    with sqlite3.connect(path) as conn:
        return sum(conn.execute(f"SELECT count(*) FROM {table} WHERE actor = ?",
                                [login]).fetchone()[0]
                   for table in ("changes", "checklist_events"))


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
@pytest.mark.parametrize(("what", "call", "allowed"), ENTRY_POINTS,
                         ids=[e[0] for e in ENTRY_POINTS])
def test_role_against_entry_point(roles_path: Path, tmp_path: Path, role: Role, what: str,
                                  call: Call, allowed: set[Role]) -> None:
    s = as_role(roles_path, role)
    try:
        if role in allowed:
            call(s, str(tmp_path))
        else:
            before = _changes(roles_path, LOGINS[role])
            with pytest.raises(ForbiddenError) as refused:
                call(s, str(tmp_path))
            message = str(refused.value)
            assert "\n" not in message and LOGINS[role] in message and role.value in message
            assert _changes(roles_path, LOGINS[role]) == before  # nothing was written
    finally:
        s.close()


def test_every_table_is_listed_for_writes() -> None:
    """A new table must be given a write rule, or only managers write it."""
    assert set(WRITES) == OUR_TABLES


def test_the_connection_refuses_what_no_service_checks(roles_path: Path) -> None:
    """Below the services: raw SQL on a crew connection cannot read money or write the
    schedule; the role's allowed writes still work."""
    s = as_role(roles_path, Role.CREW)
    with pytest.raises(ForbiddenError, match=r"rob \(crew\) may not see budget_lines"), s.read() as db:
        db.execute("SELECT estimate_minor FROM budget_lines").fetchall()
    with pytest.raises(ForbiddenError, match="may not change venues"), s.write() as db:
        db.execute("UPDATE venues SET notes = 'x'")
    with pytest.raises(ForbiddenError, match="may not change users"), s.write() as db:
        db.execute("UPDATE users SET role = 'manager' WHERE login = 'rob'")
    with s.write() as db:
        db.execute("UPDATE checklist_entries SET note = 'ok' WHERE id = 1")
    s.close()
    assert as_role(roles_path, Role.CREW).role is Role.CREW


def test_no_users_means_everyone_is_a_manager(demo_store: Store) -> None:
    assert demo_store.role is Role.MANAGER and demo_store.actor == "tester"
    assert user_store.users(demo_store) == []


def test_unknown_login_is_refused_once_users_exist(roles_path: Path) -> None:
    with pytest.raises(UnknownUserError, match=r"'stranger' is not a tourdesk user.*tourdesk "
                                               r"user add stranger --role crew"):
        open_store(roles_path, "stranger")


def test_crew_is_linked_to_their_person_by_login(roles_path: Path) -> None:
    s = as_role(roles_path, Role.CREW)
    assert crew.person(s, s.person_id or 0).name == "Rob Kettering"


def test_acting_as_someone_else_takes_a_manager(roles_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Not root here: the real login is whoever the passwd entry says."""
    from tourdesk.store import connection

    monkeypatch.setattr(connection.os, "getuid", lambda: 4242)
    monkeypatch.setattr(connection, "os_login", lambda: "rob")
    with pytest.raises(ForbiddenError, match=r"only a manager may act as someone else .*dana.*"
                                             r"you are rob"):
        open_store(roles_path, "dana")
    monkeypatch.setenv("TOURDESK_USER", "dana")  # the environment is no way round it
    with pytest.raises(ForbiddenError, match="only a manager"):
        open_store(roles_path)
    monkeypatch.setenv("TOURDESK_USER", "rob")
    assert open_store(roles_path).role is Role.CREW  # naming oneself is fine
    monkeypatch.setattr(connection, "os_login", lambda: "dana")
    assert open_store(roles_path, "rob").role is Role.CREW  # a manager may act as crew


def test_first_user_must_be_a_manager_and_the_last_manager_stays(demo_store: Store) -> None:
    from tourdesk.store.errors import ConflictError

    with pytest.raises(ConflictError, match="first user must be a manager"):
        user_store.add(demo_store, "rob", Role.CREW)
    user_store.add(demo_store, "tester", Role.MANAGER)
    user_store.add(demo_store, "rob", Role.CREW)
    with pytest.raises(ConflictError, match="last manager"):
        user_store.change(demo_store, "tester", role=Role.CREW)
    with pytest.raises(ConflictError, match="last manager"):
        user_store.remove(demo_store, "tester")
    user_store.remove(demo_store, "rob")
    user_store.remove(demo_store, "tester")  # nobody left: one-user mode again
    assert user_store.users(demo_store) == []


def test_grants_are_what_the_readme_says() -> None:
    """Managers hold every capability; nobody else manages users or backups."""
    assert all(c in GRANTS[Role.MANAGER] for c in GRANTS[Role.ACCOUNTANT] | GRANTS[Role.CREW])
    assert not any("manage_users" in GRANTS[r] for r in (C, B, A))


# -- the command line --


def run(path: Path, login: str, *args: str):
    return run_cli("--db", str(path), "--as", login, *args)


@pytest.mark.parametrize("args", [
    ["budget", "show", "--tour", "Northern Lights Tour 2026"],
    ["pay", "ledger", "--tour", "Northern Lights Tour 2026"],
    ["settle", "show", "--tour", "Northern Lights Tour 2026", "--day", "2026-10-03"],
    ["export", "budget", "--tour", "Northern Lights Tour 2026"],
    ["crew", "pay", "--tour", "Northern Lights Tour 2026"],
    ["crew", "show", "Sofie Lindqvist"],
    ["export", "ics", "--tour", "Northern Lights Tour 2026"],
    ["feed", "create", "--tour", "Northern Lights Tour 2026", "--group", "crew"],
    ["feed", "address", "1"],
    ["user", "list"],
    ["user", "add", "x", "--role", "manager"],
    ["backup", str(Path("/tmp") / "never-written.db")],
    ["restore", "--yes", "/dev/null"],
])
def test_cli_refuses_crew_in_one_line(roles_path: Path, args: list[str]) -> None:
    result = run(roles_path, "rob", *args)
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and "rob (crew) may not" in result.stderr
    assert result.stdout == ""


def test_cli_lets_crew_see_their_own(roles_path: Path) -> None:
    own = run(roles_path, "rob", "crew", "show", "Rob Kettering")
    assert own.exit_code == 0 and "2026-10-03" in own.stdout
    ics = run(roles_path, "rob", "export", "ics", "--tour", "Northern Lights Tour 2026",
              "--group", "crew")
    assert ics.exit_code == 0 and "BEGIN:VCALENDAR" in ics.stdout


def test_crew_calendar_and_feed_carry_no_money(roles_path: Path) -> None:
    """The crew's own calendar, and the feed a manager makes for the crew, say nothing
    of fees, rates, budgets or settlements."""
    from tourdesk.services import feed_server

    s = as_role(roles_path, Role.CREW)
    mine = calendar.export_tour(s, TOUR, scope=Scope(Audience.PERSON, s.person_id)).decode()
    crew_cal = calendar.export_tour(s, TOUR, scope=Scope(Audience.CREW)).decode()
    manager = as_role(roles_path, Role.MANAGER)
    feed, _token = feeds.create(manager, TOUR, "crew")
    served = feed_server.build(manager, feed).decode()
    codes = {p.currency for p in crew.people(manager)} | {"GBP", "EUR"}
    for text in (mine, crew_cal, served):
        assert "BEGIN:VEVENT" in text
        unfolded = text.replace("\r\n ", "")
        for money in (*codes, "£", "€", "day rate", "per diem", "guarantee", "budget"):
            assert money not in unfolded, money


def test_cli_user_commands(demo_path: Path) -> None:
    def ok(*args: str) -> str:
        result = CliRunner().invoke(cli, ["--db", str(demo_path), *args])
        assert result.exit_code == 0, result.output
        return result.stdout

    assert "no users" in ok("user", "list")
    ok("user", "add", "tester", "--role", "manager")
    ok("user", "add", "rob", "--role", "crew", "--person", "Rob Kettering")
    ok("user", "set", "rob", "--role", "band")
    listing = ok("user", "list")
    assert "rob     band" in listing and "Rob Kettering" in listing
    ok("user", "remove", "rob")
    assert "rob" not in ok("user", "list")
    refused = run(demo_path, "stranger", "tour", "list")
    assert refused.exit_code == 2 and "'stranger' is not a tourdesk user" in refused.stderr


def test_a_day_in_the_past_is_still_the_schedule(roles_path: Path) -> None:
    """Band reads the schedule of any day, played or not."""
    s = as_role(roles_path, Role.BAND)
    assert gigs.id_on(s, TOUR, date(2026, 10, 3)) == SHOW


def test_cli_as_is_refused_for_crew_in_one_line(roles_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from tourdesk.store import connection

    monkeypatch.setattr(connection.os, "getuid", lambda: 4242)
    monkeypatch.setattr(connection, "os_login", lambda: "rob")
    result = run(roles_path, "dana", "tour", "list")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == ("tourdesk: only a manager may act as someone else (--as or "
                             "TOURDESK_USER dana); you are rob\n")


def test_day_history_shows_fees_only_to_those_who_see_pay(roles_path: Path) -> None:
    from tourdesk.services import history

    manager = as_role(roles_path, Role.MANAGER)
    shift = crew.assignments_on(manager, SHOW)[0]
    tracked.update(manager, "assignments", shift.id, {"fee_minor": 12345, "fee_currency": "GBP"})
    def words(role: Role) -> str:
        lines, _ = history.day_lines(as_role(roles_path, role), SHOW)
        return "\n".join(line.what for line in lines)

    assert "12345" in words(Role.MANAGER) and "12345" in words(Role.ACCOUNTANT)
    assert "12345" not in words(Role.CREW) and "fee" not in words(Role.BAND)
