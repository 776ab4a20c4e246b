"""User text is data: markup stays literal and escape sequences never reach a terminal."""

import re
import shutil
import sqlite3

import pytest

from tourdesk.services.imports import import_gigs, import_venues
from tourdesk.tui.app import TourDeskApp

from conftest import PYTHON, TODAY, real_terminal, run_cli
from tui_helpers import press, screen_text, settle

HOSTILE_NAME = "[b]Hall[/b] \x1b]0;pwned\x07\x1b[2J\x9b31m"
VENUES = ("name,city,country,timezone,notes\n"
          f'"{HOSTILE_NAME}",Oslo,NO,Europe/Oslo,"[red]x[/red] \x1b[?1049h"\n')
GIGS = ("date,kind,venue,city,set\n"
        f'2026-10-21,show,"{HOSTILE_NAME}",Oslo,21:00\n')


def _load(store):
    import_venues(store, VENUES)
    import_gigs(store, GIGS, "[i]Tour[/i]")


def test_cli_output_never_carries_escape_sequences(store, db_path):
    _load(store)
    for args, literal in (
        (["venue", "list"], "[b]Hall[/b] ␛]0;pwned␇"),
        (["gig", "list", "--tour", "[i]Tour[/i]"], "[b]Hall[/b] ␛]0;pwned␇"),
        (["gig", "show", "--tour", "[i]Tour[/i]", "2026-10-21"], "[b]Hall[/b] ␛]0;pwned␇"),
        (["tour", "list"], "[i]Tour[/i]"),
    ):
        out = run_cli("--db", str(db_path), *args).stdout
        assert literal in out, args
        assert not any(ch in out for ch in "\x1b\x07\x9b"), args


async def test_tui_shows_hostile_text_literally(store):
    _load(store)
    app = TourDeskApp(store, today=TODAY)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        text = screen_text(pilot)
        assert "[b]Hall[/b]" in text
        assert "[i]Tour[/i]" in text
        assert "\x1b" not in text
        await press(pilot, "enter")
        text = screen_text(pilot)
        assert "[b]Hall[/b]" in text and "[red]x[/red]" in text
        await press(pilot, "2")
        assert "[b]Hall[/b]" in screen_text(pilot)
        await press(pilot, "colon")
        await pilot.press(*"switch tour")
        await settle(pilot)
        assert "[i]Tour[/i]" in screen_text(pilot)


def test_bidi_overrides_are_made_visible():
    from tourdesk.domain.text import printable

    assert printable("SN\u202e4321") == "SN\ufffd4321"


def test_an_imported_tour_name_is_cleaned(store):
    from tourdesk.store import tours

    import_gigs(store, "date,kind,city\n2026-10-21,off,Oslo\n", " Evil\x1b]0;x\x07 ")
    assert [t.name for t in tours.summaries(store)] == ["Evil␛]0;x␇"]


async def test_the_palette_shows_brackets_in_names_literally(store):
    import_venues(store, "name,city,country,timezone\nClub [Main Hall],Oslo,NO,Europe/Oslo\n")
    import_gigs(store, "date,kind,venue,city\n2026-10-21,show,Club [Main Hall],Oslo\n", "T")
    app = TourDeskApp(store, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "colon")
        await pilot.press(*"club")
        await settle(pilot)
        assert "Club [Main Hall]" in screen_text(pilot)


# Text that would repaint, retitle, read the clipboard of, or reorder another user's
# terminal, and Textual markup; for notes also NUL and a bare carriage return.
EVIL = ("\x1b]0;pwned\x07\x1b[2J\x1b[H\x1b]52;c;?\x07\x1bP+q544e\x1b\\\x9b31m\x90x\x9c"
        "\u202egnp.exe\u2066[b]x[/b][@click=app.quit]\x7f")
