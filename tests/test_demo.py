"""The demo tour is realistic enough to exercise every rule the app has."""

from collections import Counter
from datetime import datetime, time, timedelta
from itertools import pairwise

from tourdesk.domain import localtime
from tourdesk.domain.kinds import GigKind
from tourdesk.services.demo import demo_data_dir, load_demo
from tourdesk.store import gigs, tours, venues


def _tour_rows(store):
    tour = tours.named(store, "Northern Lights Tour 2026")
    return gigs.rows_for_tour(store, tour.id)


def test_shape_of_the_tour(demo_store):
    rows = _tour_rows(demo_store)
    kinds = Counter(r.kind for r in rows)
    assert 38 <= kinds[GigKind.SHOW] <= 45
    assert kinds[GigKind.OFF] >= 3 and kinds[GigKind.TRAVEL] >= 3
    span = rows[-1].date - rows[0].date
    assert timedelta(weeks=8) <= span <= timedelta(weeks=10)
    assert len({r.country for r in rows}) >= 3
    assert len({r.timezone for r in rows if r.timezone}) >= 2


def test_a_daylight_saving_change_falls_inside_the_tour(demo_store):
    rows = _tour_rows(demo_store)
    zones = {r.timezone for r in rows if r.timezone}

    def offset(zone_name, day):
        return localtime.zone(zone_name).utcoffset(datetime.combine(day, time(12)))

    changed = [z for z in zones if offset(z, rows[0].date) != offset(z, rows[-1].date)]
    assert changed, "no zone of the tour changes its clocks between first and last day"


def test_multi_night_runs_and_past_midnight_items(demo_store):
    rows = _tour_rows(demo_store)
    runs = sum(1 for a, b in pairwise(rows)
               if a.venue and a.venue == b.venue and (b.date - a.date).days == 1)
    assert runs >= 2
    past_midnight = [
        item for r in rows if r.kind is GigKind.SHOW
        for item in gigs.detail(demo_store, r.id).items if item.on != r.date
    ]
    assert len(past_midnight) >= 3


def test_every_venue_is_placed_with_a_zone(demo_store):
    listing = venues.listing(demo_store)
    assert len(listing) >= 25
    for v in listing:
        assert v.venue.latitude is not None and v.venue.longitude is not None, v.venue.name
        localtime.zone(v.venue.timezone)
        assert v.gig_days >= 1, f"{v.venue.name} is never played"


def test_loading_twice_adds_nothing(demo_store):
    before = {t: demo_store.db[t].count for t in ("tours", "venues", "gig_days", "changes")}
    result = load_demo(demo_store)
    assert not result.loaded
    assert before == {t: demo_store.db[t].count for t in before}


def test_the_demo_files_are_plain_import_files(store):
    """The demo is nothing but the import a user would run on their own CSVs."""
    from tourdesk.services.imports import import_gigs, import_venues

    folder = demo_data_dir()
    import_venues(store, folder / "venues.csv")
    result = import_gigs(store, folder / "gigs.csv", "Mine")
    assert result.added == len(_rows_in(folder / "gigs.csv"))


def _rows_in(path):
    return [line for line in path.read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
