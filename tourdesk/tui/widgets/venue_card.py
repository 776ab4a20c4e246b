"""A venue's facts as inert text: the venues list and the gig-day screen show the same."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content

from tourdesk.domain.models import Venue, VenueContact
from tourdesk.domain.text import printable
from tourdesk.services.daysheet import venue_facts


def venue_card(venue: Venue, contacts: Sequence[VenueContact] = ()) -> Content:
    parts: list[Content | str | tuple[str, str]] = [(printable(venue.name), "bold"), "\n"]
    for label, text in venue_facts(venue, contacts):
        parts += [(f"{label}: ", "bold"), printable(text, single_line=False), "\n"]
    return Content.assemble(*parts).rstrip()
