"""The gig day's studio sessions from its screen (`S`): studio and room, engineer, hours
and, for the roles that see money, the rate. The rules are services/studio's and
domain/studio's; the form checks what it can without the database (the engineer is
matched to the crew list on saving), and a change carries the version read when the
list opened."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tourdesk.domain.access import Capability
from tourdesk.domain.studio import StudioSession, session_from_fields, session_to_fields
from tourdesk.services import studio
from tourdesk.tui.modals.prompt import Confirm
from tourdesk.tui.modals.record_form import Field, RecordForm
from tourdesk.tui.record_menu import record_menu

if TYPE_CHECKING:
    from tourdesk.store.gigs import GigDetail
    from tourdesk.tui.screens.base import DataScreen

Fields = dict[str, str | None]

FIELDS: list[Field] = [
    ("studio", "Studio", "Rainbow Studios"),
    ("room", "Room", "Studio A"),
    ("engineer", "Engineer", "a crew list name, or an outside one"),
    ("from", "From", "HH:MM on the day's clock"),
    ("until", "Until", "HH:MM (before From: past midnight)"),
    ("notes", "Notes", ""),
]
RATE_FIELDS: list[Field] = [
    ("rate", "Rate", "450.00 (a studio line of the budget)"),
    ("currency", "Currency", "EUR"),
    ("per", "Per", "hour / day"),
]


def manage_sessions(screen: DataScreen, gig_id: int, detail: GigDetail) -> None:
    """`S`: a new session straight away on a day with none; else which one, or a new one."""
    when = f"{detail.gig.date:%a %d %b}"
    by_id = {str(s.id): (s, name) for s, name in detail.studio}
    record_menu(
        screen, f"Studio sessions on {when}",
        [(key, f"{s.studio}{f' · {s.room}' if s.room else ''}"
          f"{f' · {s.start:%H:%M}' if s.start else ''}") for key, (s, _) in by_id.items()],
        new=lambda: _form(screen, gig_id, detail, None, ""),
        change=lambda key: _form(screen, gig_id, detail, *by_id[key]),
        remove=lambda key: _remove(screen, gig_id, by_id[key][0]), what="session")


def _form(screen: DataScreen, gig_id: int, detail: GigDetail, session: StudioSession | None,
          engineer: str) -> None:
    money = screen.store.can(Capability.READ_MONEY)
    fields = FIELDS + RATE_FIELDS if money else FIELDS
    start = session_to_fields(session, engineer) if session else {"per": "hour"}
    if not money:  # a rate is money: not shown, and not sent back
        start = {k: v for k, v in start.items() if k not in ("rate", "currency", "per")}

    def checked(values: dict[str, str]) -> Fields:
        # the same rules as the CLI; any name passes here, the crew list is read on saving
        session_from_fields({**start, **values}, gig_day_id=gig_id, day=detail.gig.date,
                            zone_name=detail.timezone, people={})
        return dict(values)

    def save(typed: Fields | None) -> None:
        if typed is None:
            return
        name = (typed.get("studio") or "").strip()
        if session is None:
            screen.write(lambda: studio.add_session(screen.store, gig_id, typed),
                         f"Added the session at {name}")
        else:
            screen.write(lambda: studio.set_session(screen.store, gig_id, typed,
                                                    session_id=session.id,
                                                    expected_version=session.version),
                         f"Saved the session at {name}")

    title = f"{'Change the' if session else 'New'} studio session, {detail.gig.date:%a %d %b}"
    screen.app.push_screen(RecordForm(title, start, fields=fields, check=checked), save)


def _remove(screen: DataScreen, gig_id: int, session: StudioSession) -> None:
    def confirmed(yes: bool | None) -> None:
        if yes:
            screen.write(lambda: studio.remove_session(screen.store, gig_id,
                                                       session_id=session.id),
                         f"Removed the session at {session.studio}")

    priced = session.rate is not None and screen.store.can(Capability.READ_MONEY)
    screen.app.push_screen(Confirm(f"Remove the session at {session.studio}?"
                                   + (" Its studio line of the budget goes with it."
                                      if priced else "")), confirmed)
