"""Travel segments and hotel stays through the commands: adding, listing, changing and
removing; the manifest and the rooming list as CSV out and in; who may do and see what;
the derived travel budget line; the route, the day sheet and a person's calendar."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from calendar_parsers import PYTHON_PARSERS, icaljs, libical

from tourdesk.domain.routing import LegFlag
from tourdesk.services import routing
from tourdesk.services.budgets import budget
from tourdesk.services.calendar import Audience, Scope, export_tour
from tourdesk.store import crew, open_store, tours
from tourdesk.store import travel as store_travel

from conftest import FIXED_NOW, ROLE_LOGINS, TODAY, run_cli

TOUR = "Northern Lights Tour 2026"
QF2 = ("travel", "add", "--tour", TOUR, "--mode", "flight", "--carrier", "QF", "--number",
       "QF2", "--from", "LHR", "--to", "SYD", "--depart", "2026-10-30 21:30", "--arrive",
       "2026-11-01 06:10", "--ref", "ABC123", "--people", "Maren Holt;Iain Forsyth",
       "--seats", "31A;31B", "--cost", "2450.00", "--currency", "GBP")
FERRY = ("travel", "add", "--tour", TOUR, "--mode", "ferry", "--carrier", "Stena Line",
         "--from", "Dublin Port", "--from-zone", "Europe/Dublin", "--to", "Holyhead",
         "--to-zone", "Europe/London", "--depart", "2026-10-15 08:15", "--arrive", "11:30",
         "--ref", "STN-4411", "--people", "Maren Holt;Rob Kettering;Jack Moran",
         "--cost", "640", "--currency", "EUR")


def _as(path: Path, login: str, *args: str, stdin: str | None = None):
    return run_cli("--db", str(path), "--as", login, *args, stdin=stdin)


def ok(path: Path, *args: str, login: str = "dana", stdin: str | None = None) -> str:
    result = _as(path, login, *args, stdin=stdin)
    assert result.exit_code == 0, result.output
    return result.output


def _store(path: Path, login: str = "dana"):
    return open_store(path, login, clock=lambda: FIXED_NOW)


@pytest.fixture
def booked(roles_path: Path) -> Path:
    ok(roles_path, *QF2)
    ok(roles_path, *FERRY)
    ok(roles_path, "hotel", "add", "--tour", TOUR, "--hotel", "The Marker",
       "--address", "Hanover Quay, Dublin", "--in", "2026-10-13 15:00",
       "--out", "2026-10-15 06:00", "--ref", "MK-77")
    ok(roles_path, "hotel", "rooms", "--tour", TOUR, "--hotel", "The Marker",
       "--person", "Maren Holt", "--room", "412", "--type", "twin")
    ok(roles_path, "hotel", "rooms", "--tour", TOUR, "--hotel", "The Marker",
       "--person", "Lea Brunner", "--room", "412", "--type", "twin")
    return roles_path


def test_the_issues_example_adds_a_flight_that_lands_two_days_later(booked: Path):
    out = ok(booked, "travel", "list", "--tour", TOUR)
    line = next(x for x in out.splitlines() if "QF2" in x)
    for part in ("2026-10-30 21:30 LHR", "06:10+2 SYD", "21 h 40", "ABC123",
                 "Maren Holt (31A); Iain Forsyth (31B)", "2,450.00 GBP"):
        assert part in line
    ferry = next(x for x in out.splitlines() if "STN-4411" in x)
    assert "11:30 Holyhead" in ferry and "3 h 15" in ferry  # Dublin and London share a clock
    s = _store(booked)
    [qf2] = [x for x in store_travel.segments(s, tours.named(s, TOUR).id) if x.number == "QF2"]
    assert qf2.destination.zone == "Australia/Sydney"  # from the airport data, offline
    assert "Kingsford Smith" in qf2.destination.place


def test_bad_input_is_one_line_naming_the_field_and_changes_nothing(booked: Path):
    s = _store(booked)
    before = s.conn.execute("SELECT count(*) FROM changes").fetchone()
    result = run_cli("--db", str(booked), "--as", "dana", "travel", "add", "--tour", TOUR, "--from", "LHR",
                     "--to", "SYD", "--depart", "2026-10-30 21:30", "--arrive",
                     "2026-10-30 06:10")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("tourdesk: arrive: 2026-10-30 06:10 in Australia/Sydney "
                                    "is not after the departure")
    result = run_cli("--db", str(booked), "--as", "dana", "travel", "add", "--tour", TOUR, "--mode", "train",
                     "--from", "Paris Nord", "--from-zone", "Europe/Paris", "--to", "London",
                     "--to-zone", "Europe/London", "--depart", "2027-03-28 02:30",
                     "--arrive", "05:00")
    assert result.returncode == 2
    assert "depart: 02:30 does not exist in Europe/Paris on Sun 28 Mar 2027" in result.stderr
    assert s.conn.execute("SELECT count(*) FROM changes").fetchone() == before


def test_set_changes_what_is_given_and_remove_takes_the_manifest_along(booked: Path):
    s = _store(booked)
    tour_id = tours.named(s, TOUR).id
    [qf2] = [x for x in store_travel.segments(s, tour_id) if x.number == "QF2"]
    ok(booked, "travel", "set", "--tour", TOUR, "--id", str(qf2.id), "--depart",
       "2026-10-30 22:00", "--arrive", "2026-11-01 06:40", "--people", "Maren Holt")
    [changed] = store_travel.segments(s, tour_id, segment_id=qf2.id)
    assert (changed.depart_at.hour, changed.arrive_at.minute, changed.booking_ref) == (
        22, 40, "ABC123")
    assert changed.person_ids() == [crew.person_named(s, "Maren Holt").id]
    ok(booked, "travel", "set", "--tour", TOUR, "--id", str(qf2.id), "--to", "MEL")
    [changed] = store_travel.segments(s, tour_id, segment_id=qf2.id)
    assert changed.destination.zone == "Australia/Melbourne"  # the new airport's zone
    assert "removed flight QF2" in ok(booked, "travel", "remove", "--tour", TOUR, "--id",
                                      str(qf2.id))
    assert s.conn.execute("SELECT count(*) FROM travel_manifest WHERE segment_id = ?",
                          [qf2.id]).fetchone() == (0,)


def test_the_manifest_goes_out_as_csv_to_stdout_or_a_file(booked: Path, tmp_path: Path):
    out = ok(booked, "travel", "export", "--tour", TOUR, "--manifest")
    rows = [r for r in csv.DictReader(io.StringIO(out)) if r["number"] == "QF2"]
    assert [(r["number"], r["name"], r["seat"], r["ref"]) for r in rows] == [
        ("QF2", "Maren Holt", "31A", "ABC123"), ("QF2", "Iain Forsyth", "31B", "ABC123")]
    assert "2450" not in out  # the agent's manifest carries no money
    target = tmp_path / "manifest.csv"
    ok(booked, "travel", "export", "--tour", TOUR, "--manifest", "--all-modes", "-o",
       str(target))
    assert target.read_text().count("STN-4411") == 3
    refused = _as(booked, "dana", "travel", "export", "--tour", TOUR, "-o", str(booked))
    assert refused.exit_code == 2  # never onto the database


def test_segments_export_and_import_round_trip_through_stdin(booked: Path, roles_path: Path):
    exported = ok(booked, "travel", "export", "--tour", TOUR)
    s = _store(booked)
    tour_id = tours.named(s, TOUR).id
    found = store_travel.segments(s, tour_id)
    for seg in found:
        store_travel.delete_segment(s, seg.id or 0)
    assert f"{len(found)} segments added" in ok(booked, "travel", "import", "--tour", TOUR, "-",
                                    stdin=exported)
    assert ok(booked, "travel", "export", "--tour", TOUR) == exported


def test_an_import_with_one_bad_row_adds_nothing_and_names_the_line(booked: Path):
    text = ("mode,from,to,depart,arrive,people\n"
            "flight,AMS,CPH,2026-10-26 09:00,10:25,Maren Holt\n"
            "flight,AMS,QQQ,2026-10-26 09:00,10:25,Maren Holt\n")
    result = _as(booked, "dana", "travel", "import", "--tour", TOUR, "-", stdin=text)
    assert result.exit_code == 2
    assert "line 3, column 'to': 'QQQ' is not an airport code" in result.output
    s = _store(booked)
    assert len(store_travel.segments(s, tours.named(s, TOUR).id)) == 7  # the demo's 5 + 2


def test_the_rooming_list_shows_who_shares_and_goes_out_and_in_as_csv(booked: Path):
    out = ok(booked, "hotel", "rooms", "--tour", TOUR, "--hotel", "the marker")
    assert "412   twin  Lea Brunner  Maren Holt" in out
    listed = ok(booked, "hotel", "rooms", "--tour", TOUR, "--hotel", "The Marker", "--csv")
    assert listed.splitlines()[0] == "person,room,type,shares"
    again = listed + "Rob Kettering,301,single,\n"
    ok(booked, "hotel", "rooms", "--tour", TOUR, "--hotel", "The Marker", "--import", "-",
       stdin=again)
    assert "Rob Kettering" in ok(booked, "hotel", "rooms", "--tour", TOUR, "--hotel",
                                 "The Marker", "--csv")
    bad = _as(booked, "dana", "hotel", "rooms", "--tour", TOUR, "--id", "2", "--import", "-",
              stdin="person,room,type\nRob Kettering,302,king\n")
    assert bad.exit_code == 2 and "line 2, column 'type': 'king' is not a room type" in (
        bad.output)
    ok(booked, "hotel", "rooms", "--tour", TOUR, "--id", "2", "--person", "Lea Brunner",
       "--remove")
    assert "Lea Brunner" not in ok(booked, "hotel", "rooms", "--tour", TOUR, "--id", "2")


@pytest.mark.parametrize("role", ["crew", "band", "accountant"])
def test_only_those_who_change_the_schedule_book_travel(booked: Path, role: str):
    login = ROLE_LOGINS[role]
    for args in (QF2, ("hotel", "add", "--tour", TOUR, "--hotel", "X", "--in", "2026-10-20",
                       "--out", "2026-10-21"),
                 ("hotel", "rooms", "--tour", TOUR, "--person", "Rob Kettering", "--room", "1")):
        result = _as(booked, login, *args)
        assert result.exit_code == 2 and "may not change the schedule" in result.output


@pytest.mark.parametrize("role", ["crew", "band"])
def test_crew_and_band_see_the_travel_but_never_its_cost(booked: Path, role: str):
    login = ROLE_LOGINS[role]
    out = ok(booked, "travel", "list", "--tour", TOUR, login=login)
    assert "QF2" in out and "2,450" not in out and "cost" not in out
    assert "2450" not in ok(booked, "travel", "export", "--tour", TOUR, login=login)
    s = _store(booked, login)
    assert all(x.cost is None for x in store_travel.segments(s, tours.named(s, TOUR).id))
    shown = [r[0] for r in s.conn.execute("SELECT after FROM changes "
                                          "WHERE entity = 'travel_segments'")]
    assert shown and all("cost_minor" not in (x or "") for x in shown)


def test_the_cost_is_a_derived_travel_line_for_money_roles(booked: Path):
    s = _store(booked, "ledger")
    b = budget(s, tours.named(s, TOUR).id, TODAY)
    derived = [x for x in b.lines if x.source == "travel"]
    assert sorted((x.description, str(x.estimate), str(x.actual)) for x in derived) == [
        ("travel: ferry Stena Line Dublin Port → Holyhead (3 people)", "640.00 EUR",
         "640.00 EUR"),  # left on the 15th: before today, so spent
        ("travel: flight QF2 LHR → SYD (2 people)", "2450.00 GBP", "None")]
    typed = [x for x in b.lines if x.category == "travel" and not x.source]
    assert typed  # the typed travel lines (nightliner, truck) stay
    refused = _as(booked, "dana", "budget", "actual", str(99999))
    assert refused.exit_code == 2


def test_the_route_shows_a_flown_leg_and_a_leg_that_needs_travel(booked: Path):
    s = _store(booked)
    tour_id = tours.named(s, TOUR).id
    dublin_london = next(leg for leg in routing.route(s, tour_id)[0]
                         if "Dublin" in leg.start.place and "London" in leg.end.place)
    assert dublin_london.driven  # a ferry from Dublin Port to Holyhead, not to London
    ok(booked, "travel", "add", "--tour", TOUR, "--number", "EI154", "--from", "DUB", "--to",
       "LHR", "--depart", "2026-10-15 09:00", "--arrive", "10:20", "--people", "Maren Holt")
    legs, _ = routing.route(s, tour_id)
    dublin_london = next(leg for leg in legs
                         if "Dublin" in leg.start.place and "London" in leg.end.place)
    assert not dublin_london.driven and dublin_london.travel == "flown EI154"
    out = ok(booked, "route", "--tour", TOUR)
    line = next(x for x in out.splitlines() if x.startswith("14 Oct→16 Oct"))
    assert "flown EI154" in line and "8:27" not in line
    needs = [f"{leg.start.city} → {leg.end.city}" for leg in legs
             if LegFlag.NEEDS_TRAVEL in leg.flags]
    assert needs == ["Helsinki → Bremen"]  # 24 h of road: the Baltic needs a ferry or a flight
    ok(booked, "travel", "add", "--tour", TOUR, "--carrier", "Finnair", "--number", "AY1351",
       "--from", "HEL", "--to", "HAM", "--depart", "2026-11-10 08:00", "--arrive", "09:10")
    # Hamburg's airport is about 95 km from Bremen: near enough to serve it
    legs, _ = routing.route(s, tour_id)
    assert not any(LegFlag.NEEDS_TRAVEL in leg.flags for leg in legs)


def test_the_day_sheet_shows_departures_arrivals_the_hotel_and_rooming(booked: Path):
    out = ok(booked, "daysheet", "--tour", TOUR, "2026-10-15", login="rob")
    assert ("08:15 ferry Stena Line Dublin Port → Holyhead · arrives 11:30 Holyhead · ref "
            "STN-4411 · Maren Holt, Rob Kettering, Jack Moran") in out
    assert "640" not in out
    dublin = ok(booked, "daysheet", "--tour", TOUR, "2026-10-14", "--format", "md")
    assert "The Marker, Hanover Quay, Dublin" in dublin and "ref MK-77" in dublin
    assert "412 (twin): Lea Brunner with Maren Holt" in dublin
    nov = _as(booked, "dana", "daysheet", "--tour", TOUR, "2026-10-30")
    assert nov.exit_code in (0, 2)  # no gig day then: the sheet is of gig days only


def test_the_bus_after_the_show_is_on_the_show_nights_sheet(booked: Path):
    """00:30 after Cologne's show (24 Oct) is that night's small hours: on the 24th's
    sheet as 00:30+1, not on the 25th's, like a set or a load-out after midnight."""
    ok(booked, "travel", "add", "--tour", TOUR, "--mode", "bus", "--carrier", "Nightliner",
       "--from", "Cologne", "--from-zone", "Europe/Berlin", "--to", "Amsterdam",
       "--to-zone", "Europe/Amsterdam", "--depart", "2026-10-25 00:30", "--arrive",
       "2026-10-25 04:00", "--ref", "NL-25")
    show_night = ok(booked, "daysheet", "--tour", TOUR, "2026-10-24")
    assert "00:30+1 bus Nightliner Cologne → Amsterdam" in show_night, show_night
    assert "04:00+1 arrival" not in show_night  # it departs on this sheet: one line
    next_day = ok(booked, "daysheet", "--tour", TOUR, "2026-10-25")
    assert "NL-25" not in next_day


