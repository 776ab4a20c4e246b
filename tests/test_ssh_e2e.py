"""The README's OpenSSH deployment, for real: a `tourdesk` group, a setgid data folder,
two system users with ed25519 keys, an sshd on 127.0.0.1 whose `Match Group` block
forces tourdesk (no shell, no forwarding), and each user logged in inside tmux.

Checked: the crew user sees no budget and cannot reach it, on screen or by command;
the manager can; a tick by the crew user appears on the manager's screen; the crew
user's SSH client killed right after a tick it saw loses nothing.

Needs root (it adds users and a group, and removes them afterwards) and Debian's
openssh-server and tmux, which `.ci/run` installs. One test function: the users and
the group are machine-wide, so the phases must not run on two workers at once.
"""

from __future__ import annotations

import contextlib
import grp
import os
import pwd
import re
import shutil
import signal
import socket
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow

SSHD = "/usr/sbin/sshd"
GROUP = "tourdesk"
CREW, MANAGER = "td-crew", "td-manager"
TOUR = "Northern Lights Tour 2026"
LIST_DAY, LIST = "2026-11-29", "Audio & FOH load-in"  # 136 entries, none ticked yet
TOURDESK = Path(sys.executable).parent / "tourdesk"


def _run(*argv: str, check: bool = True, **kw: object) -> subprocess.CompletedProcess:
    return subprocess.run(argv, check=check, capture_output=True, text=True, timeout=30, **kw)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _requirements() -> None:
    if os.geteuid() != 0:
        pytest.skip("the SSH end-to-end test adds system users: run it as root (CI does)")
    if not os.path.exists(SSHD) or not shutil.which("tmux") or not shutil.which("ssh"):
        pytest.fail("openssh-server, openssh-client and tmux are needed: .ci/run installs them "
                    "(apt-get install openssh-server tmux)")


@contextlib.contextmanager
def _traversable(paths: list[Path]) -> Iterator[None]:
    """Let other users reach the venv and its interpreter (pyenv lives under /root, 0700
    on Debian): o+x on every folder on the way that lacks it, put back afterwards."""
    changed: list[tuple[Path, int]] = []
    try:
        for target in paths:
            for folder in [*reversed(target.resolve().parents)]:
                mode = folder.stat().st_mode
                if not mode & stat.S_IXOTH:
                    changed.append((folder, stat.S_IMODE(mode)))
                    os.chmod(folder, stat.S_IMODE(mode) | stat.S_IXOTH)
        yield
    finally:
        for folder, mode in reversed(changed):
            os.chmod(folder, mode)


def _remove_user(name: str) -> None:
    """userdel refuses while the user has a process (a tourdesk still closing after its
    SSH link dropped): kill the user's own processes, wait for them, then remove."""
    deadline = time.monotonic() + 10
    while True:
        try:
            pwd.getpwnam(name)
        except KeyError:
            return
        _run("pkill", "-KILL", "-u", name, check=False)  # their leftover processes only
        if _run("pgrep", "-u", name, check=False).returncode != 0:
            _run("userdel", "-r", name, check=False)
        if time.monotonic() > deadline:
            raise AssertionError(f"could not remove the test user {name}: remove it by hand")
        time.sleep(0.1)


@dataclass
class Deployment:
    db: Path
    port: int
    keys: dict[str, Path]
    tmux_socket: Path
    sshd_log: Path

    def ssh_argv(self, user: str, *command: str, tty: bool = True) -> list[str]:
        return ["ssh", *(["-tt"] if tty else ["-T"]), "-F", "/dev/null",
                "-i", str(self.keys[user]), "-p", str(self.port),
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "LogLevel=ERROR",
                "-o", "ConnectTimeout=10", f"{user}@127.0.0.1", *command]

    def tmux(self, *args: str) -> str:
        return _run("tmux", "-S", str(self.tmux_socket), *args).stdout

    def login(self, session: str, user: str, *command: str) -> None:
        import shlex

        self.tmux("new-session", "-d", "-s", session, "-x", "110", "-y", "32",
                  shlex.join(self.ssh_argv(user, *command)))

    def screen(self, session: str) -> str:
        return self.tmux("capture-pane", "-p", "-t", session)

    def keys_to(self, session: str, *keys: str) -> None:
        self.tmux("send-keys", "-t", session, *keys)

    def wait_for(self, session: str, found: Callable[[str], bool], what: str,
                 limit: float = 15.0) -> str:
        deadline = time.monotonic() + limit
        while True:
            text = self.screen(session)
            if found(text):
                return text
            if time.monotonic() > deadline:
                raise AssertionError(f"{session}: {what} not on screen within {limit:g} s:\n"
                                     f"{text}\n--- sshd log:\n{self.sshd_log.read_text()}")
            time.sleep(0.1)

    def client_pid(self, session: str) -> int:
        """The pane runs ssh itself: its pid is the SSH client's."""
        return int(self.tmux("display-message", "-p", "-t", session, "#{pane_pid}").strip())


