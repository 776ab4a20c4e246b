"""Build the large benchmark database, deterministically, through the app's own store code.

    .venv/bin/python benchmarks/make_large_db.py [PATH]     (default benchmarks/out/large.db)

10 tours of 120 gig days each (70 % shows), 2,000 venues, 2,000 inventory items in 200
cases, and a 600-entry load-in checklist on every show day, about a third of it ticked.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from tourdesk.domain.inventory import Case, EntryState, Item, Phase
from tourdesk.domain.kinds import ContractState, GigKind, GigStatus, ScheduleKind
from tourdesk.domain.models import GigDay, Tour, Venue, schedule_item
from tourdesk.store import checklists, gigs, inventory, open_store, tours, venues
from tourdesk.store.checklists import EntrySpec

SEED = 20261122
ZONES = [("Europe/Berlin", "DE"), ("Europe/London", "GB"), ("Europe/Paris", "FR"),
         ("Europe/Helsinki", "FI"), ("America/New_York", "US"), ("Australia/Sydney", "AU")]
TOURS, DAYS, VENUES, CASES, ITEMS, ENTRIES = 10, 120, 2000, 200, 2000, 600
DEFAULT = Path(__file__).resolve().parent / "out" / "large.db"


def build(path: Path) -> dict[str, int]:
    rng = random.Random(SEED)
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    store = open_store(path, "bench")
    with store.write():
        venue_ids = []
        for n in range(VENUES):
            zone, country = ZONES[n % len(ZONES)]
            venue_ids.append(venues.add(store, Venue(
                name=f"Venue {n:04d}", city=f"City {n % 400:03d}", country=country,
                timezone=zone, latitude=rng.uniform(-60, 60), longitude=rng.uniform(-120, 150),
                capacity=rng.randrange(200, 5000), load_in="Dock at rear", stage="12 x 8 m")))
        for n in range(CASES):
            inventory.add_case(store, Case(number=f"C{n:03d}", name=f"Case {n}"))
        for n in range(ITEMS):
            inventory.add_item(store, Item(name=f"Item {n:04d}", category="Backline",
                                           case_number=f"C{n % CASES:03d}", serial=f"SN{n:06d}"))
        item_rows = [(i.id, i) for i in inventory.items(store)]
    shows = 0
    for t in range(TOURS):
        with store.write():
            tour_id = tours.add(store, Tour(name=f"Tour {2015 + t}", artist="Bench Band"))
            start = date(2015 + t, 3, 1)
            for d in range(DAYS):
                day = start + timedelta(days=d)
                show = rng.random() < 0.7
                venue_id = rng.choice(venue_ids)
                zone = ZONES[venue_id % len(ZONES)][0]
                kind = GigKind.SHOW if show else GigKind.OFF
                items_ = [schedule_item(day, kind, k, hhmm, zone, field=k.value)
                          for k, hhmm in ((ScheduleKind.LOAD_IN, "14:00"),
                                          (ScheduleKind.SET, "21:00"),
                                          (ScheduleKind.LOAD_OUT, "00:30"))] if show else []
                gig_id = gigs.add(store, GigDay(
                    tour_id=tour_id, date=day, kind=kind, status=GigStatus.CONFIRMED,
                    contract=ContractState.SIGNED, venue_id=venue_id if show else None,
                    city="" if show else "Somewhere", timezone="" if show else zone), items_)
                if not show:
                    continue
                shows += 1
                picked = rng.sample(item_rows, ENTRIES)
                picked.sort(key=lambda p: (p[1].case_number, p[1].name))
                list_id = checklists.create(store, gig_id, "Load-in", Phase.LOAD_IN, [
                    EntrySpec(label=i.name, item_id=item_id, serial=i.serial,
                              case_number=i.case_number, case_name=f"Case {i.case_number}")
                    for item_id, i in picked])
                done = rng.randrange(0, ENTRIES // 2)
                store.db.execute(
                    "UPDATE checklist_entries SET state = ?, set_by = 'bench', set_at = ? "
                    "WHERE checklist_id = ? AND position < ?",
                    [EntryState.DONE.value, store.now_iso(), list_id, done])
    store.close()
    return {"tours": TOURS, "gig days": TOURS * DAYS, "show days": shows, "venues": VENUES,
            "items": ITEMS, "checklist entries": shows * ENTRIES}


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    started = time.perf_counter()
    counts = build(path)
    took = time.perf_counter() - started
    for name, n in counts.items():
        print(f"{name:>18}: {n:,}")
    print(f"built {path} ({path.stat().st_size / 1e6:.0f} MB) in {took:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
