"""`f` on the tour overview: the calendar feeds phones subscribe to.

A new feed's address is shown in a dialog; its maker can show it again (`a`) until a
phone first fetches it (services/feed_addresses.py). Revoking takes effect at the next
fetch.
"""

from __future__ import annotations

from rich.text import Text

from tourdesk.services import feed_addresses
from tourdesk.store import crew, feeds
from tourdesk.store.feeds import Feed
from tourdesk.tui import keymap
from tourdesk.tui.live import watches
from tourdesk.tui.modals.choose import Choose
from tourdesk.tui.modals.prompt import Confirm, ShowOnce
from tourdesk.tui.screens.table_screen import TableScreen
from tourdesk.tui.widgets.cells import plain
from tourdesk.tui.widgets.synced_table import Cells, SyncedTable

AUDIENCES = [("tour", "Whole tour: each day's block, every item"),
             ("band", "Band: each item for the band, band calls"),
             ("crew", "Crew: each item for the crew, crew calls"),
             ("person", "One person: their calls, their items, travel")]


class FeedsScreen(TableScreen[list[Feed]]):
    BINDINGS = keymap.FEEDS
    WATCHES = watches("feeds", "people", "tours")
    AUTO_FOCUS = "#feeds"
    TABLE_ID = "feeds"
    SUBTITLE = "Calendar feeds"

    def __init__(self) -> None:
        super().__init__()
        self._made: str | None = None  # a feed just made: the cursor goes to it

    def load(self) -> list[Feed]:
        return feeds.feeds(self.store)

    def draw(self) -> None:
        data = self.loaded
        if data is None:
            return
        table = self.table([("#", 3), ("Calendar", None), ("Label", 14), ("State", 8)])
        table.sync([(str(f.id), _cells(f)) for f in data])
        if self._made is not None and table.select_key(self._made):
            self._made = None  # (a reload under way at the save may not hold it yet)
        live = sum(1 for f in data if f.active)
        self.summary(f"{live} live feed{'s' if live != 1 else ''} · served by "
                     f"`tourdesk serve-calendar` at {feeds.base_url(self.store)}")

    def action_new(self) -> None:
        tour_id = self.tourdesk.tour.id

        def made(audience: str | None, person_id: int | None = None) -> None:
            if audience == "person" and person_id is None:
                people = [(str(p.id), f"{p.name} ({p.group.value})")
                          for p in crew.people(self.store) if p.active]
                self.app.push_screen(Choose("Whose calendar?", people),
                                     lambda chosen: made("person", int(chosen)) if chosen
                                     else None)
                return
            if audience:
                self.writes.submit(lambda: self._create(tour_id, audience, person_id),
                                   then=self._show_address, reload=True)

        self.app.push_screen(Choose("A feed of…", AUDIENCES), made)

    def _create(self, tour_id: int | None, audience: str, person_id: int | None
                ) -> tuple[Feed, str]:
        """In the write queue: make the feed; its address goes to the UI thread."""
        return feed_addresses.create(self.store, tour_id, audience, person_id)

    def _show_address(self, made: tuple[Feed, str]) -> None:
        feed, address = made
        self._made = str(feed.id)
        self.app.push_screen(ShowOnce(
            f"Feed {feed.id}: {feed.describes}", address,
            "Send it to the phone now. Until a phone first fetches it, `a` on this list "
            "shows it to you again."))

    def _current(self) -> Feed | None:
        key = self.query_one(SyncedTable).current_key()
        return next((f for f in self.loaded or [] if str(f.id) == key), None)

    def action_address(self) -> None:
        """Show the address again (a read in the queue: it also reads the key file); a
        refusal says why in one line."""
        feed = self._current()
        if feed is None:
            self.notify("Put the cursor on a feed", markup=False)
            return

        def shown(address: str) -> None:
            self.app.push_screen(ShowOnce(
                f"Feed {feed.id}: {feed.describes}", address,
                "Shown again until a phone first fetches it: send it to the phone now."))

        self.writes.submit(lambda: feed_addresses.show_again(self.store, feed.id), then=shown)

    def action_revoke(self) -> None:
        feed = self._current()
        if feed is None or not feed.active:
            self.notify("Put the cursor on a live feed", markup=False)
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self.write(lambda: feeds.revoke(self.store, feed.id), f"Feed {feed.id} revoked")

        self.app.push_screen(Confirm(f"Revoke feed {feed.id} ({feed.describes})? "
                                     "Phones subscribed to it stop updating."), answer)


def _cells(f: Feed) -> Cells:
    dim = "" if f.active else "dim"
    state = Text("live", style="green") if f.active else Text("revoked", style="dim")
    return (plain(f.id, dim), plain(f.describes, dim), plain(f.label, dim), state)
