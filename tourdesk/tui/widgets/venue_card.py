"""A venue's facts as inert text: the venues list and the gig-day screen show the same."""

from __future__ import annotations

from textual.content import Content

from tourdesk.domain.models import Venue
from tourdesk.domain.text import printable
from tourdesk.services.daysheet import venue_facts


def venue_card(venue: Venue) -> Content:
    parts: list[Content | str | tuple[str, str]] = [(printable(venue.name), "bold"), "\n"]
    for label, text in venue_facts(venue):
        parts += [(f"{label}: ", "bold"), printable(text, single_line=False), "\n"]
    return Content.assemble(*parts).rstrip()
