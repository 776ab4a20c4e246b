"""Several real processes ticking one checklist on one file: no tick is lost, nobody
sees "database is locked", and every acknowledged tick is in the log."""

import json

import pytest

from tourdesk.domain.inventory import Phase
from tourdesk.store import checklists, open_store
from tourdesk.store.checklists import EntrySpec

from conftest import make_show
from writers import launch, together

TICKER = r"""
import json, sys, time
from tourdesk.domain.inventory import EntryState
from tourdesk.store import checklists, open_store
path, actor, start = sys.argv[1], sys.argv[2], float(sys.argv[3])
ids = json.loads(sys.argv[4])
store = open_store(path, actor)
while time.time() < start:
    pass
acknowledged = []
for entry_id in ids:
    checklists.set_state(store, [entry_id], EntryState.DONE)   # one transaction per tick
    checklists.set_note(store, entry_id, f"seen by {actor}")
    acknowledged.append(entry_id)
print(json.dumps(acknowledged))
"""


@pytest.mark.slow
def test_four_processes_ticking_the_same_list(db_path, store):
    gig_id = make_show(store)
    list_id = checklists.create(store, gig_id, "Load-in", Phase.LOAD_IN,
                                [EntrySpec(label=f"Item {n}") for n in range(240)])
    ids = [e.id for e in checklists.view(store, list_id).entries]
    start = together()
    # each process has its own quarter, and all of them also fight over the first 40
    shares = [ids[:40] + ids[40 + n::4] for n in range(4)]
    procs = [launch(TICKER, db_path, f"crew{n}", start, json.dumps(share))
             for n, share in enumerate(shares)]
    outputs = [p.communicate(timeout=120) for p in procs]
    acknowledged = []
    for p, (out, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err
        assert "locked" not in err
        acknowledged += json.loads(out)
    assert len(acknowledged) == sum(len(s) for s in shares)
    view = checklists.view(open_store(db_path, "check"), list_id)
    assert all(e.state.value == "done" for e in view.entries)
    # every acknowledged tick and note left its event: nothing silently dropped
    events = store.db.execute("SELECT count(*) FROM checklist_events").fetchone()[0]
    first = ",".join("?" * 40)
    contested = store.db.execute(
        f"SELECT count(*) FROM checklist_events WHERE entry_id IN ({first})"
        " AND new_note LIKE 'seen%'", ids[:40]).fetchone()[0]
    assert contested == 4 * 40  # all four notes on each contested entry were written in turn
    # one event per entry for pending -> done, one per acknowledged note
    assert events == len(ids) + len(acknowledged)
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
