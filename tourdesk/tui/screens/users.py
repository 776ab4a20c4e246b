"""`6`, managers only: who may open this file, with which role. `n` adds a login, Enter
changes its role or person, `x` removes it. The store refuses anyone else."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from tourdesk.domain.access import Role, User
from tourdesk.store import crew, users
from tourdesk.tui import keymap
from tourdesk.tui.live import watches
from tourdesk.tui.modals.prompt import Confirm
from tourdesk.tui.modals.record_form import Field, RecordForm
from tourdesk.tui.screens.table_screen import TableScreen
from tourdesk.tui.widgets.cells import plain
from tourdesk.tui.widgets.synced_table import SyncedTable

FIELDS: list[Field] = [
    ("login", "Login", "their SSH / system login"),
    ("role", "Role", " / ".join(r.value for r in Role)),
    ("person", "Person", "their name in the crew list (crew, band)"),
]
SAYS = {Role.MANAGER: "everything", Role.CREW: "schedule, lists, own calls and pay",
        Role.BAND: "schedule and day sheets", Role.ACCOUNTANT: "money; schedule read-only"}


@dataclass(frozen=True, slots=True)
class Typed:
    login: str
    role: Role
    person: str


def typed(values: dict[str, str]) -> Typed:
    """The form's text checked with the rules the CLI uses."""
    return Typed(users.login_of(values["login"]), users.role_of(values["role"]),
                 values["person"].strip())


class UsersScreen(TableScreen[list[User]]):
    BINDINGS = keymap.USERS
    WATCHES = watches("users", "people")
    AUTO_FOCUS = "#users"
    TABLE_ID = "users"
    SUBTITLE = "Users and roles"

    def load(self) -> list[User]:
        return users.users(self.store)

    def draw(self) -> None:
        data = self.loaded
        if data is None:
            return
        table = self.table([("Login", 14), ("Role", 11), ("Person", 18), ("May", None)])
        table.sync([(u.login, (plain(u.login), Text(u.role.value), plain(u.person),
                               Text(SAYS[u.role], style="dim"))) for u in data])
        self.summary(
            f"{len(data)} user{'s' if len(data) != 1 else ''}" if data else
            "No users yet: everyone who opens the file is a manager. Add yourself first, "
            "as a manager (n).")

    def _current(self) -> User | None:
        """The user under the cursor; None (and a hint) when there is none."""
        key = self.query_one(SyncedTable).current_key()
        user = next((u for u in self.loaded or [] if u.login == key), None)
        if user is None:
            self.notify("Put the cursor on a user", markup=False)
        return user

    def action_new(self) -> None:
        def save(done: Typed | None) -> None:
            if done is not None:
                self.write(lambda: users.add(self.store, done.login, done.role,
                                             self._person(done.person)),
                           f"{done.login} may now come in as {done.role.value}")

        start = {} if self.loaded else {"login": self.store.actor, "role": "manager"}
        self.app.push_screen(RecordForm("New user", start, fields=FIELDS, check=typed), save)

    def action_edit(self) -> None:
        user = self._current()
        if user is None:
            return

        def save(done: Typed | None) -> None:
            if done is not None:
                self.write(lambda: users.change(self.store, user.login, role=done.role,
                                                person_id=self._person(done.person)),
                           f"{user.login} is now {done.role.value} (from their next start)")

        self.app.push_screen(RecordForm(
            f"Change {user.login}", {"login": user.login, "role": user.role.value,
                                     "person": user.person},
            fields=FIELDS, check=typed), save)

    def action_remove(self) -> None:
        user = self._current()
        if user is None:
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self.write(lambda: users.remove(self.store, user.login),
                           f"{user.login} removed")

        self.app.push_screen(Confirm(f"Remove {user.login}? They can no longer open "
                                     "tourdesk."), answer)

    def _person(self, name: str) -> int | None:
        """In the write worker: the crew list's person of that name, if one was typed."""
        return crew.person_named(self.store, name).id if name else None
