"""The SQLite file: pragmas, migrations, and constraints that live in the schema."""

import json
import sqlite3

import pytest

from tourdesk.domain.kinds import ContractState, GigKind, GigStatus, ScheduleKind
from tourdesk.domain.models import Tour
from tourdesk.store import open_store, tours, tracked
from tourdesk.store.errors import ConflictError
from tourdesk.store.schema import SCHEMA_VERSION


def test_every_connection_has_the_required_pragmas(store):
    pragma = lambda name: store.conn.execute(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
    assert pragma("journal_mode") == "wal"
    assert pragma("foreign_keys") == 1
    assert pragma("synchronous") == 2  # FULL
    assert pragma("busy_timeout") >= 5000


def test_a_new_file_is_migrated_to_the_current_version(db_path, store):
    assert store.schema_version() == SCHEMA_VERSION
    raw = sqlite3.connect(db_path)
    names = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"tours", "venues", "gig_days", "schedule_items", "changes"} <= names


def test_reopening_does_not_migrate_again(db_path, store):
    tours.add(store, Tour(name="Kept"))
    store.close()
    again = open_store(db_path, "tester")
    assert [t.name for t in tours.summaries(again)] == ["Kept"]
    again.close()


def _insert(store, sql, params=()):
    with store.write() as db:
        db.execute(sql, params)


NOW = "2026-10-20T09:00:00+00:00"


def _tour(store):
    return tours.add(store, Tour(name="T"))


@pytest.mark.parametrize("column,values,bad", [
    ("kind", GigKind, "gig"),
    ("status", GigStatus, "maybe"),
    ("contract", ContractState, "verbal"),
])
def test_vocabularies_are_check_constraints(store, column, values, bad):
    tour_id = _tour(store)
    row = {"kind": "show", "status": "confirmed", "contract": "none"}
    sql = ("INSERT INTO gig_days (tour_id, date, city, kind, status, contract, updated_at,"
           " updated_by) VALUES (?, ?, 'Oslo', :kind, :status, :contract, ?, 'x')")
    sql = sql.replace("?, ?", ":tour, :date").replace("?, 'x'", ":now, 'x'")
    for i, value in enumerate(values):
        _insert(store, sql, {**row, column: value.value, "tour": tour_id,
                             "date": f"2026-11-{i + 1:02d}", "now": NOW})
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        _insert(store, sql, {**row, column: bad, "tour": tour_id, "date": "2026-12-01",
                             "now": NOW})


def test_schedule_kinds_match_the_schema(store):
    tour_id = _tour(store)
    _insert(store, "INSERT INTO gig_days (tour_id, date, kind, city, updated_at, updated_by) "
                   "VALUES (?, '2026-11-01', 'show', 'Oslo', ?, 'x')", (tour_id, NOW))
    sql = ("INSERT INTO schedule_items (gig_day_id, kind, local_date, local_time, timezone,"
           " updated_at, updated_by) VALUES (1, ?, '2026-11-01', '20:00', 'Europe/Oslo', ?, 'x')")
    for kind in ScheduleKind:
        _insert(store, sql, (kind.value, NOW))
    with pytest.raises(sqlite3.IntegrityError):
        _insert(store, sql, ("encore", NOW))


@pytest.mark.parametrize("sql,params", [
    # a date that is not a date
    ("INSERT INTO gig_days (tour_id, date, kind, city, updated_at, updated_by) "
     "VALUES (1, '2026-02-30', 'show', 'Oslo', ?, 'x')", (NOW,)),
    # a gig day of a tour that does not exist
    ("INSERT INTO gig_days (tour_id, date, kind, city, updated_at, updated_by) "
     "VALUES (99, '2026-11-01', 'show', 'Oslo', ?, 'x')", (NOW,)),
    # a show with neither venue nor city (travel and off days may have no place)
    ("INSERT INTO gig_days (tour_id, date, kind, updated_at, updated_by) "
     "VALUES (1, '2026-11-01', 'show', ?, 'x')", (NOW,)),
    # latitude without longitude
    ("INSERT INTO venues (name, city, country, timezone, latitude, updated_at, updated_by) "
     "VALUES ('V', 'Oslo', 'NO', 'Europe/Oslo', 59.9, ?, 'x')", (NOW,)),
    # lowercase country code
    ("INSERT INTO venues (name, city, country, timezone, updated_at, updated_by) "
     "VALUES ('V', 'Oslo', 'no', 'Europe/Oslo', ?, 'x')", (NOW,)),
    # a wall time that is not HH:MM
    ("INSERT INTO schedule_items (gig_day_id, kind, local_date, local_time, timezone, "
     "updated_at, updated_by) VALUES (1, 'set', '2026-11-01', '25:00', 'Europe/Oslo', ?, 'x')",
     (NOW,)),
    # a change without an actor
    ("INSERT INTO changes (at, actor, entity, entity_id, action) "
     "VALUES (?, '', 'tours', 1, 'insert')", (NOW,)),
])
def test_constraints_refuse_bad_rows_even_bypassing_python(store, sql, params):
    _tour(store)
    with pytest.raises(sqlite3.IntegrityError):
        _insert(store, sql, params)


