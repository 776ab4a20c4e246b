"""The money commands: results on stdout, one-line refusals with exit status 2, and
exports a spreadsheet cannot run."""

import csv
import io

from conftest import run_cli

DEMO = "Northern Lights Tour 2026"


def run(db, *args):
    result = run_cli("--db", str(db), "--as", "tester", *args)
    return result


def test_budget_show_rolls_up_in_the_home_currency(demo_path):
    out = run(demo_path, "budget", "show", "--tour", DEMO, "--today", "2026-10-20")
    assert out.exit_code == 0, out.output
    assert "amounts in EUR" in out.output
    assert "over budget: hotels" in out.output
    assert "not counted" not in out.output


def test_a_line_typed_in_german_format_and_its_actual(demo_path):
    assert run(demo_path, "budget", "settings", "--tour", DEMO, "--locale", "de").exit_code == 0
    out = run(demo_path, "budget", "add", "--tour", DEMO, "--day", "2026-10-21", "--side",
              "expense", "--category", "production", "--description", "=cmd|' /C calc'!A0",
              "--estimate", "1.250")
    assert out.exit_code == 0, out.output
    line_id = out.output.split()[2]
    out = run(demo_path, "budget", "actual", line_id, "1.310,40 €")
    assert out.exit_code == 0 and "1,310.40 EUR" in out.output
    exported = run(demo_path, "export", "budget", "--tour", DEMO, "--format", "csv",
                   "--today", "2026-10-20").output
    rows = list(csv.DictReader(io.StringIO(exported)))
    mine = next(r for r in rows if "calc" in r["description"])
    assert mine["description"].startswith("'=")  # neutralised: no spreadsheet runs it
    assert (mine["estimate"], mine["actual"]) == ("1250.00", "1310.40")
    profit = next(r for r in rows if r["category"] == "profit")
    assert profit["actual_home"].startswith("'-")  # a loss so far, and still not a formula
    gbp = next(r for r in rows if r["currency"] == "GBP" and r["source"] == "typed")
    assert "1 GBP = 1.1580 EUR" in gbp["rate"]


def test_bad_input_is_refused_in_one_line_with_status_2(demo_path):
    for args, why in [
        (("budget", "add", "--tour", DEMO, "--side", "income", "--category", "merch",
          "--estimate", "$500"), "write the code"),
        (("budget", "add", "--tour", DEMO, "--side", "income", "--category", "merch",
          "--estimate", "1.234"), "ambiguous"),
        (("budget", "rate", "--tour", DEMO, "--from", "GBP", "--to", "EUR", "--rate", "-1",
          "--on", "2026-10-01", "--source", "x"), "rate"),
        (("pay", "record", "--tour", DEMO, "--person", "Nobody", "--amount", "5",
          "--on", "2026-10-20"), "nobody called 'Nobody'"),
        (("pay", "record", "--tour", DEMO, "--person", "Hanna Vogel", "--amount", "-5",
          "--on", "2026-10-20"), "only a correction"),
        (("settle", "set", "--tour", DEMO, "--day", "2026-10-21", "--deal", "versus",
          "--currency", "EUR", "--guarantee", "100"), "percent: is required"),
        (("export", "settlement", "--tour", DEMO, "--day", "2026-10-21"), "no settlement"),
    ]:
        out = run(demo_path, *args)
        assert out.exit_code == 2, (args, out.output)
        assert why in out.output, (args, out.output)


def test_a_settlement_set_shown_and_exported(demo_path):
    out = run(demo_path, "settle", "set", "--tour", DEMO, "--day", "2026-10-21", "--deal",
              "door", "--currency", "EUR", "--percent", "70%", "--tickets",
              "GA:25.00:1000:20", "--tax", "BTW:9%", "--fee", "Ticketing:500")
    # 1000 x 25.00 = 25,000.00; less 9% = 2,250.00 and 500.00: door 22,250.00; 70% = 15,575.00
    assert out.exit_code == 0 and "15,575.00 EUR" in out.output, out.output
    md = run(demo_path, "export", "settlement", "--tour", DEMO, "--day", "2026-10-21").output
    assert "| **Door** | gross less taxes and fees | **22,250.00** |" in md
    assert "**Artist payout: 15,575.00 EUR**" in md
    sheet = run(demo_path, "export", "settlement", "--tour", DEMO, "--day", "2026-10-21",
                "--format", "csv").output
    assert "tax: BTW,9% of gross,'-2250.00,EUR," in sheet


def test_the_ledger_and_a_correction(demo_path):
    out = run(demo_path, "pay", "ledger", "--tour", DEMO, "--today", "2026-10-20")
    assert "outstanding on the tour: " in out.output and " EUR + " in out.output
    out = run(demo_path, "pay", "record", "--tour", DEMO, "--person", "Piet de Vries",
              "--amount", "400", "--on", "2026-10-20", "--method", "cash")
    payment = out.output.split("#")[1].split()[0]
    out = run(demo_path, "pay", "correct", payment, "--on", "2026-10-20", "--note", "typo")
    assert out.exit_code == 0 and "-400.00 EUR" in out.output
    out = run(demo_path, "pay", "ledger", "--tour", DEMO, "--today", "2026-10-20", "--person",
              "Piet de Vries")
    assert f"reverses #{payment}: typo" in out.output
