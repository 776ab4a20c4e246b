"""What a road manager changes on a gig day from the road: its status and contract,
notes and hotel, and the times of its main schedule items on the venue's clock."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from tourdesk.domain.errors import Collector, ValidationError
from tourdesk.domain.kinds import ContractState, GigStatus, ScheduleKind
from tourdesk.domain.models import (
    Fields,
    GigDay,
    ScheduleItem,
    choice,
    optional_text,
    schedule_item,
)

# The items a day sheet is built around; other items (travel, extra calls) keep their
# own entries and are not on the form.
PLAN_KINDS = (ScheduleKind.LOAD_IN, ScheduleKind.SOUNDCHECK, ScheduleKind.DOORS,
              ScheduleKind.SUPPORT, ScheduleKind.SET, ScheduleKind.CURFEW, ScheduleKind.LOAD_OUT)


@dataclass(frozen=True, slots=True)
class DayPlan:
    gig: GigDay
    zone: str  # the venue's (or the day's) IANA zone: every time is on its clock
    times: Mapping[ScheduleKind, ScheduleItem]  # the PLAN_KINDS items the day has


def plan_of(gig: GigDay, zone: str, items: list[ScheduleItem]) -> DayPlan:
    times: dict[ScheduleKind, ScheduleItem] = {}
    for item in items:
        if item.kind in PLAN_KINDS:
            times.setdefault(item.kind, item)  # the first of a kind is the one shown
    return DayPlan(gig, zone, times)


def plan_to_fields(plan: DayPlan) -> dict[str, str]:
    g = plan.gig
    fields = {"status": g.status.value, "contract": g.contract.value, "notes": g.notes,
              "hotel": g.hotel}
    for kind in PLAN_KINDS:
        item = plan.times.get(kind)
        fields[kind.value] = f"{item.at:%H:%M}" if item else ""
    return fields


def plan_from_fields(plan: DayPlan, fields: Fields) -> DayPlan:
    """The edited plan; every bad field named (a time in the spring-forward gap too).
    An emptied time removes that item."""
    c = Collector()
    get = fields.get
    gig = replace(
        plan.gig,
        status=c.check(choice, get("status"), "status", GigStatus, GigStatus.CONFIRMED),
        contract=c.check(choice, get("contract"), "contract", ContractState, ContractState.NONE),
        notes=c.check(optional_text, get("notes"), "notes", multiline=True),
        hotel=c.check(optional_text, get("hotel"), "hotel", multiline=True),
    )
    times: dict[ScheduleKind, ScheduleItem] = {}
    for kind in PLAN_KINDS:
        text = (get(kind.value) or "").strip()
        if not text:
            continue
        if not plan.zone:
            c.errors.append(ValidationError(kind.value, "the day has no time zone (no venue, "
                                                        "no zone): set one first"))
            continue
        item = c.check(schedule_item, gig.date, gig.kind, kind, text, plan.zone, field=kind.value)
        if item is not None:
            old = plan.times.get(kind)
            times[kind] = replace(item, id=old.id if old else None,
                                  label=old.label if old else "")
    c.raise_if_any()
    return DayPlan(gig, plan.zone, times)


def same_time(a: ScheduleItem | None, b: ScheduleItem | None) -> bool:
    return (a.on, a.at) == (b.on, b.at) if a and b else a is b is None
