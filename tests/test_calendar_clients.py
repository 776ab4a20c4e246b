"""Every event at the same UTC instant in libical, ical.js, vobject, icalendar and ical,
and at the instant zoneinfo gives (fold=0 in the repeated hour): tours in zones with
both clock changes in both hemispheres, half- and quarter-hour offsets and the date
line, sampled over the years 1970-2100, with past-midnight sets and calls, rehearsal
and studio days, in every scope: the tour's day blocks, and for the band, the crew and
one person each schedule item for them as its own event (one at its own place on
another zone's clock, one ending after midnight, ones in the repeated hour) and each
call. Item UIDs stay the same across a re-export and across `import gigs --update`."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from calendar_parsers import PYTHON_PARSERS, icaljs, libical

from tourdesk.domain.errors import ValidationError, ValidationErrors
from tourdesk.domain.itinerary import place_times
from tourdesk.domain.kinds import GigKind, ScheduleKind
from tourdesk.domain.models import (
    Audience as For,
)
from tourdesk.domain.models import (
    AudienceKind,
    GigDay,
    ScheduleItem,
    Tour,
    default_audience,
)
from tourdesk.domain.staffing import Person, PersonGroup
from tourdesk.services.calendar import Audience, Scope, export_tours
from tourdesk.store import crew, gigs, tours

ZONES = ["Europe/Berlin", "Europe/London", "America/New_York", "America/Sao_Paulo",
         "Australia/Sydney", "Australia/Adelaide", "Australia/Lord_Howe", "Asia/Kolkata",
         "Asia/Kathmandu", "Pacific/Chatham", "Pacific/Auckland", "Pacific/Apia"]
YEARS = [1970, 1986, 1999, 2011, 2026, 2027, 2037, 2038, 2061, 2100]
# (kind, at, until): a show running past midnight, with a call at 01:00 after it
SHOW = [(ScheduleKind.LOAD_IN, "14:00", ""), (ScheduleKind.SOUNDCHECK, "17:00", ""),
        (ScheduleKind.SET, "21:30", "23:00"), (ScheduleKind.CURFEW, "23:45", ""),
        (ScheduleKind.LOAD_OUT, "01:30", "")]
WORK_DAY = [(ScheduleKind.LOAD_IN, "09:00", ""), (ScheduleKind.SET, "11:00", "13:00"),
            (ScheduleKind.LOAD_OUT, "23:30", "")]
# The band's radio session in another zone's studio, the morning of the January show
ELSEWHERE = {z: "Asia/Tokyo" if z.startswith(("America", "Europe")) else "America/New_York"
             for z in ZONES}
POINT = timedelta(minutes=30)  # a call, or an item without an end, on a phone


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


Wanted = list[tuple[ScheduleKind, str, str]]


def _days(zone_name: str) -> list[tuple[date, GigKind, Wanted]]:
    zone = ZoneInfo(zone_name)
    days: dict[date, tuple[GigKind, Wanted]] = {}
    for year in YEARS:
        days[date(year, 1, 15)] = (GigKind.SHOW, SHOW)
        days[date(year, 7, 15)] = (GigKind.REHEARSAL, WORK_DAY)
        days[date(year, 7, 16)] = (GigKind.STUDIO, WORK_DAY)
        for change in _changes(zone, year):
            # an item half an hour after the change, lasting an hour: inside the
            # repeated hour on the night the clocks go back (in the small hours: the
            # show day before)
            at = change + timedelta(minutes=30)
            extra = (ScheduleKind.OTHER, f"{at:%H:%M}", f"{at + timedelta(hours=1):%H:%M}")
            night = at.date() - timedelta(days=1) if at.time() < time(6) else at.date()
            days[night] = (GigKind.SHOW, [*SHOW[:3], extra, SHOW[4]])
            days[night + timedelta(days=1)] = (GigKind.SHOW, SHOW)
    return sorted((d, k, items) for d, (k, items) in days.items())


def _item(on: date, day: GigKind, kind: ScheduleKind, at: str, until: str, zone_name: str,
          **more: object) -> ScheduleItem | None:
    """An item as the form makes it; None for a time in the spring-forward gap."""
    try:
        start_on, start, until_on, end = place_times(on, day, at, until, zone_name)
    except (ValidationError, ValidationErrors):
        return None
    more.setdefault("audience", default_audience(day, kind))  # as the form defaults
    return ScheduleItem(kind=kind, at=start, on=start_on, timezone=zone_name, until=end,
                        until_on=until_on, **more)  # type: ignore[arg-type]


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
            items = [_item(on, kind, k, at, until, zone_name) for k, at, until in wanted]
            if on.month == 1 and on.day == 15:
                items += [
                    _item(on, kind, ScheduleKind.OTHER, "09:00", "10:00", ELSEWHERE[zone_name],
                          label="Radio", place="Radio Eins, studio 2",
                          audience=For(AudienceKind.BAND)),
                    _item(on, kind, ScheduleKind.SET, "23:30", "00:45", zone_name,
                          label="Set 2"),  # ends after midnight
                    _item(on, kind, ScheduleKind.OTHER, "12:00", "", zone_name,
                          label="Truck", audience=For(AudienceKind.PEOPLE, people=(tech,)))]
            items = [i for i in items if i is not None]
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


def _at(on: date, at: time, zone_name: str) -> datetime:
    return datetime.combine(on, at, tzinfo=ZoneInfo(zone_name)).astimezone(UTC)


def _item_span(i: ScheduleItem) -> tuple[datetime, datetime]:
    start = _at(i.on, i.at, i.timezone)
    return start, _at(i.until_on, i.until, i.timezone) if i.until else start + POINT


def _reaches(item: ScheduleItem, band: bool, people: set[int]) -> bool:
    kind = item.audience.kind
    return (kind is AudienceKind.EVERYONE or (kind is AudienceKind.BAND and band)
            or (kind is AudienceKind.CREW and not band)
            or bool(set(item.audience.people) & people))


def _expected(store, tour_ids, scope: Scope, people: dict[str, int]
              ) -> dict[str, tuple[object, object]]:
    """What zoneinfo says, worked out here from the rules as the docs state them."""
    from tourdesk.services.calendar import database_id

    tail = f"-{scope.uid_part}{database_id(store)}@tourdesk"
    person = crew.person(store, scope.person_id) if scope.person_id else None
    band = scope.audience is Audience.BAND or bool(person and person.group is
                                                    PersonGroup.BAND)
    mine = {person.id} if person else {people["band" if band else "crew"]}
    out: dict[str, tuple[object, object]] = {}
    for tour_id in tour_ids:
        for row in gigs.rows_for_tour(store, tour_id):
            d = gigs.detail(store, row.id)
            if scope.audience is Audience.TOUR:  # the day's block
                spans = [_item_span(i) for i in d.items]
                start = min(s for s, _ in spans)
                end = max(max(s for s, _ in spans),
                          max((e for (_, e), i in zip(spans, d.items, strict=True)
                               if i.until), default=start))
                out[f"gig-{row.id}{tail}"] = (start, end if end > start
                                              else start + timedelta(hours=1))
                continue
            shifts = [s for s in crew.shifts(store, gig=row.id) if s.person_id in mine]
            if person and not shifts:
                continue
            out[f"day-{row.id}{tail}"] = (d.gig.date, d.gig.date + timedelta(days=1))
            for s in shifts if person else []:
                on = d.gig.date + timedelta(days=1) if s.call < time(6) else d.gig.date
                call = _at(on, s.call, d.timezone)
                out[f"call-{s.assignment_id}{tail}"] = (call, call + POINT)
            for i in d.items:
                if _reaches(i, band, mine):
                    out[f"item-{i.id}{tail}"] = _item_span(i)
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
    return ics, _expected(store, tour_ids, scope, world[2])


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
    band = export_tours(store, tour_ids, name="Band", scope=Scope(Audience.BAND)).decode()
    for zone_name in ZONES:  # the radio session on its own studio's clock
        assert f"DTSTART;TZID={ELSEWHERE[zone_name]}:" in band
    assert "LOCATION:Radio Eins\\, studio 2" in band


def test_the_hard_items_are_among_the_events(world):
    """An item ending after midnight, one at its own place in another zone, one in the
    repeated hour: each its own event in the scopes it is for."""
    store, tour_ids, people = world
    crew_scope = _expected(store, tour_ids, Scope(Audience.CREW), people)
    band_scope = _expected(store, tour_ids, Scope(Audience.BAND), people)
    items = {i.id: i for t in tour_ids for r in gigs.rows_for_tour(store, t)
             for i in gigs.detail(store, r.id).items}

    def of(want):
        return [items[int(u.split("-")[1])] for u in want if u.startswith("item-")]

    assert any(i.until_on and i.until_on > i.on for i in of(crew_scope))  # Set 2
    assert any(i.label == "Radio" and i.timezone != "Europe/Berlin" for i in of(band_scope))
    assert not any(i.label == "Radio" for i in of(crew_scope))
    assert any(i.label == "Truck" for i in of(crew_scope))
    assert not any(i.label == "Truck" for i in of(band_scope))
    repeated = [i for i in of(crew_scope) if i.kind is ScheduleKind.OTHER and not i.label
                and ZoneInfo(i.timezone).utcoffset(datetime.combine(i.on, i.at))
                != ZoneInfo(i.timezone).utcoffset(datetime.combine(i.on, i.at).replace(fold=1))]
    assert len(repeated) > 20


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


def test_a_re_export_keeps_every_uid_and_byte(world):
    store, tour_ids, _ = world
    for scope in (Scope(Audience.BAND), Scope(Audience.PERSON, world[2]["crew"])):
        first = export_tours(store, tour_ids, name="Again", scope=scope)
        assert export_tours(store, tour_ids, name="Again", scope=scope) == first


SHEET = ("date,kind,venue,city,country,timezone,load_in,soundcheck,set,load_out\n"
         "2026-10-24,show,Live Music Hall,Köln,DE,Europe/Berlin,15:00,18:00,{set},{out}\n"
         "2026-10-25,show,Große Freiheit 36,Hamburg,DE,Europe/Berlin,14:00,17:00,20:30,"
         "23:30\n")


def _parsed(ics: bytes) -> dict[str, dict[str, tuple[object, object]]]:
    out = {"libical": libical(ics)[0], "ical.js": icaljs(ics)}
    out.update({name: parse(ics) for name, parse in PYTHON_PARSERS.items()})
    return out


def _sequences(ics: bytes) -> dict[str, int]:
    from icalendar import Calendar

    return {str(e["UID"]): int(e["SEQUENCE"]) for e in Calendar.from_ical(ics).walk("VEVENT")}


def test_item_uids_stay_across_import_gigs_update_and_the_moved_item_moves(tmp_path):
    """The sheet moves the set and puts the load-out into the repeated hour (Berlin's
    clocks go back at 03:00 on 25 October 2026): same UIDs, new instants in every
    parser, a higher SEQUENCE on that day's events only."""
    from tourdesk.services.gig_update import update_gigs
    from tourdesk.services.imports import import_gigs
    from tourdesk.store import open_store

    from conftest import FIXED_NOW

    store = open_store(tmp_path / "update.db", "tester", clock=lambda: FIXED_NOW)
    try:
        sheet = tmp_path / "tour.csv"
        sheet.write_text(SHEET.format(set="21:00", out="01:30"), encoding="utf-8")
        import_gigs(store, sheet, "Autumn")
        tour_id = tours.named(store, "Autumn").id
        crew_scope = Scope(Audience.CREW)
        before = export_tours(store, [tour_id], name="Autumn", scope=crew_scope)
        sheet.write_text(SHEET.format(set="21:15", out="02:30"), encoding="utf-8")
        update_gigs(store, sheet, "Autumn", apply=True)
        after = export_tours(store, [tour_id], name="Autumn", scope=crew_scope)
        cologne = gigs.detail(store, gigs.rows_for_tour(store, tour_id)[0].id)
        want = _expected(store, [tour_id], crew_scope, {"band": 0, "crew": 0})
        old, new = _sequences(before), _sequences(after)
        assert set(old) == set(new) == set(want)
        moved = {f"item-{i.id}-" for i in cologne.items
                 if i.kind in (ScheduleKind.SET, ScheduleKind.LOAD_OUT)}
        assert len(moved) == 2
        for parser, got in _parsed(after).items():
            assert got == want, parser
        out = next(i for i in cologne.items if i.kind is ScheduleKind.LOAD_OUT)
        assert want[next(u for u in want if u.startswith(f"item-{out.id}-"))][0] == datetime(
            2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 the first time, still summer time
        for uid in new:  # each recorded change to the day counts (two here)
            in_cologne = uid.startswith(f"day-{cologne.gig.id}-") or any(
                uid.startswith(f"item-{i.id}-") for i in cologne.items)
            assert new[uid] == old[uid] + (2 if in_cologne else 0), uid
    finally:
        store.close()
