"""`k` on a venue: the people to call there (production, promoter, security...), each
with their own phone and e-mail; added, edited and removed in a form."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.widgets import DataTable

from tourdesk.domain.access import Capability
from tourdesk.domain.models import Venue, VenueContact
from tourdesk.store import venues
from tourdesk.tui import keymap
from tourdesk.tui.live import watches
from tourdesk.tui.modals.forms import ContactForm
from tourdesk.tui.modals.prompt import Confirm
from tourdesk.tui.screens.table_screen import TableScreen
from tourdesk.tui.widgets.cells import plain
from tourdesk.tui.widgets.synced_table import SyncedTable

COLUMNS = [("Role", 14), ("Name", None), ("Phone", 16), ("Email", 24)]


@dataclass(frozen=True, slots=True)
class VenuePeople:
    venue: Venue
    contacts: list[VenueContact]


class VenueContactsScreen(TableScreen[VenuePeople]):
    BINDINGS = keymap.VENUE_CONTACTS
    ACTION_NEEDS = {
        "new": Capability.WRITE_SCHEDULE, "edit": Capability.WRITE_SCHEDULE,
        "delete": Capability.WRITE_SCHEDULE,
    }
    WATCHES = watches("venues", "venue_contacts")
    AUTO_FOCUS = "#contacts"
    TABLE_ID = "contacts"
    SUBTITLE = "Venue contacts"
    LEAVE_WHEN_GONE = True

    def __init__(self, venue_id: int) -> None:
        super().__init__()
        self._venue_id = venue_id

    def load(self) -> VenuePeople:
        with self.store.read():
            return VenuePeople(venues.get(self.store, self._venue_id),
                               venues.contacts(self.store, self._venue_id))

    def draw(self) -> None:
        data = self.loaded
        if data is None:
            return
        wide = self.size.width >= 70  # the e-mail only where it fits beside the phone
        table = self.table(COLUMNS if wide else COLUMNS[:3])
        table.sync([(str(c.id), (plain(c.role, "bold"), plain(c.name), plain(c.phone),
                                 *((plain(c.email),) if wide else ())))
                    for c in data.contacts])
        v = data.venue
        count = len(data.contacts)
        self.summary(plain(f"{v.name}, {v.city} · {count} contact{'s' if count != 1 else ''}"
                           + ("" if count else " · n adds one")))

    def _current(self) -> VenueContact | None:
        key = self.query_one(SyncedTable).current_key()
        return next((c for c in (self.loaded.contacts if self.loaded else [])
                     if str(c.id) == key), None)

    def action_new(self) -> None:
        if self.loaded is not None:
            self.app.push_screen(ContactForm(self.loaded.venue), self._save)

    @on(DataTable.RowSelected, "#contacts")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        contact = self._current()
        if contact is not None and self.loaded is not None:
            self.app.push_screen(ContactForm(self.loaded.venue, contact), self._save)

    def _save(self, contact: VenueContact | None) -> None:
        if contact is not None:
            self.write(lambda: venues.save_contact(self.store, contact), f"Saved {contact.name}")

    def action_delete(self) -> None:
        contact = self._current()
        if contact is None or contact.id is None:
            return
        contact_id = contact.id
        self.app.push_screen(Confirm(f"Remove {contact.summary}?"), lambda yes: None if not yes
                             else self.write(
            lambda: venues.delete_contact(self.store, contact_id), f"Removed {contact.name}"))
