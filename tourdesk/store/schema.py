"""Schema versions and how to move a file from one to the next.

`MIGRATIONS[n]` takes a database from `PRAGMA user_version` n to n + 1. Each runs in
its own BEGIN IMMEDIATE transaction that re-reads the version first, so two processes
opening a new file at the same moment apply every step exactly once. Migrations are
frozen: never edit a released step, add a new one.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tourdesk.store.errors import DatabaseTooNewError, NotADatabaseError, StoreError

# date(x, '+0 days') normalises 02-30 to 03-02, so "x IS date(x, '+0 days')" accepts
# only real calendar dates written as YYYY-MM-DD (plain date(x) lets 02-30 through).

# Columns every user-editable table carries: a row version for conflict detection,
# and who changed it last and when (UTC, ISO 8601).
_TRACKED = """
    version     INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    updated_at  TEXT    NOT NULL,
    updated_by  TEXT    NOT NULL CHECK (length(updated_by) > 0)
"""

_V1 = [
    f"""
    CREATE TABLE tours (
        id            INTEGER PRIMARY KEY,
        name          TEXT NOT NULL CHECK (length(trim(name)) > 0),
        artist        TEXT NOT NULL DEFAULT '',
        home_currency TEXT NOT NULL DEFAULT 'EUR'
                      CHECK (length(home_currency) = 3 AND home_currency = upper(home_currency)),
        notes         TEXT NOT NULL DEFAULT '',
        {_TRACKED}
    )""",
    "CREATE UNIQUE INDEX tours_name ON tours (name COLLATE NOCASE)",
    f"""
    CREATE TABLE venues (
        id           INTEGER PRIMARY KEY,
        name         TEXT NOT NULL CHECK (length(trim(name)) > 0),
        address      TEXT NOT NULL DEFAULT '',
        city         TEXT NOT NULL CHECK (length(trim(city)) > 0),
        country      TEXT NOT NULL CHECK (length(country) = 2 AND country = upper(country)),
        latitude     REAL CHECK (latitude BETWEEN -90 AND 90),
        longitude    REAL CHECK (longitude BETWEEN -180 AND 180),
        coord_source TEXT NOT NULL DEFAULT ''
                     CHECK (coord_source IN ('', 'manual', 'import', 'geocoder', 'gazetteer')),
        timezone     TEXT NOT NULL CHECK (length(timezone) > 0),
        capacity     INTEGER CHECK (capacity >= 0),
        phone        TEXT NOT NULL DEFAULT '',
        email        TEXT NOT NULL DEFAULT '',
        website      TEXT NOT NULL DEFAULT '',
        load_in      TEXT NOT NULL DEFAULT '',
        stage        TEXT NOT NULL DEFAULT '',
        power        TEXT NOT NULL DEFAULT '',
        parking      TEXT NOT NULL DEFAULT '',
        wifi         TEXT NOT NULL DEFAULT '',
        hospitality  TEXT NOT NULL DEFAULT '',
        notes        TEXT NOT NULL DEFAULT '',
        {_TRACKED},
        CHECK ((latitude IS NULL) = (longitude IS NULL))
    )""",
    "CREATE INDEX venues_name_city ON venues (name COLLATE NOCASE, city COLLATE NOCASE)",
    f"""
    CREATE TABLE gig_days (
        id        INTEGER PRIMARY KEY,
        tour_id   INTEGER NOT NULL REFERENCES tours (id) ON DELETE CASCADE,
        date      TEXT NOT NULL CHECK (date IS date(date, '+0 days')),
        kind      TEXT NOT NULL CHECK (kind IN ('show', 'off', 'travel', 'rehearsal', 'studio')),
        status    TEXT NOT NULL DEFAULT 'confirmed'
                  CHECK (status IN ('hold', 'offer', 'confirmed', 'cancelled')),
        contract  TEXT NOT NULL DEFAULT 'none'
                  CHECK (contract IN ('none', 'draft', 'sent', 'signed', 'countersigned')),
        venue_id  INTEGER REFERENCES venues (id) ON DELETE RESTRICT,
        city      TEXT NOT NULL DEFAULT '',
        country   TEXT NOT NULL DEFAULT ''
                  CHECK (country = '' OR (length(country) = 2 AND country = upper(country))),
        timezone  TEXT NOT NULL DEFAULT '',
        notes     TEXT NOT NULL DEFAULT '',
        {_TRACKED},
        UNIQUE (tour_id, date),
        CHECK (venue_id IS NOT NULL OR length(city) > 0)
    )""",
    "CREATE INDEX gig_days_venue ON gig_days (venue_id)",
    "CREATE INDEX gig_days_date ON gig_days (date)",
    f"""
    CREATE TABLE schedule_items (
        id         INTEGER PRIMARY KEY,
        gig_day_id INTEGER NOT NULL REFERENCES gig_days (id) ON DELETE CASCADE,
        kind       TEXT NOT NULL CHECK (kind IN ('load_in', 'soundcheck', 'doors', 'support',
                   'set', 'curfew', 'load_out', 'travel', 'hotel', 'other')),
        label      TEXT NOT NULL DEFAULT '',
        local_date TEXT NOT NULL CHECK (local_date IS date(local_date, '+0 days')),
        local_time TEXT NOT NULL CHECK (local_time GLOB '[0-2][0-9]:[0-5][0-9]'
                                        AND local_time <= '23:59'),
        timezone   TEXT NOT NULL CHECK (length(timezone) > 0),
        {_TRACKED}
    )""",
    "CREATE INDEX schedule_items_day ON schedule_items (gig_day_id, local_date, local_time)",
    """
    CREATE TABLE changes (
        id        INTEGER PRIMARY KEY,
        at        TEXT NOT NULL,
        actor     TEXT NOT NULL CHECK (length(actor) > 0),
        entity    TEXT NOT NULL,
        entity_id INTEGER NOT NULL,
        action    TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
        before    TEXT CHECK (before IS NULL OR json_valid(before)),
        after     TEXT CHECK (after IS NULL OR json_valid(after))
    )""",
    "CREATE INDEX changes_entity ON changes (entity, entity_id)",
]

# 2: inventory (cases, items), checklist templates, day checklists and their entries,
# the tick log, and missing/damaged flags that outlive the day.
_V2 = [
    f"""
    CREATE TABLE cases (
        id              INTEGER PRIMARY KEY,
        number          TEXT NOT NULL CHECK (length(trim(number)) > 0),
        name            TEXT NOT NULL DEFAULT '',
        length_cm       REAL CHECK (length_cm > 0),
        width_cm        REAL CHECK (width_cm > 0),
        height_cm       REAL CHECK (height_cm > 0),
        empty_weight_kg REAL CHECK (empty_weight_kg >= 0),
        notes           TEXT NOT NULL DEFAULT '',
        {_TRACKED}
    )""",
    "CREATE UNIQUE INDEX cases_number ON cases (number COLLATE NOCASE)",
    f"""
    CREATE TABLE items (
        id              INTEGER PRIMARY KEY,
        name            TEXT NOT NULL CHECK (length(trim(name)) > 0),
        category        TEXT NOT NULL DEFAULT '',
        case_id         INTEGER REFERENCES cases (id) ON DELETE RESTRICT,
        serial          TEXT NOT NULL DEFAULT '',
        quantity        INTEGER NOT NULL DEFAULT 1 CHECK (quantity >= 1),
        weight_kg       REAL CHECK (weight_kg >= 0),
        value_minor     INTEGER CHECK (value_minor >= 0),
        currency        TEXT CHECK (currency GLOB '[A-Z][A-Z][A-Z]'),
        origin          TEXT NOT NULL DEFAULT '' CHECK (origin = '' OR origin GLOB '[A-Z][A-Z]'),
        ownership       TEXT NOT NULL DEFAULT 'owned' CHECK (ownership IN ('owned', 'rented')),
        vendor          TEXT NOT NULL DEFAULT '',
        rental_start    TEXT CHECK (rental_start IS date(rental_start, '+0 days')),
        rental_end      TEXT CHECK (rental_end IS date(rental_end, '+0 days')),
        rental_cost_minor INTEGER CHECK (rental_cost_minor >= 0),
        rental_currency TEXT CHECK (rental_currency GLOB '[A-Z][A-Z][A-Z]'),
        notes           TEXT NOT NULL DEFAULT '',
        {_TRACKED},
        CHECK ((value_minor IS NULL) = (currency IS NULL)),
        CHECK ((rental_cost_minor IS NULL) = (rental_currency IS NULL)),
        CHECK (serial = '' OR quantity = 1),
        CHECK (rental_end IS NULL OR rental_start IS NULL OR rental_end >= rental_start),
        CHECK (ownership = 'rented' OR (vendor = '' AND rental_start IS NULL
               AND rental_end IS NULL AND rental_cost_minor IS NULL))
    )""",
    "CREATE UNIQUE INDEX items_serial ON items (serial COLLATE NOCASE) WHERE serial != ''",
    "CREATE INDEX items_case ON items (case_id)",
    f"""
    CREATE TABLE templates (
        id      INTEGER PRIMARY KEY,
        name    TEXT NOT NULL CHECK (length(trim(name)) > 0),
        phase   TEXT NOT NULL CHECK (phase IN ('load_in', 'load_out', 'advance', 'other')),
        notes   TEXT NOT NULL DEFAULT '',
        {_TRACKED}
    )""",
    "CREATE UNIQUE INDEX templates_name ON templates (name COLLATE NOCASE)",
    """
    CREATE TABLE template_lines (
        id          INTEGER PRIMARY KEY,
        template_id INTEGER NOT NULL REFERENCES templates (id) ON DELETE CASCADE,
        position    INTEGER NOT NULL,
        case_id     INTEGER REFERENCES cases (id) ON DELETE CASCADE,
        item_id     INTEGER REFERENCES items (id) ON DELETE CASCADE,
        text        TEXT NOT NULL DEFAULT '',
        CHECK ((case_id IS NOT NULL) + (item_id IS NOT NULL) + (text != '') = 1)
    )""",
    "CREATE INDEX template_lines_template ON template_lines (template_id, position)",
    f"""
    CREATE TABLE checklists (
        id          INTEGER PRIMARY KEY,
        gig_day_id  INTEGER NOT NULL REFERENCES gig_days (id) ON DELETE CASCADE,
        name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
        phase       TEXT NOT NULL CHECK (phase IN ('load_in', 'load_out', 'advance', 'other')),
        template_id INTEGER REFERENCES templates (id) ON DELETE SET NULL,
        {_TRACKED},
        UNIQUE (gig_day_id, name)
    )""",
    # Entries copy the item's label, serial and case so a deleted item keeps its history.
    """
    CREATE TABLE checklist_entries (
        id           INTEGER PRIMARY KEY,
        checklist_id INTEGER NOT NULL REFERENCES checklists (id) ON DELETE CASCADE,
        position     INTEGER NOT NULL,
        item_id      INTEGER REFERENCES items (id) ON DELETE SET NULL,
        label        TEXT NOT NULL CHECK (length(trim(label)) > 0),
        serial       TEXT NOT NULL DEFAULT '',
        case_number  TEXT NOT NULL DEFAULT '',
        case_name    TEXT NOT NULL DEFAULT '',
        quantity     INTEGER NOT NULL DEFAULT 1 CHECK (quantity >= 1),
        state        TEXT NOT NULL DEFAULT 'pending'
                     CHECK (state IN ('pending', 'done', 'missing', 'damaged', 'na')),
        note         TEXT NOT NULL DEFAULT '',
        set_by       TEXT,
        set_at       TEXT,
        version      INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
        CHECK ((set_by IS NULL) = (set_at IS NULL))
    )""",
    "CREATE INDEX checklist_entries_list ON checklist_entries (checklist_id, position)",
    "CREATE INDEX checklist_entries_item ON checklist_entries (item_id)",
    "CREATE INDEX checklists_day ON checklists (gig_day_id)",
    """
    CREATE TABLE checklist_events (
        id        INTEGER PRIMARY KEY,
        entry_id  INTEGER NOT NULL REFERENCES checklist_entries (id) ON DELETE CASCADE,
        at        TEXT NOT NULL,
        actor     TEXT NOT NULL CHECK (length(actor) > 0),
        old_state TEXT NOT NULL,
        new_state TEXT NOT NULL,
        old_note  TEXT NOT NULL DEFAULT '',
        new_note  TEXT NOT NULL DEFAULT '',
        undoes    INTEGER REFERENCES checklist_events (id) ON DELETE SET NULL
    )""",
    "CREATE INDEX checklist_events_entry ON checklist_events (entry_id)",
    "CREATE INDEX checklist_events_actor ON checklist_events (actor, id)",
    """
    CREATE TABLE item_flags (
        id          INTEGER PRIMARY KEY,
        item_id     INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
        entry_id    INTEGER REFERENCES checklist_entries (id) ON DELETE SET NULL,
        kind        TEXT NOT NULL CHECK (kind IN ('missing', 'damaged')),
        note        TEXT NOT NULL DEFAULT '',
        raised_on   TEXT NOT NULL CHECK (raised_on IS date(raised_on, '+0 days')),
        raised_at   TEXT NOT NULL,
        raised_by   TEXT NOT NULL,
        resolved_at TEXT,
        resolved_by TEXT,
        resolution  TEXT NOT NULL DEFAULT '',
        CHECK ((resolved_at IS NULL) = (resolved_by IS NULL))
    )""",
    "CREATE INDEX item_flags_open ON item_flags (item_id) WHERE resolved_at IS NULL",
]

# 3: facts about the file itself; `database_id` makes calendar UIDs unique to this
# database (and stable when the file moves to another machine).
_V3 = [
    """
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
    "INSERT INTO meta (key, value) VALUES ('database_id', lower(hex(randomblob(16))))",
]

