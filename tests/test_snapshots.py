"""Every screen as the user sees it at 80x24 and at the smallest, 60x20; at 120x36 the
screens whose layout widens there (a wide tier of columns, side-by-side panes).

Regenerate after an intended change with `pytest tests/test_snapshots.py --snapshot-update`
and look at the report before committing.
"""

import pytest

from tourdesk.tui.app import TourDeskApp

from conftest import TODAY
from tui_helpers import press, settle


def _app(store):
    return TourDeskApp(store, today=TODAY)


def _keys(*keys):
    async def run_before(pilot):
        await settle(pilot)
        await press(pilot, *keys)
    return run_before


SCREENS = {
    "overview": (),
    "gig_day": ("enter",),
    "gig_day_on_the_clock_change": ("enter", "n", "n", "n", "n"),
    "venues": ("2", "down", "down"),
    "help": ("question_mark",),
    "inventory": ("3", *["pagedown"] * 3),
    "checklist_picker": ("enter", "c"),
    "checklist": ("enter", "c", "down", "down", "enter"),
    # Paris, the day before: its load-out (after four load-in lists) lost one light bar
    "checklist_missing_filtered": ("enter", "p", "c", *["down"] * 4, "enter", "slash", *"x4 bar"),
    # the board on today's column; "n" jumps to the first conflict (a driver without
    # the bus role on a travel day, 11 Oct)
    "staffing": ("4",),
    "staffing_conflict": ("4", "n"),
    "person": ("4", *["down"] * 7, "enter"),
    "feeds": ("f",),
    "route": ("r", *["down"] * 25),
    # people moving by day: the Hamburg hotel's rooming list under the table
    "travel": ("m", "down", "down", "down"),
    # the Folkestone train in its form, as a manager edits it (the cost field last)
    "travel_segment_form": ("m", "down", "down", "enter"),
    "venue_form_errors": ("2", "n", "enter"),
    "venues_search": ("2", "slash", *"hall"),
    "venue_contacts": ("2", "slash", *"barrowland", "enter", "k"),
    "person_form": ("4", *["down"] * 7, "enter", "E"),
    "gig_day_form": ("enter", "E"),
    # a new schedule item on today's show: what, when, until, where, for whom, note
    "schedule_item_form": ("enter", "a"),
    # the first item of the inventory in its form, and the case it travels in
    "inventory_item_form": ("3", "enter"),
    "inventory_case_form": ("3", "c"),
    # Paradiso on the 22nd: the rigging the listed building declined, with the note why
    "advance": ("enter", "n", "n", "v", *["down"] * 5),
    # tonight's list as the manager sees it: approved, waiting, one declined, the caps
    "guest_list": ("enter", "G", "down"),
    "day_history": ("enter", "h"),
    # the money: categories against their estimates (hotels 15% over), the running profit
    "budget": ("5",),
    "budget_lines": ("5", "l", *["down"] * 6),
    # Paris: guarantee versus 85% of net
    "settlement": ("5", "s", "down", "enter"),
    # Gus McAllister, paid in euros against pounds owed
    "payouts": ("5", "p", *["down"] * 5),
    # one-user mode: nobody listed yet, the form offers the user themself as manager
    "users": ("6",),
    "user_form": ("6", "n"),
}


# Screens with their own layout at 100 or 110 columns and more; the rest at 120x36 is the
# 80x24 picture with more rows or wider cells (the footer's long form shows on each of these).
WIDE = ("overview", "gig_day", "venues", "inventory", "checklist", "route", "budget",
        "budget_lines", "settlement")
SIZED = [(screen, size) for screen in SCREENS for size in ((80, 24), (120, 36), (60, 20))
         if size != (120, 36) or screen in WIDE]


@pytest.mark.parametrize(("screen", "size"), SIZED, ids=[f"{s}-{w}x{h}" for s, (w, h) in SIZED])
def test_screen(snap_compare, demo_store, screen, size):
    assert snap_compare(_app(demo_store), terminal_size=size, run_before=_keys(*SCREENS[screen]))


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_feed_address_shown_again(snap_compare, demo_store, monkeypatch, size):
    """A new feed's address shown again by its maker (`a`): whole, wrapped, never cut."""
    from tourdesk.store import feeds

    monkeypatch.setattr(feeds.secrets, "token_urlsafe", lambda n: "T0kEn_" * 7 + "x")
    assert snap_compare(_app(demo_store), terminal_size=size,
                        run_before=_keys("f", "n", "enter", "enter", "a"))


def _festival(store):
    """A festival slot in Ghent before today's own show."""
    from tourdesk.services import events, itinerary
    from tourdesk.store import gigs, tours

    tour_id = tours.named(store, "Northern Lights Tour 2026").id
    gig_id = gigs.id_on(store, tour_id, TODAY)
    events.add_event(store, gig_id, {"label": "Festival", "city": "Ghent",
                                     "country": "BE", "zone": "Europe/Brussels"})
    for what, at, until in (("soundcheck", "11:00", ""), ("set", "14:00", "15:00")):
        itinerary.add_item(store, gig_id, {"what": what, "at": at, "until": until,
                                           "event": "Festival"})


def test_gig_day_with_a_further_event(snap_compare, demo_store):
    """The day opened from the overview with a festival slot before its own show."""
    _festival(demo_store)
    assert snap_compare(_app(demo_store), terminal_size=(120, 36), run_before=_keys("enter"))


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_further_event_form(snap_compare, demo_store, size):
    """`A` on the day, the festival, then change: its form, every field reachable."""
    _festival(demo_store)
    assert snap_compare(_app(demo_store), terminal_size=size,
                        run_before=_keys("enter", "A", "down", "enter", "enter"))


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_studio_session_form(snap_compare, demo_store, size):
    """`S` on a day with no session yet: the form, the rate fields last (a manager)."""
    assert snap_compare(_app(demo_store), terminal_size=size, run_before=_keys("enter", "S"))

