"""A feed's address, shown again to the login that made it until a phone first fetches it.

The database keeps only a hash of each token, so that a copy of it (a backup on a
laptop) hands out no calendar. To show an address again, the token is also kept sealed:
XORed with an HMAC-SHA256 keystream of a per-database key, the feed's id and a random
nonce. The key is 32 random bytes in a 0600 file beside the database
(`<database>.feed-key`), never in the database and never in its backups, so a copy of
the database alone cannot unseal anything. The sealed token is cleared in the
transaction that records the feed's first fetch: from then on a phone has the address,
and one that leaked later is no longer in the file for anyone.

Only the login that made the feed is shown it again, not even another manager: the
maker is the one who sent it to a phone; anyone else who needs a feed makes their own.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from tourdesk.domain.access import Capability
from tourdesk.domain.errors import ValidationError
from tourdesk.store import feeds
from tourdesk.store.connection import Store
from tourdesk.store.errors import ForbiddenError, StoreError

KEY_SUFFIX = ".feed-key"
KEY_BYTES = 32
NONCE_BYTES = 16
_LABEL = b"tourdesk feed address\0"


def key_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + KEY_SUFFIX)


def _read_key(path: Path) -> bytes | None:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    with open(fd, "rb") as file:
        key = file.read(KEY_BYTES + 1)
    return key if len(key) == KEY_BYTES else None


def _made_key(path: Path) -> bytes | None:
    """The key, made now if there is none (None when the folder cannot take it). Written
    to a private temporary name and linked into place, so two makers at once agree."""
    key = _read_key(path)
    if key is not None:
        return key
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                     0o600)
        try:
            os.write(fd, secrets.token_bytes(KEY_BYTES))
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another process made it first: theirs is the key
        finally:
            tmp.unlink()
    except OSError:
        return None
    return _read_key(path)


def _keystream(key: bytes, feed_id: int, nonce: bytes, length: int) -> bytes:
    blocks = b""
    counter = 0
    while len(blocks) < length:
        blocks += hmac.digest(key, _LABEL + f"{feed_id}\0".encode() + nonce
                              + counter.to_bytes(4, "big"), hashlib.sha256)
        counter += 1
    return blocks[:length]


def seal(key: bytes, feed_id: int, token: str) -> tuple[bytes, bytes]:
    nonce = secrets.token_bytes(NONCE_BYTES)
    raw = token.encode()
    return nonce, bytes(a ^ b for a, b in zip(raw, _keystream(key, feed_id, nonce, len(raw)),
                                              strict=True))


def unseal(key: bytes, feed_id: int, nonce: bytes, sealed: bytes) -> str | None:
    """The token, or None when it does not unseal to anything this file knows."""
    raw = bytes(a ^ b for a, b in zip(sealed, _keystream(key, feed_id, nonce, len(sealed)),
                                      strict=True))
    try:
        return raw.decode("ascii")
    except UnicodeDecodeError:
        return None


def create(store: Store, tour_id: int | None, audience: str, person_id: int | None = None,
           label: str = "", alarm_minutes: int | None = None) -> tuple[feeds.Feed, str]:
    """A new feed and its address; the token is kept sealed for its maker when the key
    file can be made (without it the address is shown this once only)."""
    store.require(Capability.MANAGE_FEEDS)
    key = _made_key(key_path(store.path)) if not store.read_only else None
    sealer = (lambda feed_id, token: seal(key, feed_id, token)) if key else None
    made, token = feeds.create(store, tour_id, audience, person_id, label, alarm_minutes,
                               seal=sealer)
    return made, feeds.address(store, token)


def show_again(store: Store, feed_id: int) -> str:
    """The feed's whole address, for the login that made it, until its first fetch.
    Reads only: showing it changes nothing."""
    store.require(Capability.MANAGE_FEEDS)
    with store.read():
        feed = feeds.get(store, feed_id)
        kept = feeds.kept_address(store, feed_id)
    anew = (f"revoke it and make a new one (`tourdesk feed revoke {feed_id}`, `tourdesk feed "
            "create`; x and n on the feeds screen)")
    if kept is not None and kept.created_by != store.actor:
        raise ForbiddenError(f"{store.actor} ({store.role.value}) may not see feed "
                             f"{feed_id}'s address: only {kept.created_by}, who made it, "
                             "may show it again")
    if not feed.active:
        raise ValidationError(f"feed {feed_id}", f"was revoked on {_when(feed.revoked_at)}: "
                              "make a new one with `tourdesk feed create`")
    if kept is None:
        raise ValidationError(f"feed {feed_id}", "was made before addresses were kept, so "
                              f"its address cannot be shown again: {anew}")
    if kept.first_fetched_at is not None:
        raise ValidationError(f"feed {feed_id}", "was first fetched on "
                              f"{_when(kept.first_fetched_at)}, so its address is no longer "
                              f"kept: {anew}")
    if kept.nonce is None or kept.sealed is None:
        raise ValidationError(f"feed {feed_id}", "its address was not kept when it was made"
                              f": {anew}")
    # the key file is not named: over SSH nobody is told server paths
    key = _read_key(key_path(store.path))
    if key is None:
        raise StoreError(f"feed {feed_id}'s address cannot be shown again: the feed key file "
                         f"beside the database is missing or damaged; {anew}")
    token = unseal(key, feed_id, kept.nonce, kept.sealed)
    if token is None or feeds.token_hash(token) != _token_hash(store, feed_id):
        raise StoreError(f"feed {feed_id}'s address cannot be shown again: the feed key file "
                         f"beside the database is not the one it was kept with; {anew}")
    return feeds.address(store, token)


def _token_hash(store: Store, feed_id: int) -> str:
    with store.read() as db:
        return db.execute("SELECT token_hash FROM feeds WHERE id = ?", [feed_id]).fetchone()[0]


def _when(iso: str | None) -> str:
    """`2026-10-20 14:02 UTC` from a stored time."""
    return f"{(iso or '')[:16].replace('T', ' ')} UTC"
