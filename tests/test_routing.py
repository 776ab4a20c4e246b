"""Routing: distances against published figures, drive estimates, the flags on a leg."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from test_cli import DEMO_TOUR, run

from tourdesk.domain.errors import ValidationError
from tourdesk.domain.routing import LegFlag, Stop, legs, summary
from tourdesk.domain.travel import DriveRules, geodesic_km
from tourdesk.services import routing
from tourdesk.store import tours

LONDON, PARIS = (51.5074, -0.1278), (48.8566, 2.3522)
BRUSSELS, COLOGNE = (50.8467, 4.3499), (50.9375, 6.9603)


@pytest.mark.parametrize(("a", "b", "published_km"), [
    pytest.param(LONDON, PARIS, 344, id="London-Paris"),
    pytest.param((40.7128, -74.0060), (34.0522, -118.2437), 3944, id="New York-Los Angeles"),
    pytest.param((-33.8688, 151.2093), (-37.8136, 144.9631), 713, id="Sydney-Melbourne"),
    pytest.param((52.5200, 13.4050), (48.1351, 11.5820), 504, id="Berlin-Munich"),
])
def test_distances_agree_with_published_geodesics(a, b, published_km):
    assert geodesic_km(a, b) == pytest.approx(published_km, rel=0.005)


def test_the_drive_estimate_adds_a_break_every_four_and_a_half_hours():
    rules = DriveRules(road_factor=1.25, speed_kmh=75)
    assert rules.drive_hours(300) == pytest.approx(4.0)  # no break yet
    assert rules.drive_hours(450) == pytest.approx(6.0 + 0.75)
    assert rules.drive_hours(750) == pytest.approx(10.0 + 2 * 0.75)


def _stop(n, where, country, day, leaves=None, arrives=None):
    return Stop(gig_id=n, date=day, place=f"place {n}", country=country, coordinates=where,
                leaves=leaves, arrives=arrives)


def test_a_second_night_is_no_leg_and_unplaced_days_are_skipped():
    stops = [_stop(1, LONDON, "GB", date(2026, 10, 16)), _stop(2, LONDON, "GB", date(2026, 10, 17)),
             _stop(3, None, "", date(2026, 10, 18)), _stop(4, PARIS, "FR", date(2026, 10, 19))]
    (leg,) = legs(stops, DriveRules())
    assert (leg.start.gig_id, leg.end.gig_id) == (2, 4)
    assert leg.flags.keys() == {LegFlag.BORDER}
    assert "GB → FR" in leg.flags[LegFlag.BORDER]


def test_a_long_drive_is_flagged_against_the_tours_limit():
    stops = [_stop(1, BRUSSELS, "BE", date(2026, 10, 20)), _stop(2, COLOGNE, "DE", date(2026, 10, 21))]
    (short,) = legs(stops, DriveRules())
    assert LegFlag.LONG_DRIVE not in short.flags
    (slow,) = legs(stops, DriveRules(speed_kmh=20, max_drive_hours=2))
    assert "over the 2 h 00 limit" in slow.flags[LegFlag.LONG_DRIVE]


@pytest.mark.parametrize(("arrives_utc", "flagged"), [
    pytest.param(datetime(2026, 10, 21, 1, 0, tzinfo=UTC), True, id="load-in before the bus arrives"),
    pytest.param(datetime(2026, 10, 21, 8, 0, tzinfo=UTC), False, id="time to spare"),
])
def test_not_enough_time_between_load_out_and_load_in(arrives_utc, flagged):
    # load-out 00:30 in Brussels (CEST, UTC+2) is 22:30 UTC the day before
    leaves = datetime(2026, 10, 20, 22, 30, tzinfo=UTC)
    stops = [_stop(1, BRUSSELS, "BE", date(2026, 10, 20), leaves=leaves),
             _stop(2, COLOGNE, "DE", date(2026, 10, 21), arrives=arrives_utc)]
    (leg,) = legs(stops, DriveRules())
    assert 2 < leg.drive_hours < 4
    assert (LegFlag.NO_TIME in leg.flags) is flagged


def test_rules_are_per_tour_checked_and_kept(demo_store):
    tour = tours.named(demo_store, DEMO_TOUR)
    before, _ = routing.route(demo_store, tour.id)
    routing.set_rules(demo_store, tour.id, speed_kmh=60.0, max_drive_hours=6.0)
    assert routing.rules(demo_store, tour.id) == DriveRules(1.25, 60.0, 6.0)
    after, _ = routing.route(demo_store, tour.id)
    assert [leg.road_km for leg in after] == [leg.road_km for leg in before]
    assert all(b.drive_hours > a.drive_hours for a, b in zip(before, after, strict=True))
    assert summary(after).flagged > summary(before).flagged  # a 6 h limit flags more
    with pytest.raises(ValidationError, match="speed kmh"):
        routing.set_rules(demo_store, tour.id, speed_kmh=500.0)
    assert routing.rules(demo_store, tour.id).speed_kmh == 60.0


def test_cli_route_prints_the_table_and_refuses_bad_rules(demo_path):
    out = run("--db", str(demo_path), "route", "--tour", DEMO_TOUR)
    assert out.returncode == 0, out.stderr
    assert "Ulster Hall, Belfast" in out.stdout and "GB → IE" in out.stdout
    assert "31 legs" in out.stdout and "limit 9 h a day" in out.stdout
    bad = run("--db", str(demo_path), "route", "--tour", DEMO_TOUR, "--speed", "500")
    assert bad.returncode == 2 and "speed kmh" in bad.stderr


async def test_the_route_view_explains_the_leg_under_the_cursor(demo_store):
    from tourdesk.tui.app import TourDeskApp
    from tourdesk.tui.screens.route import RouteScreen

    from conftest import TODAY
    from tui_helpers import press, screen_text, settle

    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "r")
        assert isinstance(app.screen, RouteScreen)
        assert "31 legs" in screen_text(pilot)
        legs_ = app.screen.loaded[0]
        far = next(i for i, leg in enumerate(legs_) if LegFlag.LONG_DRIVE in leg.flags)
        await press(pilot, *["down"] * far)
        text = screen_text(pilot)
        assert "Tavastia, Helsinki → Kulturzentrum Schlachthof, Bremen" in text
        assert "over the 9 h 00 limit" in text
        await press(pilot, "backspace")
        assert not isinstance(app.screen, RouteScreen)