def _person_calendar(path: Path, name: str, login: str = "dana") -> bytes:
    s = _store(path, login)
    person = crew.person_named(s, name).id
    return export_tour(s, tours.named(s, TOUR).id, scope=Scope(Audience.PERSON, person),
                       now=datetime(2026, 10, 20, 9, 0, tzinfo=UTC))


def test_a_persons_calendar_has_their_segments_in_both_zones_and_their_hotel(booked: Path):
    ics = _person_calendar(booked, "Maren Holt", login="maren").decode()
    assert "DTSTART;TZID=Europe/London:20261030T213000" in ics
    assert "DTEND;TZID=Australia/Sydney:20261101T061000" in ics
    assert "BEGIN:VTIMEZONE\r\nTZID:Australia/Sydney" in ics
    assert "DTSTART;TZID=Europe/Dublin:20261013T150000" in ics  # check-in at The Marker
    assert "Room 412 (twin)\\, with Lea Brunner" in ics and "Seat: 31A" in ics
    assert "2450.00" not in ics and "640.00" not in ics  # no money in a calendar
    assert "GBP" not in ics
    rob = _person_calendar(booked, "Rob Kettering").decode()
    assert "QF2" not in rob and "Stena Line" in rob  # only the segments they are on


def test_calendar_instants_of_travel_agree_in_every_parser(booked: Path):
    ics = _person_calendar(booked, "Maren Holt")
    uid = next(line.split(":", 1)[1] for line in ics.decode().splitlines()
               if line.startswith("UID:travel-") and _is_qf2(ics, line))
    expected = (datetime(2026, 10, 30, 21, 30, tzinfo=UTC),
                datetime(2026, 10, 31, 19, 10, tzinfo=UTC))  # GMT; AEDT is UTC+11
    for name, parse in PYTHON_PARSERS.items():
        assert parse(ics)[uid] == expected, name
    found, problems = libical(ics)
    assert problems == [] and found[uid] == expected
    assert icaljs(ics)[uid] == expected


