"""The logins allowed in and their roles (schema v12). Managers only.

No users: one-user mode, whoever opens the file is a manager. The first user added must
be a manager, and the last manager can be neither removed nor demoted while other users
remain, so a file is never left with users and nobody to manage them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tourdesk.domain.access import LOGIN_MAX, Capability, Role, User
from tourdesk.domain.errors import ValidationError
from tourdesk.domain.sshkeys import PublicKey, check_ssh_login
from tourdesk.domain.text import clean_input
from tourdesk.store import tracked
from tourdesk.store.connection import Store
from tourdesk.store.errors import ConflictError, NotFoundError


def users(store: Store) -> list[User]:
    store.require(Capability.MANAGE_USERS)
    rows = store.db.query(
        "SELECT u.id, u.login, u.role, u.person_id, coalesce(p.name, '') AS person "
        "FROM users u LEFT JOIN people p ON p.id = u.person_id ORDER BY u.login")
    return [_user(r) for r in rows]


def named(store: Store, login: str) -> User:
    found = [u for u in users(store) if u.login == login]
    if not found:
        raise NotFoundError(f"there is no user '{login}' (tourdesk user list shows them)")
    return found[0]


def role_of(text: str) -> Role:
    try:
        return Role(text.strip().lower())
    except ValueError:
        raise ValidationError("role", f"'{text}' is not a role: one of "
                              + ", ".join(r.value for r in Role)) from None


def login_of(text: str) -> str:
    login = clean_input(text).strip()
    if not login or len(login) > LOGIN_MAX or any(c.isspace() for c in login):
        raise ValidationError("login", f"a login is 1 to {LOGIN_MAX} characters, no spaces")
    return login


def add(store: Store, login: str, role: Role, person_id: int | None = None) -> int:
    with store.write():
        everyone = users(store)
        if not everyone and role is not Role.MANAGER:
            raise ConflictError("the first user must be a manager: add yourself first "
                                f"(tourdesk user add {store.actor} --role manager)")
        return tracked.insert(store, "users", {"login": login_of(login), "role": role.value,
                                               "person_id": person_id})


def change(store: Store, login: str, *, role: Role | None = None,
           person_id: int | object | None = ...) -> User:
    """A new role and/or person (`person_id=None` unlinks; leave it out to keep it)."""
    with store.write():
        user = named(store, login)
        values: dict[str, Any] = {}
        if role is not None:
            if user.role is Role.MANAGER and role is not Role.MANAGER:
                _keep_a_manager(store, user)
            values["role"] = role.value
        if person_id is not ...:
            values["person_id"] = person_id
        if values:
            tracked.update(store, "users", user.id or 0, values)
        return named(store, login)


def remove(store: Store, login: str) -> None:
    with store.write():
        user = named(store, login)
        if user.role is Role.MANAGER:
            _keep_a_manager(store, user)
        tracked.delete(store, "users", user.id or 0)


def _keep_a_manager(store: Store, leaving: User) -> None:
    everyone = users(store)
    managers = [u for u in everyone if u.role is Role.MANAGER and u.login != leaving.login]
    others = [u for u in everyone if u.login != leaving.login]
    if others and not managers:
        raise ConflictError(f"{leaving.login} is the last manager: make someone else a "
                            "manager first")


def _user(r: dict[str, Any]) -> User:
    return User(login=r["login"], role=Role(r["role"]), person_id=r["person_id"], id=r["id"],
                person=r["person"])


# -- SSH keys (schema v13): one user may have several (laptop, phone) --


@dataclass(frozen=True, slots=True)
class UserKey:
    login: str
    key: PublicKey
    id: int | None = None

    @property
    def fingerprint(self) -> str:
        return self.key.fingerprint


def keys(store: Store) -> list[UserKey]:
    store.require(Capability.MANAGE_USERS)
    rows = store.db.query(
        "SELECT k.id, u.login, k.key_type, k.key_data, k.comment FROM user_keys k "
        "JOIN users u ON u.id = k.user_id ORDER BY u.login, k.id")
    return [UserKey(r["login"], PublicKey(r["key_type"], r["key_data"], r["comment"]), r["id"])
            for r in rows]


def add_key(store: Store, login: str, key: PublicKey) -> UserKey:
    with store.write() as db:
        user = named(store, login)
        check_ssh_login(user.login)
        row = db.execute("SELECT u.login FROM user_keys k JOIN users u ON u.id = k.user_id "
                         "WHERE k.fingerprint = ?", [key.fingerprint]).fetchone()
        if row is not None:
            raise ConflictError(f"that key ({key.fingerprint}) is {row[0]}'s already: one key "
                                "is one person")
        tracked.insert(store, "user_keys", {
            "user_id": user.id, "key_type": key.key_type, "key_data": key.data,
            "fingerprint": key.fingerprint, "comment": key.comment})
    return UserKey(user.login, key)


def remove_key(store: Store, login: str, fingerprint: str) -> None:
    with store.write():
        found = [k for k in keys(store) if k.login == login
                 and fingerprint in (k.fingerprint, k.fingerprint.removeprefix("SHA256:"))]
        if not found:
            raise NotFoundError(f"{login} has no key {fingerprint} (tourdesk user key list "
                                "shows them)")
        tracked.delete(store, "user_keys", found[0].id or 0)
