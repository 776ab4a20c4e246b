"""The forms of the money screens: a budget line, a payment. Both check with the same
domain functions as the CLI, and dismiss with the fields as typed (the write worker
saves them, re-checking against the database)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from tourdesk.domain.budget import BudgetLine, line_from_fields
from tourdesk.domain.exchange import rate_from_fields
from tourdesk.domain.models import iso_date
from tourdesk.domain.money import NumberLocale, Rate
from tourdesk.domain.payouts import payment_from_fields
from tourdesk.domain.settlement import Terms
from tourdesk.services.settlements import TermsInput, terms_from_input
from tourdesk.tui.modals.record_form import RecordForm

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

TERMS_FIELDS = [
    ("deal", "Deal *", "flat, versus, door or bonus"),
    ("currency", "Currency *", "EUR"),
    ("guarantee", "Guarantee", "11000 (flat, versus, bonus)"),
    ("percent", "Artist %", "85% (versus: of net; door: of door)"),
    ("bonus", "Bonus", "1500 (bonus deal)"),
    ("threshold", "At tickets", "2100 paid tickets (bonus deal)"),
    ("tickets", "Tickets", "NAME:PRICE:SOLD[:COMPS]; …"),
    ("tax", "Taxes", "VAT:7%; …"),
    ("fee", "Fees", "Ticketing:4%; Card fees:120"),
    ("cost", "Show costs", "Hall hire:6500; Security:1400"),
    ("notes", "Notes", ""),
]

RATE_FIELDS = [
    ("base", "1 of *", "GBP"),
    ("rate", "Is *", "1.1650"),
    ("quote", "In *", "EUR"),
    ("on", "Date *", "YYYY-MM-DD"),
    ("source", "Source *", "ECB reference rate, bank statement…"),
]

Typed = dict[str, str]


class LineForm(RecordForm[Typed]):
    """A typed budget line, new or edited; dismisses with the checked text (the
    service turns the day into the tour's gig day)."""

    FIELDS = LINE_FIELDS

    def __init__(self, line: BudgetLine | Typed | None, start: Typed | None = None, *,
                 tour_id: int, home: str, locale: NumberLocale, day: date | None = None,
                 ) -> None:
        self._tour_id, self._home, self._locale = tour_id, home, locale
        defaults = {"side": "expense", "currency": home, "day": day.isoformat() if day else ""}
        super().__init__("Edit budget line" if line else "New budget line",
                         start or (self.text_for(line) if line else defaults))

    def text_for(self, record: object | None) -> Typed:
        if isinstance(record, dict):
            return record
        if not isinstance(record, BudgetLine):
            return {}
        amount = {n: m.grouped(self._locale) if m else ""
                  for n, m in (("estimate", record.estimate), ("actual", record.actual))}
        return {"side": record.side.value, "category": record.category,
                "day": record.day.isoformat() if record.day else "",
                "description": record.description, "currency": record.currency, **amount}

    def build(self, values: Mapping[str, str]) -> Typed:
        if values["day"].strip():
            iso_date(values["day"], "day")
        line_from_fields(values, tour_id=self._tour_id, currency=self._home, locale=self._locale)
        return dict(values)


def payment_form(person: str, tour_id: int, currency: str, locale: NumberLocale,
                 today: date) -> RecordForm:
    def check(values: Typed) -> Typed:
        payment_from_fields(values, tour_id=tour_id, person_id=0, currency=currency,
                            locale=locale)
        return values

    return RecordForm(f"Payment to {person} (in {currency} unless the amount says)",
                      {"on": today.isoformat(), "method": "bank"}, fields=PAYMENT_FIELDS,
                      check=check)


def _list(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(";") if part.strip())


def terms_form(title: str, start: TermsInput, locale: NumberLocale) -> RecordForm[Terms]:
    """Settlement terms; several tickets, taxes, fees or costs separated by `;`."""
    def check(v: Typed) -> Terms:
        return terms_from_input(TermsInput(
            v["deal"], v["currency"], v["guarantee"], v["percent"], v["bonus"], v["threshold"],
            _list(v["tickets"]), _list(v["tax"]), _list(v["fee"]), _list(v["cost"]),
            v["notes"]), locale)

    values = {"deal": start.deal, "currency": start.currency, "guarantee": start.guarantee,
              "percent": start.percent, "bonus": start.bonus, "threshold": start.threshold,
              "tickets": "; ".join(start.tickets), "tax": "; ".join(start.taxes),
              "fee": "; ".join(start.fees), "cost": "; ".join(start.costs),
              "notes": start.notes}
    return RecordForm(title, values, fields=TERMS_FIELDS, check=check)


def rate_form(home: str, today: date) -> RecordForm[Rate]:
    return RecordForm("New exchange rate: 1 of one currency is so much of another",
                      {"quote": home, "on": today.isoformat()}, fields=RATE_FIELDS,
                      check=rate_from_fields)