# 4: ticks made together (a whole case) share a batch, so undo takes them back together.
_V4 = [
    "ALTER TABLE checklist_events ADD COLUMN batch INTEGER",
    "UPDATE checklist_events SET batch = id",
    "CREATE INDEX checklist_events_batch ON checklist_events (batch)",
]

# 5: people, the roles each holds, what each gig day needs, and who works it.
_V5 = [
    f"""
    CREATE TABLE people (
        id                INTEGER PRIMARY KEY,
        name              TEXT NOT NULL CHECK (length(trim(name)) > 0),
        person_group      TEXT NOT NULL DEFAULT 'crew'
                          CHECK (person_group IN ('band', 'crew', 'management', 'local')),
        login             TEXT NOT NULL DEFAULT '',
        phone             TEXT NOT NULL DEFAULT '',
        email             TEXT NOT NULL DEFAULT '',
        emergency_contact TEXT NOT NULL DEFAULT '',
        dietary           TEXT NOT NULL DEFAULT '',
        day_rate_minor    INTEGER CHECK (day_rate_minor >= 0),
        per_diem_minor    INTEGER CHECK (per_diem_minor >= 0),
        currency          TEXT NOT NULL DEFAULT 'EUR' CHECK (currency GLOB '[A-Z][A-Z][A-Z]'),
        notes             TEXT NOT NULL DEFAULT '',
        active            INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        {_TRACKED}
    )""",
    "CREATE UNIQUE INDEX people_name ON people (name COLLATE NOCASE)",
    "CREATE UNIQUE INDEX people_login ON people (login) WHERE login != ''",
    """
    CREATE TABLE person_roles (
        person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
        position  INTEGER NOT NULL,
        role      TEXT NOT NULL CHECK (length(trim(role)) > 0),
        PRIMARY KEY (person_id, role COLLATE NOCASE)
    )""",
    f"""
    CREATE TABLE staff_needs (
        id         INTEGER PRIMARY KEY,
        gig_day_id INTEGER NOT NULL REFERENCES gig_days (id) ON DELETE CASCADE,
        role       TEXT NOT NULL CHECK (length(trim(role)) > 0),
        count      INTEGER NOT NULL CHECK (count >= 1),
        {_TRACKED}
    )""",
    "CREATE UNIQUE INDEX staff_needs_role ON staff_needs (gig_day_id, role COLLATE NOCASE)",
    f"""
    CREATE TABLE assignments (
        id           INTEGER PRIMARY KEY,
        gig_day_id   INTEGER NOT NULL REFERENCES gig_days (id) ON DELETE CASCADE,
        person_id    INTEGER NOT NULL REFERENCES people (id) ON DELETE RESTRICT,
        role         TEXT NOT NULL CHECK (length(trim(role)) > 0),
        call_time    TEXT CHECK (call_time GLOB '[0-2][0-9]:[0-5][0-9]' AND call_time <= '23:59'),
        fee_minor    INTEGER CHECK (fee_minor >= 0),
        fee_currency TEXT CHECK (fee_currency GLOB '[A-Z][A-Z][A-Z]'),
        notes        TEXT NOT NULL DEFAULT '',
        {_TRACKED},
        CHECK ((fee_minor IS NULL) = (fee_currency IS NULL))
    )""",
    """CREATE UNIQUE INDEX assignments_once
       ON assignments (gig_day_id, person_id, role COLLATE NOCASE)""",
    "CREATE INDEX assignments_person ON assignments (person_id)",
]

