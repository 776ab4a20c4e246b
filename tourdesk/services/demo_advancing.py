"""The demo tour's advancing: one template for a club show, the shows played so far
fully advanced, the next ones in every state (confirmed, changed, declined, asked,
still to ask), and the later ones not started, so the shows due soon are named."""

from __future__ import annotations

from datetime import date

from tourdesk.services.advancing import add_template_item, apply_template, items, set_item
from tourdesk.services.demo_dates import DemoDates
from tourdesk.store import gigs
from tourdesk.store.connection import Store

TEMPLATE = "Club show"
LINES = [
    ("backline", "Bass amp: Ampeg SVT with 8x10 cab", None),
    ("backline", "Drum riser 8x8 ft, 2 ft high", None),
    ("pa", "FOH console, digital, 48 inputs", None),
    ("pa", "Monitor wedges", 8),
    ("power", "63 A three-phase stage left, 20 m from the stage", None),
    ("rigging", "Two points over the stage for the banner", None),
    ("hospitality", "Hot meal for 14 at 17:30", None),
    ("hospitality", "Stage towels", 12),
    ("parking", "Bus and truck parking with 32 A shore power", None),
    ("local_crew", "stagehand", 6),
    ("local_crew", "loader", 4),
    ("local_crew", "runner", 1),
]
# Dates as written for the reference day (see demo_dates); the loader moves them.
DONE = [date(2026, 10, 16), date(2026, 10, 17), date(2026, 10, 19), date(2026, 10, 20)]
UNDER_WAY = [date(2026, 10, 21), date(2026, 10, 22), date(2026, 10, 24), date(2026, 10, 27)]
CONTACTS = {date(2026, 10, 16): "Priya Shah", date(2026, 10, 17): "Priya Shah",
            date(2026, 10, 19): "Camille Roux", date(2026, 10, 22): "Sanne de Vries",
            date(2026, 10, 24): "Jonas Weber"}
# (authored date, item) -> (state, note): the answers that are not a plain yes
ANSWERS = {
    (date(2026, 10, 19), "Bass amp: Ampeg SVT with 8x10 cab"):
        ("changed", "Ampeg PF-800 with 4x10 instead; the SVT is out for repair"),
    (date(2026, 10, 21), "FOH console, digital, 48 inputs"): ("confirmed", ""),
    (date(2026, 10, 21), "Hot meal for 14 at 17:30"): ("confirmed", ""),
    (date(2026, 10, 21), "63 A three-phase stage left, 20 m from the stage"):
        ("requested", "Asked by e-mail, no answer yet"),
    (date(2026, 10, 22), "Two points over the stage for the banner"):
        ("declined", "Listed building: no rigging from the ceiling. Floor-standing frame?"),
    (date(2026, 10, 22), "Bus and truck parking with 32 A shore power"):
        ("changed", "Bus on Weteringschans, no shore power: run the generator until 23:00"),
    (date(2026, 10, 22), "stagehand"): ("confirmed", ""),
    (date(2026, 10, 22), "loader"): ("confirmed", ""),
    (date(2026, 10, 24), "stagehand"): ("requested", ""),
    (date(2026, 10, 24), "Hot meal for 14 at 17:30"): ("requested", ""),
}


def load_advancing(store: Store, tour_id: int, dates: DemoDates) -> None:
    for area, item, count in LINES:
        add_template_item(store, tour_id, {"template": TEMPLATE, "area": area, "item": item,
                                           "count": count})
    for authored in DONE + UNDER_WAY:
        gig_id = gigs.id_on(store, tour_id, dates.day(authored))
        if gig_id is None:
            continue
        apply_template(store, gig_id, TEMPLATE)
        contact = CONTACTS.get(authored)
        for i in items(store, gig_id):
            state, note = ANSWERS.get((authored, i.item), (
                "confirmed" if authored in DONE else "", ""))
            if state:
                set_item(store, i.id or 0, {"state": state, "note": note,
                                            "contact": contact if state != "requested" else None})
