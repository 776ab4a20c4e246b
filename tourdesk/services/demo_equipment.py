"""The demo tour's equipment: inventory, templates, a load-in and load-out list for
every show, and ticks as a crew would have left them by the demo's "as of" date.

Ticks carry the crew member's login and the local time they were made, so the demo
reads like a tour in progress: shows before the date are loaded in and out, one item
went missing at the last show, one was damaged a few days earlier, and the day itself
is half loaded in.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import datetime, time, timedelta
from pathlib import Path

from tourdesk.domain import localtime
from tourdesk.domain.inventory import EntryState, Phase
from tourdesk.domain.kinds import GigKind, GigStatus
from tourdesk.services.checklists import add_from_template, load_templates
from tourdesk.services.demo_dates import DemoDates
from tourdesk.services.inventory_files import import_inventory
from tourdesk.store import checklists, gigs
from tourdesk.store.connection import Store

CREW = ("ines", "tomek", "sam", "priya")


@contextlib.contextmanager
def acting(store: Store, actor: str, at: datetime) -> Iterator[None]:
    """Record changes as `actor` at `at` (the demo's history, not the loading time), but
    never later than the store's now: loaded at 07:00, the 10:20 ticks of the day are
    dated 07:00, so nothing is recorded in the future."""
    saved = store.actor, store.clock
    at = min(at, saved[1]())
    store.actor, store.clock = actor, (lambda: at)
    try:
        yield
    finally:
        store.actor, store.clock = saved


def load_equipment(store: Store, folder: Path, tour_id: int, dates: DemoDates) -> None:
    as_of = dates.today
    import_inventory(store, dates.text(folder, "inventory.csv"), folder / "cases.csv",
                     names=("inventory.csv", ""))
    load_templates(store, folder / "templates.json")
    template_names: dict[Phase, list[str]] = {}
    for t in checklists.templates(store):
        template_names.setdefault(t.phase, []).append(t.name)
    shows = [r for r in gigs.rows_for_tour(store, tour_id)
             if r.kind is GigKind.SHOW and r.status is not GigStatus.CANCELLED]
    upcoming = [r for r in shows if r.date >= as_of][:6]
    for show in shows:
        for phase in (Phase.LOAD_IN, Phase.LOAD_OUT):
            for name in template_names.get(phase, []):
                add_from_template(store, show.id, name)
        if show in upcoming:
            for name in template_names.get(Phase.ADVANCE, []):
                add_from_template(store, show.id, name)
    played = [r for r in shows if r.date < as_of]
    for n, show in enumerate(played):
        last = n == len(played) - 1
        _tick_day(store, show, damaged=n == len(played) - 4, missing=last)
    today = next((r for r in shows if r.date == as_of), None)
    if today is not None:
        _tick_partly(store, today)
    for n, show in enumerate(upcoming[:3]):
        _tick_advance(store, show, share=(0.9, 0.6, 0.3)[n])


def _at(show: gigs.GigRow, hour: int, minute: int = 0) -> datetime:
    return localtime.to_utc(show.date, time(hour, minute), show.timezone)


def _lists(store: Store, show: gigs.GigRow, phase: Phase) -> list[checklists.ChecklistView]:
    return [checklists.view(store, c.id) for c, _ in checklists.for_gig(store, show.id)
            if c.phase is phase]


def _tick_day(store: Store, show: gigs.GigRow, *, damaged: bool, missing: bool) -> None:
    for n, view in enumerate(_lists(store, show, Phase.LOAD_IN)):
        ids = [e.id for e in view.entries]
        with acting(store, CREW[n % len(CREW)], _at(show, 14, 10 * n)):
            _tick_all(store, ids)
        if damaged and n == 0 and ids:
            with acting(store, CREW[0], _at(show, 14, 45)):
                checklists.set_state(store, [ids[1]], EntryState.DAMAGED,
                                     note="Bent in transit; needs a tech")
    for n, view in enumerate(_lists(store, show, Phase.LOAD_OUT)):
        ids = [e.id for e in view.entries]
        load_out = _at(show, 23, 40) + timedelta(minutes=10 * n)
        lost = ids[len(ids) // 2] if missing and ids else None
        with acting(store, CREW[(n + 1) % len(CREW)], load_out):
            _tick_all(store, [i for i in ids if i != lost])
        if lost is not None:
            with acting(store, CREW[1], load_out + timedelta(minutes=25)):
                checklists.set_state(store, [lost], EntryState.MISSING,
                                     note="Not in its case at load-out; venue asked to look")


def _tick_all(store: Store, ids: list[int]) -> None:
    """Tick a whole list as a crew does: what a bulk tick holds back for a damaged flag
    is looked at and ticked on its own (it travels); a missing item stays pending."""
    ticked = checklists.tick(store, ids, EntryState.DONE)
    for held in ticked.held:
        if held.reason.startswith(EntryState.DAMAGED.value):
            checklists.set_state(store, [held.entry.id], EntryState.DONE)


def _tick_partly(store: Store, show: gigs.GigRow) -> None:
    """The demo's day itself: first list loaded in, the second one half-way."""
    for n, view in enumerate(_lists(store, show, Phase.LOAD_IN)[:2]):
        ids = [e.id for e in view.entries]
        done = ids if n == 0 else ids[: len(ids) // 2]
        with acting(store, CREW[n], _at(show, 10, 20 + 15 * n)):
            _tick_all(store, done)


def _tick_advance(store: Store, show: gigs.GigRow, share: float) -> None:
    for view in _lists(store, show, Phase.ADVANCE):
        ids = [e.id for e in view.entries]
        # a week ahead, at noon on the venue's clock
        at = localtime.to_utc(show.date - timedelta(days=7), time(12), show.timezone)
        with acting(store, "maria", at):
            checklists.set_state(store, ids[: int(len(ids) * share)], EntryState.DONE)
