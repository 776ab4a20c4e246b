"""Studio sessions on a gig day: added, changed, listed and removed, each one
transaction through `store/tracked.py`. A session with a rate becomes a derived
`studio` line of the budget (`services/budgets.derived_lines`); its rate is money, so
only roles with READ_MONEY see it or give it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from tourdesk.domain.access import Capability
from tourdesk.domain.money import Money
from tourdesk.domain.studio import StudioSession, session_from_fields, session_to_fields
from tourdesk.services.picking import pick_one
from tourdesk.store import crew, gigs, studio
from tourdesk.store.connection import Store
from tourdesk.store.errors import ForbiddenError

Fields = Mapping[str, str | None]
MONEY_FIELDS = ("rate", "currency")


@dataclass(frozen=True, slots=True)
class SessionRow:
    session: StudioSession
    engineer: str  # the person's name, or the outside engineer's
    hours: str  # "10:00–18:00 (8 h)", or ""
    cost: Money | None  # None for roles that do not see money, or without a rate


def _people(store: Store) -> dict[str, int]:
    return {p.name: p.id for p in crew.people(store) if p.id is not None}


def _money_guard(store: Store, fields: Fields) -> None:
    if any((fields.get(f) or "").strip() for f in MONEY_FIELDS) and not store.can(
            Capability.READ_MONEY):
        raise ForbiddenError(f"{store.actor} ({store.role.value}) may not see or give a "
                             "studio rate")


def _day(store: Store, gig_id: int) -> tuple[date, str]:
    detail = gigs.detail(store, gig_id)
    return detail.gig.date, detail.timezone


def add_session(store: Store, gig_id: int, fields: Fields) -> StudioSession:
    store.require(Capability.WRITE_SCHEDULE)
    _money_guard(store, fields)
    with store.write():
        day, zone = _day(store, gig_id)
        new = session_from_fields(fields, gig_day_id=gig_id, day=day, zone_name=zone,
                                  people=_people(store))
        return studio.get(store, studio.add(store, new))


def find_session(store: Store, gig_id: int, session_id: int | None = None,
                 name: str | None = None) -> StudioSession:
    """The day's session by id, by studio name, or the only one."""
    return pick_one(studio.for_day(store, gig_id), session_id, name, lambda s: s.studio,
                    "studio session", "that day", "studio list")


def set_session(store: Store, gig_id: int, fields: Fields, *, session_id: int | None = None,
                name: str | None = None, expected_version: int | None = None,
                ) -> StudioSession:
    """Change the fields given (None: as it is; "" clears)."""
    store.require(Capability.WRITE_SCHEDULE)
    _money_guard(store, fields)
    with store.write():
        current = find_session(store, gig_id, session_id, name)
        names = studio.engineer_names(store, [current])
        text = session_to_fields(current, names.get(current.engineer_id or -1, ""))
        text.update({k: v for k, v in fields.items() if v is not None})
        day, zone = _day(store, gig_id)
        edited = session_from_fields(text, gig_day_id=gig_id, day=day, zone_name=zone,
                                     people=_people(store), session_id=current.id,
                                     version=current.version)
        studio.update(store, edited, expected_version=expected_version
                      if expected_version is not None else current.version)
        return studio.get(store, edited.id or 0)


def remove_session(store: Store, gig_id: int, *, session_id: int | None = None,
                   name: str | None = None) -> StudioSession:
    store.require(Capability.WRITE_SCHEDULE)
    with store.write():
        gone = find_session(store, gig_id, session_id, name)
        studio.delete(store, gone.id or 0)
        return gone


def sessions(store: Store, gig_id: int) -> list[SessionRow]:
    """The day's sessions as people read them; the cost only for money roles."""
    store.require(Capability.READ_SCHEDULE)
    with store.read():
        found = studio.for_day(store, gig_id)
        names = studio.engineer_names(store, found)
        day, zone = _day(store, gig_id)
    money = store.can(Capability.READ_MONEY)
    rows = []
    for s in found:
        hours = s.hours(day, zone)
        span = (f"{s.start:%H:%M}–{s.end:%H:%M}{'+1' if s.end <= s.start else ''} "
                f"({hours.normalize():f} h)") if s.start and s.end and hours is not None else ""
        rows.append(SessionRow(s, names.get(s.engineer_id or -1, s.engineer), span,
                               s.cost(day, zone) if money else None))
    return rows
