"""iCalendar export, checked with two independent parsers that calendar software uses:
vobject (resolves our VTIMEZONE definitions; the parser of the Radicale CalDAV server)
and ical (Home Assistant's calendar library). Both must put every event at the UTC
instant the venue's local time means, across zones and the night the clocks change."""

import os
import re
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest
import vobject
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar

from tourdesk.domain import localtime
from tourdesk.domain.kinds import GigKind, ScheduleKind
from tourdesk.services.calendar import database_id, export_tour
from tourdesk.store import crew, gigs, tours, tracked

from conftest import FIXED_NOW

TOUR = "Northern Lights Tour 2026"


def export(store, **kw):
    return export_tour(store, tours.named(store, TOUR).id, now=FIXED_NOW, **kw)


@pytest.fixture
def ics(demo_store):
    return export(demo_store).decode()


def intended(store):
    """What the database says: uid suffix -> (first item instant, last item instant)."""
    tour = tours.named(store, TOUR)
    out = {}
    for row in gigs.rows_for_tour(store, tour.id):
        d = gigs.detail(store, row.id)
        if d.items and d.gig.kind.runs_past_midnight:
            first, last = d.items[0], d.items[-1]
            out[f"gig-{row.id}-"] = (localtime.to_utc(first.on, first.at, first.timezone),
                                     localtime.to_utc(last.on, last.at, last.timezone))
    return out


def test_vobject_resolves_every_timed_event_to_the_intended_instant(demo_store, ics):
    want = intended(demo_store)
    cal = vobject.readOne(ics)
    seen = 0
    for ev in cal.vevent_list:
        key = ev.uid.value.split("-")[0] + "-" + ev.uid.value.split("-")[1] + "-"
        if key in want:
            assert (ev.dtstart.value.astimezone(UTC), ev.dtend.value.astimezone(UTC)) == want[key]
            seen += 1
    assert seen == len(want) > 35


def test_ical_resolves_every_timed_event_to_the_intended_instant(demo_store, ics):
    want = intended(demo_store)
    cal = IcsCalendarStream.calendar_from_ics(ics)  # strict: raises on structural errors
    seen = 0
    for ev in cal.events:
        key = "-".join(ev.uid.split("-")[:2]) + "-"
        if key in want:
            assert (ev.dtstart.astimezone(UTC), ev.dtend.astimezone(UTC)) == want[key]
            seen += 1
    assert seen == len(want)


@pytest.mark.parametrize("summary,offset_hours,start_utc", [
    # Cologne, the night the clocks go back: 15:00 CEST load-in (02:30 load-out is checked
    # against the database above: the first 02:30, still CEST)
    ("Live Music Hall", 2, datetime(2026, 10, 24, 13, 0, tzinfo=UTC)),
    # Hamburg, the next day, is on CET already
    ("Große Freiheit 36", 1, datetime(2026, 10, 25, 12, 0, tzinfo=UTC)),
    # Helsinki in November is UTC+2; London in early October is BST
    ("Tavastia", 2, None),
    ("Brighton Dome", 1, None),
])
def test_known_days_land_on_known_instants(ics, summary, offset_hours, start_utc):
    ev = next(e for e in vobject.readOne(ics).vevent_list if summary in e.summary.value)
    assert ev.dtstart.value.utcoffset().total_seconds() == offset_hours * 3600
    if start_utc:
        assert ev.dtstart.value.astimezone(UTC) == start_utc


def test_the_file_passes_the_structural_rules_of_rfc_5545(ics):
    """What strict clients reject: bare LF, unfolded long lines, missing required
    properties, a TZID without its VTIMEZONE, a component icalendar could not parse."""
    raw = ics.encode()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert all(len(line) <= 75 for line in lines)  # octets, folded
    cal = Calendar.from_ical(raw)
    assert all(not c.errors for c in cal.walk())
    assert {"VERSION", "PRODID"} <= set(cal) and str(cal["VERSION"]) == "2.0"
    events = cal.walk("VEVENT")
    for ev in events:
        assert {"UID", "DTSTAMP", "DTSTART", "SUMMARY", "SEQUENCE"} <= set(ev), ev["UID"]
        assert "DTEND" in ev or "DURATION" in ev
        assert ev["DTEND"].dt > ev["DTSTART"].dt
    for tz in cal.walk("VTIMEZONE"):
        assert tz.walk("STANDARD") or tz.walk("DAYLIGHT")


