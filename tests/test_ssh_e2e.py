"""docs/deployment.md, for real: a service account, four people with their own ed25519
keys, a real sshd on 127.0.0.1 and the people logged in inside tmux.

The set-up runs the page's commands step by step, in its order: every command below
(`ROOT_STEPS`, `PERSON_STEPS`) is written with the page's names, checked to be on the
page word for word, then run with this test's names in their place (the account
`td-e2e-gw0` for `tourdesk`, a temporary folder for `/srv/tourdesk`, this checkout's
program for `/opt/tourdesk/bin/tourdesk`; `tour.example.net` is an alias for 127.0.0.1
in each person's ssh client configuration). The sshd drop-in is read from the page
itself. Only section 1 (installing into /opt) is not run: the checkout's venv stands in.

Checked (`test_four_people_over_ssh`): each role opens the TUI and sees their own header
(crew and band no budget); each runs commands; exports come back on stdout and a gigs
sheet goes in on stdin; a tick by the crew member shows on the manager's screen; a
revoked key is refused at its next connection; a removed user's running session ends
at its next save in one line; killed SSH clients leave no process of the account.

`test_attack_over_ssh` makes every attempt of issue 16's list, and more, through the
forced `ssh-shell` as the role that tried it: each fails with a non-zero status and one
line naming what is not allowed, and the database, its backups, the settings and
authorized_keys are byte for byte as before. `test_what_crew_and_band_never_see`
checks that no command shows them pay, values, rental costs or budgets.

Needs root (it adds a system account and removes it afterwards, even on failure) and
Debian's openssh-server and tmux, which `.ci/run` installs. Each xdist worker gets its
own account name, port and folders; a lock file lets one deployment run at a time.
"""

from __future__ import annotations

import contextlib
import csv
import fcntl
import hashlib
import io
import json
import os
import pwd
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import ROOT

# One worker runs them all: they take turns on one machine-wide lock (see _deployment),
# and a second worker waiting on it would sit idle instead of running other tests.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("sshd")]

SSHD = "/usr/sbin/sshd"
TOURDESK = Path(sys.executable).parent / "tourdesk"
DOC_PATH = ROOT / "docs" / "deployment.md"
LOCK = "/tmp/tourdesk-ssh-tests.lock"
TOUR = "Northern Lights Tour 2026"
LIST = "Audio & FOH load-in"  # 136 entries on the tour's 60th day, none ticked yet


def list_day(db: Path) -> str:
    """The demo is placed around the day it is loaded (today: its Brussels night, 20 Oct
    as written); the list is 40 days later (29 Nov as written). Worked out from the clock
    as the loader does, without opening the account's file as root."""
    import datetime as dt

    from tourdesk.domain.localtime import working_day

    today = working_day(dt.datetime.now(dt.UTC), "Europe/Brussels")
    return (today + dt.timedelta(days=40)).isoformat()
PEOPLE = {"dana": "manager", "rob": "crew", "maren": "band", "ines": "accountant"}

# The page's names; the test puts its own in their place.
DOC = {"account": "tourdesk", "home": "/var/lib/tourdesk", "data": "/srv/tourdesk",
       "program": "/opt/tourdesk/bin/tourdesk", "host": "tour.example.net"}

# Sections 2 to 9 of docs/deployment.md, in order. `# ` lines run as root at the server
# (with the page's `td` function defined), `$ ` lines by a person at their own machine.
TD = 'td() {{ (umask 077; runuser -u {account} -- {program} --db {data}/tour.db "$@"); }}'
ACCOUNT = [
    "useradd --system --create-home --home-dir {home} --shell /bin/sh {account}",
    "install -d -m 0700 -o {account} -g {account} {data}",
]
DEMO = "td demo --no-open"
FIRST_MANAGER = [
    "td user add dana --role manager --key - < dana.pub",
    "td ssh authorized-keys --write",
]
SSHD_RELOAD = "sshd -t && systemctl reload ssh"
SSHD_DROP_IN = "# /etc/ssh/sshd_config.d/tourdesk.conf"
LOGIN_TUI = "ssh -t {account}@{host}"
LOGIN_CLI = "ssh {account}@{host} tourdesk tour list"
ADD_BY_MANAGER = ("ssh {account}@{host} tourdesk user add rob --role crew --person "
                  "\"'Rob Kettering'\" --key - < rob.pub")
ADD_AT_SERVER = [
    'td user add maren --role band --person "Maren Holt" --key - < maren.pub',
    "td user add ines --role accountant --key - < ines.pub",
    "td user list",
]
EXPORT_ICS = ("ssh {account}@{host} tourdesk export ics --tour \"'Northern Lights Tour 2026'\""
              " --group crew > crew.ics")
