"""The demo tour's party: band, crew and local loaders, what each day needs, who works.

Made to show the board's marks: one day short of a backline tech (sick), and one
planning mistake (a driver put on the nightliner without a bus licence on file).
"""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

from tourdesk.domain.kinds import GigKind, ScheduleKind
from tourdesk.domain.staffing import Person
from tourdesk.services.demo_dates import DemoDates
from tourdesk.services.staffing import import_people
from tourdesk.store import crew, gigs
from tourdesk.store.connection import Store

SHOW_CREW = [("tour manager", 1), ("FOH engineer", 1), ("monitor engineer", 1),
             ("lighting designer", 1), ("backline tech", 2), ("stage manager", 1),
             ("bus driver", 1), ("truck driver", 1), ("merch", 1), ("security", 1)]
LOCAL_CITIES = {"London", "Brighton", "Bristol"}  # where the local loaders are booked
# Dates as written for the reference day (see demo_dates); the loader moves them.
SICK = ("Femi Adeyemi", date(2026, 10, 24))  # leaves that day one backline tech short
WRONG_DRIVER = ("Ben Achterberg", date(2026, 10, 11))  # a travel day; Ben has no bus role


def load_staffing(store: Store, folder: Path, tour_id: int, dates: DemoDates) -> None:
    sick = (SICK[0], dates.day(SICK[1]))
    wrong_driver = (WRONG_DRIVER[0], dates.day(WRONG_DRIVER[1]))
    import_people(store, folder / "people.csv")
    people = {p.name: p for p in crew.people(store)}
    by_role: dict[str, list[Person]] = {}
    for p in people.values():
        if p.active:
            for role in p.roles:
                by_role.setdefault(role.casefold(), []).append(p)
    for row in gigs.rows_for_tour(store, tour_id):
        detail = gigs.detail(store, row.id)
        soundcheck = next((i.at for i in detail.items if i.kind is ScheduleKind.SOUNDCHECK), None)
        for role, count, call in _needs(row.kind, row.city, soundcheck):
            crew.set_need(store, row.id, role, count)
            for person in by_role.get(role.casefold(), [])[:count]:
                if (person.name, row.date) == sick:
                    continue
                crew.assign(store, row.id, person, role, call=call)
        if row.date == wrong_driver[1]:
            crew.assign(store, row.id, people[wrong_driver[0]], "bus driver", call=time(9, 0))


def _needs(kind: GigKind, city: str, soundcheck: time | None,
           ) -> list[tuple[str, int, time | None]]:
    if kind is GigKind.SHOW:
        band = [("musician", 5, soundcheck)]
        local = [("local crew", 2, None)] if city in LOCAL_CITIES else []
        return band + [(r, n, None) for r, n in SHOW_CREW] + local
    if kind is GigKind.REHEARSAL:
        return [("musician", 5, time(12, 0)), ("tour manager", 1, None),
                ("FOH engineer", 1, None), ("monitor engineer", 1, None),
                ("backline tech", 2, None)]
    if kind is GigKind.STUDIO:
        return [("musician", 5, time(11, 0)), ("tour manager", 1, None),
                ("backline tech", 1, None)]
    if kind is GigKind.TRAVEL:
        return [("tour manager", 1, None), ("truck driver", 1, time(10, 0))]
    return []
