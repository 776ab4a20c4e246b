"""Regenerate screenshots/*.svg from the demo tour (as of a fixed mid-tour date).

    make screenshots        # or: .venv/bin/python screenshots/generate.py [NAME ...]
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

from tourdesk.services.demo import load_demo
from tourdesk.store import open_store
from tourdesk.tui.app import TourDeskApp

OUT = Path(__file__).resolve().parent
TODAY = date(2026, 10, 20)
# The demo is placed around the store's clock: at this instant it is as its files are
# written, whatever day the pictures are made.
NOW = datetime(2026, 10, 20, 9, 0, tzinfo=UTC)

# name: (width, height, keys pressed after the first screen has loaded)
SHOTS = {
    "overview-80x24": (80, 24, ()),
    "overview-120x36": (120, 36, ()),
    "overview-60x20": (60, 20, ()),
    "gig-day-80x24": (80, 24, ("enter",)),
    "gig-day-120x36": (120, 36, ("enter",)),
    "venues-80x24": (80, 24, ("2", "down", "down", "down")),
    "venues-120x36": (120, 36, ("2", "down", "down", "down")),
    "help-80x24": (80, 24, ("question_mark",)),
    "inventory-80x24": (80, 24, ("3", "slash", *"lx0", "enter")),
    "checklist-80x24": (80, 24, ("enter", "c", "down", "down", "enter")),
    "checklist-60x20": (60, 20, ("enter", "c", "down", "down", "enter", "pagedown")),
    "checklist-120x36": (120, 36, ("enter", "p", "c", *["down"] * 4, "enter", "slash", *"glp")),
    "staffing-80x24": (80, 24, ("4", "n")),
    "staffing-120x36": (120, 36, ("4", "n", "n")),
    "staffing-60x20": (60, 20, ("4",)),
    "person-80x24": (80, 24, ("4", *["down"] * 7, "enter")),
    "feeds-80x24": (80, 24, ("f",)),
    "route-80x24": (80, 24, ("r", *["down"] * 25)),
    "venue-form-80x24": (80, 24, ("2", "n", "enter")),
    "venue-contacts-80x24": (80, 24, ("2", "slash", *"barrowland", "enter", "k")),
    "venues-search-60x20": (60, 20, ("2", "slash", *"koln")),
    "route-120x36": (120, 36, ("r", *["down"] * 25)),
    "budget-80x24": (80, 24, ("5",)),
    "budget-120x36": (120, 36, ("5",)),
    "budget-60x20": (60, 20, ("5",)),
    "budget-lines-80x24": (80, 24, ("5", "l", *["down"] * 6)),
    "settlement-80x24": (80, 24, ("5", "s", "down", "enter")),
    "payouts-80x24": (80, 24, ("5", "p", *["down"] * 5)),
    "users-80x24": (80, 24, ("6", "n")),
    "advance-80x24": (80, 24, ("enter", "n", "n", "v", *["down"] * 5)),
    "guest-list-80x24": (80, 24, ("enter", "G", "down")),
}


async def shoot(db: Path, name: str, width: int, height: int, keys: tuple[str, ...]) -> None:
    store = open_store(db, "screenshots", clock=lambda: NOW)
    app = TourDeskApp(store, today=TODAY)
    async with app.run_test(size=(width, height)) as pilot:
        for key in ("", *keys):
            if key:
                await pilot.press(key)
            for _ in range(3):
                await pilot.pause()
                await app.workers.wait_for_complete()
        app.save_screenshot(f"{name}.svg", path=str(OUT))
    store.close()


def main() -> int:
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.db"
        store = open_store(db, "screenshots", clock=lambda: NOW)
        load_demo(store)
        store.close()
        wanted = sys.argv[1:] or list(SHOTS)
        for name, (width, height, keys) in SHOTS.items():
            if not any(name.startswith(w) for w in wanted):
                continue
            asyncio.run(shoot(db, name, width, height, keys))
            print(f"screenshots/{name}.svg")
    if not sys.argv[1:] or any("calendar-phone".startswith(w) for w in wanted):
        from phone_calendar import render  # one person's calendar as a phone shows it

        render(OUT / "calendar-phone.svg")
        print("screenshots/calendar-phone.svg")
    return 0


if __name__ == "__main__":
    sys.exit(main())
