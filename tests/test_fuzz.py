"""Bad input everywhere: random and hostile files through every importer and random
fields through every form validator. Nothing crashes; a refusal names the line or the
field; a refused import leaves the database exactly as it was."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from contextlib import closing
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tourdesk.domain.day_plan import PLAN_KINDS, DayPlan, plan_from_fields
from tourdesk.domain.errors import ValidationError, ValidationErrors
from tourdesk.domain.inventory import case_from_fields, item_from_fields
from tourdesk.domain.kinds import GigKind
from tourdesk.domain.models import (
    GigDay,
    contact_from_fields,
    tour_from_fields,
    venue_from_fields,
)
from tourdesk.domain.staffing import person_from_fields
from tourdesk.services.backups import copy_database
from tourdesk.services.checklists import load_templates
from tourdesk.services.csv_rows import ImportRejected
from tourdesk.services.imports import (
    GIG_COLUMNS,
    GIG_REQUIRED,
    VENUE_COLUMNS,
    VENUE_REQUIRED,
    import_gigs,
    import_venues,
)
from tourdesk.services.inventory_files import CASE_COLUMNS, ITEM_COLUMNS, import_inventory
from tourdesk.services.staffing import PEOPLE_COLUMNS, import_people
from tourdesk.services.travel import (
    ROOM_COLUMNS,
    SEGMENT_COLUMNS,
    add_stay,
    import_rooms,
    import_segments,
)
from tourdesk.services.venue_files import CONTACT_COLUMNS, CONTACT_REQUIRED, import_contacts
from tourdesk.store import tours

from conftest import SMALL_CASES, SMALL_ITEMS, make_show

FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

# Values that sit on the edges of what the parsers accept, and ones that attack a terminal
EDGES = [
    "", " ", "0", "-1", "1e999", "nan", "inf", "9" * 30, "12,5", "1.999", "0.001", "١٢", "１２",
    "2026-02-30", "9999-12-31", "0001-01-01", "2026-W43-3", "20261021", "2026-10-21",
    "24:00", "23:60", "02:30", "25:00", "19h30", "00:30", "=1+1", "'=cmd", "'-5", "\x00",
    "\x1b[2J", "\x1b]0;pwned\x07", "\x9b31m", "[b]x[/b]", "[@click=app.quit]", "\u202e",
    "\ufeff", "DE", "de", "XX", "NO", "Europe/Berlin", "Europe/Oslo", "Mars/Base", "../etc",
    "show", "off", "hold", "signed", "rented", "owned", "crew", "band", "EUR", "JPY", "eu",
    "yes", "no", "a@b.c", "not@mail", "BL01", "bl01", "BL99", "G-1", "g-1", "Blue Hall", "Oslo",
    "Ann Lee", "ann", "a;b,c", '"', "\n", "\r\n", "x" * 300, "59.9", "10.7", "-91", "181",
]
CELL = st.one_of(st.sampled_from(EDGES), st.text(max_size=20))


# Good values per column, so rows get past the header and deep into the checks
GOOD = {
    "name": ["Blue Hall", "New Hall", "Ann Lee", "Kit"], "city": ["Oslo", "Berlin"],
    "country": ["NO", "DE"], "timezone": ["Europe/Oslo", "Europe/Berlin", ""],
    "latitude": ["59.9", "52.5", ""], "longitude": ["10.7", "13.4", ""],
    "lat": ["59.9", ""], "lon": ["10.7", ""], "date": ["2026-10-21", "2026-10-22", "2026-03-29", "9999-12-31"],
    "kind": ["show", "off", "travel"], "venue": ["Blue Hall", "New Hall", ""],
    "load_in": ["14:00", "02:30"], "set": ["21:00", "00:30"], "doors": ["19:00"],
    "number": ["BL01", "BL03", "X1"], "case": ["BL01", "BL03", ""], "serial": ["G-1", "N-1", ""],
    "quantity": ["1", "2"], "value": ["1899.00", "5"], "currency": ["EUR", "JPY"],
    "ownership": ["owned", "rented"], "vendor": ["Rent Co", ""], "rental_start": ["2026-10-01"],
    "rental_end": ["2026-09-01", "2026-11-01"], "rental_cost": ["100"],
    "rental_currency": ["EUR"], "login": ["bob", "ann"], "day_rate": ["250"],
    "group": ["crew", "band"], "active": ["yes", "no"], "roles": ["driver; FOH engineer"],
    "role": ["production", "promoter"], "phone": ["+47 22 55 50 60", "12"],
    "mode": ["flight", "ferry", "train"], "from": ["LHR", "Oslo"], "to": ["SYD", "Bergen"],
    "from_zone": ["Europe/Oslo", ""], "to_zone": ["Europe/Oslo", "Mars/Base"],
    "depart": ["2026-10-21 09:00", "2026-03-29 02:30"], "arrive": ["11:00", "2026-10-20 08:00"],
    "people": ["Ann Lee", "Ann Lee;Nobody", ""], "seats": ["12A", "1A;1B"], "cost": ["640", "x"],
    "person": ["Ann Lee", "Nobody"], "room": ["412", ""], "type": ["twin", "king", ""],
}


@st.composite
def csv_files(draw: st.DrawFn, columns: tuple[str, ...], required: tuple[str, ...]) -> str:
    """A CSV text: the required columns and some others in any order (now and then an
    unknown one or a required one missing), rows of good and edge values; usually well
    quoted, sometimes written raw (and so broken in places)."""
    others = draw(st.lists(st.sampled_from([c for c in columns if c not in required]),
                           max_size=6, unique=True))
    header = draw(st.permutations([*required, *others]))
    if draw(st.integers(0, 9)) == 0:
        header = [*header[1:], "bogus"]
    rows = draw(st.lists(st.tuples(*[st.sampled_from(GOOD.get(c, ["x"])) | CELL
                                     for c in header]), max_size=4))
    if draw(st.integers(0, 3)) == 0:
        sep = draw(st.sampled_from([",", ";"]))
        return "\n".join(sep.join(cells) for cells in [header, *rows]) + "\n"
    out = io.StringIO()
    csv.writer(out, delimiter=draw(st.sampled_from([",", ";"]))).writerows([header, *rows])
    return out.getvalue()


@pytest.fixture
def seeded(store, tmp_path):
    """A database with one of everything the files can refer to or collide with, and a
    copy of it to go back to after an import that worked."""
    make_show(store)
    import_venues(store, "name,city,country,timezone\nBlue Hall,Oslo,NO,Europe/Oslo\n")
    import_inventory(store, SMALL_ITEMS, SMALL_CASES)
    import_people(store, "name,login\nAnn Lee,ann\n")
    add_stay(store, tours.named(store, "Test tour").id,
             {"hotel": "Grand", "in": "2026-10-21", "out": "2026-10-22"})
    store.baseline = copy_database(store.path, tmp_path / "baseline.db").path
    return store


def _snapshot(store) -> list[str]:
    return list(store.conn.iterdump())


def attempt(store, action) -> Exception | None:
    """Run an import as a user would; return its refusal, if any, after checking that
    it left every row as it was. An import that worked is undone from the copy."""
    before = _snapshot(store)
    try:
        action()
    except (ImportRejected, ValidationError, ValidationErrors) as exc:
        assert _snapshot(store) == before, "a refused import wrote something"
        return exc
    with closing(sqlite3.connect(store.baseline)) as copy:
        copy.backup(store.conn)
    assert _snapshot(store) == before
    return None


def assert_names_lines(refusal: Exception | None, label: str) -> None:
    if refusal is None:
        return
    assert isinstance(refusal, ImportRejected), refusal
    assert str(refusal).startswith(f"{label}: nothing imported")
    assert refusal.errors
    for error in refusal.errors:
        assert error.line >= 1 and error.message, error


IMPORTERS = {
    "venues": (VENUE_COLUMNS, VENUE_REQUIRED, lambda s, t: import_venues(s, t, name="venues.csv"),
               "venues.csv"),
    "gigs": (GIG_COLUMNS, GIG_REQUIRED,
             lambda s, t: import_gigs(s, t, "Test tour", name="gigs.csv"), "gigs.csv"),
    "cases": (CASE_COLUMNS, ("number",),
              lambda s, t: import_inventory(s, None, t, names=("", "cases.csv")), "cases.csv"),
    "items": (ITEM_COLUMNS, ("name",),
              lambda s, t: import_inventory(s, t, None, names=("items.csv", "")), "items.csv"),
    "people": (PEOPLE_COLUMNS, ("name",), lambda s, t: import_people(s, t, name="people.csv"),
               "people.csv"),
    "contacts": (CONTACT_COLUMNS, CONTACT_REQUIRED,
                 lambda s, t: import_contacts(s, t, name="contacts.csv"), "contacts.csv"),
    "travel": (SEGMENT_COLUMNS, ("mode", "from", "to", "depart", "arrive"),
               lambda s, t: import_segments(s, tours.named(s, "Test tour").id, t,
                                            name="travel.csv"), "travel.csv"),
    "rooms": ((*ROOM_COLUMNS, "shares"), ("person",),
              lambda s, t: import_rooms(s, tours.named(s, "Test tour").id, t,
                                        name="rooms.csv"), "rooms.csv"),
}


@pytest.mark.parametrize("kind", IMPORTERS)
def test_every_csv_importer_refuses_bad_files_by_line_and_writes_nothing(seeded, kind):
    columns, required, run, label = IMPORTERS[kind]

    @settings(FUZZ, max_examples=120)
    @given(text=csv_files(columns, required))
    def check(text: str) -> None:
        assert_names_lines(attempt(seeded, lambda: run(seeded, text)), label)

    check()


def test_a_refused_import_leaves_the_file_byte_for_byte_unchanged(seeded, db_path):
    seeded.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = db_path.read_bytes()
    bad = "name,city,country,timezone\nNew Hall,Oslo,NO,Europe/Oslo\nBroken,Oslo,ZZ,Mars/Base\n"
    with pytest.raises(ImportRejected, match="line 3, column 'country'"):
        import_venues(seeded, bad)
    seeded.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert db_path.read_bytes() == before


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | CELL,
                    lambda kids: st.lists(kids, max_size=3)
                    | st.dictionaries(st.sampled_from(["name", "phase", "cases", "items",
                                                       "lines", "x"]), kids, max_size=5),
                    max_leaves=12)
NAMES = st.one_of(st.sampled_from(["Load in", "In", "in", ""]), CELL, JSON)
TEMPLATE = st.fixed_dictionaries(
    {"name": NAMES, "phase": st.sampled_from(["load_in", "load_out", "load-in", "x"]) | JSON},
    optional={"cases": st.lists(st.sampled_from(["BL01", "BL02", "BL99", ""]) | JSON, max_size=3),
              "items": st.lists(st.sampled_from(["G-1", "A-2", "nope"]) | JSON, max_size=3),
              "lines": st.lists(CELL | JSON, max_size=3) | JSON, "extra": JSON})


def test_the_template_importer_refuses_bad_json_by_template_and_field(seeded, tmp_path):
    path = tmp_path / "templates.json"

    @settings(FUZZ, max_examples=150)
    @given(content=st.one_of(st.lists(TEMPLATE, min_size=1, max_size=3).map(json.dumps),
                             JSON.map(json.dumps), st.text(max_size=40)))
    def check(content: str) -> None:
        path.write_text(content, encoding="utf-8")
        refusal = attempt(seeded, lambda: load_templates(seeded, path))
        if refusal is not None:
            assert isinstance(refusal, ValidationError), refusal
            assert refusal.field.startswith("templates.json") and refusal.message

    check()


def venue_contact_from_fields(fields):
    """The contact form's call, for a venue."""
    return contact_from_fields(fields, venue_id=1)