@pytest.fixture
def deployment() -> Iterator[Deployment]:
    _requirements()
    work = Path(tempfile.mkdtemp(prefix="tourdesk-ssh-"))  # 0700, root's: keys, config
    data = Path(tempfile.mkdtemp(prefix="tourdesk-data-"))  # becomes the shared folder
    made_group = False
    sshd: subprocess.Popen | None = None
    deployment: Deployment | None = None
    try:
        for user in (CREW, MANAGER):
            _remove_user(user)  # a run killed half-way left them
        try:
            grp.getgrnam(GROUP)
        except KeyError:
            _run("groupadd", GROUP)
            made_group = True
        keys: dict[str, Path] = {}
        for user in (CREW, MANAGER):
            # no password ('*', not the locked '!'): keys only
            _run("useradd", "-m", "-G", GROUP, "-s", "/bin/sh", "-p", "*", user)
            key = work / f"{user}_ed25519"
            _run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key))
            home = Path(pwd.getpwnam(user).pw_dir)
            entry = pwd.getpwnam(user)
            (home / ".ssh").mkdir(mode=0o700)
            shutil.copy(f"{key}.pub", home / ".ssh" / "authorized_keys")
            os.chmod(home / ".ssh" / "authorized_keys", 0o600)
            for path in (home / ".ssh", home / ".ssh" / "authorized_keys"):
                os.chown(path, entry.pw_uid, entry.pw_gid)
            keys[user] = key
        os.chown(data, 0, grp.getgrnam(GROUP).gr_gid)
        os.chmod(data, 0o2770)  # setgid: every new file gets the group
        db = data / "tour.db"
        env = {**os.environ, "TOURDESK_USER": MANAGER}  # root may act as anyone
        _run(str(TOURDESK), "--db", str(db), "demo", "--no-open", env=env)
        _run(str(TOURDESK), "--db", str(db), "user", "add", MANAGER, "--role", "manager",
             env=env)
        _run(str(TOURDESK), "--db", str(db), "user", "add", CREW, "--role", "crew",
             "--person", "Rob Kettering", env=env)
        assert stat.S_IMODE(db.stat().st_mode) & 0o660 == 0o660  # shared with the group
        _run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(work / "host_key"))
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # privilege separation
        port = _free_port()
        config = work / "sshd_config"
        config.write_text(f"""\
Port {port}
ListenAddress 127.0.0.1
HostKey {work}/host_key
PidFile {work}/sshd.pid
AuthorizedKeysFile .ssh/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
PermitRootLogin no
AllowUsers {CREW} {MANAGER}
StrictModes yes
LogLevel VERBOSE

Match Group {GROUP}
    ForceCommand umask 007; TERM=${{TERM:-xterm-256color}} exec {TOURDESK} --db {db} --ssh-command
    PermitTTY yes
    AllowTcpForwarding no
    AllowStreamLocalForwarding no
    X11Forwarding no
    PermitTunnel no
    AllowAgentForwarding no
""")
        _run(SSHD, "-t", "-f", str(config))
        log = work / "sshd.log"
        with _traversable([TOURDESK, Path(sys.executable).resolve(), ROOT]):
            sshd = subprocess.Popen([SSHD, "-D", "-f", str(config), "-E", str(log)])
            deadline = time.monotonic() + 10
            while True:  # listening?
                with socket.socket() as s:
                    if s.connect_ex(("127.0.0.1", port)) == 0:
                        break
                if time.monotonic() > deadline or sshd.poll() is not None:
                    raise AssertionError(f"sshd did not start: {log.read_text()}")
                time.sleep(0.05)
            deployment = Deployment(db, port, keys, work / "tmux.sock", log)
            yield deployment
    finally:
        if deployment is not None:
            _run("tmux", "-S", str(deployment.tmux_socket), "kill-server", check=False)
        if sshd is not None:
            sshd.terminate()
            try:
                sshd.wait(10)
            except subprocess.TimeoutExpired:
                sshd.kill()
        for user in (CREW, MANAGER):
            _remove_user(user)
        if made_group:
            _run("groupdel", GROUP, check=False)
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(data, ignore_errors=True)


