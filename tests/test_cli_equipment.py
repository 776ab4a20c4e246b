"""Equipment commands for scripts: inventory in and out, carnet, checklists, flags."""

import csv
import io

import pytest
from test_cli import DEMO_TOUR, run

from conftest import SMALL_CASES, SMALL_ITEMS, run_cli


def test_inventory_import_export_round_trip(tmp_path, db_path):
    (tmp_path / "cases.csv").write_text(SMALL_CASES)
    (tmp_path / "items.csv").write_text(SMALL_ITEMS)
    result = run("--db", str(db_path), "inventory", "import", str(tmp_path / "items.csv"),
                 "--cases", str(tmp_path / "cases.csv"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "2 cases and 4 items added"
    items = list(csv.DictReader(io.StringIO(
        run("--db", str(db_path), "inventory", "export").stdout)))
    assert [(i["case"], i["name"], i["serial"]) for i in items] == [
        ("BL01", "Fender Strat", "G-2"), ("BL01", "Gibson ES-335", "G-1"),
        ("BL02", "Ampeg SVT", "A-2"), ("BL02", "Fender Twin", "A-1")]
    out = tmp_path / "cases-out.csv"
    run("--db", str(db_path), "inventory", "export", "--cases", "-o", str(out))
    assert out.read_text().splitlines()[1].startswith("BL01,Guitar world")


def test_a_bad_inventory_file_exits_2_and_adds_nothing(tmp_path, db_path):
    (tmp_path / "items.csv").write_text("name,case,serial\nTwin,BL99,X\n")
    result = run("--db", str(db_path), "inventory", "import", str(tmp_path / "items.csv"))
    assert result.returncode == 2
    assert "line 2, column 'case': case BL99 does not exist" in result.stderr
    assert run("--db", str(db_path), "inventory", "export").stdout.count("\n") == 1


def test_carnet_to_a_file(demo_path, tmp_path):
    out = tmp_path / "carnet.csv"
    result = run("--db", str(demo_path), "carnet", "--case", "BL01", "-o", str(out))
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(out.open()))
    assert rows[0][:3] == ["case", "description", "serial"]
    assert {r[0] for r in rows[1:]} == {"BL01", "total case BL01", "total"}


def test_checklist_show_add_and_templates(demo_path):
    shown = run("--db", str(demo_path), "checklist", "show", "--tour", DEMO_TOUR,
                "2026-10-19", "Load-out")
    assert shown.returncode == 0, shown.stderr
    assert "Load-out (Load-out, 2026-10-19): 439/440 done, 1 missing" in shown.stdout
    missing = [line for line in shown.stdout.splitlines() if line.split()[1:2] == ["missing"]]
    assert len(missing) == 1 and "GLP impression X4 Bar 20" in missing[0]
    assert "2026-10-20 00:05" in missing[0]  # Paris clock, not UTC
    templates = run("--db", str(demo_path), "checklist", "templates").stdout
    assert "Backline line check" in templates
    added = run("--db", str(demo_path), "checklist", "add", "--tour", DEMO_TOUR,
                "--template", "Backline line check", "2026-10-21")
    assert added.returncode == 0, added.stderr
    again = run("--db", str(demo_path), "checklist", "add", "--tour", DEMO_TOUR,
                "--template", "Backline line check", "2026-10-21")
    assert again.returncode == 2
    assert "already has a checklist called 'Backline line check'" in again.stderr


def test_flags_list_and_resolve(demo_path):
    listing = run("--db", str(demo_path), "flags", "list").stdout.splitlines()
    assert listing[0].split()[:3] == ["id", "flag", "case"]
    assert len(listing) == 3
    flag_id = next(line.split()[0] for line in listing[1:] if "damaged" in line)
    done = run("--db", str(demo_path), "--as", "ines", "flags", "resolve", flag_id,
               "--note", "repaired in Cologne")
    assert done.returncode == 0, done.stderr
    assert len(run("--db", str(demo_path), "flags", "list").stdout.splitlines()) == 2
    again = run("--db", str(demo_path), "flags", "resolve", flag_id, "--note", "again")
    assert again.returncode == 2 and "already resolved, by ines" in again.stderr
    assert "repaired in Cologne" in again.stderr  # theirs, shown


def cli(path, *args):
    """The command in this process: stdout and stderr apart."""
    return run_cli("--db", str(path), *args)


LX = ("--tour", DEMO_TOUR, "2026-10-20", "Lighting & video load-in")
LOST = "X4B20-189252"  # marked missing at the Paris load-out on 19 Oct


def test_a_case_tick_leaves_the_missing_item_pending_and_says_why(demo_path):
    result = cli(demo_path, "checklist", "tick", *LX, "--case", "LX05")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (f"case LX05: 3 ticked; 1 left pending, flag open: LX05 GLP "
                             f"impression X4 Bar 20 ({LOST}): missing since 19 Oct, Paris\n")
    shown = cli(demo_path, "checklist", "show", *LX).stdout
    lost = next(line for line in shown.splitlines() if LOST in line)
    assert lost.split()[1] == "pending" and "missing since 19 Oct, Paris (flag" in lost
    assert "missing  LX05  GLP impression X4 Bar 20" in cli(demo_path, "flags", "list").stdout


def test_a_tick_of_the_missing_item_is_refused_until_its_flag_is_resolved(demo_path):
    refused = cli(demo_path, "checklist", "tick", *LX, "--serial", LOST.lower())
    assert refused.exit_code == 2 and refused.stdout == ""
    assert refused.stderr.count("\n") == 1
    assert "is missing since 19 Oct, Paris (flag 2): close the flag with a note first" in \
        refused.stderr
    no_note = cli(demo_path, "flags", "resolve", "2")
    assert no_note.exit_code == 2 and "tourdesk: note: say how" in no_note.stderr
    done = cli(demo_path, "flags", "resolve", "2", "--note", "found in the truck")
    assert done.exit_code == 0, done.stderr
    assert "GLP impression X4 Bar 20 missing since 19 Oct, Paris; found in the truck" in \
        done.stdout
    ticked = cli(demo_path, "checklist", "tick", *LX, "--serial", LOST)
    assert (ticked.exit_code, ticked.stdout) == (
        0, f"LX05 GLP impression X4 Bar 20 ({LOST}): done\n")


def test_mark_by_line_then_take_it_back(demo_path):
    line = next(line.split()[0] for line in cli(demo_path, "checklist", "show", *LX)
                .stdout.splitlines() if "X4B20-991810" in line)
    marked = cli(demo_path, "checklist", "mark", *LX, "--line", line, "damaged",
                 "--note", "lens cracked")
    assert marked.exit_code == 0, marked.stderr
    assert marked.stdout.endswith(": damaged; flag 3: damaged since 20 Oct, Brussels\n")
    flags = cli(demo_path, "flags", "list").stdout
    assert "lens cracked" in flags
    again = cli(demo_path, "checklist", "mark", *LX, "--line", line, "damaged")
    assert again.exit_code == 2 and "already damaged; nothing changed" in again.stderr
    back = cli(demo_path, "checklist", "tick", *LX, "--line", line, "--undo")
    assert back.exit_code == 0 and back.stdout.endswith(": pending\n")
    assert "lens cracked" not in cli(demo_path, "flags", "list").stdout  # corrected


@pytest.mark.parametrize(("args", "reason"), [
    (("--serial", "X", "--line", "1"), "--serial or --line or --case: give exactly one "
                                       "(not --serial and --line)"),
    ((), "give exactly one"),
    (("--line", "0"), "--line 0: Lighting & video load-in on 2026-10-20 has lines 1 to 70"),
    (("--serial", "NOPE"), "--serial NOPE: no entry with that serial"),
    (("--case", "ZZ99"), "--case ZZ99: no case ZZ99 on this list"),
])
def test_a_tick_that_names_nothing_exits_2_in_one_line(demo_path, args, reason):
    result = cli(demo_path, "checklist", "tick", *LX, *args)
    assert result.exit_code == 2 and reason in result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("tourdesk: ")


def test_a_list_that_does_not_exist_is_named_with_the_days_lists(demo_path):
    result = cli(demo_path, "checklist", "tick", "--tour", DEMO_TOUR, "2026-10-20", "Lights",
                 "--line", "1")
    assert result.exit_code == 2
    assert "no checklist 'Lights' on 2026-10-20 (lists: Advance" in result.stderr


def test_import_templates_then_use_one(tmp_path, demo_path):
    path = tmp_path / "t.json"
    path.write_text('[{"name": "Merch", "phase": "load_out", "lines": ["Float counted"]}]')
    result = run("--db", str(demo_path), "import", "templates", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1 checklist templates added"
    assert "Merch" in run("--db", str(demo_path), "checklist", "templates").stdout
    again = run("--db", str(demo_path), "import", "templates", str(path))
    assert again.returncode == 2
    assert "t.json template 1 name: a template called 'Merch' already exists" in again.stderr


def test_crew_export_imports_back_and_a_bad_row_adds_nobody(tmp_path, demo_path, db_path):
    exported = run("--db", str(demo_path), "crew", "export").stdout
    assert exported.splitlines()[0].startswith("name,roles,group,login")
    path = tmp_path / "people.csv"
    path.write_text(exported)
    result = run("--db", str(db_path), "crew", "import", str(path))
    assert result.returncode == 0, result.stderr
    assert run("--db", str(db_path), "crew", "export").stdout == exported
    again = run("--db", str(db_path), "crew", "import", str(path))
    assert again.returncode == 2 and "name Maren Holt is already in the crew list" in again.stderr
    path.write_text("name,email,day_rate\nNew Person,new@example.org,12.345\n")
    bad = run("--db", str(tmp_path / "other.db"), "crew", "import", str(path))
    assert bad.returncode == 2
    assert "line 2, column 'day_rate'" in bad.stderr
    assert run("--db", str(tmp_path / "other.db"), "crew", "list").stdout.count("\n") == 1


def test_staff_commands_assign_warn_and_report(demo_path):
    tour = ("--db", str(demo_path))
    conflicts = run(*tour, "staff", "conflicts")
    assert conflicts.returncode == 1
    assert "2026-10-24  understaffed: Live Music Hall needs 2 backline tech, has 1" in (
        conflicts.stdout)
    added = run(*tour, "staff", "assign", "--tour", DEMO_TOUR, "--call", "11:00",
                "2026-10-24", "Arjen Post", "backline tech")
    assert added.returncode == 0, added.stderr
    assert "inactive: Arjen Post is marked inactive" in added.stderr
    shown = run(*tour, "crew", "show", "arjen", "--from", "2026-10-24").stdout
    assert "Live Music Hall" in shown and "11:00" in shown
    assert "understaffed" not in run(*tour, "staff", "conflicts").stdout
    assert run(*tour, "staff", "rules", "--rest-hours", "12").stdout.strip() == (
        "rest between days: 12 h")
    assert "short rest" in run(*tour, "staff", "conflicts").stdout