# v6: subscribable calendar feeds. Only a hash of each feed's secret token is kept: the
# address is shown once, when the feed is made.
_V6 = [
    f"""
    CREATE TABLE feeds (
        id         INTEGER PRIMARY KEY,
        token_hash TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
        label      TEXT NOT NULL DEFAULT '',
        tour_id    INTEGER REFERENCES tours (id) ON DELETE CASCADE,
        audience   TEXT NOT NULL CHECK (audience IN ('tour', 'band', 'crew', 'person')),
        person_id  INTEGER REFERENCES people (id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        revoked_at TEXT,
        {_TRACKED},
        CHECK ((audience = 'person') = (person_id IS NOT NULL))
    )""",
]

# v7: where the party sleeps (name, address, phone, booking), for the day sheet.
_V7 = ["ALTER TABLE gig_days ADD COLUMN hotel TEXT NOT NULL DEFAULT ''"]

# v8: each tour's drive estimate (a nightliner is not a splitter van).
_V8 = [
    f"""
    CREATE TABLE tour_routing (
        id              INTEGER PRIMARY KEY,
        tour_id         INTEGER NOT NULL UNIQUE REFERENCES tours (id) ON DELETE CASCADE,
        road_factor     REAL NOT NULL CHECK (road_factor BETWEEN 1.0 AND 3.0),
        speed_kmh       REAL NOT NULL CHECK (speed_kmh BETWEEN 20 AND 130),
        max_drive_hours REAL NOT NULL CHECK (max_drive_hours BETWEEN 1 AND 24),
        {_TRACKED}
    )""",
]

# v9: geocoder answers kept (a miss too), so an address is asked about once.
_V9 = [
    """
    CREATE TABLE geocode_cache (
        query      TEXT PRIMARY KEY,
        latitude   REAL CHECK (latitude BETWEEN -90 AND 90),
        longitude  REAL CHECK (longitude BETWEEN -180 AND 180),
        found      TEXT NOT NULL DEFAULT '',
        fetched_at TEXT NOT NULL
    )""",
]

# v10: the people to call at a venue (production, promoter, security...), each with
# their own phone and e-mail; the venue's own phone and e-mail stay the switchboard.
_V10 = [
    f"""
    CREATE TABLE venue_contacts (
        id       INTEGER PRIMARY KEY,
        venue_id INTEGER NOT NULL REFERENCES venues (id) ON DELETE CASCADE,
        name     TEXT NOT NULL CHECK (length(trim(name)) > 0),
        role     TEXT NOT NULL DEFAULT '',
        phone    TEXT NOT NULL DEFAULT '',
        email    TEXT NOT NULL DEFAULT '',
        notes    TEXT NOT NULL DEFAULT '',
        {_TRACKED}
    )""",
    "CREATE INDEX venue_contacts_venue ON venue_contacts (venue_id)",
]

# v11: budgets, exchange rates, settlements and the payouts ledger. Money is INTEGER
# minor units next to a TEXT currency; rates and shares are TEXT decimals (never REAL).
# Crew pay, per diems and equipment rentals are not stored here: they are derived from
# staffing and the inventory. Payments are never changed or deleted: a correction is a
# reversing entry (negative, pointing at the payment it takes back).
_DECIMAL = "NOT GLOB '*[^0-9.]*' AND {0} GLOB '*[0-9]*' AND {0} NOT GLOB '*.*.*'"
_INCOME = "('guarantee', 'door_split', 'merch', 'sponsorship', 'other')"
_EXPENSE = "('travel', 'hotels', 'production', 'marketing', 'promotion', 'commissions', 'other')"
_V11 = [
    f"""
    CREATE TABLE tour_budget (
        id              INTEGER PRIMARY KEY,
        tour_id         INTEGER NOT NULL UNIQUE REFERENCES tours (id) ON DELETE CASCADE,
        overrun_percent INTEGER NOT NULL DEFAULT 10 CHECK (overrun_percent BETWEEN 0 AND 1000),
        number_locale   TEXT NOT NULL DEFAULT 'en' CHECK (number_locale IN ('en', 'de')),
        {_TRACKED}
    )""",
    f"""
    CREATE TABLE exchange_rates (
        id       INTEGER PRIMARY KEY,
        tour_id  INTEGER NOT NULL REFERENCES tours (id) ON DELETE CASCADE,
        base     TEXT NOT NULL CHECK (base GLOB '[A-Z][A-Z][A-Z]'),
        quote    TEXT NOT NULL CHECK (quote GLOB '[A-Z][A-Z][A-Z]'),
        rate     TEXT NOT NULL CHECK (rate {_DECIMAL.format("rate")} AND CAST(rate AS REAL) > 0),
        rated_on TEXT NOT NULL CHECK (rated_on IS date(rated_on, '+0 days')),
        source   TEXT NOT NULL CHECK (length(trim(source)) > 0),
        {_TRACKED},
        CHECK (base != quote),
        UNIQUE (tour_id, base, quote, rated_on)
    )""",
    f"""
    CREATE TABLE budget_lines (
        id             INTEGER PRIMARY KEY,
        tour_id        INTEGER NOT NULL REFERENCES tours (id) ON DELETE CASCADE,
        gig_day_id     INTEGER REFERENCES gig_days (id) ON DELETE CASCADE,
        side           TEXT NOT NULL CHECK (side IN ('income', 'expense')),
        category       TEXT NOT NULL,
        description    TEXT NOT NULL DEFAULT '',
        currency       TEXT NOT NULL CHECK (currency GLOB '[A-Z][A-Z][A-Z]'),
        estimate_minor INTEGER CHECK (estimate_minor >= 0),
        actual_minor   INTEGER CHECK (actual_minor >= 0),
        {_TRACKED},
        CHECK (estimate_minor IS NOT NULL OR actual_minor IS NOT NULL),
        CHECK ((side = 'income' AND category IN {_INCOME})
               OR (side = 'expense' AND category IN {_EXPENSE}))
    )""",
    "CREATE INDEX budget_lines_tour ON budget_lines (tour_id, gig_day_id)",
    """
    CREATE TRIGGER budget_lines_day_of_tour BEFORE INSERT ON budget_lines
    WHEN NEW.gig_day_id IS NOT NULL
         AND (SELECT tour_id FROM gig_days WHERE id = NEW.gig_day_id) IS NOT NEW.tour_id
    BEGIN SELECT RAISE(ABORT, 'budget line: the gig day is not on that tour'); END""",
    f"""
    CREATE TABLE settlements (
        id              INTEGER PRIMARY KEY,
        gig_day_id      INTEGER NOT NULL UNIQUE REFERENCES gig_days (id) ON DELETE CASCADE,
        deal            TEXT NOT NULL CHECK (deal IN ('flat', 'versus', 'door', 'bonus')),
        currency        TEXT NOT NULL CHECK (currency GLOB '[A-Z][A-Z][A-Z]'),
        guarantee_minor INTEGER CHECK (guarantee_minor >= 0),
        percent         TEXT CHECK (percent {_DECIMAL.format("percent")}
                                    AND CAST(percent AS REAL) <= 1),
        bonus_minor     INTEGER CHECK (bonus_minor >= 0),
        bonus_threshold INTEGER CHECK (bonus_threshold >= 0),
        notes           TEXT NOT NULL DEFAULT '',
        {_TRACKED},
        CHECK (deal = 'door' OR guarantee_minor IS NOT NULL),
        CHECK (deal NOT IN ('versus', 'door') OR percent IS NOT NULL),
        CHECK (deal != 'bonus' OR (bonus_minor IS NOT NULL AND bonus_threshold IS NOT NULL))
    )""",
    f"""
    CREATE TABLE settlement_tickets (
        id            INTEGER PRIMARY KEY,
        settlement_id INTEGER NOT NULL REFERENCES settlements (id) ON DELETE CASCADE,
        position      INTEGER NOT NULL,
        name          TEXT NOT NULL CHECK (length(trim(name)) > 0),
        price_minor   INTEGER NOT NULL CHECK (price_minor >= 0),
        sold          INTEGER NOT NULL CHECK (sold >= 0),
        comps         INTEGER NOT NULL DEFAULT 0 CHECK (comps >= 0),
        {_TRACKED}
    )""",
    "CREATE INDEX settlement_tickets_of ON settlement_tickets (settlement_id, position)",
    f"""
    CREATE TABLE settlement_deductions (
        id            INTEGER PRIMARY KEY,
        settlement_id INTEGER NOT NULL REFERENCES settlements (id) ON DELETE CASCADE,
        position      INTEGER NOT NULL,
        kind          TEXT NOT NULL CHECK (kind IN ('tax', 'fee', 'cost')),
        label         TEXT NOT NULL CHECK (length(trim(label)) > 0),
        percent       TEXT CHECK (percent {_DECIMAL.format("percent")}
                                  AND CAST(percent AS REAL) <= 1),
        amount_minor  INTEGER CHECK (amount_minor >= 0),
        {_TRACKED},
        CHECK ((percent IS NULL) != (amount_minor IS NULL))
    )""",
    "CREATE INDEX settlement_deductions_of ON settlement_deductions (settlement_id, position)",
    f"""
    CREATE TABLE payments (
        id           INTEGER PRIMARY KEY,
        tour_id      INTEGER NOT NULL REFERENCES tours (id),
        person_id    INTEGER NOT NULL REFERENCES people (id) ON DELETE RESTRICT,
        paid_on      TEXT NOT NULL CHECK (paid_on IS date(paid_on, '+0 days')),
        amount_minor INTEGER NOT NULL,
        currency     TEXT NOT NULL CHECK (currency GLOB '[A-Z][A-Z][A-Z]'),
        method       TEXT NOT NULL CHECK (method IN ('bank', 'cash', 'card', 'paypal', 'other')),
        note         TEXT NOT NULL DEFAULT '',
        reverses     INTEGER UNIQUE REFERENCES payments (id),
        {_TRACKED},
        CHECK ((reverses IS NULL AND amount_minor > 0)
               OR (reverses IS NOT NULL AND amount_minor < 0))
    )""",
    "CREATE INDEX payments_person ON payments (tour_id, person_id)",
    """
    CREATE TRIGGER payments_never_change BEFORE UPDATE ON payments
    BEGIN SELECT RAISE(ABORT, 'payments are never changed: record a correction'); END""",
    """
    CREATE TRIGGER payments_never_go BEFORE DELETE ON payments
    BEGIN SELECT RAISE(ABORT, 'payments are never deleted: record a correction'); END""",
    """
    CREATE TRIGGER payments_reversal_matches BEFORE INSERT ON payments
    WHEN NEW.reverses IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM payments p WHERE p.id = NEW.reverses AND p.reverses IS NULL
        AND p.person_id = NEW.person_id AND p.tour_id = NEW.tour_id
        AND p.currency = NEW.currency AND p.amount_minor = -NEW.amount_minor)
    BEGIN
        SELECT RAISE(ABORT, 'a correction takes back one whole payment of the same person');
    END""",
]

