"""Staffing rules as pure functions: conflicts over `Shift`s, people from form fields,
the pay basis and role codes. No database; every time is a venue-local wall time with
an explicit zone, so nothing here depends on the host clock or zone (TZ is Chatham)."""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from itertools import count

import pytest

from tourdesk.domain.errors import ValidationErrors
from tourdesk.domain.kinds import GigKind, GigStatus
from tourdesk.domain.money import Money
from tourdesk.domain.staffing import (
    ConflictKind,
    Need,
    Person,
    PersonGroup,
    Rules,
    Shift,
    find_conflicts,
    pay_basis,
    person_from_fields,
    role_code,
)

GLASGOW = (55.8607, -4.2518)
MILAN = (45.4642, 9.19)
BERLIN = (52.52, 13.405)
HAMBURG = (53.5511, 9.9937)

D1 = date(2026, 11, 10)  # well away from any daylight-saving change
D2 = D1 + timedelta(days=1)

_ids = count(1)


def shift(
    *,
    person_id: int = 1,
    person: str = "Alex Reid",
    role: str = "FOH engineer",
    gig_day_id: int = 10,
    tour: str = "Autumn tour",
    on: date = D1,
    kind: GigKind = GigKind.SHOW,
    status: GigStatus = GigStatus.CONFIRMED,
    place: str = "Barrowland",
    zone: str = "Europe/London",
    coordinates: tuple[float, float] | None = None,
    call: time | None = None,
    first_item: time | None = None,
    last_item: tuple[date, time] | None = None,
    fee: Money | None = None,
) -> Shift:
    return Shift(
        assignment_id=next(_ids), person_id=person_id, person=person, role=role,
        gig_day_id=gig_day_id, tour=tour, date=on, kind=kind, status=status, place=place,
        zone=zone, coordinates=coordinates, call=call, first_item=first_item,
        last_item=last_item, fee=fee,
    )


def eur(text: str) -> Money:
    whole, _, cents = text.partition(".")
    return Money(int(whole) * 100 + int((cents + "00")[:2]), "EUR")


def conflicts(shifts: list[Shift], *, needs: tuple[Need, ...] = (),
              people: dict[int, Person] | None = None,
              days: dict[int, tuple[date, str, GigStatus]] | None = None,
              rules: Rules | None = None, travel: tuple | list = ()) -> list:
    return find_conflicts(shifts, needs, people or {}, days or {}, rules or Rules(), travel)


def kinds(found: list) -> list[ConflictKind]:
    return [c.kind for c in found]


# -- double booking --


def test_same_person_on_two_tours_the_same_date_is_double_booked() -> None:
    found = conflicts([
        shift(gig_day_id=10, tour="Autumn tour", place="Barrowland"),
        shift(gig_day_id=20, tour="Festival run", place="Usher Hall", role="FOH engineer"),
    ])
    assert kinds(found) == [ConflictKind.DOUBLE_BOOKED]
    c = found[0]
    assert c.date == D1
    assert c.person_id == 1
    assert set(c.gig_day_ids) == {10, 20}
    assert "Alex Reid" in c.why
    assert "Barrowland" in c.why and "Usher Hall" in c.why


def test_two_roles_on_one_gig_day_is_not_a_double_booking() -> None:
    found = conflicts([
        shift(gig_day_id=10, role="FOH engineer"),
        shift(gig_day_id=10, role="driver"),
    ])
    assert ConflictKind.DOUBLE_BOOKED not in kinds(found)


def test_a_cancelled_day_does_not_count_as_a_booking() -> None:
    found = conflicts([
        shift(gig_day_id=10, place="Barrowland"),
        shift(gig_day_id=20, tour="Festival run", place="Usher Hall",
              status=GigStatus.CANCELLED),
    ])
    assert found == []


# -- travel and rest --


