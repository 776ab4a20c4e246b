"""The forms of the money screens: a budget line, a payment. Both check with the same
domain functions as the CLI, and dismiss with the fields as typed (the write worker
saves them, re-checking against the database)."""

from __future__ import annotations

from datetime import date

from tourdesk.domain.budget import line_from_fields
from tourdesk.domain.models import iso_date
from tourdesk.domain.money import NumberLocale
from tourdesk.domain.payouts import payment_from_fields
from tourdesk.tui.modals.fields_form import FieldsForm

LINE_FIELDS = [
    ("side", "Side *", "income or expense"),
    ("category", "Category *", "guarantee, merch, travel, hotels…"),
    ("day", "Gig day", "YYYY-MM-DD; empty: the whole tour"),
    ("description", "What", "ferry Dover-Calais"),
    ("currency", "Currency", "EUR"),
    ("estimate", "Estimate", "1,234.50"),
    ("actual", "Actual", "empty until known"),
]

PAYMENT_FIELDS = [
    ("amount", "Amount *", "450.00, or 400 GBP in another currency"),
    ("on", "Date *", "YYYY-MM-DD"),
    ("method", "Method", "bank, cash, card, paypal, other"),
    ("note", "Note", "per diems week 2"),
]

Typed = dict[str, str]


def line_form(tour_id: int, home: str, locale: NumberLocale, day: date | None) -> FieldsForm:
    def check(values: Typed) -> Typed:
        if values["day"].strip():
            iso_date(values["day"], "day")
        line_from_fields(values, tour_id=tour_id, currency=home, locale=locale)
        return values

    defaults = {"side": "expense", "currency": home, "day": day.isoformat() if day else ""}
    return FieldsForm("New budget line", LINE_FIELDS, defaults, check)


def payment_form(person: str, tour_id: int, currency: str, locale: NumberLocale,
                 today: date) -> FieldsForm:
    def check(values: Typed) -> Typed:
        payment_from_fields(values, tour_id=tour_id, person_id=0, currency=currency,
                            locale=locale)
        return values

    return FieldsForm(f"Payment to {person} (in {currency} unless the amount says)",
                      PAYMENT_FIELDS, {"on": today.isoformat(), "method": "bank"}, check)