def test_off_and_travel_days_are_all_day_with_an_exclusive_end(ics):
    cal = IcsCalendarStream.calendar_from_ics(ics)
    all_day = [e for e in cal.events if e.summary.startswith(("Off", "Travel"))]
    assert len(all_day) >= 10
    for ev in all_day:
        assert type(ev.dtstart) is date and type(ev.dtend) is date
        assert (ev.dtend - ev.dtstart).days == 1
    assert re.search(r"DTSTART;VALUE=DATE:\d{8}", ics)


def test_every_zone_used_has_a_vtimezone(ics):
    cal = Calendar.from_ical(ics)
    defined = {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")}
    used = set(re.findall(r"TZID=([A-Za-z_/]+)", ics))
    assert used and used <= defined
    assert {"Europe/London", "Europe/Berlin", "Europe/Helsinki"} <= defined


def test_uids_are_stable_and_sequence_moves_with_a_change(demo_store):
    first = Calendar.from_ical(export(demo_store))
    second = Calendar.from_ical(export(demo_store))
    uids = [str(e["UID"]) for e in first.walk("VEVENT")]
    assert uids == [str(e["UID"]) for e in second.walk("VEVENT")]
    assert len(set(uids)) == len(uids)
    tour = tours.named(demo_store, TOUR)
    row = next(r for r in gigs.rows_for_tour(demo_store, tour.id) if r.kind is GigKind.SHOW)
    before = next(e for e in first.walk("VEVENT") if str(e["UID"]).startswith(f"gig-{row.id}-"))
    assert int(before["SEQUENCE"]) == 0
    tracked.update(demo_store, "gig_days", row.id, {"status": "cancelled"})
    item = gigs.detail(demo_store, row.id).items[0]
    tracked.update(demo_store, "schedule_items", item.id, {"local_time": "15:30"})
    after = next(e for e in Calendar.from_ical(export(demo_store)).walk("VEVENT")
                 if str(e["UID"]).startswith(f"gig-{row.id}-"))
    assert int(after["SEQUENCE"]) == 2
    assert str(after["STATUS"]) == "CANCELLED"
    assert after["LAST-MODIFIED"].dt == FIXED_NOW


def test_location_geo_description_and_name(ics):
    cal = Calendar.from_ical(ics)
    assert str(cal["X-WR-CALNAME"]) == TOUR
    ev = next(e for e in cal.walk("VEVENT") if "Paradiso" in str(e["SUMMARY"]))
    assert "Weteringschans" in str(ev["LOCATION"])
    assert ev["GEO"].latitude == pytest.approx(52.362, abs=0.01)
    description = str(ev["DESCRIPTION"])
    assert "Schedule (Europe/Amsterdam local time)" in description
    assert "Wi-Fi:" in description and "Parking:" in description


def test_no_money_in_any_calendar(ics):
    assert not re.search(r"\b(EUR|GBP|USD)\b|[€£$]\s?\d", ics)


def test_one_day_scope(demo_store):
    tour = tours.named(demo_store, TOUR)
    row = gigs.rows_for_tour(demo_store, tour.id)[3]
    cal = Calendar.from_ical(export(demo_store, only_gig=row.id))
    assert [str(e["UID"]).split("-")[1] for e in cal.walk("VEVENT")] == [str(row.id)]


def test_adding_and_removing_a_schedule_item_moves_sequence(demo_store):
    from tourdesk.domain.kinds import ScheduleKind
    from tourdesk.domain.models import schedule_item

    tour = tours.named(demo_store, TOUR)
    row = next(r for r in gigs.rows_for_tour(demo_store, tour.id) if r.kind is GigKind.SHOW)

    def sequence():
        cal = Calendar.from_ical(export(demo_store))
        ev = next(e for e in cal.walk("VEVENT") if str(e["UID"]).startswith(f"gig-{row.id}-"))
        return int(ev["SEQUENCE"])

    assert sequence() == 0
    item = schedule_item(row.date, GigKind.SHOW, ScheduleKind.HOTEL, "23:59", row.timezone,
                         field="hotel")
    gigs.add_item(demo_store, row.id, item)
    assert sequence() == 1
    added = gigs.detail(demo_store, row.id).items[-1]
    tracked.delete(demo_store, "schedule_items", added.id)
    assert sequence() == 2


def test_cli_export_to_stdout_and_file(demo_path, tmp_path):
    from test_cli import run

    out = run("--db", str(demo_path), "export", "ics", "--tour", TOUR)
    assert out.returncode == 0 and out.stdout.startswith("BEGIN:VCALENDAR")
    path = tmp_path / "tour.ics"
    assert run("--db", str(demo_path), "export", "ics", "--all", "-o", str(path)).returncode == 0
    assert path.read_text().count("BEGIN:VEVENT") == out.stdout.count("BEGIN:VEVENT")
    bad = run("--db", str(demo_path), "export", "ics")
    assert bad.returncode == 2 and "--tour NAME or --all" in bad.stderr


async def test_export_from_the_tui_writes_the_file_on_the_server(demo_store, demo_path):
    from tourdesk.tui.app import TourDeskApp

    from conftest import TODAY
    from tui_helpers import press, screen_text, settle

    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await press(pilot, "e", "enter")  # the first choice: the whole tour
        target = demo_path.parent / "exports" / "northern-lights-tour-2026.ics"
        assert "Calendar written to" in screen_text(pilot)
        await press(pilot, "e", "down", "down", "enter")  # the crew's
        crew_file = demo_path.parent / "exports" / "northern-lights-tour-2026-crew.ics"
        assert "Calls" in crew_file.read_text()
        await press(pilot, "enter", "e")  # the day under the cursor, alone
        day_file = demo_path.parent / "exports" / "northern-lights-tour-2026-2026-10-20.ics"
        assert day_file.read_text().count("BEGIN:VEVENT") == 1
    assert target.read_text().count("BEGIN:VEVENT") == 62


# -- calendars for the band, the crew and one person --


def _scoped(store, audience, person=None, **kw):
    from tourdesk.services.calendar import Audience, Scope

    person_id = crew.person_named(store, person).id if person else None
    return export(store, scope=Scope(Audience(audience), person_id), **kw).decode()


def _events(ics):
    return {ev.uid.value: ev for ev in vobject.readOne(ics).vevent_list}


def test_the_band_calendar_has_the_bands_items_as_events_and_band_calls_only(demo_store):
    ics = _scoped(demo_store, "band")
    IcsCalendarStream.calendar_from_ics(ics)  # strict structure
    events = _events(ics)
    tour = tours.named(demo_store, TOUR)
    row = next(r for r in gigs.rows_for_tour(demo_store, tour.id) if r.kind is GigKind.SHOW)
    day = events[next(u for u in events if u.startswith(f"day-{row.id}-band-"))]
    assert not hasattr(day.dtstart.value, "hour")  # the day itself is all-day
    detail = gigs.detail(demo_store, row.id)
    band_items = [i for i in detail.items if i.kind.value not in ("load_in", "load_out")]
    assert len(band_items) < len(detail.items)  # the demo day has a load-in to leave out
    for item in detail.items:
        uid = next((u for u in events if u.startswith(f"item-{item.id}-band-")), None)
        assert (uid is not None) == (item in band_items), item.title
        if uid is not None:
            assert events[uid].dtstart.value.astimezone(UTC) == localtime.to_utc(
                item.on, item.at, item.timezone)
            assert events[uid].summary.value.startswith(item.title)
    text = day.description.value
    assert not re.search(r"^\d\d:\d\d\S*\s+Load-(in|out)", text, re.M)
    assert re.search(r"^\d\d:\d\d\S*\s+Load-in", gigs_description(demo_store, row.id), re.M)
    assert "Calls" in text
    assert "Iain Forsyth" in text and "Rob Kettering" not in text  # band, not crew
    assert "Calls" not in ics.split("BEGIN:VEVENT")[0]
    assert not any(u.startswith("gig-") for u in events)  # the block is the tour's
    assert not re.search(r"\b(EUR|GBP|USD)\b|[€£$]\s?\d", ics)


def test_the_crew_calendar_lists_crew_calls_with_their_times(demo_store):
    jack = crew.person_named(demo_store, "Jack Moran")
    day = next(a for a in _gig_assignments(demo_store) if a.person_id == jack.id)
    crew.set_call(demo_store, day.id, time(9, 30))
    ics = _scoped(demo_store, "crew")
    IcsCalendarStream.calendar_from_ics(ics)
    ev = next(e for uid, e in _events(ics).items()
              if uid.startswith(f"day-{day.gig_day_id}-crew-"))
    assert "09:30    Jack Moran (backline tech)" in ev.description.value
    cologne = next(e for u, e in _events(ics).items()
                   if u.startswith("day-") and "Live Music Hall" in e.summary.value)
    assert "Hotel: Hotel am Rheinpark" in cologne.description.value
    assert "Iain Forsyth" not in ev.description.value
    assert not re.search(r"\b(EUR|GBP|USD)\b|[€£$]\s?\d", ics)  # rates are on file: none here


def gigs_description(store, gig_id):
    ev = next(e for uid, e in _events(export(store).decode()).items()
              if uid.startswith(f"gig-{gig_id}-"))
    return ev.description.value


def _gig_assignments(store):
    tour = tours.named(store, TOUR)
    return [a for r in gigs.rows_for_tour(store, tour.id)
            for a in crew.assignments_on(store, r.id)]


def test_a_persons_calendar_has_their_days_calls_and_items(demo_store):
    jack = crew.person_named(demo_store, "Jack Moran")
    mine = [a for a in _gig_assignments(demo_store) if a.person_id == jack.id]
    first = mine[0]
    crew.set_call(demo_store, first.id, time(8, 15))
    ics = _scoped(demo_store, "person", "Jack Moran")
    IcsCalendarStream.calendar_from_ics(ics)
    events = _events(ics)
    kinds = [uid.split("-")[0] for uid in events]
    assert kinds.count("day") == len({a.gig_day_id for a in mine}) < 62
    called = [a for a in _gig_assignments(demo_store) if a.person_id == jack.id and a.call]
    assert kinds.count("call") == len(called) > 0
    assert all(f"-p{jack.id}-" in uid for uid in events)
    # and his four crossings and the Hamburg hotel (docs/travel.md)
    assert sorted(k for k in kinds if k not in ("day", "call", "item")) == [
        "hotel", "travel", "travel", "travel", "travel"]
    detail = gigs.detail(demo_store, first.gig_day_id)
    call = events[f"call-{first.id}-p{jack.id}-{database_id(demo_store)}@tourdesk"]
    assert call.dtstart.value.astimezone(UTC) == localtime.to_utc(
        detail.gig.date, time(8, 15), detail.timezone)
    assert call.summary.value.startswith("Call · backline tech: ")
    day = next(e for uid, e in events.items() if uid.startswith(f"day-{first.gig_day_id}-"))
    assert day.summary.value.startswith("backline tech · ")
    assert "Your call: 08:15 as backline tech" in day.description.value
    # the items for him: everyone's and the crew's, none for the band alone
    for item in detail.items:
        has = any(u.startswith(f"item-{item.id}-p{jack.id}-") for u in events)
        assert has == (item.audience.kind.value in ("everyone", "crew")), item.title
    assert "Jack Moran" in str(Calendar.from_ical(ics)["X-WR-CALNAME"])
    assert not re.search(r"\b(EUR|GBP|USD)\b|[€£$]\s?\d", ics)


def test_items_for_a_person_a_role_or_the_band_reach_only_them(demo_store):
    from tourdesk.domain.models import Audience as For
    from tourdesk.domain.models import AudienceKind, schedule_item

    jack = crew.person_named(demo_store, "Jack Moran")
    day = next(a for a in _gig_assignments(demo_store) if a.person_id == jack.id)
    detail = gigs.detail(demo_store, day.gig_day_id)
    zone, on, kind = detail.timezone, detail.gig.date, detail.gig.kind
    made = {}
    for title, at, audience in (
            ("Press", "13:00", For(AudienceKind.BAND)),
            ("Truck check", "13:10", For(AudienceKind.ROLE, role="backline tech")),
            ("Jack's pickup", "13:20", For(AudienceKind.PEOPLE, people=(jack.id,))),
            ("Rig talk", "13:30", For(AudienceKind.CREW))):
        item = schedule_item(on, kind, ScheduleKind.OTHER, at, zone, field="at")
        made[title] = gigs.add_item(demo_store, day.gig_day_id,
                                    replace(item, label=title, audience=audience))

    def has(audience, person=None):
        events = _events(_scoped(demo_store, audience, person))
        return {t for t, i in made.items() if any(u.startswith(f"item-{i}-") for u in events)}

    assert has("band") == {"Press"}
    assert has("crew") == {"Truck check", "Jack's pickup", "Rig talk"}
    assert has("person", "Jack Moran") == {"Truck check", "Jack's pickup", "Rig talk"}
    assert has("person", "Maren Holt") == {"Press"}
    assert has("tour") == set()  # the whole tour's is the day's block
    assert "Jack's pickup" in gigs_description(demo_store, day.gig_day_id)


def test_an_item_at_its_own_place_is_on_that_places_clock(demo_store):
    from tourdesk.domain.models import schedule_item

    maren = crew.person_named(demo_store, "Maren Holt")
    day = next(a for a in _gig_assignments(demo_store) if a.person_id == maren.id
               and gigs.detail(demo_store, a.gig_day_id).gig.kind is GigKind.SHOW)
    detail = gigs.detail(demo_store, day.gig_day_id)
    other = "Asia/Tokyo" if detail.timezone != "Asia/Tokyo" else "Europe/Lisbon"
    item = schedule_item(detail.gig.date, detail.gig.kind, ScheduleKind.OTHER, "10:00", other,
                         field="at")
    item_id = gigs.add_item(demo_store, day.gig_day_id, replace(
        item, label="Radio", place="Studio 4, NHK", until=time(10, 45),
        until_on=item.on))
    ics = _scoped(demo_store, "band")
    ev = next(e for u, e in _events(ics).items() if u.startswith(f"item-{item_id}-band-"))
    raw = next(part for part in ics.split("BEGIN:VEVENT") if f"UID:item-{item_id}-" in part)
    assert f"DTSTART;TZID={other}:{item.on:%Y%m%d}T100000" in raw
    assert ev.dtstart.value.astimezone(UTC) == localtime.to_utc(item.on, time(10), other)
    assert ev.dtend.value.astimezone(UTC) == localtime.to_utc(item.on, time(10, 45), other)
    assert ev.location.value == "Studio 4, NHK"
    assert ev.summary.value == "Radio: Studio 4, NHK"


def test_an_item_change_moves_its_sequence_and_a_call_change_does_not(demo_store):
    jack = crew.person_named(demo_store, "Jack Moran")
    first = next(a for a in _gig_assignments(demo_store) if a.person_id == jack.id)
    detail = gigs.detail(demo_store, first.gig_day_id)
    item = next(i for i in detail.items if i.audience.kind.value == "everyone")

    def sequence():
        events = _events(_scoped(demo_store, "person", "Jack Moran"))
        return next(int(e.sequence.value) for u, e in events.items()
                    if u.startswith(f"item-{item.id}-"))

    before = sequence()
    crew.set_call(demo_store, first.id, time(7, 5))
    assert sequence() == before
    gigs.update_item(demo_store, replace(gigs.detail(demo_store, first.gig_day_id).items[
        detail.items.index(item)], note="Bring the spare DI"))
    assert sequence() == before + 1


def test_a_call_change_moves_the_persons_sequence_not_the_tours(demo_store):
    jack = crew.person_named(demo_store, "Jack Moran")
    first = next(a for a in _gig_assignments(demo_store) if a.person_id == jack.id)

    def sequences():
        tour_ev = _events(export(demo_store).decode())
        own = _events(_scoped(demo_store, "person", "Jack Moran"))
        pick = f"-{first.gig_day_id}-"
        return (next(int(e.sequence.value) for u, e in tour_ev.items()
                     if u.startswith("gig" + pick)),
                next(int(e.sequence.value) for u, e in own.items()
                     if u.startswith("day" + pick)))

    before = sequences()
    crew.set_call(demo_store, first.id, time(7, 0))
    after = sequences()
    assert after == (before[0], before[1] + 1)
    uids = set(_events(_scoped(demo_store, "person", "Jack Moran")))
    assert uids == set(_events(_scoped(demo_store, "person", "Jack Moran")))  # stable
    crew.unassign(demo_store, first.id)
    gone = _events(_scoped(demo_store, "person", "Jack Moran"))
    assert not any(u.startswith(f"gig-{first.gig_day_id}-") for u in gone)


def test_cli_exports_a_group_and_a_person(demo_path):
    from test_cli import run

    band = run("--db", str(demo_path), "export", "ics", "--tour", TOUR, "--group", "band")
    assert band.returncode == 0 and "X-WR-CALNAME:Northern Lights Tour 2026 · band" in band.stdout
    one = run("--db", str(demo_path), "export", "ics", "--tour", TOUR, "--person", "jack moran")
    assert one.returncode == 0 and "-p" in one.stdout and "Your call" in one.stdout
    both = run("--db", str(demo_path), "export", "ics", "--tour", TOUR, "--group", "crew",
               "--person", "Jack Moran")
    assert both.returncode == 2 and "not both" in both.stderr
    nobody = run("--db", str(demo_path), "export", "ics", "--tour", TOUR, "--person", "Zed")
    assert nobody.returncode != 0 and "nobody called 'Zed'" in nobody.stderr


# -- the working day: rehearsal and studio days, past-midnight calls --


def _band_day(store, day):
    """The band's events of a day: the all-day one, then its items by start."""
    tour = tours.named(store, TOUR)
    gig_id = gigs.id_on(store, tour.id, day)
    items = {i.id: i for i in gigs.detail(store, gig_id).items}
    events = _events(_scoped(store, "band"))
    whole = next(e for uid, e in events.items() if uid.startswith(f"day-{gig_id}-band-"))
    timed = sorted((e for uid, e in events.items()
                    if uid.startswith("item-") and int(uid.split("-")[1]) in items),
                   key=lambda e: e.dtstart.value)
    return whole, timed


def test_the_band_rehearsal_day_has_its_load_in_and_load_out(demo_store):
    from zoneinfo import ZoneInfo

    london = ZoneInfo("Europe/London")
    whole, timed = _band_day(demo_store, date(2026, 10, 1))
    assert [(f"{e.dtstart.value.astimezone(london):%H:%M}", e.summary.value.split(":")[0])
            for e in timed] == [("10:00", "Load-in"), ("12:00", "Set"), ("20:00", "Load-out")]
    text = whole.description.value
    assert "10:00    Load-in" in text and "20:00    Load-out" in text
    _, second = _band_day(demo_store, date(2026, 10, 2))
    start = f"{second[0].dtstart.value.astimezone(london):%H:%M}"
    end = f"{second[-1].dtstart.value.astimezone(london):%H:%M}"
    assert (start, end) == ("09:00", "22:00")
    assert second[0].summary.value.startswith("Load-in")


def test_a_call_before_six_after_a_show_is_on_the_next_date(demo_store):
    jack = crew.person_named(demo_store, "Jack Moran")
    mine = next(a for a in _gig_assignments(demo_store) if a.person_id == jack.id
                and gigs.detail(demo_store, a.gig_day_id).gig.kind is GigKind.SHOW)
    detail = gigs.detail(demo_store, mine.gig_day_id)
    crew.set_call(demo_store, mine.id, time(0, 5))  # the load-out after the show
    events = _events(_scoped(demo_store, "person", "Jack Moran"))
    ev = next(e for uid, e in events.items() if uid.startswith(f"call-{mine.id}-"))
    next_day = detail.gig.date.toordinal() + 1
    start = ev.dtstart.value.astimezone(localtime.zone(detail.timezone))
    assert start.date().toordinal() == next_day and start.time() == time(0, 5)
    assert ev.dtend.value - ev.dtstart.value == timedelta(minutes=30)
    day = next(e for uid, e in events.items() if uid.startswith(f"day-{mine.gig_day_id}-"))
    assert "Your call: 00:05+1 as" in day.description.value
    assert "Your call: 00:05+1 as" in ev.description.value
    from tourdesk.services.daysheet import day_calls, render_text

    calls = day_calls(demo_store, mine.gig_day_id)
    assert calls[-1].person == "Jack Moran"  # after the evening's calls
    assert "00:05+1  Jack Moran" in render_text(detail, None, calls)


def test_staff_assign_refuses_a_call_in_the_spring_forward_gap(demo_path, tmp_path):
    from test_cli import run

    from conftest import assert_one_line_refusal

    sheet = tmp_path / "spring.csv"
    sheet.write_text("date,kind,city,country,timezone,load_in\n"
                     "2027-03-27,show,Berlin,DE,Europe/Berlin,14:00\n")
    out = run("--db", str(demo_path), "import", "gigs", str(sheet), "--tour", "Spring 2027")
    assert out.returncode == 0, out.stderr
    refused = run("--db", str(demo_path), "staff", "assign", "--tour", "Spring 2027",
                  "--call", "02:30", "2027-03-27", "Jack Moran", "backline tech")
    assert_one_line_refusal(refused, "--call", "02:30 does not exist in Europe/Berlin",
                            "clocks jump from 02:00 to 03:00")
    fine = run("--db", str(demo_path), "staff", "assign", "--tour", "Spring 2027",
               "--call", "01:30", "2027-03-27", "Jack Moran", "backline tech")
    assert fine.returncode == 0, fine.stderr


# -- determinism and SEQUENCE --


def test_the_same_data_gives_the_same_bytes_in_every_process(demo_path):
    outs = set()
    for seed in ("1", "2", "3"):
        out = subprocess.run(
            [sys.executable, "-m", "tourdesk", "--db", str(demo_path), "export", "ics", "--all",
             "--group", "crew"], capture_output=True, timeout=60,
            env={**os.environ, "PYTHONHASHSEED": seed})
        assert out.returncode == 0, out.stderr
        outs.add(out.stdout)
    assert len(outs) == 1
    text = outs.pop().decode()
    zones = re.findall(r"^TZID:(\S+)\r$", text, re.M)
    assert zones == sorted(zones) and len(zones) > 5


def test_a_band_call_moves_the_band_sequence_not_the_crews(demo_store):
    maren = crew.person_named(demo_store, "Maren Holt")
    first = next(a for a in _gig_assignments(demo_store) if a.person_id == maren.id)

    def sequence(audience):
        pick = f"day-{first.gig_day_id}-{audience}-"
        return next(int(e.sequence.value) for u, e in _events(_scoped(demo_store, audience))
                    .items() if u.startswith(pick))

    before = sequence("band"), sequence("crew")
    crew.set_call(demo_store, first.id, time(15, 15))
    assert (sequence("band"), sequence("crew")) == (before[0] + 1, before[1])


def test_an_alarm_before_each_timed_event(demo_store):
    from tourdesk.services.calendar import Audience, Scope

    jack = crew.person_named(demo_store, "Jack Moran")
    ics = export(demo_store, scope=Scope(Audience.PERSON, jack.id), alarm=60).decode()
    timed = ics.count("DTSTART;TZID=") + len(re.findall(r"DTSTART:\d{8}T\d{6}Z", ics))
    assert ics.count("BEGIN:VALARM") == timed > 0
    assert "TRIGGER:-PT60M" in ics and "ACTION:DISPLAY" in ics
    assert "VALARM" not in export(demo_store).decode()
