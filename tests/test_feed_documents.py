"""Documents through a calendar feed's address: a phone opens the stage plot. The bytes
are those `doc get` gives; contracts and visa papers, other tours' documents and
unknown tokens all read as not found."""

from __future__ import annotations

import hashlib

from click.testing import CliRunner
from test_feeds import TOUR, _fetch, _make, server  # noqa: F401

from tourdesk.cli import cli
from tourdesk.domain.models import Tour
from tourdesk.services import documents
from tourdesk.services.feed_server import FeedApp
from tourdesk.store import feeds, open_store, tours

from conftest import FIXED_NOW

PLOT = b"%PDF-1.4\n" + bytes(range(256)) * 64 + b"\r\n\x00%%EOF\n"


def _add(path, kind: str, name: str, data: bytes, **where) -> int:
    s = open_store(path, "dana", clock=lambda: FIXED_NOW)
    try:
        return documents.add_document(s, TOUR, kind, name, data, **where).id
    finally:
        s.close()


def _doc_get(path, doc_id: int) -> bytes:
    result = CliRunner().invoke(cli, ["--db", str(path), "doc", "get", str(doc_id)])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def test_a_phone_opens_the_stage_plot_byte_for_byte(demo_path, server):  # noqa: F811
    plot = _add(demo_path, "stage_plot", "plot <1>.pdf", PLOT)
    contract = _add(demo_path, "contract", "deal.pdf", b"%PDF fee 5000 EUR")
    _, token = _make(demo_path, "--tour", TOUR, "--group", "crew")
    status, headers, page = _fetch(f"{server}/feed/{token}/docs")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert f"href='doc/{plot}'".encode() in page and b"plot &lt;1&gt;.pdf" in page
    assert b"deal.pdf" not in page
    status, headers, body = _fetch(f"{server}/feed/{token}/doc/{plot}")
    assert status == 200 and body == PLOT == _doc_get(demo_path, plot)
    assert headers["Content-Type"] == "application/pdf"
    assert "private" in headers["Cache-Control"] and headers["ETag"].strip('"') == \
        hashlib.sha256(PLOT).hexdigest()[:32]
    # a contract, an unknown number, a bad token, a revoked feed: the same bare 404
    for path in (f"/feed/{token}/doc/{contract}", f"/feed/{token}/doc/99999",
                 f"/feed/{token}/doc/x", f"/feed/{token}/other", f"/feed/{'x' * 43}/docs",
                 f"/feed/{'x' * 43}/doc/{plot}"):
        assert _fetch(server + path)[:3:2] == (404, b"Not found\n"), path


def test_another_tours_documents_and_a_revoked_feed_are_not_served(demo_path):
    s = open_store(demo_path, "dana", clock=lambda: FIXED_NOW)
    plot = documents.add_document(s, TOUR, "stage_plot", "plot.pdf", PLOT).id
    other = tours.add(s, Tour(name="Side project"))
    side, token = feeds.create(s, other, "crew")
    _, mine = feeds.create(s, tours.named(s, TOUR).id, "band")
    lines: list[str] = []
    app = FeedApp(s, lines.append)

    def get(path: str) -> tuple[str, bytes]:
        answer: list[str] = []
        body = b"".join(app({"REQUEST_METHOD": "GET", "PATH_INFO": path},
                            lambda status, headers: answer.append(status)))
        return answer[0], body

    assert get(f"/feed/{token}/doc/{plot}")[0] == "404 Not Found"
    assert get(f"/feed/{mine}/doc/{plot}") == ("200 OK", PLOT)
    feeds.revoke(s, side.id)
    assert get(f"/feed/{token}/docs")[0] == "404 Not Found"
    assert not any(token in line or mine in line for line in lines)  # never in a log line
    assert f"feed {feeds.find(s, mine).id} doc {plot} 200 {len(PLOT)} bytes" in lines
    s.close()
