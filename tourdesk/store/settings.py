"""Settings that change how tourdesk behaves for everyone (schema v13): the rest rule,
the geocoder's address and agent, how many daily backups are kept, the feeds' public
address, where the replica is. Each is a capability: only managers change them (the
service asks first and the connection's authorizer refuses the table to every other
role), and every change is in the change log with who and when. Facts the program keeps
for itself (the file's id, the day of the last automatic backup, the geocoder's next
slot) stay in `meta`."""

from __future__ import annotations

from tourdesk.domain.access import Capability
from tourdesk.store import tracked
from tourdesk.store.connection import Store

REST_HOURS = "rest_hours"
GEOCODER_AGENT = "geocoder_user_agent"
GEOCODER_ENDPOINT = "geocoder_endpoint"
BACKUP_KEEP = "backup_keep"
FEED_BASE_URL = "feed_base_url"
AUTHORIZED_KEYS = "ssh_authorized_keys"  # the file `ssh authorized-keys --write` keeps
REPLICA_URL = "replica_url"  # where `tourdesk replica setup` sent the Litestream replica
KEYS = (REST_HOURS, GEOCODER_AGENT, GEOCODER_ENDPOINT, BACKUP_KEEP, FEED_BASE_URL,
        AUTHORIZED_KEYS, REPLICA_URL)


def get(store: Store, key: str, default: str) -> str:
    row = store.row("SELECT value FROM settings WHERE key = ?", [key])
    return row[0] if row else default


def put(store: Store, key: str, value: str) -> None:
    """Set `key` (managers only), recorded in the change log; inside the caller's
    transaction when there is one."""
    if key not in KEYS:
        raise KeyError(key)
    store.require(Capability.CHANGE_SETTINGS)
    with store.write() as db:
        row = db.execute("SELECT id, value FROM settings WHERE key = ?", [key]).fetchone()
        if row is None:
            tracked.insert(store, "settings", {"key": key, "value": value})
        elif row[1] != value:
            tracked.update(store, "settings", row[0], {"value": value})
