"""The Europe → Australia tour of docs/travel.md, built by the commands written there:
the route marks the legs flown (Amsterdam → Singapore → Sydney, Melbourne → Auckland)
or needing travel (Sydney → Melbourne) instead of drives of hundreds of hours, and
prints what the page shows."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from click.testing import CliRunner

from tourdesk.cli.base import cli
from tourdesk.domain.routing import LegFlag
from tourdesk.services import routing
from tourdesk.store import open_store, tours

from conftest import FIXED_NOW

PAGE = Path(__file__).parent.parent / "docs" / "travel.md"
SECTION = "## A tour to the other side of the world"
TOUR = "Southern Cross 2027"


def _blocks() -> tuple[str, str]:
    """The section's commands (sh) and its route output (text, without the prompt)."""
    text = PAGE.read_text(encoding="utf-8")
    section = text[text.index(SECTION):]
    commands = re.search(r"```sh\n(.*?)```", section, re.S)
    shown = re.search(r"```text\n\$ tourdesk route[^\n]*\n(.*?)```", section, re.S)
    assert commands and shown, "the example's blocks are missing from docs/travel.md"
    return commands.group(1), shown.group(1)


def _run(db: Path, args: list[str], stdin: str | None = None) -> str:
    result = CliRunner().invoke(cli, ["--db", str(db), *args], input=stdin)
    assert result.exit_code == 0, (args, result.output)
    return result.output


def build(db: Path) -> str:
    """Runs the page's commands on `db`; returns what `tourdesk route` prints."""
    script, _ = _blocks()
    lines = iter(script.replace("\\\n", " ").splitlines())
    for line in lines:
        if not line.strip() or line.startswith("export "):
            continue
        stdin = None
        if "<<'CSV'" in line:
            line = line.replace("<<'CSV'", "")
            body = []
            for row in lines:
                if row == "CSV":
                    break
                body.append(row)
            stdin = "\n".join(body) + "\n"
        words = shlex.split(line)
        assert words[0] == "tourdesk", line
        _run(db, words[1:], stdin)
    return _run(db, ["route", "--tour", TOUR])


def _legs(db: Path) -> tuple[list, dict]:
    """The route's legs, and each by the venue it ends at."""
    store = open_store(db, "tester", clock=lambda: FIXED_NOW)
    try:
        legs, _ = routing.route(store, tours.named(store, TOUR).id)
    finally:
        store.close()
    return legs, {leg.end.place.split(",")[0]: leg for leg in legs}


def test_the_route_to_australia_is_flown_where_booked_and_needs_travel_where_not(
        tmp_path: Path) -> None:
    db = tmp_path / "southern-cross.db"
    printed = build(db)
    legs, by_end = _legs(db)
    assert list(by_end) == ["Paradiso", "Enmore Theatre", "Forum Melbourne", "Powerstation"]
    assert by_end["Paradiso"].driven and by_end["Paradiso"].drive_hours < 9
    for flown, how in (("Enmore Theatre", "flown KL835, flown SQ221"),
                       ("Powerstation", "flown NZ124")):
        leg = by_end[flown]
        assert not leg.driven and leg.drive_hours == 0 and leg.travel == how
        assert LegFlag.NEEDS_TRAVEL not in leg.flags and LegFlag.LONG_DRIVE not in leg.flags
    unbooked = by_end["Forum Melbourne"]
    assert LegFlag.NEEDS_TRAVEL in unbooked.flags and 9 < unbooked.drive_hours < 24
    assert max(leg.drive_hours for leg in legs) < 24  # no drive across an ocean
    _, shown = _blocks()
    assert printed == shown, "docs/travel.md shows another route than the commands give"


def test_the_day_sheet_before_a_flight_names_the_flight_not_a_drive(tmp_path: Path) -> None:
    """The day sheet's next stop follows the route: the Amsterdam show's sheet says the
    party flies to Sydney, not that it drives 20,000 km; before the unbooked leg to
    Melbourne it gives the drive."""
    db = tmp_path / "southern-cross.db"
    build(db)
    _, by_end = _legs(db)
    amsterdam = by_end["Enmore Theatre"].start.date.isoformat()
    sydney = by_end["Forum Melbourne"].start.date.isoformat()
    before_flight = _run(db, ["daysheet", "--tour", TOUR, amsterdam])
    assert "Enmore Theatre" in before_flight and "flown KL835, flown SQ221" in before_flight
    assert "km by road" not in before_flight
    before_drive = _run(db, ["daysheet", "--tour", TOUR, sydney])
    assert "km by road" in before_drive and "Forum Melbourne" in before_drive