# v12: who may come in and with which role. No rows: one-user mode, everyone is a
# manager. A crew or band login may be linked to their person (their own calls and pay).
_V12 = [
    f"""
    CREATE TABLE users (
        id        INTEGER PRIMARY KEY,
        login     TEXT NOT NULL UNIQUE
                  CHECK (length(login) BETWEEN 1 AND 64 AND login = trim(login)),
        role      TEXT NOT NULL CHECK (role IN ('manager', 'crew', 'band', 'accountant')),
        person_id INTEGER REFERENCES people (id) ON DELETE SET NULL,
        {_TRACKED}
    )""",
]

# v13: the SSH model. Each user's public keys (the lines of the service account's
# authorized_keys are rendered from them); settings that change behaviour move out of
# `meta` into `settings`, which only managers may write (the authorizer sees tables,
# not keys); and what the change log holds about money or pay moves to
# `change_details`, which only money roles may read (crew and band keep the log's who,
# when and what, without the amounts).
_PRIVATE_ENTITIES = ("'tour_budget', 'exchange_rates', 'budget_lines', 'settlements', "
                     "'settlement_tickets', 'settlement_deductions', 'payments', 'users', "
                     "'user_keys'")
_V13 = [
    f"""
    CREATE TABLE user_keys (
        id          INTEGER PRIMARY KEY,
        user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        key_type    TEXT NOT NULL CHECK (key_type GLOB '[a-z]*' AND length(key_type) <= 64),
        key_data    TEXT NOT NULL CHECK (length(key_data) BETWEEN 16 AND 16384
                                         AND key_data NOT GLOB '*[^A-Za-z0-9+/=]*'),
        fingerprint TEXT NOT NULL UNIQUE,
        comment     TEXT NOT NULL DEFAULT '',
        {_TRACKED}
    )""",
    "CREATE INDEX user_keys_user ON user_keys (user_id)",
    f"""
    CREATE TABLE settings (
        id    INTEGER PRIMARY KEY,
        key   TEXT NOT NULL UNIQUE,
        value TEXT NOT NULL,
        {_TRACKED}
    )""",
    """
    INSERT INTO settings (key, value, updated_at, updated_by)
    SELECT key, value, strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'), 'tourdesk' FROM meta
    WHERE key IN ('rest_hours', 'geocoder_user_agent', 'geocoder_endpoint', 'backup_keep',
                  'feed_base_url')""",
    """
    DELETE FROM meta WHERE key IN ('rest_hours', 'geocoder_user_agent', 'geocoder_endpoint',
                                   'backup_keep', 'feed_base_url')""",
    """
    CREATE TABLE change_details (
        change_id INTEGER PRIMARY KEY REFERENCES changes (id) ON DELETE CASCADE,
        before    TEXT CHECK (before IS NULL OR json_valid(before)),
        after     TEXT CHECK (after IS NULL OR json_valid(after))
    )""",
    f"""
    INSERT INTO change_details (change_id, before, after)
    SELECT id, before, after FROM changes
    WHERE entity IN ({_PRIVATE_ENTITIES}, 'people', 'assignments', 'items')""",
    f"UPDATE changes SET before = NULL, after = NULL WHERE entity IN ({_PRIVATE_ENTITIES})",
    """
    UPDATE changes SET before = json_remove(before, '$.day_rate_minor', '$.per_diem_minor'),
                       after = json_remove(after, '$.day_rate_minor', '$.per_diem_minor')
    WHERE entity = 'people'""",
    """
    UPDATE changes SET before = json_remove(before, '$.fee_minor'),
                       after = json_remove(after, '$.fee_minor')
    WHERE entity = 'assignments'""",
    """
    UPDATE changes SET before = json_remove(before, '$.value_minor', '$.rental_cost_minor'),
                       after = json_remove(after, '$.value_minor', '$.rental_cost_minor')
    WHERE entity = 'items'""",
]

# v14: schedule items as the model of a day: an optional end (its own calendar date, so
# a set from 23:30 until 00:45 ends on the next date), a place of their own (their clock
# is `timezone`, already per item), who they are for, and a note. Load-in and load-out
# of a show are the crew's; everything else is for everyone. A travel or off day may
# have no place at all: the V1 CHECK on gig_days is loosened in place, SQLite's own
# procedure for dropping or loosening a CHECK (the stored CREATE text is edited under
# writable_schema; the ALTERs after it bump the schema cookie so every connection
# re-reads it). Rebuilding gig_days instead would cascade-delete what hangs on it.
_V14 = [
    "PRAGMA writable_schema = ON",
    """UPDATE sqlite_master
       SET sql = replace(sql, 'CHECK (venue_id IS NOT NULL OR length(city) > 0)',
           'CHECK (venue_id IS NOT NULL OR length(city) > 0 OR kind IN (''off'', ''travel''))')
       WHERE type = 'table' AND name = 'gig_days'""",
    "PRAGMA writable_schema = OFF",
    """ALTER TABLE schedule_items ADD COLUMN end_date TEXT
       CHECK (end_date IS NULL OR end_date IS date(end_date, '+0 days'))""",
    """ALTER TABLE schedule_items ADD COLUMN end_time TEXT
       CHECK (end_time IS NULL OR (end_time GLOB '[0-2][0-9]:[0-5][0-9]' AND end_time <= '23:59'
              AND end_date IS NOT NULL
              AND end_date || ' ' || end_time > local_date || ' ' || local_time
              AND end_date <= date(local_date, '+1 days')))""",
    "ALTER TABLE schedule_items ADD COLUMN place TEXT NOT NULL DEFAULT ''",
    """ALTER TABLE schedule_items ADD COLUMN audience TEXT NOT NULL DEFAULT 'everyone'
       CHECK (audience IN ('everyone', 'band', 'crew', 'role', 'people'))""",
    """ALTER TABLE schedule_items ADD COLUMN audience_role TEXT NOT NULL DEFAULT ''
       CHECK ((audience = 'role') = (length(trim(audience_role)) > 0))""",
    """ALTER TABLE schedule_items ADD COLUMN audience_people TEXT NOT NULL DEFAULT '[]'
       CHECK (json_valid(audience_people) AND json_type(audience_people) = 'array'
              AND (audience = 'people') = (json_array_length(audience_people) > 0))""",
    "ALTER TABLE schedule_items ADD COLUMN note TEXT NOT NULL DEFAULT ''",
    """CREATE TRIGGER schedule_items_end_whole BEFORE INSERT ON schedule_items
       WHEN (NEW.end_date IS NULL) != (NEW.end_time IS NULL)
       BEGIN SELECT RAISE(ABORT, 'schedule item: an end needs both its date and time'); END""",
    """CREATE TRIGGER schedule_items_end_whole_update BEFORE UPDATE ON schedule_items
       WHEN (NEW.end_date IS NULL) != (NEW.end_time IS NULL)
       BEGIN SELECT RAISE(ABORT, 'schedule item: an end needs both its date and time'); END""",
    """UPDATE schedule_items SET audience = 'crew'
       WHERE kind IN ('load_in', 'load_out')
         AND gig_day_id IN (SELECT id FROM gig_days WHERE kind = 'show')""",
]

