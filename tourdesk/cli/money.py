"""Commands for budgets, exchange rates, settlements and the payouts ledger."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import click

from tourdesk.cli.base import Options, cli, gig_on, say, table
from tourdesk.domain.models import iso_date
from tourdesk.domain.money import amounts_shown

if TYPE_CHECKING:
    from tourdesk.domain.money import Money
    from tourdesk.store import Store

TOUR = click.option("--tour", "tour_name", required=True, help="Tour name.")
TODAY = click.option("--today", default=None, metavar="DATE",
                     help="Count days before DATE as played (default: today, the working day "
                          "where the tour is: before 06:00 it is still yesterday).")


def played_before(store: Store, tour_id: int, today: str | None) -> date:
    """--today, else the working day where the tour is (the TUI's today too)."""
    from tourdesk.services.today import working_today

    return iso_date(today, "--today") if today else working_today(store, tour_id)


def _shown(money: Money | None) -> str:
    return money.shown_with_code() if money is not None else ""


@cli.group()
def budget() -> None:
    """A tour's budget: lines, roll-up in the home currency, exchange rates, settings."""


@budget.command("show")
@TOUR
@TODAY
@click.pass_obj
def budget_show(options: Options, tour_name: str, today: str | None) -> None:
    """Totals per category (estimate, actual, variance) in the home currency, profit,
    overrun warnings and lines that have no rate to convert them."""
    from tourdesk.domain.budget import category_label
    from tourdesk.services.budgets import budget as read_budget
    from tourdesk.store import tours

    with options.store(read_only=True) as store:
        tour_id = tours.named(store, tour_name).saved_id
        b = read_budget(store, tour_id, played_before(store, tour_id, today))
    r = b.rollup
    rows = [(t.side.value, category_label(t.category), t.estimate.shown(), t.actual.shown(),
             t.variance.shown()) for t in [*r.categories, r.income, r.expense]]
    rows.append(("", "profit", r.profit_estimate.shown(), r.profit_actual.shown(),
                 r.profit_variance.shown()))
    say(f"{b.tour.name}: amounts in {r.home}")
    say(table(("side", "category", "estimate", "actual", "variance"), rows))
    for w in r.warnings:
        say(f"over budget: {w.text}")
    for money, count, why in r.unconverted:
        say(f"not counted: {money.shown_with_code()} in {count} line(s): {why}")


@budget.command("lines")
@TOUR
@TODAY
@click.pass_obj
def budget_lines(options: Options, tour_name: str, today: str | None) -> None:
    """Every line, typed and derived (crew pay, per diems, rentals), with its id."""
    from tourdesk.services.budgets import budget as read_budget
    from tourdesk.store import tours

    with options.store(read_only=True) as store:
        tour_id = tours.named(store, tour_name).saved_id
        b = read_budget(store, tour_id, played_before(store, tour_id, today))
    say(table(("id", "date", "place", "side", "category", "description", "estimate",
                      "actual"),
                     ((line.id or line.source, line.day or "", b.place(line), line.side.value,
                       line.category, line.description, _shown(line.estimate), _shown(line.actual))
                      for line in b.lines)))


@budget.command("add")
@TOUR
@click.option("--day", default=None, metavar="DATE", help="The gig day (default: whole tour).")
@click.option("--side", required=True, type=click.Choice(["income", "expense"]))
@click.option("--category", required=True, help="e.g. guarantee, merch, travel, hotels.")
@click.option("--description", default="")
@click.option("--estimate", default="", help="e.g. 1,234.50 or '1.234,50 €'.")
@click.option("--actual", default="")
@click.option("--currency", default="", help="Default: the tour's home currency.")
@click.pass_obj
def budget_add(options: Options, tour_name: str, day: str | None, side: str, category: str,
               description: str, estimate: str, actual: str, currency: str) -> None:
    """Add a budget line to the tour or one gig day."""
    from tourdesk.services.budgets import add_line
    from tourdesk.store import tours

    with options.store() as store:
        line_id = add_line(store, tours.named(store, tour_name).saved_id,
                           {"side": side, "category": category, "description": description,
                            "estimate": estimate, "actual": actual, "currency": currency},
                           iso_date(day, "--day") if day else None)
    say(f"budget line {line_id} added")


@budget.command("actual")
@click.argument("line_id", type=int)
@click.argument("amount", required=False, default="")
@click.pass_obj
def budget_actual(options: Options, line_id: int, amount: str) -> None:
    """Set the actual of line LINE_ID to AMOUNT (none given: clear it)."""
    from tourdesk.domain.money import parse_amount
    from tourdesk.store import budgets

    with options.store() as store:
        line = budgets.line(store, line_id)
        locale = budgets.settings(store, line.tour_id).locale
        actual = parse_amount(amount, line.currency, "amount", locale=locale) if amount else None
        budgets.set_actual(store, line_id, actual)
    say(f"line {line_id}: actual {actual.shown_with_code() if actual else 'cleared'}")


@budget.command("rate")
@TOUR
@click.option("--from", "base", required=True, metavar="CODE")
@click.option("--to", "quote", required=True, metavar="CODE")
@click.option("--rate", required=True, help="1 FROM = RATE TO, e.g. 1.1650.")
@click.option("--on", "on", required=True, metavar="DATE", help="The date of the rate.")
@click.option("--source", required=True, help="Where it came from, e.g. 'ECB reference'.")
@click.pass_obj
def budget_rate(options: Options, tour_name: str, base: str, quote: str, rate: str, on: str,
                source: str) -> None:
    """Record an exchange rate (typed in: nothing is fetched)."""
    from tourdesk.services.budgets import add_rate
    from tourdesk.store import tours

    with options.store() as store:
        add_rate(store, tours.named(store, tour_name).saved_id,
                 {"base": base, "quote": quote, "rate": rate, "on": on, "source": source})
    say(f"1 {base.upper()} = {rate} {quote.upper()} recorded")


@budget.command("rates")
@TOUR
@click.pass_obj
def budget_rates(options: Options, tour_name: str) -> None:
    """The tour's recorded exchange rates."""
    from tourdesk.store import budgets, tours

    with options.store(read_only=True) as store:
        found = budgets.rates(store, tours.named(store, tour_name).saved_id)
    say(table(("from", "to", "rate", "date", "source"),
                     ((r.base, r.quote, r.rate, r.on, r.source) for r in found)))


@budget.command("settings")
@TOUR
@click.option("--overrun", default=None, type=click.IntRange(0, 1000), metavar="PERCENT",
              help="Warn when a category's actual runs over its estimate by more.")
@click.option("--locale", default=None, type=click.Choice(["en", "de"]),
              help="How amounts are typed: en 1,234.50 or de 1.234,50.")
@click.pass_obj
def budget_settings(options: Options, tour_name: str, overrun: int | None,
                    locale: str | None) -> None:
    """Show or change the overrun warning and the number format of amounts typed in."""
    from dataclasses import replace
    from decimal import Decimal

    from tourdesk.domain.money import Money, NumberLocale
    from tourdesk.store import budgets, tours

    with options.store(read_only=overrun is None and locale is None) as store:
        tour_id = tours.named(store, tour_name).saved_id
        chosen = budgets.settings(store, tour_id)
        if overrun is not None:
            chosen = replace(chosen, overrun=Decimal(overrun) / 100)
        if locale is not None:
            chosen = replace(chosen, locale=NumberLocale(locale))
        if overrun is not None or locale is not None:
            budgets.save_settings(store, tour_id, chosen)
    example = Money(123450, "EUR").grouped(chosen.locale)
    say(f"overrun warning above {chosen.overrun:.0%}; amounts typed as "
               f"{chosen.locale.value} ({example})")


# -- settlements --


EVENT = click.option("--event", default=None,
                     help="One of the day's further events, by label (`event list`); "
                          "default: the day's own show.")


@cli.group()
def settle() -> None:
    """A show's settlement: the deal, tickets, taxes, fees, costs, and the artist payout."""


@settle.command("set")
@TOUR
@click.option("--day", required=True, metavar="DATE")
@click.option("--deal", required=True, type=click.Choice(["flat", "versus", "door", "bonus"]))
@click.option("--currency", required=True, metavar="CODE")
@click.option("--guarantee", default="")
@click.option("--percent", default="", help="The artist's share, e.g. 85%.")
@click.option("--bonus", default="")
@click.option("--threshold", default="", help="Paid tickets the bonus needs.")
@click.option("--tickets", multiple=True, metavar="NAME:PRICE:SOLD[:COMPS]")
@click.option("--tax", multiple=True, metavar="LABEL:PCT%|LABEL:AMOUNT")
@click.option("--fee", multiple=True, metavar="LABEL:PCT%|LABEL:AMOUNT")
@click.option("--cost", multiple=True, metavar="LABEL:AMOUNT", help="Agreed show costs.")
@click.option("--notes", default="")
@EVENT
@click.pass_obj
def settle_set(options: Options, tour_name: str, day: str, deal: str, currency: str,
               guarantee: str, percent: str, bonus: str, threshold: str,
               tickets: tuple[str, ...], tax: tuple[str, ...], fee: tuple[str, ...],
               cost: tuple[str, ...], notes: str, event: str | None) -> None:
    """Record (or replace) the settlement terms of a show, then print its payout."""
    from tourdesk.domain.settlement import settle as work_out
    from tourdesk.services.events import event_id_of
    from tourdesk.services.settlements import TermsInput, save_terms, terms_from_input
    from tourdesk.store import budgets, tours

    with options.store() as store:
        gig_id = gig_on(store, tour_name, iso_date(day, "--day"))
        locale = budgets.settings(store, tours.named(store, tour_name).saved_id).locale
        terms = terms_from_input(TermsInput(deal, currency, guarantee, percent, bonus,
                                            threshold, tickets, tax, fee, cost, notes), locale)
        save_terms(store, gig_id, terms, event_id_of(store, gig_id, event))
    say(f"settlement saved: artist payout {work_out(terms).payout.shown_with_code()}")


@settle.command("show")
@TOUR
@click.option("--day", required=True, metavar="DATE")
@EVENT
@click.pass_obj
def settle_show(options: Options, tour_name: str, day: str, event: str | None) -> None:
    """The settlement sheet of a show, every step of the arithmetic."""
    from tourdesk.services.events import event_id_of
    from tourdesk.services.settlements import markdown, sheet_for

    with options.store(read_only=True) as store:
        gig_id = gig_on(store, tour_name, iso_date(day, "--day"))
        say(markdown(sheet_for(store, gig_id, event_id_of(store, gig_id, event))).rstrip("\n"))


# -- payouts --


@cli.group()
def pay() -> None:
    """The payouts ledger: what people are owed, payments, corrections, balances."""


@pay.command("record")
@TOUR
@click.option("--person", required=True, metavar="NAME")
@click.option("--amount", required=True, help="e.g. 450.00, or '400 GBP' in another currency.")
@click.option("--currency", default="", help="Default: the person's currency.")
@click.option("--on", "on", required=True, metavar="DATE")
@click.option("--method", default="bank",
              type=click.Choice(["bank", "cash", "card", "paypal", "other"]))
@click.option("--note", default="")
@click.pass_obj
def pay_record(options: Options, tour_name: str, person: str, amount: str, currency: str,
               on: str, method: str, note: str) -> None:
    """Record a payment made to a person."""
    from tourdesk.services.payouts import record_payment
    from tourdesk.store import tours

    with options.store() as store:
        new_id = record_payment(store, tours.named(store, tour_name).saved_id, person,
                                {"amount": amount, "currency": currency, "on": on,
                                 "method": method, "note": note})
    say(f"payment #{new_id} recorded")


@pay.command("correct")
@click.argument("payment_id", type=int)
@click.option("--on", "on", required=True, metavar="DATE", help="The date of the correction.")
@click.option("--note", required=True, help="Why it is taken back.")
@click.pass_obj
def pay_correct(options: Options, payment_id: int, on: str, note: str) -> None:
    """Take a payment back with a reversing entry (the original stays on the ledger)."""
    from tourdesk.services.payouts import correct_payment

    with options.store() as store:
        entry = correct_payment(store, payment_id, iso_date(on, "--on"), note)
    say(f"payment #{payment_id} reversed by #{entry.id} ({entry.amount.shown_with_code()})")


@pay.command("ledger")
@TOUR
@TODAY
@click.option("--person", default=None, metavar="NAME", help="One person's payments too.")
@click.pass_obj
def pay_ledger(options: Options, tour_name: str, today: str | None, person: str | None) -> None:
    """Owed so far, paid, outstanding per person and currency, and the tour's total."""
    from tourdesk.services.payouts import tour_ledger
    from tourdesk.store import tours

    with options.store(read_only=True) as store:
        tour_id = tours.named(store, tour_name).saved_id
        book = tour_ledger(store, tour_id, played_before(store, tour_id, today))
    chosen = [b for b in book.balances
              if person is None or b.person.casefold() == person.strip().casefold()]
    say(table(("person", "currency", "owed so far", "paid", "outstanding",
                      "whole tour"),
                     ((b.person, b.currency, b.owed.shown(), b.paid.shown(),
                       b.outstanding.shown(), b.owed_total.shown()) for b in chosen)))
    for b in chosen:
        for note in b.notes:
            say(f"{b.person}: converted {note}")
    if person is not None:
        say(table(("#", "date", "amount", "method", "note"),
                  ((p.id, p.on, p.amount.shown_with_code(), p.method.value, p.note)
                   for p in book.payments if p.person.casefold() == person.strip().casefold())))
    else:
        say(f"outstanding on the tour: {amounts_shown(book.outstanding())}")
    for warning in book.warnings:
        say(f"warning: {warning}", err=True)
