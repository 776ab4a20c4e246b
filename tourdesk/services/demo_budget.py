"""The demo tour's money: budget lines in three currencies (EUR at home, GBP in the UK,
SEK in Sweden) with the rates to convert them, actuals for the shows played before
20 October, two settlements of different deals (Paris: guarantee versus 85% of net;
London: guarantee plus a bonus at 2,100 tickets), and payments that leave some people
with balances: one paid in full, one paid in another currency, one payment corrected.
Every date here is the one written for the reference day; `DemoDates.day` moves it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tourdesk.services.budgets import add_line, add_rate
from tourdesk.services.csv_rows import read_rows
from tourdesk.services.demo_dates import DemoDates
from tourdesk.services.payouts import correct_payment, record_payment
from tourdesk.services.settlements import TermsInput, save_terms, terms_from_input
from tourdesk.store import gigs
from tourdesk.store.connection import Store

SETTLEMENTS = {
    date(2026, 10, 19): TermsInput(
        "versus", "EUR", guarantee="11000", percent="85%",
        tickets=("Fosse:38.00:1100:30", "Balcon:45.00:250:12"),
        taxes=("TVA:5.5%", "CNM levy:3.5%"), fees=("Ticketing:4%",),
        costs=("Hall hire:6500", "Security:1400", "Catering:900", "Local marketing:2500"),
        notes="Signed off by the promoter's rep after the show"),
    date(2026, 10, 16): TermsInput(
        "bonus", "GBP", guarantee="14000", bonus="1500", threshold="2100",
        tickets=("General admission:32.50:2150:40",),
        taxes=("VAT (included):16.6667%",), fees=("Ticketing:2.5%",)),
}

PAYMENTS = [  # (person, amount, on, method, note)
    ("Ben Achterberg", "4150.00", "2026-10-19", "bank", "fees and per diems to 19 Oct"),
    ("Hanna Vogel", "3000.00", "2026-10-10", "bank", "first half"),
    ("Hanna Vogel", "300.00", "2026-10-12", "cash", "per diems"),
    ("Hanna Vogel", "300.00", "2026-10-12", "cash", "per diems"),  # entered twice
    ("Dana Okafor", "5000.00", "2026-10-15", "bank", "advance"),
    ("Gus McAllister", "500.00 EUR", "2026-10-19", "cash", "Paris float, in euros"),
    ("Maren Holt", "280.00", "2026-10-09", "cash", "per diems week 1"),
]


def load_budget(store: Store, folder: Path, tour_id: int, dates: DemoDates) -> None:
    rate_columns = ("from", "to", "rate", "on", "source")
    for r in read_rows(dates.text(folder, "rates.csv"), name="rates.csv", columns=rate_columns,
                       required=rate_columns):
        add_rate(store, tour_id, {"base": r.get("from"), "quote": r.get("to"),
                                  "rate": r.get("rate"), "on": r.get("on"),
                                  "source": r.get("source")})
    budget_columns = ("date", "side", "category", "description", "currency", "estimate",
                      "actual")
    for r in read_rows(dates.text(folder, "budget.csv"), name="budget.csv",
                       columns=budget_columns, required=("side",)):
        day = date.fromisoformat(r.get("date")) if r.get("date") else None
        add_line(store, tour_id, r.cells, day)
    for day, raw in SETTLEMENTS.items():  # each payout becomes its show's guarantee actual
        gig_id = gigs.id_on(store, tour_id, dates.day(day))
        if gig_id is None:
            raise ValueError(f"the demo settles day {day}, which the demo tour does not have")
        save_terms(store, gig_id, terms_from_input(raw))
    ids = []
    for person, amount, on, method, note in PAYMENTS:
        on = dates.day(date.fromisoformat(on)).isoformat()
        ids.append(record_payment(store, tour_id, person, {"amount": amount, "on": on,
                                                           "method": method, "note": note}))
    correct_payment(store, ids[3], dates.day(date(2026, 10, 13)), "entered twice")
