"""CSV imports: good files land whole; a bad file names line and column and lands nothing."""

from datetime import date, time

import pytest

from tourdesk.services.csv_rows import ImportRejected
from tourdesk.services.imports import import_gigs, import_venues
from tourdesk.store import gigs, tours, venues

VENUES = '''name,address,city,country,latitude,longitude,timezone,capacity,notes
Vega,Enghavevej 40,Copenhagen,DK,55.6680,12.5445,Europe/Copenhagen,1550,"Two halls, ""Store"" and ""Lille"""
Tavastia,Urho Kekkosen katu 4-6,Helsinki,FI,60.1694,24.9318,Europe/Helsinki,900,
'''

GIGS = """date,kind,status,contract,venue,address,city,country,lat,lon,timezone,load_in,soundcheck,doors,set,curfew,load_out,notes
2026-10-24,show,confirmed,countersigned,Vega,,Copenhagen,,,,,14:00,17:00,19:00,21:00,23:00,00:30,Clocks go back tonight
2026-10-25,travel,confirmed,none,,,Helsinki,FI,,,Europe/Helsinki,,,,,,,Ferry then drive
2026-10-26,show,hold,none,Tavastia,,Helsinki,,,,,15:00,18:00,20:00,22:00,01:00,02:00,
2026-10-27,show,offer,draft,Rockefeller,Torggata 16,Oslo,NO,59.9166,10.7500,Europe/Oslo,14:00,,19:00,21:00,,,
"""


def counts(store):
    return {t: store.db[t].count for t in ("tours", "venues", "gig_days", "schedule_items")}


def test_venues_import_and_a_second_run_reuses_them(store):
    first = import_venues(store, VENUES, name="venues.csv")
    again = import_venues(store, VENUES, name="venues.csv")
    assert (first.added, first.reused, again.added, again.reused) == (2, 0, 0, 2)
    vega = venues.find(store, "vega", "COPENHAGEN")
    assert vega.notes == 'Two halls, "Store" and "Lille"'
    assert vega.capacity == 1550


def test_gigs_import_places_times_on_the_right_dates(store):
    import_venues(store, VENUES)
    result = import_gigs(store, GIGS, "Nordic Run", name="gigs.csv")
    assert (result.added, result.venues_added, result.tour_created) == (4, 1, True)
    tour = tours.named(store, "nordic run")
    rows = gigs.rows_for_tour(store, tour.id)
    assert [r.city for r in rows] == ["Copenhagen", "Helsinki", "Helsinki", "Oslo"]
    show = gigs.detail(store, rows[0].id)
    load_out = show.items[-1]
    assert (load_out.on, load_out.at) == (date(2026, 10, 25), time(0, 30))
    assert show.gig.date == date(2026, 10, 24)
    assert venues.find(store, "Rockefeller", "Oslo").timezone == "Europe/Oslo"


def test_semicolons_and_a_byte_order_mark_from_excel_are_fine(store):
    text = "\ufeff" + VENUES.replace(",", ";").replace('"Two halls; ""Store"" and ""Lille"""',
                                                      "two halls")
    assert import_venues(store, text).added == 2


@pytest.mark.parametrize("bad_line,expected", [
    ("2026-10-28,show,confirmed,none,Vega,,Copenhagen,,,,,25:00,,,,,,",
     "line 6, column 'load_in': '25:00' is not a time of day"),
    ("2026-02-30,off,,,,,Oslo,NO,,,Europe/Oslo,,,,,,,",
     "line 6, column 'date': '2026-02-30' is not a date"),
    ("2026-10-28,gig,,,,,Oslo,NO,,,Europe/Oslo,,,,,,,",
     "line 6, column 'kind': 'gig' is not one of: show, off, travel, rehearsal, studio"),
    ("2026-10-24,off,,,,,Oslo,NO,,,Europe/Oslo,,,,,,,",
     "line 6, column 'kind': line 2 has the day 2026-10-24: a further event on it is a show, "
     "rehearsal or studio, not off"),
    ("2026-10-28,show,,,Unknown Club,,Bergen,,,,,20:00,,,,,,",
     "line 6, column 'country'"),
    ("2026-10-28,show,,,,,,,,,,,,,,,,",
     "line 6, column 'city': give a venue, or the city where the party is"),
    ("2026-10-28,off,,,,,Oslo,NO,,,,,,,21:00,,,",
     "line 6, column 'set': a time needs the place's timezone"),
    ("2026-10-28,off,,,,,Oslo,NO,,,Europe/Oslo,,,,,,",
     "line 6: has 17 cells but the header has 18"),
])
def test_one_bad_row_rejects_the_whole_file(store, bad_line, expected):
    import_venues(store, VENUES)
    before = counts(store)
    with pytest.raises(ImportRejected) as err:
        import_gigs(store, GIGS + bad_line + "\n", "Nordic Run", name="gigs.csv")
    assert expected in str(err.value)
    assert "nothing imported" in str(err.value)
    assert counts(store) == before  # not even the tour or the new venue