# v15: a flag keeps the city of the day it was raised ("missing since 19 Oct, Paris"),
# so the words stay true when the entry that raised it is removed. Filled in for open
# and closed flags from the day of the entry that raised them.
_V15 = [
    "ALTER TABLE item_flags ADD COLUMN raised_place TEXT NOT NULL DEFAULT ''",
    """
    UPDATE item_flags SET raised_place = coalesce((
        SELECT coalesce(nullif(v.city, ''), g.city, '')
        FROM checklist_entries e JOIN checklists k ON k.id = e.checklist_id
        JOIN gig_days g ON g.id = k.gig_day_id LEFT JOIN venues v ON v.id = g.venue_id
        WHERE e.id = item_flags.entry_id), '')""",
]

# v16: each login's own settings for the screen (mouse, theme, cursor after a tick).
# Self-contained: a row names its login, not a users row, so it works in one-user mode.
_V16 = [
    """
    CREATE TABLE preferences (
        login TEXT NOT NULL CHECK (length(login) BETWEEN 1 AND 64),
        key   TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 40),
        value TEXT NOT NULL CHECK (length(value) <= 200),
        PRIMARY KEY (login, key)
    )""",
]

# v17: calendar revisions: per gig day, counters the calendar's SEQUENCE is read from, kept by
# triggers on `changes` as each change is recorded (so an export never replays the log).
# Parts: 'all' (the day row, every schedule item, its venue and the venue's contacts),
# 'band' (the same with only the items the band sees: no load-in/out on a show day),
# 'calls:band' / 'calls:crew' (assignments of band members / everyone else), and
# 'p<person id>' (one person's assignments). A day's creation and the items inserted
# right after it (one import row) do not count. Existing files start from a count of
# every recorded change, never less than what was published before.
_V17 = [
    """
    CREATE TABLE calendar_revisions (
        gig_day_id INTEGER NOT NULL,
        part       TEXT NOT NULL,
        revision   INTEGER NOT NULL DEFAULT 0 CHECK (revision >= 0),
        changed_at TEXT NOT NULL,
        PRIMARY KEY (gig_day_id, part)
    ) WITHOUT ROWID""",
    """
    CREATE TABLE calendar_creating (
        only       INTEGER PRIMARY KEY CHECK (only = 1),
        gig_day_id INTEGER
    )""",
    "INSERT INTO calendar_creating (only, gig_day_id) VALUES (1, NULL)",
    """
    CREATE TRIGGER calendar_day_changed AFTER INSERT ON changes
    WHEN NEW.entity = 'gig_days' BEGIN
        UPDATE calendar_creating
        SET gig_day_id = CASE WHEN NEW.action = 'insert' THEN NEW.entity_id END;
        INSERT INTO calendar_revisions (gig_day_id, part, revision, changed_at)
        SELECT NEW.entity_id, p.part, NEW.action != 'insert', NEW.at
        FROM (SELECT 'all' AS part UNION ALL SELECT 'band') AS p WHERE true
        ON CONFLICT DO UPDATE SET revision = revision + excluded.revision,
                                  changed_at = excluded.changed_at;
    END""",
    """
    CREATE TRIGGER calendar_item_changed AFTER INSERT ON changes
    WHEN NEW.entity = 'schedule_items' BEGIN
        INSERT INTO calendar_revisions (gig_day_id, part, revision, changed_at)
        SELECT g.id, p.part, NOT x.creating, NEW.at
        FROM (SELECT json_extract(coalesce(NEW.after, NEW.before), '$.gig_day_id') AS gid,
                     coalesce(json_extract(NEW.after, '$.kind'), '') AS kind_after,
                     coalesce(json_extract(NEW.before, '$.kind'), '') AS kind_before,
                     NEW.action = 'insert' AND coalesce(
                         json_extract(NEW.after, '$.gig_day_id') =
                         (SELECT gig_day_id FROM calendar_creating), 0) AS creating) AS x
        JOIN gig_days AS g ON g.id = x.gid
        JOIN (SELECT 'all' AS part UNION ALL SELECT 'band') AS p
          ON p.part = 'all' OR g.kind != 'show'
             OR x.kind_after NOT IN ('', 'load_in', 'load_out')
             OR x.kind_before NOT IN ('', 'load_in', 'load_out')
        WHERE true
        ON CONFLICT DO UPDATE SET revision = revision + excluded.revision,
                                  changed_at = excluded.changed_at;
        UPDATE calendar_creating SET gig_day_id = NULL
        WHERE NOT (NEW.action = 'insert'
                   AND gig_day_id IS json_extract(NEW.after, '$.gig_day_id'));
    END""",
    """
    CREATE TRIGGER calendar_venue_changed AFTER INSERT ON changes
    WHEN NEW.entity IN ('venues', 'venue_contacts') BEGIN
        INSERT INTO calendar_revisions (gig_day_id, part, revision, changed_at)
        SELECT g.id, p.part, 1, NEW.at
        FROM gig_days AS g, (SELECT 'all' AS part UNION ALL SELECT 'band') AS p
        WHERE (NEW.entity = 'venues' AND NEW.action != 'insert' AND g.venue_id = NEW.entity_id)
           OR (NEW.entity = 'venue_contacts' AND g.venue_id =
               json_extract(coalesce(NEW.after, NEW.before), '$.venue_id'))
        ON CONFLICT DO UPDATE SET revision = revision + 1, changed_at = excluded.changed_at;
    END""",
    """
    CREATE TRIGGER calendar_call_changed AFTER INSERT ON changes
    WHEN NEW.entity = 'assignments' BEGIN
        INSERT INTO calendar_revisions (gig_day_id, part, revision, changed_at)
        SELECT x.gid, p.part, 1, NEW.at
        FROM (SELECT json_extract(coalesce(NEW.after, NEW.before), '$.gig_day_id') AS gid,
                     json_extract(coalesce(NEW.after, NEW.before), '$.person_id') AS pid) AS x,
             (SELECT 'p' || x2.pid AS part FROM (SELECT json_extract(
                  coalesce(NEW.after, NEW.before), '$.person_id') AS pid) AS x2
              UNION ALL
              SELECT CASE (SELECT person_group FROM people WHERE id = json_extract(
                               coalesce(NEW.after, NEW.before), '$.person_id'))
                     WHEN 'band' THEN 'calls:band' ELSE 'calls:crew' END) AS p
        WHERE x.gid IS NOT NULL
        ON CONFLICT DO UPDATE SET revision = revision + 1, changed_at = excluded.changed_at;
    END""",
    """
    CREATE TRIGGER calendar_creation_ends AFTER INSERT ON changes
    WHEN NEW.entity NOT IN ('gig_days', 'schedule_items') BEGIN
        UPDATE calendar_creating SET gig_day_id = NULL WHERE gig_day_id IS NOT NULL;
    END""",
    """
    INSERT INTO calendar_revisions (gig_day_id, part, revision, changed_at)
    SELECT gid, p.part, count(*) - sum(created), max(at)
    FROM (SELECT entity_id AS gid, at, action = 'insert' AS created FROM changes
          WHERE entity = 'gig_days'
          UNION ALL
          SELECT json_extract(coalesce(after, before), '$.gig_day_id'), at, 0 FROM changes
          WHERE entity = 'schedule_items'
          UNION ALL
          SELECT g.id, c.at, 0 FROM changes AS c JOIN gig_days AS g ON g.venue_id = c.entity_id
          WHERE c.entity = 'venues' AND c.action != 'insert'
          UNION ALL
          SELECT g.id, c.at, 0 FROM changes AS c JOIN gig_days AS g
            ON g.venue_id = json_extract(coalesce(c.after, c.before), '$.venue_id')
          WHERE c.entity = 'venue_contacts'),
         (SELECT 'all' AS part UNION ALL SELECT 'band') AS p
    WHERE gid IN (SELECT id FROM gig_days)
    GROUP BY gid, p.part""",
    """
    INSERT INTO calendar_revisions (gig_day_id, part, revision, changed_at)
    SELECT gid, part, count(*), max(at)
    FROM (SELECT json_extract(coalesce(after, before), '$.gig_day_id') AS gid,
                 'p' || json_extract(coalesce(after, before), '$.person_id') AS part, at
          FROM changes WHERE entity = 'assignments'
          UNION ALL
          SELECT json_extract(coalesce(after, before), '$.gig_day_id'), p.part, at
          FROM changes, (SELECT 'calls:band' AS part UNION ALL SELECT 'calls:crew') AS p
          WHERE entity = 'assignments')
    WHERE gid IN (SELECT id FROM gig_days)
    GROUP BY gid, part""",
    # A feed's reminder, minutes before each timed event (NULL: none).
    "ALTER TABLE feeds ADD COLUMN alarm_minutes INTEGER "
    "CHECK (alarm_minutes IS NULL OR alarm_minutes BETWEEN 0 AND 1440)",
]