def test_glasgow_show_then_milan_call_next_morning_is_too_far() -> None:
    found = conflicts([
        shift(gig_day_id=10, on=D1, place="Glasgow", coordinates=GLASGOW,
              zone="Europe/London", last_item=(D1, time(23, 30))),
        shift(gig_day_id=11, on=D2, place="Milan", coordinates=MILAN,
              zone="Europe/Rome", call=time(10, 0)),
    ])
    assert kinds(found) == [ConflictKind.TOO_FAR]
    c = found[0]
    assert c.date == D2
    assert c.gig_day_ids == (10, 11)
    assert "km" in c.why and " h" in c.why
    assert re.search(r"about \d+ km by road, ~\d+\.\d h", c.why)
    assert "Glasgow" in c.why and "Milan" in c.why
    assert "assumed" not in c.why  # both times were known


def test_berlin_to_hamburg_overnight_is_reachable() -> None:
    found = conflicts([
        shift(gig_day_id=10, on=D1, place="Berlin", coordinates=BERLIN,
              zone="Europe/Berlin", last_item=(D1, time(23, 30))),
        shift(gig_day_id=11, on=D2, place="Hamburg", coordinates=HAMBURG,
              zone="Europe/Berlin", call=time(10, 0)),
    ])
    assert ConflictKind.TOO_FAR not in kinds(found)
    assert found == []


def test_a_show_three_days_before_is_not_checked_for_travel() -> None:
    found = conflicts([
        shift(gig_day_id=10, on=D1, place="Glasgow", coordinates=GLASGOW,
              last_item=(D1, time(23, 30))),
        shift(gig_day_id=11, on=D1 + timedelta(days=3), place="Milan", coordinates=MILAN,
              zone="Europe/Rome", call=time(10, 0)),
    ])
    assert found == []


def _london_end_berlin_call() -> list[Shift]:
    # 23:30 in London is 00:30 in Berlin: 8.5 h to a 09:00 call, not the 9.5 h the
    # wall clocks suggest.
    return [
        shift(gig_day_id=10, on=D1, place="London", zone="Europe/London",
              last_item=(D1, time(23, 30))),
        shift(gig_day_id=11, on=D2, place="Berlin", zone="Europe/Berlin",
              call=time(9, 0)),
    ]


def test_rest_gap_across_zones_is_measured_in_real_instants() -> None:
    found = conflicts(_london_end_berlin_call(), rules=Rules(rest_hours=9))
    assert kinds(found) == [ConflictKind.REST]
    assert "8.5 h" in found[0].why
    assert found[0].date == D2


def test_rest_gap_across_zones_is_long_enough_for_an_eight_hour_rule() -> None:
    assert conflicts(_london_end_berlin_call(), rules=Rules(rest_hours=8)) == []


@pytest.mark.parametrize(("rest_hours", "short"), [(10, True), (9, False)])
def test_rest_gap_over_the_autumn_clock_change(rest_hours: float, short: bool) -> None:
    # Berlin falls back an hour in the night to Sun 25 Oct 2026 (London too, an hour
    # later in UTC terms): 23:30 BST Saturday to 09:00 CET Sunday is 9.5 h, not 8.5 h.
    sat, sun = date(2026, 10, 24), date(2026, 10, 25)
    found = conflicts([
        shift(gig_day_id=10, on=sat, place="London", zone="Europe/London",
              last_item=(sat, time(23, 30))),
        shift(gig_day_id=11, on=sun, place="Berlin", zone="Europe/Berlin", call=time(9, 0)),
    ], rules=Rules(rest_hours=rest_hours))
    assert kinds(found) == ([ConflictKind.REST] if short else [])
    if short:
        assert "9.5 h" in found[0].why


def test_load_out_after_midnight_counts_against_next_days_rest() -> None:
    found = conflicts([
        shift(gig_day_id=10, on=D1, place="Berlin", zone="Europe/Berlin",
              last_item=(D2, time(1, 30))),  # show day D1, load-out in D2's small hours
        shift(gig_day_id=11, on=D2, place="Hamburg", zone="Europe/Berlin",
              call=time(10, 0)),
    ], rules=Rules(rest_hours=10))
    assert kinds(found) == [ConflictKind.REST]
    assert "8.5 h" in found[0].why


