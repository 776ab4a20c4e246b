"""Advancing per show: what the tour asks of each venue and where every answer stands.
Everyone who sees the schedule reads it; changing it takes the right to change the
schedule (managers). Templates per tour put a standard set of items on a show at once.

Who answered is one of the show's venue contacts, looked up inside the write that
records the answer, so a contact removed or moved in the meantime is refused."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

from tourdesk.domain.access import Capability
from tourdesk.domain.advancing import (
    DUE_DAYS,
    AdvanceItem,
    Progress,
    TemplateItem,
    area,
    count,
    due,
    item_text,
    local_crew,
    note_text,
    progress,
    state,
    template_name,
)
from tourdesk.domain.errors import Collector
from tourdesk.domain.kinds import GigKind, GigStatus
from tourdesk.domain.models import VenueContact
from tourdesk.services.guests import show_going_ahead
from tourdesk.store import advancing as advance_store
from tourdesk.store import gigs, venues
from tourdesk.store.connection import Store
from tourdesk.store.errors import ConflictError, NotFoundError
from tourdesk.store.gigs import GigRow

Fields = Mapping[str, str | int | None]


def _show(store: Store, gig_id: int) -> gigs.GigDetail:
    return show_going_ahead(store, gig_id, "advancing is")


def items(store: Store, gig_id: int) -> list[AdvanceItem]:
    """The show's items, by area."""
    store.require(Capability.READ_SCHEDULE)
    return advance_store.for_days(store, [gig_id])


def add_item(store: Store, gig_id: int, fields: Fields) -> AdvanceItem:
    """A new item on a show (to ask, unless `state` says otherwise)."""
    store.require(Capability.WRITE_SCHEDULE)
    check = Collector()
    where = check.check(area, fields.get("area"))
    what = check.check(item_text, fields.get("item"))
    heads = check.check(count, fields.get("count"))
    note = check.check(note_text, fields.get("note"))
    check.raise_if_any()
    new = AdvanceItem(gig_id, where, what, heads, note=note or "")
    with store.write():
        _show(store, gig_id)
        made = advance_store.get(store, advance_store.add(store, new))
        if fields.get("state") or fields.get("contact"):
            return _answer(store, made, fields)
        return made


def set_item(store: Store, item_id: int, fields: Fields, *,
             expected_version: int | None = None) -> AdvanceItem:
    """Change an item's state, who answered, its note, what is asked or its count.
    A field not given stays; an answer (confirmed, declined, changed) is timed now."""
    store.require(Capability.WRITE_SCHEDULE)
    with store.write():
        current = advance_store.get(store, item_id)
        if expected_version is not None and current.version != expected_version:
            raise ConflictError(f"{current.item} was changed by someone else meanwhile: "
                                "look again")
        return _answer(store, current, fields)


def _answer(store: Store, current: AdvanceItem, fields: Fields) -> AdvanceItem:
    """Apply `fields` to `current`, inside the caller's write."""
    check = Collector()
    new = current
    if "state" in fields and fields["state"] not in (None, ""):
        new = replace(new, state=check.check(state, fields["state"]) or new.state)
    if fields.get("item") is not None:
        new = replace(new, item=check.check(item_text, fields["item"]) or new.item)
    if "count" in fields and fields["count"] is not None:
        new = replace(new, count=check.check(count, fields["count"]))
    if fields.get("note") is not None:
        new = replace(new, note=check.check(note_text, fields["note"]) or "")
    check.raise_if_any()
    if "contact" in fields and fields["contact"] is not None:
        who = _contact(store, current.gig_day_id, str(fields["contact"]))
        new = replace(new, contact_id=who.id if who else None)
    if not new.state.answered:
        new = replace(new, answered_at=None)
    elif new.state is not current.state or new.answered_at is None:
        new = replace(new, answered_at=store.now_iso())
    if new != current:
        advance_store.update(store, new)
    return advance_store.get(store, current.id or 0)


def _contact(store: Store, gig_id: int, text: str) -> VenueContact | None:
    """The show's venue contact named `text` (a name, or the id from `venue contacts`);
    empty or `none`: nobody."""
    text = text.strip()
    if text.casefold() in ("", "none"):
        return None
    detail = gigs.detail(store, gig_id)
    if detail.venue is None or detail.venue.id is None:
        raise ConflictError(f"the show on {detail.gig.date} has no venue: no contact to name")
    people = venues.contacts(store, detail.venue.id)
    found = [c for c in people if str(c.id) == text or c.name.casefold() == text.casefold()]
    if len(found) != 1:
        known = ", ".join(c.name for c in people) or "none yet"
        raise NotFoundError(f"contact: {detail.venue.name} has no contact {text!r} "
                            f"(its contacts: {known})")
    return found[0]


