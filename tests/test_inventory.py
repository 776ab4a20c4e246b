"""Inventory rules, CSV import/export and the carnet list."""

import csv
import io

import pytest

from tourdesk.domain.errors import ValidationErrors
from tourdesk.domain.inventory import item_from_fields
from tourdesk.domain.money import Money, parse_plain, totals
from tourdesk.services.csv_rows import ImportRejected, spreadsheet_safe
from tourdesk.services.inventory_files import (
    carnet,
    export_cases,
    export_items,
    import_inventory,
)
from tourdesk.store import inventory
from tourdesk.store.errors import ConflictError

from conftest import make_show

CASES = """number,name,length_cm,width_cm,height_cm,empty_weight_kg,notes
BL01,Guitar world,120,60,60,45,
BL02,Amp case,80,50,70,30.5,
"""

ITEMS = """name,category,case,serial,quantity,weight_kg,value,currency,origin,ownership,vendor,rental_start,rental_end,rental_cost,rental_currency,notes
Fender '65 Twin Reverb,Backline,BL02,FT123456,1,29.5,1899.00,EUR,US,owned,,,,,,
Gibson ES-335,Backline,BL01,GB-901,1,3.6,3499.00,GBP,US,owned,,,,,,
XLR cable 10 m,Cables,BL01,,12,0.6,19.90,EUR,CN,owned,,,,,,
Ampeg SVT-CL,Backline,BL02,AMP-777,1,35,1699.00,EUR,US,rented,Northway Backline Hire Ltd,2026-09-28,2026-12-03,450.00,GBP,Backup bass head
"""


def load(store):
    return import_inventory(store, ITEMS, CASES, names=("items.csv", "cases.csv"))


def rows(text):
    return list(csv.reader(io.StringIO(text)))


def test_import_then_export_round_trips(store):
    assert load(store) == (2, 4)
    exported = export_items(store)
    assert rows(exported)[1:] == sorted(rows(ITEMS)[1:], key=lambda r: (r[2], r[0]))
    assert rows(export_cases(store)) == [["number", "name", "length_cm", "width_cm", "height_cm",
                                          "empty_weight_kg", "notes"],
                                         ["BL01", "Guitar world", "120", "60", "60", "45", ""],
                                         ["BL02", "Amp case", "80", "50", "70", "30.5", ""]]


@pytest.mark.parametrize("extra,expected", [
    ("Spare Twin,Backline,BL02,ft123456,1,29,1899.00,EUR,US,owned,,,,,,",
     "line 6, column 'serial': serial number ft123456 is also on line 2"),
    ("Stand,Backline,BL09,,1,,,,,owned,,,,,,",
     "line 6, column 'case': case BL09 does not exist"),
    ("Tuner,Backline,BL01,T-1,2,,,,,owned,,,,,,",
     "line 6, column 'quantity': an item with a serial number is one unit"),
    ("Tuner,Backline,BL01,T-1,1,,19.999,EUR,,owned,,,,,,",
     "line 6, column 'value': '19.999' has more decimals than EUR has (2)"),
    ("Tuner,Backline,BL01,T-1,1,,19.99,,,owned,,,,,,",
     "line 6, column 'currency'"),
    ("Tuner,Backline,BL01,T-1,1,,,,XX,owned,,,,,,",
     "line 6, column 'origin': 'XX' is not an ISO 3166 country code"),
    ("Tuner,Backline,BL01,T-1,1,,,,,owned,Somebody,,,,,",
     "line 6, column 'ownership': vendor and rental fields are for rented items"),
    ("Tuner,Backline,BL01,T-1,1,,,,,rented,,2026-10-02,2026-10-01,,,",
     "line 6, column 'rental_end': 2026-10-01 is before rental_start 2026-10-02"),
])
def test_a_bad_row_names_line_and_field_and_nothing_is_imported(store, extra, expected):
    with pytest.raises(ImportRejected) as err:
        import_inventory(store, ITEMS + extra + "\n", CASES, names=("items.csv", "cases.csv"))
    assert expected in str(err.value)
    assert store.db["items"].count == 0 and store.db["cases"].count == 0


