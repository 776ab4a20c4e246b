"""A venue's facts as inert text: the venues list and the gig-day screen show the same."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content

from tourdesk.domain.models import Venue, VenueContact
from tourdesk.domain.text import printable
from tourdesk.services.daysheet import FACT_LABELS, venue_facts

# What a road manager needs on arrival comes first, on the card's first lines at 80x24:
# where to load in, the stage, power, parking and the Wi-Fi; the address and the rest after.
ARRIVAL = tuple(FACT_LABELS[f] for f in ("load_in", "stage", "power", "parking", "wifi"))


def venue_card(venue: Venue, contacts: Sequence[VenueContact] = ()) -> Content:
    parts: list[Content | str | tuple[str, str]] = [(printable(venue.name), "bold"), "\n"]
    facts = venue_facts(venue, contacts)
    first = sorted((f for f in facts if f[0] in ARRIVAL), key=lambda f: ARRIVAL.index(f[0]))
    for label, text in first + [f for f in facts if f[0] not in ARRIVAL]:
        parts += [(f"{label}: ", "bold"), printable(text, single_line=False), "\n"]
    return Content.assemble(*parts).rstrip()
