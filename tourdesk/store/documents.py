"""Queries for documents (schema v20): the shared metadata row goes through
`tracked` (so the change log says a stage plot was added); the bytes go to
`document_bytes`, or for contracts and visa papers to `office_document_bytes`, which
the connection lets only money roles read."""

from __future__ import annotations

from tourdesk.domain.documents import DocKind, Document
from tourdesk.store import tracked
from tourdesk.store.connection import Store
from tourdesk.store.errors import NotFoundError


def _table(kind: DocKind) -> str:
    return "office_document_bytes" if kind.office else "document_bytes"


def _document(r: dict) -> Document:
    return Document(tour_id=r["tour_id"], kind=DocKind(r["kind"]), name=r["name"],
                    size=r["size"], sha256=r["sha256"], media_type=r["media_type"],
                    gig_day_id=r["gig_day_id"], venue_id=r["venue_id"], id=r["id"],
                    added_by=r["updated_by"], added_at=r["updated_at"])


def add(store: Store, doc: Document, data: bytes) -> int:
    with store.write() as db:
        doc_id = tracked.insert(store, "documents", {
            "tour_id": doc.tour_id, "gig_day_id": doc.gig_day_id, "venue_id": doc.venue_id,
            "kind": doc.kind.value, "name": doc.name, "media_type": doc.media_type,
            "size": doc.size, "sha256": doc.sha256})
        db.execute(f"INSERT INTO {_table(doc.kind)} (document_id, data) VALUES (?, ?)",
                   [doc_id, data])
    return doc_id


def remove(store: Store, doc_id: int) -> None:
    tracked.delete(store, "documents", doc_id)  # the bytes go with it (ON DELETE CASCADE)


def get(store: Store, doc_id: int) -> Document:
    with store.read() as db:
        rows = list(db.query("SELECT * FROM documents WHERE id = ?", [doc_id]))
    if not rows:
        raise NotFoundError(f"document {doc_id} does not exist (see `tourdesk doc list`)")
    return _document(rows[0])


def data(store: Store, doc: Document) -> bytes:
    row = store.row(f"SELECT data FROM {_table(doc.kind)} WHERE document_id = ?", [doc.id])
    if row is None:
        raise NotFoundError(f"document {doc.id} has no file stored")
    return bytes(row[0])


def for_tour(store: Store, tour_id: int) -> list[Document]:
    with store.read() as db:
        return [_document(r) for r in db.query(
            "SELECT * FROM documents WHERE tour_id = ? ORDER BY gig_day_id IS NOT NULL, "
            "venue_id IS NOT NULL, kind, name COLLATE NOCASE, id", [tour_id])]


def for_day(store: Store, gig_id: int) -> list[Document]:
    """What a day's sheet lists: the tour's own documents, the day's and its venue's."""
    with store.read() as db:
        return [_document(r) for r in db.query("""
            SELECT d.* FROM documents d JOIN gig_days g ON g.id = ?
            WHERE d.tour_id = g.tour_id
              AND (d.gig_day_id = g.id
                   OR (d.gig_day_id IS NULL AND d.venue_id IS NULL)
                   OR (d.venue_id IS NOT NULL AND d.venue_id = g.venue_id))
            ORDER BY d.kind, d.name COLLATE NOCASE, d.id""", [gig_id])]