EVIL_NOTE = EVIL + "\r\x00over\nwritten\x08"
# Which free-text columns get the hostile suffix (and notes the hostile note), written
# straight into the file as an older version, a script or a bug elsewhere could have.
NAMES = {
    "tours": ["name", "artist", "updated_by"],
    "venues": ["name", "address", "city", "phone", "email", "website", "load_in", "stage",
               "power", "parking", "wifi", "hospitality"],
    "gig_days": ["city", "hotel"], "schedule_items": ["label"],
    "cases": ["name"], "items": ["name", "category"],
    "templates": ["name"], "template_lines": ["text"], "checklists": ["name"],
    "checklist_entries": ["label", "case_name", "set_by"],
    "item_flags": ["raised_by", "resolution"],
    "people": ["name", "phone", "email", "emergency_contact", "dietary"],
    "person_roles": ["role"], "staff_needs": ["role"], "assignments": ["role"],
    "feeds": ["label"], "feed_addresses": ["created_by"], "changes": ["actor"],
    "checklist_events": ["actor"],
    "venue_contacts": ["name", "role", "phone", "email"], "budget_lines": ["description"],
    "exchange_rates": ["source"], "events": ["city"], "advance_items": ["item"],
    "advance_template_items": ["template", "item"],
}
NOTES = {"tours": ["notes"], "venues": ["notes"], "gig_days": ["notes"], "cases": ["notes"],
         "items": ["notes"], "checklist_entries": ["note"], "item_flags": ["note"],
         "people": ["notes"], "assignments": ["notes"], "venue_contacts": ["notes"],
         "settlements": ["notes"], "events": ["notes"], "advance_items": ["note"]}
# Anything a terminal could act on: C0 but tab and newline, DEL, C1, bidi controls
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _poison(path):
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO events (gig_day_id, label, city, updated_at, updated_by) "
                 "SELECT id, ?, 'Reykjavik', '2026-01-01T00:00:00+00:00', 'x' "
                 "FROM gig_days WHERE date = '2026-10-21'",
                 ["Fest\x1b]0;pwned\x07\x1b[2J\u202e[b]x[/b]"])  # a label is short
    for table, columns in NAMES.items():
        conn.execute(f"UPDATE {table} SET " + ", ".join(
            f"{c} = CASE WHEN {c} = '' THEN '' ELSE {c} || ? END" for c in columns),
                     [EVIL] * len(columns))
    for table, columns in NOTES.items():
        conn.execute(f"UPDATE {table} SET " + ", ".join(f"{c} = ?" for c in columns),
                     [EVIL_NOTE] * len(columns))
    conn.execute("UPDATE items SET vendor = vendor || ? WHERE ownership = 'rented'", [EVIL])
    conn.execute("INSERT OR REPLACE INTO settings (key, value, updated_at, updated_by) "
                 "VALUES ('feed_base_url', ?, '2026-01-01T00:00:00+00:00', 'x')",
                 ["https://x.example" + EVIL])
    conn.commit()
    tour = conn.execute("SELECT name FROM tours").fetchone()[0]
    person = conn.execute("SELECT p.name FROM people p JOIN assignments a ON a.person_id = p.id"
                          " LIMIT 1").fetchone()[0]
    conn.close()
    return tour, person


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory, _demo_template):
    path = tmp_path_factory.mktemp("evil") / "evil.db"
    shutil.copy(_demo_template, path)
    return path, *_poison(path)


