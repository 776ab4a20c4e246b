"""Each login's own screen settings: stored per login, read back, and nobody else's."""

import sqlite3

import pytest

from tourdesk.domain.errors import ValidationError
from tourdesk.services import preferences
from tourdesk.services.preferences import Preferences
from tourdesk.store import open_store

from conftest import FIXED_NOW, ROLE_LOGINS


def test_defaults_until_set(store):
    assert preferences.load(store) == Preferences(mouse=True, theme="textual-dark",
                                                  after_tick="next")


def test_saved_and_read_back(store):
    mine = Preferences(mouse=False, theme="nord", after_tick="stay")
    preferences.save(store, mine)
    assert preferences.load(store) == mine
    preferences.save(store, Preferences())  # and back: each key is replaced, not added
    assert preferences.load(store) == Preferences()


def test_each_login_has_its_own(roles_path):
    crew = open_store(roles_path, ROLE_LOGINS["crew"], clock=lambda: FIXED_NOW)
    band = open_store(roles_path, ROLE_LOGINS["band"], clock=lambda: FIXED_NOW)
    preferences.save(crew, Preferences(after_tick="stay"))  # crew and band may: their own
    preferences.save(band, Preferences(mouse=False))
    assert preferences.load(crew) == Preferences(after_tick="stay")
    assert preferences.load(band) == Preferences(mouse=False)
    rows = crew.db.execute("SELECT DISTINCT login FROM preferences ORDER BY login").fetchall()
    assert rows == [(ROLE_LOGINS["band"],), (ROLE_LOGINS["crew"],)]


def test_a_bad_value_changes_nothing(store):
    with pytest.raises(ValidationError, match="after a tick"):
        preferences.save(store, Preferences(after_tick="later"))  # type: ignore[arg-type]
    assert preferences.load(store) == Preferences()


def test_unknown_stored_values_fall_back_to_defaults(store):
    # a newer version may store values this one does not know: they read as the default
    with store.write() as db:
        db.execute("INSERT INTO preferences VALUES (?, 'after_tick', 'sideways'), "
                   "(?, 'mouse', 'maybe')", [store.actor, store.actor])
    assert preferences.load(store) == Preferences()


def test_the_schema_keeps_one_value_per_login_and_key(store):
    with store.write() as db, pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO preferences VALUES ('x', 'theme', 'a'), ('x', 'theme', 'b')")
