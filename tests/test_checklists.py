"""Checklist rules: states, who/when, undo, flags that outlive the day, left behind."""

from datetime import UTC, datetime

import pytest

from tourdesk.domain.errors import ValidationError
from tourdesk.domain.inventory import EntryState as S
from tourdesk.domain.inventory import Phase
from tourdesk.services.checklists import add_from_template, load_templates, tick_case
from tourdesk.store import checklists, inventory, open_store
from tourdesk.store.checklists import TemplateLine
from tourdesk.store.errors import ConflictError

from conftest import make_show


def entries(store, list_id):
    return {e.label: e for e in checklists.view(store, list_id).entries}


def test_a_template_expands_whole_cases_into_their_items(store, day):
    list_id = add_from_template(store, day, "In")
    view = checklists.view(store, list_id)
    assert [(e.case_number, e.label) for e in view.entries] == [
        ("BL01", "Fender Strat"), ("BL01", "Gibson ES-335"),
        ("BL02", "Ampeg SVT"), ("BL02", "Fender Twin"), ("", "Set lists taped")]
    assert {e.state for e in view.entries} == {S.PENDING}


def test_a_days_list_changes_for_that_day_only(store, day):
    first = add_from_template(store, day, "In")
    checklists.add_text_entry(store, first, "Borrowed DI from house")
    assert "Borrowed DI from house" in entries(store, first)
    expanded = checklists.template_entries(store, checklists.template_named(store, "In").id)
    assert "Borrowed DI from house" not in [e.label for e in expanded]
    checklists.remove_entry(store, entries(store, first)["Set lists taped"].id)
    assert "Set lists taped" not in entries(store, first)


def test_each_change_records_who_and_when(store, day, db_path):
    list_id = add_from_template(store, day, "In")
    strat = entries(store, list_id)["Fender Strat"]
    [after] = checklists.set_state(store, [strat.id], S.DONE)
    assert (after.state, after.set_by, after.set_at) == (S.DONE, "tester",
                                                         "2026-10-20T09:00:00+00:00")
    other = open_store(db_path, "ines", clock=lambda: datetime(2026, 10, 20, 9, 5, tzinfo=UTC))
    noted = checklists.set_note(other, strat.id, "new strings")
    assert (noted.state, noted.note, noted.set_by) == (S.DONE, "new strings", "ines")
    log = list(store.db.query("SELECT actor, old_state, new_state FROM checklist_events"))
    assert log == [{"actor": "tester", "old_state": "pending", "new_state": "done"},
                   {"actor": "ines", "old_state": "done", "new_state": "done"}]
    other.close()


def test_undo_takes_back_only_my_own_last_change(store, day, db_path):
    list_id = add_from_template(store, day, "In")
    e = entries(store, list_id)
    checklists.set_state(store, [e["Fender Strat"].id], S.DONE)
    checklists.set_state(store, [e["Gibson ES-335"].id], S.MISSING)
    [undone] = checklists.undo_last(store, list_id)
    assert (undone.label, undone.state) == ("Gibson ES-335", S.PENDING)
    assert checklists.open_flags(store) == []  # the flag it raised went with it
    [undone] = checklists.undo_last(store, list_id)
    assert (undone.label, undone.state, undone.set_by) == ("Fender Strat", S.PENDING, None)
    with pytest.raises(ConflictError, match="nothing of yours to undo"):
        checklists.undo_last(store, list_id)

    checklists.set_state(store, [e["Fender Twin"].id], S.DONE)
    other = open_store(db_path, "ines")
    checklists.set_state(other, [e["Fender Twin"].id], S.DAMAGED)
    with pytest.raises(ConflictError, match=r"Fender Twin \(A-1\) was set to damaged by ines "
                                            "after you; not undone"):
        checklists.undo_last(store, list_id)
    assert entries(store, list_id)["Fender Twin"].state is S.DAMAGED
    other.close()


