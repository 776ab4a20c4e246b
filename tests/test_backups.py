"""Backups while others write, the rolling daily backup, restore and check."""

import shutil
import signal
import sqlite3
import time
from datetime import UTC, datetime, timedelta

import pytest

from tourdesk.domain.models import Tour
from tourdesk.services import backups
from tourdesk.store import open_store, tours
from tourdesk.store.schema import SCHEMA_VERSION

from conftest import FIXED_NOW, assert_one_line_refusal, make_show, run_cli
from writers import prepare, start_writer, written

# Commands here start the day's backup after them, as they do for a user.
pytestmark = pytest.mark.daily_backup


def _tour_names(path):
    conn = sqlite3.connect(path)
    try:
        return sorted(r[0] for r in conn.execute("SELECT name FROM tours"))
    finally:
        conn.close()


@pytest.mark.slow
def test_a_backup_taken_while_another_process_writes_is_whole_and_consistent(
        db_path, store, tmp_path):
    entry_ids, venue_id = prepare(store)
    writer = start_writer(db_path, "busy", entry_ids, venue_id)
    try:
        assert writer.stdout.readline()  # writing as fast as it can from here on
        results = [run_cli("--db", str(db_path), "backup", str(tmp_path / f"copy{n}.db"))
                   for n in range(3)]
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.communicate(timeout=30)
    counts = []
    for n, result in enumerate(results):
        assert result.returncode == 0, result.stderr
        copy = tmp_path / f"copy{n}.db"
        assert f"backed up to {copy}" in result.stdout and "integrity ok" in result.stdout
        assert backups.check(copy).problems == []
        assert not (tmp_path / f"copy{n}.db-wal").exists()  # one self-contained file
        got = open_store(copy, "reader")
        names = written(got)
        got.close()
        # one snapshot: the writer's first k writes, no gap and no half-done write
        assert sorted(names, key=lambda s: int(s.split("#")[1])) == [
            f"busy#{i}" for i in range(len(names))]
        counts.append(len(names))
    assert counts == sorted(counts) and counts[-1] > 0


def test_the_automatic_backup_runs_once_a_day_and_keeps_the_newest_n(db_path):
    now = [FIXED_NOW]
    store = open_store(db_path, "tester", clock=lambda: now[0])
    backups.set_keep_count(store, 2)
    first = backups.automatic_backup(store)
    assert first is not None and first.path.name == "tour-2026-10-20.db"
    assert first.path.parent == db_path.parent / "backups"
    assert backups.automatic_backup(store) is None  # once a day
    other = open_store(db_path, "other", clock=lambda: now[0])
    assert backups.automatic_backup(other) is None  # whoever opens it next, same day
    other.close()
    for day in (1, 2):
        tours.add(store, Tour(name=f"Leg {day}"))
        now[0] = FIXED_NOW + timedelta(days=day)
        assert backups.automatic_backup(store) is not None
    kept = backups.daily_backups(db_path)
    assert [p.name for p in kept] == ["tour-2026-10-21.db", "tour-2026-10-22.db"]
    assert _tour_names(kept[0]) == ["Leg 1"] and _tour_names(kept[1]) == ["Leg 1", "Leg 2"]
    backups.set_keep_count(store, 0)
    now[0] = FIXED_NOW + timedelta(days=3)
    assert backups.automatic_backup(store) is None
    assert len(backups.daily_backups(db_path)) == 2
    store.close()


def _wait_for_daily(db_path):
    """The detached backup a command started: wait for its file (a command does not)."""
    deadline = time.monotonic() + 60
    while not backups.daily_backups(db_path):
        assert time.monotonic() < deadline, "no automatic backup appeared"
        time.sleep(0.05)
    return backups.daily_backups(db_path)


def test_a_command_makes_the_days_backup_and_the_setting_is_shown(db_path):
    open_store(db_path).close()
    assert run_cli("--db", str(db_path), "tour", "add", "Spring").returncode == 0
    made = _wait_for_daily(db_path)
    assert len(made) == 1 and _tour_names(made[0]) == ["Spring"]
    result = run_cli("--db", str(db_path), "backup", "--auto-keep", "3")
    assert result.returncode == 0, result.stderr
    assert "daily, newest 3 kept" in result.stdout
    assert made[0].name in result.stdout
    assert "last automatic backup: " + made[0].name[5:15] in result.stdout


def _two_states(db_path, tmp_path):
    """A backup holding tour "Before", and the live file that then got tour "After"."""
    store = open_store(db_path, "tester", clock=lambda: FIXED_NOW)
    tours.add(store, Tour(name="Before"))
    saved = backups.copy_database(db_path, tmp_path / "saved.db").path
    tours.add(store, Tour(name="After"))
    return store, saved