def test_one_gig_day_per_date_per_tour(store):
    tour_id = _tour(store)
    sql = ("INSERT INTO gig_days (tour_id, date, kind, city, updated_at, updated_by) "
           "VALUES (?, '2026-11-01', 'show', 'Oslo', ?, 'x')")
    _insert(store, sql, (tour_id, NOW))
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        _insert(store, sql, (tour_id, NOW))


def test_tour_names_are_unique_ignoring_case(store):
    tours.add(store, Tour(name="Spring Run"))
    with pytest.raises(ConflictError, match="already has the same"):
        tours.add(store, Tour(name="spring run"))


def test_every_change_records_who_when_and_what(store):
    tour_id = tours.add(store, Tour(name="T", artist="A"))
    tracked.update(store, "tours", tour_id, {"artist": "B"})
    rows = list(store.db.query("SELECT * FROM changes ORDER BY id"))
    assert [r["action"] for r in rows] == ["insert", "update"]
    assert {r["actor"] for r in rows} == {"tester"}
    assert rows[1]["at"] == NOW
    assert json.loads(rows[1]["before"])["artist"] == "A"
    assert json.loads(rows[1]["after"])["artist"] == "B"
    assert json.loads(rows[1]["after"])["version"] == 2


def test_a_stale_version_is_refused_not_overwritten(store):
    tour_id = tours.add(store, Tour(name="T"))
    tracked.update(store, "tours", tour_id, {"artist": "first"}, expected_version=1)
    with pytest.raises(ConflictError, match="after you opened it"):
        tracked.update(store, "tours", tour_id, {"artist": "second"}, expected_version=1)
    assert tours.get(store, tour_id).artist == "first"


def test_a_failed_write_leaves_nothing_behind(store):
    with pytest.raises(RuntimeError), store.write():
        tours.add(store, Tour(name="Half done"))
        raise RuntimeError("crash mid-transaction")
    assert tours.summaries(store) == []
    assert list(store.db.query("SELECT * FROM changes")) == []


def test_a_file_of_the_first_version_is_upgraded_keeping_its_data(db_path):
    from tourdesk.store.schema import MIGRATIONS

    raw = sqlite3.connect(db_path)
    for statement in MIGRATIONS[0]:
        raw.execute(statement)
    raw.execute("PRAGMA user_version = 1")
    raw.execute("INSERT INTO tours (name, updated_at, updated_by) VALUES ('Old', ?, 'x')", [NOW])
    raw.commit()
    raw.close()
    store = open_store(db_path, "tester")
    assert store.schema_version() == SCHEMA_VERSION > 1
    assert [t.name for t in tours.summaries(store)] == ["Old"]
    assert store.db["checklist_entries"].exists()
    store.close()


def test_a_write_inside_a_read_snapshot_is_refused_not_lost(store):
    with pytest.raises(RuntimeError, match="inside read"), store.read():
        tours.add(store, Tour(name="Would vanish"))
    assert tours.summaries(store) == []
    tours.add(store, Tour(name="Kept"))  # the store is usable afterwards
    assert [t.name for t in tours.summaries(store)] == ["Kept"]


# sha256 (first 16 hex digits) of each released step's statements joined by newlines.
# A released step is frozen: a file at that version already ran it. Text shared between
# steps (column blocks, vocabularies) must not change them either. Add the new step's
# digest here when it is released; never change one.
RELEASED_STEPS = {
    1: "777c4d7ee1a232ec", 2: "e2319cc9dfad3ba9", 3: "70e39d2d5ad1e3c7",
    4: "a360ef4559697f67", 5: "c669b5d7c33dbf12", 6: "c8eefcb07bfba8f2",
    7: "40c06abb8b544618", 8: "849a3c306035c34f", 9: "c18b04f07b4f320b",
    10: "67fdda2eddda98b3", 11: "298666bb5b2fabcc", 12: "b2ee2cdee5566be8",
    13: "a32f19d0017c5aa8", 14: "d455734fff49fd29", 15: "7d92d9b3c30945ed",
    16: "c7725ed9f54333f6", 17: "69fb85e889d6e816", 18: "adeb5a906b2626de",
    19: "ea84948334804faf", 20: "0b07f309c8ae0fa7", 21: "cdb864e1ff79883e",
    22: "be5d1496eaab0ac4",
    23: "6e517b85708a8661",
}


