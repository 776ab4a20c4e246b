"""One rule for "today": the working day turns at 06:00 on the clock of the place the
tour is at, from the store's clock (injected here), never the host's zone (the suite
runs in Pacific/Chatham, where it is already midday when Paris is at 01:00)."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from tourdesk.cli import cli
from tourdesk.domain.localtime import working_day
from tourdesk.services.budgets import budget
from tourdesk.services.payouts import tour_ledger
from tourdesk.services.today import place_zone, working_today
from tourdesk.store import open_store, tours

DEMO = "Northern Lights Tour 2026"
PARIS = ZoneInfo("Europe/Paris")
ONE_AM_PARIS = datetime(2026, 10, 20, 1, 0, tzinfo=PARIS)  # after the 19 Oct show


@pytest.mark.parametrize(("local", "day"), [
    (datetime(2026, 10, 20, 0, 30), date(2026, 10, 19)),
    (datetime(2026, 10, 20, 5, 59), date(2026, 10, 19)),
    (datetime(2026, 10, 20, 6, 0), date(2026, 10, 20)),
    (datetime(2026, 10, 25, 2, 30), date(2026, 10, 24)),  # the autumn clock change night
    (datetime(2026, 3, 29, 5, 30), date(2026, 3, 28)),    # and the spring one
])
def test_before_six_in_the_morning_is_still_the_day_before(local, day):
    instant = local.replace(tzinfo=PARIS)
    assert working_day(instant.astimezone(UTC), "Europe/Paris") == day


def test_the_zone_decides_not_the_host():
    instant = ONE_AM_PARIS.astimezone(UTC)  # 2026-10-19 23:00 UTC; 12:00 in Chatham
    assert working_day(instant, "Europe/Paris") == date(2026, 10, 19)
    assert working_day(instant, "Pacific/Auckland") == date(2026, 10, 20)  # 12:00 there
    assert working_day(instant) == date(2026, 10, 19)  # UTC without a place
    with pytest.raises(ValueError, match="aware"):
        working_day(datetime(2026, 10, 20, 1, 0))


def test_the_tours_today_is_on_the_clock_of_where_it_is(demo_path):
    store = open_store(demo_path, "tester", clock=lambda: ONE_AM_PARIS.astimezone(UTC))
    tour_id = tours.named(store, DEMO).id
    assert place_zone(store, tour_id, date(2026, 10, 19)) == "Europe/Paris"
    assert working_today(store, tour_id) == date(2026, 10, 19)
    store.clock = lambda: datetime(2026, 10, 20, 6, 30, tzinfo=PARIS)
    assert working_today(store, tour_id) == date(2026, 10, 20)
    store.close()


@pytest.fixture
def run_at_one_am(monkeypatch):
    """Commands run in this process with the store's clock at 01:00 in Paris."""
    from tourdesk.cli import base

    real = base.open_store
    monkeypatch.setattr(base, "open_store", lambda *a, **k: real(
        *a, **k, clock=lambda: ONE_AM_PARIS.astimezone(UTC)))

    def run(*args: str) -> str:
        result = CliRunner().invoke(cli, list(args))
        assert result.exit_code == 0, result.stderr
        return result.stdout

    return run


def test_crew_pay_owed_at_one_in_the_morning_is_the_same_in_the_cli_and_the_services(
        demo_path, run_at_one_am):
    store = open_store(demo_path, "tester", clock=lambda: ONE_AM_PARIS.astimezone(UTC))
    tour_id = tours.named(store, DEMO).id
    today = working_today(store, tour_id)  # what every screen asks
    crew_pay = budget(store, tour_id, today).rollup
    owed = tour_ledger(store, tour_id, today)
    store.close()
    db = ("--db", str(demo_path))
    shown = run_at_one_am(*db, "budget", "show", "--tour", DEMO)
    assert shown == run_at_one_am(*db, "budget", "show", "--tour", DEMO,
                                  "--today", "2026-10-19")
    assert shown != run_at_one_am(*db, "budget", "show", "--tour", DEMO,
                                  "--today", "2026-10-20")  # the host's date: wrong
    crew = next(c for c in crew_pay.categories if c.category == "crew_pay")
    assert crew.actual.shown() in next(line for line in shown.splitlines() if "crew" in line)
    ledger = run_at_one_am(*db, "pay", "ledger", "--tour", DEMO)
    assert ledger == run_at_one_am(*db, "pay", "ledger", "--tour", DEMO,
                                   "--today", "2026-10-19")
    assert owed.outstanding()  # something is owed, so the comparison says something
