"""The tour a TUI session shows: picked once, switched only by the user."""

from datetime import date

from tourdesk.services.current_tour import CurrentTour
from tourdesk.services.imports import import_gigs
from tourdesk.store import tours

from conftest import TODAY


def _tour(store, name: str, day: str) -> int:
    import_gigs(store, f"date,kind,city,country,timezone\n{day},show,Oslo,NO,Europe/Oslo\n",
                name)
    return tours.named(store, name).saved_id


def test_the_tour_running_or_next_is_picked_once_and_kept(store):
    over = _tour(store, "Spring", "2026-04-01")
    coming = _tour(store, "Autumn", "2026-11-01")
    current = CurrentTour(store, lambda: TODAY)
    assert current.id is None  # nothing read until a load asks
    assert current.get() == coming
    _tour(store, "Winter", "2026-10-25")  # now running sooner: the session keeps its tour
    assert current.get() == coming
    current.switch(over)
    assert current.id == current.get() == over


def test_a_named_tour_wins_and_an_empty_file_is_asked_again(store):
    current = CurrentTour(store, lambda: date(2026, 10, 20), name="spring")
    assert current.get() is None
    spring = _tour(store, "Spring", "2026-04-01")
    _tour(store, "Autumn", "2026-11-01")
    assert current.get() == spring
