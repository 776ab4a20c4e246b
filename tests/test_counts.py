"""Counts and amounts read the same everywhere: a tour's shows with cancelled ones
named apart, and amounts grouped with their decimals (CSV keeps plain numbers)."""

import csv
import io
import re

from click.testing import CliRunner

from tourdesk.cli import cli
from tourdesk.domain.kinds import show_count
from tourdesk.domain.money import Money, amounts_shown
from tourdesk.store import open_store, tours

DEMO = "Northern Lights Tour 2026"


def test_show_count_words():
    assert show_count(39, 1) == "39 shows + 1 cancelled"
    assert show_count(1) == "1 show"
    assert show_count(0) == "0 shows"


def test_info_and_the_tour_list_count_shows_as_the_overview_does(demo_path):
    store = open_store(demo_path, "tester")
    [summary] = tours.summaries(store)
    store.close()
    assert (summary.shows, summary.cancelled) == (39, 1)  # the overview's 39, not 40
    out = CliRunner().invoke(cli, ["--db", str(demo_path), "info"]).stdout
    assert f"{DEMO}: 62 days, 39 shows + 1 cancelled, 2026-10-01 to 2026-12-01" in out
    listed = CliRunner().invoke(cli, ["--db", str(demo_path), "tour", "list"]).stdout
    assert listed.splitlines()[0].split()[4:6] == ["shows", "cancelled"]
    assert listed.splitlines()[1].split()[-3:] == ["39", "1", "62"]


def test_amounts_are_shown_grouped_and_exported_plain(demo_path):
    assert Money(8329000, "EUR").shown() == "83,290.00"
    assert Money(123456, "JPY").shown() == "123,456"
    assert amounts_shown([Money(125000, "EUR"), Money(40000, "GBP")]) == \
        "1,250.00 EUR + 400.00 GBP"
    args = ["--db", str(demo_path), "pay", "ledger", "--tour", DEMO, "--today", "2026-10-20"]
    ledger = CliRunner().invoke(cli, args).stdout
    total = ledger.splitlines()[-1]
    assert total.startswith("outstanding on the tour: ") and "," in total
    exported = CliRunner().invoke(cli, ["--db", str(demo_path), "export", "budget", "--tour",
                                        DEMO, "--today", "2026-10-20"]).stdout
    rows = list(csv.DictReader(io.StringIO(exported)))
    amounts = [r[c] for r in rows for c in ("estimate", "actual", "estimate_home") if r[c]]
    assert len(amounts) > 50 and all(re.fullmatch(r"-?\d+\.\d\d", a) for a in amounts)