DAYSHEET = ("ssh {account}@{host} tourdesk daysheet --tour \"'Northern Lights Tour 2026'\" "
            "2026-11-29 --format html > day.html")
IMPORT_GIGS = "ssh {account}@{host} tourdesk import gigs - --tour \"'Winter Run 2027'\" < gigs.csv"
KEY_LIST = "td user key list"
KEY_REMOVE = "td user key remove maren \"$(ssh-keygen -lf maren.pub | cut -d' ' -f2)\""
USER_REMOVE = "td user remove rob"

GIGS_CSV = """\
date,kind,venue,city,country,timezone,load_in,doors,set,curfew
2027-01-15,show,Brighton Dome Concert Hall,Brighton,GB,Europe/London,10:00,19:00,20:30,23:00
2027-01-16,off,,London,GB,Europe/London,,,,
"""


# What root has at a fresh server's terminal: none of the suite's TOURDESK_* settings.
CLEAN_ENV = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
             "HOME": "/root", "LANG": "C.UTF-8", "TERM": "xterm-256color"}


def _run(argv: list[str] | str, *, check: bool = True, timeout: float = 60,
         **kw: object) -> subprocess.CompletedProcess:
    kw.setdefault("env", CLEAN_ENV)
    done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, **kw)
    if check and done.returncode != 0:
        raise AssertionError(f"{argv!r} failed ({done.returncode}):\n{done.stdout}\n"
                             f"{done.stderr}")
    return done


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _requirements() -> None:
    if os.geteuid() != 0:
        pytest.skip("the SSH end-to-end test adds a system account: run it as root (CI does)")
    missing = [p for p in (SSHD, shutil.which("tmux"), shutil.which("ssh"),
                           shutil.which("runuser")) if not p or not os.path.exists(p)]
    if missing or not os.path.exists(SSHD):
        pytest.fail("openssh-server, openssh-client and tmux are needed: .ci/run installs them "
                    "(apt-get install openssh-server tmux)")


def _doc() -> str:
    return DOC_PATH.read_text(encoding="utf-8")


def _doc_block(first_line: str) -> str:
    """The fenced block of the page whose first line is `first_line`."""
    for block in re.findall(r"```[a-z]*\n(.*?)```", _doc(), flags=re.S):
        if block.startswith(first_line + "\n"):
            return block
    raise AssertionError(f"docs/deployment.md has no block starting with {first_line!r}")


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


def _pids_of(account: str) -> list[int]:
    found = _run(["pgrep", "-u", account], check=False).stdout.split()
    return [int(p) for p in found]


def _remove_account(account: str) -> None:
    """userdel refuses while the account has a process: kill the test account's own
    processes (by pid), wait for them, then remove it with its home."""
    deadline = time.monotonic() + 15
    while True:
        try:
            pwd.getpwnam(account)
        except KeyError:
            return
        pids = _pids_of(account)
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        if not pids:
            _run(["userdel", "-r", account], check=False)
        if time.monotonic() > deadline:
            raise AssertionError(f"could not remove the test account {account}: remove it by "
                                 "hand (userdel -r)")
        time.sleep(0.1)


