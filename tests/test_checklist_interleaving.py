"""Two people on one checklist, interleaved deterministically.

Two Store objects (two connections) on one real file. Every checklist read-then-write
calls `checklists._between_read_and_write` after its read, inside its transaction; the
tests replace it so the other person tries a conflicting write at exactly that moment.
The rule: that write cannot slip in (the first holds the write lock from before its
read), and when it comes after, the one whose view went stale is refused, told who
changed it, and nothing of the other's is overwritten.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from tourdesk.domain.inventory import EntryState as S
from tourdesk.services import checklists as field
from tourdesk.services.checklists import add_from_template
from tourdesk.store import Store, checklists, open_store
from tourdesk.store.errors import BusyError, ConflictError


@pytest.fixture
def ines(db_path, day) -> Store:
    other = open_store(db_path, "ines", clock=lambda: datetime(2026, 10, 20, 9, 5, tzinfo=UTC))
    other.conn.execute("PRAGMA busy_timeout = 0")  # locked out at once, never waits
    yield other
    other.close()


@pytest.fixture
def list_id(store, day) -> int:
    return add_from_template(store, day, "In")


def entries(store, list_id):
    return {e.label: e for e in checklists.view(store, list_id).entries}


def race(monkeypatch: pytest.MonkeyPatch, theirs: Callable[[], object]) -> list[str]:
    """Run `theirs` once, at the moment the next checklist write has read what it
    depends on; records whether it got in."""
    said: list[str] = []

    def between() -> None:
        if said:
            return
        said.append("fired")
        try:
            theirs()
            said.append("got in")
        except BusyError:
            said.append("locked out")

    monkeypatch.setattr(checklists, "_between_read_and_write", between)
    return said


def test_a_note_never_undoes_a_tick_made_while_it_was_saved(store, ines, list_id, monkeypatch):
    strat = entries(store, list_id)["Fender Strat"]  # what the note editor was opened on
    said = race(monkeypatch, lambda: field.tick_entry(ines, strat.id, seen=S.PENDING))
    noted = checklists.set_note(store, strat.id, "new strings", expect_note=strat.note)
    assert said == ["fired", "locked out"]
    assert noted.state is S.PENDING
    # ines's tick goes through once the note is saved, on the state she saw
    field.tick_entry(ines, strat.id, seen=S.PENDING)
    after = entries(store, list_id)["Fender Strat"]
    assert (after.state, after.set_by, after.note) == (S.DONE, "ines", "new strings")


def test_a_note_saved_after_a_tick_keeps_the_tick(store, ines, list_id):
    strat = entries(store, list_id)["Fender Strat"]  # the note editor opens on pending
    field.tick_entry(ines, strat.id, seen=S.PENDING)  # ines ticks meanwhile
    noted = checklists.set_note(store, strat.id, "new strings", expect_note=strat.note)
    assert (noted.state, noted.note) == (S.DONE, "new strings")
    log = [(r["actor"], r["old_state"], r["new_state"]) for r in store.db.query(
        "SELECT * FROM checklist_events ORDER BY id")]
    assert log == [("ines", "pending", "done"), ("tester", "done", "done")]


def test_a_note_over_a_note_changed_meanwhile_is_refused_showing_theirs(store, ines, list_id):
    strat = entries(store, list_id)["Fender Strat"]
    checklists.set_note(ines, strat.id, "left pickup buzzes")
    with pytest.raises(ConflictError, match="ines changed the note meanwhile to "
                                            "'left pickup buzzes'; yours was not saved"):
        checklists.set_note(store, strat.id, "new strings", expect_note=strat.note)
    assert entries(store, list_id)["Fender Strat"].note == "left pickup buzzes"


def _mark_missing(who: Store, entry_id: int, seen: S = S.PENDING) -> object:
    return field.mark(who, entry_id, S.MISSING, seen=seen)


@pytest.mark.parametrize("mine", ["tick", "mark", "case tick"])
def test_a_write_on_what_it_read_cannot_be_overtaken(store, ines, list_id, monkeypatch, mine):
    twin = entries(store, list_id)["Fender Twin"]
    said = race(monkeypatch, lambda: _mark_missing(ines, twin.id))
    if mine == "tick":
        field.tick_entry(store, twin.id, seen=S.PENDING)
    elif mine == "mark":
        field.mark(store, twin.id, S.DAMAGED, seen=S.PENDING)
    else:
        field.tick_case(store, list_id, "BL02")  # read inside its transaction
    assert said == ["fired", "locked out"]
    mine_now = entries(store, list_id)["Fender Twin"]
    # ines tries again on what she saw (pending): refused, and told who changed it
    with pytest.raises(ConflictError, match=f"Fender Twin \\(A-1\\) was set to "
                                            f"{mine_now.state} by tester meanwhile"):
        _mark_missing(ines, twin.id)
    assert entries(store, list_id)["Fender Twin"] == mine_now


def test_a_case_tick_on_a_stale_view_is_refused_naming_who(store, ines, list_id):
    e = entries(store, list_id)
    seen = {e["Ampeg SVT"].id: S.PENDING, e["Fender Twin"].id: S.PENDING}
    _mark_missing(ines, e["Fender Twin"].id)
    with pytest.raises(ConflictError, match="set to missing by ines meanwhile; nothing changed"):
        field.tick_case(store, list_id, "BL02", seen=seen)
    assert entries(store, list_id)["Ampeg SVT"].state is S.PENDING  # all or nothing


def test_undo_cannot_be_overtaken_and_refuses_after_a_change(store, ines, list_id, monkeypatch):
    twin = entries(store, list_id)["Fender Twin"]
    field.tick_entry(store, twin.id, seen=S.PENDING)
    said = race(monkeypatch, lambda: _mark_missing(ines, twin.id, seen=S.DONE))
    [undone] = checklists.undo_last(store, list_id)
    assert said == ["fired", "locked out"] and undone.state is S.PENDING
    with pytest.raises(ConflictError, match="set to pending by tester meanwhile"):
        _mark_missing(ines, twin.id, seen=S.DONE)

    field.tick_entry(store, twin.id, seen=S.PENDING)
    monkeypatch.undo()
    _mark_missing(ines, twin.id, seen=S.DONE)
    with pytest.raises(ConflictError, match="set to missing by ines after you; not undone"):
        checklists.undo_last(store, list_id)
    assert entries(store, list_id)["Fender Twin"].state is S.MISSING


def test_resolving_a_flag_cannot_be_overtaken(store, ines, list_id, monkeypatch):
    twin = entries(store, list_id)["Fender Twin"]
    _mark_missing(ines, twin.id)
    [flag] = checklists.open_flags(store)
    said = race(monkeypatch, lambda: checklists.resolve_flag(ines, flag.id, "in the van"))
    checklists.resolve_flag(store, flag.id, "found under the riser")
    assert said == ["fired", "locked out"]
    with pytest.raises(ConflictError, match="already resolved, by tester on 20 Oct: "
                                            "found under the riser"):
        checklists.resolve_flag(ines, flag.id, "in the van")


def test_the_test_seam_is_where_a_stale_read_would_show(store, ines, list_id, monkeypatch):
    """The race helper does catch a read-then-write that reads outside its transaction:
    a note saved the old way (read, then write what was read) loses the tick."""
    strat = entries(store, list_id)["Fender Strat"]

    def old_set_note(who: Store, entry_id: int, note: str) -> None:
        current = checklists.entry(who, entry_id)  # read outside the write
        checklists._between_read_and_write()
        checklists.set_state(who, [entry_id], current.state, note=note)

    said = race(monkeypatch, lambda: field.tick_entry(ines, strat.id, seen=S.PENDING))
    old_set_note(store, strat.id, "new strings")
    assert said == ["fired", "got in"]
    assert entries(store, list_id)["Fender Strat"].state is S.PENDING  # the lost tick