def _done(text: str) -> int:
    """The list's progress line: `▰▱… 2/136  ✓2`."""
    found = re.search(r"(\d+)/136", text)
    return int(found.group(1)) if found else -1


def _ticked_in_file(db: Path, by: str) -> int:
    with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return conn.execute(
            "SELECT count(*) FROM checklist_entries e JOIN checklists c ON c.id = e.checklist_id"
            " WHERE c.name = ? AND e.state = 'done' AND e.set_by = ?", [LIST, by]).fetchone()[0]


def _screen_keys(text: str) -> str:
    """The digits of the footer's shared screens entry (`12345 Screens`)."""
    found = re.search(r"(\d+) Screens", text)
    return found.group(1) if found else ""


def test_roles_over_a_real_ssh_login(deployment: Deployment) -> None:
    d = deployment

    # the money commands: refused for crew in one line, exit 2; the manager gets them
    money = ("tourdesk", "budget", "show", "--tour", f"'{TOUR}'")
    crew_cli = _run(*d.ssh_argv(CREW, *money, tty=False), check=False)
    assert crew_cli.returncode == 2, crew_cli
    assert crew_cli.stderr.strip() == (
        "tourdesk: td-crew (crew) may not see budgets, settlements or payments")
    assert "hotels" not in crew_cli.stdout
    manager_cli = _run(*d.ssh_argv(MANAGER, *money, tty=False), check=False)
    assert manager_cli.returncode == 0, manager_cli
    assert "hotels" in manager_cli.stdout
    # no shell behind the forced command: the client's command is tourdesk's or nothing
    shell = _run(*d.ssh_argv(CREW, "cat", "/etc/passwd", tty=False), check=False)
    assert shell.returncode == 2 and "root:" not in shell.stdout

    # the TUI: crew presses 5 and stays on the days; the manager gets the budget
    d.login("crew", CREW)
    d.login("manager", MANAGER)
    crew_days = d.wait_for("crew", lambda t: "td-crew (crew)" in t and "The Pale Harbour" in t,
                           "the crew user's overview")
    assert "5" not in _screen_keys(crew_days)  # the budget is not offered in the footer
    d.wait_for("manager", lambda t: "Northern Lights Tour 2026" in t and "5" in _screen_keys(t),
               "the manager's overview")
    d.keys_to("crew", "5")
    d.keys_to("manager", "5")
    d.wait_for("manager", lambda t: "hotels" in t and "Budget" in t, "the budget")
    d.keys_to("crew", "?")  # keys arrive in order: once help shows, `5` was handled
    d.wait_for("crew", lambda t: "Tour overview" in t and "Keys" in t, "help")
    d.keys_to("crew", "BSpace")
    after = d.wait_for("crew", lambda t: "The Pale Harbour" in t, "the overview again")
    assert "hotels" not in after and "Budget" not in after
    d.keys_to("crew", "q")
    d.keys_to("manager", "q")

    # one list open for both; a tick by the crew user shows on the manager's screen
    opening = ("tourdesk", "checklist", "open", "--tour", f"'{TOUR}'", LIST_DAY, f"'{LIST}'")
    d.login("crew-list", CREW, *opening)
    d.login("manager-list", MANAGER, *opening)
    for session in ("crew-list", "manager-list"):
        d.wait_for(session, lambda t: _done(t) == 0, "the list, nothing ticked")
    d.keys_to("crew-list", "Space")  # the first case, whole
    first = _done(d.wait_for("crew-list", lambda t: _done(t) > 0, "the crew user's tick"))
    seen = d.wait_for("manager-list", lambda t: _done(t) == first, "the crew user's tick",
                      limit=5)
    assert "td-crew" in seen
    assert _ticked_in_file(d.db, CREW) == first

    # the next case ticked, seen as done by the crew user, then their SSH client killed
    d.keys_to("crew-list", "Down", "Down", "Down", "Space")
    second = _done(d.wait_for("crew-list", lambda t: _done(t) > first, "the second tick"))
    os.kill(d.client_pid("crew-list"), signal.SIGKILL)
    d.wait_for("manager-list", lambda t: _done(t) == second, "the tick made before the kill",
               limit=5)
    assert _ticked_in_file(d.db, CREW) == second