@dataclass
class Deployment:
    account: str
    base: Path  # 0755, root's: home/, data/, admin/ and people/ below
    port: int
    values: dict[str, str] = field(default_factory=dict)
    sshd: subprocess.Popen | None = None

    @property
    def data(self) -> Path:
        return self.base / "data"

    @property
    def db(self) -> Path:
        return self.data / "tour.db"

    @property
    def home(self) -> Path:
        return self.base / "home"

    @property
    def admin(self) -> Path:
        return self.base / "admin"  # root's folder at the server: the people's .pub files

    def person_dir(self, login: str) -> Path:
        return self.base / "people" / login  # their laptop: key, ssh config, their files

    @property
    def tmux_socket(self) -> Path:
        return self.base / "tmux.sock"

    @property
    def sshd_log(self) -> Path:
        return self.base / "sshd.log"

    # -- the page's commands --

    def root(self, template: str, *, check: bool = True) -> subprocess.CompletedProcess:
        """A `# ` step of the page, run as root at the server with `td` defined."""
        line = template.format(**DOC)
        assert f"# {line}\n" in _doc(), f"docs/deployment.md no longer says: # {line}"
        script = TD.format(**self.values) + "\n" + template.format(**self.values)
        return _run(["bash", "-c", script], check=check, cwd=self.admin)

    def person(self, login: str, template: str, *,
               check: bool = True) -> subprocess.CompletedProcess:
        """A `$ ` step of the page, run on `login`'s machine (their key, their folder)."""
        line = template.format(**DOC)
        assert f"$ {line}\n" in _doc(), f"docs/deployment.md no longer says: $ {line}"
        return _run(["bash", "-c", self.client(login, template)], check=check,
                    cwd=self.person_dir(login))

    def client(self, login: str, template: str) -> str:
        command = template.format(**self.values)
        assert command.startswith("ssh ")
        return f"ssh -F {self.person_dir(login) / 'ssh_config'} {command[4:]}"

    # -- anything else a person sends --

    def ssh(self, login: str, command: str, *, stdin: str | None = None,
            timeout: float = 60) -> subprocess.CompletedProcess:
        """`ssh tourdesk@host COMMAND` from `login`'s machine, without a terminal."""
        return _run(["ssh", "-F", str(self.person_dir(login) / "ssh_config"), "-T", "--",
                     f"{self.account}@{DOC['host']}", command], check=False,
                    input=stdin if stdin is not None else "", timeout=timeout)

    def query(self, sql: str) -> list[list[object]]:
        """Rows of the live file (its WAL included), read as the account: a connection of
        root's would leave -shm and -wal files the account cannot write."""
        script = ("import json, sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
                  "print(json.dumps(c.execute(sys.argv[2]).fetchall()))")
        done = _run(["runuser", "-u", self.account, "--", sys.executable, "-c", script,
                     str(self.db), sql], cwd="/")
        return json.loads(done.stdout)

    # -- tmux --

    def tmux(self, *args: str) -> str:
        return _run(["tmux", "-S", str(self.tmux_socket), *args]).stdout

    def login(self, session: str, login: str, template: str = LOGIN_TUI,
              extra: str = "") -> None:
        """`login` runs the page's `ssh -t` command (plus `extra`) in a tmux window."""
        line = template.format(**DOC)
        assert f"$ {line}\n" in _doc(), f"docs/deployment.md no longer says: $ {line}"
        command = self.client(login, template) + (f" {extra}" if extra else "")
        self.tmux("new-session", "-d", "-s", session, "-x", "110", "-y", "32",
                  "-c", str(self.person_dir(login)), command)
        self.tmux("set-option", "-t", session, "remain-on-exit", "on")

    def screen(self, session: str) -> str:
        return self.tmux("capture-pane", "-p", "-t", session)

    def left_on_screen(self, session: str) -> str:
        """A dead pane's screen and the rows above it: tmux scrolls what the program
        printed last up, off the visible rows, to write "Pane is dead" under it."""
        return self.tmux("capture-pane", "-p", "-S", "-100", "-t", session)

    def keys_to(self, session: str, *keys: str) -> None:
        self.tmux("send-keys", "-t", session, *keys)

    def wait_for(self, session: str, found: Callable[[str], bool], what: str,
                 limit: float = 20.0) -> str:
        deadline = time.monotonic() + limit
        while True:
            text = self.screen(session)
            if found(text):
                return text
            if time.monotonic() > deadline:
                raise AssertionError(f"{session}: {what} not on screen within {limit:g} s:\n"
                                     f"{text}\n--- sshd log:\n{self.sshd_log.read_text()}")
            time.sleep(0.1)

    def pane_dead(self, session: str) -> bool:
        return self.tmux("display-message", "-p", "-t", session, "#{pane_dead}").strip() == "1"

    def exit_status(self, session: str) -> str:
        """How the pane's program ended (its exit status), once the pane is dead: from
        tmux's format, or its "Pane is dead (status N, ...)" line when the format has
        not caught up."""
        status = self.tmux("display-message", "-p", "-t", session,
                           "#{pane_dead_status}").strip()
        found = re.search(r"Pane is dead \((status \d+|signal \d+)",
                          self.left_on_screen(session))
        return status or (found.group(1).removeprefix("status ") if found else "")

    def client_pid(self, session: str) -> int:
        """The pane runs ssh itself: its pid is the SSH client's."""
        return int(self.tmux("display-message", "-p", "-t", session, "#{pane_pid}").strip())


def _ssh_config(d: Deployment, login: str) -> str:
    return f"""\
Host {DOC['host']}
    HostName 127.0.0.1
    Port {d.port}
    IdentityFile {d.person_dir(login)}/id_ed25519
    IdentitiesOnly yes
    BatchMode yes
    StrictHostKeyChecking no
    UserKnownHostsFile /dev/null
    LogLevel ERROR
    ConnectTimeout 10
"""


