"""Each login's own settings for the screen: mouse on or off, the colour theme, and
where the cursor goes after a tick. Stored per login in `preferences`; this module only
ever reads and writes the acting user's rows (`store.actor`)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

from tourdesk.domain.errors import ValidationError
from tourdesk.store.connection import Store

DEFAULT_THEME = "textual-dark"
AfterTick = Literal["next", "stay"]
AFTER_TICK: tuple[AfterTick, ...] = ("next", "stay")  # next: on to the next pending line;
# stay: where it was


@dataclass(frozen=True, slots=True)
class Preferences:
    mouse: bool = True
    theme: str = DEFAULT_THEME
    after_tick: AfterTick = "next"


def _text(prefs: Preferences) -> dict[str, str]:
    return {"mouse": "on" if prefs.mouse else "off", "theme": prefs.theme,
            "after_tick": prefs.after_tick}


def _parse(rows: dict[str, str]) -> Preferences:
    """What is stored, read leniently: a value this version does not know is left at
    its default (a newer tourdesk may have written it)."""
    prefs = Preferences()
    if rows.get("mouse") in ("on", "off"):
        prefs = replace(prefs, mouse=rows["mouse"] == "on")
    theme = rows.get("theme", "").strip()
    if theme:
        prefs = replace(prefs, theme=theme)
    for after in AFTER_TICK:
        if rows.get("after_tick") == after:
            prefs = replace(prefs, after_tick=after)
    return prefs


def validate(prefs: Preferences) -> None:
    if prefs.after_tick not in AFTER_TICK:
        raise ValidationError("after a tick", f"{' or '.join(AFTER_TICK)}, "
                                              f"not {prefs.after_tick!r}")
    if not prefs.theme.strip() or len(prefs.theme) > 60:
        raise ValidationError("theme", "a theme's name (1 to 60 characters)")


def load(store: Store) -> Preferences:
    """The acting user's preferences (defaults for what they never set)."""
    with store.read() as db:
        rows = db.execute("SELECT key, value FROM preferences WHERE login = ?",
                          [store.actor]).fetchall()
    return _parse(dict(rows))


def save(store: Store, prefs: Preferences) -> None:
    """Write the acting user's preferences, all at once."""
    validate(prefs)
    values = _text(prefs)
    with store.write() as db:
        for key, value in values.items():
            db.execute("INSERT INTO preferences (login, key, value) VALUES (?, ?, ?) "
                       "ON CONFLICT (login, key) DO UPDATE SET value = excluded.value",
                       [store.actor, key, value])


# -- when the login last opened a gig day ("changed since you last looked") --

SEEN = "seen:"  # + the gig day's id; the value is the UTC instant it was last opened


def last_seen(store: Store, gig_id: int) -> datetime | None:
    """When the acting user last opened the gig day, or None (never, or unreadable)."""
    row = store.row("SELECT value FROM preferences WHERE login = ? AND key = ?",
                    [store.actor, f"{SEEN}{gig_id}"])
    try:
        return datetime.fromisoformat(row[0]) if row else None
    except ValueError:
        return None


def seen_days(store: Store) -> dict[int, datetime]:
    """Every gig day the acting user has opened, with when they last did."""
    with store.read() as db:
        rows = db.execute("SELECT key, value FROM preferences WHERE login = ? AND key LIKE ?",
                          [store.actor, f"{SEEN}%"]).fetchall()
    found = {}
    for key, value in rows:
        try:
            found[int(key[len(SEEN):])] = datetime.fromisoformat(value)
        except ValueError:
            continue  # unreadable: as if never opened
    return found


def mark_seen(store: Store, gig_id: int) -> None:
    """The acting user opened the gig day now."""
    with store.write() as db:
        db.execute("INSERT INTO preferences (login, key, value) VALUES (?, ?, ?) "
                   "ON CONFLICT (login, key) DO UPDATE SET value = excluded.value",
                   [store.actor, f"{SEEN}{gig_id}", store.now_iso()])
