"""Day sheets: everything a crew member needs for the day, printable, inert text."""

from test_cli import DEMO_TOUR, run


def test_markdown_day_sheet_has_schedule_venue_and_next_stop(demo_path):
    out = run("--db", str(demo_path), "daysheet", "--tour", DEMO_TOUR, "2026-10-24",
              "--format", "md")
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert text.startswith("# Live Music Hall, Cologne")
    assert "- 02:30+1  Load-out" in text  # past midnight, on the show's sheet
    assert "Wi-Fi: SSID LMH-Crew" in text
    # Cologne to Hamburg: about 360 km as the crow flies
    next_line = next(line for line in text.splitlines() if "Große Freiheit 36" in line)
    km = int(next_line.split(", ")[-1].split()[0])
    assert 350 <= km <= 370


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
