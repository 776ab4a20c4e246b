"""Who may back up and restore: managers only; over SSH only names inside backups/;
never onto the database's own files; a file that cannot be opened only by its owner at
the machine; and access is never restored from a backup."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from tourdesk.cli import cli
from tourdesk.services import backups
from tourdesk.store import open_store

from conftest import FIXED_NOW, ROLE_LOGINS, assert_one_line_refusal, run_cli

# Commands here start the day's backup after them, as they do for a user.
pytestmark = pytest.mark.daily_backup


def _fingerprint(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.endswith("-shm")}


@pytest.fixture
def roles(roles_path):
    store = open_store(roles_path, "dana", clock=lambda: FIXED_NOW)
    backups.set_keep_count(store, 0)
    store.close()
    folder = roles_path.parent / "backups"
    folder.mkdir()
    return roles_path, backups.copy_database(roles_path, folder / "saved.db").path


@pytest.mark.parametrize("args", [["backup", "out.db"], ["restore", "SAVED", "--yes"],
                                  ["backup", "--auto-keep", "3"]])
@pytest.mark.parametrize("role", ["crew", "band", "accountant"])
def test_only_managers_back_up_and_restore(roles, role, args):
    db, saved = roles
    before = _fingerprint(db.parent)
    args = [str(saved) if a == "SAVED" else str(db.parent / a) if a == "out.db" else a
            for a in args]
    result = run_cli("--db", str(db), *args, env={"TOURDESK_USER": ROLE_LOGINS[role]})
    assert_one_line_refusal(result, ROLE_LOGINS[role])
    assert _fingerprint(db.parent) == before


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
def test_a_backup_never_lands_on_the_database_or_its_companions(roles, suffix):
    db, _ = roles
    before = _fingerprint(db.parent)
    result = run_cli("--db", str(db), "backup", f"{db}{suffix}",
                     env={"TOURDESK_USER": "dana"})
    assert_one_line_refusal(result, "may not overwrite the database")
    assert _fingerprint(db.parent) == before


def _over_ssh(monkeypatch, db: Path, *args: str):
    """The command as dana's key runs it: through ssh-shell, words from the client."""
    import shlex

    monkeypatch.setattr("tourdesk.cli.session.end_with_parent", lambda: None)
    return CliRunner().invoke(cli, ["--db", str(db), "ssh-shell", "dana"],
                              env={"SSH_ORIGINAL_COMMAND": shlex.join(args)})


@pytest.mark.parametrize("name", ["../out.db", "/tmp/out.db", "sub/out.db", ".hidden",
                                  "..", "link.db"])
@pytest.mark.parametrize("command", ["backup", "restore"])
def test_over_ssh_names_stay_inside_backups(roles, monkeypatch, name, command):
    db, saved = roles
    (db.parent / "backups" / "link.db").symlink_to(saved)
    before = _fingerprint(db.parent)
    args = [command, name] + (["--yes"] if command == "restore" else [])
    result = _over_ssh(monkeypatch, db, *args)
    assert result.exit_code == 2, result.output
    assert "over SSH" in result.output or "is a directory" in result.output  # click's own
    assert _fingerprint(db.parent) == before


def test_over_ssh_a_manager_backs_up_and_restores_by_name(roles, monkeypatch):
    db, saved = roles
    made = _over_ssh(monkeypatch, db, "backup", "mine.db")
    assert made.exit_code == 0, made.output
    assert (db.parent / "backups" / "mine.db").is_file()
    done = _over_ssh(monkeypatch, db, "restore", saved.name, "--yes")
    assert done.exit_code == 0, done.output


def test_a_file_that_cannot_be_opened_is_not_restored_over_ssh(roles, monkeypatch):
    db, saved = roles
    for companion in ("-wal", "-shm"):
        Path(f"{db}{companion}").unlink(missing_ok=True)
    db.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)  # damaged beyond opening
    before = _fingerprint(db.parent)
    result = _over_ssh(monkeypatch, db, "restore", saved.name, "--yes")
    assert result.exit_code == 2 and "over SSH nobody may restore" in result.output
    assert _fingerprint(db.parent) == before
    local = run_cli("--db", str(db), "restore", str(saved), "--yes")  # the owner, locally
    assert local.returncode == 0, local.stderr


def test_restoring_a_file_without_users_keeps_the_current_users(roles, tmp_path):
    db, _ = roles
    lone = tmp_path / "lone.db"
    conn = sqlite3.connect(db)
    conn.execute("VACUUM INTO ?", [str(lone)])
    conn.close()
    conn = sqlite3.connect(lone)
    conn.execute("DELETE FROM users")  # a backup made before anyone had a login
    conn.commit()
    conn.close()
    result = run_cli("--db", str(db), "restore", str(lone), "--yes",
                     env={"TOURDESK_USER": "dana"})
    assert result.returncode == 0, result.stderr
    assert "kept the current users and their keys" in result.stdout
    conn = sqlite3.connect(db)
    users = dict(conn.execute("SELECT login, role FROM users"))
    conn.close()
    assert users == {login: role for role, login in ROLE_LOGINS.items()}
    crew = run_cli("--db", str(db), "budget", "show", "--tour", "x",
                   env={"TOURDESK_USER": ROLE_LOGINS["crew"]})
    assert crew.returncode == 2  # crew did not become a manager