def test_released_migration_steps_never_change():
    import hashlib

    from tourdesk.store.schema import MIGRATIONS

    for step, digest in RELEASED_STEPS.items():
        text = "\n".join(MIGRATIONS[step - 1]).encode()
        assert hashlib.sha256(text).hexdigest()[:16] == digest, f"step {step} was edited"
    assert len(MIGRATIONS) >= len(RELEASED_STEPS)


def test_v13_moves_settings_and_takes_money_out_of_the_shared_log(db_path):
    """A v12 file: its settings leave `meta` for `settings`, and the change log keeps
    fees, rates, values and the money tables' rows only in change_details."""
    from tourdesk.store.schema import MIGRATIONS

    conn = sqlite3.connect(db_path, isolation_level=None)
    for version, step in enumerate(MIGRATIONS[:12], start=1):
        for statement in step:
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {version}")
    conn.execute("INSERT INTO meta (key, value) VALUES ('rest_hours', '11.0'), "
                 "('geocoder_endpoint', 'nominatim.example'), ('backup_last', '2026-10-19')")
    fee = json.dumps({"id": 1, "gig_day_id": 3, "person_id": 2, "fee_minor": 43210})
    budget = json.dumps({"id": 9, "description": "Bus", "estimate_minor": 500000})
    conn.execute("INSERT INTO changes (at, actor, entity, entity_id, action, before, after) "
                 "VALUES ('t', 'dana', 'assignments', 1, 'update', ?, ?), "
                 "('t', 'dana', 'budget_lines', 9, 'insert', NULL, ?)", [fee, fee, budget])
    conn.close()
    s = open_store(db_path, "tester")
    assert s.conn.execute("SELECT key, value FROM settings ORDER BY key").fetchall() == [
        ("geocoder_endpoint", "nominatim.example"), ("rest_hours", "11.0")]
    assert s.conn.execute("SELECT key FROM meta WHERE key IN ('rest_hours', "
                          "'geocoder_endpoint', 'backup_last')").fetchall() == [("backup_last",)]
    shared = s.conn.execute("SELECT entity, before, after FROM changes ORDER BY id").fetchall()
    assert "43210" not in json.dumps(shared) and "500000" not in json.dumps(shared)
    assert json.loads(shared[0][2])["person_id"] == 2  # what is not money stays
    assert shared[1][1:] == (None, None)
    details = [json.loads(r[0]) for r in s.conn.execute(
        "SELECT after FROM change_details ORDER BY change_id")]
    assert details[0]["fee_minor"] == 43210 and details[1]["estimate_minor"] == 500000
    s.close()


def test_v21_keeps_feeds_made_before_and_serves_them_as_they_were(db_path):
    """A v20 file with a live feed: it still opens its calendar after the step, has no
    kept address (its maker is told plainly), and a new feed gets one."""
    import pytest

    from tourdesk.domain.errors import ValidationError
    from tourdesk.services import feed_addresses
    from tourdesk.store import feeds
    from tourdesk.store.schema import MIGRATIONS

    conn = sqlite3.connect(db_path, isolation_level=None)
    for version, step in enumerate(MIGRATIONS[:20], start=1):
        for statement in step:
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {version}")
    token = "t" * 43
    conn.execute("INSERT INTO feeds (token_hash, audience, created_at, version, updated_at, "
                 "updated_by) VALUES (?, 'crew', 't', 1, 't', 'tester')",
                 [feeds.token_hash(token)])
    conn.close()
    s = open_store(db_path, "tester")
    try:
        old = feeds.find(s, token)
        assert old is not None and old.first_fetched_at is None
        with pytest.raises(ValidationError, match="made before addresses were kept"):
            feed_addresses.show_again(s, old.id)
        made, address = feed_addresses.create(s, None, "band")
        assert feed_addresses.show_again(s, made.id) == address
    finally:
        s.close()