# v18: inventory that changes: an item can be retired (kept for the lists it was on and
# for history; left off new lists and listings), and studio sessions: a studio and room,
# an engineer (a person on the crew list, or a named outside engineer), hours on the
# day's clock (an end at or before the start is after midnight) and a rate by the hour
# or the day, from which the budget derives a `studio` line. The rate is money: read as
# NULL by roles without READ_MONEY, like an item's value.
_V18 = [
    """ALTER TABLE items ADD COLUMN retired_on TEXT
       CHECK (retired_on IS NULL OR retired_on IS date(retired_on, '+0 days'))""",
    f"""
    CREATE TABLE studio_sessions (
        id          INTEGER PRIMARY KEY,
        gig_day_id  INTEGER NOT NULL REFERENCES gig_days (id) ON DELETE CASCADE,
        studio      TEXT NOT NULL CHECK (length(trim(studio)) > 0),
        room        TEXT NOT NULL DEFAULT '',
        engineer_id INTEGER REFERENCES people (id) ON DELETE SET NULL,
        engineer    TEXT NOT NULL DEFAULT '',
        start_time  TEXT CHECK (start_time IS NULL OR (start_time GLOB '[0-2][0-9]:[0-5][0-9]'
                                                       AND start_time <= '23:59')),
        end_time    TEXT CHECK (end_time IS NULL OR (end_time GLOB '[0-2][0-9]:[0-5][0-9]'
                                                     AND end_time <= '23:59')),
        rate_minor  INTEGER CHECK (rate_minor >= 0),
        currency    TEXT CHECK (currency GLOB '[A-Z][A-Z][A-Z]'),
        rate_per    TEXT NOT NULL DEFAULT 'hour' CHECK (rate_per IN ('hour', 'day')),
        notes       TEXT NOT NULL DEFAULT '',
        {_TRACKED},
        CHECK ((rate_minor IS NULL) = (currency IS NULL)),
        CHECK ((start_time IS NULL) = (end_time IS NULL)),
        CHECK (start_time IS NULL OR start_time != end_time),
        CHECK (engineer_id IS NULL OR engineer = ''),
        CHECK (rate_per = 'day' OR rate_minor IS NULL OR start_time IS NOT NULL)
    )""",
    "CREATE INDEX studio_sessions_day ON studio_sessions (gig_day_id)",
    "CREATE INDEX studio_sessions_engineer ON studio_sessions (engineer_id)",
]

# v19: guest lists, caps and documents. A guest request is a row per guest (+N heads) on a
# show, by the login that asked; caps are per show (all heads) and per requester. A
# document's metadata is shared; its bytes live in `document_bytes`, or for contracts
# and visa papers in `office_document_bytes`, which only money roles may read.
_V19 = [
    f"""
    CREATE TABLE guest_caps (
        id          INTEGER PRIMARY KEY,
        gig_day_id  INTEGER NOT NULL UNIQUE REFERENCES gig_days (id) ON DELETE CASCADE,
        show_cap    INTEGER CHECK (show_cap >= 0),
        person_cap  INTEGER CHECK (person_cap >= 0),
        {_TRACKED}
    )""",
    f"""
    CREATE TABLE guest_requests (
        id           INTEGER PRIMARY KEY,
        gig_day_id   INTEGER NOT NULL REFERENCES gig_days (id) ON DELETE CASCADE,
        guest        TEXT NOT NULL CHECK (length(trim(guest)) BETWEEN 1 AND 200),
        plus         INTEGER NOT NULL DEFAULT 0 CHECK (plus BETWEEN 0 AND 20),
        pass         TEXT NOT NULL DEFAULT 'guest'
                     CHECK (pass IN ('guest', 'photo', 'aftershow', 'all-access')),
        requested_by TEXT NOT NULL CHECK (length(requested_by) BETWEEN 1 AND 64),
        state        TEXT NOT NULL DEFAULT 'requested'
                     CHECK (state IN ('requested', 'approved', 'declined')),
        decided_by   TEXT NOT NULL DEFAULT '',
        note         TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500),
        {_TRACKED},
        CHECK ((state = 'requested') = (decided_by = ''))
    )""",
    "CREATE INDEX guest_requests_day ON guest_requests (gig_day_id, requested_by)",
    f"""
    CREATE TABLE documents (
        id          INTEGER PRIMARY KEY,
        tour_id     INTEGER NOT NULL REFERENCES tours (id) ON DELETE CASCADE,
        gig_day_id  INTEGER REFERENCES gig_days (id) ON DELETE CASCADE,
        venue_id    INTEGER REFERENCES venues (id) ON DELETE CASCADE,
        kind        TEXT NOT NULL CHECK (kind IN ('stage_plot', 'input_list', 'rider',
                    'contract', 'visa', 'other')),
        name        TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 200),
        media_type  TEXT NOT NULL DEFAULT 'application/octet-stream',
        size        INTEGER NOT NULL CHECK (size BETWEEN 0 AND 20000000),
        sha256      TEXT NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
        {_TRACKED},
        CHECK (gig_day_id IS NULL OR venue_id IS NULL)
    )""",
    "CREATE INDEX documents_tour ON documents (tour_id, gig_day_id, venue_id)",
    """
    CREATE TABLE document_bytes (
        document_id INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
        data        BLOB NOT NULL CHECK (length(data) <= 20000000)
    )""",
    """
    CREATE TABLE office_document_bytes (
        document_id INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
        data        BLOB NOT NULL CHECK (length(data) <= 20000000)
    )""",
]