def _is_qf2(ics: bytes, uid_line: str) -> bool:
    text = ics.decode()
    event = text[text.index(uid_line):]
    event = event[:event.index("END:VEVENT")]
    return "QF2" in event


def test_json_of_the_changes_names_who_booked(booked: Path):
    s = _store(booked)
    actors = {r[0] for r in s.conn.execute(
        "SELECT actor FROM changes WHERE entity IN ('travel_segments', 'travel_manifest', "
        "'hotel_stays', 'hotel_rooms')")}
    assert actors == {"demo-loader", "dana"}
    row = s.conn.execute("SELECT after FROM changes WHERE entity = 'hotel_rooms' "
                         "AND actor = 'dana'").fetchone()
    assert json.loads(row[0])["room"] == "412"


async def test_the_travel_screen_lists_the_demo_crossings_and_the_rooming_list(demo_store):
    from tourdesk.tui.app import TourDeskApp
    from tourdesk.tui.screens.travel import TravelScreen

    from tui_helpers import press, settle

    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "m")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TravelScreen)
        assert [x.what for x in screen.loaded.lines][:4] == [
            "ferry Stena Line", "ferry Stena Line", "train LeShuttle", "hotel"]
        await press(pilot, "down", "down", "down")
        await settle(pilot)
        detail = str(screen.query_one("#travel-detail").render())
        assert "Elbblick Hotel · ref NLT-1025" in detail
        assert "502 twin: Iain Forsyth with Tomasz Wójcik" in detail
        assert "2450" not in detail
        other = _store(demo_store.path, "tester")  # another connection books one more
        store_travel.add_segment(other, store_travel.segment(other, 4))
        await pilot.pause(2.5)  # the 1 s poll sees the commit
        assert len(screen.loaded.lines) == 7


