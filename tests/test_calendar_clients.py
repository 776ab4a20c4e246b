"""Every event at the same UTC instant in libical, ical.js, vobject, icalendar and ical,
and at the instant zoneinfo gives (fold=0 in the repeated hour): tours in zones with
both clock changes in both hemispheres, half- and quarter-hour offsets and the date
line, sampled over the years 1970-2100, with past-midnight sets and calls, rehearsal
and studio days, in every scope."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from calendar_parsers import PYTHON_PARSERS, icaljs, libical

from tourdesk.domain.errors import ValidationError
from tourdesk.domain.kinds import GigKind, ScheduleKind
from tourdesk.domain.models import GigDay, Tour, schedule_item
from tourdesk.domain.staffing import Person, PersonGroup
from tourdesk.services.calendar import Audience, Scope, export_tours
from tourdesk.store import crew, gigs, tours

ZONES = ["Europe/Berlin", "Europe/London", "America/New_York", "America/Sao_Paulo",
         "Australia/Sydney", "Australia/Adelaide", "Australia/Lord_Howe", "Asia/Kolkata",
         "Asia/Kathmandu", "Pacific/Chatham", "Pacific/Auckland", "Pacific/Apia"]
YEARS = [1970, 1986, 1999, 2011, 2026, 2027, 2037, 2038, 2061, 2100]
# (kind, label, time): a show running past midnight, with a call at 01:00 after it
SHOW = [(ScheduleKind.LOAD_IN, "14:00"), (ScheduleKind.SOUNDCHECK, "17:00"),
        (ScheduleKind.SET, "21:30"), (ScheduleKind.CURFEW, "23:45"),
        (ScheduleKind.LOAD_OUT, "01:30")]
WORK_DAY = [(ScheduleKind.LOAD_IN, "09:00"), (ScheduleKind.SET, "11:00"),
            (ScheduleKind.LOAD_OUT, "23:30")]


def _changes(zone: ZoneInfo, year: int) -> list[datetime]:
    """The local wall times (fold=0) just after each offset change in `year`."""
    out = []
    t = datetime(year, 1, 1, tzinfo=UTC)
    prev = t.astimezone(zone).utcoffset()
    while t.year == year:
        nxt = t + timedelta(hours=1)
        off = nxt.astimezone(zone).utcoffset()
        if off != prev:
            out.append(nxt.astimezone(zone).replace(tzinfo=None))
        t, prev = nxt, off
    return out


def _days(zone_name: str) -> list[tuple[date, GigKind, list[tuple[ScheduleKind, str]]]]:
    zone = ZoneInfo(zone_name)
    days: dict[date, tuple[GigKind, list[tuple[ScheduleKind, str]]]] = {}
    for year in YEARS:
        days[date(year, 1, 15)] = (GigKind.SHOW, SHOW)
        days[date(year, 7, 15)] = (GigKind.REHEARSAL, WORK_DAY)
        days[date(year, 7, 16)] = (GigKind.STUDIO, WORK_DAY)
        for change in _changes(zone, year):
            # an item half an hour after the change: inside the repeated hour on the
            # night the clocks go back (in the small hours: the show day before)
            at = change + timedelta(minutes=30)
            extra = (ScheduleKind.OTHER, f"{at:%H:%M}")
            night = at.date() - timedelta(days=1) if at.time() < time(6) else at.date()
            days[night] = (GigKind.SHOW, [*SHOW[:3], extra, SHOW[4]])
            days[night + timedelta(days=1)] = (GigKind.SHOW, SHOW)
    return sorted((d, k, items) for d, (k, items) in days.items())


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    from tourdesk.store import open_store

    from conftest import FIXED_NOW

    path = tmp_path_factory.mktemp("clients") / "world.db"
    store = open_store(path, "tester", clock=lambda: FIXED_NOW)
    singer = crew.add_person(store, Person("Ana Voz", ("musician",), PersonGroup.BAND))
    tech = crew.add_person(store, Person("Kit Tech", ("backline tech",), PersonGroup.CREW))
    tour_ids = []
    for zone_name in ZONES:
        tour_id = tours.add(store, Tour(f"Tour {zone_name}"))
        tour_ids.append(tour_id)
        for on, kind, wanted in _days(zone_name):
            items = []
            for item_kind, text in wanted:
                try:
                    items.append(schedule_item(on, kind, item_kind, text, zone_name,
                                               field=item_kind.value))
                except ValidationError:
                    continue  # a time in the spring-forward gap: refused, as on input
            gig_id = gigs.add(store, GigDay(tour_id, on, kind, city="Somewhere",
                                            timezone=zone_name), items)
            calls = {GigKind.SHOW: [(singer, "17:00"), (tech, "01:00")],
                     GigKind.REHEARSAL: [(singer, "10:00"), (tech, "08:30")],
                     GigKind.STUDIO: [(singer, "11:00")]}[kind]
            for person_id, call in calls:
                person = crew.person(store, person_id)
                try:
                    crew.assign(store, gig_id, person, person.roles[0],
                                call=time.fromisoformat(call))
                except ValidationError:
                    continue
    yield store, tour_ids, {"band": singer, "crew": tech}
    store.close()


def _expected(store, tour_ids, scope: Scope) -> dict[str, tuple[object, object]]:
    """What zoneinfo says, worked out here from the rules as the docs state them."""
    from tourdesk.services.calendar import database_id

    base = database_id(store)
    person = crew.person(store, scope.person_id) if scope.person_id else None
    out = {}
    for tour_id in tour_ids:
        for row in gigs.rows_for_tour(store, tour_id):
            d = gigs.detail(store, row.id)
            kind = d.gig.kind
            band = scope.audience is Audience.BAND or (person and person.group is
                                                       PersonGroup.BAND)
            items = [i for i in d.items if not (band and kind is GigKind.SHOW and i.kind in
                                                (ScheduleKind.LOAD_IN, ScheduleKind.LOAD_OUT))]
            inst = [datetime.combine(i.on, i.at, tzinfo=ZoneInfo(i.timezone)).astimezone(UTC)
                    for i in items]
            shifts = [s for s in crew.shifts(store, gig=row.id)
                      if scope.audience is not Audience.TOUR and (
                          (person and s.person_id == person.id) or
                          (scope.audience is Audience.BAND and s.person == "Ana Voz") or
                          (scope.audience is Audience.CREW and s.person == "Kit Tech"))]
            if person and not shifts:
                continue
            calls = []
            for s in shifts:
                on = d.gig.date + timedelta(days=1) if s.call < time(6) else d.gig.date
                calls.append(datetime.combine(on, s.call, tzinfo=ZoneInfo(d.timezone))
                             .astimezone(UTC))
            start = min(calls) if person else min([*inst, *calls])
            end = max(inst)
            if end <= start:
                end = start + timedelta(hours=1)
            out[f"gig-{row.id}-{scope.uid_part}{base}@tourdesk"] = (start, end)
    return out


SCOPES = ["tour", "band", "crew", "person:band", "person:crew"]


def _scope(world, name: str) -> Scope:
    if name.startswith("person:"):
        return Scope(Audience.PERSON, world[2][name.split(":")[1]])
    return Scope(Audience(name))


@pytest.fixture(scope="module", params=SCOPES)
def exported(request, world):
    store, tour_ids, _ = world
    scope = _scope(world, request.param)
    ics = export_tours(store, tour_ids, name="Every zone", scope=scope)
    return ics, _expected(store, tour_ids, scope)


def test_the_world_has_the_hard_cases(world):
    store, tour_ids, _ = world
    ambiguous = 0
    for tour_id in tour_ids:
        for row in gigs.rows_for_tour(store, tour_id):
            for i in gigs.detail(store, row.id).items:
                naive = datetime.combine(i.on, i.at)
                z = ZoneInfo(i.timezone)
                ambiguous += (naive.replace(tzinfo=z, fold=0).utcoffset()
                              != naive.replace(tzinfo=z, fold=1).utcoffset())
    assert ambiguous > 40  # times in the repeated hour, in many zones and years


@pytest.mark.parametrize("parser", ["libical", "ical.js", *PYTHON_PARSERS])
def test_every_parser_puts_every_event_at_zoneinfos_instant(exported, parser):
    ics, want = exported
    if parser == "libical":
        got, _ = libical(ics)
    elif parser == "ical.js":
        got = icaljs(ics)
    else:
        got = PYTHON_PARSERS[parser](ics)
    assert len(want) > 100
    wrong = {uid: (got.get(uid), want[uid]) for uid in want if got.get(uid) != want[uid]}
    assert not wrong, f"{len(wrong)} events off, e.g. {list(wrong.items())[:3]}"
    assert set(got) == set(want)


def test_libicals_restriction_check_passes(exported):
    _, errors = libical(exported[0])
    assert errors == []


def test_no_event_is_zero_length_and_the_repeated_hour_is_written_in_utc(exported):
    ics, want = exported
    assert all(end > start for start, end in want.values())
    text = ics.decode()
    assert "RDATE" not in text  # one onset or one RRULE per observance
    assert "DTSTART:" in text and "Z\r\n" in text  # some times were written in UTC