# v20: people moving. Travel segments (a flight, train, ferry, bus, car or other leg, each
# end a place with its own zone; a flight's ends are IATA codes resolved offline), the
# people on each (a manifest, with a seat each), hotel stays and their rooming list. Local
# date and time at each end, in that end's zone: the instants are computed, never stored,
# and the code checks that the arrival comes after the departure. A segment's cost is
# money (read as NULL by roles without READ_MONEY) and becomes a derived `travel` line.
_V20 = [
    f"""
    CREATE TABLE travel_segments (
        id           INTEGER PRIMARY KEY,
        tour_id      INTEGER NOT NULL REFERENCES tours (id) ON DELETE CASCADE,
        mode         TEXT NOT NULL
                     CHECK (mode IN ('flight', 'train', 'ferry', 'bus', 'car', 'other')),
        carrier      TEXT NOT NULL DEFAULT '',
        number       TEXT NOT NULL DEFAULT '',
        from_code    TEXT NOT NULL DEFAULT '',
        from_place   TEXT NOT NULL CHECK (length(trim(from_place)) > 0),
        from_zone    TEXT NOT NULL CHECK (length(from_zone) > 0),
        from_lat     REAL CHECK (from_lat BETWEEN -90 AND 90),
        from_lon     REAL CHECK (from_lon BETWEEN -180 AND 180),
        to_code      TEXT NOT NULL DEFAULT '',
        to_place     TEXT NOT NULL CHECK (length(trim(to_place)) > 0),
        to_zone      TEXT NOT NULL CHECK (length(to_zone) > 0),
        to_lat       REAL CHECK (to_lat BETWEEN -90 AND 90),
        to_lon       REAL CHECK (to_lon BETWEEN -180 AND 180),
        depart_date  TEXT NOT NULL CHECK (depart_date IS date(depart_date, '+0 days')),
        depart_time  TEXT NOT NULL CHECK (depart_time GLOB '[0-2][0-9]:[0-5][0-9]'
                                          AND depart_time <= '23:59'),
        arrive_date  TEXT NOT NULL CHECK (arrive_date IS date(arrive_date, '+0 days')),
        arrive_time  TEXT NOT NULL CHECK (arrive_time GLOB '[0-2][0-9]:[0-5][0-9]'
                                          AND arrive_time <= '23:59'),
        booking_ref  TEXT NOT NULL DEFAULT '',
        baggage      TEXT NOT NULL DEFAULT '',
        notes        TEXT NOT NULL DEFAULT '',
        cost_minor   INTEGER CHECK (cost_minor >= 0),
        currency     TEXT CHECK (currency GLOB '[A-Z][A-Z][A-Z]'),
        {_TRACKED},
        CHECK ((cost_minor IS NULL) = (currency IS NULL)),
        CHECK (mode != 'flight' OR (from_code GLOB '[A-Z][A-Z][A-Z]'
                                    AND to_code GLOB '[A-Z][A-Z][A-Z]')),
        CHECK ((from_lat IS NULL) = (from_lon IS NULL) AND (to_lat IS NULL) = (to_lon IS NULL)),
        CHECK (arrive_date BETWEEN date(depart_date, '-1 day') AND date(depart_date, '+3 days'))
    )""",
    "CREATE INDEX travel_segments_tour ON travel_segments (tour_id, depart_date)",
    f"""
    CREATE TABLE travel_manifest (
        id          INTEGER PRIMARY KEY,
        segment_id  INTEGER NOT NULL REFERENCES travel_segments (id) ON DELETE CASCADE,
        person_id   INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
        seat        TEXT NOT NULL DEFAULT '',
        {_TRACKED},
        UNIQUE (segment_id, person_id)
    )""",
    "CREATE INDEX travel_manifest_person ON travel_manifest (person_id)",
    f"""
    CREATE TABLE hotel_stays (
        id             INTEGER PRIMARY KEY,
        tour_id        INTEGER NOT NULL REFERENCES tours (id) ON DELETE CASCADE,
        hotel          TEXT NOT NULL CHECK (length(trim(hotel)) > 0),
        address        TEXT NOT NULL DEFAULT '',
        timezone       TEXT NOT NULL CHECK (length(timezone) > 0),
        check_in_date  TEXT NOT NULL CHECK (check_in_date IS date(check_in_date, '+0 days')),
        check_in_time  TEXT CHECK (check_in_time IS NULL OR (check_in_time GLOB
                                   '[0-2][0-9]:[0-5][0-9]' AND check_in_time <= '23:59')),
        check_out_date TEXT NOT NULL CHECK (check_out_date IS date(check_out_date, '+0 days')),
        check_out_time TEXT CHECK (check_out_time IS NULL OR (check_out_time GLOB
                                   '[0-2][0-9]:[0-5][0-9]' AND check_out_time <= '23:59')),
        booking_ref    TEXT NOT NULL DEFAULT '',
        notes          TEXT NOT NULL DEFAULT '',
        {_TRACKED},
        CHECK (check_out_date > check_in_date)
    )""",
    "CREATE INDEX hotel_stays_tour ON hotel_stays (tour_id, check_in_date)",
    f"""
    CREATE TABLE hotel_rooms (
        id          INTEGER PRIMARY KEY,
        stay_id     INTEGER NOT NULL REFERENCES hotel_stays (id) ON DELETE CASCADE,
        person_id   INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
        room        TEXT NOT NULL DEFAULT '',
        room_type   TEXT NOT NULL DEFAULT ''
                    CHECK (room_type IN ('', 'single', 'double', 'twin', 'triple', 'suite',
                                         'other')),
        {_TRACKED},
        UNIQUE (stay_id, person_id)
    )""",
    "CREATE INDEX hotel_rooms_person ON hotel_rooms (person_id)",
]

# v21: a feed's address can be shown again to the login that made it, until the feed is
# first fetched. The token is kept sealed with a key that lives in a file beside the
# database, never in it (services/feed_addresses.py): a copy of the file cannot open
# it. Not a tracked table: the change log would keep the sealed token after it is
# cleared at the first fetch. Feeds made before have no row and cannot be shown again.
_V21 = [
    """
    CREATE TABLE feed_addresses (
        feed_id          INTEGER PRIMARY KEY REFERENCES feeds (id) ON DELETE CASCADE,
        created_by       TEXT NOT NULL,
        nonce            BLOB CHECK (nonce IS NULL OR length(nonce) = 16),
        sealed           BLOB CHECK (sealed IS NULL OR length(sealed) BETWEEN 40 AND 64),
        first_fetched_at TEXT,
        CHECK ((nonce IS NULL) = (sealed IS NULL)),
        CHECK (first_fetched_at IS NULL OR sealed IS NULL)
    )""",
]

# v22: several events a day. A gig day is its own first event (its place, status and the
# items, calls and settlement with no event), so no existing row moves; `events` holds
# each further one (a festival afternoon before the club show, a session elsewhere) with
# its own label, place and clock, and status. Schedule items and calls may name an
# event of their day; settlements become one per event: the table is rebuilt without
# its UNIQUE day (tickets and deductions keep their settlement ids), so the step runs
# with foreign keys off (`REBUILDS_TABLES`) and checks them before it commits. An event
# changed counts as its day's calendar revision.
REBUILDS_TABLES = "-- this step rebuilds tables: foreign keys off around its transaction"
_V22_SAME_DAY = """
    CREATE TRIGGER {table}_event_of_day_{when} BEFORE {action} ON {table}
    WHEN NEW.event_id IS NOT NULL
         AND (SELECT gig_day_id FROM events WHERE id = NEW.event_id) IS NOT NEW.gig_day_id
    BEGIN SELECT RAISE(ABORT, '{table}: the event is not on that gig day'); END"""
