"""The fixed vocabularies of a tour. The schema repeats them as CHECK constraints."""

from __future__ import annotations

from enum import StrEnum


class GigKind(StrEnum):
    SHOW = "show"
    OFF = "off"
    TRAVEL = "travel"
    REHEARSAL = "rehearsal"
    STUDIO = "studio"

    @property
    def runs_past_midnight(self) -> bool:
        """Days whose work can run into the small hours (see localtime.DAY_BREAK)."""
        return self in (GigKind.SHOW, GigKind.REHEARSAL, GigKind.STUDIO)


class GigStatus(StrEnum):
    HOLD = "hold"
    OFFER = "offer"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"


class ContractState(StrEnum):
    NONE = "none"
    DRAFT = "draft"
    SENT = "sent"
    SIGNED = "signed"
    COUNTERSIGNED = "countersigned"


class ScheduleKind(StrEnum):
    LOAD_IN = "load_in"
    SOUNDCHECK = "soundcheck"
    DOORS = "doors"
    SUPPORT = "support"
    SET = "set"
    CURFEW = "curfew"
    LOAD_OUT = "load_out"
    TRAVEL = "travel"
    HOTEL = "hotel"
    OTHER = "other"

    @property
    def label(self) -> str:
        return SCHEDULE_LABELS[self]


SCHEDULE_LABELS = {
    ScheduleKind.LOAD_IN: "Load-in",
    ScheduleKind.SOUNDCHECK: "Soundcheck",
    ScheduleKind.DOORS: "Doors",
    ScheduleKind.SUPPORT: "Support",
    ScheduleKind.SET: "Set",
    ScheduleKind.CURFEW: "Curfew",
    ScheduleKind.LOAD_OUT: "Load-out",
    ScheduleKind.TRAVEL: "Travel",
    ScheduleKind.HOTEL: "Hotel",
    ScheduleKind.OTHER: "Other",
}



def show_count(shows: int, cancelled: int = 0) -> str:
    """A tour's shows in words, the same everywhere: `39 shows + 1 cancelled`. `shows`
    counts the shows that go ahead; a cancelled one is named apart, never in the count."""
    words = f"{shows} show{'' if shows == 1 else 's'}"
    return f"{words} + {cancelled} cancelled" if cancelled else words