def _set_up(d: Deployment) -> None:
    """Sections 2 to 7 of the page."""
    # 2. the service account, its password locked, and the data folder
    for step in ACCOUNT:
        d.root(step)
    assert _run(["passwd", "-S", d.account]).stdout.split()[1] == "L"
    assert stat.S_IMODE(d.data.stat().st_mode) == 0o700
    assert d.data.stat().st_uid == pwd.getpwnam(d.account).pw_uid
    # 3. tourdesk as the account (the demo tour to work on)
    assert f"# {TD.format(**DOC)}\n" in _doc()
    d.root(DEMO)
    assert stat.S_IMODE(d.db.stat().st_mode) == 0o600
    # everyone's key, made on their own machine; the public halves reach the server
    for login in PEOPLE:
        folder = d.person_dir(login)
        folder.mkdir(mode=0o700, parents=True)
        _run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", f"{login}@laptop",
              "-f", str(folder / "id_ed25519")])
        (folder / "ssh_config").write_text(_ssh_config(d, login))
        shutil.copy(folder / "id_ed25519.pub", d.admin / f"{login}.pub")
    shutil.copy(d.admin / "rob.pub", d.person_dir("dana") / "rob.pub")  # Rob mailed Dana
    # 4. the first manager, and the account's authorized_keys
    for step in FIRST_MANAGER:
        d.root(step)
    keys = d.home / ".ssh" / "authorized_keys"
    assert stat.S_IMODE(keys.stat().st_mode) == 0o600
    assert stat.S_IMODE((d.home / ".ssh").stat().st_mode) == 0o700
    assert keys.stat().st_uid == pwd.getpwnam(d.account).pw_uid
    lines = [ln for ln in keys.read_text().splitlines() if ln.startswith("command=")]
    assert lines == [f'command="{TOURDESK} --db {d.db} ssh-shell dana",restrict,pty '
                     f'{(d.admin / "dana.pub").read_text().strip()}']
    # 5. sshd: the page's drop-in, in a configuration of its own on a free port
    assert f"# {SSHD_RELOAD}\n" in _doc()
    drop_in = _doc_block(SSHD_DROP_IN)
    assert f"Match User {DOC['account']}\n" in drop_in
    (d.base / "sshd_config.d").mkdir()
    (d.base / "sshd_config.d" / "tourdesk.conf").write_text(
        drop_in.replace(f"Match User {DOC['account']}\n", f"Match User {d.account}\n"))
    _run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(d.base / "host_key")])
    Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # privilege separation
    config = d.base / "sshd_config"
    config.write_text(f"""\
Port {d.port}
ListenAddress 127.0.0.1
HostKey {d.base}/host_key
PidFile {d.base}/sshd.pid
AllowUsers {d.account}
PermitRootLogin no
UsePAM yes
StrictModes yes
LogLevel VERBOSE
Include {d.base}/sshd_config.d/*.conf
""")
    _run([SSHD, "-t", "-f", str(config)])
    d.sshd = subprocess.Popen([SSHD, "-D", "-f", str(config), "-E", str(d.sshd_log)],
                              env=CLEAN_ENV)
    deadline = time.monotonic() + 10
    while True:  # listening?
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", d.port)) == 0:
                break
        if time.monotonic() > deadline or d.sshd.poll() is not None:
            raise AssertionError(f"sshd did not start: {d.sshd_log.read_text()}")
        time.sleep(0.05)
    # 6. Dana logs in; 7. she adds Rob from her laptop, root adds Maren and Ines
    assert "Northern Lights Tour 2026" in d.person("dana", LOGIN_CLI).stdout
    d.person("dana", ADD_BY_MANAGER)
    for step in ADD_AT_SERVER:
        listed = d.root(step).stdout
    for login, role in PEOPLE.items():
        assert re.search(rf"^{login}\s+{role}\s", listed, flags=re.M), listed
    assert re.search(r"^rob\s+crew\s+Rob Kettering\s+1$", listed, flags=re.M), listed
    lines = [ln for ln in keys.read_text().splitlines() if ln.startswith("command=")]
    assert len(lines) == 4


@contextlib.contextmanager
def _deployment(kind: str) -> Iterator[Deployment]:
    _requirements()
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw")
    account = f"td-{kind}-{worker}"[:32]
    base = Path(tempfile.mkdtemp(prefix=f"tourdesk-{kind}-"))
    os.chmod(base, 0o755)  # sshd reads the account's home as the account
    d = Deployment(account, base, _free_port())
    d.values = {"account": account, "home": str(d.home), "data": str(d.data),
                "program": str(TOURDESK), "host": DOC["host"]}
    d.admin.mkdir(mode=0o700)
    (base / "people").mkdir(mode=0o700)
    # One deployment at a time on the machine: the folders made traversable for the
    # interpreter are machine-wide, and a second worker putting their modes back would
    # cut the first one's account off from Python.
    lock = open(LOCK, "a")  # noqa: SIM115 - held until the deployment is gone
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        _remove_account(account)  # a run killed half-way left it
        with _traversable([TOURDESK, Path(sys.executable).resolve(), ROOT]):
            _set_up(d)
            yield d
    finally:
        _run(["tmux", "-S", str(d.tmux_socket), "kill-server"], check=False)
        if d.sshd is not None:
            d.sshd.terminate()
            try:
                d.sshd.wait(10)
            except subprocess.TimeoutExpired:
                d.sshd.kill()
        _remove_account(account)
        shutil.rmtree(base, ignore_errors=True)
        lock.close()  # releases the lock


