"""Documents of a tour (stage plot, input list, rider, contract, visa papers), kept in
the database with their size and SHA-256: added by managers, listed and fetched by
whoever may read their kind. Contracts and visa papers follow the money roles: their
bytes are in a table the connection refuses to other roles, and this module leaves
them out of every listing for those roles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tourdesk.domain.access import Capability
from tourdesk.domain.documents import (
    Document,
    check_size,
    checksum,
    doc_kind,
    doc_name,
    media_type,
    size_text,
)
from tourdesk.domain.errors import Collector
from tourdesk.store import documents as doc_store
from tourdesk.store import gigs, tours, venues
from tourdesk.store.connection import Store
from tourdesk.store.errors import ConflictError, NotFoundError


@dataclass(frozen=True, slots=True)
class Listed:
    doc: Document
    attached: str  # "tour", "2026-10-21", "venue Rockefeller"


def add_document(store: Store, tour_name: str, kind: str, name: str, data: bytes, *,
                 on: date | None = None, venue: str | None = None) -> Document:
    """Store a file on the tour, one of its days or a venue (managers)."""
    store.require(Capability.WRITE_SCHEDULE)
    if on is not None and venue:
        raise ConflictError("attach it to a day or a venue, not both")
    check = Collector()
    the_kind = check.check(doc_kind, kind)
    the_name = check.check(doc_name, name)
    check.check(check_size, data)
    check.raise_if_any()
    with store.write():
        tour = tours.named(store, tour_name)
        gig_id = venue_id = None
        if on is not None:
            gig_id = gigs.id_on(store, tour.saved_id, on)
            if gig_id is None:
                raise NotFoundError(f"'{tour.name}' has no gig day on {on}")
        if venue:
            venue_id = _venue_id(store, venue)
        new = Document(tour_id=tour.id or 0, kind=the_kind, name=the_name, size=len(data),
                       sha256=checksum(data), media_type=media_type(the_name),
                       gig_day_id=gig_id, venue_id=venue_id)
        return doc_store.get(store, doc_store.add(store, new, data))


def _venue_id(store: Store, name: str) -> int:
    wanted = name.strip().casefold()
    found = [v.venue for v in venues.listing(store) if v.venue.name.casefold() == wanted]
    if len(found) != 1:
        raise NotFoundError(f"venue '{name}': " + ("none by that name (see `tourdesk venue "
                            "list`)" if not found else "several by that name"))
    return found[0].id or 0


def may_read(store: Store, doc: Document) -> bool:
    return store.can(doc.kind.needs)


def _readable(store: Store, doc_id: int) -> Document:
    """The document if the login may read its kind; otherwise as if there were none,
    so an id tells a crew login nothing of the contracts."""
    store.require(Capability.READ_SCHEDULE)
    try:
        doc = doc_store.get(store, doc_id)
    except NotFoundError:
        doc = None
    if doc is None or not may_read(store, doc):
        raise NotFoundError(f"no document {doc_id} that you may read (see `tourdesk doc "
                            "list`)")
    return doc


def fetch(store: Store, doc_id: int) -> tuple[Document, bytes]:
    """The document and its bytes, checked against the stored checksum."""
    with store.read():
        doc = _readable(store, doc_id)
        data = doc_store.data(store, doc)
    if checksum(data) != doc.sha256 or len(data) != doc.size:
        raise ConflictError(f"document {doc_id}: the stored file does not match its "
                            "checksum; restore it from a backup")
    return doc, data


def remove_document(store: Store, doc_id: int) -> Document:
    store.require(Capability.WRITE_SCHEDULE)
    with store.write():
        doc = doc_store.get(store, doc_id)
        doc_store.remove(store, doc_id)
        return doc


def listing(store: Store, tour_name: str, on: date | None = None) -> list[Listed]:
    """The tour's documents the login may read (a day's: the tour's, the day's and its
    venue's), with what each is attached to."""
    store.require(Capability.READ_SCHEDULE)
    with store.read():
        tour = tours.named(store, tour_name)
        if on is None:
            found = doc_store.for_tour(store, tour.id or 0)
        else:
            gig_id = gigs.id_on(store, tour.id or 0, on)
            if gig_id is None:
                raise NotFoundError(f"'{tour.name}' has no gig day on {on}")
            found = doc_store.for_day(store, gig_id)
        return [Listed(d, _attached(store, d)) for d in found if may_read(store, d)]


def _attached(store: Store, doc: Document) -> str:
    if doc.gig_day_id is not None:
        return str(gigs.detail(store, doc.gig_day_id).gig.date)
    if doc.venue_id is not None:
        return f"venue {venues.get(store, doc.venue_id).name}"
    return "tour"


def day_lines(store: Store, gig_id: int, *, office: bool = True) -> list[str]:
    """The day sheet's list: `Stage plot: plot.pdf (120 KB, doc 3)`, only what the
    login may read; without `office`, never a contract or visa paper (a page made for
    the band or the crew by a manager)."""
    store.require(Capability.READ_SCHEDULE)
    return [f"{d.kind.label}: {d.name} ({size_text(d.size)}, doc {d.id})"
            for d in doc_store.for_day(store, gig_id)
            if may_read(store, d) and (office or not d.kind.office)]
