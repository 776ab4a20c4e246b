"""Picking the one record a command means, by id, by name, or as the only one there."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from tourdesk.store.errors import NotFoundError

T = TypeVar("T")


def pick_one(found: Sequence[T], record_id: int | None, name: str | None,
             name_of: Callable[[T], str], what: str, where: str, listing: str) -> T:
    """The record with `record_id`, else the one whose name is `name` (ignoring case),
    else the only one; refused in one line naming the `listing` command otherwise."""
    if record_id is not None:
        found = [r for r in found if getattr(r, "id", None) == record_id]
    elif name:
        found = [r for r in found if name_of(r).casefold() == name.strip().casefold()]
    if len(found) == 1:
        return found[0]
    if not found:
        raise NotFoundError(f"no such {what} {where} (see `{listing}`)")
    raise NotFoundError(f"{len(found)} {what}s {where}: say which with --id (see `{listing}`)")