def test_first_schedule_item_stands_in_for_a_missing_call() -> None:
    found = conflicts([
        shift(gig_day_id=10, on=D1, zone="Europe/Berlin", last_item=(D1, time(23, 0))),
        shift(gig_day_id=11, on=D2, zone="Europe/Berlin", first_item=time(6, 0)),
    ], rules=Rules(rest_hours=8))
    assert kinds(found) == [ConflictKind.REST]
    assert "7.0 h" in found[0].why


@pytest.mark.parametrize("known", ["end", "start", "neither"])
def test_rest_rule_needs_both_times_known(known: str) -> None:
    found = conflicts([
        shift(gig_day_id=10, on=D1, zone="Europe/Berlin",
              last_item=(D1, time(23, 30)) if known == "end" else None),
        shift(gig_day_id=11, on=D2, zone="Europe/Berlin",
              call=time(6, 0) if known == "start" else None),
    ], rules=Rules(rest_hours=20))  # any real gap would break a 20 h rule
    assert found == []


def test_too_far_uses_assumed_times_and_says_so() -> None:
    found = conflicts([
        shift(gig_day_id=10, on=D1, place="Glasgow", coordinates=GLASGOW,
              zone="Europe/London"),
        shift(gig_day_id=11, on=D2, place="Milan", coordinates=MILAN, zone="Europe/Rome"),
    ])
    assert kinds(found) == [ConflictKind.TOO_FAR]
    assert "assumed" in found[0].why


# -- understaffed --


def _day(status: GigStatus = GigStatus.CONFIRMED) -> dict[int, tuple[date, str, GigStatus]]:
    return {10: (D1, "Barrowland", status)}


def test_a_day_short_of_people_is_understaffed() -> None:
    found = conflicts([shift(gig_day_id=10, role="backline tech")],
                      needs=(Need(10, "backline tech", 3),), days=_day())
    assert kinds(found) == [ConflictKind.UNDERSTAFFED]
    c = found[0]
    assert c.missing == 2
    assert c.gig_day_ids == (10,)
    assert c.date == D1
    assert "needs 3 backline tech, has 1" in c.why


def test_need_matches_roles_without_regard_to_case_or_spaces() -> None:
    found = conflicts(
        [shift(gig_day_id=10, person_id=1, role="Backline  Tech"),
         shift(gig_day_id=10, person_id=2, person="Sam Kerr", role=" backline tech ")],
        needs=(Need(10, "backline tech", 2),), days=_day())
    assert found == []


def test_one_person_counts_once_towards_a_need() -> None:
    found = conflicts(
        [shift(gig_day_id=10, role="backline tech"),
         shift(gig_day_id=10, role="Backline tech")],
        needs=(Need(10, "backline tech", 2),), days=_day())
    assert [c.missing for c in found] == [1]


def test_a_cancelled_days_needs_are_not_reported() -> None:
    found = conflicts([], needs=(Need(10, "backline tech", 3),),
                      days=_day(GigStatus.CANCELLED))
    assert found == []


# -- roles and active --


FOH = Person("Alex Reid", roles=("FOH engineer",), id=1)


def test_working_a_role_not_held_is_flagged() -> None:
    found = conflicts([shift(role="driver")], people={1: FOH})
    assert kinds(found) == [ConflictKind.WRONG_ROLE]
    assert "driver" in found[0].why and "FOH engineer" in found[0].why


def test_a_held_role_in_another_case_is_fine() -> None:
    assert conflicts([shift(role="foh engineer")], people={1: FOH}) == []


def test_an_inactive_person_at_work_is_flagged() -> None:
    retired = Person("Alex Reid", roles=("FOH engineer",), active=False, id=1)
    found = conflicts([shift(role="FOH engineer")], people={1: retired})
    assert kinds(found) == [ConflictKind.INACTIVE]


