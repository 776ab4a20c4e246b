"""User text is data: markup stays literal and escape sequences never reach a terminal."""

import os
import subprocess

from tourdesk.services.imports import import_gigs, import_venues
from tourdesk.tui.app import TourDeskApp

from conftest import PYTHON, TODAY
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
    env = {**os.environ}
    for args, literal in (
        (["venue", "list"], "[b]Hall[/b] ␛]0;pwned␇"),
        (["gig", "list", "--tour", "[i]Tour[/i]"], "[b]Hall[/b] ␛]0;pwned␇"),
        (["gig", "show", "--tour", "[i]Tour[/i]", "2026-10-21"], "[b]Hall[/b] ␛]0;pwned␇"),
        (["tour", "list"], "[i]Tour[/i]"),
    ):
        out = subprocess.run([PYTHON, "-m", "tourdesk", "--db", str(db_path), *args],
                             capture_output=True, text=True, env=env, timeout=60).stdout
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
