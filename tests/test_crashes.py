"""A writer killed at random moments loses nothing it acknowledged and never damages
the file; a dropped SSH session (SIGHUP) loses nothing either."""

import os
import random
import signal
import time
from collections import Counter

import pytest

from tourdesk.domain.inventory import EntryState
from tourdesk.store import checklists, open_store

from conftest import PYTHON, real_terminal
from writers import acknowledged, integrity, prepare, start_writer, written

ROUNDS = 20


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_no_acknowledged_write(db_path, store):
    entry_ids, venue_id = prepare(store)
    store.close()
    rng = random.Random(20261020)
    acked: list[str] = []
    for n in range(ROUNDS):
        proc = start_writer(db_path, f"round{n}", entry_ids, venue_id)
        first = proc.stdout.readline()  # it is writing now
        assert first, proc.stderr.read()
        time.sleep(rng.uniform(0.0, 0.2))
        proc.send_signal(signal.SIGKILL)
        rest, _ = proc.communicate(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        acked += acknowledged(first + rest)
        # the next open recovers the WAL: the file is sound after every kill
        assert integrity(db_path) == "ok", f"round {n}"
    check = open_store(db_path, "check")
    found = Counter(written(check))
    missing = [name for name in acked if found[name] != 1]
    assert not missing, missing[:5]
    assert len(acked) > ROUNDS  # each round got some writes in before the kill
    check.close()


@pytest.mark.slow
def test_a_dropped_ssh_session_keeps_the_tick_and_exits_cleanly(db_path, store, tmp_path):
    entry_ids, _ = prepare(store, entries=3)
    term = real_terminal([PYTHON, "-m", "tourdesk", "--db", str(db_path), "checklist", "open",
                        "--tour", "Test tour", "2026-10-21", "Load-in"],
                       env={"TOURDESK_USER": "ssh-user"})
    try:
        term.wait_for(b"Item 0")
        term.send(b" ")  # tick the first line
        deadline = time.monotonic() + 30
        while checklists.entry(store, entry_ids[0]).state != EntryState.DONE:
            assert time.monotonic() < deadline, "the tick never arrived"
            time.sleep(0.05)
        # the link drops: sshd closes the terminal and the session gets SIGHUP
        os.killpg(term.proc.pid, signal.SIGHUP)
        os.close(term.master)
        term.master = os.open(os.devnull, os.O_RDONLY)  # for close()
        code = term.proc.wait(timeout=30)
    finally:
        term.close()
    assert code == 0, bytes(term.output)[-2000:]
    assert b"Traceback" not in term.output
    again = open_store(db_path, "check")
    tick = again.conn.execute("SELECT actor, new_state FROM checklist_events "
                              "WHERE entry_id = ?", [entry_ids[0]]).fetchall()
    assert tick == [("ssh-user", "done")]
    again.close()
    assert integrity(db_path) == "ok"
