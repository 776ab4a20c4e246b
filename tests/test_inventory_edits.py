"""Items and cases edited in place: fields, cases, retirement; lists not started follow
the change, started ones keep what was ticked; stale edits and other roles refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tourdesk.domain.access import GRANTS, Capability
from tourdesk.domain.errors import ValidationErrors
from tourdesk.domain.inventory import EntryState, item_from_fields, item_to_fields
from tourdesk.services import inventory_edits as edits
from tourdesk.services.checklists import add_from_template
from tourdesk.store import checklists, inventory, open_store
from tourdesk.store.errors import ConflictError, ForbiddenError, NotFoundError, StaleEditError

from conftest import FIXED_NOW, ROLE_LOGINS, run_cli


def _labels(store, checklist_id):
    return [(e.case_number, e.label, e.serial) for e in checklists.view(store, checklist_id).entries
            if e.item_id is not None]


def test_item_text_round_trips_through_the_import_rules():
    item = item_from_fields({"name": "Ampeg SVT", "case": "BL02", "serial": "A-2",
                             "value": "1699.00", "currency": "EUR", "ownership": "rented",
                             "vendor": "Northway", "rental_start": "2026-09-28",
                             "rental_cost": "450.00", "rental_currency": "GBP",
                             "weight_kg": "35.5", "origin": "US"})
    assert item_from_fields(item_to_fields(item)) == item


def test_set_changes_only_what_is_given_and_is_logged(store, day):
    item, _ = edits.set_item(store, "g-1", {"name": "Gibson ES-335 Sunburst", "value": "3499",
                                            "currency": "GBP"})
    assert (item.name, item.case_number, str(item.value), item.version) == (
        "Gibson ES-335 Sunburst", "BL01", "3499.00 GBP", 2)
    log = store.db.execute("SELECT actor, before, after FROM changes WHERE entity = 'items' "
                           "AND action = 'update'").fetchall()
    assert len(log) == 1 and log[0][0] == "tester"
    assert json.loads(log[0][2])["name"] == "Gibson ES-335 Sunburst"


def test_an_item_is_found_by_id_too_and_unknown_ones_are_named(store, day):
    twin = inventory.item_by_serial(store, "A-1")
    item, _ = edits.set_item(store, str(twin.id), {"notes": "spare valves in the lid"})
    assert item.serial == "A-1" and item.notes == "spare valves in the lid"
    with pytest.raises(NotFoundError, match="no item with serial number or id 'Z-9'"):
        edits.set_item(store, "Z-9", {"name": "x"})


def test_bad_input_names_the_field_and_changes_nothing(store, day):
    with pytest.raises(ValidationErrors, match="quantity"):
        edits.set_item(store, "G-1", {"quantity": "3"})
    with pytest.raises(ConflictError, match="g-2 is already on another item"):
        edits.set_item(store, "G-1", {"serial": "g-2"})
    with pytest.raises(NotFoundError, match="case BL09 does not exist"):
        edits.move_item(store, "G-1", "BL09")
    assert inventory.item_by_serial(store, "G-1").version == 1


def test_lists_not_started_follow_and_started_ones_keep_what_was_ticked(store, day):
    fresh = add_from_template(store, day, "Out")
    started = add_from_template(store, day, "In")
    strat = next(e for e in checklists.view(store, started).entries if e.serial == "G-2")
    checklists.set_state(store, [strat.id], EntryState.DONE)
    _, followed = edits.set_item(store, "G-2", {"name": "Fender Stratocaster '62"})
    edits.move_item(store, "G-2", "BL02")
    assert ("BL02", "Fender Stratocaster '62", "G-2") in _labels(store, fresh)
    assert ("BL01", "Fender Strat", "G-2") in _labels(store, started)
    assert (followed.entries, followed.kept) == (1, 1)
    assert followed.text() == ("1 entry on lists not started changed too; 1 list started or "
                               "past kept as they were")


def test_a_case_renumbered_moves_with_its_items_on_lists_not_started(store, day):
    fresh = add_from_template(store, day, "Out")
    case, followed = edits.set_case(store, "BL01", {"number": "GT01", "name": "Guitars"})
    assert (case.number, case.name) == ("GT01", "Guitars")
    assert {c for c, _, _ in _labels(store, fresh)} == {"GT01", "BL02"}
    assert followed.entries == 2
    with pytest.raises(ConflictError, match="case number bl02 is already taken"):
        edits.set_case(store, "GT01", {"number": "bl02"})


def test_a_retired_item_leaves_new_lists_and_listings_but_not_history(store, day):
    started = add_from_template(store, day, "In")
    fresh = add_from_template(store, day, "Out")
    first = checklists.view(store, started).entries[0]
    checklists.set_state(store, [first.id], EntryState.DONE)
    item, followed = edits.retire_item(store, "A-1")
    assert item.retired_on == FIXED_NOW.date()
    assert "A-1" not in [i.serial for i in inventory.items(store)]
    assert "A-1" in [i.serial for i in inventory.items(store, retired=True)]
    assert "A-1" not in [s for _, _, s in _labels(store, fresh)]  # not started: it left
    assert "A-1" in [s for _, _, s in _labels(store, started)]  # started: kept
    assert (followed.entries, followed.kept) == (1, 1)
    later = add_from_template(store, day, "In", "In again")
    assert "A-1" not in [s for _, _, s in _labels(store, later)]
    with pytest.raises(ConflictError, match="retired on 2026-10-20 already"):
        edits.retire_item(store, "A-1")
    back, _ = edits.retire_item(store, "A-1", back=True)
    assert back.retired_on is None and "A-1" in [i.serial for i in inventory.items(store)]


def test_a_stale_edit_is_refused_with_who_saved_first(store, day):
    seen = inventory.item_by_serial(store, "G-1")
    edits.set_item(store, "G-1", {"notes": "first"})
    edited = edits.edited_item(seen, {"notes": "second"})
    with pytest.raises(StaleEditError):
        edits.save_item(store, edited, seen.version)
    assert inventory.item_by_serial(store, "G-1").notes == "first"


def test_every_role_that_edits_equipment_sees_money():
    """An edit never writes a value it could not read: only roles that see money edit."""
    assert all(Capability.READ_MONEY in grants for grants in GRANTS.values()
               if Capability.WRITE_EQUIPMENT in grants)


def test_an_edit_by_a_role_blind_to_money_leaves_values_alone(store, day, monkeypatch):
    edits.set_item(store, "G-1", {"value": "3499.00", "currency": "EUR"})
    blind = inventory.item_by_serial(store, "G-1")
    monkeypatch.setattr(type(store), "can", lambda self, c: c is not Capability.READ_MONEY)
    inventory.update_item(store, blind.id, edits.edited_item(
        blind.__class__(**{**{f: getattr(blind, f) for f in blind.__slots__}, "value": None}),
        {"notes": "checked"}), expected_version=blind.version)
    with pytest.raises(ForbiddenError, match="values and rental costs"):
        edits.set_item(store, "G-1", {"value": "1.00"})
    monkeypatch.undo()
    after = inventory.item_by_serial(store, "G-1")
    assert after.notes == "checked" and str(after.value) == "3499.00 EUR"


def _as(path: Path, login: str, *args: str):
    return run_cli("--db", str(path), "--as", login, *args)


def test_cli_edits_items_and_cases(demo_path: Path):
    def run(*args):
        result = _as(demo_path, "tester", *args)
        assert result.exit_code == 0, result.output
        return result.output

    assert "changed" in run("inventory", "set", "DGC-SD12-5399", "--notes", "FOH desk",
                            "--category", "Audio desks")
    assert "is in AU02 now" in run("inventory", "move", "DGC-SD12-5399", "--to", "AU02")
    assert "retired on 2026-10-20" in run("inventory", "retire", "DGC-SD12-5399",
                                          "--on", "2026-10-20")
    assert "DGC-SD12-5399" not in run("inventory", "list")
    assert "2026-10-20" in run("inventory", "list", "--retired")
    assert "changed case AU01" in run("inventory", "case", "set", "AU01", "--name", "FOH world")
    s = open_store(demo_path, "tester", clock=lambda: FIXED_NOW)
    item = inventory.item_by_serial(s, "DGC-SD12-5399")
    assert (item.category, item.case_number, item.notes) == ("Audio desks", "AU02", "FOH desk")


def test_cli_refuses_bad_input_in_one_line(demo_path: Path):
    result = _as(demo_path, "tester", "inventory", "set", "DGC-SD12-5399", "--origin", "XX")
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "origin" in result.output


@pytest.mark.parametrize("args", [
    ["inventory", "set", "DGC-SD12-5399", "--name", "x"],
    ["inventory", "move", "DGC-SD12-5399", "--to", "AU02"],
    ["inventory", "retire", "DGC-SD12-5399"],
    ["inventory", "case", "set", "AU01", "--name", "x"],
])
def test_crew_cannot_edit_the_inventory(roles_path: Path, args: list[str]):
    before = open_store(roles_path, "dana").conn.execute(
        "SELECT count(*) FROM changes").fetchone()[0]
    result = _as(roles_path, ROLE_LOGINS["crew"], *args)
    assert result.exit_code == 2
    assert "rob (crew) may not change equipment" in result.output
    assert open_store(roles_path, "dana").conn.execute(
        "SELECT count(*) FROM changes").fetchone()[0] == before


def test_the_connection_refuses_a_crew_write_to_items(roles_path: Path):
    s = open_store(roles_path, ROLE_LOGINS["crew"], clock=lambda: FIXED_NOW)
    item = inventory.item_by_serial(s, "DGC-SD12-5399")
    assert item.value is None  # crew read values as nothing
    with pytest.raises(ForbiddenError):
        inventory.update_item(s, item.id, item)


def test_a_past_days_list_keeps_what_it_had_even_unticked(store, day):
    from tourdesk.services.itinerary import add_day
    from tourdesk.store import gigs

    tour_id = gigs.detail(store, day).gig.tour_id
    past = add_day(store, tour_id, {"date": "2026-10-02", "kind": "show", "city": "Bergen",
                                    "country": "NO", "zone": "Europe/Oslo"})
    old = add_from_template(store, past, "In")
    edits.set_item(store, "G-1", {"name": "Gibson ES-335 Cherry"})
    edits.retire_item(store, "G-2")
    assert ("BL01", "Gibson ES-335", "G-1") in _labels(store, old)
    assert ("BL01", "Fender Strat", "G-2") in _labels(store, old)