def test_a_time_in_the_dst_gap_is_rejected_with_its_line(store):
    text = ("date,kind,venue,city,country,timezone,load_in\n"
            "2027-03-28,rehearsal,,Berlin,DE,Europe/Berlin,10:00\n"
            "2027-03-27,show,,Berlin,DE,Europe/Berlin,02:30\n")
    with pytest.raises(ImportRejected, match=r"line 3, column 'load_in': 02:30 does not exist"):
        import_gigs(store, text, "Spring")


def test_unknown_and_missing_columns_are_named(store):
    with pytest.raises(ImportRejected) as err:
        import_gigs(store, "date,knd,venue\n2026-10-01,show,Vega\n", "T")
    message = str(err.value)
    assert "unknown column(s): 'knd'" in message
    assert "missing required column(s): kind" in message


def test_a_date_already_in_the_tour_is_refused(store):
    import_venues(store, VENUES)
    import_gigs(store, GIGS, "Nordic Run")
    with pytest.raises(ImportRejected, match="already has a gig day on 2026-10-24"):
        import_gigs(store, GIGS, "Nordic Run")


def test_not_utf8_is_explained(store, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(VENUES.replace("Tavastia", "Tavastia Klubi ä").encode("latin-1"))
    with pytest.raises(ImportRejected, match="line 3: not UTF-8 text"):
        import_venues(store, path)


def test_an_empty_file_says_what_header_it_needs(store, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("")
    with pytest.raises(ImportRejected, match="the file is empty"):
        import_venues(store, path)


def test_the_import_is_recorded_as_the_acting_user(store):
    import_venues(store, VENUES)
    actors = {r["actor"] for r in store.db.query("SELECT actor FROM changes")}
    assert actors == {"tester"}


@pytest.mark.parametrize("lat,lon,zone", [
    ("53.5512", "9.9576", "Europe/Berlin"),       # Hamburg
    ("-34.9285", "138.6007", "Australia/Adelaide"),  # a half-hour zone
    ("27.7172", "85.3240", "Asia/Kathmandu"),      # a quarter-hour zone
    ("33.4484", "-112.0740", "America/Phoenix"),   # no daylight saving
    ("64.1466", "-21.9426", "Atlantic/Reykjavik"),  # no daylight saving
])
def test_an_empty_timezone_is_found_from_the_coordinates_offline(store, lat, lon, zone):
    text = ("date,kind,venue,address,city,country,lat,lon,timezone,load_in\n"
            f"2026-10-21,show,Somewhere,Main St 1,Town,DE,{lat},{lon},,14:00\n")
    import_gigs(store, text, "Zones")
    assert venues.find(store, "Somewhere", "Town").timezone == zone


def test_coordinates_at_sea_do_not_invent_a_zone(store):
    text = ("name,city,country,latitude,longitude,timezone\n"
            "Boat,Nowhere,NO,0.0,-30.0,\n")
    with pytest.raises(ImportRejected, match="line 2, column 'timezone': a time zone is required"):
        import_venues(store, text)


# -- spreadsheets as Excel saves them, every error at once, corrected sheets --


def test_trailing_empty_columns_are_accepted_and_an_unnamed_one_in_the_middle_is_named(store):
    import_venues(store, VENUES)
    excel = "".join(line.replace(",", ";") + ";;\n" for line in GIGS.splitlines()
                    if "Clocks" not in line)
    assert import_gigs(store, excel, "Nordic Run", name="gigs.csv").added == 3
    with pytest.raises(ImportRejected) as err:
        import_gigs(store, "date,,kind\n2026-11-01,,off\n", "Other", name="x.csv")
    assert "column 2 has no name" in str(err.value)
    with pytest.raises(ImportRejected) as err:
        import_gigs(store, "date,kind,kind\n2026-11-01,off,off\n", "Other", name="x.csv")
    assert "'kind' appears twice" in str(err.value)


def test_every_error_of_every_row_is_reported(store):
    bad = ("date,kind,status,venue,city,load_in,set\n"
           "2026-13-01,gig,maybe,,,,\n"
           "2026-11-02,show,confirmed,,Oslo,7pm,25:00\n")
    with pytest.raises(ImportRejected) as err:
        import_gigs(store, bad, "T", name="g.csv")
    where = {(e.line, e.column) for e in err.value.errors}
    assert {(2, "date"), (2, "kind"), (2, "status"), (3, "load_in"), (3, "set")} <= where


def test_a_travel_or_off_day_without_a_place_is_accepted(store):
    result = import_gigs(store, "date,kind\n2026-11-01,travel\n2026-11-02,off\n", "T",
                         name="g.csv")
    assert result.added == 2
    rows = gigs.rows_for_tour(store, tours.by_name(store, "T").id)
    assert [(r.kind.value, r.city) for r in rows] == [("travel", ""), ("off", "")]


def test_a_corrected_sheet_is_listed_then_applied_keeping_the_days(store):
    from tourdesk.services.gig_update import update_gigs

    import_venues(store, VENUES)
    import_gigs(store, GIGS, "Nordic Run", name="gigs.csv")
    tour_id = tours.by_name(store, "Nordic Run").id
    ids = {r.date: r.id for r in gigs.rows_for_tour(store, tour_id)}
    corrected = (GIGS.replace("2026-10-26,show,hold", "2026-10-26,show,confirmed")
                 .replace("14:00,17:00,19:00,21:00", "14:00,17:00,19:00,21:30"))
    corrected = "\n".join(line for line in corrected.splitlines()
                          if not line.startswith("2026-10-27"))
    corrected += "\n2026-10-28,off" + "," * 16 + "\n"
    before = counts(store)
    preview = update_gigs(store, corrected, "Nordic Run", name="gigs.csv")
    assert counts(store) == before  # nothing written without apply
    assert preview.changes == ["2026-10-24: Set 21:00 → 21:30",
                               "2026-10-26: status hold → confirmed",
                               "2026-10-28: new off day with 0 times"]
    assert preview.kept == ["2026-10-27: not in the sheet: kept (--remove-missing removes it)"]
    done = update_gigs(store, corrected, "Nordic Run", apply=True, name="gigs.csv")
    assert done.changes == preview.changes
    after = {r.date: r.id for r in gigs.rows_for_tour(store, tour_id)}
    assert all(after[d] == i for d, i in ids.items())  # same days: same calendar UIDs
    set_time = [i.at for i in gigs.detail(store, ids[date(2026, 10, 24)]).items
                if i.kind.value == "set"]
    assert set_time == [time(21, 30)]
    assert update_gigs(store, corrected, "Nordic Run", name="gigs.csv").changes == []
    gone = update_gigs(store, corrected, "Nordic Run", apply=True, remove_missing=True,
                       name="gigs.csv")
    assert gone.changes == ["2026-10-27: not in the sheet: removed"]
    assert date(2026, 10, 27) not in {r.date for r in gigs.rows_for_tour(store, tour_id)}


SHEET = """date,kind,status,contract,venue,city,country,timezone,soundcheck,set,event,hotel
2026-10-24,show,confirmed,countersigned,Vega,Copenhagen,,,17:00,21:00,,Hotel Ottilia
2026-10-24,show,hold,,,Roskilde,DK,,,15:00,Festival,
2026-10-26,show,confirmed,,Tavastia,Helsinki,,,18:00,22:00,,
2026-10-26,rehearsal,confirmed,,,Espoo,FI,Europe/Helsinki,,11:00,,
"""


def test_a_later_row_on_a_date_is_a_further_event_of_that_day(store):
    from tourdesk.store import events

    import_venues(store, VENUES)
    result = import_gigs(store, SHEET, "Nordic Run", name="gigs.csv")
    assert (result.added, result.events_added) == (2, 2)
    tour_id = tours.by_name(store, "Nordic Run").id
    copenhagen, helsinki = gigs.rows_for_tour(store, tour_id)
    festival, = events.for_day(store, copenhagen.id, "Europe/Copenhagen")
    # no clock of its own: on the day's (the venue's); its own status; the day's hotel
    assert (festival.label, festival.status.value, festival.city) == ("Festival", "hold",
                                                                      "Roskilde")
    d = gigs.detail(store, copenhagen.id)
    assert [(i.at, i.timezone) for i in d.event_items(festival.id)] == [
        (time(15, 0), "Europe/Copenhagen")]
    assert [i.at for i in d.main_items] == [time(17, 0), time(21, 0)]
    espoo, = events.for_day(store, helsinki.id)
    assert (espoo.label, espoo.kind.value) == ("Espoo", "rehearsal")  # named by its place


@pytest.mark.parametrize("row,expected", [
    ("2026-10-24,show,,,,,,,,16:00,,", "line 4, column 'event': a second row on 2026-10-24 "
                                       "is a further event: give its label"),
    ("2026-10-24,show,,,,Malmö,SE,,,16:00,festival,",
     "line 4, column 'event': 2026-10-24 already has an event 'festival' on line 3"),
    ("2026-10-24,show,,draft,,Malmö,SE,,,16:00,Late,",
     "line 4, column 'contract': the contract is the day's (line 2)"),
    ("2026-10-24,show,,,,Malmö,SE,,,16:00,Late,Another Hotel",
     "line 4, column 'hotel': the hotel is the day's (line 2)"),
    ("2026-10-28,show,,,Vega,Copenhagen,,,,21:00,Late,",
     "line 4, column 'event': the first row of 2026-10-28 is the day itself"),
])
def test_a_further_event_row_that_cannot_be_placed_rejects_the_file(store, row, expected):
    import_venues(store, VENUES)
    sheet = "\n".join(SHEET.splitlines()[:3]) + "\n" + row + "\n"
    before = counts(store)
    with pytest.raises(ImportRejected) as err:
        import_gigs(store, sheet, "Nordic Run", name="gigs.csv")
    assert expected in str(err.value)
    assert counts(store) == before


def test_a_corrected_sheet_updates_adds_and_keeps_further_events(store):
    from tourdesk.services.events import add_event
    from tourdesk.services.gig_update import update_gigs
    from tourdesk.store import events

    import_venues(store, VENUES)
    import_gigs(store, SHEET, "Nordic Run", name="gigs.csv")
    tour_id = tours.by_name(store, "Nordic Run").id
    copenhagen, helsinki = gigs.rows_for_tour(store, tour_id)
    festival, = events.for_day(store, copenhagen.id)
    set_id = gigs.detail(store, copenhagen.id).event_items(festival.id)[0].id
    # added by hand, not in any sheet: a radio session at the day's place
    add_event(store, copenhagen.id, {"label": "Radio", "kind": "other"})
    corrected = (SHEET.replace("hold,,,Roskilde,DK,,,15:00", "confirmed,,,Roskilde,DK,,,15:30")
                 + "2026-10-26,show,hold,,,Tampere,FI,Europe/Helsinki,,16:00,Tampere slot,\n")
    before = counts(store), store.db["events"].count
    preview = update_gigs(store, corrected, "Nordic Run", name="gigs.csv")
    assert (counts(store), store.db["events"].count) == before
    assert preview.changes == [
        "2026-10-24 'Festival': status hold → confirmed",
        "2026-10-24 'Festival': Set 15:00 → 15:30",
        "2026-10-26: new event 'Tampere slot' with 1 time",
    ]
    assert preview.kept == ["2026-10-24 'Radio': not in the sheet: kept (--remove-missing "
                            "removes it)"]
    done = update_gigs(store, corrected, "Nordic Run", apply=True, name="gigs.csv")
    assert done.changes == preview.changes
    festival_now, radio = events.for_day(store, copenhagen.id)
    assert (festival_now.id, festival_now.status.value) == (festival.id, "confirmed")
    assert radio.label == "Radio"  # kept: not in the sheet, no --remove-missing
    moved = gigs.detail(store, copenhagen.id).event_items(festival.id)
    assert [(i.id, i.at) for i in moved] == [(set_id, time(15, 30))]  # same item: same UID
    assert [e.label for e in events.for_day(store, helsinki.id)] == ["Espoo", "Tampere slot"]
    assert update_gigs(store, corrected, "Nordic Run", name="gigs.csv").changes == []
    gone = update_gigs(store, corrected, "Nordic Run", apply=True, remove_missing=True,
                       name="gigs.csv")
    assert gone.changes == ["2026-10-24 'Radio': not in the sheet: removed"]
    assert [e.label for e in events.for_day(store, copenhagen.id)] == ["Festival"]


def test_a_row_without_a_label_finds_the_event_at_its_place(store):
    from tourdesk.services.events import add_event
    from tourdesk.services.gig_update import update_gigs
    from tourdesk.store import events

    import_venues(store, VENUES)
    import_gigs(store, "\n".join(SHEET.splitlines()[:2]) + "\n", "Nordic Run", name="g.csv")
    day = gigs.rows_for_tour(store, tours.by_name(store, "Nordic Run").id)[0]
    add_event(store, day.id, {"label": "Afternoon", "city": "Roskilde", "country": "DK",
                              "zone": "Europe/Copenhagen"})
    sheet = ("\n".join(SHEET.splitlines()[:2])
             + "\n2026-10-24,show,,,,Roskilde,DK,Europe/Copenhagen,,15:00,,\n")
    done = update_gigs(store, sheet, "Nordic Run", apply=True, name="g.csv")
    assert done.changes == ["2026-10-24 'Afternoon': Set 15:00 added"]
    afternoon, = events.for_day(store, day.id)
    assert afternoon.label == "Afternoon"  # matched by its place, its label kept
