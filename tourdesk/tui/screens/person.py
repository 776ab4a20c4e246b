"""One person: how to reach them, their calls in each venue's local time, their travel
from today (segments with refs and seats, hotels with their room), and what the tour
owes them on its pay basis (days worked at rate or fee, plus per diems)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer, Header, Static

from tourdesk.domain.access import Capability
from tourdesk.domain.kinds import GigStatus
from tourdesk.domain.money import amounts_shown
from tourdesk.domain.staffing import PayBasis, Person, Shift, role_code
from tourdesk.domain.text import printable
from tourdesk.services.staffing import person_calls, person_pay
from tourdesk.services.travel import PersonTravel, person_travel
from tourdesk.store import crew
from tourdesk.tui import keymap
from tourdesk.tui.edits import EditFlow
from tourdesk.tui.live import DAYS, TRAVEL, watches
from tourdesk.tui.modals.forms import PersonForm
from tourdesk.tui.screens.base import DataScreen
from tourdesk.tui.widgets.cells import plain
from tourdesk.tui.widgets.synced_table import Cells, SyncedTable


@dataclass(frozen=True, slots=True)
class PersonView:
    person: Person
    calls: list[Shift]
    pay: list[PayBasis]
    version: int  # as shown: an edit saves against it
    travel: list[PersonTravel]


COLUMNS = {
    "narrow": [("Date", 10), ("Where", None), ("Role", 4), ("Call", 5)],
    "normal": [("Date", 10), ("Where", None), ("Role", 16), ("Call", 11)],
}


class PersonScreen(DataScreen[PersonView]):
    BINDINGS = keymap.PERSON
    WATCHES = watches("people", "assignments", also=DAYS | TRAVEL)
    AUTO_FOCUS = "#calls"
    LEAVE_WHEN_GONE = True
    ACTION_NEEDS = {"edit": Capability.WRITE_STAFFING}

    def __init__(self, person_id: int) -> None:
        super().__init__()
        self.person_id = person_id
        self.loaded: PersonView | None = None
        self._tier = ""
        self._edits = EditFlow[Person](
            self, PersonForm, lambda p, seen: crew.update_person(self.store, p,
                                                                 expected_version=seen),
            self._latest, lambda p: p.name)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="card")
        yield SyncedTable(id="calls")
        yield Static(id="person-travel")
        yield Static(id="pay")
        yield Footer()

    def load(self) -> PersonView:
        with self.store.read():
            return PersonView(crew.person(self.store, self.person_id),
                              person_calls(self.store, self.person_id),
                              person_pay(self.store, self.person_id),
                              crew.person_version(self.store, self.person_id),
                              person_travel(self.store, self.person_id, self.tourdesk.today))

    def show(self, data: PersonView) -> None:
        self.loaded = data
        p = data.person
        self.sub_title = printable(p.name)
        card = Text(printable(p.name), style="bold") + Text(
            f"  {p.group.value} · {printable('; '.join(p.roles))}")
        reach = " · ".join(printable(x) for x in (p.phone, p.email, p.login and f"login {p.login}")
                           if x)
        if reach:
            card += Text("\n" + reach)
        extra = " · ".join(printable(x) for x in (
            p.dietary and f"diet: {p.dietary}",
            p.emergency_contact and f"emergency: {p.emergency_contact}") if x)
        if extra:
            card += Text("\n" + extra, style="dim")
        self.query_one("#card", Static).update(card)
        self._draw()
        self.query_one("#person-travel", Static).update(_travel(data.travel))
        owed = [Text(f"{printable(b.tour)}: {b.days_worked} days"
                     f"{' at ' + amounts_shown(b.fees) if b.fees else ''}, "
                     f"{b.per_diem_days} per diems"
                     f"{' ' + b.per_diems.shown_with_code() if b.per_diems else ''} = "
                     f"{amounts_shown(b.total, 'no rate on file')}") for b in data.pay]
        self.query_one("#pay", Static).update(Text("\n").join(owed) if owed else
                                              Text("No calls yet", style="dim"))

    def on_resize(self, event: events.Resize) -> None:
        self._draw()

    def _draw(self) -> None:
        if self.loaded is None:
            return
        table = self.query_one(SyncedTable)
        tier = "narrow" if self.size.width < 70 else "normal"
        if tier != self._tier:
            table.set_columns(COLUMNS[tier], self.size.width)
            self._tier = tier
        table.sync([(str(s.assignment_id), _cells(s, tier)) for s in self.loaded.calls])

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_edit(self) -> None:
        """Their details in a form; if someone else saves them first, both versions
        are shown and the user chooses."""
        if self.loaded is not None:
            self._edits.open(self.loaded.person, self.loaded.version)

    def _latest(self, person: Person) -> tuple[Person, int]:
        with self.store.read():
            return (crew.person(self.store, self.person_id),
                    crew.person_version(self.store, self.person_id))

    def action_export(self) -> None:
        """This person's calendar for the tour on screen: the days they work, from
        their call."""
        from tourdesk.services.calendar import Audience, Scope
        from tourdesk.tui.exports import export_calendar

        tour_id = self.tourdesk.tour.id
        if tour_id is not None:
            export_calendar(self, self.store, tour_id, Scope(Audience.PERSON, self.person_id))


SHOWN_TRIPS = 3  # the rest: `tourdesk crew show` or the travel screen


def _travel(trips: list[PersonTravel]) -> Text:
    if not trips:
        return Text("No travel booked from today", style="dim")
    lines = [Text(f"{t.on:%a %d %b} ", style="bold") + Text(printable(t.what))
             + Text(f" · {printable(t.detail)}", style="dim") for t in trips[:SHOWN_TRIPS]]
    if len(trips) > SHOWN_TRIPS:
        lines.append(Text(f"and {len(trips) - SHOWN_TRIPS} more (m on the overview)",
                          style="dim"))
    return Text("\n").join(lines)


def _cells(s: Shift, tier: str) -> Cells:
    style = "dim strike" if s.status is GigStatus.CANCELLED else ""
    if s.call:
        call = f"{s.call:%H:%M}"
    elif s.first_item:
        call = f"{s.first_item:%H:%M}" + ("" if tier == "narrow" else " start")
    else:
        call = ""
    role = role_code(s.role) if tier == "narrow" else s.role
    return (plain(f"{s.date:%a %d %b}", style), plain(s.place, style), plain(role, style),
            plain(call, style))