def remove_item(store: Store, item_id: int) -> AdvanceItem:
    store.require(Capability.WRITE_SCHEDULE)
    with store.write():
        gone = advance_store.get(store, item_id)
        advance_store.remove(store, item_id)
        return gone


# -- templates --


def template_items(store: Store, tour_id: int) -> list[TemplateItem]:
    store.require(Capability.READ_SCHEDULE)
    return advance_store.templates(store, tour_id)


def add_template_item(store: Store, tour_id: int, fields: Fields) -> TemplateItem:
    store.require(Capability.WRITE_SCHEDULE)
    check = Collector()
    new = TemplateItem(check.check(template_name, fields.get("template")),
                       check.check(area, fields.get("area")),
                       check.check(item_text, fields.get("item")),
                       check.check(count, fields.get("count")))
    check.raise_if_any()
    with store.write():
        return replace(new, id=advance_store.add_template_item(store, tour_id, new))


def remove_template_item(store: Store, tour_id: int, item_id: int) -> None:
    store.require(Capability.WRITE_SCHEDULE)
    with store.write():
        if advance_store.template_item_tour(store, item_id) != tour_id:
            raise NotFoundError(f"template line {item_id} is not on this tour")
        advance_store.remove_template_item(store, item_id)


def apply_template(store: Store, gig_id: int, name: str) -> int:
    """Put the tour's template `name` on a show: every item it has not got yet, to ask.
    Returns how many were added (items already on the show stay as they are)."""
    store.require(Capability.WRITE_SCHEDULE)
    wanted = template_name(name)
    with store.write():
        detail = _show(store, gig_id)
        lines = [t for t in advance_store.templates(store, detail.gig.tour_id)
                 if t.template.casefold() == wanted.casefold()]
        if not lines:
            names = sorted({t.template for t in advance_store.templates(
                store, detail.gig.tour_id)}, key=str.casefold)
            raise NotFoundError(f"template: no advance template {wanted!r} on this tour "
                                f"(there are: {', '.join(names) or 'none yet'})")
        have = {(i.area, i.item.casefold()) for i in advance_store.for_days(store, [gig_id])}
        added = 0
        for t in lines:
            if (t.area, t.item.casefold()) not in have:
                advance_store.add(store, AdvanceItem(gig_id, t.area, t.item, t.count))
                added += 1
        return added


# -- the tour's state --


@dataclass(frozen=True, slots=True)
class ShowAdvance:
    row: GigRow
    progress: Progress


@dataclass(frozen=True, slots=True)
class TourAdvance:
    shows: list[ShowAdvance]  # every show that goes ahead, in date order
    due: list[ShowAdvance]  # from today to `days` ahead and not fully advanced
    days: int


def tour_state(store: Store, tour_id: int, today: date, days: int = DUE_DAYS) -> TourAdvance:
    store.require(Capability.READ_SCHEDULE)
    with store.read():
        rows = [r for r in gigs.rows_for_tour(store, tour_id)
                if r.kind is GigKind.SHOW and r.status is not GigStatus.CANCELLED]
        found = advance_store.for_days(store, [r.id for r in rows])
    by_day: dict[int, list[AdvanceItem]] = {}
    for i in found:
        by_day.setdefault(i.gig_day_id, []).append(i)
    shows = [ShowAdvance(r, progress(by_day.get(r.id, []))) for r in rows]
    soon = {on for on, _ in due(((s.row.date, s.progress) for s in shows), today, days)}
    return TourAdvance(shows, [s for s in shows if s.row.date in soon], days)


def day_line(store: Store, gig_id: int) -> str:
    """`7/9 settled · 1 declined · 1 to ask` for the day sheet; empty when none."""
    store.require(Capability.READ_SCHEDULE)
    found = advance_store.for_days(store, [gig_id])
    return progress(found).line if found else ""


def local_heads(store: Store, gig_ids: list[int]) -> dict[tuple[int, str], int]:
    """Local crew the venues confirmed, by (gig day, role key), for the staffing needs."""
    return local_crew(advance_store.for_days(store, gig_ids))