_V22 = [
    REBUILDS_TABLES,
    """
    CREATE TABLE events (
        id          INTEGER PRIMARY KEY,
        gig_day_id  INTEGER NOT NULL REFERENCES gig_days (id) ON DELETE CASCADE,
        label       TEXT NOT NULL CHECK (length(trim(label)) BETWEEN 1 AND 80),
        kind        TEXT NOT NULL DEFAULT 'show'
                    CHECK (kind IN ('show', 'rehearsal', 'studio', 'other')),
        status      TEXT NOT NULL DEFAULT 'confirmed'
                    CHECK (status IN ('hold', 'offer', 'confirmed', 'cancelled')),
        venue_id    INTEGER REFERENCES venues (id) ON DELETE RESTRICT,
        city        TEXT NOT NULL DEFAULT '',
        country     TEXT NOT NULL DEFAULT ''
                    CHECK (country = '' OR (length(country) = 2 AND country = upper(country))),
        timezone    TEXT NOT NULL DEFAULT '',
        notes       TEXT NOT NULL DEFAULT '',
        version     INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
        updated_at  TEXT    NOT NULL,
        updated_by  TEXT    NOT NULL CHECK (length(updated_by) > 0)
    )""",
    "CREATE UNIQUE INDEX events_label ON events (gig_day_id, label COLLATE NOCASE)",
    "CREATE INDEX events_venue ON events (venue_id)",
    "ALTER TABLE schedule_items ADD COLUMN event_id INTEGER "
    "REFERENCES events (id) ON DELETE CASCADE",
    "CREATE INDEX schedule_items_event ON schedule_items (event_id)",
    "ALTER TABLE assignments ADD COLUMN event_id INTEGER REFERENCES events (id) ON DELETE CASCADE",
    "DROP INDEX assignments_once",
    """CREATE UNIQUE INDEX assignments_once
       ON assignments (gig_day_id, ifnull(event_id, 0), person_id, role COLLATE NOCASE)""",
    "CREATE INDEX assignments_event ON assignments (event_id)",
    """
    CREATE TABLE settlements_by_event (
        id              INTEGER PRIMARY KEY,
        gig_day_id      INTEGER NOT NULL REFERENCES gig_days (id) ON DELETE CASCADE,
        event_id        INTEGER REFERENCES events (id) ON DELETE CASCADE,
        deal            TEXT NOT NULL CHECK (deal IN ('flat', 'versus', 'door', 'bonus')),
        currency        TEXT NOT NULL CHECK (currency GLOB '[A-Z][A-Z][A-Z]'),
        guarantee_minor INTEGER CHECK (guarantee_minor >= 0),
        percent         TEXT CHECK (percent NOT GLOB '*[^0-9.]*' AND percent GLOB '*[0-9]*'
                                    AND percent NOT GLOB '*.*.*'
                                    AND CAST(percent AS REAL) <= 1),
        bonus_minor     INTEGER CHECK (bonus_minor >= 0),
        bonus_threshold INTEGER CHECK (bonus_threshold >= 0),
        notes           TEXT NOT NULL DEFAULT '',
        version         INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
        updated_at      TEXT    NOT NULL,
        updated_by      TEXT    NOT NULL CHECK (length(updated_by) > 0),
        CHECK (deal = 'door' OR guarantee_minor IS NOT NULL),
        CHECK (deal NOT IN ('versus', 'door') OR percent IS NOT NULL),
        CHECK (deal != 'bonus' OR (bonus_minor IS NOT NULL AND bonus_threshold IS NOT NULL))
    )""",
    """INSERT INTO settlements_by_event (id, gig_day_id, event_id, deal, currency,
           guarantee_minor, percent, bonus_minor, bonus_threshold, notes, version,
           updated_at, updated_by)
       SELECT id, gig_day_id, NULL, deal, currency, guarantee_minor, percent, bonus_minor,
              bonus_threshold, notes, version, updated_at, updated_by FROM settlements""",
    "DROP TABLE settlements",
    "ALTER TABLE settlements_by_event RENAME TO settlements",
    "CREATE UNIQUE INDEX settlements_day ON settlements (gig_day_id) WHERE event_id IS NULL",
    "CREATE UNIQUE INDEX settlements_event ON settlements (event_id) WHERE event_id IS NOT NULL",
    *(_V22_SAME_DAY.format(table=table, when=when, action=action)
      for table in ("schedule_items", "assignments", "settlements")
      for when, action in (("insert", "INSERT"), ("update", "UPDATE"))),
    """
    CREATE TRIGGER calendar_event_changed AFTER INSERT ON changes
    WHEN NEW.entity = 'events' BEGIN
        INSERT INTO calendar_revisions (gig_day_id, part, revision, changed_at)
        SELECT g.id, p.part, 1, NEW.at
        FROM gig_days AS g, (SELECT 'all' AS part UNION ALL SELECT 'band') AS p
        WHERE g.id = json_extract(coalesce(NEW.after, NEW.before), '$.gig_day_id')
        ON CONFLICT DO UPDATE SET revision = revision + 1, changed_at = excluded.changed_at;
    END""",
]

# v23: advancing. What a show asks of its venue, item by item and by area (backline, PA,
# power, rigging, hospitality, parking, local crew), each in a state (to ask, requested,
# confirmed, declined, changed) with the venue contact who answered, when, and a note.
# Local crew items carry a head count: confirmed by the venue, they count towards the
# day's staffing needs of the same role. Templates are per tour: named sets of items to
# put on a show at once.
_V23 = [
    f"""
    CREATE TABLE advance_items (
        id          INTEGER PRIMARY KEY,
        gig_day_id  INTEGER NOT NULL REFERENCES gig_days (id) ON DELETE CASCADE,
        area        TEXT NOT NULL CHECK (area IN ('backline', 'pa', 'power', 'rigging',
                    'hospitality', 'parking', 'local_crew')),
        item        TEXT NOT NULL CHECK (length(trim(item)) BETWEEN 1 AND 200),
        count       INTEGER CHECK (count BETWEEN 1 AND 999),
        state       TEXT NOT NULL DEFAULT 'to_ask' CHECK (state IN ('to_ask', 'requested',
                    'confirmed', 'declined', 'changed')),
        contact_id  INTEGER REFERENCES venue_contacts (id) ON DELETE SET NULL,
        answered_at TEXT,
        note        TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500),
        {_TRACKED},
        CHECK (state NOT IN ('to_ask', 'requested') OR answered_at IS NULL)
    )""",
    "CREATE UNIQUE INDEX advance_items_item ON advance_items "
    "(gig_day_id, area, item COLLATE NOCASE)",
    f"""
    CREATE TABLE advance_template_items (
        id          INTEGER PRIMARY KEY,
        tour_id     INTEGER NOT NULL REFERENCES tours (id) ON DELETE CASCADE,
        template    TEXT NOT NULL CHECK (length(trim(template)) BETWEEN 1 AND 100),
        area        TEXT NOT NULL CHECK (area IN ('backline', 'pa', 'power', 'rigging',
                    'hospitality', 'parking', 'local_crew')),
        item        TEXT NOT NULL CHECK (length(trim(item)) BETWEEN 1 AND 200),
        count       INTEGER CHECK (count BETWEEN 1 AND 999),
        {_TRACKED}
    )""",
    "CREATE UNIQUE INDEX advance_template_items_item ON advance_template_items "
    "(tour_id, template COLLATE NOCASE, area, item COLLATE NOCASE)",
]

MIGRATIONS: list[list[str]] = [_V1, _V2, _V3, _V4, _V5, _V6, _V7, _V8, _V9, _V10, _V11, _V12,
                               _V13, _V14, _V15, _V16, _V17, _V18, _V19, _V20, _V21,
                               _V22, _V23]
SCHEMA_VERSION = len(MIGRATIONS)

OUR_TABLES = {
    "tours", "venues", "gig_days", "schedule_items", "changes", "cases", "items", "templates",
    "template_lines", "checklists", "checklist_entries", "checklist_events", "item_flags",
    "meta", "people", "person_roles", "staff_needs", "assignments", "feeds", "tour_routing",
    "geocode_cache", "venue_contacts", "tour_budget", "exchange_rates", "budget_lines",
    "settlements", "settlement_tickets", "settlement_deductions", "payments", "users",
    "user_keys", "settings", "change_details", "preferences",
    "calendar_revisions", "calendar_creating", "studio_sessions",
    "guest_caps", "guest_requests", "documents", "document_bytes", "office_document_bytes",
    "travel_segments", "travel_manifest", "hotel_stays", "hotel_rooms", "feed_addresses",
    "events", "advance_items", "advance_template_items",
}  # fmt: skip
# Litestream's own small tables (`_litestream_seq`, `_litestream_lock`), which it adds to a
# database it replicates: they travel into backups and restores and are not foreign.
REPLICATOR_PREFIX = "_litestream_"


def user_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection, path: Path) -> int:
    """Bring the file up to SCHEMA_VERSION; return the version it had before."""
    start = user_version(conn)
    if start > SCHEMA_VERSION:
        raise DatabaseTooNewError(path, start, SCHEMA_VERSION)
    if start == 0:
        refuse_foreign(conn, path)
    version = start
    while version < SCHEMA_VERSION:
        # SQLite ignores the foreign_keys pragma inside a transaction: a step that
        # rebuilds a table switches them off before it, and checks them before COMMIT
        rebuilds = _rebuilds(version)
        if rebuilds:
            conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = user_version(conn)  # another process may have migrated meanwhile
            if version < SCHEMA_VERSION and _rebuilds(version) and not rebuilds:
                conn.execute("ROLLBACK")  # the next step is a rebuild: again, keys off
                continue
            if version < SCHEMA_VERSION:
                if version == 0:
                    refuse_foreign(conn, path)
                for statement in MIGRATIONS[version]:
                    if statement != REBUILDS_TABLES:
                        conn.execute(statement)
                if rebuilds and conn.execute("PRAGMA foreign_key_check").fetchone():
                    raise StoreError(f"{path}: schema step {version + 1} left rows pointing "
                                     "at nothing; nothing was changed")
                version += 1
                conn.execute(f"PRAGMA user_version = {version}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        finally:
            if rebuilds:
                conn.execute("PRAGMA foreign_keys = ON")
    return start


def _rebuilds(version: int) -> bool:
    step = MIGRATIONS[version] if version < SCHEMA_VERSION else []
    return bool(step) and step[0] == REBUILDS_TABLES


def refuse_foreign(conn: sqlite3.Connection, path: Path) -> None:
    """A SQLite file of some other program: never write our tables into it."""
    names = {
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    }
    foreign = sorted(n for n in names - OUR_TABLES if not n.startswith(REPLICATOR_PREFIX))
    if foreign:
        shown = ", ".join(foreign[:3]) + (", ..." if len(foreign) > 3 else "")
        raise NotADatabaseError(path, f"it is a SQLite file of another program: tables {shown}")
