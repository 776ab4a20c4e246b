"""The gig day's further events from its screen (`A`): add one, change or remove one.
The rules are services/events'; this is the order of prompts and forms. Each change
carries the version read when the menu opened, so a colleague's edit in between is
refused with one line and the day is read again."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from tourdesk.domain.errors import Collector
from tourdesk.domain.events import MAIN, Event, EventKind, event_basics, label_of
from tourdesk.domain.kinds import GigStatus
from tourdesk.services import events as day_events
from tourdesk.store import events
from tourdesk.tui.modals.prompt import Confirm, TextPrompt
from tourdesk.tui.modals.record_form import Field, RecordForm
from tourdesk.tui.record_menu import record_menu

if TYPE_CHECKING:
    from tourdesk.store.gigs import GigDetail
    from tourdesk.tui.screens.base import DataScreen

Fields = dict[str, str | None]

FIELDS: list[Field] = [
    ("label", "Label", "Festival, Late show, Radio"),
    ("kind", "Kind", " / ".join(k.value for k in EventKind)),
    ("status", "Status", " / ".join(s.value for s in GigStatus)),
    ("venue", "Venue", "a known venue, with its city"),
    ("city", "City", "empty (and no venue): at the day's place"),
    ("country", "Country", "ISO code, for a city without a venue"),
    ("zone", "Clock", "Europe/London (empty: the day's)"),
    ("notes", "Notes", ""),
]


def checked(values: dict[str, str]) -> Fields:
    """What the form can check without the database (the place is checked on saving)."""
    c = Collector()
    c.check(label_of, values["label"])
    event_basics(values, c)
    c.raise_if_any()
    return dict(values)


def event_choices(here: str, further: Sequence[Event]) -> list[tuple[str, str]]:
    """The day's own event and each further one, to pick which one something is for:
    (`main` or the event's id, as people read it)."""
    return [(MAIN, f"{here} (the day's own)"),
            *((str(e.id), f"{e.label}  · {e.place or here}") for e in further)]


def manage_events(screen: DataScreen, gig_id: int, detail: GigDetail) -> None:
    """`A`: a new event straight away on a day of one; else which one, or a new one."""
    when = f"{detail.gig.date:%a %d %b}"
    by_id = {str(e.id): e for e in detail.events}
    record_menu(screen, f"Events on {when}",
                event_choices(detail.place, detail.events)[1:],  # the further ones
                new=lambda: ask_new(screen, gig_id, when),
                change=lambda key: _form(screen, gig_id, by_id[key], detail.timezone),
                remove=lambda key: _ask_remove(screen, gig_id, by_id[key]), what="event")


def ask_new(screen: DataScreen, gig_id: int, when: str) -> None:
    """One line: `Festival` (at the day's place), `Festival @ Edinburgh` or `Late show
    @ Paradiso, Amsterdam` (a known venue); the form (`A`, then the event) says more."""

    def added(text: str | None) -> None:
        if not text or not text.strip():
            return
        label, _, place = text.partition("@")
        venue, _, city = place.rpartition(",")
        fields = {"label": label, "venue": venue.strip() or None,
                  "city": city.strip() or None}
        screen.write(lambda: day_events.add_event(screen.store, gig_id, fields),
                     f"Added {label.strip()} on {when} (a: its items)")

    screen.app.push_screen(TextPrompt(f"New event on {when} (label @ place)", "",
                                      "Festival @ Edinburgh"), added)


def _ask_remove(screen: DataScreen, gig_id: int, event: Event) -> None:
    screen.writes.submit(lambda: events.counts(screen.store, event.id or 0),
                         then=lambda counts: _confirm_remove(screen, gig_id, event, counts))


def _form(screen: DataScreen, gig_id: int, event: Event, day_zone: str) -> None:
    venue, _, venue_city = event.place.partition(", ") if event.venue_id else ("", "", "")
    start = {"label": event.label, "kind": event.kind.value, "status": event.status.value,
             "venue": venue, "city": venue_city or event.city, "country": event.country,
             # a clock of its own; the venue's, or the day's it falls back on, stay empty
             "zone": "" if event.venue_id or event.timezone == day_zone else event.timezone,
             "notes": event.notes}

    def save(fields: Fields | None) -> None:
        if fields is None:
            return
        screen.write(lambda: day_events.set_event(screen.store, gig_id, str(event.id), fields,
                                                  expected_version=event.version),
                     f"Saved {(fields.get('label') or '').strip()}")

    screen.app.push_screen(RecordForm(f"Change {event.label}", start, fields=FIELDS,
                                      check=checked), save)


def _confirm_remove(screen: DataScreen, gig_id: int, event: Event,
                    counts: dict[str, int]) -> None:
    words = {"schedule_items": "item", "assignments": "call"}
    going = [f"{n} {words[t]}{'s' if n != 1 else ''}" for t, n in counts.items()
             if n and t in words]
    settled = counts.get("settlements", 0) > 0
    if settled:
        going.append("its settlement")
    what = f" with {', '.join(going)}" if going else ""

    def confirmed(yes: bool | None) -> None:
        if yes:
            # forced only past a settlement the question named: one added since is refused
            screen.write(lambda: day_events.remove_event(screen.store, gig_id, str(event.id),
                                                         force=settled),
                         f"Removed {event.label}{what}")

    screen.app.push_screen(Confirm(f"Remove {event.label}{what}?"), confirmed)
