"""`tourdesk ssh-shell LOGIN`, the command every key's authorized_keys line forces: the
client's words arrive as $SSH_ORIGINAL_COMMAND and run as LOGIN; nothing the client
sends picks the database, the login or a server path. Each attack is made by the role
that tried it and leaves the database, its backups and the settings as they were.

Most cases run in-process (the same click group the program runs); the ones about
processes (exit codes, a dropped session) start real ones."""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import sqlite3
import stat
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tourdesk.cli import cli
from tourdesk.domain.errors import ValidationError
from tourdesk.domain.sshkeys import (
    BEGIN,
    END,
    forced_command,
    parse_public_key,
    replace_managed,
)
from tourdesk.store import StoreError, open_store, settings
from tourdesk.store import users as user_store
from tourdesk.store.errors import ForbiddenError, SessionEndedError

from conftest import FIXED_NOW, PYTHON, ROLE_LOGINS, run_cli

TOUR = "Northern Lights Tour 2026"
ED25519 = ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJjylS70BKh9DwBmdK8hNKjnSeSJ5sfuYJR6ib8XpJCh"
           " ana@phone")
OTHER = ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHKwGr3RPSDGTBzflWLC1Plw+2kG2BgRB5rNtz0IoJPt"
         " rob@laptop")
MANAGER, CREW, BAND, ACCOUNTANT = (ROLE_LOGINS[r] for r in ("manager", "crew", "band",
                                                            "accountant"))