# ---------------------------------------------------------------------------------------
# Four people at work


def _done(text: str) -> int:
    """The list's progress line: `▰▱… 2/136  ✓2`."""
    found = re.search(r"(\d+)/136", text)
    return int(found.group(1)) if found else -1


def _ticked_in_file(d: Deployment, by: str) -> int:
    sql = ("SELECT count(*) FROM checklist_entries e JOIN checklists c ON c.id = e.checklist_id"
           f" WHERE c.name = '{LIST}' AND e.state = 'done' AND e.set_by = '{by}'")
    return d.query(sql)[0][0]


def _screen_keys(text: str) -> str:
    """The digits of the footer's shared screens entry (`12345 Screens`)."""
    found = re.search(r"(\d+) Screens", text)
    return found.group(1) if found else ""


def _wait_gone(account: str, pattern: str, limit: float = 10.0) -> list[str]:
    """The account's processes matching `pattern`, once none is left (or at the limit)."""
    deadline = time.monotonic() + limit
    while True:
        left = _run(["pgrep", "-a", "-u", account, "-f", pattern], check=False).stdout
        if not left.strip() or time.monotonic() > deadline:
            return left.splitlines()
        time.sleep(0.1)


def test_four_people_over_ssh() -> None:
    with _deployment("e2e") as d:
        _four_people(d)


