"""Commands that only read open the file with `mode=ro`: nothing they run can write, and
a crew login exporting a calendar never takes the write side of the live file."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from tourdesk.cli import base, cli
from tourdesk.store import schema

from conftest import old_schema_copy

T = "Northern Lights Tour 2026"
DAY = "2026-10-20"

READS = [
    ["info"], ["tour", "list"], ["gig", "list", "--tour", T], ["gig", "show", "--tour", T, DAY],
    ["gig", "history", "--tour", T, DAY], ["schedule", "list", "--tour", T, DAY],
    ["venue", "list"], ["venue", "export"], ["daysheet", "--tour", T, DAY],
    ["route", "--tour", T], ["export", "ics", "--tour", T], ["export", "budget", "--tour", T],
    ["export", "settlement", "--tour", T, "--day", "2026-10-19"], ["crew", "list"], ["crew", "export"],
    ["crew", "show", "Arjen Post"], ["crew", "pay", "--tour", T],
    ["staff", "conflicts", "--tour", T], ["staff", "rules"], ["inventory", "list"],
    ["inventory", "export"], ["carnet"], ["checklist", "templates"],
    ["checklist", "show", "--tour", T, DAY, "Load-out"], ["flags", "list"], ["feed", "list"],
    ["feed", "base-url"], ["budget", "show", "--tour", T], ["budget", "lines", "--tour", T],
    ["budget", "rates", "--tour", T], ["budget", "settings", "--tour", T],
    ["settle", "show", "--tour", T, "--day", "2026-10-19"], ["pay", "ledger", "--tour", T],
    ["guest", "list", "--tour", T, DAY], ["guest", "door", "--tour", T, DAY],
    ["guest", "caps", "--tour", T, DAY], ["doc", "list", "--tour", T],
    ["changes", "--tour", T, "--since", "2026-10-01"], ["studio", "list", "--tour", T, DAY],
    ["travel", "list", "--tour", T], ["travel", "export", "--tour", T],
    ["hotel", "list", "--tour", T], ["user", "list"], ["user", "key", "list"],
    ["ssh", "authorized-keys"], ["advance", "list", "--tour", T],
    ["advance", "template", "list", "--tour", T], ["event", "list", "--tour", T, DAY],
    ["tourbook", "--tour", T], ["hotel", "export", "--tour", T],
]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """How each open_store call of the CLI asked for the file: True for read-only."""
    seen: list[bool] = []
    real = base.open_store

    def spy(*args: object, **kwargs: object):
        seen.append(bool(kwargs.get("read_only")))
        return real(*args, **kwargs)

    monkeypatch.setattr(base, "open_store", spy)
    return seen


def _run(db: Path, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db), *args])


@pytest.mark.parametrize("args", READS, ids=" ".join)
def test_a_reading_command_opens_the_file_read_only(demo_path, opened, args):
    before = _digest(demo_path)
    result = _run(demo_path, *args)
    assert result.exit_code in (0, 1), result.output  # `staff conflicts` says 1 for some
    assert "Traceback" not in result.output
    assert opened == [True]
    assert _digest(demo_path) == before


@pytest.mark.parametrize("args", [
    ["tour", "add", "Spring 2027"],
    ["staff", "rules", "--rest-hours", "11"],
    ["feed", "base-url", "https://cal.example.org"],
    ["budget", "settings", "--tour", T, "--overrun", "15"],
])
def test_a_changing_command_opens_it_for_writing(demo_path, opened, args):
    result = _run(demo_path, *args)
    assert result.exit_code == 0, result.output
    assert opened == [False]


def test_a_file_that_needs_an_upgrade_is_migrated_by_its_first_reader(demo_path, tmp_path,
                                                                      opened):
    old = tmp_path / "old.db"
    old_schema_copy(demo_path, old)
    result = _run(old, "gig", "list", "--tour", T)
    assert result.exit_code == 0, result.output
    assert opened == [True, False]  # tried read-only, then the usual open migrated it
    with sqlite3.connect(old) as conn:
        assert schema.user_version(conn) == schema.SCHEMA_VERSION


def test_a_reader_of_a_missing_file_creates_it_as_before(tmp_path, opened):
    fresh = tmp_path / "new.db"
    result = _run(fresh, "tour", "list")
    assert result.exit_code == 0, result.output
    assert opened == [False]
    assert fresh.exists()
