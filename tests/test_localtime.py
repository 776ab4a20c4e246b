"""Venue-local time rules: the show day runs past midnight; the DST gap is refused."""

from datetime import UTC, date, datetime, time

import pytest

from tourdesk.domain import localtime
from tourdesk.domain.errors import ValidationError
from tourdesk.domain.kinds import GigKind, ScheduleKind
from tourdesk.domain.models import schedule_item

SAT = date(2026, 10, 24)


@pytest.mark.parametrize("text,expected", [
    ("19:30", time(19, 30)), ("9:05", time(9, 5)), ("00:30", time(0, 30)),
    ("19.30", time(19, 30)), ("21h15", time(21, 15)), (" 23:59 ", time(23, 59)),
])
def test_wall_times_people_write_are_understood(text, expected):
    assert localtime.parse_wall_time(text, "set") == expected


@pytest.mark.parametrize("text", ["24:00", "19:60", "7pm", "", "1930", "19:3", "ab:cd"])
def test_nonsense_times_are_refused_naming_the_field(text):
    with pytest.raises(ValidationError) as err:
        localtime.parse_wall_time(text, "doors")
    assert err.value.field == "doors"
    assert "HH:MM" in str(err.value) or "00:00 to 23:59" in str(err.value)


def test_a_0030_set_stays_on_saturdays_show_but_happens_on_sunday():
    item = schedule_item(SAT, GigKind.SHOW, ScheduleKind.SET, "00:30", "Europe/Berlin", field="set")
    assert item.on == date(2026, 10, 25)
    # Still summer time at 00:30 on the night the clocks go back (change is at 03:00)
    assert localtime.to_utc(item.on, item.at, "Europe/Berlin") == datetime(
        2026, 10, 24, 22, 30, tzinfo=UTC
    )


def test_the_day_break_is_0600_on_show_days():
    before = schedule_item(SAT, GigKind.SHOW, ScheduleKind.LOAD_OUT, "05:59", "Europe/Oslo",
                           field="load_out")
    after = schedule_item(SAT, GigKind.SHOW, ScheduleKind.LOAD_IN, "06:00", "Europe/Oslo",
                          field="load_in")
    assert before.on == date(2026, 10, 25)
    assert after.on == SAT


def test_early_times_on_travel_days_are_the_same_morning():
    item = schedule_item(SAT, GigKind.TRAVEL, ScheduleKind.TRAVEL, "05:40", "Europe/London",
                         field="travel")
    assert item.on == SAT


def test_a_time_in_the_spring_forward_gap_is_refused_with_the_reason():
    with pytest.raises(ValidationError) as err:
        schedule_item(date(2027, 3, 28), GigKind.TRAVEL, ScheduleKind.TRAVEL, "02:30",
                      "Europe/Berlin", field="travel")
    message = str(err.value)
    assert err.value.field == "travel"
    assert "02:30 does not exist in Europe/Berlin" in message
    assert "from 02:00 to 03:00" in message


def test_the_gap_after_midnight_of_a_show_day_is_found_on_the_next_date():
    # Saturday 27 March 2027 show, 02:30 load-out: Sunday 28 March, inside the gap.
    with pytest.raises(ValidationError, match="Sun 28 Mar 2027"):
        schedule_item(date(2027, 3, 27), GigKind.SHOW, ScheduleKind.LOAD_OUT, "02:30",
                      "Europe/Berlin", field="load_out")


def test_a_half_hour_gap_is_measured_right():
    # Lord Howe Island moves its clocks by 30 minutes.
    with pytest.raises(ValidationError, match="from 02:00 to 02:30"):
        localtime.check_exists(date(2026, 10, 4), time(2, 15), "Australia/Lord_Howe", "set")


def test_the_autumn_overlap_takes_the_first_occurrence():
    first = localtime.to_utc(date(2026, 10, 25), time(2, 30), "Europe/Berlin")
    assert first == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


@pytest.mark.parametrize("name", ["Europe/Berlinn", "CET", "berlin", "", "../etc/passwd"])
def test_unknown_or_legacy_zones_are_refused(name):
    with pytest.raises(ValidationError) as err:
        localtime.zone(name)
    assert err.value.field == "timezone"