def _commands(tour, person):
    day = "2026-10-21"
    return [
        ["info"], ["tour", "list"], ["venue", "list"], ["gig", "list", "--tour", tour],
        ["gig", "show", "--tour", tour, day], ["daysheet", "--tour", tour, day],
        ["event", "list", "--tour", tour, day],
        ["daysheet", "--tour", tour, "--format", "md", day],
        ["daysheet", "--tour", tour, "--format", "html", day],
        ["route", "--tour", tour], ["crew", "list"], ["crew", "show", person],
        ["crew", "pay", "--tour", tour], ["crew", "export"], ["staff", "conflicts"],
        ["checklist", "show", "--tour", tour, day], ["checklist", "templates"],
        ["flags", "list"], ["inventory", "export"], ["inventory", "export", "--cases"],
        ["carnet"], ["feed", "list"], ["feed", "base-url"], ["backup"], ["check"],
        ["staff", "rules"], ["gig", "history", "--tour", tour, day],
        ["venue", "export", "--contacts"], ["venue", "list", "--search", "a"],
        ["budget", "show", "--tour", tour], ["budget", "lines", "--tour", tour],
        ["budget", "rates", "--tour", tour], ["pay", "ledger", "--tour", tour],
        ["settle", "show", "--tour", tour, "--day", "2026-10-19"],
        ["export", "budget", "--tour", tour, "--format", "csv"],
        ["export", "settlement", "--tour", tour, "--day", "2026-10-19", "--format", "md"],
        ["advance", "list", "--tour", tour, day], ["advance", "list", "--tour", tour],
        ["advance", "template", "list", "--tour", tour], ["tourbook", "--tour", tour],
    ]


@pytest.mark.slow
def test_no_command_lets_stored_text_reach_the_terminal_raw(poisoned):
    path, tour, person = poisoned
    for args in _commands(tour, person):
        result = run_cli("--db", str(path), *args)
        assert result.returncode in ((0, 1) if args[0] == "staff" else (0,)), (args, result)
        for stream in (result.stdout, result.stderr):
            found = UNSAFE.search(stream)
            assert found is None, (args, stream[max(0, found.start() - 40):found.end() + 40])
        # the text is shown, as visible characters
        assert "pwned" in result.stdout or args[0] in ("check", "backup", "staff"), args


@pytest.mark.slow
def test_calendars_carry_no_control_characters(poisoned):
    path, tour, _ = poisoned
    out = run_cli("--db", str(path), "export", "ics", "--tour", tour).stdout_bytes.decode()
    assert "BEGIN:VCALENDAR" in out
    assert UNSAFE.search(out.replace("\r\n", "\n")) is None  # CRLF is iCalendar's line end


# What the hostile text would do if it reached the terminal as it is (UTF-8 on the wire)
PAYLOADS = [s.encode() for s in ("\x1b]0;pwned", "\x1b]52;c;?", "\x1b[2J\x1b[H", "\x1bP+q",
                                 "\x9b31m", "\x90x", "\u202e", "\u2066", "\x7f")]


@pytest.mark.slow
def test_the_tui_on_a_real_terminal_writes_hostile_text_only_as_pictures(poisoned):
    path = poisoned[0]
    term = real_terminal([PYTHON, "-m", "tourdesk", "--db", str(path)], size=(120, 40))
    try:
        term.wait_for(b"pwned")  # the overview shows the tour's name
        # a gig day and its history; venues and a venue's contacts; inventory; staffing;
        # the budget, its lines, the payouts
        for key in (b"\r", b"h", b"\x7f", b"2", b"k", b"\x7f", b"3", b"4", b"5", b"l",
                    b"\x7f", b"p", b"\x7f", b"1"):
            term.send(key)
            term.quiet()
    finally:
        term.close()
    shown = bytes(term.output)
    assert "␛]0;pwned".encode() in shown
    for payload in PAYLOADS:
        assert payload not in shown, payload


def test_a_refused_import_quotes_hostile_cells_as_pictures(db_path, tmp_path):
    bad = tmp_path / "venues.csv"
    bad.write_text(f"name,city,country,timezone,capacity\nHall,Oslo,NO,Europe/Oslo,{EVIL}\n")
    result = run_cli("--db", str(db_path), "import", "venues", str(bad))
    assert result.returncode == 2
    assert "line 2, column 'capacity'" in result.stderr and "␛]0;pwned" in result.stderr
    assert UNSAFE.search(result.stderr) is None
