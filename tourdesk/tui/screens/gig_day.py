"""One gig day: what, where, and the schedule in the venue's local time."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Header, Static

from tourdesk.domain.kinds import GigStatus
from tourdesk.domain.text import printable
from tourdesk.services.daysheet import heading, schedule_lines
from tourdesk.store import StoreError, gigs
from tourdesk.store.gigs import GigDetail
from tourdesk.tui import keymap
from tourdesk.tui.screens.base import DataScreen
from tourdesk.tui.widgets.venue_card import venue_card


class GigDayScreen(DataScreen[GigDetail]):
    BINDINGS = keymap.GIG_DAY
    AUTO_FOCUS = "#gig-body"

    def __init__(self, gig_id: int) -> None:
        super().__init__()
        self.gig_id = gig_id
        self.detail: GigDetail | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="gig-title")
        with VerticalScroll(id="gig-body"), Horizontal(id="gig-columns"):
            yield Static(id="schedule", classes="panel")
            yield Static(id="venue-facts", classes="panel")
        yield Footer()

    def load(self) -> GigDetail:
        return gigs.detail(self.store, self.gig_id)

    def load_failed(self, error: StoreError) -> None:
        super().load_failed(error)
        if self.detail is None and self.is_current:
            self.app.pop_screen()

    def show(self, data: GigDetail) -> None:
        self.detail = data
        self.sub_title = f"{data.gig.date:%a %d %b} · {printable(data.place)}"
        title = Content.assemble(
            (printable(data.place), "bold"), "\n",
            (heading(data), "strike" if data.gig.status is GigStatus.CANCELLED else ""),
        )
        self.query_one("#gig-title", Static).update(title)
        self.query_one("#schedule", Static).update(self._schedule(data))
        self.query_one("#venue-facts", Static).update(self._facts(data))

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width >= 100, "-wide")

    @staticmethod
    def _schedule(data: GigDetail) -> Content:
        lines = schedule_lines(data)
        zone = data.timezone
        parts: list[Content | str | tuple[str, str]] = [
            ("Schedule", "bold"), f"  local time, {zone}\n" if zone else "\n"
        ]
        if not lines:
            parts.append(("nothing scheduled", "dim"))
        for line in lines:
            parts += [
                (f"{line.time:<8}", "bold" if line.next_day else ""),
                f"{printable(line.title):<11} ",
                (f"UTC{line.utc_offset}\n", "dim"),
            ]
        if data.gig.notes:
            parts += ["\n", ("Notes", "bold"), "\n", printable(data.gig.notes, single_line=False)]
        return Content.assemble(*parts).rstrip()

    @staticmethod
    def _facts(data: GigDetail) -> Content:
        if data.venue is None:
            return Content.assemble(("No venue", "dim"), f"  {printable(data.place)}")
        return venue_card(data.venue)

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_step(self, direction: int) -> None:
        if self.detail is None:
            return
        target = self.detail.next_id if direction > 0 else self.detail.previous_id
        if target is None:
            self.notify("first day of the tour" if direction < 0 else "last day of the tour",
                        markup=False)
            return
        self.gig_id = target
        self.reload()
