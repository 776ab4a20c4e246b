"""Calendar feeds: secret addresses a phone subscribes to.

A feed's token is made here and stored as its SHA-256: a copy of the database (a backup
on a laptop) does not hand out anyone's calendar. The token is 32 random bytes, so a
plain hash is enough; there is nothing to guess by brute force. Until the feed is first
fetched, `feed_addresses` may also hold the token sealed with a key the database never
holds (services/feed_addresses.py), so that its maker can be shown it again.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from tourdesk.domain.access import Capability
from tourdesk.domain.errors import ValidationError
from tourdesk.store import settings, tracked
from tourdesk.store.connection import Store
from tourdesk.store.errors import NotFoundError

AUDIENCES = ("tour", "band", "crew", "person")
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{40,64}")
BASE_URL_KEY = settings.FEED_BASE_URL
DEFAULT_BASE_URL = "http://127.0.0.1:8080"


@dataclass(frozen=True, slots=True)
class Feed:
    id: int
    label: str
    tour_id: int | None  # None: every tour
    tour: str
    audience: str
    person_id: int | None
    person: str
    created_at: str
    created_by: str
    revoked_at: str | None
    alarm_minutes: int | None = None  # a reminder this long before each timed event
    first_fetched_at: str | None = None  # when a phone first fetched it (feeds made
    # since addresses are kept; None for older ones and for any not fetched yet)

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    @property
    def describes(self) -> str:
        who = self.person if self.audience == "person" else self.audience
        return f"{self.tour or 'every tour'} · {who}"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# Seals a new feed's token for keeping: (feed id, token) -> (nonce, sealed token).
Sealer = Callable[[int, str], tuple[bytes, bytes]]


def create(store: Store, tour_id: int | None, audience: str, person_id: int | None = None,
           label: str = "", alarm_minutes: int | None = None, seal: Sealer | None = None
           ) -> tuple[Feed, str]:
    """A new feed and its token. With `seal`, the token is also kept sealed, for its
    maker to be shown again until the first fetch; without, it exists only here."""
    store.require(Capability.MANAGE_FEEDS)
    if audience not in AUDIENCES:
        raise ValidationError("audience", f"must be one of {', '.join(AUDIENCES)}")
    if alarm_minutes is not None and not 0 <= alarm_minutes <= 1440:
        raise ValidationError("alarm", f"{alarm_minutes} is not a number of minutes from 0 "
                                       "to 1440 (a day)")
    token = secrets.token_urlsafe(32)
    with store.write() as db:
        feed_id = tracked.insert(store, "feeds", {
            "token_hash": token_hash(token), "label": " ".join(label.split()),
            "tour_id": tour_id, "audience": audience,
            "person_id": person_id if audience == "person" else None,
            "created_at": store.now_iso(), "revoked_at": None, "alarm_minutes": alarm_minutes})
        nonce, sealed = seal(feed_id, token) if seal else (None, None)
        db.execute("INSERT INTO feed_addresses (feed_id, created_by, nonce, sealed) "
                   "VALUES (?, ?, ?, ?)", [feed_id, store.actor, nonce, sealed])
    return get(store, feed_id), token


_SELECT = """
    SELECT f.id, f.label, f.tour_id, coalesce(t.name, '') AS tour, f.audience, f.person_id,
           coalesce(p.name, '') AS person, f.created_at, coalesce(a.created_by, f.updated_by),
           f.revoked_at, f.alarm_minutes, a.first_fetched_at
    FROM feeds f LEFT JOIN tours t ON t.id = f.tour_id LEFT JOIN people p ON p.id = f.person_id
         LEFT JOIN feed_addresses a ON a.feed_id = f.id
"""


def _feed(row: tuple) -> Feed:
    return Feed(*row)


def get(store: Store, feed_id: int) -> Feed:
    with store.read() as db:
        row = db.execute(_SELECT + " WHERE f.id = ?", [feed_id]).fetchone()
    if row is None:
        raise NotFoundError(f"there is no feed {feed_id}")
    return _feed(row)


def feeds(store: Store) -> list[Feed]:
    """Every feed, live ones first, newest first within."""
    store.require(Capability.MANAGE_FEEDS)
    with store.read() as db:
        rows = db.execute(_SELECT + " ORDER BY f.revoked_at IS NOT NULL, f.id DESC").fetchall()
    return [_feed(r) for r in rows]


def find(store: Store, token: str) -> Feed | None:
    """The live feed this token opens, or None (unknown, malformed or revoked alike)."""
    if not TOKEN_PATTERN.fullmatch(token):
        return None
    with store.read() as db:
        row = db.execute(_SELECT + " WHERE f.token_hash = ? AND f.revoked_at IS NULL",
                         [token_hash(token)]).fetchone()
    return _feed(row) if row else None


@dataclass(frozen=True, slots=True)
class KeptAddress:
    """What is kept to show a feed's address again (the token still sealed)."""
    created_by: str
    nonce: bytes | None  # None: not kept (the key could not be made)
    sealed: bytes | None
    first_fetched_at: str | None


def kept_address(store: Store, feed_id: int) -> KeptAddress | None:
    """None for a feed made before addresses were kept."""
    with store.read() as db:
        row = db.execute("SELECT created_by, nonce, sealed, first_fetched_at "
                         "FROM feed_addresses WHERE feed_id = ?", [feed_id]).fetchone()
    return KeptAddress(*row) if row else None


def fetched(store: Store, feed_id: int) -> str:
    """Record the feed's first fetch and forget its sealed token, in one transaction;
    returns when it was first fetched (now, or the time already recorded)."""
    with store.write() as db:
        db.execute("UPDATE feed_addresses SET first_fetched_at = ?, nonce = NULL, "
                   "sealed = NULL WHERE feed_id = ? AND first_fetched_at IS NULL",
                   [store.now_iso(), feed_id])
        row = db.execute("SELECT first_fetched_at FROM feed_addresses WHERE feed_id = ?",
                         [feed_id]).fetchone()
    return row[0] if row else ""


def revoke(store: Store, feed_id: int) -> Feed:
    """Stop the feed now: its address answers 404 from the next fetch on."""
    store.require(Capability.MANAGE_FEEDS)
    with store.write():
        feed = get(store, feed_id)
        if feed.active:
            tracked.update(store, "feeds", feed_id, {"revoked_at": store.now_iso()})
    return get(store, feed_id)


def base_url(store: Store) -> str:
    return settings.get(store, BASE_URL_KEY, DEFAULT_BASE_URL)


def set_base_url(store: Store, url: str) -> str:
    store.require(Capability.MANAGE_FEEDS)
    url = url.strip().rstrip("/")
    if not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", url):
        raise ValidationError("base URL", f"'{url}' is not an http(s) address like "
                              "https://tour.example.com/calendars")
    settings.put(store, BASE_URL_KEY, url)
    return url


def address(store: Store, token: str) -> str:
    return f"{base_url(store)}/feed/{token}.ics"


def last_change(store: Store) -> tuple[int, str]:
    """The newest change's id and time: a feed's content cannot have moved unless this
    did (every write leaves a change row), so it is a cheap test before rebuilding."""
    with store.read() as db:
        row = db.execute("SELECT id, at FROM changes ORDER BY id DESC LIMIT 1").fetchone()
    return (row[0], row[1]) if row else (0, "")
