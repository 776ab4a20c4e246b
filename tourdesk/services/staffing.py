"""Staffing use cases: the crew list in and out of CSV, conflicts, pay basis, the board."""

from __future__ import annotations

import contextlib
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from tourdesk.domain.access import Capability
from tourdesk.domain.events import Event
from tourdesk.domain.staffing import (
    Conflict,
    Need,
    PayBasis,
    Person,
    Shift,
    find_conflicts,
    pay_basis,
    person_from_fields,
    person_to_fields,
    role_key,
)
from tourdesk.services.advancing import local_heads
from tourdesk.services.csv_rows import parse_all, read_rows, refuse_repeats, source_label, write_csv
from tourdesk.store import crew, events, gigs, tours
from tourdesk.store import travel as store_travel
from tourdesk.store.connection import Store
from tourdesk.store.gigs import GigRow

PEOPLE_COLUMNS = ("name", "roles", "group", "login", "phone", "email", "emergency_contact",
                  "dietary", "day_rate", "per_diem", "currency", "notes", "active")


def import_people(store: Store, source: Path | str, *, name: str = "") -> int:
    """All or nothing; a name or login already taken (in the file or the database) is
    refused by line."""
    store.require(Capability.WRITE_STAFFING)
    rows = read_rows(source, columns=PEOPLE_COLUMNS, required=("name",), name=name)
    label = source_label(source, name)
    with store.write():
        parsed = parse_all(rows, person_from_fields, label)
        refuse_repeats(label, rows, [p.name for p in parsed], "name",
                       lambda n: crew.person_id(store, n) is not None, "name", "the crew list")
        taken = {p.login for p in crew.people(store) if p.login}
        refuse_repeats(label, rows, [p.login for p in parsed], "login",
                       lambda login: login in taken, "login", "the crew list")
        for person in parsed:
            crew.add_person(store, person)
    return len(parsed)


def export_people(store: Store) -> str:
    store.require(Capability.READ_CREW)
    return write_csv(PEOPLE_COLUMNS, ([person_to_fields(p)[c] for c in PEOPLE_COLUMNS]
                                      for p in crew.people(store)))


def conflicts(store: Store, tour_id: int | None = None) -> list[Conflict]:
    """Conflicts and gaps, across tours (a person on two tours is still one person);
    with `tour_id`, those touching that tour's days."""
    store.require(Capability.READ_CREW)
    with store.read():
        day_ids = ({g.id for g in gigs.rows_for_tour(store, tour_id)} if tour_id is not None
                   else None)
        return _conflicts(store, [*crew.shifts(store, crew_of=tour_id),
                                  *crew.studio_shifts(store)], crew.people(store),
                          _needs(store, day_ids), day_ids)


def _needs(store: Store, day_ids: set[int] | None) -> list[Need]:
    """The days' needs, each with the local crew of its role that the venue confirmed
    when the show was advanced (they fill the need as the tour's own people do)."""
    found = crew.needs(store, day_ids)
    local = local_heads(store, sorted({n.gig_day_id for n in found}))
    return [replace(n, local=local.get((n.gig_day_id, role_key(n.role)), 0)) for n in found]


def _conflicts(store: Store, shifts: list[Shift], people: list[Person], needs: list[Need],
               day_ids: set[int] | None) -> list[Conflict]:
    """Every conflict, or those touching `day_ids`. For a tour, only the people who work
    on it are checked (on all their tours): a clash of theirs with someone else's day
    needs no other person's shifts, and years of other tours are not re-checked. Their
    travel segments count too: a call missed in the air is a conflict."""
    if day_ids is not None:
        working = {s.person_id for s in shifts if s.gig_day_id in day_ids}
        shifts = [s for s in shifts if s.person_id in working]
        needs = [n for n in needs if n.gig_day_id in day_ids]
    booked = store_travel.travelling(store, {s.person_id for s in shifts}
                                     if day_ids is not None else None)
    found = find_conflicts(shifts, needs, {p.id: p for p in people if p.id is not None},
                           crew.days(store, (n.gig_day_id for n in needs)), crew.rules(store),
                           booked)
    if day_ids is None:
        return found
    return [c for c in found if day_ids.intersection(c.gig_day_ids)]


@dataclass(frozen=True, slots=True)
class PayInputs:
    """What a tour's pay basis is worked out from, read once."""

    tour: str
    days: list[date]
    people: list[Person]
    shifts: dict[int, list[Shift]]  # person -> their shifts on the tour

    def bases(self, before: date | None = None) -> list[PayBasis]:
        """The pay basis of everyone on the tour; with `before`, of the days before it
        only (what has been earned so far)."""
        days = [d for d in self.days if before is None or d < before]
        return [pay_basis(p, self.tour, [s for s in self.shifts[p.id]
                                         if before is None or s.date < before], days)
                for p in self.people if p.id in self.shifts]


