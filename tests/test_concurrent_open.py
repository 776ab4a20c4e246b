"""Several real processes opening one new file at the same instant: each migration
step runs exactly once, nobody sees "database is locked", and all can then write."""

import json
import sqlite3
import subprocess
import time

import pytest

from tourdesk.store.schema import SCHEMA_VERSION

from conftest import PYTHON

CHILD = r"""
import json, sys, time
from tourdesk.domain.models import Tour
from tourdesk.store import open_store, tours
path, start, name = sys.argv[1], float(sys.argv[2]), sys.argv[3]
while time.time() < start:
    pass
store = open_store(path, name)
tours.add(store, Tour(name=name))
print(json.dumps({"name": name, "version": store.schema_version()}))
"""


@pytest.mark.slow
@pytest.mark.parametrize("round_", range(3))
def test_processes_racing_to_create_a_new_file(tmp_path, round_):
    path = tmp_path / f"race-{round_}.db"
    start = time.time() + 1.5  # all children are up and spinning by then
    names = [f"proc{i}" for i in range(4)]
    procs = [subprocess.Popen([PYTHON, "-c", CHILD, str(path), str(start), n],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for n in names]
    results = [p.communicate(timeout=60) for p in procs]
    for p, (out, err) in zip(procs, results, strict=True):
        assert p.returncode == 0, err
        assert "locked" not in err
        assert json.loads(out)["version"] == SCHEMA_VERSION
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert sorted(r[0] for r in conn.execute("SELECT name FROM tours")) == names
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
