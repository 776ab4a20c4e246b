"""Shared fixtures. Every test runs with a foreign TZ and a private data dir, so no
test depends on the host's clock zone or touches a real user's database."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
import traceback
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import Result

from tourdesk.services.demo import load_demo
from tourdesk.store import Store, open_store
from tourdesk.tui import textual_private

# Far from Europe on purpose: code that leaks the host zone shows up as wrong hours.
os.environ["TZ"] = "Pacific/Chatham"
time.tzset()

textual_private.quick_idle_waits()  # the pilot's idle waits in 2 ms steps, not 20

FIXED_NOW = datetime(2026, 10, 20, 9, 0, tzinfo=UTC)
TODAY = date(2026, 10, 20)  # mid-tour: some days played, some to go
ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable


@pytest.fixture(autouse=True)
def _private_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.delenv("TOURDESK_DB", raising=False)
    monkeypatch.delenv("SSH_CONNECTION", raising=False)
    monkeypatch.setenv("TOURDESK_USER", "tester")


@pytest.fixture(autouse=True)
def _no_daily_backup(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A command run in this process starts no detached `backup --auto` after it, unless
    the test is about that (marked daily_backup): hundreds of them would otherwise run
    alongside the suite, each a process of its own."""
    if request.node.get_closest_marker("daily_backup") is None:
        monkeypatch.setattr("tourdesk.cli.base.daily_backup", lambda store: None)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "tour.db"


@pytest.fixture
def store(db_path: Path) -> Store:
    s = open_store(db_path, "tester", clock=lambda: FIXED_NOW)
    yield s
    s.close()


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    s = open_store(path, "demo-loader", clock=lambda: FIXED_NOW)
    load_demo(s)
    s.close()
    return path


def copy_to(template: Path, path: Path) -> Path:
    shutil.copy(template, path)
    return path


@pytest.fixture
def demo_path(_demo_template: Path, tmp_path: Path) -> Path:
    """A private copy of the demo database for one test."""
    return copy_to(_demo_template, tmp_path / "demo.db")


# The demo's people with a login of each role (dana, rob and maren are in its crew list).
ROLE_LOGINS = {"manager": "dana", "crew": "rob", "band": "maren", "accountant": "ledger"}


