"""Queries for guest requests and caps (schema v20). Which rows a login may see or
change is the service's rule (services/guests.py); these functions take what they are
given."""

from __future__ import annotations

from tourdesk.domain.guests import Caps, GuestRequest, GuestState, Pass
from tourdesk.store import tracked
from tourdesk.store.connection import Store
from tourdesk.store.errors import NotFoundError


def _request(r: dict) -> GuestRequest:
    return GuestRequest(gig_day_id=r["gig_day_id"], guest=r["guest"],
                        requested_by=r["requested_by"], plus=r["plus"],
                        pass_type=Pass(r["pass"]), state=GuestState(r["state"]),
                        decided_by=r["decided_by"], note=r["note"], id=r["id"],
                        version=r["version"])


def add(store: Store, r: GuestRequest) -> int:
    return tracked.insert(store, "guest_requests", {
        "gig_day_id": r.gig_day_id, "guest": r.guest, "plus": r.plus,
        "pass": r.pass_type.value, "requested_by": r.requested_by, "state": r.state.value,
        "decided_by": r.decided_by, "note": r.note})


def decide(store: Store, request_id: int, state: GuestState, by: str, version: int) -> None:
    tracked.update(store, "guest_requests", request_id,
                   {"state": state.value, "decided_by": by if state is not
                    GuestState.REQUESTED else ""}, expected_version=version)


def remove(store: Store, request_id: int) -> None:
    tracked.delete(store, "guest_requests", request_id)


def get(store: Store, request_id: int) -> GuestRequest:
    with store.read() as db:
        rows = list(db.query("SELECT * FROM guest_requests WHERE id = ?", [request_id]))
    if not rows:
        raise NotFoundError(f"guest request {request_id} does not exist (removed by "
                            "someone else?)")
    return _request(rows[0])


def for_day(store: Store, gig_id: int, *, by: str | None = None) -> list[GuestRequest]:
    """The show's requests (only `by`'s when given), by guest name."""
    sql = "SELECT * FROM guest_requests WHERE gig_day_id = ?"
    params: list[object] = [gig_id]
    if by is not None:
        sql += " AND requested_by = ?"
        params.append(by)
    with store.read() as db:
        return [_request(r) for r in db.query(
            sql + " ORDER BY guest COLLATE NOCASE, id", params)]


def caps(store: Store, gig_id: int) -> Caps:
    row = store.row("SELECT show_cap, person_cap FROM guest_caps WHERE gig_day_id = ?",
                    [gig_id])
    return Caps(row[0], row[1]) if row else Caps()


def set_caps(store: Store, gig_id: int, new: Caps) -> None:
    values = {"show_cap": new.show, "person_cap": new.person}
    with store.write():
        row = store.row("SELECT id FROM guest_caps WHERE gig_day_id = ?", [gig_id])
        if row is None:
            tracked.insert(store, "guest_caps", {"gig_day_id": gig_id, **values})
        else:
            tracked.update(store, "guest_caps", row[0], values)
