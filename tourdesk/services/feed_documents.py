"""Documents through a calendar feed's address, so a phone opens the stage plot:
`/feed/<token>/docs` lists them, `/feed/<token>/doc/<id>` gives the bytes exactly as
`tourdesk doc get` does (checked against their checksum on every read).

A feed's address is a secret sent to a phone, not a login: it serves only what every
reader of the schedule may open (stage plots, input lists, riders, other documents) of
the feed's tour (every tour for an all-tours feed). Contracts and visa papers are never
served through it, whoever the feed is for. Anything else reads as not found."""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from tourdesk.domain.documents import Document, size_text
from tourdesk.domain.text import printable
from tourdesk.services import documents
from tourdesk.store import documents as doc_store
from tourdesk.store import feeds, tours
from tourdesk.store.connection import Store
from tourdesk.store.errors import NotFoundError

# Shown in the browser; anything else is offered as a download, never run as a page
# (an HTML or SVG file could carry script).
INLINE = frozenset({"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp",
                    "text/plain", "text/csv"})


def _tour_ids(store: Store, feed: feeds.Feed) -> list[int]:
    if feed.tour_id is not None:
        return [feed.tour_id]
    return [t.id for t in tours.summaries(store)]


def _servable(feed_tours: list[int], doc: Document) -> bool:
    return doc.tour_id in feed_tours and not doc.kind.office


def listing(store: Store, feed: feeds.Feed) -> list[Document]:
    with store.read():
        chosen = _tour_ids(store, feed)
        return [d for t in chosen for d in doc_store.for_tour(store, t)
                if _servable(chosen, d)]


def fetch(store: Store, feed: feeds.Feed, doc_id: int) -> tuple[Document, bytes] | None:
    """The document and its bytes, or None when the feed may not serve it (or there is
    none). A file that no longer matches its checksum raises, as for `doc get`."""
    with store.read():
        try:
            doc = doc_store.get(store, doc_id)
        except NotFoundError:
            return None
        if not _servable(_tour_ids(store, feed), doc):
            return None
        return documents.fetch(store, doc_id)


def media_type(doc: Document) -> str:
    kind = doc.media_type.split(";")[0].strip().lower()
    return kind if kind in INLINE else "application/octet-stream"


def disposition(doc: Document) -> str:
    how = "inline" if media_type(doc) != "application/octet-stream" else "attachment"
    ascii_name = "".join(c if c.isascii() and c.isprintable() and c not in '"\\' else "_"
                         for c in doc.name) or "document"
    return f"{how}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(doc.name, safe='')}"


def index(store: Store, feed: feeds.Feed) -> str:
    """A small page of links, every stored text escaped."""
    found = listing(store, feed)
    items = "\n".join(
        f"<li><a href='doc/{d.id}'>{escape(printable(d.kind.label))}: "
        f"{escape(printable(d.name))}</a> ({escape(size_text(d.size))})</li>" for d in found)
    title = escape(printable(f"Documents · {feed.tour or 'All tours'}"))
    return ("<!doctype html><html><head><meta charset='utf-8'><meta name='viewport' "
            "content='width=device-width'><meta name='referrer' content='no-referrer'>"
            f"<title>{title}</title></head><body><h1>{title}</h1>"
            + (f"<ul>\n{items}\n</ul>" if found else "<p>No documents yet.</p>")
            + "</body></html>\n")
