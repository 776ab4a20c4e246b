"""The staffing check holds each call against the person's travel: still on a flight,
a train or a ferry at the call, or reaching the call's place after it, is a conflict in
plain words. Instants, not dates: the date line and two zones cannot fool it."""

from __future__ import annotations

from datetime import date, time

from tests.test_staffing_rules import conflicts, kinds, shift
from tourdesk.domain.kinds import GigKind
from tourdesk.domain.staffing import ConflictKind
from tourdesk.domain.travel_plans import Endpoint, Mode, Passenger, Segment

SYD = Endpoint("Sydney Kingsford Smith", "Australia/Sydney", "SYD", (-33.9461, 151.1772))
LHR = Endpoint("London Heathrow", "Europe/London", "LHR", (51.4706, -0.4619))
AKL = Endpoint("Auckland", "Pacific/Auckland", "AKL", (-37.0082, 174.785))
HNL = Endpoint("Honolulu", "Pacific/Honolulu", "HNL", (21.3187, -157.9225))
MEL = Endpoint("Melbourne", "Australia/Melbourne", "MEL", (-37.6733, 144.8433))
OPERA_HOUSE = (-33.8568, 151.2153)
WAIKIKI = (21.2793, -157.8292)


def flight(origin: Endpoint, destination: Endpoint, depart: tuple[date, time],
           arrive: tuple[date, time], *, number: str = "QF2", people: tuple[int, ...] = (1,),
           mode: Mode = Mode.FLIGHT) -> Segment:
    return Segment(tour_id=1, mode=mode, origin=origin, destination=destination,
                   depart_on=depart[0], depart_at=depart[1], arrive_on=arrive[0],
                   arrive_at=arrive[1], number=number,
                   passengers=tuple(Passenger(p) for p in people))


def sydney_show(call: time | None, on: date = date(2027, 2, 12), **more: object):
    return shift(person="Ana Silva", on=on, place="Sydney Opera House",
                 zone="Australia/Sydney", coordinates=OPERA_HOUSE, call=call, **more)


LONDON_SYDNEY = flight(LHR, SYD, (date(2027, 2, 10), time(21, 30)),
                       (date(2027, 2, 12), time(6, 10)))


def test_landing_after_the_call_at_its_place_is_reported_in_plain_words() -> None:
    found = conflicts([sydney_show(time(6, 0))], travel=[LONDON_SYDNEY])
    assert kinds(found) == [ConflictKind.TRAVELLING]
    assert found[0].why == ("Ana Silva lands in SYD 06:10 (flight QF2), call 06:00 at "
                            "Sydney Opera House")
    assert found[0].person_id == 1 and found[0].gig_day_ids == (10,)


def test_a_call_after_landing_is_no_conflict() -> None:
    assert conflicts([sydney_show(time(9, 0))], travel=[LONDON_SYDNEY]) == []


def test_a_small_hours_call_on_a_show_day_is_that_night_s() -> None:
    # 04:30 on a show day is the night after the show: long after landing
    assert conflicts([sydney_show(time(4, 30))], travel=[LONDON_SYDNEY]) == []
    # at 05:00 on a rehearsal day (that night's, too) or at 06:00 the same morning
    assert conflicts([sydney_show(time(5, 0), kind=GigKind.REHEARSAL)],
                     travel=[LONDON_SYDNEY]) == []
    assert kinds(conflicts([sydney_show(time(6, 0), kind=GigKind.REHEARSAL)],
                           travel=[LONDON_SYDNEY])) == [ConflictKind.TRAVELLING]


def test_a_travel_day_s_call_is_where_the_journey_starts_and_is_not_checked() -> None:
    # the driver's 09:00 call is in Cairnryan; the day's place is Belfast, reached by
    # the 11:30 ferry: no conflict
    cairnryan = Endpoint("Cairnryan", "Europe/London")
    belfast = Endpoint("Belfast", "Europe/London")
    ferry = flight(cairnryan, belfast, (date(2026, 10, 11), time(11, 30)),
                   (date(2026, 10, 11), time(13, 45)), mode=Mode.FERRY, number="")
    day = shift(person="Ben Achterberg", on=date(2026, 10, 11), kind=GigKind.TRAVEL,
                place="Belfast", call=time(9, 0))
    assert conflicts([day], travel=[ferry]) == []
    assert kinds(conflicts([shift(person="Ben Achterberg", on=date(2026, 10, 11),
                                  place="Belfast", call=time(12, 0))], travel=[ferry])) == [
        ConflictKind.TRAVELLING]


def test_someone_else_on_the_flight_does_not_count() -> None:
    other = flight(LHR, SYD, (date(2027, 2, 10), time(21, 30)),
                   (date(2027, 2, 12), time(6, 10)), people=(2,))
    assert conflicts([sydney_show(time(6, 0))], travel=[other]) == []


def test_in_the_air_elsewhere_at_the_call_names_the_flight() -> None:
    # a call in Sydney while the flight to Melbourne is still airborne
    away = flight(SYD, MEL, (date(2027, 2, 12), time(14, 0)), (date(2027, 2, 12), time(15, 35)),
                  number="QF431")
    found = conflicts([sydney_show(time(15, 0))], travel=[away])
    assert [c.why for c in found] == [
        "Ana Silva is in the air at the call 15:00 at Sydney Opera House "
        "(flight QF431 SYD → MEL, lands 15:35)"]