def test_missing_and_damaged_stay_flagged_on_later_days_until_resolved(store, day):
    first = add_from_template(store, day, "In")
    later_day = make_show(store, "2026-10-24")
    later = add_from_template(store, later_day, "In")
    e = entries(store, first)
    checklists.set_state(store, [e["Fender Twin"].id], S.DAMAGED, note="crackles")
    checklists.set_state(store, [e["Ampeg SVT"].id], S.MISSING)
    flags = {f.label: f for f in checklists.open_flags(store)}
    assert set(flags) == {"Fender Twin", "Ampeg SVT"}
    assert flags["Fender Twin"].note == "crackles"
    later_view = checklists.view(store, later)
    flagged = {later_view.flags[i].label for i in later_view.flags}
    assert flagged == {"Fender Twin", "Ampeg SVT"}

    # the missing amp turns up at the next load-in: a tick alone does not close its flag
    svt = entries(store, later)["Ampeg SVT"]
    with pytest.raises(ConflictError, match=r"Ampeg SVT \(A-2\) is missing since 21 Oct, Oslo"
                                            r".*close the flag with a note first"):
        checklists.set_state(store, [svt.id], S.DONE)
    assert entries(store, later)["Ampeg SVT"].state is S.PENDING
    with pytest.raises(ValidationError, match="note"):
        checklists.resolve_flag(store, flags["Ampeg SVT"].id, "  ")
    checklists.resolve_flag(store, flags["Ampeg SVT"].id, "found in the truck")
    checklists.set_state(store, [svt.id], S.DONE)
    # the damaged amp is ticked in on its own: it travels, its flag stays open
    checklists.set_state(store, [entries(store, later)["Fender Twin"].id], S.DONE)
    assert [f.label for f in checklists.open_flags(store)] == ["Fender Twin"]
    checklists.resolve_flag(store, flags["Fender Twin"].id, "new jack fitted")
    assert checklists.open_flags(store) == []
    with pytest.raises(ConflictError, match="already resolved, by tester on 20 Oct: "
                                            "new jack fitted"):
        checklists.resolve_flag(store, flags["Fender Twin"].id, "again")
    closed = [(r["entity"], r["actor"], r["after"]) for r in store.db.query(
        "SELECT * FROM changes WHERE entity = 'item_flags' ORDER BY id")]
    assert [(e, a, '"found in the truck"' in after or '"new jack fitted"' in after)
            for e, a, after in closed] == [("item_flags", "tester", True)] * 2


def test_what_came_in_and_has_not_gone_out_is_counted(store, day):
    load_in = add_from_template(store, day, "In")
    e_in = entries(store, load_in)
    items = [e_in[n].id for n in ("Fender Strat", "Gibson ES-335", "Fender Twin", "Ampeg SVT")]
    checklists.set_state(store, items, S.DONE)
    tour_id = store.db.execute("SELECT tour_id FROM gig_days WHERE id = ?", [day]).fetchone()[0]
    # no load-out list yet: everything that came in is still in
    assert checklists.left_behind_counts(store, tour_id) == {day: 4}
    load_out = add_from_template(store, day, "Out")
    e_out = entries(store, load_out)
    checklists.set_state(store, [e_out["Fender Strat"].id, e_out["Gibson ES-335"].id], S.DONE)
    checklists.set_state(store, [e_out["Fender Twin"].id], S.MISSING)
    checklists.set_state(store, [e_out["Ampeg SVT"].id], S.NA)  # deliberately stays
    assert [e.label for e in checklists.left_behind(store, day)] == ["Fender Twin"]
    assert checklists.left_behind_counts(store, tour_id) == {day: 1}


def test_a_tick_of_a_removed_entry_is_refused_not_lost(store, day, db_path):
    list_id = add_from_template(store, day, "In")
    strat = entries(store, list_id)["Fender Strat"]
    other = open_store(db_path, "ines")
    checklists.remove_entry(other, strat.id)
    with pytest.raises(Exception, match="removed by someone else"):
        checklists.set_state(store, [strat.id], S.DONE)
    other.close()


def test_a_case_and_one_of_its_items_on_a_template_give_the_item_once(store, day):
    template = checklists.add_template(store, "Mixed", Phase.LOAD_IN, [
        TemplateLine(case_id=inventory.case_id(store, "BL01")),
        TemplateLine(case_id=inventory.case_id(store, "BL02")),
        TemplateLine(item_id=inventory.item_by_serial(store, "G-1").id),
    ])
    labels = [e.label for e in checklists.template_entries(store, template)]
    assert labels.count("Gibson ES-335") == 1 and len(labels) == 4


def test_correcting_one_list_keeps_the_flag_another_list_still_raises(store, day):
    first = add_from_template(store, day, "In")
    later = add_from_template(store, make_show(store, "2026-10-24"), "In")
    strat = [entries(store, lst)["Fender Strat"].id for lst in (first, later)]
    checklists.set_state(store, [strat[0]], S.MISSING)
    checklists.set_state(store, [strat[1]], S.MISSING)
    checklists.set_state(store, [strat[0]], S.PENDING)  # day 1 corrected
    assert [f.label for f in checklists.open_flags(store)] == ["Fender Strat"]
    checklists.set_state(store, [strat[1]], S.PENDING)  # and day 2 too
    assert checklists.open_flags(store) == []


def test_undo_takes_back_a_whole_case_ticked_at_once(store, day):
    list_id = add_from_template(store, day, "In")
    e = entries(store, list_id)
    case = [e["Fender Twin"].id, e["Ampeg SVT"].id]
    checklists.set_state(store, [e["Fender Strat"].id], S.DONE)
    checklists.set_state(store, case, S.DONE)
    undone = checklists.undo_last(store, list_id)
    assert sorted(x.label for x in undone) == ["Ampeg SVT", "Fender Twin"]
    after = entries(store, list_id)
    assert (after["Fender Twin"].state, after["Ampeg SVT"].state,
            after["Fender Strat"].state) == (S.PENDING, S.PENDING, S.DONE)


