"""Who may see and do what: roles, their capabilities, and which capability each table's
writes (and the money tables' reads) need. Data only; the store enforces it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    MANAGER = "manager"  # everything
    CREW = "crew"  # schedule, day sheets, checklists, their own calls and pay
    BAND = "band"  # schedule and day sheets
    ACCOUNTANT = "accountant"  # budgets, settlements, payouts; the schedule read-only


class Capability(StrEnum):
    READ_SCHEDULE = "read_schedule"  # tours, gig days, venues, day sheets, calendars
    WRITE_SCHEDULE = "write_schedule"  # tours, gig days, venues, contacts, routes, imports
    READ_EQUIPMENT = "read_equipment"  # inventory, checklists, flags
    TICK = "tick"  # tick, mark, note and undo on a checklist
    WRITE_EQUIPMENT = "write_equipment"  # cases, items, templates, lists, lines, flags
    READ_OWN = "read_own"  # one's own calls and pay (the person linked to the login)
    READ_CREW = "read_crew"  # everybody's calls, the staffing board, conflicts
    WRITE_STAFFING = "write_staffing"  # people, needs, assignments, fees
    READ_ALL_PAY = "read_all_pay"  # everybody's pay
    READ_MONEY = "read_money"  # budgets, rates, settlements, payments
    WRITE_MONEY = "write_money"
    MANAGE_FEEDS = "manage_feeds"  # calendar feeds and serving them
    MANAGE_USERS = "manage_users"
    MAINTAIN = "maintain"  # manual backups and restores of the whole file
    CHANGE_SETTINGS = "change_settings"  # rest rules, geocoder, backups kept, feed address
    REQUEST_GUESTS = "request_guests"  # ask for one's own guests; see one's own requests
    MANAGE_GUESTS = "manage_guests"  # everybody's requests, caps, approval, the door list


C = Capability
GRANTS: dict[Role, frozenset[Capability]] = {
    Role.MANAGER: frozenset(Capability),
    Role.CREW: frozenset({C.READ_SCHEDULE, C.READ_EQUIPMENT, C.TICK, C.READ_OWN,
                          C.REQUEST_GUESTS}),
    Role.BAND: frozenset({C.READ_SCHEDULE, C.READ_OWN, C.REQUEST_GUESTS}),
    Role.ACCOUNTANT: frozenset({C.READ_SCHEDULE, C.READ_OWN, C.READ_CREW, C.READ_ALL_PAY,
                                C.READ_MONEY, C.WRITE_MONEY, C.REQUEST_GUESTS}),
}

# What writing each table takes. `None`: anyone (the change log, and settings such as the
# day of the last automatic backup). A table missing here cannot be written by a role
# without every capability, so a new table is closed until it is listed.
WRITES: dict[str, Capability | None] = {
    "changes": None, "meta": None, "calendar_revisions": None, "calendar_creating": None,
    "tours": C.WRITE_SCHEDULE, "venues": C.WRITE_SCHEDULE, "gig_days": C.WRITE_SCHEDULE,
    "schedule_items": C.WRITE_SCHEDULE, "venue_contacts": C.WRITE_SCHEDULE,
    "tour_routing": C.WRITE_SCHEDULE, "geocode_cache": C.WRITE_SCHEDULE,
    "cases": C.WRITE_EQUIPMENT, "items": C.WRITE_EQUIPMENT, "templates": C.WRITE_EQUIPMENT,
    "template_lines": C.WRITE_EQUIPMENT, "checklists": C.WRITE_EQUIPMENT,
    "checklist_entries": C.TICK, "checklist_events": C.TICK, "item_flags": C.TICK,
    "people": C.WRITE_STAFFING, "person_roles": C.WRITE_STAFFING,
    "staff_needs": C.WRITE_STAFFING, "assignments": C.WRITE_STAFFING,
    "tour_budget": C.WRITE_MONEY, "exchange_rates": C.WRITE_MONEY,
    "budget_lines": C.WRITE_MONEY, "settlements": C.WRITE_MONEY,
    "settlement_tickets": C.WRITE_MONEY, "settlement_deductions": C.WRITE_MONEY,
    "payments": C.WRITE_MONEY,
    "feeds": C.MANAGE_FEEDS, "users": C.MANAGE_USERS, "user_keys": C.MANAGE_USERS,
    "settings": C.CHANGE_SETTINGS, "change_details": None,
    "preferences": None,  # anyone, their own rows only (services/preferences.py)
    "studio_sessions": C.WRITE_SCHEDULE,
    # anyone asks for guests; whose rows and which states is the service's rule
    # (services/guests.py), since this table is per table, not per row
    "guest_requests": C.REQUEST_GUESTS, "guest_caps": C.MANAGE_GUESTS,
    "documents": C.WRITE_SCHEDULE, "document_bytes": C.WRITE_SCHEDULE,
    "office_document_bytes": C.WRITE_SCHEDULE,
    "travel_segments": C.WRITE_SCHEDULE, "travel_manifest": C.WRITE_SCHEDULE,
    "hotel_stays": C.WRITE_SCHEDULE, "hotel_rooms": C.WRITE_SCHEDULE,
    "feed_addresses": C.MANAGE_FEEDS,
    "events": C.WRITE_SCHEDULE,
    # advancing is the producer's and managers' work; everyone who sees the schedule reads it
    "advance_items": C.WRITE_SCHEDULE, "advance_template_items": C.WRITE_SCHEDULE,
}  # fmt: skip

# Tables whose every read takes a capability: the tour's finances and the user list.
READS: dict[str, Capability] = {
    "tour_budget": C.READ_MONEY, "exchange_rates": C.READ_MONEY, "budget_lines": C.READ_MONEY,
    "settlements": C.READ_MONEY, "settlement_tickets": C.READ_MONEY,
    "settlement_deductions": C.READ_MONEY, "payments": C.READ_MONEY,
    "users": C.MANAGE_USERS, "user_keys": C.MANAGE_USERS, "change_details": C.READ_MONEY,
    "office_document_bytes": C.READ_MONEY,  # contracts and visa papers
    "feed_addresses": C.MANAGE_FEEDS,  # sealed feed tokens
}  # fmt: skip

# Key columns any role may read in a table it may not see: SQLite's foreign-key check
# reads `change_details.change_id` whenever a row is added to `changes`, so without it
# no role but the money roles could make a tracked change (a guest request by crew).
# The key says only that a change has details, which `changes.entity` says anyway.
FOREIGN_KEY_READS: frozenset[tuple[str, str]] = frozenset({("change_details", "change_id")})

# Columns of otherwise shared tables that hold pay or value. For a role without the
# capability the connection reads them as NULL (not an error: the rest of the row is
# the role's to see), and the change log keeps them only in `change_details`.
PRIVATE_COLUMNS: dict[tuple[str, str], Capability] = {
    ("people", "day_rate_minor"): C.READ_ALL_PAY, ("people", "per_diem_minor"): C.READ_ALL_PAY,
    ("assignments", "fee_minor"): C.READ_ALL_PAY,
    ("items", "value_minor"): C.READ_MONEY, ("items", "rental_cost_minor"): C.READ_MONEY,
    ("studio_sessions", "rate_minor"): C.READ_MONEY,
    ("travel_segments", "cost_minor"): C.READ_MONEY,
}  # fmt: skip

# What a refusal calls each capability, for "crew may not <this>".
WORDS: dict[Capability, str] = {
    C.READ_SCHEDULE: "see the schedule", C.WRITE_SCHEDULE: "change the schedule or venues",
    C.READ_EQUIPMENT: "see equipment and checklists", C.TICK: "tick checklists",
    C.WRITE_EQUIPMENT: "change equipment, templates or checklists",
    C.READ_OWN: "see their own calls and pay", C.READ_CREW: "see everybody's calls",
    C.WRITE_STAFFING: "change people or staffing", C.READ_ALL_PAY: "see everybody's pay",
    C.READ_MONEY: "see budgets, settlements or payments",
    C.WRITE_MONEY: "change budgets, settlements or payments",
    C.MANAGE_FEEDS: "manage calendar feeds", C.MANAGE_USERS: "manage users",
    C.MAINTAIN: "back up or restore the database",
    C.CHANGE_SETTINGS: "change settings",
    C.REQUEST_GUESTS: "ask for guests", C.MANAGE_GUESTS: "manage guest lists",
}  # fmt: skip

LOGIN_MAX = 64


@dataclass(frozen=True, slots=True)
class User:
    """A login allowed in, with its role; crew and band may be linked to their person
    (their own calls and pay are that person's)."""

    login: str
    role: Role
    person_id: int | None = None
    id: int | None = None
    person: str = ""  # the linked person's name, for listings


def may(role: Role, capability: Capability) -> bool:
    return capability in GRANTS[role]


def may_write(role: Role, table: str) -> bool:
    if table not in WRITES:
        return GRANTS[role] == GRANTS[Role.MANAGER]
    needed = WRITES[table]
    return needed is None or may(role, needed)


def may_read(role: Role, table: str) -> bool:
    needed = READS.get(table)
    return needed is None or may(role, needed)


def may_read_column(role: Role, table: str, column: str) -> bool:
    needed = PRIVATE_COLUMNS.get((table, column))
    return needed is None or may(role, needed)


def private_columns(table: str) -> tuple[str, ...]:
    """The columns of `table` that the change log keeps out of sight of most roles."""
    return tuple(c for t, c in PRIVATE_COLUMNS if t == table)


def refusal(login: str, role: Role, capability: Capability) -> str:
    return f"{login} ({role.value}) may not {WORDS[capability]}"
