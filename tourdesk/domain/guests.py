"""Guest lists: who asked for whom on which show, with how many extra heads and which
pass, and the caps a show and each asker may not pass. No I/O."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tourdesk.domain.errors import ValidationError
from tourdesk.domain.text import clean_input

MAX_PLUS = 20
NAME_MAX = 200
NOTE_MAX = 500


class Pass(StrEnum):
    GUEST = "guest"
    PHOTO = "photo"
    AFTERSHOW = "aftershow"
    ALL_ACCESS = "all-access"


class GuestState(StrEnum):
    REQUESTED = "requested"
    APPROVED = "approved"
    DECLINED = "declined"


@dataclass(frozen=True, slots=True)
class GuestRequest:
    gig_day_id: int
    guest: str
    requested_by: str  # the login that asked
    plus: int = 0
    pass_type: Pass = Pass.GUEST
    state: GuestState = GuestState.REQUESTED
    decided_by: str = ""
    note: str = ""
    id: int | None = None
    version: int | None = None

    @property
    def heads(self) -> int:
        return 1 + self.plus

    @property
    def counts(self) -> bool:
        """Whether it takes room under the caps (a declined request does not)."""
        return self.state is not GuestState.DECLINED


@dataclass(frozen=True, slots=True)
class Caps:
    """Heads a show may have on its list, and heads one asker may ask for; None: no cap."""

    show: int | None = None
    person: int | None = None


def guest_name(text: str | None) -> str:
    name = clean_input(text)
    if not name:
        raise ValidationError("guest", "give the guest's name")
    if len(name) > NAME_MAX:
        raise ValidationError("guest", f"at most {NAME_MAX} characters")
    return name


def guest_line(text: str | None) -> tuple[str, int]:
    """`Anna Berg +1` as typed in a prompt: the name and the extra heads."""
    raw = (text or "").strip()
    name, plus = raw, 0
    head, _, tail = raw.rpartition("+")
    if head and tail.strip().isdigit():
        name, plus = head.strip(), plus_count(tail.strip())
    return guest_name(name), plus


def plus_count(value: int | str | None) -> int:
    try:
        n = int(value or 0)
    except (TypeError, ValueError):
        raise ValidationError("plus", f"a whole number from 0 to {MAX_PLUS}") from None
    if not 0 <= n <= MAX_PLUS:
        raise ValidationError("plus", f"a whole number from 0 to {MAX_PLUS}")
    return n


def pass_type(text: str | None) -> Pass:
    try:
        return Pass((text or "guest").strip().lower())
    except ValueError:
        raise ValidationError("pass", "one of " + ", ".join(p.value for p in Pass)) from None


def note_text(text: str | None) -> str:
    note = clean_input(text)
    if len(note) > NOTE_MAX:
        raise ValidationError("note", f"at most {NOTE_MAX} characters")
    return note


def cap_value(value: int | str | None, field: str) -> int | None:
    """A cap from a form or a flag: empty or `none` lifts it."""
    if value is None or str(value).strip().lower() in ("", "none"):
        return None
    try:
        n = int(value)
    except ValueError:
        raise ValidationError(field, "a whole number of heads, or none") from None
    if n < 0:
        raise ValidationError(field, "a whole number of heads, or none")
    return n


def over_cap(caps: Caps, show_heads: int, asker_heads: int, adding: int) -> str | None:
    """Why `adding` heads do not fit, or None. `show_heads` and `asker_heads` are what
    the list and the asker already hold (requested and approved)."""
    if caps.show is not None and show_heads + adding > caps.show:
        return (f"the show's guest list is capped at {caps.show} heads and holds "
                f"{show_heads}: {adding} more do not fit")
    if caps.person is not None and asker_heads + adding > caps.person:
        return (f"each person may ask for {caps.person} heads on this show and you have "
                f"{asker_heads}: {adding} more do not fit")
    return None


def counts_line(requests: list[GuestRequest]) -> str:
    """`12 approved (guest 8, photo 2, aftershow 2) · 3 waiting`: heads, not names."""
    approved = [r for r in requests if r.state is GuestState.APPROVED]
    waiting = sum(r.heads for r in requests if r.state is GuestState.REQUESTED)
    by_pass = {p: sum(r.heads for r in approved if r.pass_type is p) for p in Pass}
    detail = ", ".join(f"{p.value} {n}" for p, n in by_pass.items() if n)
    text = f"{sum(r.heads for r in approved)} approved" + (f" ({detail})" if detail else "")
    return text + (f" · {waiting} waiting" if waiting else "")
