"""Real faults end in one line, lose nothing and leave nothing behind: killed backups and
restores, a full disk, another program's SQLite file, bytes that are not UTF-8, a folder
you may not enter, a geocoder that cannot be reached, backups of another page size or an
older schema, and commits still in the -wal."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from tourdesk.domain.models import Tour
from tourdesk.services import backups, files
from tourdesk.store import open_store, tours
from tourdesk.store.schema import SCHEMA_VERSION

from conftest import (
    FIXED_NOW,
    PYTHON,
    assert_one_line_refusal,
    old_schema_copy,
    run_cli,
    run_cli_process,
)
from writers import integrity, prepare, start_writer

# Commands here start the day's backup after them, as they do for a user.
pytestmark = pytest.mark.daily_backup


def _names(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return sorted(r[0] for r in conn.execute("SELECT name FROM tours"))
    finally:
        conn.close()


def _leftovers(*folders: Path) -> list[str]:
    return sorted(p.name for f in folders if f.is_dir() for p in f.iterdir()
                  if ".part" in p.name)


def _no_auto(db_path: Path) -> None:
    store = open_store(db_path, "tester", clock=lambda: FIXED_NOW)
    backups.set_keep_count(store, 0)  # no detached backup racing the test
    store.close()


def _big(db_path: Path, rows: int = 60_000) -> None:
    """A file of some megabytes, so a copy takes long enough to be killed midway."""
    store = open_store(db_path, "tester", clock=lambda: FIXED_NOW)
    tours.add(store, Tour(name="Before"))
    with store.write():
        store.conn.executemany(
            "INSERT INTO venues (name, city, country, timezone, notes, updated_at, updated_by) "
            "VALUES (?, 'Oslo', 'NO', 'Europe/Oslo', ?, 'x', 'x')",
            [(f"Hall {n}", "n" * 200) for n in range(rows)])
    backups.set_keep_count(store, 0)
    store.close()


# -- a: killed runs leave nothing once the next run has been --


@pytest.mark.slow
def test_backup_and_restore_killed_at_random_moments_leave_nothing_after_the_next_run(
        db_path, tmp_path):
    _big(db_path)
    saved = backups.copy_database(db_path, tmp_path / "saved.db").path
    store = open_store(db_path, "tester", clock=lambda: FIXED_NOW)
    tours.add(store, Tour(name="After"))
    store.close()
    out = tmp_path / "out"
    out.mkdir()
    rng = random.Random(20261020)

    def start(args: list[str]) -> subprocess.Popen:
        return subprocess.Popen([PYTHON, "-m", "tourdesk", "--db", str(db_path), *args],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    def runs(n: int) -> list[str]:
        return ["backup", str(out / "copy.db")] if n % 2 else ["restore", str(saved), "--yes"]

    # The kills fall inside a run, however fast this machine is just now: each falls
    # within the quickest run seen so far, and a run that finished before its kill makes
    # the next ones sooner. Sixteen kills, each checked; a run that finished is checked too.
    quickest = [float("inf"), float("inf")]
    for n in range(2):
        began = time.monotonic()
        assert start(runs(n)).wait(timeout=120) == 0
        quickest[n] = time.monotonic() - began
    killed = rounds = 0
    while killed < 16 and rounds < 48:
        kind = rounds % 2
        proc = start(runs(kind))
        wait = rng.uniform(0.2, 0.9) * quickest[kind]
        time.sleep(wait)
        proc.send_signal(signal.SIGKILL)
        _, err = proc.communicate(timeout=60)
        if proc.returncode == -signal.SIGKILL:
            killed += 1
        else:
            quickest[kind] = min(quickest[kind], wait)
        rounds += 1
        assert "Traceback" not in err
        assert integrity(db_path) == "ok", f"round {rounds}"
        assert _names(db_path) in (["After", "Before"], ["Before"])
    assert killed == 16, f"{killed} runs killed midway in {rounds}"
    # minutes later: the writers are gone and their leftovers old
    stale = time.time() - files.STALE_AFTER_S - 60
    for folder in (tmp_path, out, tmp_path / "backups"):
        for path in folder.glob(".*.part*") if folder.is_dir() else ():
            os.utime(path, (stale, stale))
    for args in (["backup", str(out / "copy.db")], ["restore", str(saved), "--yes"]):
        result = run_cli("--db", str(db_path), *args)
        assert result.returncode == 0, result.stderr
    assert _leftovers(tmp_path, out, tmp_path / "backups") == []
    assert integrity(db_path) == "ok" and _names(db_path) == ["Before"]
    assert backups.check(out / "copy.db").problems == []


def test_a_leftover_of_a_live_writer_or_a_fresh_one_is_kept(tmp_path):
    mine = files.Temporary(tmp_path)  # this process is alive
    old = time.time() - files.STALE_AFTER_S - 60
    os.utime(mine.path, (old, old))
    gone = tmp_path / f".tourdesk-{_dead_pid()}-{'0' * 16}.part"
    gone.write_bytes(b"x")  # fresh: its writer may be on its way
    assert files.sweep_leftovers(tmp_path) == []
    os.utime(gone, (old, old))
    assert files.sweep_leftovers(tmp_path) == [gone]
    assert mine.path.exists()
    mine.close()


def _dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def test_temporaries_are_private_unguessable_and_never_follow_a_swap(tmp_path):
    target = tmp_path / "elsewhere.db"
    target.write_bytes(b"private")
    first, second = files.Temporary(tmp_path), files.Temporary(tmp_path)
    assert first.path.name != second.path.name
    assert first.path.stat().st_mode & 0o777 == 0o600
    # someone replaces the temporary by a symlink to a file of theirs
    first.path.unlink()
    first.path.symlink_to(target)
    with pytest.raises(Exception, match="replaced by someone else"):
        first.publish(tmp_path / "dest.db")
    assert target.read_bytes() == b"private" and not (tmp_path / "dest.db").exists()
    for t in (first, second):
        t.close()
        t.discard()


# -- b: the automatic backup counts once it is there --


def test_a_command_returns_and_the_days_backup_is_made_by_a_detached_process(db_path):
    open_store(db_path).close()
    result = run_cli_process("--db", str(db_path), "tour", "list")
    assert result.returncode == 0 and result.stderr == ""
    deadline = time.monotonic() + 60
    while not backups.daily_backups(db_path):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    made = backups.daily_backups(db_path)[0]
    assert backups.check(made).problems == []
    shown = run_cli("--db", str(db_path), "backup")
    assert f"last automatic backup: {made.name[5:15]}" in shown.stdout


def test_with_a_timer_commands_start_no_backup_and_backup_auto_makes_it(db_path):
    open_store(db_path).close()
    folder = db_path.parent / "backups"
    folder.mkdir()
    (folder / backups.TIMER_NAME).touch()  # the timer ran an hour ago
    assert run_cli("--db", str(db_path), "tour", "add", "Spring").returncode == 0
    time.sleep(1.0)  # no detached process was started: nothing appears
    assert backups.daily_backups(db_path) == []
    result = run_cli("--db", str(db_path), "backup", "--auto")
    assert result.returncode == 0, result.stderr
    assert "backed up to" in result.stdout and _names(backups.daily_backups(db_path)[0]) == [
        "Spring"]
    again = run_cli("--db", str(db_path), "backup", "--auto")
    assert "already" in again.stdout


# -- c: another program's file is only looked at --


def test_another_programs_sqlite_file_is_refused_and_left_byte_for_byte(tmp_path):
    other = tmp_path / "photos.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)")
    conn.execute("INSERT INTO photos (path) VALUES ('a.jpg')")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    result = run_cli("--db", str(other), "info")
    assert_one_line_refusal(result, "another program", "photos")
    assert other.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["photos.db"]


# -- d: a full disk is not damage --


@pytest.fixture
def small_disk(tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(disk)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        reason = f"cannot mount a small tmpfs here: {mounted.stderr.strip() or 'mount failed'}"
        print(reason)
        pytest.skip(reason)
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=False)


def _fill(disk: Path) -> Path:
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)
    assert files.free_bytes(disk) == 0
    return filler


def test_a_full_disk_is_told_from_damage_and_restore_ends_in_one_line(small_disk, tmp_path):
    db = small_disk / "tour.db"
    store = open_store(db, "tester", clock=lambda: FIXED_NOW)
    tours.add(store, Tour(name="Spring"))
    backups.set_keep_count(store, 0)
    store.close()
    saved = backups.copy_database(db, tmp_path / "saved.db").path
    before = db.read_bytes()
    _fill(small_disk)
    check = run_cli("--db", str(db), "check")
    assert check.returncode == 1
    assert "integrity: ok" in check.stdout and "the disk holding" in check.stdout
    assert "damaged" not in check.stdout and "restore it" not in check.stdout
    listing = run_cli("--db", str(db), "tour", "list")
    assert listing.returncode == 0, listing.stderr
    assert "Spring" in listing.stdout
    assert_one_line_refusal(run_cli("--db", str(db), "tour", "add", "Autumn"), "disk is full")
    restore = run_cli("--db", str(db), "restore", str(saved), "--yes")
    assert_one_line_refusal(restore, "disk is full", "nothing was changed")
    assert db.read_bytes() == before
    assert _leftovers(small_disk, small_disk / "backups") == []
    assert not list(small_disk.glob("backups/*before-restore*"))


def test_a_day_whose_backup_ran_out_of_space_is_made_next_time(small_disk):
    db = small_disk / "tour.db"
    store = open_store(db, "tester", clock=lambda: FIXED_NOW)
    tours.add(store, Tour(name="Spring"))
    filler = _fill(small_disk)
    with pytest.raises(Exception, match="disk is full"):
        backups.automatic_backup(store)
    assert backups.daily_backups(db) == [] and _leftovers(small_disk / "backups") == []
    filler.unlink()  # (at 0 bytes free not even the note of the failure could be kept)
    made = backups.automatic_backup(store)
    assert made is not None and backups.daily_backups(db) == [made.path]
    assert backups.last_failure(db) == ""
    store.close()


# -- e: one line instead of a traceback --


@pytest.mark.parametrize(("args", "named"), [
    (["tour", "add", b"X\xff"], "argument X\\xff"),
    (["budget", "add", "--tour", "T", "--description", b"a\xffb", "1"], "--description"),
    (["pay", "record", "--note", b"\xfe", "x"], "--note"),
    (["gig", "show", "--tour", b"T\xff", "2026-10-21"], "--tour"),
], ids=["tour add", "budget add", "pay record", "gig show"])
def test_an_argument_that_is_not_utf8_is_one_line(db_path, args, named):
    raw = [a if isinstance(a, bytes) else a.encode() for a in args]
    result = subprocess.run([PYTHON, "-m", "tourdesk", "--db", str(db_path), *raw],
                            capture_output=True, timeout=60)
    err = result.stderr.decode()
    assert result.returncode == 2 and err.count("\n") == 1, err
    assert err.startswith("tourdesk: ") and "not valid UTF-8" in err and named in err
    assert not db_path.exists()  # refused before anything opened the file


@pytest.mark.skipif(os.geteuid() == 0 and not shutil.which("unshare"),
                    reason="needs unshare to drop root's rights")
def test_a_folder_you_may_not_enter_is_one_line(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    os.chmod(locked, 0)  # in a user namespace only the owner's bits apply, even to root
    wrapper = ("unshare", "--user") if os.geteuid() == 0 else ()
    result = run_cli("--db", str(locked / "tour.db"), "tour", "list", wrapper=wrapper)
    os.chmod(locked, 0o700)
    assert_one_line_refusal(result, str(locked))


def test_geocoding_without_a_reachable_geocoder_falls_back_offline_in_one_line(db_path):
    open_store(db_path).close()
    _no_auto(db_path)
    csv = db_path.with_name("venues.csv")
    csv.write_text("name,city,country,timezone\nVega,Copenhagen,DK,Europe/Copenhagen\n"
                   "Rockefeller,Oslo,NO,Europe/Oslo\n", encoding="utf-8")
    assert run_cli("--db", str(db_path), "import", "venues", str(csv)).returncode == 0
    # a geocoder on a local port nobody listens on: the network call fails at once
    result = run_cli("--db", str(db_path), "geocode", "--endpoint", "127.0.0.1:9",
                     "--missing")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    said = [line for line in result.stderr.splitlines() if "cannot be reached" in line]
    assert len(said) == 1 and "offline gazetteer" in said[0]
    assert "2 of 2 venues placed" in result.stdout


# -- g: other page sizes and older schemas --


def test_a_backup_with_another_page_size_restores_into_the_live_file(db_path, tmp_path):
    store = open_store(db_path, "tester", clock=lambda: FIXED_NOW)
    tours.add(store, Tour(name="Live"))
    seen = store.data_version()
    other = tmp_path / "big-pages.db"
    src = sqlite3.connect(db_path)
    src.execute("VACUUM INTO ?", [str(other)])
    src.close()
    conn = sqlite3.connect(other)
    conn.execute("PRAGMA page_size = 8192")
    conn.execute("VACUUM")
    conn.execute("UPDATE tours SET name = 'From the backup'")
    conn.commit()
    assert conn.execute("PRAGMA page_size").fetchone()[0] == 8192
    conn.close()
    result = run_cli("--db", str(db_path), "restore", str(other), "--yes")
    assert result.returncode == 0, result.stderr
    assert store.data_version() != seen  # written into the live file: others notice
    assert [t.name for t in tours.summaries(store)] == ["From the backup"]
    store.close()
    assert integrity(db_path) == "ok"


@pytest.mark.slow
def test_restoring_an_older_schema_while_someone_writes_never_shows_a_half_migrated_file(
        db_path, store, tmp_path):
    entry_ids, venue_id = prepare(store)
    backups.set_keep_count(store, 0)
    old = tmp_path / "old.db"
    old_schema_copy(db_path, old)  # the same data, as a tourdesk of schema 12 wrote it
    writer = start_writer(db_path, "busy", entry_ids, venue_id)
    try:
        assert writer.stdout.readline()
        for _ in range(3):
            result = run_cli("--db", str(db_path), "restore", str(old), "--yes")
            assert result.returncode == 0, result.stderr
        assert writer.poll() is None, writer.stderr.read()  # still writing, no error
    finally:
        writer.send_signal(signal.SIGKILL)
        _, err = writer.communicate(timeout=30)
    assert "Error" not in err and "no such table" not in err, err
    assert integrity(db_path) == "ok"
    check = open_store(db_path, "check")
    assert check.schema_version() == SCHEMA_VERSION
    check.close()


# -- h: commits still in the -wal --


def test_check_says_when_the_wal_holds_commits_the_main_file_lacks(db_path):
    store = open_store(db_path, "tester", clock=lambda: FIXED_NOW)
    store.conn.execute("PRAGMA wal_autocheckpoint = 0")
    tours.add(store, Tour(name="Only in the wal"))
    result = run_cli("--db", str(db_path), "check")
    assert "holds" in result.stdout and "not yet in tour.db" in result.stdout
    assert "tourdesk backup" in result.stdout
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    again = run_cli("--db", str(db_path), "check")
    assert "not yet in" not in again.stdout
    store.close()
