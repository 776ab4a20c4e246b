"""The time arithmetic of travel segments and the rules of stays and the route, without a
database: the date line both ways, an arrival earlier on the clock than its departure,
overnight trains across both clock changes, the spring-forward gap, and legs that are
flown, ferried or still need booking."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from tourdesk.domain.errors import ValidationError, ValidationErrors
from tourdesk.domain.localtime import check_exists
from tourdesk.domain.routing import LegFlag, Stop, legs
from tourdesk.domain.travel import DriveRules
from tourdesk.domain.travel_plans import (
    Endpoint,
    Mode,
    Room,
    RoomType,
    segment_from_fields,
    sharing,
    stay_from_fields,
)

AIRPORTS = {
    "AKL": Endpoint("Auckland Airport", "Pacific/Auckland", "AKL", (-37.008, 174.792)),
    "HNL": Endpoint("Daniel K. Inouye International Airport", "Pacific/Honolulu", "HNL",
                    (21.318, -157.922)),
    "LHR": Endpoint("London Heathrow Airport", "Europe/London", "LHR", (51.471, -0.462)),
    "SYD": Endpoint("Sydney Kingsford Smith", "Australia/Sydney", "SYD", (-33.946, 151.177)),
    "AMS": Endpoint("Amsterdam Schiphol", "Europe/Amsterdam", "AMS", (52.309, 4.764)),
    "SIN": Endpoint("Singapore Changi", "Asia/Singapore", "SIN", (1.350, 103.994)),
    "MEL": Endpoint("Melbourne Airport", "Australia/Melbourne", "MEL", (-37.673, 144.843)),
}
PEOPLE = {"Anna Berg": 1, "Ben Ode": 2}


def flight(origin: str, destination: str, depart: str, arrive: str, **more: str):
    return segment_from_fields({"mode": "flight", "from": origin, "to": destination,
                                "depart": depart, "arrive": arrive, **more}, tour_id=1,
                               airports=AIRPORTS.get, people=PEOPLE)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_the_example_flight_lands_two_dates_later_on_sydneys_clock():
    s = flight("LHR", "SYD", "2027-02-10 21:30", "2027-02-12 06:10", carrier="QF",
               number="qf2", ref="ABC123", people="Anna Berg;ben ode", seats="31A;31B")
    assert s.departs == utc(2027, 2, 10, 21, 30)  # GMT in February
    assert s.arrives == utc(2027, 2, 11, 19, 10)  # AEDT, UTC+11
    assert s.duration == timedelta(hours=21, minutes=40)
    assert s.day_shift() == 2 and s.title() == "flight QF2 LHR → SYD"
    assert [(p.person_id, p.seat) for p in s.passengers] == [(1, "31A"), (2, "31B")]


def test_eastward_over_the_date_line_the_arrival_is_earlier_on_the_clock():
    s = flight("AKL", "HNL", "2027-02-10 21:00", "2027-02-10 06:45")
    assert s.depart_at > s.arrive_at and s.day_shift() == 0
    assert (s.departs, s.arrives) == (utc(2027, 2, 10, 8, 0), utc(2027, 2, 10, 16, 45))
    assert s.duration == timedelta(hours=8, minutes=45)


def test_eastward_over_the_date_line_the_arrival_may_be_the_day_before():
    s = flight("AKL", "HNL", "2027-02-11 01:00", "2027-02-10 10:45")
    assert s.day_shift() == -1
    assert s.duration == timedelta(hours=8, minutes=45)


def test_westward_over_the_date_line_a_short_flight_lands_the_next_day():
    s = flight("HNL", "AKL", "2027-02-10 14:00", "2027-02-11 21:30")
    assert s.day_shift() == 1
    assert s.duration == timedelta(hours=8, minutes=30)


def test_a_time_alone_is_the_first_such_clock_time_after_the_departure():
    east = flight("AKL", "HNL", "2027-02-10 21:00", "06:45")
    assert east.arrive_on == date(2027, 2, 10)  # 06:45 on the 9th in Honolulu is earlier
    west = flight("HNL", "AKL", "2027-02-10 14:00", "21:30")
    assert west.arrive_on == date(2027, 2, 11)


def test_an_arrival_instant_before_the_departure_is_refused_and_explained():
    with pytest.raises(ValidationErrors) as exc:
        flight("AKL", "HNL", "2027-02-10 21:00", "2027-02-09 20:00")
    [error] = exc.value.errors
    assert error.field == "arrive"
    assert "is not after the departure" in error.message
    assert "2027-02-09 22:00 there" in error.message  # the departure on Honolulu's clock


def test_a_segment_of_more_than_two_days_is_a_typing_mistake():
    with pytest.raises(ValidationErrors, match="lasts under 48 h"):
        flight("LHR", "SYD", "2027-02-10 21:30", "2027-02-14 06:10")


def train(depart: str, arrive: str, origin_zone: str = "Europe/Vienna",
          destination_zone: str = "Europe/Berlin"):
    return segment_from_fields({"mode": "train", "carrier": "ÖBB Nightjet", "number": "NJ 490",
                                "from": "Wien Hbf", "from_zone": origin_zone,
                                "to": "Hamburg-Altona", "to_zone": destination_zone,
                                "depart": depart, "arrive": arrive}, tour_id=1,
                               airports=AIRPORTS.get, people=PEOPLE)


def test_an_overnight_train_across_the_autumn_change_lasts_an_hour_more_than_the_clocks_say():
    s = train("2026-10-24 20:30", "2026-10-25 09:00")
    assert s.duration == timedelta(hours=13, minutes=30)  # 12 h 30 on the wall
    assert s.mode is Mode.TRAIN and s.origin.coordinates is None


def test_an_overnight_train_across_the_spring_change_lasts_an_hour_less():
    s = train("2027-03-27 22:00", "2027-03-28 08:00")
    assert s.duration == timedelta(hours=9)


def test_a_departure_or_arrival_in_the_spring_gap_is_refused_with_the_gap_named():
    with pytest.raises(ValidationError) as expected:
        check_exists(date(2027, 3, 28), time(2, 30), "Europe/Vienna", "depart")
    with pytest.raises(ValidationErrors) as exc:
        train("2027-03-28 02:30", "2027-03-28 12:00")
    assert [str(e) for e in exc.value.errors] == [str(expected.value)]
    assert "the clocks jump from 02:00 to 03:00" in str(expected.value)
    with pytest.raises(ValidationErrors) as exc:
        train("2027-03-27 20:00", "2027-03-28 02:15")
    assert [e.field for e in exc.value.errors] == ["arrive"]
    assert "does not exist in Europe/Berlin" in str(exc.value)


def test_bad_fields_are_all_named():
    with pytest.raises(ValidationErrors) as exc:
        segment_from_fields({"mode": "flight", "from": "XYZ", "to": "Sydney", "depart": "soon",
                             "arrive": "later", "people": "Anna Berg;Nobody", "cost": "10",
                             "currency": "EURO"}, tour_id=1, airports=AIRPORTS.get,
                            people=PEOPLE)
    assert {e.field for e in exc.value.errors} == {"from", "to", "depart", "people", "currency"}
    with pytest.raises(ValidationErrors) as exc:
        segment_from_fields({"mode": "ferry", "from": "Holyhead", "to": "Dublin Port",
                             "to_zone": "Europe/Dublin", "depart": "2026-10-15 08:15",
                             "arrive": "11:30"}, tour_id=1, airports=AIRPORTS.get, people={})
    assert [e.field for e in exc.value.errors] == ["from zone"]
    with pytest.raises(ValidationErrors, match="seats: 1 seat"):
        flight("LHR", "SYD", "2027-02-10 21:30", "06:10", people="Anna Berg;Ben Ode",
               seats="1A")
    with pytest.raises(ValidationErrors, match="SYD is in Australia/Sydney"):
        flight("LHR", "SYD", "2027-02-10 21:30", "06:10", to_zone="Australia/Perth")


# -- hotels --


def test_a_stay_needs_a_check_out_after_the_check_in_and_real_times():
    stay = stay_from_fields({"hotel": "Crown", "in": "2027-02-12 14:00", "out": "2027-02-15"},
                            tour_id=1, default_zone="Australia/Sydney")
    assert (stay.nights(), stay.zone, stay.check_out_at) == (3, "Australia/Sydney", None)
    assert stay.covers(date(2027, 2, 14)) and not stay.covers(date(2027, 2, 15))
    with pytest.raises(ValidationErrors, match="out: 2027-02-12 is not after"):
        stay_from_fields({"hotel": "Crown", "in": "2027-02-12", "out": "2027-02-12"},
                         tour_id=1, default_zone="Australia/Sydney")
    with pytest.raises(ValidationErrors, match="02:30 does not exist in Europe/Berlin"):
        stay_from_fields({"hotel": "Elbblick", "in": "2027-03-28 02:30", "out": "2027-03-29",
                          "zone": "Europe/Berlin"}, tour_id=1)
    with pytest.raises(ValidationErrors) as exc:
        stay_from_fields({"hotel": "", "in": "2027-02-12", "out": "2027-02-13"}, tour_id=1)
    assert {e.field for e in exc.value.errors} == {"hotel", "zone"}


def test_who_shares_follows_from_the_room():
    rooms = [Room(1, "412", RoomType.TWIN), Room(2, "412", RoomType.TWIN),
             Room(3, "301", RoomType.SINGLE), Room(4, "")]
    assert sharing(rooms) == {1: [2], 2: [1], 3: [], 4: []}


# -- the route: the Europe → Australia tour --

PLACES = {"London": ("GB", (51.5072, -0.1276)), "Amsterdam": ("NL", (52.3676, 4.9041)),
          "Sydney": ("AU", (-33.8688, 151.2093)), "Melbourne": ("AU", (-37.8136, 144.9631)),
          "Auckland": ("NZ", (-36.8485, 174.7633))}


def stops() -> list[Stop]:
    days = [("London", "2027-02-06", "Europe/London"), ("Amsterdam", "2027-02-08",
            "Europe/Amsterdam"), ("Sydney", "2027-02-13", "Australia/Sydney"),
            ("Melbourne", "2027-02-15", "Australia/Melbourne"),
            ("Auckland", "2027-02-18", "Pacific/Auckland")]
    found = []
    for n, (city, day, zone_name) in enumerate(days):
        from tourdesk.domain.localtime import to_utc

        on = date.fromisoformat(day)
        country, coordinates = PLACES[city]
        found.append(Stop(n, on, f"Hall, {city}", country, coordinates,
                          leaves=to_utc(on + timedelta(days=1), time(0, 30), zone_name),
                          arrives=to_utc(on, time(12, 0), zone_name), city=city))
    return found


def test_with_nothing_booked_the_long_legs_need_travel():
    route = legs(stops(), DriveRules())
    ams_syd = route[1]
    assert ams_syd.driven and ams_syd.drive_hours > 300
    assert {LegFlag.LONG_DRIVE, LegFlag.NEEDS_TRAVEL} <= set(ams_syd.flags)
    assert LegFlag.NEEDS_TRAVEL not in route[0].flags  # London → Amsterdam is a drive


def test_a_leg_covered_by_flights_is_flown_with_no_drive_and_no_drive_flag():
    booked = [flight("AMS", "SIN", "2027-02-10 21:00", "2027-02-11 16:05", number="SQ323"),
              flight("SIN", "SYD", "2027-02-11 20:10", "2027-02-12 06:40", number="SQ221"),
              flight("SYD", "MEL", "2027-02-14 10:00", "11:35", number="QF409")]
    route = legs(stops(), DriveRules(), booked)
    ams_syd, syd_mel, mel_akl = route[1], route[2], route[3]
    assert not ams_syd.driven and ams_syd.road_km == 0 and ams_syd.drive_hours == 0
    assert ams_syd.travel == "flown SQ323, flown SQ221" and ams_syd.how == "flown"
    assert set(ams_syd.flags) == {LegFlag.BORDER}  # NL → AU: still papers
    assert syd_mel.travel == "flown QF409" and not syd_mel.flags
    assert LegFlag.NEEDS_TRAVEL in mel_akl.flags


def test_a_flight_landing_after_the_load_in_is_flagged():
    late = [flight("SYD", "MEL", "2027-02-15 11:00", "12:35", number="QF419")]
    syd_mel = legs(stops(), DriveRules(), late)[2]
    assert not syd_mel.driven
    assert "arrives 0 h 35 after the load-in" in syd_mel.flags[LegFlag.NO_TIME]


def test_a_flight_elsewhere_or_on_another_date_covers_nothing():
    elsewhere = [flight("LHR", "SYD", "2027-02-10 21:30", "2027-02-12 06:10"),  # not AMS
                 flight("AMS", "SIN", "2027-02-13 21:00", "16:05"),  # after Sydney's day
                 flight("SIN", "SYD", "2027-02-14 20:10", "06:40")]
    ams_syd = legs(stops(), DriveRules(), elsewhere)[1]
    assert ams_syd.driven and LegFlag.NEEDS_TRAVEL in ams_syd.flags


def test_a_ferry_between_named_ports_covers_the_leg_and_a_bus_keeps_the_drive():
    ferry = segment_from_fields({"mode": "ferry", "carrier": "Interislander", "from": "Sydney",
                                 "from_zone": "Australia/Sydney", "to": "Melbourne",
                                 "to_zone": "Australia/Melbourne", "depart": "2027-02-13 23:00",
                                 "arrive": "2027-02-14 20:00"}, tour_id=1,
                                airports=AIRPORTS.get, people={})
    assert legs(stops(), DriveRules(), [ferry])[2].travel == "ferried Interislander"
    bus = segment_from_fields({"mode": "bus", "carrier": "Nightliner", "from": "Amsterdam",
                               "from_zone": "Europe/Amsterdam", "to": "Sydney",
                               "to_zone": "Australia/Sydney", "depart": "2027-02-10 08:00",
                               "arrive": "2027-02-11 20:00"}, tour_id=1,
                              airports=AIRPORTS.get, people={})
    leg = legs(stops(), DriveRules(), [bus])[1]
    assert leg.driven and leg.travel == "by bus Nightliner"
    assert LegFlag.LONG_DRIVE in leg.flags and LegFlag.NEEDS_TRAVEL not in leg.flags
