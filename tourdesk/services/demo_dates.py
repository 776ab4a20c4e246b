"""Placing the demo tour around the day it is loaded, so it is always a tour in progress.

The files in data/demo are written around one reference day, `as_of` in tour.json
(20 October 2026): a show that night with its load-in half ticked, shows played before
it, most of the tour still to come. The loader moves every date by the whole number of
days between that reference day and the working day it is loaded on (the store's clock,
on the clock of the reference day's venue, turning at 06:00 like every working day).
Loaded on the reference day nothing moves and the files are read as they are.

Rules, each chosen so the demo keeps its shape on any day:

- Whole days, not weeks: the reference show is always tonight, so weekdays change
  (a tour plays any day of the week). Notes written for the reference dates ("Sunday
  show", "clocks go back overnight") keep their words.
- Dates written in a note of those files ("challenge expires 2026-10-15") move too.
- Wall times stay wall times: a 02:30 load-out is 02:30 on the venue's clock after the
  move. One that lands in a spring-forward gap is moved to the first minute after the
  gap (02:30 on a 02:00 -> 03:00 night becomes 03:00), logged and reported by `moves`.
  One that lands in the repeated autumn hour is the first of the two, as everywhere
  (`localtime.to_utc`).
- The tour keeps its name ("Northern Lights Tour 2026") whatever the year: commands and
  documentation name it, and a second load in another year still adds nothing.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from tourdesk.domain import localtime
from tourdesk.domain.kinds import GigKind
from tourdesk.store.connection import Store

log = logging.getLogger("tourdesk.demo")

# The columns that hold a date, file by file; the others are copied as they are.
DATED_COLUMNS = {
    "gigs.csv": ("date",),
    "budget.csv": ("date",),
    "rates.csv": ("on",),
    "inventory.csv": ("rental_start", "rental_end"),
}
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
TIME_COLUMNS = ("load_in", "soundcheck", "doors", "support", "set", "curfew", "load_out")


@dataclass(slots=True)
class DemoDates:
    """The reference day the files are written around and the day the demo is loaded."""

    reference: date
    today: date
    moves: list[str] = field(default_factory=list)  # times moved out of a clock-change gap

    @property
    def days(self) -> int:
        return (self.today - self.reference).days

    def day(self, authored: date) -> date:
        return authored + timedelta(days=self.days)

    def text(self, folder: Path, name: str) -> str:
        """The file `name` with its dates moved (and gap times moved, for gigs.csv)."""
        raw = (folder / name).read_text(encoding="utf-8-sig")
        columns = DATED_COLUMNS.get(name, ())  # others: dates inside cells only
        if not self.days:
            return raw
        reader = csv.DictReader(io.StringIO(raw, newline=""))
        out = io.StringIO(newline="")
        writer = csv.DictWriter(out, fieldnames=list(reader.fieldnames or ()),
                                lineterminator="\n")
        writer.writeheader()
        for row in reader:
            for column, cell in row.items():
                if column in columns and (cell or "").strip():
                    row[column] = self.day(date.fromisoformat(cell.strip())).isoformat()
                elif cell and _ISO_DATE.search(cell):  # "challenge expires 2026-10-15"
                    row[column] = _ISO_DATE.sub(self._moved, cell)
            if name == "gigs.csv":
                self._out_of_gaps(row)
            writer.writerow(row)
        return out.getvalue()

    def _moved(self, m: re.Match[str]) -> str:
        return self.day(date.fromisoformat(m.group(0))).isoformat()

    def _out_of_gaps(self, row: dict[str, str]) -> None:
        day, zone_name = date.fromisoformat(row["date"]), (row.get("timezone") or "").strip()
        if not zone_name:
            return
        kind = GigKind(row["kind"].strip())
        for column in TIME_COLUMNS:
            text = (row.get(column) or "").strip()
            if not text:
                continue
            at = localtime.parse_wall_time(text, column)
            on = localtime.item_date(day, at, runs_past_midnight=kind.runs_past_midnight)
            moved = localtime.first_valid(on, at, zone_name)
            if moved is not None:
                row[column] = f"{moved:%H:%M}"
                note = (f"{row.get('city', '')} {day.isoformat()}: {column.replace('_', '-')} "
                        f"{at:%H:%M} does not exist in {zone_name} on {on:%a %d %b %Y} "
                        f"(clocks go forward); moved to {moved:%H:%M}")
                log.info("demo: %s", note)
                self.moves.append(note)


def demo_dates(store: Store, folder: Path, reference: date) -> DemoDates:
    """The dates for a load now: today is the working day on the store's clock (tests
    inject it), where the tour is on the reference day."""
    zone_name = ""
    with (folder / "gigs.csv").open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            if row.get("date", "").strip() == reference.isoformat():
                zone_name = (row.get("timezone") or "").strip()
                break
    return DemoDates(reference, localtime.working_day(store.clock(), zone_name))
