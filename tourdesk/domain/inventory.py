"""Cases, items and checklist vocabularies, and how raw text becomes each of them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from tourdesk.domain.countries import country_code
from tourdesk.domain.errors import Collector, ValidationError
from tourdesk.domain.models import (
    Fields,
    choice,
    iso_date,
    optional_int,
    optional_text,
    required_text,
)
from tourdesk.domain.money import Money, currency_code, parse_plain


class Ownership(StrEnum):
    OWNED = "owned"
    RENTED = "rented"


class EntryState(StrEnum):
    PENDING = "pending"
    DONE = "done"
    MISSING = "missing"
    DAMAGED = "damaged"
    NA = "na"

    @property
    def mark(self) -> str:
        """A symbol that says the state without colour."""
        return _MARKS[self]


_MARKS = {
    EntryState.PENDING: "·",
    EntryState.DONE: "✓",
    EntryState.MISSING: "?",
    EntryState.DAMAGED: "!",
    EntryState.NA: "–",
}

FLAG_STATES = (EntryState.MISSING, EntryState.DAMAGED)


class Phase(StrEnum):
    LOAD_IN = "load_in"
    LOAD_OUT = "load_out"
    ADVANCE = "advance"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {"load_in": "Load-in", "load_out": "Load-out", "advance": "Advance",
                "other": "Other"}[self.value]


@dataclass(frozen=True, slots=True)
class Case:
    number: str
    name: str = ""
    length_cm: float | None = None
    width_cm: float | None = None
    height_cm: float | None = None
    empty_weight_kg: float | None = None
    notes: str = ""
    id: int | None = None
    version: int = 1  # as read: an edit saves against it


@dataclass(frozen=True, slots=True)
class Item:
    name: str
    category: str = ""
    case_number: str = ""
    serial: str = ""
    quantity: int = 1
    weight_kg: float | None = None
    value: Money | None = None
    origin: str = ""
    ownership: Ownership = Ownership.OWNED
    vendor: str = ""
    rental_start: date | None = None
    rental_end: date | None = None
    rental_cost: Money | None = None
    notes: str = ""
    id: int | None = None
    retired_on: date | None = None  # out of service: kept for history, off new lists
    version: int = 1  # as read: an edit saves against it


def _measure(value: str | None, field: str) -> float | None:
    text = (value or "").strip().replace(",", ".")
    if not text:
        return None
    if not re.fullmatch(r"\d{1,6}(\.\d+)?", text):
        raise ValidationError(field, f"'{value}' is not a positive number")
    return float(text)


def case_from_fields(fields: Fields) -> Case:
    c = Collector()
    case = Case(
        number=c.check(required_text, fields.get("number"), "number", max_len=20),
        name=c.check(optional_text, fields.get("name"), "name", max_len=200),
        length_cm=c.check(_measure, fields.get("length_cm"), "length_cm"),
        width_cm=c.check(_measure, fields.get("width_cm"), "width_cm"),
        height_cm=c.check(_measure, fields.get("height_cm"), "height_cm"),
        empty_weight_kg=c.check(_measure, fields.get("empty_weight_kg"), "empty_weight_kg"),
        notes=c.check(optional_text, fields.get("notes"), "notes"),
    )
    c.raise_if_any()
    return case


def _money(amount: str | None, currency: str | None, fields: tuple[str, str],
           c: Collector) -> Money | None:
    """An optional amount and its currency, given together or not at all."""
    amount_field, currency_field = fields
    if not (amount or "").strip() and not (currency or "").strip():
        return None
    code = c.check(currency_code, currency, currency_field)
    if code is None:
        return None
    if not (amount or "").strip():
        c.errors.append(ValidationError(amount_field, f"a {code} amount is required"))
        return None
    return c.check(parse_plain, amount, code, amount_field)


def item_from_fields(fields: Fields) -> Item:
    c = Collector()
    get = fields.get
    quantity = c.check(optional_int, get("quantity"), "quantity", low=1)
    serial = c.check(optional_text, get("serial"), "serial", max_len=80) or ""
    if serial and quantity not in (None, 1):
        c.errors.append(ValidationError("quantity", "an item with a serial number is one unit"))
    ownership = c.check(choice, get("ownership"), "ownership", Ownership, Ownership.OWNED)
    start = c.check(iso_date, get("rental_start"), "rental_start") if get("rental_start") else None
    end = c.check(iso_date, get("rental_end"), "rental_end") if get("rental_end") else None
    vendor = c.check(optional_text, get("vendor"), "vendor", max_len=200) or ""
    cost = _money(get("rental_cost"), get("rental_currency"), ("rental_cost", "rental_currency"), c)
    if ownership is Ownership.RENTED:
        if not vendor:
            c.errors.append(ValidationError("vendor", "a rented item needs its vendor"))
        if start and end and end < start:
            c.errors.append(ValidationError("rental_end", f"{end} is before rental_start {start}"))
    elif ownership is Ownership.OWNED and (vendor or start or end or cost):
        c.errors.append(ValidationError(
            "ownership", "vendor and rental fields are for rented items; set ownership to rented"))
    origin = (get("origin") or "").strip()
    item = Item(
        name=c.check(required_text, get("name"), "name"),
        category=c.check(optional_text, get("category"), "category", max_len=60) or "",
        case_number=c.check(optional_text, get("case"), "case", max_len=20) or "",
        serial=serial,
        quantity=quantity or 1,
        weight_kg=c.check(_measure, get("weight_kg"), "weight_kg"),
        value=_money(get("value"), get("currency"), ("value", "currency"), c),
        origin=c.check(country_code, origin, "origin") if origin else "",
        ownership=ownership or Ownership.OWNED,
        vendor=vendor,
        rental_start=start,
        rental_end=end,
        rental_cost=cost,
        notes=c.check(optional_text, get("notes"), "notes") or "",
    )
    c.raise_if_any()
    return item


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _amount(money: Money | None) -> tuple[str, str]:
    return (money.plain(), money.currency) if money else ("", "")


def case_to_fields(case: Case) -> dict[str, str]:
    """The text `case_from_fields` reads back as the same case (forms, partial edits)."""
    return {"number": case.number, "name": case.name, "length_cm": _num(case.length_cm),
            "width_cm": _num(case.width_cm), "height_cm": _num(case.height_cm),
            "empty_weight_kg": _num(case.empty_weight_kg), "notes": case.notes}


def item_to_fields(item: Item) -> dict[str, str]:
    """The text `item_from_fields` reads back as the same item (forms, partial edits)."""
    value, currency = _amount(item.value)
    cost, cost_currency = _amount(item.rental_cost)
    return {
        "name": item.name, "category": item.category, "case": item.case_number,
        "serial": item.serial, "quantity": str(item.quantity), "weight_kg": _num(item.weight_kg),
        "value": value, "currency": currency, "origin": item.origin,
        "ownership": item.ownership.value, "vendor": item.vendor,
        "rental_start": item.rental_start.isoformat() if item.rental_start else "",
        "rental_end": item.rental_end.isoformat() if item.rental_end else "",
        "rental_cost": cost, "rental_currency": cost_currency, "notes": item.notes,
    }  # fmt: skip
