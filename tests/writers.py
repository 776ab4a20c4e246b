"""Real processes writing one database file as fast as they can.

Each writer alternates a checklist tick (`checklists.set_state`, with a note naming the
write) and an edit of a venue's notes (`venues.update`), and prints that name on a
line of its own, flushed, once the write's COMMIT has returned: every printed name is
an acknowledged write. The parent then finds each one in the database: the tick's
`checklist_events` row and the edit's `changes` row carry the name.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from tourdesk.domain.inventory import Phase
from tourdesk.services.imports import import_venues
from tourdesk.store import Store, checklists, venues
from tourdesk.store.checklists import EntrySpec

from conftest import PYTHON, make_show

WRITER = r"""
import sys, time
from dataclasses import replace
from tourdesk.domain.inventory import EntryState
from tourdesk.store import checklists, open_store, venues
path, actor, count, start = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
entries = [int(x) for x in sys.argv[5].split(",")]
venue_id = int(sys.argv[6])
store = open_store(path, actor)
while time.time() < start:
    time.sleep(0.001)
states = (EntryState.DONE, EntryState.PENDING)
i = 0
while count < 0 or i < count:
    name = f"{actor}#{i}"
    if i % 2 == 0:
        n = i // 2
        checklists.set_state(store, [entries[n % len(entries)]], states[n // len(entries) % 2],
                             note=name)
    else:
        venues.update(store, replace(venues.get(store, venue_id), notes=name))
    print(name, flush=True)  # after COMMIT returned: acknowledged
    i += 1
"""


def prepare(store: Store, entries: int = 40) -> tuple[list[int], int]:
    """A show day with a checklist of `entries` lines and one venue to edit."""
    gig_id = make_show(store)
    list_id = checklists.create(store, gig_id, "Load-in", Phase.LOAD_IN,
                                [EntrySpec(label=f"Item {n}") for n in range(entries)])
    import_venues(store, "name,city,country,timezone\nBlue Hall,Oslo,NO,Europe/Oslo\n")
    entry_ids = [e.id for e in checklists.view(store, list_id).entries]
    return entry_ids, venues.find(store, "Blue Hall", "Oslo").id


def launch(script: str, *args: object) -> subprocess.Popen[str]:
    """`python -c script args...` with its output piped back as text."""
    return subprocess.Popen([PYTHON, "-c", script, *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def together() -> float:
    """A moment (epoch seconds) by which children started now are all up and waiting:
    pass it to each, and they begin at the same instant."""
    return time.time() + 1.5


def start_writer(path: Path, actor: str, entry_ids: Sequence[int], venue_id: int, *,
                 count: int = -1, start: float = 0.0) -> subprocess.Popen[str]:
    """A writer process; with `count` -1 it writes until it is killed."""
    return launch(WRITER, path, actor, count, start, ",".join(map(str, entry_ids)), venue_id)


def start_together(path: Path, actors: Iterable[str], entry_ids: Sequence[int],
                   venue_id: int, count: int) -> list[subprocess.Popen[str]]:
    start = together()
    return [start_writer(path, a, entry_ids, venue_id, count=count, start=start)
            for a in actors]


def acknowledged(stdout: str) -> list[str]:
    """The complete lines a writer printed (a line cut off by a kill is not an ack)."""
    return stdout.split("\n")[:-1] if stdout else []


def written(store: Store) -> list[str]:
    """Every write's name found in the database, one per row that carries it."""
    ticks = store.conn.execute(
        "SELECT new_note FROM checklist_events WHERE new_note LIKE '%#%'").fetchall()
    edits = store.conn.execute(
        "SELECT json_extract(after, '$.notes') FROM changes WHERE entity = 'venues' "
        "AND action = 'update'").fetchall()
    return [r[0] for r in ticks + edits]


def integrity(path: Path) -> str:
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()
