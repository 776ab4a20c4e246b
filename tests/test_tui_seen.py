""""Changed since you last looked": the gig day tells a login what others changed on
that day since they last opened it, and only once."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta

from tourdesk.domain.kinds import ScheduleKind
from tourdesk.services import preferences
from tourdesk.store import gigs, open_store, tours
from tourdesk.tui.app import TourDeskApp
from tourdesk.tui.screens.gig_day import GigDayScreen

from conftest import FIXED_NOW, TODAY
from tui_helpers import press, screen_text, settle

TOUR = "Northern Lights Tour 2026"
HEADING = "Changed since you last looked"


async def _look(path, who: str, at) -> str:
    """`who` opens tomorrow's gig day at `at` and reads it."""
    app = TourDeskApp(open_store(path, who, clock=lambda: at), today=TODAY)
    async with app.run_test(size=(100, 50)) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "n")
        assert isinstance(app.screen, GigDayScreen)
        text = screen_text(pilot)
        await press(pilot, "escape")
        await app.workers.wait_for_complete()
    return text


def _move_doors(path, who: str, at, to: time) -> None:
    s = open_store(path, who, clock=lambda: at)
    gig_id = gigs.id_on(s, tours.named(s, TOUR).id, date(2026, 10, 21)) or 0
    doors = next(i for i in gigs.detail(s, gig_id).items if i.kind is ScheduleKind.DOORS)
    gigs.update_item(s, replace(doors, at=to))
    s.close()


async def test_what_others_changed_is_told_once_and_ones_own_changes_never(demo_path):
    hour = timedelta(hours=1)
    first = await _look(demo_path, "maren", FIXED_NOW)
    assert HEADING not in first  # never opened before: nothing to compare with
    s = open_store(demo_path, "maren", clock=lambda: FIXED_NOW)
    gig_id = gigs.id_on(s, tours.named(s, TOUR).id, date(2026, 10, 21)) or 0
    assert preferences.last_seen(s, gig_id) == FIXED_NOW
    s.close()
    _move_doors(demo_path, "dana", FIXED_NOW + hour, time(19, 30))
    second = await _look(demo_path, "maren", FIXED_NOW + 2 * hour)
    assert HEADING in second and "Doors 19:00 → 19:30" in second
    third = await _look(demo_path, "maren", FIXED_NOW + 3 * hour)
    assert HEADING not in third  # told once
    _move_doors(demo_path, "maren", FIXED_NOW + 4 * hour, time(19, 15))
    fourth = await _look(demo_path, "maren", FIXED_NOW + 5 * hour)
    assert HEADING not in fourth  # one's own change is not news


async def _overview(path, who: str, at, *, open_day: bool = False) -> tuple[str, str]:
    """The overview `who` sees at `at`: on opening it, and (with `open_day`) after
    opening tomorrow's day and coming back."""
    app = TourDeskApp(open_store(path, who, clock=lambda: at), today=TODAY)
    async with app.run_test(size=(100, 50)) as pilot:
        await settle(pilot)
        before = screen_text(pilot)
        after = before
        if open_day:
            await press(pilot, "enter", "n")  # today's day, then the next: tomorrow's
            assert isinstance(app.screen, GigDayScreen)
            await app.workers.wait_for_complete()
            await press(pilot, "escape")
            after = screen_text(pilot)
    return before, after


def _utrecht_row(text: str) -> str:
    return next(line for line in text.splitlines() if "Wed 21 Oct" in line)


async def test_the_overview_marks_a_day_others_changed_since_one_looked(demo_path):
    hour = timedelta(hours=1)
    await _look(demo_path, "maren", FIXED_NOW)
    untouched, _ = await _overview(demo_path, "maren", FIXED_NOW + hour / 2)
    assert "✱" not in untouched and "changed since you looked" not in untouched
    _move_doors(demo_path, "dana", FIXED_NOW + hour, time(19, 30))
    marked, opened = await _overview(demo_path, "maren", FIXED_NOW + 2 * hour, open_day=True)
    assert "✱ Utrecht" in _utrecht_row(marked)
    assert "1 changed since you looked" in marked
    assert "✱" not in _utrecht_row(opened)  # read: the mark goes
    _move_doors(demo_path, "maren", FIXED_NOW + 4 * hour, time(19, 15))
    own, _ = await _overview(demo_path, "maren", FIXED_NOW + 5 * hour)
    assert "✱" not in own  # one's own change is not news


def test_the_mark_looks_back_two_weeks_however_long_ago_a_day_was_opened(demo_path):
    from tourdesk.services.changes import MARK_WINDOW, changed_days

    day = timedelta(days=1)
    today = FIXED_NOW + 30 * day  # a month after the demo was loaded (at FIXED_NOW)
    s = open_store(demo_path, "maren", clock=lambda: today - 40 * day)
    gig_id = gigs.id_on(s, tours.named(s, TOUR).id, date(2026, 10, 21)) or 0
    preferences.mark_seen(s, gig_id)  # opened forty days ago
    s.close()
    _move_doors(demo_path, "dana", today - 20 * day, time(19, 30))  # older than the window
    now = open_store(demo_path, "maren", clock=lambda: today)
    assert 20 * day > MARK_WINDOW and changed_days(now, [gig_id]) == set()
    _move_doors(demo_path, "dana", today - 2 * day, time(19, 45))
    assert changed_days(now, [gig_id]) == {gig_id}
    now.close()


async def test_a_tick_elsewhere_reloads_the_overview_without_reading_the_news_again(
        demo_path, monkeypatch):
    from tourdesk.services import changes
    from tourdesk.tui.live import DataChanged
    from tourdesk.tui.screens.overview import OverviewScreen

    reads, loads = [], []
    real, real_load = changes.changed_days, OverviewScreen.load
    monkeypatch.setattr(changes, "changed_days",
                        lambda *a, **k: reads.append(1) or real(*a, **k))
    monkeypatch.setattr(OverviewScreen, "load",
                        lambda self: loads.append(1) or real_load(self))
    app = TourDeskApp(open_store(demo_path, "maren", clock=lambda: FIXED_NOW), today=TODAY)
    async with app.run_test(size=(100, 50)) as pilot:
        await settle(pilot)
        assert len(reads) == 1
        app.screen.post_message(DataChanged(frozenset({"checklist_entries"})))
        await settle(pilot)
        assert len(loads) == 2 and len(reads) == 1  # a tick: reloaded, the marks kept
        app.screen.post_message(DataChanged(frozenset({"schedule_items"})))
        await settle(pilot)
        assert len(reads) == 2  # a day's plan changed: read again