def test_crew_show_lists_their_segments_with_seats_and_their_room(booked: Path):
    out = ok(booked, "crew", "show", "Maren Holt")
    assert "flight QF2 LHR → SYD" in out and "21:30 → 06:10+2 · ref ABC123 · seat 31A" in out
    assert "hotel The Marker" in out and "room 412 twin with Lea Brunner" in out
    later = ok(booked, "crew", "show", "Maren Holt", "--from", "2026-10-16")
    assert "The Marker" not in later and "QF2" in later


def test_hotels_export_and_import_round_trip_through_stdin(booked: Path):
    exported = ok(booked, "hotel", "export", "--tour", TOUR)
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert [(r["hotel"], r["person"], r["room"], r["type"]) for r in rows[:2]] == [
        ("The Marker", "Lea Brunner", "412", "twin"), ("The Marker", "Maren Holt", "412", "twin")]
    assert len(rows) == 2 + 16  # and the demo's Hamburg hotel, a row per person
    assert rows[0]["in"] == "2026-10-13 15:00" and rows[0]["ref"] == "MK-77"
    ok(booked, "hotel", "remove", "--tour", TOUR, "--hotel", "The Marker")
    ok(booked, "hotel", "remove", "--tour", TOUR, "--hotel", "Elbblick Hotel")
    assert "2 stays added, 18 people in rooms" in ok(booked, "hotel", "import", "--tour", TOUR,
                                                     "-", stdin=exported)
    assert ok(booked, "hotel", "export", "--tour", TOUR) == exported
    out = ok(booked, "hotel", "rooms", "--tour", TOUR, "--hotel", "The Marker")
    assert "Maren Holt" in out and "Lea Brunner" in out