def test_restore_puts_a_backup_back_for_everyone_with_the_file_open(db_path, tmp_path):
    store, saved = _two_states(db_path, tmp_path)
    seen = store.data_version()
    result = run_cli("--db", str(db_path), "restore", str(saved), "--yes")
    assert result.returncode == 0, result.stderr
    assert f"restored {db_path} from {saved}" in result.stdout
    # the process that had the file open all along notices and reads the restored data
    assert store.data_version() != seen
    assert [t.name for t in tours.summaries(store)] == ["Before"]
    tours.add(store, Tour(name="Written after the restore"))
    store.close()
    kept = list((db_path.parent / "backups").glob("tour-before-restore-*.db"))
    assert len(kept) == 1 and _tour_names(kept[0]) == ["After", "Before"]
    assert _tour_names(db_path) == ["Before", "Written after the restore"]
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_restore_asks_first_and_without_a_terminal_needs_yes(db_path, tmp_path):
    store, saved = _two_states(db_path, tmp_path)
    store.close()
    assert_one_line_refusal(run_cli("--db", str(db_path), "restore", str(saved)), "--yes")
    assert _tour_names(db_path) == ["After", "Before"]  # untouched


@pytest.mark.parametrize("kind", ["text", "other program", "newer", "empty sqlite"])
def test_restore_refuses_a_file_that_is_not_a_tourdesk_database(db_path, tmp_path, kind):
    store, _ = _two_states(db_path, tmp_path)
    store.close()
    bad = tmp_path / "bad.db"
    expected = "is not a tourdesk database"
    if kind == "text":
        bad.write_text("setlist\n")
    elif kind == "newer":
        shutil.copy(db_path, bad)
        conn = sqlite3.connect(bad)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        conn.commit()
        conn.close()
        expected = "newer tourdesk"
    else:
        conn = sqlite3.connect(bad)
        if kind == "other program":
            conn.execute("CREATE TABLE photos (id INTEGER)")
        conn.execute("PRAGMA user_version = 0")
        conn.commit()
        conn.close()
    assert_one_line_refusal(run_cli("--db", str(db_path), "restore", str(bad), "--yes"),
                            str(bad), expected)
    assert _tour_names(db_path) == ["After", "Before"]
    assert not (db_path.parent / "backups").exists()  # nothing was even started


def test_check_reports_a_sound_file_in_plain_words(demo_path):
    result = run_cli("--db", str(demo_path), "check")
    assert result.returncode == 0, result.stderr
    assert "integrity: ok" in result.stdout
    assert "(foreign keys): ok" in result.stdout
    assert f"schema: version {SCHEMA_VERSION} of {SCHEMA_VERSION}" in result.stdout


def test_check_names_broken_references_and_fails(db_path, store):
    make_show(store)
    store.close()
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("DELETE FROM tours")
    conn.commit()
    conn.close()
    result = run_cli("--db", str(db_path), "check")
    assert result.returncode == 1
    assert "gig_days row 1 refers to a tours row that does not exist" in result.stdout
    assert "Traceback" not in result.stderr


def test_check_reports_damage_and_fails(demo_path):
    data = bytearray(demo_path.read_bytes())
    middle = len(data) // 2 // 4096 * 4096
    data[middle:middle + 4096 * 4] = bytes(range(256)) * 64
    demo_path.write_bytes(bytes(data))
    result = run_cli("--db", str(demo_path), "check")
    assert result.returncode == 1
    assert "damaged:" in result.stdout and "tourdesk restore" in result.stdout
    assert "Traceback" not in result.stderr


def test_an_unwritable_backup_destination_is_one_line(db_path, store, tmp_path):
    assert_one_line_refusal(
        run_cli("--db", str(db_path), "backup", str(tmp_path / "no" / "such" / "x.db")),
        "cannot write a backup to")


def test_the_clock_used_for_the_day_is_utc(db_path):
    late = datetime(2026, 10, 20, 23, 30, tzinfo=UTC)  # Chatham is already on the 21st
    store = open_store(db_path, "t", clock=lambda: late)
    assert backups.automatic_backup(store).path.name == "tour-2026-10-20.db"
    store.close()


async def test_the_tui_makes_the_days_backup_in_the_background(db_path, store):
    from tourdesk.tui.app import TourDeskApp

    from tui_helpers import settle

    make_show(store)
    app = TourDeskApp(store, today=FIXED_NOW.date(), daily_backup=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Test tour" in app.screen.sub_title  # the first screen is up
    assert [p.name for p in backups.daily_backups(db_path)] == ["tour-2026-10-20.db"]
    assert _tour_names(backups.daily_backups(db_path)[0]) == ["Test tour"]
