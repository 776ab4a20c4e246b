"""Four real processes making 4,000 ticks and edits on one file as fast as they can:
every acknowledged write is in the database, none is lost, nobody saw "locked"."""

from collections import Counter

import pytest

from tourdesk.store import checklists, open_store, venues

from writers import acknowledged, integrity, prepare, start_together, written

PROCESSES = 4
EACH = 1000


@pytest.mark.slow
def test_four_processes_make_4000_writes_and_none_is_lost(db_path, store):
    entry_ids, venue_id = prepare(store)
    procs = start_together(db_path, [f"crew{n}" for n in range(PROCESSES)], entry_ids,
                           venue_id, EACH)
    acked = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        assert "locked" not in err and "OperationalError" not in err, err
        acked += acknowledged(out)
    assert len(acked) == PROCESSES * EACH
    check = open_store(db_path, "check")
    found = Counter(written(check))
    # every acknowledged write is there exactly once, and nothing else was written
    assert found == Counter(acked)
    # the venue holds the last edit anyone made, the one its last change row recorded
    last = check.conn.execute("SELECT json_extract(after, '$.notes') FROM changes "
                              "WHERE entity = 'venues' ORDER BY id DESC LIMIT 1").fetchone()[0]
    assert venues.get(check, venue_id).notes == last
    assert venues.version(check, venue_id) == 1 + PROCESSES * EACH // 2
    # each entry's note is the last tick's, as its event log says
    for entry_id in entry_ids:
        note = checklists.entry(check, entry_id).note
        logged = check.conn.execute("SELECT new_note FROM checklist_events WHERE entry_id = ? "
                                    "ORDER BY id DESC LIMIT 1", [entry_id]).fetchone()[0]
        assert note == logged
    check.close()
    assert integrity(db_path) == "ok"
