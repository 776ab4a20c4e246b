"""Settling a show: terms from what people type, the sheet, and the sheet as Markdown
and CSV."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tourdesk.domain.access import Capability
from tourdesk.domain.budget import BudgetLine, Side
from tourdesk.domain.errors import Collector, ValidationError
from tourdesk.domain.models import optional_int, optional_text
from tourdesk.domain.money import (
    Money,
    NumberLocale,
    currency_code,
    parse_amount,
    parse_percent,
)
from tourdesk.domain.settlement import (
    Deal,
    DeductionKind,
    Sheet,
    Terms,
    check_terms,
    deduction_text,
    level_text,
    parse_deduction,
    parse_level,
    settle,
)
from tourdesk.domain.text import printable
from tourdesk.services.csv_rows import write_csv
from tourdesk.store import budgets, gigs, settlements
from tourdesk.store.connection import Store
from tourdesk.store.errors import NotFoundError


@dataclass(frozen=True, slots=True)
class TermsInput:
    """Settlement terms as typed: amounts and percentages are strings."""

    deal: str
    currency: str
    guarantee: str = ""
    percent: str = ""
    bonus: str = ""
    threshold: str = ""
    tickets: Sequence[str] = ()
    taxes: Sequence[str] = ()
    fees: Sequence[str] = ()
    costs: Sequence[str] = ()
    notes: str = ""


def terms_from_input(raw: TermsInput, locale: NumberLocale = NumberLocale.EN) -> Terms:
    """Every bad field named at once."""
    c = Collector()
    try:
        deal = Deal((raw.deal or "").strip().lower())
    except ValueError:
        raise ValidationError("deal", f"'{raw.deal}' is not one of "
                                      f"{', '.join(d.value for d in Deal)}") from None
    cur = c.check(currency_code, raw.currency) or "EUR"

    def money(text: str, name: str) -> Money | None:
        return c.check(parse_amount, text, cur, name, locale=locale) if text.strip() else None

    guarantee, bonus = money(raw.guarantee, "guarantee"), money(raw.bonus, "bonus")
    percent = c.check(parse_percent, raw.percent, "percent") if raw.percent.strip() else None
    threshold = c.check(optional_int, raw.threshold, "threshold")
    levels = [c.check(parse_level, t, cur, locale) for t in raw.tickets]
    deductions = [c.check(parse_deduction, kind, text, cur, locale)
                  for kind, texts in ((DeductionKind.TAX, raw.taxes), (DeductionKind.FEE, raw.fees),
                                      (DeductionKind.COST, raw.costs)) for text in texts]
    notes = c.check(optional_text, raw.notes, "notes", max_len=500)
    c.raise_if_any()
    terms = Terms(deal, cur, guarantee, percent, bonus, threshold, tuple(levels),
                  tuple(deductions), notes or "")
    check_terms(terms)
    return terms


def input_of(terms: Terms) -> TermsInput:
    """Terms as they would be typed, to edit them."""
    def text(money: Money | None) -> str:
        return money.plain() if money is not None else ""

    def of(kind: DeductionKind) -> tuple[str, ...]:
        return tuple(deduction_text(d) for d in terms.deductions if d.kind is kind)

    percent = f"{(terms.percent * 100).normalize():f}%" if terms.percent is not None else ""
    return TermsInput(terms.deal.value, terms.currency, text(terms.guarantee), percent,
                      text(terms.bonus), "" if terms.threshold is None else str(terms.threshold),
                      tuple(level_text(t) for t in terms.levels), of(DeductionKind.TAX),
                      of(DeductionKind.FEE), of(DeductionKind.COST), terms.notes)


def save_terms(store: Store, gig_id: int, terms: Terms, event_id: int | None = None) -> int:
    """Save the terms of a show (the day's own, or its further event `event_id`); the
    payout becomes the actual of its guarantee line (one is added when there is none),
    so the budget knows what the show brought in. A day with several guarantee lines,
    or one in another currency, is left for a person to settle by hand. A further
    event's payout has a line of its own, named for the event."""
    store.require(Capability.WRITE_MONEY)
    check_terms(terms)
    payout = settle(terms).payout
    with store.write():
        label = _event_label(store, gig_id, event_id)
        saved = settlements.save(store, gig_id, terms, event_id)
        if payout is not None:
            _book_payout(store, gig_id, payout, label)
    return saved


EVENT_PAYOUT = "artist payout (settlement: {})"


def _event_label(store: Store, gig_id: int, event_id: int | None) -> str:
    if event_id is None:
        return ""
    found = [e for e in gigs.detail(store, gig_id).events if e.id == event_id]
    if not found:
        raise NotFoundError(f"event {event_id} is not on that gig day (removed by someone "
                            "else?)")
    return found[0].label


def _book_payout(store: Store, gig_id: int, payout: Money, event: str = "") -> None:
    tour_id = gigs.detail(store, gig_id).gig.tour_id
    lines = [x for x in budgets.lines(store, tour_id)
             if x.gig_day_id == gig_id and not x.source and x.category == "guarantee"]
    # the day's own guarantee lines, or the one line of its further event
    events = [x for x in lines if x.description.startswith(EVENT_PAYOUT.format(""))]
    if event:
        lines = [x for x in events if x.description == EVENT_PAYOUT.format(event)]
    else:
        lines = [x for x in lines if x not in events]
    if not lines:
        budgets.add_line(store, BudgetLine(
            tour_id, Side.INCOME, "guarantee", payout.currency, actual=payout,
            gig_day_id=gig_id, description=EVENT_PAYOUT.format(event) if event
            else "artist payout (settlement)"))
    elif len(lines) == 1 and lines[0].currency == payout.currency and lines[0].id is not None:
        budgets.set_actual(store, lines[0].id, payout)


@dataclass(frozen=True, slots=True)
class Settled:
    title: str
    sheet: Sheet
    locale: NumberLocale = NumberLocale.EN  # how the tour types amounts, to edit the terms


def sheet_for(store: Store, gig_id: int, event_id: int | None = None) -> Settled:
    """The settlement of the day's own show, or of its further event `event_id`."""
    store.require(Capability.READ_MONEY)
    with store.read():
        detail = gigs.detail(store, gig_id)
        label = _event_label(store, gig_id, event_id)
        terms = settlements.terms_of(store, gig_id, event_id)
        locale = budgets.settings(store, detail.gig.tour_id).locale
    event = next((e for e in detail.events if e.id == event_id), None)
    place = f"{event.label}, {event.place or detail.place}" if event else detail.place
    title = f"{detail.tour.artist or detail.tour.name} at {place}, {detail.gig.date}"
    if terms is None:
        raise NotFoundError(f"no settlement terms recorded for {label or detail.place} on "
                            f"{detail.gig.date}")
    return Settled(title, settle(terms), locale)


def markdown(settled: Settled) -> str:
    """The sheet as a Markdown table a promoter and a tour manager can sign off."""
    sheet = settled.sheet
    terms = sheet.terms

    def cell(value: object) -> str:
        return printable(value).replace("|", "\\|")

    lines = [f"# Settlement: {cell(settled.title)}", "",
             f"Deal: {terms.deal.label}. Amounts in {terms.currency}; percentages rounded to "
             "the cent, half to even.", "", "| Step | Detail | Amount |", "|---|---|---:|"]
    for step in sheet.steps:
        label = f"**{cell(step.label)}**" if step.total else cell(step.label)
        amount = f"**{step.amount.grouped()}**" if step.total else step.amount.grouped()
        lines.append(f"| {label} | {cell(step.detail)} | {amount} |")
    lines += ["", f"**Artist payout: {sheet.payout.grouped()} {terms.currency}**"]
    if terms.notes:
        lines += ["", f"Notes: {cell(terms.notes)}"]
    return "\n".join(lines) + "\n"


def csv_text(settled: Settled) -> str:
    return write_csv(("step", "detail", "amount", "currency", "subtotal"),
                     ((s.label, s.detail, s.amount.plain(), s.amount.currency,
                       "yes" if s.total else "") for s in settled.sheet.steps))