def test_duplicates_against_the_database_are_refused(store):
    load(store)
    with pytest.raises(ImportRejected, match="case number bl01 is already in the inventory"):
        import_inventory(store, None, "number\nbl01\n", names=("", "more-cases.csv"))
    with pytest.raises(ImportRejected, match="serial number FT123456 is already in the inventory"):
        import_inventory(store, "name,serial\nTwin,FT123456\n", names=("more.csv", ""))
    with pytest.raises(ConflictError, match="already on another item"):
        inventory.add_item(store, item_from_fields({"name": "x", "serial": "gb-901"}))


def test_deleting_an_item_keeps_checklist_history(store):
    from tourdesk.store import checklists

    load(store)
    gig_id = make_show(store)
    twin = inventory.item_by_serial(store, "FT123456")
    specs = [checklists.EntrySpec(label=twin.name, item_id=twin.id, serial=twin.serial,
                                  case_number="BL02")]
    list_id = checklists.create(store, gig_id, "Load-in", checklists.Phase.LOAD_IN, specs)
    entry = checklists.view(store, list_id).entries[0]
    checklists.set_state(store, [entry.id], checklists.EntryState.DONE)
    inventory.delete_item(store, twin.id)
    kept = checklists.view(store, list_id).entries[0]
    assert (kept.label, kept.serial, kept.state.value, kept.item_id) == (
        "Fender '65 Twin Reverb", "FT123456", "done", None)


def test_carnet_lists_every_item_with_totals_per_case_and_currency(store):
    load(store)
    lines = rows(carnet(store))
    assert lines[0] == ["case", "description", "serial", "quantity", "weight_kg", "value",
                        "currency", "origin"]
    assert ["BL01", "XLR cable 10 m", "", "12", "7.20", "238.80", "EUR", "CN"] in lines
    case_totals = [r for r in lines if r[0] == "total case BL01"]
    # one line per currency, quantity and weight only on the first
    assert case_totals == [["total case BL01", "", "", "13", "10.80", "238.80", "EUR", ""],
                           ["total case BL01", "", "", "", "", "3499.00", "GBP", ""]]
    overall = [r for r in lines if r[0] == "total"]
    assert overall[0][3:7] == ["15", "75.30", "3836.80", "EUR"]
    assert overall[1][5:7] == ["3499.00", "GBP"]
    only_bl02 = rows(carnet(store, ["bl02"]))
    assert {r[0] for r in only_bl02[1:]} == {"BL02", "total case BL02", "total"}


@pytest.mark.parametrize("cell,safe", [
    ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"), ("+1", "'+1"), ("-2", "'-2"), ("@SUM", "'@SUM"),
    ("Amp", "Amp"), ("", ""),
])
def test_exports_neutralise_formulas(cell, safe):
    assert spreadsheet_safe(cell) == safe


def test_money_is_exact_and_never_mixes_currencies():
    assert parse_plain("0.10", "EUR", "v") == Money(10, "EUR")
    assert parse_plain("1500", "JPY", "v") == Money(1500, "JPY")
    assert parse_plain("1.250", "KWD", "v").plain() == "1.250"
    assert totals([Money(10, "EUR"), Money(5, "GBP"), Money(20, "EUR")]) == [
        Money(30, "EUR"), Money(5, "GBP")]
    with pytest.raises(ValidationErrors):
        item_from_fields({"name": "x", "value": "1.5", "currency": "JPY"})


def test_an_export_with_guarded_cells_imports_back_unchanged(store, tmp_path):
    from tourdesk.store import open_store

    import_inventory(store, "name,case,notes\n+48V phantom box,BL01,- spare fuse inside\n",
                     "number\nBL01\n", names=("items.csv", "cases.csv"))
    exported = export_items(store)
    assert "'+48V phantom box" in exported and "'- spare fuse inside" in exported
    fresh = open_store(tmp_path / "fresh.db", "tester")
    import_inventory(fresh, exported, export_cases(store), names=("items.csv", "cases.csv"))
    [item] = inventory.items(fresh)
    assert (item.name, item.notes) == ("+48V phantom box", "- spare fuse inside")
    fresh.close()