def day_plan_from_fields(fields):
    """The gig-day form on a show the night the clocks go back in Berlin."""
    day = DayPlan(GigDay(tour_id=1, date=date(2026, 10, 24), kind=GigKind.SHOW, id=1),
                  "Europe/Berlin", {})
    return plan_from_fields(day, fields)


FORMS = {
    venue_from_fields: ("name", "address", "city", "country", "latitude", "longitude",
                        "timezone", "capacity", "phone", "email", "website", "notes", "power"),
    tour_from_fields: ("name", "artist", "home_currency", "notes"),
    case_from_fields: CASE_COLUMNS,
    item_from_fields: ITEM_COLUMNS,
    person_from_fields: PEOPLE_COLUMNS,
    venue_contact_from_fields: CONTACT_COLUMNS,
    day_plan_from_fields: ("status", "contract", "notes", "hotel", *(k.value for k in PLAN_KINDS)),
}


@pytest.mark.parametrize("validator", FORMS, ids=lambda f: f.__name__)
def test_every_form_validator_names_the_field_it_refuses(validator):
    names = FORMS[validator]

    @FUZZ
    @given(fields=st.dictionaries(st.sampled_from(names), CELL | st.none()))
    def check(fields: dict[str, str | None]) -> None:
        try:
            validator(fields)
        except ValidationErrors as exc:
            assert exc.errors
            for error in exc.errors:
                assert error.field in names and error.message, error
        except ValidationError as exc:
            assert exc.field in names and exc.message, exc

    check()


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_a_date_off_the_end_of_the_calendar_is_refused_by_line(seeded, day):
    # a show's 00:30 set falls on the next date: on 9999-12-31 there is none
    text = f"date,kind,city,timezone,set\n2026-11-01,off,Oslo,,\n{day},show,Oslo,Europe/Oslo,00:30\n"
    refusal = attempt(seeded, lambda: import_gigs(seeded, text, "Test tour", name="gigs.csv"))
    assert "line 3, column 'date'" in str(refusal) and "outside the years" in str(refusal)


def test_any_bytes_as_a_file_are_refused_by_line_or_imported(seeded, tmp_path):
    path = tmp_path / "venues.csv"

    @FUZZ
    @given(data=st.binary(max_size=200) | csv_files(VENUE_COLUMNS, VENUE_REQUIRED).map(
        lambda t: t.encode("utf-8", "surrogatepass")[:150]))
    def check(data: bytes) -> None:
        path.write_bytes(data)
        refusal = attempt(seeded, lambda: import_venues(seeded, path))
        assert_names_lines(refusal, str(path))

    check()
