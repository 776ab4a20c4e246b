"""Unusable files get one line in plain words and exit status 2, never a traceback."""

import os
import sqlite3
import time

import pytest

from tourdesk.services import backups
from tourdesk.store import open_store
from tourdesk.store.errors import (
    CorruptDatabaseError,
    DatabaseTooNewError,
    NotADatabaseError,
)
from tourdesk.store.schema import SCHEMA_VERSION

from conftest import assert_one_line_refusal, run_cli

# Commands here start the day's backup after them, as they do for a user.
pytestmark = pytest.mark.daily_backup


def test_a_text_file_is_not_a_database(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("setlist: intro, single, encore\n")
    with pytest.raises(NotADatabaseError):
        open_store(path)
    assert_one_line_refusal(run_cli("--db", str(path), "tour", "list"),
                            str(path), "is not a tourdesk database")
    assert path.read_text() == "setlist: intro, single, encore\n"  # untouched


def test_another_programs_sqlite_file_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "photos.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE albums (id INTEGER PRIMARY KEY, title TEXT)")
    conn.commit()
    conn.close()
    assert_one_line_refusal(run_cli("--db", str(path), "info"), "another program", "albums")
    conn = sqlite3.connect(path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"albums"}
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 0


def test_a_database_from_a_newer_tourdesk_is_refused(tmp_path):
    path = tmp_path / "future.db"
    open_store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseTooNewError):
        open_store(path)
    assert_one_line_refusal(run_cli("--db", str(path), "tour", "list"),
                            "newer tourdesk", f"schema {SCHEMA_VERSION + 5}", "upgrade")


def _as_unprivileged(path):
    """Run as a user who may not write `path`. Root writes anything, so as root the
    child runs in a user namespace where the file's owner is not mapped."""
    os.chmod(path, 0o444)
    return ("unshare", "--user") if os.geteuid() == 0 else ()


def test_a_file_the_user_cannot_write_is_refused(tmp_path):
    path = tmp_path / "shared.db"
    open_store(path).close()
    wrapper = _as_unprivileged(path)
    result = run_cli("--db", str(path), "tour", "add", "Sneaky", wrapper=wrapper)
    assert_one_line_refusal(result, "cannot write", str(path))
    os.chmod(path, 0o644)
    store = open_store(path)
    assert list(store.db.query("SELECT name FROM tours")) == []
    store.close()


def test_a_truncated_database_is_reported_as_damaged(tmp_path, demo_path):
    data = demo_path.read_bytes()
    broken = tmp_path / "broken.db"
    broken.write_bytes(data[: len(data) // 3])
    with pytest.raises((CorruptDatabaseError, NotADatabaseError)):
        s = open_store(broken)
        list(s.db.query("SELECT count(*) FROM schedule_items"))
    result = run_cli("--db", str(broken), "gig", "list", "--tour", "Northern Lights Tour 2026")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("tourdesk: ")


def test_a_folder_is_not_a_database(tmp_path):
    assert_one_line_refusal(run_cli("--db", str(tmp_path), "info"), "is a folder")


def test_a_missing_folder_is_named(tmp_path):
    path = tmp_path / "nope" / "x.db"
    assert_one_line_refusal(run_cli("--db", str(path), "info"), "does not exist")



def _damage(path, how):
    data = bytearray(path.read_bytes())
    if how == "cut in half":
        data = data[: len(data) // 2]
    elif how == "random bytes in the middle":
        import random

        rng = random.Random(7)
        start = len(data) // 4
        data[start:start + len(data) // 2] = rng.randbytes(len(data) // 2)
    else:  # the header zeroed
        data[:100] = bytes(100)
    path.write_bytes(bytes(data))


TOUR = "Northern Lights Tour 2026"


@pytest.mark.parametrize("how", ["cut in half", "random bytes in the middle", "header zeroed"])
@pytest.mark.parametrize("command", [
    ("tour", "list"), ("gig", "list", "--tour", TOUR), ("venue", "list"),
    ("daysheet", "--tour", TOUR, "2026-10-21"), ("export", "ics", "--tour", TOUR),
    ("crew", "list"), ("tour", "add", "Another"),
], ids=lambda c: " ".join(c[:2]))
def test_a_damaged_file_gives_one_line_not_a_traceback(demo_path, how, command):
    _damage(demo_path, how)
    result = run_cli("--db", str(demo_path), *command)
    assert "Traceback" not in result.stderr
    if how == "header zeroed":
        assert_one_line_refusal(result, "is not a tourdesk database")
    elif result.returncode != 0:  # SQLite only notices damage in the pages a query reads
        assert_one_line_refusal(result, str(demo_path))
        assert "damaged" in result.stderr or "not a tourdesk database" in result.stderr
    else:  # the query missed the damage; the day's backup (detached) checks every page
        assert result.stderr == "", result.stderr
        deadline = time.monotonic() + 60
        while "is damaged" not in backups.last_failure(demo_path):
            assert time.monotonic() < deadline, "the failed backup was not recorded"
            time.sleep(0.05)
        assert not backups.daily_backups(demo_path)  # a damaged copy never counts as made
        shown = run_cli("--db", str(demo_path), "check")
        assert "the last automatic backup failed" in shown.stdout


def test_check_on_a_damaged_file_says_so(demo_path):
    _damage(demo_path, "random bytes in the middle")
    result = run_cli("--db", str(demo_path), "check")
    assert result.returncode == 1 and "damaged" in result.stdout