def test_arriving_after_the_call_on_a_later_departure_is_reported() -> None:
    # still in Melbourne at a 10:00 call in Sydney: the flight leaves after the call
    late = flight(MEL, SYD, (date(2027, 2, 12), time(11, 0)), (date(2027, 2, 12), time(12, 30)),
                  number="QF432")
    found = conflicts([sydney_show(time(10, 0))], travel=[late])
    assert [c.why for c in found] == [
        "Ana Silva lands in SYD 12:30 (flight QF432), call 10:00 at Sydney Opera House"]


def test_a_flight_out_after_the_day_ends_is_no_conflict() -> None:
    out = flight(SYD, MEL, (date(2027, 2, 13), time(9, 0)), (date(2027, 2, 13), time(10, 35)))
    back = flight(MEL, SYD, (date(2027, 2, 20), time(9, 0)), (date(2027, 2, 20), time(10, 35)))
    day = sydney_show(time(10, 0), last_item=(date(2027, 2, 12), time(23, 0)))
    assert conflicts([day], travel=[out, back]) == []


def test_across_the_date_line_the_instants_decide() -> None:
    # Auckland 21:00 on the 10th lands in Honolulu 08:00 on the 10th (the day before,
    # 10 h 00 later): a 07:00 call there on the 10th is missed, a 09:00 one is not
    hop = flight(AKL, HNL, (date(2027, 3, 10), time(21, 0)), (date(2027, 3, 10), time(8, 0)),
                 number="NZ10")
    assert hop.arrives > hop.departs

    def day(call: time):
        return shift(person="Ana Silva", on=date(2027, 3, 10), place="Waikiki Shell",
                     zone="Pacific/Honolulu", coordinates=WAIKIKI, call=call)

    found = conflicts([day(time(7, 0))], travel=[hop])
    assert [c.why for c in found] == [
        "Ana Silva lands in HNL 08:00 (flight NZ10), call 07:00 at Waikiki Shell"]
    assert conflicts([day(time(9, 0))], travel=[hop]) == []


def test_two_zones_compare_as_instants_not_as_wall_clocks() -> None:
    # Melbourne 18:00 is Sydney 18:00 in February (both AEDT), but a ferry on
    # Perth's clock is three hours behind: 16:00 there is 19:00 in Sydney
    perth = Endpoint("Fremantle ferry terminal", "Australia/Perth")
    rottnest = Endpoint("Rottnest Island", "Australia/Perth")
    ferry = flight(perth, rottnest, (date(2027, 2, 12), time(16, 0)),
                   (date(2027, 2, 12), time(16, 45)), mode=Mode.FERRY, number="")
    # a Sydney call at 18:30 is 15:30 in Perth: before the ferry leaves, no conflict
    assert conflicts([sydney_show(time(18, 30))], travel=[ferry]) == []
    # a Sydney call at 19:30 is 16:30 in Perth: on the ferry
    found = conflicts([sydney_show(time(19, 30))], travel=[ferry])
    assert [c.why for c in found] == [
        "Ana Silva is on a ferry at the call 19:30 at Sydney Opera House "
        "(ferry Fremantle ferry terminal → Rottnest Island, arrives 16:45)"]


def test_a_day_without_a_call_or_schedule_is_not_checked() -> None:
    assert conflicts([sydney_show(None)], travel=[LONDON_SYDNEY]) == []


def test_one_conflict_per_person_and_day() -> None:
    first = flight(MEL, SYD, (date(2027, 2, 12), time(9, 0)), (date(2027, 2, 12), time(10, 30)))
    second = flight(MEL, SYD, (date(2027, 2, 12), time(11, 0)),
                    (date(2027, 2, 12), time(12, 30)), number="QF9")
    assert kinds(conflicts([sydney_show(time(9, 30))], travel=[first, second])) == [
        ConflictKind.TRAVELLING]



def test_the_conflicts_command_and_the_board_report_a_call_missed_in_the_air(
        store, db_path) -> None:
    from click.testing import CliRunner

    from tourdesk.cli.base import cli
    from tourdesk.domain.staffing import Person
    from tourdesk.services import staffing, travel
    from tourdesk.store import crew, tours

    from conftest import make_show

    gig_id = make_show(store)  # Oslo, 21 Oct 2026
    crew.add_person(store, Person("Ana Silva", roles=("FOH engineer",)))
    ana = crew.person_named(store, "Ana Silva")
    crew.assign(store, gig_id, ana, "FOH engineer", call=time(13, 0))
    tour_id = tours.named(store, "Test tour").id
    travel.add_segment(store, tour_id, {
        "mode": "flight", "number": "SK806", "from": "LHR", "to": "OSL",
        "depart": "2026-10-21 11:00", "arrive": "14:10", "people": "Ana Silva"})

    line = ("2026-10-21  travelling: Ana Silva lands in OSL 14:10 (flight SK806), call 13:00 "
            "at Oslo")
    result = CliRunner().invoke(cli, ["--db", str(db_path), "staff", "conflicts",
                                      "--tour", "Test tour"])
    assert result.exit_code == 1 and line in result.output.splitlines()
    board = staffing.board(store, tour_id)
    assert (ana.id, gig_id) in board.flagged
    assert [str(c) for c in board.day_conflicts(gig_id, ana.id)] == [line]
    # an earlier flight clears it
    [seg] = travel.segments(store, tour_id)
    travel.set_segment(store, tour_id, seg.segment.id or 0,
                       {"depart": "2026-10-21 07:00", "arrive": "10:10"})
    assert staffing.conflicts(store, tour_id) == []
