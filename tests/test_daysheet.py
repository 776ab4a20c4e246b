"""Day sheets: everything a crew member needs for the day, printable, inert text."""

import re
from datetime import date, time

from test_cli import DEMO_TOUR, run


def test_markdown_day_sheet_has_schedule_venue_and_next_stop(demo_path):
    out = run("--db", str(demo_path), "daysheet", "--tour", DEMO_TOUR, "2026-10-24",
              "--format", "md")
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert text.startswith("# Live Music Hall, Cologne")
    assert "- 02:30+1  Load-out" in text  # past midnight, on the show's sheet
    assert "Wi-Fi: SSID LMH-Crew" in text
    # Cologne to Hamburg: about 360 km as the crow flies, ~450 by road; 75 km/h and a
    # 45-minute break after 4.5 h at the wheel make about 6 h 45 min
    next_line = next(line for line in text.splitlines() if "Große Freiheit 36" in line)
    km = int(re.search(r"about (\d+) km by road", next_line).group(1))
    assert 437 <= km <= 463
    hours, minutes = map(int, re.search(r"(\d+) h (\d+) min driving", next_line).groups())
    assert abs(hours * 60 + minutes - (km / 75 * 60 + 45)) <= 1
    # who is called when, earliest first; no pay on a sheet that goes round the crew
    calls = text.split("## Calls (local time)")[1].split("##")[0]
    assert "- 15:00  Rob Kettering · FOH engineer (no call: day start)" in calls
    assert calls.index("Rob Kettering") < calls.index("16:30  Iain Forsyth · musician")
    assert "Femi Adeyemi" not in calls  # off sick that day
    hotel = text.split("## Hotel")[1].split("##")[0]
    assert "Hotel am Rheinpark, Rheinallee 8, Cologne" in hotel  # from the gigs CSV
    assert not re.search(r"\b(EUR|GBP)\b", text)


def test_a_set_call_time_leads_the_calls(demo_path):
    from tourdesk.store import crew, gigs, open_store, tours

    store = open_store(demo_path, "tm")
    try:
        gig = gigs.id_on(store, tours.named(store, DEMO_TOUR).id, date(2026, 10, 24))
        jack = crew.person_named(store, "Jack Moran")
        (mine,) = [a for a in crew.assignments_on(store, gig) if a.person_id == jack.id]
        crew.set_call(store, mine.id, time(11, 0))
    finally:
        store.close()
    out = run("--db", str(demo_path), "daysheet", "--tour", DEMO_TOUR, "2026-10-24")
    calls = out.stdout.split("Calls (local time)")[1].split("\n\n")[0].strip().splitlines()
    assert calls[0].strip() == "11:00  Jack Moran · backline tech"


def test_html_day_sheet_escapes_user_text(store, db_path, tmp_path):
    from tourdesk.services.imports import import_gigs, import_venues

    import_venues(store, "name,city,country,timezone,notes\n"
                         "<script>x</script> Hall,Oslo,NO,Europe/Oslo,a & b\n")
    import_gigs(store, "date,kind,venue,city,set\n"
                       "2026-10-21,show,<script>x</script> Hall,Oslo,21:00\n", "T")
    path = tmp_path / "sheet.html"
    out = run("--db", str(db_path), "daysheet", "--tour", "T", "2026-10-21", "--format",
              "html", "-o", str(path))
    assert out.returncode == 0, out.stderr
    html = path.read_text()
    assert "<script>" not in html and "&lt;script&gt;x&lt;/script&gt; Hall" in html
    assert "a &amp; b" in html and "21:00" in html
