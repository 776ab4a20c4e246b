"""Serving calendar feeds to phones: a WSGI app, run by waitress.

`GET /feed/<token>.ics` answers the feed's calendar (and `/feed/<token>/docs` the
documents its readers may open: see services/feed_documents.py), built from the database at the
time of the fetch; an unknown, malformed or revoked token gets the same bare 404 as any
other path, so a guess learns nothing. Phones poll, so most fetches cost one query:
while the database's newest change is the one a feed was built at, the built bytes are
reused, and a client that sends their ETag (or a Last-Modified date) gets 304 and no
body. Tokens never reach a log line. A feed's first answered fetch is recorded, which
also forgets the sealed copy of its token kept for showing the address again
(services/feed_addresses.py).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

from tourdesk.domain.access import Capability
from tourdesk.services import feed_documents
from tourdesk.services.calendar import Audience, Scope, calendar_name, export_tours
from tourdesk.store import feeds, tours
from tourdesk.store.connection import Store
from tourdesk.store.errors import StoreError

StartResponse = Callable[[str, list[tuple[str, str]]], object]
NOT_FOUND = b"Not found\n"


@dataclass(frozen=True, slots=True)
class Built:
    change_id: int
    body: bytes
    etag: str
    last_modified: datetime


class FeedApp:
    def __init__(self, store: Store, log: Callable[[str], None] | None = None) -> None:
        self.store = store
        self.log = log or (lambda line: None)
        self._built: dict[int, Built] = {}
        self._locks: dict[int, threading.Lock] = {}
        self._guard = threading.Lock()
        self._first_recorded: set[int] = set()  # feeds whose first fetch is on record

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO", "")
        if method in ("GET", "HEAD") and path.startswith("/feed/") and "/" in path[6:]:
            return self._documents(method, path[6:], start_response)
        token = path.removeprefix("/feed/").removesuffix(".ics")
        feed = None
        if method in ("GET", "HEAD") and path.startswith("/feed/") and path.endswith(".ics"):
            feed = feeds.find(self.store, token)
        if feed is None:
            self.log(f"{method} 404")
            return self._answer(start_response, "404 Not Found", NOT_FOUND,
                                [("Content-Type", "text/plain")], method)
        try:
            built = self._current(feed)
        except Exception as exc:
            self.log(f"feed {feed.id} 500 {type(exc).__name__}")
            return self._answer(start_response, "500 Internal Server Error",
                                b"The calendar could not be built\n",
                                [("Content-Type", "text/plain")], method)
        self._record_first_fetch(feed)
        headers = [("ETag", built.etag),
                   ("Last-Modified", format_datetime(built.last_modified, usegmt=True)),
                   # private: a shared cache must never keep a secret address's answer;
                   # no-cache: ask each time, the ETag makes asking cheap
                   ("Cache-Control", "private, no-cache")]
        if _not_modified(environ, built):
            self.log(f"feed {feed.id} 304")
            return self._answer(start_response, "304 Not Modified", b"", headers, method)
        self.log(f"feed {feed.id} 200 {len(built.body)} bytes")
        return self._answer(start_response, "200 OK", built.body, [
            ("Content-Type", "text/calendar; charset=utf-8"),
            ("Content-Disposition", 'inline; filename="tourdesk.ics"'), *headers], method)

    def _record_first_fetch(self, feed: feeds.Feed) -> None:
        """Once per feed and process: a write only until the first fetch is recorded."""
        if feed.first_fetched_at is not None or feed.id in self._first_recorded:
            return
        try:
            feeds.fetched(self.store, feed.id)
        except StoreError as exc:  # a read-only file: serve anyway, and say so
            self.log(f"feed {feed.id}: its first fetch was not recorded ({exc})")
            return
        self._first_recorded.add(feed.id)

    def _documents(self, method: str, rest: str, start_response: StartResponse,
                   ) -> Iterable[bytes]:
        """`<token>/docs`: the feed's documents as links; `<token>/doc/<id>`: one of
        them, its bytes as stored. Anything else, or a document the feed may not
        serve, is the same bare 404 as an unknown token."""
        token, _, what = rest.partition("/")
        feed = feeds.find(self.store, token)
        plain = [("Content-Type", "text/plain")]
        if feed is None or not (what == "docs" or what.startswith("doc/")):
            self.log(f"{method} 404")
            return self._answer(start_response, "404 Not Found", NOT_FOUND, plain, method)
        private = [("Cache-Control", "private, no-cache")]
        try:
            if what == "docs":
                page = feed_documents.index(self.store, feed).encode()
                self.log(f"feed {feed.id} docs 200")
                return self._answer(start_response, "200 OK", page, [
                    ("Content-Type", "text/html; charset=utf-8"), *private], method)
            number = what.removeprefix("doc/")
            found = (feed_documents.fetch(self.store, feed, int(number))
                     if number.isdigit() and len(number) < 12 else None)
        except Exception as exc:
            self.log(f"feed {feed.id} document 500 {type(exc).__name__}")
            return self._answer(start_response, "500 Internal Server Error",
                                b"The document could not be read\n", plain, method)
        if found is None:
            self.log(f"feed {feed.id} document 404")
            return self._answer(start_response, "404 Not Found", NOT_FOUND, plain, method)
        doc, data = found
        self.log(f"feed {feed.id} doc {doc.id} 200 {len(data)} bytes")
        return self._answer(start_response, "200 OK", data, [
            ("Content-Type", feed_documents.media_type(doc)),
            ("Content-Disposition", feed_documents.disposition(doc)),
            ("ETag", f'"{doc.sha256[:32]}"'), ("X-Content-Type-Options", "nosniff"),
            *private], method)

    @staticmethod
    def _answer(start_response: StartResponse, status: str, body: bytes,
                headers: list[tuple[str, str]], method: str) -> list[bytes]:
        start_response(status, [*headers, ("Content-Length", str(len(body)))])
        return [] if method == "HEAD" else [body]

    def _current(self, feed: feeds.Feed) -> Built:
        """The feed's bytes as of the newest change; built once per change, even when a
        hundred phones ask at the same moment."""
        with self._guard:
            lock = self._locks.setdefault(feed.id, threading.Lock())
        with lock:
            change_id, at = feeds.last_change(self.store)
            built = self._built.get(feed.id)
            if built is None or built.change_id != change_id:
                body = build(self.store, feed)
                etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
                if built is not None and built.etag == etag:  # a change elsewhere: same
                    stamp = built.last_modified                # bytes, same date
                else:
                    stamp = (datetime.fromisoformat(at) if at
                             else datetime(1970, 1, 1, tzinfo=UTC))
                built = Built(change_id, body, etag,
                              stamp.astimezone(UTC).replace(microsecond=0))
                self._built[feed.id] = built
            return built


def build(store: Store, feed: feeds.Feed) -> bytes:
    scope = Scope(Audience(feed.audience), feed.person_id)
    with store.read():
        if feed.tour_id is not None:
            chosen, tour = [feed.tour_id], feed.tour
        else:
            chosen, tour = [t.id for t in tours.summaries(store)], "All tours"
        return export_tours(store, chosen, name=calendar_name(store, tour, scope), scope=scope,
                            alarm=feed.alarm_minutes)


def _not_modified(environ: dict, built: Built) -> bool:
    match = environ.get("HTTP_IF_NONE_MATCH")
    if match is not None:  # the ETag decides when both are sent (RFC 9110)
        # weak comparison (RFC 9110 13.1.2): W/"x" matches "x"
        tags = [m.strip().removeprefix("W/") for m in match.split(",")]
        return built.etag in tags or match.strip() == "*"
    since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if since:
        try:
            return built.last_modified <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False


# What a calendar fetch needs, and no more: a GET with a few headers and no body. A
# client that sends nothing for `channel_timeout` seconds is dropped, and slow or idle
# sockets cannot crowd out real fetches: waitress reads requests on one async loop and
# hands only complete ones to the worker threads, with room for many more connections
# than a tour has phones.
LIMITS = {
    "max_request_header_size": 16 * 1024,   # waitress's default is 256 KiB
    "max_request_body_size": 1024,          # default 1 GiB, spooled to disk
    "inbuf_overflow": 1024,                 # never spool a request body to a file
    "channel_timeout": 15,                  # seconds of silence before a socket is closed
    "connection_limit": 1000,
    "backlog": 1024,
    "cleanup_interval": 5,
    "asyncore_use_poll": True,              # select() fails past 1024 descriptors
}
# A request still arriving after this many seconds is dropped, however steadily it
# drips (channel_timeout alone is reset by each byte).
REQUEST_DEADLINE = 10.0


def with_request_deadline(server: Any, seconds: float = REQUEST_DEADLINE) -> None:
    """Close sockets whose request has been half-read for longer than `seconds`,
    checked on waitress's maintenance pass (every `cleanup_interval`)."""
    original = server.maintenance

    def maintenance(now: float) -> None:
        original(now)
        for channel in list(server.active_channels.values()):
            request = channel.request
            if request is None:
                continue
            seen = getattr(channel, "tourdesk_request_seen", None)
            if seen is None or seen[0] is not request:
                channel.tourdesk_request_seen = (request, now)
            elif now - seen[1] > seconds:
                channel.will_close = True

    server.maintenance = maintenance


def serve(store: Store, host: str, port: int, threads: int = 8,
          ready: Callable[[str], None] | None = None,
          log: Callable[[str], None] | None = None) -> None:
    """Serve until interrupted. `ready` gets the address once the port is bound (port 0
    picks a free one)."""
    store.require(Capability.MANAGE_FEEDS)
    from waitress.server import create_server

    server = create_server(FeedApp(store, log), host=host, port=port, threads=threads,
                           ident="tourdesk", clear_untrusted_proxy_headers=True, **LIMITS)
    with_request_deadline(server)
    if ready is not None:
        ready(f"http://{host}:{server.effective_port}")
    try:
        server.run()
    finally:
        server.close()