def test_a_hotel_import_with_bad_rows_adds_nothing_and_names_line_and_column(booked: Path):
    before = ok(booked, "hotel", "export", "--tour", TOUR)
    bad = ("hotel,address,in,out,person,room,type\n"
           "Hotel Atlantic,An der Alster 72,2026-10-20,2026-10-22,Maren Holt,7,twin\n"
           "Hotel Atlantic,Elsewhere 1,2026-10-20,2026-10-22,Jack Moran,7,twin\n"
           "Hotel Atlantic,,2026-10-20,2026-10-22,maren holt,8,single\n"
           "Park Inn,,2026-10-23,2026-10-23,,,\n"
           "Park Inn,,2026-10-24,2026-10-25,Nobody,9,palace\n")
    result = _as(booked, "dana", "hotel", "import", "--tour", TOUR, "-", stdin=bad)
    assert result.exit_code != 0
    for part in ("line 3, column 'address': 'Elsewhere 1' differs from line 2",
                 "line 4, column 'person': maren holt already has a room there on line 2",
                 "line 5, column 'out': 2026-10-23 is not after the check-in date",
                 "line 6, column 'person': nobody called 'Nobody'",
                 "line 6, column 'type': 'palace' is not a room type"):
        assert part in result.output, result.output
    assert "Traceback" not in result.output
    assert ok(booked, "hotel", "export", "--tour", TOUR) == before
