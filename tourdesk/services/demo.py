"""The demo tour: real venues, a realistic routing, loaded through the normal imports."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from pathlib import Path

from tourdesk.domain.access import Capability
from tourdesk.domain.models import iso_date, tour_from_fields
from tourdesk.services.demo_advancing import load_advancing
from tourdesk.services.demo_budget import load_budget
from tourdesk.services.demo_dates import DemoDates, demo_dates
from tourdesk.services.demo_equipment import load_equipment
from tourdesk.services.demo_staffing import load_staffing
from tourdesk.services.imports import import_gigs, import_venues
from tourdesk.services.venue_files import import_contacts
from tourdesk.store import tours
from tourdesk.store.connection import Store


@dataclass(frozen=True, slots=True)
class DemoResult:
    tour_name: str
    loaded: bool  # False when the demo tour was already there (nothing added)
    gig_days: int = 0
    venues: int = 0
    days_moved: int = 0  # how far the tour was moved from its reference day (see demo_dates)
    moves: tuple[str, ...] = ()  # times moved out of a spring-forward gap


def demo_data_dir() -> Path:
    """Installed wheels carry the files as tourdesk/demo_data; a source checkout
    (editable install) reads them from the repository's data/demo."""
    packaged = Path(str(files("tourdesk"))) / "demo_data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "data" / "demo"


def load_demo(store: Store, data_dir: Path | None = None) -> DemoResult:
    """Load the demo tour once, placed so that the store's today is its reference day
    (`as_of` in tour.json): mid-tour, whatever the day (see services/demo_dates.py)."""
    store.require(Capability.WRITE_SCHEDULE)
    folder = data_dir or demo_data_dir()
    raw = json.loads((folder / "tour.json").read_text(encoding="utf-8"))
    meta = tour_from_fields(raw)
    with store.write():
        if tours.by_name(store, meta.name) is not None:
            return DemoResult(meta.name, loaded=False)
        dates = demo_dates(store, folder, iso_date(raw["as_of"], "as_of"))
        venues = import_venues(store, folder / "venues.csv")
        import_contacts(store, folder / "venue_contacts.csv")
        days = import_gigs(store, dates.text(folder, "gigs.csv"), meta.name,
                           name="gigs.csv", tour_fields=meta)
        tour = tours.named(store, meta.name)
        load_equipment(store, folder, tour.saved_id, dates)
        load_staffing(store, folder, tour.saved_id, dates)
        load_advancing(store, tour.saved_id, dates)
        _demo_guests(store, tour.saved_id, dates)
        _demo_feeds(store, tour.saved_id)
        load_budget(store, folder, tour.saved_id, dates)
        _demo_travel(store, folder, tour.saved_id, dates)
        _demo_documents(store, meta.name, folder)
    return DemoResult(meta.name, loaded=True, gig_days=days.added,
                      venues=venues.added + days.venues_added, days_moved=dates.days,
                      moves=tuple(dates.moves))


def _demo_travel(store: Store, folder: Path, tour_id: int, dates: DemoDates) -> None:
    """The crossings (Stena Line to Belfast and back from Dublin, LeShuttle to Calais),
    the band's flight home, the crew's night sailing, and the Hamburg hotel with its
    rooming list, moved with the rest of the demo's dates. No costs: the ferries are in
    the typed budget already. Their times are all between 06:00 and 23:00, so no move
    lands one in a clock change's gap."""
    from tourdesk.services.travel import add_stay, import_rooms, import_segments

    import_segments(store, tour_id, dates.text(folder, "travel.csv"), name="travel.csv")
    stay = add_stay(store, tour_id, {
        "hotel": "Elbblick Hotel", "address": "Hafenstraße 40, Hamburg",
        "in": f"{dates.day(date(2026, 10, 25))} 10:00",
        "out": f"{dates.day(date(2026, 10, 27))} 05:00", "ref": "NLT-1025",
        "notes": "Day rooms from 10:00 after the overnight drive; bus leaves 05:30 on the 27th."})
    import_rooms(store, tour_id, folder / "rooming.csv", stay_id=stay.id)


def _demo_documents(store: Store, tour_name: str, folder: Path) -> None:
    """The stage plot and input list every venue is sent, kept with the tour so a phone
    can open them through its feed and every day sheet names them."""
    from tourdesk.services.documents import add_document

    for kind, name in (("stage_plot", "stage-plot.pdf"), ("input_list", "input-list.txt")):
        add_document(store, tour_name, kind, name, (folder / name).read_bytes())


def _demo_guests(store: Store, tour_id: int, dates: DemoDates) -> None:
    """Tonight's guest list, as band, crew and the manager asked for it: approved,
    waiting and one declined, under the show's caps. The logins are the ones the
    documentation's examples give (dana, rob, maren)."""
    from tourdesk.domain.guests import Caps, GuestRequest, GuestState, Pass
    from tourdesk.store import gigs
    from tourdesk.store import guests as guest_store

    gig_id = gigs.id_on(store, tour_id, dates.day(date(2026, 10, 20)))
    if gig_id is None:
        return
    guest_store.set_caps(store, gig_id, Caps(show=20, person=4))
    approved, waiting, declined = GuestState.APPROVED, GuestState.REQUESTED, GuestState.DECLINED
    for guest, plus, kind, by, state, note in [
        ("Anna Berg", 1, Pass.PHOTO, "maren", approved, "Shoots the first three songs"),
        ("Jonas Peeters", 1, Pass.GUEST, "rob", approved, ""),
        ("Radio 1: Els Maes", 0, Pass.ALL_ACCESS, "dana", approved, "Interview at 18:00"),
        ("Lotte Janssens", 0, Pass.GUEST, "maren", waiting, ""),
        ("Sam Vermeulen", 3, Pass.AFTERSHOW, "rob", declined, "Four is too many tonight"),
    ]:
        guest_store.add(store, GuestRequest(gig_id, guest, by, plus, kind, state,
                                            "" if state is waiting else "dana", note))


def _demo_feeds(store: Store, tour_id: int) -> None:
    """Feeds as a tour has them: the band's group chat, a crew member's phone, and one
    revoked when its phone was lost. Their addresses were never shown: make new ones
    to subscribe (the tokens exist only as hashes)."""
    from tourdesk.store import crew, feeds

    feeds.create(store, tour_id, "band", label="band group chat")
    jack = crew.person_named(store, "Jack Moran").id
    feeds.create(store, tour_id, "person", jack, label="Jack's phone")
    lost, _ = feeds.create(store, tour_id, "person", jack, label="Jack's old phone")
    feeds.revoke(store, lost.id)