def _four_people(d: Deployment) -> None:
    # each role in the TUI, with their own header; crew and band are offered no budget
    for login in PEOPLE:
        d.login(f"tui-{login}", login)
    screens = {}
    for login, role in PEOPLE.items():  # a manager's header names nobody: all keys work
        header = f"tourdesk · {login} ({role}) · {TOUR}" if role != "manager" else TOUR
        screens[login] = d.wait_for(f"tui-{login}",
                                    lambda t, h=header: h in t and "Screens" in t,
                                    f"{login}'s overview")
    assert "(manager)" not in screens["dana"]
    for login in ("rob", "maren"):
        assert "5" not in _screen_keys(screens[login]), screens[login]
    assert "5" in _screen_keys(screens["dana"])
    d.keys_to("tui-dana", "5")
    d.wait_for("tui-dana", lambda t: "Budget" in t and "hotels" in t, "the budget")
    d.keys_to("tui-rob", "5", "?")  # keys arrive in order: once help shows, `5` was handled
    d.wait_for("tui-rob", lambda t: "Keys" in t, "help")
    d.keys_to("tui-rob", "BSpace")
    after = d.wait_for("tui-rob", lambda t: TOUR in t and "Keys" not in t, "the overview")
    assert "hotels" not in after and "Budget" not in after
    for login in ("dana", "rob", "maren"):
        d.keys_to(f"tui-{login}", "q")
        d.wait_for(f"tui-{login}", lambda t: True, "")
    for login in ("dana", "rob", "maren"):
        deadline = time.monotonic() + 15
        while not d.pane_dead(f"tui-{login}"):
            assert time.monotonic() < deadline, f"{login}'s TUI did not quit:\n" + d.screen(
                f"tui-{login}")
            time.sleep(0.1)

    # commands: everyone lists the tours; the money only for the manager and accountant
    for login in PEOPLE:
        assert TOUR in d.person(login, LOGIN_CLI).stdout
    money = f"tourdesk budget show --tour '{TOUR}'"
    for login in ("dana", "ines"):
        shown = d.ssh(login, money)
        assert shown.returncode == 0 and "hotels" in shown.stdout, shown
    for login, role in (("rob", "crew"), ("maren", "band")):
        refused = d.ssh(login, money)
        assert refused.returncode == 2, refused
        assert refused.stderr == (f"tourdesk: {login} ({role}) may not see budgets, "
                                  "settlements or payments\n")
        assert "hotels" not in refused.stdout

    # files travel over the connection: exports to stdout, a gigs sheet from stdin
    d.person("rob", EXPORT_ICS)
    ics = (d.person_dir("rob") / "crew.ics").read_text()
    assert ics.startswith("BEGIN:VCALENDAR") and ics.rstrip().endswith("END:VCALENDAR")
    assert "VEVENT" in ics
    d.person("maren", DAYSHEET)
    day = (d.person_dir("maren") / "day.html").read_text()
    assert day.lstrip().lower().startswith("<!doctype html") and "2026" in day
    (d.person_dir("dana") / "gigs.csv").write_text(GIGS_CSV)
    imported = d.person("dana", IMPORT_GIGS)
    assert "2 gig days added to 'Winter Run 2027'" in imported.stdout, imported
    listed = d.ssh("ines", "tourdesk gig list --tour 'Winter Run 2027'").stdout
    assert "2027-01-15" in listed and "Brighton Dome Concert Hall" in listed
    nothing = list(d.data.rglob("*.ics")) + list(d.data.rglob("*.html"))
    assert nothing == []  # nothing was written on the server

    # one list open for two; a tick by crew shows on the manager's screen
    opening = (f"tourdesk checklist open --tour \"'{TOUR}'\" {list_day(d.db)} "
               f"\"'{LIST}'\"")
    d.login("list-rob", "rob", extra=opening)
    d.login("list-dana", "dana", extra=opening)
    for session in ("list-rob", "list-dana"):
        d.wait_for(session, lambda t: _done(t) == 0, "the list, nothing ticked")
    d.keys_to("list-rob", "Space")  # the first case, whole
    first = _done(d.wait_for("list-rob", lambda t: _done(t) > 0, "rob's tick"))
    seen = d.wait_for("list-dana", lambda t: _done(t) == first, "rob's tick", limit=10)
    assert "rob" in seen
    assert _ticked_in_file(d, "rob") == first

    # a revoked key is refused at its next connection; her other sessions are unaffected
    keys = d.root(KEY_LIST).stdout
    fingerprint = _run(["ssh-keygen", "-lf", str(d.admin / "maren.pub")]).stdout.split()[1]
    assert re.search(rf"^maren\s+ssh-ed25519\s+{re.escape(fingerprint)}", keys, flags=re.M)
    d.root(KEY_REMOVE)
    assert fingerprint not in d.root(KEY_LIST).stdout
    refused = d.person("maren", LOGIN_CLI, check=False)
    assert refused.returncode == 255 and "Permission denied" in refused.stderr, refused
    assert TOUR not in refused.stdout
    assert d.person("ines", LOGIN_CLI).returncode == 0

    # rob removed while his list is open: his next tick is not saved, and the session
    # ends with one line
    d.root(USER_REMOVE)
    assert d.ssh("rob", "tourdesk tour list").returncode == 255  # his key is gone too
    d.keys_to("list-rob", "Down", "Down", "Down", "Space")
    ended, status = None, ""
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if d.pane_dead("list-rob"):
            while not (status := d.exit_status("list-rob")) and time.monotonic() < deadline:
                time.sleep(0.1)  # tmux records the status a moment after the death
            ended = d.left_on_screen("list-rob")
            while "no longer a user" not in ended and time.monotonic() < deadline:
                time.sleep(0.1)  # (bytes the client wrote last may still be on their way)
                ended = d.left_on_screen("list-rob")
            break
        time.sleep(0.1)
    assert _ticked_in_file(d, "rob") == first  # nothing saved after the removal
    still = d.screen("list-dana")
    assert _done(still) == first, still

    # killed SSH clients leave nothing behind: a TUI, and a command waiting on stdin
    def sessions_of_ines() -> int:
        return len(_run(["pgrep", "-u", d.account, "-f", "ssh-shell ines"],
                        check=False).stdout.split())

    before = sessions_of_ines()  # her TUI
    waiting = subprocess.Popen(
        ["ssh", "-F", str(d.person_dir("ines") / "ssh_config"), "-T",
         f"{d.account}@{DOC['host']}", "tourdesk import venues -"],
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env=CLEAN_ENV)
    try:
        deadline = time.monotonic() + 15
        while sessions_of_ines() <= before:
            assert time.monotonic() < deadline, "ines's command did not start"
            time.sleep(0.1)
        for session in ("tui-ines", "list-dana", "list-rob"):
            if not d.pane_dead(session):
                os.kill(d.client_pid(session), signal.SIGKILL)
        waiting.kill()
        left = _wait_gone(d.account, "ssh-shell")
        assert left == [], left
        left = _wait_gone(d.account, ".")  # no process of the account at all
        assert left == [], left
    finally:
        waiting.kill()
        waiting.wait()

    assert ended is not None, "a removed user's TUI must end at its next save"
    lines = [ln for ln in ended.splitlines() if ln.strip()]
    # the one line, whole, at the start of a row of the terminal the TUI left
    assert any(ln.startswith("tourdesk: rob is no longer a user") for ln in lines), ended
    assert status == "2", status  # ended as a refusal, not a crash


# ---------------------------------------------------------------------------------------
# Attacks through ssh-shell


@pytest.fixture(scope="module")
def attacked() -> Iterator[Deployment]:
    with _deployment("atk") as d:
        assert list((d.data / "backups").glob("*.db"))  # today's backup: made at set-up
        yield d