@pytest.fixture(autouse=True)
def _no_session_watch(monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process runs must not tie the test worker to its parent."""
    monkeypatch.setattr("tourdesk.cli.session.end_with_parent", lambda: None)


def ssh(db: Path, login: str, command: str | None, stdin: bytes | None = None) -> Result:
    env = {"SSH_ORIGINAL_COMMAND": command} if command is not None else {}
    return run_cli("--db", str(db), "ssh-shell", login, env=env, stdin=stdin)


def refused(result: Result, *fragments: str) -> None:
    assert result.exit_code == 2, (result.exit_code, result.output)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tourdesk: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    assert result.stdout == ""


def fingerprint_of_files(db: Path) -> dict[str, str]:
    """Every file beside the database (backups included), by content."""
    found = {}
    for path in sorted(db.parent.rglob("*")):
        empty_log = path.name.endswith("-wal") and path.stat().st_size == 0
        if path.is_file() and not path.name.endswith("-shm") and not empty_log:
            found[str(path.relative_to(db.parent))] = hashlib.sha256(
                path.read_bytes()).hexdigest()
    return found


@pytest.fixture
def live(roles_path: Path) -> Path:
    """The roles demo with today's backup made, so nothing the attacks run has a
    reason to write; the WAL folded into the file."""
    s = open_store(roles_path, MANAGER, clock=lambda: FIXED_NOW)
    from tourdesk.services.backups import automatic_backup

    automatic_backup(s)
    s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    s.close()
    return roles_path


def settings_rows(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT * FROM settings ORDER BY key").fetchall()


ATTACKS = [
    (CREW, "tourdesk carnet -o {db}", "over SSH there is no -o"),
    (CREW, "inventory export -o {dir}/backups/x.csv", "over SSH there is no -o"),
    (MANAGER, "carnet -o /tmp/elsewhere.csv", "over SSH there is no -o"),
    (CREW, "restore {dir}/backups/old.db --yes", "may not"),
    (CREW, "staff rules --rest-hours 1", "may not change settings"),
    (BAND, "staff rules --rest-hours 1", "may not change settings"),
    (ACCOUNTANT, "staff rules --rest-hours 1", "may not change settings"),
    (CREW, "geocode --endpoint attacker.example --agent x", "may not change settings"),
    (CREW, "backup --auto-keep 0", "may not"),
    (BAND, "feed base-url https://attacker.example", "may not"),
    (CREW, "--db /tmp/other.db tour list", "--db: over SSH"),
    (CREW, f"--as {MANAGER} budget show --tour '{TOUR}'", "--as: over SSH"),
    (CREW, "--ssh-command tour list", "over SSH"),
    (CREW, "serve-calendar", "not available over SSH"),
    (MANAGER, "serve-calendar", "not available over SSH"),
    (CREW, "ssh-shell dana", "not available over SSH"),
    (MANAGER, "import venues /etc/passwd", "reads no file on the server"),
    (MANAGER, "user key add rob /etc/ssh/ssh_host_ed25519_key.pub", "reads no file"),
    (MANAGER, "ssh authorized-keys --write --file /tmp/x", "leave out --file"),
    (CREW, "user add eve --role manager", "may not manage users"),
    (CREW, f"budget show --tour '{TOUR}'", "may not see budgets"),
    (BAND, f"pay ledger --tour '{TOUR}'", "may not"),
    (CREW, "tour list; touch /tmp/pwned", "No such command"),
    (CREW, "tour 'unclosed", "command: cannot read it"),
]


@pytest.mark.parametrize(("login", "command", "why"), ATTACKS,
                         ids=[f"{a[0]}: {a[1]}" for a in ATTACKS])
def test_an_attack_through_ssh_shell_is_refused_and_changes_nothing(
        live: Path, login: str, command: str, why: str) -> None:
    before, rows = fingerprint_of_files(live), settings_rows(live)
    result = ssh(live, login, command.format(db=live, dir=live.parent))
    refused(result, why)
    assert not Path("/tmp/pwned").exists()  # words after ';' are words, not a command
    assert fingerprint_of_files(live) == before
    assert settings_rows(live) == rows


def test_the_login_comes_from_the_key_not_the_environment(live: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOURDESK_USER", MANAGER)  # whatever the client managed to set
    result = ssh(live, CREW, f"budget show --tour '{TOUR}'")
    refused(result, f"{CREW} (crew) may not see budgets")


def test_a_login_that_is_not_a_user_is_refused(live: Path) -> None:
    refused(ssh(live, "mallory", "tour list"), "'mallory' is not a tourdesk user")


def test_a_login_unfit_for_a_command_line_is_refused(live: Path) -> None:
    refused(ssh(live, "a;b", "tour list"), "cannot log in over SSH")


def test_each_role_runs_what_it_may(live: Path) -> None:
    listing = ssh(live, CREW, "tourdesk tour list")
    assert listing.exit_code == 0 and TOUR in listing.stdout
    budget = ssh(live, ACCOUNTANT, f"budget show --tour '{TOUR}'")
    assert budget.exit_code == 0, budget.output
    calendar = ssh(live, BAND, f"export ics --tour '{TOUR}' --group band")
    assert calendar.exit_code == 0 and calendar.stdout.startswith("BEGIN:VCALENDAR")


def test_exports_come_on_stdout_and_imports_on_stdin(live: Path) -> None:
    venues = ssh(live, MANAGER, "venue export")
    assert venues.exit_code == 0 and venues.stdout.startswith("name,")
    sheet = "name,city,country,timezone\nTivoli Vredenburg,Utrecht,NL,Europe/Amsterdam\n"
    added = ssh(live, MANAGER, "import venues -", stdin=sheet.encode())
    assert added.exit_code == 0 and "1 venues added" in added.stdout, added.output
    listing = ssh(live, CREW, "venue list --search vredenburg")
    assert "Tivoli Vredenburg" in listing.stdout


def test_a_new_key_for_a_user_travels_on_stdin(live: Path) -> None:
    added = ssh(live, MANAGER, f"user key add {CREW} -", stdin=ED25519.encode())
    assert added.exit_code == 0, added.output
    listing = ssh(live, MANAGER, "user key list")
    assert parse_public_key(ED25519).fingerprint in listing.stdout


def test_crew_sees_no_values_or_rental_costs(live: Path) -> None:
    manager = ssh(live, MANAGER, "inventory export")
    crew = ssh(live, CREW, "inventory export")
    assert crew.exit_code == 0 and manager.exit_code == 0

    def values(text: str) -> set[str]:
        import csv
        import io

        rows = list(csv.DictReader(io.StringIO(text)))
        return {r[c] for r in rows for c in ("value", "rental_cost") if r.get(c)}

    assert values(manager.stdout)  # the demo's items have values and rentals
    assert values(crew.stdout) == set()
    carnet = ssh(live, CREW, "carnet")
    assert carnet.exit_code == 0
    import csv
    import io

    assert not any(r.get("value") for r in csv.DictReader(io.StringIO(carnet.stdout)))


# -- the connection itself, whatever code runs on it --


def test_crew_and_band_connections_read_no_pay_and_no_money_in_the_log(live: Path) -> None:
    manager = open_store(live, MANAGER, clock=lambda: FIXED_NOW)
    from tourdesk.store import crew as crew_store
    from tourdesk.store import tracked

    shift = crew_store.assignments_on(manager, 3)[0]
    tracked.update(manager, "assignments", shift.id, {"fee_minor": 43210, "fee_currency": "EUR"})
    manager.close()
    for login in (CREW, BAND):
        s = open_store(live, login, clock=lambda: FIXED_NOW)
        rates = s.conn.execute("SELECT day_rate_minor, per_diem_minor FROM people").fetchall()
        assert rates and all(r == (None, None) for r in rates)
        fees = s.conn.execute("SELECT a.fee_minor FROM assignments a").fetchall()
        assert fees and all(f == (None,) for f in fees)
        values = s.conn.execute("SELECT value_minor, rental_cost_minor FROM items").fetchall()
        assert all(v == (None, None) for v in values)
        log = " ".join(str(r) for r in s.conn.execute("SELECT before, after FROM changes"))
        assert "43210" not in log and "fee_minor" not in log
        for sql in ("SELECT * FROM change_details", "SELECT * FROM budget_lines",
                    "SELECT login FROM users", "SELECT * FROM user_keys"):
            with pytest.raises(sqlite3.DatabaseError, match=r"prohibited|not authorized"):
                s.conn.execute(sql).fetchall()
        s.close()
    accountant = open_store(live, ACCOUNTANT, clock=lambda: FIXED_NOW)
    detail = accountant.conn.execute("SELECT after FROM change_details ORDER BY change_id DESC"
                                     " LIMIT 1").fetchone()[0]
    assert '"fee_minor": 43210' in detail
    accountant.close()


def test_crew_still_sees_their_own_pay(live: Path) -> None:
    from tourdesk.services import staffing

    s = open_store(live, CREW, clock=lambda: FIXED_NOW)
    mine = staffing.person_pay(s, s.person_id or 0)
    assert mine and any(m.minor > 0 for b in mine for m in b.total)
    # and the door it opened is shut again
    assert s.conn.execute("SELECT day_rate_minor FROM people WHERE id = ?",
                          [s.person_id]).fetchone() == (None,)
    s.close()


def test_a_setting_changed_is_in_the_change_log_with_who(live: Path) -> None:
    s = open_store(live, MANAGER, clock=lambda: FIXED_NOW)
    settings.put(s, settings.REST_HOURS, "11.0")
    who = s.conn.execute("SELECT actor, entity, after FROM changes ORDER BY id DESC LIMIT 1"
                         ).fetchone()
    assert who[0] == MANAGER and who[1] == "settings" and '"value": "11.0"' in who[2]
    s.close()
    crew = open_store(live, CREW, clock=lambda: FIXED_NOW)
    with pytest.raises(ForbiddenError, match="may not change settings"):
        settings.put(crew, settings.REST_HOURS, "1.0")
    with pytest.raises(ForbiddenError), crew.write() as db:  # below the service
        db.execute("UPDATE settings SET value = '1.0'")
    crew.close()


def test_a_removed_user_s_session_ends_at_its_next_write(live: Path) -> None:
    crew = open_store(live, CREW, clock=lambda: FIXED_NOW)
    manager = open_store(live, MANAGER, clock=lambda: FIXED_NOW)
    user_store.remove(manager, CREW)
    entry = crew.conn.execute("SELECT id FROM checklist_entries LIMIT 1").fetchone()[0]
    with pytest.raises(SessionEndedError, match="no longer a user"), crew.write() as db:
        db.execute("UPDATE checklist_entries SET note = 'x' WHERE id = ?", [entry])
    assert manager.conn.execute("SELECT note FROM checklist_entries WHERE id = ?",
                                [entry]).fetchone()[0] != "x"
    user_store.add(manager, "late", user_store.role_of("band"))
    band = open_store(live, "late", clock=lambda: FIXED_NOW)
    user_store.change(manager, "late", role=user_store.role_of("crew"))
    with pytest.raises(SessionEndedError, match="now crew"), band.write():
        pass
    for s in (crew, manager, band):
        s.close()


# -- keys and the authorized_keys file --


def test_public_keys_are_parsed_and_fingerprinted_like_ssh_keygen() -> None:
    key = parse_public_key(ED25519 + "\n")
    assert key.key_type == "ssh-ed25519" and key.comment == "ana@phone"
    assert key.fingerprint == "SHA256:OO8rDhS9gfsb5ohlBryaUBWP1vSSILAcsGY7vgQCVZs"


@pytest.mark.parametrize(("text", "why"), [
    ("", "no public key"),
    ('command="sh" ' + ED25519, "not a key type"),
    (ED25519 + "\n" + OTHER, "2 lines"),
    ("-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----",
     "private key"),
    ("ssh-ed25519 not-base64!", "damaged"),
    ("ssh-rsa " + ED25519.split()[1], "not a ssh-rsa key"),
])
def test_anything_but_one_public_key_is_refused(text: str, why: str) -> None:
    with pytest.raises(ValidationError, match=why):
        parse_public_key(text)


def test_a_comment_cannot_break_out_of_its_line() -> None:
    key = parse_public_key(ED25519.rsplit(" ", 1)[0] + ' x" ,command="sh')
    assert '"' not in key.comment and "," not in key.comment


def test_only_the_managed_block_is_replaced() -> None:
    mine = "ssh-ed25519 AAAA admin@host"
    first = replace_managed(f"# my own\n{mine}\n", ["line-a"])
    assert first.splitlines() == ["# my own", mine, BEGIN, "line-a", END]
    second = replace_managed(first + "ssh-rsa BBBB later@host\n", ["line-b", "line-c"])
    assert second.splitlines() == ["# my own", mine, "ssh-rsa BBBB later@host", BEGIN,
                                   "line-b", "line-c", END]


def test_a_forced_command_takes_no_path_a_shell_would_read() -> None:
    assert forced_command("/opt/td/bin/tourdesk", "/srv/t.db", "ana") == (
        "/opt/td/bin/tourdesk --db /srv/t.db ssh-shell ana")
    for bad in ('/srv/t".db', "/srv/$(x).db", "/srv/a b.db"):
        with pytest.raises(ValidationError, match="may hold only"):
            forced_command("/opt/td/bin/tourdesk", bad, "ana")


def test_authorized_keys_follow_users_and_keys(live: Path, tmp_path: Path) -> None:
    keys_file = tmp_path / "ssh" / "authorized_keys"
    keys_file.parent.mkdir()
    keys_file.write_text("ssh-ed25519 AAAAkeep admin@console\n")
    run = CliRunner(env={"TOURDESK_USER": MANAGER})
    db = ["--db", str(live)]
    key_file = tmp_path / "rob.pub"
    key_file.write_text(OTHER)
    assert run.invoke(cli, [*db, "user", "key", "add", CREW, str(key_file)]).exit_code == 0
    done = run.invoke(cli, [*db, "ssh", "authorized-keys", "--write", "--file",
                            str(keys_file), "--program", "/opt/td/bin/tourdesk"])
    assert done.exit_code == 0, done.output
    text = keys_file.read_text()
    assert "admin@console" in text
    assert (f'command="/opt/td/bin/tourdesk --db {live.resolve()} ssh-shell {CREW}",'
            f"restrict,pty {OTHER}") in text
    assert oct(keys_file.stat().st_mode & 0o777) == "0o600"
    # removing the user takes their key out in the same command
    fingerprint = parse_public_key(OTHER).fingerprint
    out = run.invoke(cli, [*db, "user", "key", "remove", CREW, fingerprint])
    assert out.exit_code == 0, out.output
    assert OTHER.split()[1] not in keys_file.read_text()
    assert "admin@console" in keys_file.read_text()


def test_authorized_keys_is_never_written_through_a_link(live: Path, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    target.write_text("precious\n")
    link = tmp_path / "authorized_keys"
    link.symlink_to(target)
    result = CliRunner(env={"TOURDESK_USER": MANAGER}).invoke(
        cli, ["--db", str(live), "ssh", "authorized-keys", "--write", "--file", str(link)])
    assert result.exit_code == 2 and "symbolic link" in result.stderr
    assert target.read_text() == "precious\n"


def test_an_export_never_lands_on_the_database_or_a_backup(live: Path) -> None:
    before = fingerprint_of_files(live)
    backup = next((live.parent / "backups").iterdir())
    for target in (live, Path(f"{live}-wal"), Path(f"{live}.feed-key"), backup,
                   live.parent / "backups" / "new.csv"):
        result = CliRunner(env={"TOURDESK_USER": MANAGER}).invoke(cli, ["--db", str(live), "carnet", "-o", str(target)])
        refused(result, "is the database")
    alias = live.parent / "alias.db"
    alias.symlink_to(live)
    refused(CliRunner(env={"TOURDESK_USER": MANAGER}).invoke(cli, ["--db", str(live), "carnet", "-o", str(alias)]),
            "is the database")
    alias.unlink()
    assert fingerprint_of_files(live) == before


def test_an_export_does_not_follow_a_planted_link(live: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("mine\n")
    (out / "carnet.csv").symlink_to(victim)
    result = CliRunner(env={"TOURDESK_USER": MANAGER}).invoke(cli, ["--db", str(live), "carnet", "-o",
                                      str(out / "carnet.csv")])
    assert result.exit_code == 0, result.output
    assert victim.read_text() == "mine\n"  # the link was replaced, not followed
    assert not (out / "carnet.csv").is_symlink()
    assert [p.name for p in out.iterdir()] == ["carnet.csv"]  # no temporary left


def test_an_export_never_replaces_a_device_a_pipe_or_a_folder(live: Path, tmp_path: Path) -> None:
    """A rename would put a plain file where `/dev/null` was (run as root, it did): a
    pipe stands in for the device here, and a link to it, and a folder."""
    from tourdesk.services.files import write_new

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    link = tmp_path / "to-pipe"
    link.symlink_to(pipe)
    folder = tmp_path / "folder"
    folder.mkdir()
    for target in (pipe, link, folder):
        result = CliRunner(env={"TOURDESK_USER": MANAGER}).invoke(
            cli, ["--db", str(live), "carnet", "-o", str(target)])
        refused(result, "is not a regular file")
        with pytest.raises(StoreError, match="is not a regular file"):
            write_new(target, b"x")  # the last guard, before the rename itself
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode) and link.is_symlink() and folder.is_dir()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".tourdesk-")) == []


# -- real processes --


def _ssh_shell_process(db: Path, login: str, command: str) -> subprocess.Popen:
    env = {**os.environ, "SSH_ORIGINAL_COMMAND": command}
    return subprocess.Popen([PYTHON, "-m", "tourdesk", "--db", str(db), "ssh-shell", login],
                            env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


@pytest.mark.slow
def test_a_refusal_is_exit_status_2_and_one_line_in_a_real_process(live: Path) -> None:
    proc = _ssh_shell_process(live, CREW, f"carnet -o {live}")
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 2 and out == b""
    assert err.decode().count("\n") == 1 and "over SSH there is no -o" in err.decode()


@pytest.mark.slow
def test_a_command_ends_when_its_session_goes(live: Path, tmp_path: Path) -> None:
    """The session's process (here a shell standing in for sshd's) dies: tourdesk,
    reading its standard input for an import, ends too instead of living on."""
    pid_file = tmp_path / "pid"
    script = (f"SSH_ORIGINAL_COMMAND='import venues -' {PYTHON} -m tourdesk --db {live} "
              f"ssh-shell {MANAGER} < /dev/zero & echo $! > {pid_file}; sleep 30")
    parent = subprocess.Popen(["sh", "-c", script], start_new_session=True)
    deadline = time.monotonic() + 20
    while not pid_file.exists() or not pid_file.read_text().strip():
        assert time.monotonic() < deadline
        time.sleep(0.05)
    child = int(pid_file.read_text())
    time.sleep(1.5)  # let it start and settle on its parent
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    while _alive(child):
        assert time.monotonic() < deadline, "tourdesk outlived its session"
        time.sleep(0.1)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split()[2] != "Z"
    except FileNotFoundError:
        return False
    finally:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def test_a_command_click_cannot_parse_is_one_line(live: Path) -> None:
    refused(ssh(live, CREW, "tour list; touch /tmp/pwned"), "No such command 'list;'",
            "tourdesk tour --help")
    assert not Path("/tmp/pwned").exists()


def test_a_refused_import_on_stdin_is_called_standard_input(live: Path) -> None:
    sheet = b"date,kind\n2027-01-16,day off\n"
    result = ssh(live, MANAGER, "import gigs - --tour 'New Tour'", stdin=sheet)
    assert result.exit_code == 2
    assert result.stderr.startswith("tourdesk: standard input: nothing imported")
    assert "2027-01-16,day off" not in result.stderr.splitlines()[0]


def test_own_pay_opens_no_door_for_statements_prepared_around_it(live: Path) -> None:
    """The connection caches prepared statements and SQLite asks the authorizer only
    when it prepares one: the same SQL must read pay inside own_pay and NULL outside,
    whichever ran first."""
    s = open_store(live, CREW, clock=lambda: FIXED_NOW)
    sql = "SELECT day_rate_minor FROM people WHERE id = ?"
    assert s.conn.execute(sql, [s.person_id]).fetchone() == (None,)
    with s.own_pay(s.person_id):
        assert s.conn.execute(sql, [s.person_id]).fetchone()[0] is not None
    assert s.conn.execute(sql, [s.person_id]).fetchone() == (None,)
    other = s.conn.execute("SELECT id FROM people WHERE id != ? LIMIT 1",
                           [s.person_id]).fetchone()[0]
    assert s.conn.execute(sql, [other]).fetchone() == (None,)
    s.close()