# -- order --


def test_conflicts_come_sorted_by_date() -> None:
    d3 = D1 + timedelta(days=5)
    found = conflicts(
        [
            shift(gig_day_id=30, on=d3, role="driver"),  # wrong role, latest
            shift(gig_day_id=10, on=D1, role="FOH engineer"),
            shift(gig_day_id=20, on=D1, tour="Festival run", place="Usher Hall"),
        ],
        needs=(Need(25, "rigger", 1),),
        people={1: FOH},
        days={25: (D2, "Barrowland", GigStatus.CONFIRMED)},
    )
    assert [c.date for c in found] == [D1, D2, d3]
    assert kinds(found) == [ConflictKind.DOUBLE_BOOKED, ConflictKind.UNDERSTAFFED,
                            ConflictKind.WRONG_ROLE]


# -- person_from_fields --


def test_a_good_row_makes_a_person() -> None:
    p = person_from_fields({
        "name": " Alex Reid ", "roles": "FOH engineer; driver", "group": "Crew",
        "login": "alex", "phone": "+44 7700 900123", "email": "alex@example.org",
        "emergency_contact": "Jo Reid +44 7700 900456", "dietary": "vegetarian",
        "day_rate": "250.00", "per_diem": "30", "currency": "eur", "notes": "Own desk",
        "active": "yes",
    }, person_id=7)
    assert p == Person(
        name="Alex Reid", roles=("FOH engineer", "driver"), group=PersonGroup.CREW,
        login="alex", phone="+44 7700 900123", email="alex@example.org",
        emergency_contact="Jo Reid +44 7700 900456", dietary="vegetarian",
        day_rate=Money(25000, "EUR"), per_diem=Money(3000, "EUR"), currency="EUR",
        notes="Own desk", active=True, id=7,
    )


def test_blank_optional_fields_take_defaults() -> None:
    p = person_from_fields({"name": "Sam Kerr"})
    assert p.group is PersonGroup.CREW
    assert p.currency == "EUR"
    assert p.active is True
    assert p.roles == ()
    assert p.day_rate is None and p.per_diem is None


def test_active_no_makes_an_inactive_person() -> None:
    assert person_from_fields({"name": "Sam Kerr", "active": "no"}).active is False


def test_every_bad_field_is_named_at_once() -> None:
    with pytest.raises(ValidationErrors) as exc:
        person_from_fields({
            "name": "Alex Reid", "email": "alex.example.org", "login": "Bob Smith",
            "currency": "EURO", "group": "roadie", "active": "maybe",
        })
    assert set(exc.value.by_field()) == {"email", "login", "currency", "group", "active"}


@pytest.mark.parametrize(("field", "value"), [
    ("email", "alex@"),
    ("login", "Bob Smith"),
    ("currency", "E1R"),
    ("day_rate", "12.345"),
    ("per_diem", "30,00"),
    ("group", "roadie"),
    ("active", "maybe"),
    ("name", "  "),
])
def test_a_bad_field_is_named(field: str, value: str) -> None:
    fields = {"name": "Alex Reid", "currency": "EUR", field: value}
    with pytest.raises(ValidationErrors) as exc:
        person_from_fields(fields)
    assert set(exc.value.by_field()) == {field}


def test_too_many_decimals_are_refused_for_the_persons_currency() -> None:
    with pytest.raises(ValidationErrors) as exc:
        person_from_fields({"name": "Alex Reid", "day_rate": "12.345", "currency": "EUR"})
    assert "day_rate" in exc.value.by_field()
    # three decimals are fine for a three-decimal currency
    p = person_from_fields({"name": "Alex Reid", "day_rate": "12.345", "currency": "KWD"})
    assert p.day_rate == Money(12345, "KWD")


def test_roles_are_split_on_semicolons_and_commas_each_once() -> None:
    p = person_from_fields({"name": "Alex Reid", "roles": "FOH engineer; driver, FOH Engineer"})
    assert p.roles == ("FOH engineer", "driver")


