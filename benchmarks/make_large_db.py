"""Build the large benchmark database, deterministically, through the app's own store code.

    .venv/bin/python benchmarks/make_large_db.py [--tours N] [--people N] [--out PATH]

By default (benchmarks/out/large.db): 10 tours of 120 gig days each (70 % shows),
2,000 venues, 2,000 inventory items in 200 cases, a 600-entry load-in checklist on
every show day (about a third of it ticked), and 300 people: each tour a party of 30
with needs and assignments on every show day (one day in twenty a person short, so the
board has gaps to show), 3,000 venue contacts, and the money: 30,000 budget lines (3,000
a tour, by show day and for the tour, in euros, pounds and dollars, with rates; actuals
for the first half), and 20 payments per person. `--tours 50 --people 1500` gives the
five-times database the scale benchmark compares it with.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from tourdesk.domain.budget import DERIVED, EXPENSE, INCOME, BudgetLine, Side
from tourdesk.domain.inventory import Case, EntryState, Item, Phase
from tourdesk.domain.kinds import ContractState, GigKind, GigStatus, ScheduleKind
from tourdesk.domain.models import GigDay, Tour, Venue, VenueContact, schedule_item
from tourdesk.domain.money import Money, Rate
from tourdesk.domain.payouts import Method, Payment
from tourdesk.domain.staffing import Person, PersonGroup
from tourdesk.store import (
    budgets,
    checklists,
    crew,
    gigs,
    inventory,
    open_store,
    payments,
    tours,
    venues,
)
from tourdesk.store.checklists import EntrySpec
from tourdesk.store.connection import Store

SEED = 20261122
ZONES = [("Europe/Berlin", "DE"), ("Europe/London", "GB"), ("Europe/Paris", "FR"),
         ("Europe/Helsinki", "FI"), ("America/New_York", "US"), ("Australia/Sydney", "AU")]
TOURS, DAYS, VENUES, CASES, ITEMS, ENTRIES = 10, 120, 2000, 200, 2000, 600
PEOPLE = 300
LINES_PER_TOUR, PAYMENTS_PER_PERSON = 3000, 20
CURRENCIES = ("EUR", "GBP", "USD")
TYPED = {Side.INCOME: list(INCOME), Side.EXPENSE: [c for c in EXPENSE if c not in DERIVED]}
# A tour's party of 30: (role, group, how many)
PARTY = [("musician", PersonGroup.BAND, 6), ("tour manager", PersonGroup.MANAGEMENT, 1),
         ("production manager", PersonGroup.MANAGEMENT, 1), ("FOH engineer", PersonGroup.CREW, 1),
         ("monitor engineer", PersonGroup.CREW, 1), ("lighting designer", PersonGroup.CREW, 1),
         ("backline tech", PersonGroup.CREW, 4), ("stage manager", PersonGroup.CREW, 1),
         ("bus driver", PersonGroup.CREW, 2), ("truck driver", PersonGroup.CREW, 2),
         ("merch", PersonGroup.CREW, 2), ("security", PersonGroup.CREW, 2),
         ("local crew", PersonGroup.LOCAL, 6)]
DEFAULT = Path(__file__).resolve().parent / "out" / "large.db"


def _party(store: Store, tour_number: int, rng: random.Random) -> list[tuple[Person, str]]:
    """Thirty people for one tour, each with their role on it."""
    party = []
    for role, group, count in PARTY:
        for _ in range(count):
            n = tour_number * 30 + len(party)
            person = Person(name=f"Person {n:03d}", roles=(role,), group=group,
                            login=f"p{n:03d}", phone=f"+49 170 {n:07d}",
                            day_rate=Money(rng.randrange(150, 450) * 100, "EUR"),
                            per_diem=Money(3500, "EUR"), currency="EUR")
            party.append((replace(person, id=crew.add_person(store, person)), role))
    return party


def _money(store: Store, tour_id: int, start: date, show_days: list[tuple[int, date]],
           party: list[tuple[Person, str]], rng: random.Random) -> tuple[int, int]:
    """A tour's budget lines (by show day and for the whole tour), its rates, and the
    payments to its party; returns (lines, payments)."""
    for quote, rate in (("GBP", "0.8571"), ("USD", "1.0842")):
        budgets.add_rate(store, tour_id, Rate("EUR", quote, Decimal(rate), start, "bank"))
    halfway = start + timedelta(days=DAYS // 2)
    lines = 0
    while lines < LINES_PER_TOUR:
        gig_id, day = rng.choice(show_days) if rng.random() < 0.9 else (None, start)
        side = Side.INCOME if rng.random() < 0.3 else Side.EXPENSE
        currency = rng.choice(CURRENCIES)
        estimate = Money(rng.randrange(100, 500_000) * 10, currency)
        actual = (Money(estimate.minor * rng.randrange(80, 125) // 100, currency)
                  if day < halfway else None)
        budgets.add_line(store, BudgetLine(
            tour_id=tour_id, side=side, category=rng.choice(TYPED[side]), currency=currency,
            estimate=estimate, actual=actual, gig_day_id=gig_id,
            description=f"Line {lines:04d}"))
        lines += 1
    paid = 0
    for person, _ in party:
        for n in range(PAYMENTS_PER_PERSON):
            payments.record(store, Payment(
                tour_id=tour_id, person_id=person.id or 0, on=start + timedelta(days=n * 5),
                amount=Money(rng.randrange(50, 400) * 100, "EUR"), method=Method.BANK,
                note=f"week {n + 1}"))
            paid += 1
    return lines, paid


def _roster(store: Store, start: int, count: int) -> None:
    """People on the books who work on none of the tours (freelancers, past crew)."""
    for n in range(start, start + count):
        crew.add_person(store, Person(name=f"Person {n:04d}", roles=("local crew",),
                                      group=PersonGroup.LOCAL, login=f"p{n:04d}",
                                      day_rate=Money(20000, "EUR"), currency="EUR"))


def build(path: Path, tours_wanted: int = TOURS, people_wanted: int = PEOPLE) -> dict[str, int]:
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
            for c in range(1 + n % 2):
                venues.save_contact(store, VenueContact(
                    venue_ids[-1], f"Contact {n:04d}-{c}", ("production", "promoter")[c],
                    f"+49 30 {n:04d} {c:03d}", f"c{n}-{c}@venue.example"))
        for n in range(CASES):
            inventory.add_case(store, Case(number=f"C{n:03d}", name=f"Case {n}"))
        for n in range(ITEMS):
            inventory.add_item(store, Item(name=f"Item {n:04d}", category="Backline",
                                           case_number=f"C{n % CASES:03d}", serial=f"SN{n:06d}"))
        item_rows = [(i.id, i) for i in inventory.items(store)]
    shows = assignments = lines = paid = 0
    for t in range(tours_wanted):
        with store.write():
            tour_id = tours.add(store, Tour(name=f"Tour {2015 + t}", artist="Bench Band"))
            party = _party(store, t, rng)
            start = date(2015 + t, 3, 1)
            show_days: list[tuple[int, date]] = []
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
                show_days.append((gig_id, day))
                for role, _, count in PARTY:
                    crew.set_need(store, gig_id, role, count)
                short = rng.random() < 0.05
                for n, (person, role) in enumerate(party):
                    if not (short and n == 10):  # a backline tech off sick
                        crew.assign(store, gig_id, person, role)
                        assignments += 1
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
            tour_lines, tour_paid = _money(store, tour_id, start, show_days, party, rng)
            lines, paid = lines + tour_lines, paid + tour_paid
    in_parties = tours_wanted * 30
    with store.write():
        _roster(store, in_parties, max(0, people_wanted - in_parties))
    store.close()
    return {"tours": tours_wanted, "gig days": tours_wanted * DAYS, "show days": shows,
            "venues": VENUES, "items": ITEMS, "checklist entries": shows * ENTRIES,
            "people": max(people_wanted, in_parties),
            "assignments": assignments, "venue contacts": VENUES * 3 // 2,
            "budget lines": lines, "payments": paid}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Build the large benchmark database (deterministic: same options, same "
                    "data). Each tour brings its own party of 30 people.")
    parser.add_argument("--tours", type=int, default=TOURS, metavar="N",
                        help=f"tours of {DAYS} gig days (default {TOURS})")
    parser.add_argument("--people", type=int, default=None, metavar="N",
                        help="people on the books at least (default 30 a tour); those "
                             "beyond the parties work on no tour")
    parser.add_argument("--out", type=Path, default=DEFAULT, metavar="PATH",
                        help=f"the file to (re)build (default {DEFAULT})")
    args = parser.parse_args(argv)
    if args.tours < 1:
        parser.error("--tours must be 1 or more")
    path = args.out
    started = time.perf_counter()
    counts = build(path, args.tours, args.people or args.tours * 30)
    took = time.perf_counter() - started
    for name, n in counts.items():
        print(f"{name:>18}: {n:,}")
    print(f"built {path} ({path.stat().st_size / 1e6:.0f} MB) in {took:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
