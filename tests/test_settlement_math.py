"""Settlements against examples worked out by hand (the arithmetic is in the comments)."""

from decimal import Decimal

import pytest

from tourdesk.domain.errors import ValidationError, ValidationErrors
from tourdesk.domain.money import Money
from tourdesk.domain.settlement import (
    Deal,
    Deduction,
    DeductionKind,
    Terms,
    TicketLevel,
    parse_deduction,
    parse_level,
    settle,
)


def eur(text: str) -> Money:
    whole, _, cents = text.replace(",", "").partition(".")
    return Money(int(whole) * 100 + int((cents + "00")[:2]), "EUR")


# Standing 800 x 35.00 = 28,000.00 (+ 40 comps, no money)
# Balcony  150 x 45.00 =  6,750.00 (+ 10 comps)
# Gross                = 34,750.00   (950 sold, 50 comps)
# VAT 7% of gross      = -2,432.50
# Ticketing 2.5%       =   -868.75
# Door                 = 31,448.75
# Security 450.00, hall hire 3,000.00, catering 600.00 = -4,050.00
# Net                  = 27,398.75
LEVELS = (TicketLevel("Standing", eur("35.00"), 800, 40),
          TicketLevel("Balcony", eur("45.00"), 150, 10))
DEDUCTIONS = (
    Deduction(DeductionKind.TAX, "VAT", percent=Decimal("0.07")),
    Deduction(DeductionKind.FEE, "Ticketing", percent=Decimal("0.025")),
    Deduction(DeductionKind.COST, "Security", amount=eur("450.00")),
    Deduction(DeductionKind.COST, "Hall hire", amount=eur("3000.00")),
    Deduction(DeductionKind.COST, "Catering", amount=eur("600.00")),
)


def terms(deal: Deal, **kw) -> Terms:
    return Terms(deal, "EUR", levels=LEVELS, deductions=DEDUCTIONS, **kw)


def steps(sheet) -> dict[str, Money]:
    return {s.label: s.amount for s in sheet.steps}


def test_the_common_steps():
    sheet = settle(terms(Deal.FLAT, guarantee=eur("5000.00")))
    got = steps(sheet)
    assert got["Tickets: Standing"] == eur("28000.00")
    assert got["Tickets: Balcony"] == eur("6750.00")
    assert got["Gross ticket sales"] == eur("34750.00")
    assert got["tax: VAT"] == -eur("2432.50")
    assert got["fee: Ticketing"] == -eur("868.75")
    assert got["Door"] == eur("31448.75")
    assert got["Net"] == eur("27398.75")
    assert (sheet.sold, sheet.comps) == (950, 50)
    # a flat guarantee is the guarantee, however the night went
    assert sheet.payout == eur("5000.00")


def test_versus_where_the_percentage_wins():
    # 85% of 27,398.75 = 23,288.9375 -> 23,288.94; more than the 10,000.00 guarantee
    sheet = settle(terms(Deal.VERSUS, guarantee=eur("10000.00"), percent=Decimal("0.85")))
    assert steps(sheet)["Artist share"] == eur("23288.94")
    assert sheet.payout == eur("23288.94")
    assert "share" in sheet.steps[-1].detail


def test_versus_where_the_guarantee_wins():
    # 85% of net is 23,288.94, less than a 25,000.00 guarantee
    sheet = settle(terms(Deal.VERSUS, guarantee=eur("25000.00"), percent=Decimal("0.85")))
    assert sheet.payout == eur("25000.00")
    assert "guarantee" in sheet.steps[-1].detail


def test_percentage_of_door_rounds_half_to_even():
    # 70% of the door 31,448.75 = 22,014.125 -> the tie goes to the even cent: 22,014.12
    sheet = settle(terms(Deal.DOOR, percent=Decimal("0.70")))
    assert sheet.payout == eur("22014.12")
    # 75%: 23,586.5625 -> 23,586.56
    assert settle(terms(Deal.DOOR, percent=Decimal("0.75"))).payout == eur("23586.56")


def test_guarantee_plus_bonus_at_a_ticket_threshold():
    # 950 paid tickets (comps do not count): a threshold of 900 is reached, 1,000 is not
    reached = settle(terms(Deal.BONUS, guarantee=eur("8000.00"), bonus=eur("1500.00"),
                           threshold=900))
    assert reached.payout == eur("9500.00")
    missed = settle(terms(Deal.BONUS, guarantee=eur("8000.00"), bonus=eur("1500.00"),
                          threshold=1000))
    assert missed.payout == eur("8000.00")
    assert "950 sold < 1000" in steps_detail(missed, "Bonus")


def steps_detail(sheet, label):
    return next(s.detail for s in sheet.steps if s.label == label)


def test_a_loss_making_night_pays_no_percentage():
    # 10 x 20.00 = 200.00 gross, costs 3,000.00: net -2,800.00; 80% of nothing is 0
    sheet = settle(Terms(Deal.VERSUS, "EUR", guarantee=eur("500.00"), percent=Decimal("0.8"),
                         levels=(TicketLevel("GA", eur("20.00"), 10),),
                         deductions=(Deduction(DeductionKind.COST, "Hall", amount=eur("3000")),)))
    assert sheet.net == -eur("2800.00")
    assert steps(sheet)["Artist share"] == eur("0")
    assert sheet.payout == eur("500.00")


def test_every_line_of_the_sheet_adds_up_to_its_subtotals():
    sheet = settle(terms(Deal.VERSUS, guarantee=eur("10000.00"), percent=Decimal("0.85")))
    running = 0
    for step in sheet.steps:
        if step.label.startswith(("Tickets", "tax:", "fee:", "cost:")):
            running += step.amount.minor
        elif step.label.startswith(("Gross", "Door", "Net")):
            assert step.amount.minor == running, step.label


def test_terms_that_cannot_be_settled_name_the_field():
    with pytest.raises(ValidationErrors) as err:
        settle(Terms(Deal.VERSUS, "EUR", levels=LEVELS))
    assert set(err.value.by_field()) == {"guarantee", "percent"}
    with pytest.raises(ValidationErrors) as err:
        settle(Terms(Deal.FLAT, "EUR", guarantee=Money(100, "GBP")))
    assert "is in GBP" in err.value.by_field()["guarantee"]


def test_typed_ticket_levels_and_deductions():
    assert parse_level("Standing:35.00:800:40", "EUR") == LEVELS[0]
    assert parse_level("GA : 1.234,50 : 10", "EUR").price == eur("1234.50")
    assert parse_deduction(DeductionKind.TAX, "VAT:7%", "EUR").percent == Decimal("0.07")
    assert parse_deduction(DeductionKind.COST, "Hall: hire:3000", "EUR").label == "Hall: hire"
    for bad in ("Standing:35.00", "Standing:35.00:lots", "Standing:abc:10"):
        with pytest.raises(ValidationError) as err:
            parse_level(bad, "EUR")
        assert err.value.field == "tickets"
    with pytest.raises(ValidationError, match="cost: 'Security' is not LABEL"):
        parse_deduction(DeductionKind.COST, "Security", "EUR")
