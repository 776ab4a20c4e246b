"""Errors a user can act on, each with a one-line message. The CLI exits 2 on them."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """Base class: `str(err)` is a complete sentence naming the file."""


class NotADatabaseError(StoreError):
    def __init__(self, path: Path, detail: str = "") -> None:
        why = f" ({detail})" if detail else ""
        super().__init__(f"{path} is not a tourdesk database{why}")


class CorruptDatabaseError(StoreError):
    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(
            f"{path} is damaged ({detail}); restore it from a backup or a copy of the file"
        )


class DatabaseTooNewError(StoreError):
    def __init__(self, path: Path, found: int, known: int) -> None:
        super().__init__(
            f"{path} was written by a newer tourdesk (schema {found}; this version knows "
            f"up to {known}); upgrade tourdesk to open it"
        )


class ReadOnlyDatabaseError(StoreError):
    def __init__(self, path: Path, detail: str = "") -> None:
        why = f" ({detail})" if detail else ""
        super().__init__(
            f"read-only: you cannot write {path}{why}; ask for the tourdesk group "
            f"(write access to the file and its folder), or pass --db with a file you can write"
        )


class CannotOpenError(StoreError):
    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(f"cannot open {path}: {detail}")


class BusyError(StoreError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"{path} stayed busy: another tourdesk held the write lock too long; try again"
        )


class NotFoundError(StoreError):
    """A named record (tour, venue, gig day) does not exist."""


class ConflictError(StoreError):
    """A write would break a uniqueness or reference rule; the message says which."""


class StaleEditError(ConflictError):
    """Someone else saved the record after the editor opened it: nothing was written.
    Carries who and when, and the version to save against once the user has chosen."""

    def __init__(self, what: str, by: str, at: str, version: int) -> None:
        self.by, self.at, self.version = by, at, version
        super().__init__(f"{what} was changed by {by} at {at} after you opened it")


class ForbiddenError(StoreError):
    """The acting user's role does not allow this; nothing was read or written."""


class UnknownUserError(ForbiddenError):
    """Users are set up and this login is not one of them."""

    def __init__(self, login: str) -> None:
        super().__init__(
            f"'{login}' is not a tourdesk user here; ask a manager to add you "
            f"(tourdesk user add {login} --role crew)"
        )


class SessionEndedError(StoreError):
    """The user was removed or their role changed while the session ran: it ends with one
    line."""