def test_a_tick_on_what_someone_else_just_changed_is_refused(store, day, db_path):
    list_id = add_from_template(store, day, "In")
    twin = entries(store, list_id)["Fender Twin"]
    other = open_store(db_path, "ines")
    checklists.set_state(other, [twin.id], S.MISSING)  # ines: not in its case
    with pytest.raises(ConflictError, match="set to missing by ines meanwhile"):
        checklists.set_state(store, [twin.id], S.DONE, expect={twin.id: S.PENDING})
    assert entries(store, list_id)["Fender Twin"].state is S.MISSING
    other.close()


def _templates_file(tmp_path, text):
    path = tmp_path / "templates.json"
    path.write_text(text, encoding="utf-8")
    return path


def test_templates_from_json_take_cases_single_items_and_lines(store, day, tmp_path):
    path = _templates_file(tmp_path, """[
      {"name": "Guitars", "phase": "load_in", "cases": ["BL02"], "items": ["g-1"],
       "lines": ["Set lists taped"]}]""")
    assert load_templates(store, path) == 1
    list_id = add_from_template(store, day, "Guitars")
    assert [e.label for e in checklists.view(store, list_id).entries] == [
        "Ampeg SVT", "Fender Twin", "Gibson ES-335", "Set lists taped"]


@pytest.mark.parametrize(("text", "message"), [
    ('{"name": "X"}', "templates.json: must hold a list of templates"),
    ('[{"name": "X", "phase": "load_in", "lines": ["a"]},', "not valid JSON"),
    ('[{"name": "Ok", "phase": "load_in", "lines": ["a"]}, {"name": "X", "phase": "soundcheck",'
     ' "lines": ["a"]}]', "templates.json template 2 phase"),
    ('[{"name": "X", "phase": "load_in", "items": ["NOPE-1"]}]',
     "templates.json template 1 items: no item has serial number NOPE-1"),
    ('[{"name": "X", "phase": "load_in", "cases": ["BL99"]}]',
     "templates.json template 1 cases: case BL99 does not exist"),
    ('[{"name": "X", "phase": "load_in", "line": ["typo"]}]',
     "templates.json template 1 line: unknown field"),
    ('[{"name": "X", "phase": "load_in", "lines": [""]}]',
     "templates.json template 1 lines: must be a list of non-empty texts"),
    ('[{"name": "X", "phase": "load_in"}]', "has no cases, items or lines"),
    ('[{"name": "in", "phase": "load_in", "lines": ["a"]}]',
     "template 1 name: a template called 'in' already exists"),
])
def test_a_bad_templates_file_names_the_template_and_field_and_adds_nothing(
        store, day, tmp_path, text, message):  # (day: the template "In" and cases BL01-02)
    before = checklists.templates(store)
    with pytest.raises(ValidationError) as caught:
        load_templates(store, _templates_file(tmp_path, text))
    assert message in f"{caught.value.field}: {caught.value.message}"
    assert checklists.templates(store) == before


def test_a_case_tick_leaves_a_flagged_item_pending_and_the_case_says_why(store, day):
    first = add_from_template(store, day, "In")
    later = add_from_template(store, make_show(store, "2026-10-24"), "In")
    checklists.set_state(store, [entries(store, first)["Ampeg SVT"].id], S.MISSING)
    ticked = tick_case(store, later, "BL02")
    assert [(h.entry.label, h.reason) for h in ticked.held] == [
        ("Ampeg SVT", "missing since 21 Oct, Oslo")]
    now = entries(store, later)
    assert (now["Ampeg SVT"].state, now["Fender Twin"].state) == (S.PENDING, S.DONE)
    assert checklists.held_reasons(store, later) == {"BL02": "1 missing since 21 Oct, Oslo"}
    assert checklists.held_by_entry(checklists.view(store, later)) == {
        now["Ampeg SVT"].id: "missing since 21 Oct, Oslo"}
    assert [f.label for f in checklists.open_flags(store)] == ["Ampeg SVT"]
    # a second case tick changes nothing and still says why
    again = tick_case(store, later, "BL02")
    assert again.entries and again.held[0].reason == "missing since 21 Oct, Oslo"
    # the same rule for a tick of several lines at once
    held = checklists.tick(store, [e.id for e in entries(store, later).values()], S.NA).held
    assert [h.entry.label for h in held] == ["Ampeg SVT"]


def test_a_note_added_after_a_mark_is_the_flags_note(store, day):
    list_id = add_from_template(store, day, "In")
    twin = entries(store, list_id)["Fender Twin"]
    checklists.set_state(store, [twin.id], S.DAMAGED)
    checklists.set_note(store, twin.id, "crackles on the left channel", expect_note="")
    [flag] = checklists.open_flags(store)
    assert (flag.note, flag.since) == ("crackles on the left channel",
                                       "damaged since 21 Oct, Oslo")

