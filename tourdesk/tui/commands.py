"""Command palette entries: every screen, every tour, every gig day of the tour."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tourdesk.domain.text import printable
from tourdesk.store import gigs, tours

if TYPE_CHECKING:
    from tourdesk.tui.app import TourDeskApp


def literal(text: str) -> str:
    """Text the palette (which reads markup) shows as it is: every bracket escaped."""
    return text.replace("[", "\\[")


class NavigationCommands(Provider):
    async def startup(self) -> None:
        app = cast("TourDeskApp", self.app)  # the only app that opens this palette
        self._entries = await asyncio.to_thread(self._entries_for, app)

    @staticmethod
    def _entries_for(app: TourDeskApp) -> list[tuple[str, str, Callable[[], object]]]:
        entries: list[tuple[str, str, Callable[[], object]]] = [
            ("Go to tour overview", "All gig days of the tour (1)",
             partial(app.action_go, "overview")),
            ("Go to venues", "Every venue and its facts (2)",
             partial(app.action_go, "venues")),
            ("Go to inventory", "Every case and item, flags (3)",
             partial(app.action_go, "inventory")),
            ("Help: keys", "Every key binding (?)", app.action_help),
            ("Go to staffing", "Who works which day: calls, roles, pay (4)",
             partial(app.action_go, "staffing")),
            ("Go to budget", "Money: budget, settlements, payouts (5)",
             partial(app.action_go, "budget")),
            ("Go to users", "Who may open the file, and their roles (6)",
             partial(app.action_go, "users")),
        ]
        entries = [e for e in entries if not isinstance(e[2], partial)
                   or app.may_open(str(e[2].args[0]))]
        for t in tours.summaries(app.store):
            entries.append((f"Switch tour: {printable(t.name)}",
                            f"{t.shows} shows, {t.first or ''} to {t.last or ''}",
                            partial(app.switch_tour, t.id)))
        tour_id = app.tour.get()  # off the UI thread: it may pick the tour
        if tour_id is not None:
            for r in gigs.rows_for_tour(app.store, tour_id):
                # date, venue and city are all in the title: "Brussels", "Ancienne" and
                # "20 Oct" each find the day
                place = printable(f"{r.venue}, {r.city}" if r.venue else r.city)
                entries.append((f"Open day: {r.date:%a %d %b} {place}",
                                f"{r.kind.value}, {r.status.value}",
                                partial(app.open_gig, r.id)))
        return entries

    async def discover(self) -> Hits:
        for title, help_text, callback in self._entries[:4]:
            yield DiscoveryHit(literal(title), callback, text=title, help=literal(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._entries:
            # The palette reads titles and help as markup: user text is escaped first.
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(literal(title)), callback,
                          text=title, help=literal(help_text))