@pytest.fixture(scope="session")
def _roles_template(_demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tourdesk.domain.access import Role
    from tourdesk.store import users

    path = copy_to(_demo_template, tmp_path_factory.mktemp("roles") / "roles.db")
    s = open_store(path, "dana", clock=lambda: FIXED_NOW)
    for role, login in ROLE_LOGINS.items():  # the manager first: the first user must be one
        users.add(s, login, Role(role))  # linked to their person by the crew list's login
    s.close()
    return path


@pytest.fixture
def roles_path(_roles_template: Path, tmp_path: Path) -> Path:
    """A private copy of the demo database with a user of every role."""
    return copy_to(_roles_template, tmp_path / "roles.db")


@pytest.fixture
def demo_store(demo_path: Path) -> Store:
    s = open_store(demo_path, "tester", clock=lambda: FIXED_NOW)
    yield s
    s.close()


@pytest.fixture
def colleague(demo_path: Path) -> Store:
    """Another process's connection to the same demo file, as ines (a manager)."""
    s = open_store(demo_path, "ines")
    yield s
    s.close()


def make_show(store: Store, day: str = "2026-10-21") -> int:
    """A tour with one show day in Oslo; returns the gig day id."""
    from tourdesk.services.imports import import_gigs
    from tourdesk.store import gigs, tours

    import_gigs(store, f"date,kind,city,country,timezone,load_in\n{day},show,Oslo,NO,"
                       "Europe/Oslo,14:00\n", "Test tour")
    return gigs.id_on(store, tours.named(store, "Test tour").id, date.fromisoformat(day))


SMALL_CASES = "number,name\nBL01,Guitar world\nBL02,Amps\n"
SMALL_ITEMS = """name,case,serial
Gibson ES-335,BL01,G-1
Fender Strat,BL01,G-2
Fender Twin,BL02,A-1
Ampeg SVT,BL02,A-2
"""


@pytest.fixture
def day(store: Store) -> int:
    """A show day with a small inventory and two templates, "In" and "Out"."""
    from tourdesk.domain.inventory import Phase
    from tourdesk.services.inventory_files import import_inventory
    from tourdesk.store import checklists, inventory
    from tourdesk.store.checklists import TemplateLine

    import_inventory(store, SMALL_ITEMS, SMALL_CASES, names=("items.csv", "cases.csv"))
    gig_id = make_show(store)
    for name, phase in (("In", Phase.LOAD_IN), ("Out", Phase.LOAD_OUT)):
        checklists.add_template(store, name, phase, [
            TemplateLine(case_id=inventory.case_id(store, "BL01")),
            TemplateLine(case_id=inventory.case_id(store, "BL02")),
            TemplateLine(text="Set lists taped"),
        ])
    return gig_id


class CliResult(Result):
    """What a `tourdesk` command left: click's result, also readable as a finished
    process's (`returncode`)."""

    @property
    def returncode(self) -> int:
        return self.exit_code


def run_cli(*args: str, wrapper: tuple[str, ...] = (), env: dict[str, str | None] | None = None,
            stdin: str | bytes | None = None, cwd: Path | None = None) -> CliResult:
    """`tourdesk ARGS` in this process, as `main` runs it: the same exit statuses (2 for a
    refusal, 1 for a crash), stdin as bytes, stdout and stderr apart, and an unexpected
    exception's traceback on stderr as Python would print it. With a `wrapper` (another
    user, another namespace) it runs as its own process."""
    if wrapper:
        return run_cli_process(*args, wrapper=wrapper, env=env, stdin=stdin)
    from click.testing import CliRunner

    from tourdesk.cli import cli

    with contextlib.chdir(cwd) if cwd else contextlib.nullcontext():
        result = CliRunner().invoke(cli, list(args), input=stdin, env=env, prog_name="tourdesk")
    fields = vars(result)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        crash = "".join(traceback.format_exception(*result.exc_info)).encode()
        fields = {**fields, "stderr_bytes": result.stderr_bytes + crash,
                  "output_bytes": result.output_bytes + crash}
    return CliResult(**fields)


def run_cli_process(*args: str, wrapper: tuple[str, ...] = (),
                    env: dict[str, str | None] | None = None,
                    stdin: str | bytes | None = None) -> CliResult:
    """`tourdesk ARGS` as its own process, as a user runs it (no terminal on stdin): for
    what only a process shows (the real binary's exit status, another user's rights)."""
    from click.testing import CliRunner

    environ = {**os.environ, **(env or {})}
    done = subprocess.run([*wrapper, PYTHON, "-m", "tourdesk", *args], capture_output=True,
                          env={k: v for k, v in environ.items() if v is not None}, timeout=60,
                          input=stdin.encode() if isinstance(stdin, str) else stdin or b"")
    return CliResult(CliRunner(), done.stdout, done.stderr, done.stdout + done.stderr, None,
                     done.returncode, None)


def assert_one_line_refusal(result: CliResult, *fragments: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("tourdesk: ")
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0]
    assert result.stdout == ""


def real_terminal(argv: list[str], **kwargs: object):
    """`argv` on a real pseudo-terminal, driven as the benchmarks drive it."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from benchmarks.terminal import Terminal

    return Terminal(argv, **kwargs)


def old_schema_copy(new: Path, old: Path, steps: int = 12) -> None:
    """`new`'s rows in a file made by the first `steps` schema steps, as an older tourdesk
    wrote it: opening or restoring it runs every later step."""
    import sqlite3

    from tourdesk.store.schema import MIGRATIONS

    conn = sqlite3.connect(old, isolation_level=None)
    for n, step in enumerate(MIGRATIONS[:steps]):
        for statement in step:
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {n + 1}")
    conn.execute("ATTACH ? AS new", [str(new)])
    conn.execute("PRAGMA foreign_keys = OFF")
    for (table,) in conn.execute("SELECT name FROM main.sqlite_master WHERE type = 'table' "
                                 "AND name NOT LIKE 'sqlite_%'").fetchall():
        cols = ", ".join(f"[{r[1]}]" for r in conn.execute(f"PRAGMA main.table_info([{table}])"))
        conn.execute(f"DELETE FROM main.[{table}]")
        conn.execute(f"INSERT INTO main.[{table}] ({cols}) SELECT {cols} FROM new.[{table}]")
    conn.execute("DETACH new")
    conn.close()
