"""Equipment commands for scripts: inventory in and out, carnet, checklists, flags."""

import csv
import io

from test_cli import DEMO_TOUR, run

from conftest import SMALL_CASES, SMALL_ITEMS


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
    missing = [line for line in shown.stdout.splitlines() if line.startswith("missing")]
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
    again = run("--db", str(demo_path), "flags", "resolve", flag_id)
    assert again.returncode == 2 and "already resolved" in again.stderr


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
