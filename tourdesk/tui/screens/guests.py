"""`G` on a gig day: the show's guest list. A manager sees every request, the heads
against the caps, and approves or declines with one key; anyone else sees and
withdraws only their own requests and asks for a guest in their own name. The rules
(caps, whose request) are the service's (services/guests.py), checked inside each
write; caps and the door list are set and printed with `tourdesk guest`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import on
from textual.widget import Widget
from textual.widgets import DataTable, Static

from tourdesk.domain.access import Capability
from tourdesk.domain.errors import ValidationError
from tourdesk.domain.guests import Caps, GuestRequest, GuestState, guest_line
from tourdesk.domain.text import printable
from tourdesk.services import guests
from tourdesk.store import gigs
from tourdesk.store.gigs import GigDetail
from tourdesk.tui import keymap
from tourdesk.tui.live import DAYS, watches
from tourdesk.tui.modals.prompt import Confirm, TextPrompt
from tourdesk.tui.screens.base import DataScreen
from tourdesk.tui.screens.table_screen import TableScreen
from tourdesk.tui.widgets.cells import plain
from tourdesk.tui.widgets.synced_table import Cells, SyncedTable

STATE_STYLE = {GuestState.REQUESTED: "yellow", GuestState.APPROVED: "green",
               GuestState.DECLINED: "dim"}
MARKS = {GuestState.REQUESTED: "?", GuestState.APPROVED: "✓", GuestState.DECLINED: "✗"}


@dataclass(frozen=True, slots=True)
class GuestList:
    detail: GigDetail
    requests: list[GuestRequest]  # all of them for a manager, else the login's own
    caps: Caps
    everyone: bool  # a manager's view


def _cap(n: int | None) -> str:
    return "none" if n is None else str(n)


class GuestListScreen(TableScreen[GuestList]):
    BINDINGS = keymap.GUESTS
    ACTION_NEEDS = {"ask": Capability.REQUEST_GUESTS, "withdraw": Capability.REQUEST_GUESTS,
                    "approve": Capability.MANAGE_GUESTS, "decline": Capability.MANAGE_GUESTS}
    WATCHES = watches("guest_requests", "guest_caps", also=DAYS)
    AUTO_FOCUS = "#guests"
    TABLE_ID = "guests"
    SUBTITLE = "Guest list"
    LEAVE_WHEN_GONE = True

    def __init__(self, gig_id: int) -> None:
        super().__init__()
        self.gig_id = gig_id

    def below(self) -> list[Widget]:
        return [Static(id="guests-detail")]

    def load(self) -> GuestList:
        with self.store.read():
            return GuestList(gigs.detail(self.store, self.gig_id),
                             guests.requests(self.store, self.gig_id),
                             guests.caps(self.store, self.gig_id),
                             self.store.can(Capability.MANAGE_GUESTS))

    def draw(self) -> None:
        data = self.loaded
        if data is None:
            return
        wide = self.size.width >= 70
        columns: list[tuple[str, int | None]] = [("Guest", None), ("Plus", 4),
                                                 ("Pass", 10 if wide else 5)]
        columns += [("Asked by", 12)] if data.everyone and wide else []
        columns += [("State", 11 if wide else 3)]
        self.table(columns).sync([(str(r.id), self._cells(r, data.everyone, wide))
                                  for r in data.requests])
        d = data.detail
        self.sub_title = f"Guests · {d.gig.date:%a %d %b} · {printable(d.place)}"
        held = sum(r.heads for r in data.requests if r.counts)
        waiting = sum(r.heads for r in data.requests if r.state is GuestState.REQUESTED)
        if data.everyone:
            line = (f"{held} heads of {_cap(data.caps.show)} · {waiting} waiting · "
                    f"per person {_cap(data.caps.person)}")
        else:
            line = f"your guests: {held} heads of {_cap(data.caps.person)} per person"
        if not data.requests:
            line += " · n asks for a guest"
        self.summary(Text(printable(line)))
        self._explain()

    @staticmethod
    def _cells(r: GuestRequest, everyone: bool, wide: bool) -> Cells:
        state = f"{MARKS[r.state]} {r.state.value}" if wide else MARKS[r.state]
        cells = [plain(r.guest, "bold" if r.state is GuestState.APPROVED else ""),
                 plain(f"+{r.plus}" if r.plus else ""),
                 plain(r.pass_type.value if wide else r.pass_type.value[:5])]
        if everyone and wide:
            cells.append(plain(r.requested_by, "dim"))
        cells.append(plain(state, STATE_STYLE[r.state]))
        return tuple(cells)

    def _current(self) -> GuestRequest | None:
        key = self.query_one(SyncedTable).current_key()
        return next((r for r in (self.loaded.requests if self.loaded else [])
                     if str(r.id) == key), None)

    @on(DataTable.RowHighlighted)
    def _moved(self) -> None:
        self._explain()

    def _explain(self) -> None:
        r = self._current()
        body: list[Text] = []
        if r is not None:
            head = f"{r.guest}" + (f" +{r.plus}" if r.plus else "") + \
                f" · {r.pass_type.value} · asked by {r.requested_by}"
            if r.decided_by:
                head += f" · {r.state.value} by {r.decided_by}"
            body.append(Text(printable(head), style="bold"))
            if r.note:
                body.append(Text(printable(r.note)))
        if self.loaded is not None and self.loaded.everyone:
            body.append(Text("Caps and the door list: tourdesk guest caps / guest door",
                             style="dim"))
        self.query_one("#guests-detail", Static).update(Text("\n").join(body), layout=False)

    # -- actions --

    def action_ask(self) -> None:
        if self.loaded is not None:
            ask_for_guest(self, self.gig_id, self.loaded.detail.gig.date)

    def _decide(self, state: GuestState) -> None:
        r = self._current()
        if r is None or r.id is None:
            return
        request_id = r.id
        self.write(lambda: guests.decide(self.store, request_id, state),
                   f"{state.value.capitalize()}: {r.guest}")

    def action_approve(self) -> None:
        self._decide(GuestState.APPROVED)

    def action_decline(self) -> None:
        self._decide(GuestState.DECLINED)

    def action_withdraw(self) -> None:
        r = self._current()
        if r is None or r.id is None:
            return
        request_id = r.id
        self.app.push_screen(Confirm(f"Take {r.guest} off the list?"), lambda yes: (
            None if not yes else self.write(lambda: guests.withdraw(self.store, request_id),
                       f"Withdrawn: {r.guest}")))


def ask_for_guest(screen: DataScreen, gig_id: int, when: date, *, name_day: bool = False) -> None:
    """A guest on the show, asked for in the login's own name (`Anna Berg +1`); a bad
    line is one warning and nothing is asked. `name_day`: the notice says which day."""

    def asked(text: str | None) -> None:
        if not text:
            return
        try:
            name, plus = guest_line(text)
        except ValidationError as exc:
            screen.notify(printable(str(exc)), severity="warning", markup=False)
            return
        done = f"Asked for {name}" + (f" +{plus}" if plus else "")
        screen.write(lambda: guests.request_guest(screen.store, gig_id,
                                                  {"guest": name, "plus": plus}),
                     done + (f" on {when:%a %d %b}" if name_day else ""))

    screen.app.push_screen(TextPrompt(f"Guest on {when:%a %d %b} (name, +N for more)", "",
                                      "Anna Berg +1"), asked)
