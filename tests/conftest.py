"""Shared fixtures. Every test runs with a foreign TZ and a private data dir, so no
test depends on the host's clock zone or touches a real user's database."""

from __future__ import annotations

import os
import shutil
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tourdesk.services.demo import load_demo
from tourdesk.store import Store, open_store

# Far from Europe on purpose: code that leaks the host zone shows up as wrong hours.
os.environ["TZ"] = "Pacific/Chatham"
time.tzset()

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


@pytest.fixture
def demo_path(_demo_template: Path, tmp_path: Path) -> Path:
    """A private copy of the demo database for one test."""
    path = tmp_path / "demo.db"
    shutil.copy(_demo_template, path)
    return path


@pytest.fixture
def demo_store(demo_path: Path) -> Store:
    s = open_store(demo_path, "tester", clock=lambda: FIXED_NOW)
    yield s
    s.close()