def pay_inputs(store: Store, tour_id: int, tour_name: str,
               person_id: int | None = None) -> PayInputs:
    store.require_person(person_id, Capability.READ_ALL_PAY)
    # one's own pay: the connection shows pay columns only inside own_pay()
    own = (contextlib.nullcontext() if store.can(Capability.READ_ALL_PAY)
           else store.own_pay(person_id))
    with own, store.read():
        tour_days = [g.date for g in gigs.rows_for_tour(store, tour_id)]
        by_person: dict[int, list[Shift]] = defaultdict(list)
        for s in crew.shifts(store, person=person_id, tour=tour_id):
            by_person[s.person_id].append(s)
        people = crew.people(store, among=by_person)  # those who work on the tour
    return PayInputs(tour_name, tour_days, people, dict(by_person))


def pay(store: Store, tour_id: int, tour_name: str,
        person_id: int | None = None) -> list[PayBasis]:
    """Pay basis per person who works on the tour (or just `person_id`), in each
    person's currency."""
    return pay_inputs(store, tour_id, tour_name, person_id).bases()


def person_pay(store: Store, person_id: int) -> list[PayBasis]:
    """One person's pay basis on every tour they work, in tour order."""
    store.require_person(person_id, Capability.READ_ALL_PAY)
    with store.read():
        tours_worked = {s.tour for s in crew.shifts(store, person=person_id)}
        return [b for t in tours.summaries(store, tours_worked)
                for b in pay(store, t.id, t.name, person_id)]


# -- the staffing board --


@dataclass(frozen=True, slots=True)
class Board:
    """People by days: who works where, what each day lacks, what clashes."""

    days: list[GigRow]
    people: list[Person]
    cells: dict[tuple[int, int], list[Shift]]  # (person, gig day) -> their shifts
    needs: dict[int, list[Need]]
    short: dict[int, int]  # gig day -> people still needed
    conflicts: list[Conflict]
    flagged: set[tuple[int, int]]  # (person, gig day) in a conflict
    events: dict[int, list[Event]] = field(default_factory=dict)  # gig day -> further ones

    def day_conflicts(self, gig_id: int, person_id: int | None = None) -> list[Conflict]:
        return [c for c in self.conflicts if gig_id in c.gig_day_ids
                and (person_id is None or c.person_id in (None, person_id))]


def board(store: Store, tour_id: int) -> Board:
    store.require(Capability.READ_CREW)
    with store.read():  # one snapshot: the board never mixes two moments
        days = gigs.rows_for_tour(store, tour_id)
        ids = {d.id for d in days}
        their_shifts = crew.shifts(store, crew_of=tour_id)
        # the tour's party and whoever is on the books but booked nowhere yet (a loader
        # just added): not every person of every earlier tour, which grows by the year
        everyone = crew.people(store, among={s.person_id for s in their_shifts}
                               | set(crew.unbooked(store)))
        day_needs = _needs(store, ids)
        # a studio session's engineer is busy for its hours: the rules see it, the
        # board's cells (calls people are paid for) do not
        found = _conflicts(store, [*their_shifts, *crew.studio_shifts(store)], everyone,
                           day_needs, ids)
        further = events.for_days(store, ids)
    shifts = [s for s in their_shifts if s.gig_day_id in ids]
    working = {s.person_id for s in shifts}
    people = [p for p in everyone if p.id in working or p.active]
    cells: dict[tuple[int, int], list[Shift]] = defaultdict(list)
    for s in shifts:
        cells[(s.person_id, s.gig_day_id)].append(s)
    needs: dict[int, list[Need]] = defaultdict(list)
    for n in day_needs:
        needs[n.gig_day_id].append(n)
    short: dict[int, int] = defaultdict(int)
    flagged: set[tuple[int, int]] = set()
    for c in found:
        if c.person_id is None:
            short[c.gig_day_ids[0]] += c.missing
        else:
            flagged.update((c.person_id, g) for g in c.gig_day_ids)
    return Board(days, people, dict(cells), dict(needs), dict(short), found, flagged,
                 further)


def person_calls(store: Store, person_id: int, since: date | None = None) -> list[Shift]:
    """A person's working days (cancelled ones too, marked by status), from `since`."""
    store.require_person(person_id, Capability.READ_CREW)
    return [s for s in crew.shifts(store, person=person_id) if since is None or s.date >= since]