# -- pay basis --

TOUR_DAYS = [D1 + timedelta(days=n) for n in range(4)]
PAID = Person("Alex Reid", roles=("FOH engineer", "driver"), day_rate=eur("250.00"),
              per_diem=eur("30.00"), currency="EUR", id=1)


def test_pay_basis_counts_days_fees_overrides_and_per_diems_over_the_span() -> None:
    day1, day2, _day3, day4 = TOUR_DAYS
    basis = pay_basis(PAID, "Autumn tour", [
        shift(gig_day_id=1, on=day1),
        shift(gig_day_id=2, on=day2, fee=eur("400.00")),
        shift(gig_day_id=4, on=day4),  # day3 is an off day: on the road, not worked
    ], TOUR_DAYS)
    assert basis.days_worked == 3
    assert basis.fees == (eur("900.00"),)
    assert basis.per_diem_days == 4
    assert basis.per_diems == eur("120.00")
    assert basis.total == (eur("1020.00"),)
    assert (basis.person_id, basis.person, basis.tour) == (1, "Alex Reid", "Autumn tour")


@pytest.mark.parametrize("shifts", [
    pytest.param([shift(gig_day_id=1, on=TOUR_DAYS[0], role="FOH engineer"),
                  shift(gig_day_id=1, on=TOUR_DAYS[0], role="driver")],
                 id="two roles on one day are paid once"),
    pytest.param([shift(gig_day_id=1, on=TOUR_DAYS[0]),
                  shift(gig_day_id=2, on=TOUR_DAYS[1], status=GigStatus.CANCELLED)],
                 id="cancelled days are not paid"),
    pytest.param([shift(gig_day_id=1, on=TOUR_DAYS[0]),
                  shift(gig_day_id=99, on=TOUR_DAYS[3], tour="Festival run")],
                 id="shifts of another tour are ignored"),
])
def test_only_one_paid_day(shifts: list[Shift]) -> None:
    basis = pay_basis(PAID, "Autumn tour", shifts, TOUR_DAYS)
    assert basis.days_worked == 1
    assert basis.fees == (eur("250.00"),)
    assert basis.per_diem_days == 1


def test_two_roles_on_one_day_pay_the_higher_fee() -> None:
    basis = pay_basis(PAID, "Autumn tour", [
        shift(gig_day_id=1, on=D1, role="FOH engineer"),
        shift(gig_day_id=1, on=D1, role="driver", fee=eur("300.00")),
    ], TOUR_DAYS)
    assert basis.fees == (eur("300.00"),)


def test_a_fee_in_another_currency_is_kept_apart() -> None:
    pounds = Money(40000, "GBP")
    basis = pay_basis(PAID, "Autumn tour", [
        shift(gig_day_id=1, on=D1),
        shift(gig_day_id=2, on=TOUR_DAYS[1], fee=pounds),  # a London date paid in pounds
        shift(gig_day_id=2, on=TOUR_DAYS[1], role="driver"),  # second role: paid once
    ], TOUR_DAYS)
    assert basis.days_worked == 2
    assert basis.fees == (eur("250.00"), pounds)
    assert basis.total == (eur("310.00"), pounds)  # two per diems go with the euros


def test_no_days_worked_means_nothing_to_pay() -> None:
    basis = pay_basis(PAID, "Autumn tour", [], TOUR_DAYS)
    assert basis.days_worked == 0
    assert basis.per_diem_days == 0
    assert basis.fees == ()
    assert basis.total == (Money(0, "EUR"),)


# -- role codes --


@pytest.mark.parametrize(("role", "code"), [
    ("FOH engineer", "FOH"),
    ("Bus driver", "BUS"),
    ("pyro technician", "PT"),
    ("Cook", "COO"),
    ("  backline   TECH ", "BL"),
])
def test_role_code(role: str, code: str) -> None:
    assert role_code(role) == code
