"""The command line: database selection, acting user, output for scripts, exit codes."""

from tourdesk.store import open_store

from conftest import run_cli

DEMO_TOUR = "Northern Lights Tour 2026"


def run(*args, env=None, cwd=None):
    return run_cli(*args, env=env, cwd=cwd)


def test_help_lists_every_command():
    out = run("--help").stdout
    for command in ("demo", "info", "tour list", "tour add", "gig list", "gig show",
                    "venue list", "import venues", "import gigs"):
        assert f"tourdesk {command}" in out, command


def test_demo_no_open_loads_once_and_a_second_run_adds_nothing(db_path):
    first = run("--db", str(db_path), "demo", "--no-open")
    assert first.returncode == 0, first.stderr
    assert "Loaded 'Northern Lights Tour 2026'" in first.stderr
    store = open_store(db_path)
    counts = {t: store.db[t].count for t in ("tours", "venues", "gig_days", "schedule_items")}
    store.close()
    second = run("--db", str(db_path), "demo", "--no-open")
    assert second.returncode == 0
    assert "already in" in second.stderr and "nothing added" in second.stderr
    store = open_store(db_path)
    assert counts == {t: store.db[t].count for t in counts}
    store.close()


def test_tourdesk_db_env_is_used_and_db_option_wins(tmp_path):
    env_db, opt_db = tmp_path / "env.db", tmp_path / "opt.db"
    assert run("tour", "add", "Env Tour", env={"TOURDESK_DB": str(env_db)}).returncode == 0
    assert run("--db", str(opt_db), "tour", "add", "Opt Tour",
               env={"TOURDESK_DB": str(env_db)}).returncode == 0
    assert "Env Tour" in run("tour", "list", env={"TOURDESK_DB": str(env_db)}).stdout
    listing = run("--db", str(opt_db), "tour", "list").stdout
    assert "Opt Tour" in listing and "Env Tour" not in listing


def test_default_database_lives_in_the_user_data_dir(tmp_path):
    env = {"XDG_DATA_HOME": str(tmp_path / "data")}
    result = run("info", env=env)
    assert result.returncode == 0, result.stderr
    expected = tmp_path / "data" / "tourdesk" / "tourdesk.db"
    assert f"database  {expected}" in result.stdout
    assert expected.exists()


def test_as_sets_the_acting_user_on_every_change(db_path):
    run("--db", str(db_path), "--as", "maria", "tour", "add", "Spring")
    store = open_store(db_path)
    assert [r["actor"] for r in store.db.query("SELECT actor FROM changes")] == ["maria"]
    assert store.db.execute("SELECT updated_by FROM tours").fetchone()[0] == "maria"
    store.close()


def test_gig_list_and_show_print_the_demo_tour(demo_path):
    listing = run("--db", str(demo_path), "gig", "list", "--tour", DEMO_TOUR)
    assert listing.returncode == 0
    lines = listing.stdout.splitlines()
    assert lines[0].split()[:4] == ["date", "day", "kind", "status"]
    assert len(lines) > 50
    first_date = lines[1].split()[0]
    day = run("--db", str(demo_path), "gig", "show", "--tour", DEMO_TOUR, first_date)
    assert day.returncode == 0
    assert DEMO_TOUR in day.stdout


def test_unknown_tour_names_the_ones_there_are(demo_path):
    result = run("--db", str(demo_path), "gig", "list", "--tour", "Nope")
    assert result.returncode == 2
    assert "no tour named 'Nope'" in result.stderr and DEMO_TOUR in result.stderr


def test_bad_import_exits_2_lists_the_problems_and_writes_nothing(tmp_path, db_path):
    bad = tmp_path / "gigs.csv"
    bad.write_text("date,kind,city\n2026-10-01,show,Oslo\n2026-13-01,show,Oslo\n")
    result = run("--db", str(db_path), "import", "gigs", str(bad), "--tour", "T")
    assert result.returncode == 2
    assert "line 3, column 'date'" in result.stderr
    assert result.stdout == ""
    assert "T" not in run("--db", str(db_path), "tour", "list").stdout.splitlines()[1:]


def test_bad_date_argument_is_named(demo_path):
    result = run("--db", str(demo_path), "gig", "show", "--tour", DEMO_TOUR, "2026-31-10")
    assert result.returncode == 2
    assert "DATE: '2026-31-10' is not a date" in result.stderr


def test_a_sheet_with_two_rows_on_a_date_imports_a_day_and_its_further_event(tmp_path,
                                                                             db_path):
    sheet = tmp_path / "gigs.csv"
    sheet.write_text("date,kind,city,country,timezone,set,event\n"
                     "2026-10-01,show,Oslo,NO,Europe/Oslo,21:00,\n"
                     "2026-10-01,show,Drammen,NO,,16:00,Festival\n")
    result = run("--db", str(db_path), "import", "gigs", str(sheet), "--tour", "T")
    assert result.returncode == 0, result.stderr
    assert "1 gig days added to 'T' (new tour), 1 further events" in result.stdout
    listed = run("--db", str(db_path), "event", "list", "--tour", "T", "2026-10-01")
    assert "Festival" in listed.stdout and "Drammen" in listed.stdout
    sheet.write_text(sheet.read_text().replace("16:00,Festival", "16:30,Festival"))
    preview = run("--db", str(db_path), "import", "gigs", str(sheet), "--tour", "T",
                  "--update")
    assert preview.stdout.splitlines() == ["2026-10-01 'Festival': Set 16:00 → 16:30"]
    assert "nothing written: --yes applies these 1 changes" in preview.stderr