def _snapshot(d: Deployment) -> dict[str, object]:
    """Every file of the data folder (the database, its backups) and authorized_keys by
    hash, then the settings, users and keys as rows (read by the account). The -shm and
    an empty -wal hold no data: a reading command's read-only connection leaves them."""
    files = [p for p in sorted(d.data.rglob("*")) if p.is_file()
             and not p.name.endswith("-shm")
             and not (p.name.endswith("-wal") and p.stat().st_size == 0)]
    files.append(d.home / ".ssh" / "authorized_keys")
    found: dict[str, object] = {
        str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
    for table in ("settings", "meta", "users", "user_keys"):
        found[table] = d.query(f"SELECT * FROM {table} ORDER BY 1")
    return found


PWNED = "/tmp/tourdesk-pwned"
NOT_SSH = ("over SSH the database and the login come from your key; give only a command "
           "(and --no-mouse)")
NO_O = ("over SSH there is no -o: the export comes to your side on standard output "
        "(ssh tourdesk@host tourdesk ... > file)")
NO_FILE = ("over SSH tourdesk reads no file on the server: send it on standard input with "
           "- (ssh tourdesk@host tourdesk import ... - < file)")
ATTACKS = [  # who, what they send, the one line they get (after `tourdesk: `)
    # issue 16's list
    ("rob", "tourdesk carnet -o {db}", NO_O),
    ("rob", "tourdesk carnet -o {backup}", NO_O),
    ("rob", "tourdesk inventory export --output={db}-wal", NO_O),
    ("rob", "tourdesk restore {backup} --yes",
     "rob (crew) may not back up or restore the database"),
    ("rob", "tourdesk restore backups/{backup_name} --yes",
     "rob (crew) may not back up or restore the database"),
    ("maren", "tourdesk staff rules --rest-hours 1", "maren (band) may not change settings"),
    ("ines", "tourdesk staff rules --rest-hours 1",
     "ines (accountant) may not change settings"),
    ("rob", "tourdesk staff rules --rest-hours 1", "rob (crew) may not change settings"),
    ("rob", "tourdesk geocode --endpoint attacker.example --agent x",
     "rob (crew) may not change settings"),
    ("rob", "tourdesk serve-calendar",
     "serve-calendar is not available over SSH: the feed server runs as a service of the "
     "account (see docs/deployment.md), not inside somebody's SSH session"),
    ("dana", "tourdesk serve-calendar --port 0",
     "serve-calendar is not available over SSH: the feed server runs as a service of the "
     "account (see docs/deployment.md), not inside somebody's SSH session"),
    # the database and the login come from the key
    ("rob", "tourdesk --db {elsewhere} tour list", f"--db: {NOT_SSH}"),
    ("rob", "tourdesk --db={db} tour list", f"--db={{db}}: {NOT_SSH}"),
    ("rob", "tourdesk --as dana budget show --tour x", f"--as: {NOT_SSH}"),
    ("maren", "--as dana user list", f"--as: {NOT_SSH}"),
    ("rob", "tourdesk ssh-shell dana", "ssh-shell is not available over SSH: a session cannot "
     "start another"),
    ("dana", "tourdesk ssh-shell rob", "ssh-shell is not available over SSH: a session "
     "cannot start another"),
    # no server path, for any role
    ("dana", "tourdesk carnet -o {db}", NO_O),
    ("dana", "tourdesk export ics --all -o {home}/.ssh/authorized_keys", NO_O),
    ("dana", "tourdesk import gigs {db} --tour X", NO_FILE),
    ("dana", "tourdesk inventory import /etc/passwd", NO_FILE),
    ("dana", "tourdesk user add eve --role manager --key {home}/.ssh/authorized_keys",
     NO_FILE),
    ("dana", "tourdesk ssh authorized-keys --write --file {db}", "over SSH the file and "
     "program are the account's own: leave out --file and --program"),
    ("dana", "tourdesk ssh authorized-keys --program /bin/sh", "over SSH the file and "
     "program are the account's own: leave out --file and --program"),
    # what the role may not do
    ("rob", "tourdesk user add eve --role manager", "rob (crew) may not manage users"),
    ("ines", "tourdesk user set ines --role manager", "ines (accountant) may not manage users"),
    ("rob", "tourdesk ssh authorized-keys --write", "rob (crew) may not manage users"),
    ("rob", "tourdesk backup --auto-keep 0",
     "rob (crew) may not back up or restore the database"),
    ("maren", "tourdesk backup /tmp/tourdesk-copy.db",
     "maren (band) may not back up or restore the database"),
    ("maren", "tourdesk feed base-url https://attacker.example",
     "maren (band) may not manage calendar feeds"),
    ("rob", "tourdesk budget add --tour '" + TOUR + "' --side expense --category x "
     "--estimate 1",
     "rob (crew) may not change budgets, settlements or payments"),
    # a shell never reads the command
    ("rob", "tourdesk tour list; touch " + PWNED, None),
    ("rob", "tourdesk $(touch " + PWNED + ")", None),
    ("rob", "tourdesk tour list `touch " + PWNED + "`", None),
    ("rob", "tourdesk tour list && touch " + PWNED, None),
    ("rob", "touch " + PWNED, None),
    ("rob", "tourdesk tour list | tee " + PWNED, None),
    ("rob", "tourdesk 'unbalanced", "command: cannot read it: No closing quotation"),
    # even a manager names no server path but backups/
    pytest.param("dana", "tourdesk backup {home}/copy.db", None, id="dana: backup elsewhere"),
    pytest.param("dana", "tourdesk backup {db}", None, id="dana: backup onto the database"),
    pytest.param("dana", "tourdesk restore /etc/passwd --yes", None,
                 id="dana: restore from a server path"),
]


@pytest.mark.parametrize(("login", "command", "expected"), [
    a if hasattr(a, "marks") else pytest.param(*a, id=f"{a[0]}: {a[1]}") for a in ATTACKS])
def test_attack_over_ssh(attacked: Deployment, login: str, command: str,
                         expected: str | None) -> None:
    d = attacked
    backup = sorted((d.data / "backups").glob("*.db"))[0]
    names = {"db": d.db, "backup": backup, "backup_name": backup.name, "home": d.home,
             "elsewhere": d.base / "elsewhere.db"}
    before = _snapshot(d)
    done = d.ssh(login, command.format(**names))
    assert done.returncode != 0, done
    assert done.stdout == "", done
    assert not os.path.exists(PWNED)
    assert not (d.base / "elsewhere.db").exists()
    assert "copy.db" not in command or not (d.home / "copy.db").exists()
    assert _snapshot(d) == before
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    if expected is not None:
        assert lines[0] == "tourdesk: " + expected.format(**names), done.stderr


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_what_crew_and_band_never_see(attacked: Deployment) -> None:
    """Crew's inventory export and carnet carry no values or rental costs; no command
    shows crew or band a budget line, a fee, a rate or a payment."""
    d = attacked
    full = _csv(d.ssh("dana", "tourdesk inventory export").stdout)
    assert any(r["value"] for r in full) and any(r["rental_cost"] for r in full)
    items = _csv(d.ssh("rob", "tourdesk inventory export").stdout)
    assert len(items) == len(full)
    for column in ("value", "currency", "rental_cost", "rental_currency"):
        assert {r[column] for r in items} == {""}, column
    carnet = d.ssh("rob", "tourdesk carnet")
    assert carnet.returncode == 0, carnet
    rows = _csv(carnet.stdout)
    assert rows and {r["value"] for r in rows} == {""}
    manager_carnet = d.ssh("dana", "tourdesk carnet").stdout
    assert any(r["value"] for r in _csv(manager_carnet))
    # the pay and money of the demo tour, as the manager sees them
    pay = d.ssh("dana", f"tourdesk crew pay --tour '{TOUR}'")
    assert pay.returncode == 0 and re.search(r"\d\.\d\d [A-Z]{3}", pay.stdout), pay
    budget_lines = d.ssh("dana", f"tourdesk export budget --tour '{TOUR}'").stdout
    for login, role in (("rob", "crew"), ("maren", "band")):
        for command in (f"budget show --tour '{TOUR}'", f"budget lines --tour '{TOUR}'",
                        f"budget rates --tour '{TOUR}'", f"export budget --tour '{TOUR}'",
                        f"pay ledger --tour '{TOUR}'", f"crew pay --tour '{TOUR}'",
                        f"settle show --tour '{TOUR}' --day {list_day(d.db)}",
                        f"export settlement --tour '{TOUR}' --day {list_day(d.db)}"):
            refused = d.ssh(login, f"tourdesk {command}")
            assert refused.returncode == 2 and refused.stdout == "", (command, refused)
            assert len(refused.stderr.splitlines()) == 1, (command, refused.stderr)
            assert refused.stderr.startswith(f"tourdesk: {login} ({role}) may not see"), (
                command, refused.stderr)
        # what they may read holds no fee or rate of anybody else
        others = d.ssh(login, "tourdesk crew show 'Sofie Lindqvist'")
        assert "420" not in others.stdout, others
        history = d.ssh(login, f"tourdesk gig history --tour '{TOUR}' {list_day(d.db)}")
        assert history.returncode in (0, 2), history
        for line in _csv(budget_lines)[:20]:
            for amount in (line.get("estimate", ""), line.get("actual", "")):
                if amount and len(amount) > 4:
                    assert amount not in history.stdout, (amount, history.stdout)
