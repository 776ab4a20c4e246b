"""The money screens driven like a user: a budget line entered, a payment recorded and
corrected, bad amounts refused under their field, the settlement sheet."""

from __future__ import annotations

from tourdesk.domain.money import Money
from tourdesk.store import budgets, payments, tours
from tourdesk.tui.app import TourDeskApp
from tourdesk.tui.modals.record_form import RecordForm
from tourdesk.tui.screens.budget import BudgetScreen
from tourdesk.tui.screens.payouts import PayoutsScreen
from tourdesk.tui.screens.settlement import SettlementScreen

from conftest import TODAY
from tui_helpers import fill, press, screen_text, settle

DEMO = "Northern Lights Tour 2026"


async def open_budget(pilot):
    await settle(pilot)
    await press(pilot, "5")
    assert isinstance(pilot.app.screen, BudgetScreen)


async def test_a_line_entered_on_the_budget_is_saved_and_counted(demo_store):
    tour = tours.named(demo_store, DEMO).id
    before = len(budgets.lines(demo_store, tour))
    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_budget(pilot)
        assert "4,990" in screen_text(pilot)  # marketing's estimate
        await press(pilot, "n")
        await fill(pilot, side="expense", category="marketing", day="2026-10-22",
                   description="flyers Amsterdam", estimate="€1.010,00")
        await press(pilot, "enter")
        assert isinstance(app.screen, BudgetScreen)
        lines = budgets.lines(demo_store, tour)
        assert len(lines) == before + 1
        added = next(line for line in lines if line.description == "flyers Amsterdam")
        assert added.estimate == Money(101000, "EUR") and str(added.day) == "2026-10-22"
        assert "6,000" in screen_text(pilot)  # 4,989.60 + 1,010.00 = 5,999.60 -> 6,000


async def test_a_wrong_amount_stays_in_the_form_with_the_reason_under_its_field(demo_store):
    tour = tours.named(demo_store, DEMO).id
    before = len(budgets.lines(demo_store, tour))
    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_budget(pilot)
        await press(pilot, "n")
        await fill(pilot, side="expense", category="hotels", estimate="1.234")
        await press(pilot, "enter")
        assert isinstance(app.screen, RecordForm)  # still open
        text = screen_text(pilot)
        assert "ambiguous" in text
        assert len(budgets.lines(demo_store, tour)) == before


async def test_a_payment_recorded_and_then_corrected_on_the_ledger(demo_store):
    tour = tours.named(demo_store, DEMO).id
    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_budget(pilot)
        await press(pilot, "p")
        assert isinstance(app.screen, PayoutsScreen)
        await press(pilot, "down")  # Chloé Marchand, 3,370.00 EUR outstanding
        assert "Chloé Marchand" in screen_text(pilot)
        await press(pilot, "n")
        await fill(pilot, amount="1,370.00", note="first week")
        await press(pilot, "enter")
        assert isinstance(app.screen, PayoutsScreen)
        mine = [p for p in payments.payments(demo_store, tour) if p.note == "first week"]
        assert len(mine) == 1 and mine[0].amount == Money(137000, "EUR")
        assert "2,000.00" in screen_text(pilot)  # 3,370.00 - 1,370.00 still to pay
        await press(pilot, "x")  # which payment: the only one
        await press(pilot, "enter")
        await pilot.press(*"wrong amount")
        await press(pilot, "enter")
        assert isinstance(app.screen, PayoutsScreen)
        entries = payments.payments(demo_store, tour, mine[0].person_id)
        assert [p.amount.minor for p in entries] == [137000, -137000]
        assert "reverses" in screen_text(pilot)
        assert "3,370.00" in screen_text(pilot)


async def test_the_settlement_sheet_shows_every_step(demo_store):
    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_budget(pilot)
        await press(pilot, "s", "down", "enter")  # the second settled show: Paris
        assert isinstance(app.screen, SettlementScreen)
        text = screen_text(pilot)
        for step in ("Gross ticket sales", "53,050.00", "tax: TVA", "Door", "Net",
                     "Artist share", "29,625.48"):
            assert step in text, step
        await press(pilot, "backspace")
        assert isinstance(app.screen, BudgetScreen)


async def test_user_text_in_a_line_is_shown_literally(demo_store):
    from tourdesk.services.budgets import add_line

    tour = tours.named(demo_store, DEMO).id
    add_line(demo_store, tour, {"side": "income", "category": "other",
                                "description": "[b]bold[/b] \x1b[31mred", "estimate": "1"})
    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_budget(pilot)
        await press(pilot, "l", "end")
        text = screen_text(pilot)
        assert "[b]bold[/b]" in text and "\x1b" not in text


async def terms_form_of_tonight(pilot) -> int:
    """`s` on the budget, tonight's show (no terms yet) chosen: the terms form."""
    from tourdesk.store import gigs
    from tourdesk.tui.modals.choose import Choose

    brussels = gigs.id_on(pilot.app.store, tours.named(pilot.app.store, DEMO).id, TODAY)
    await open_budget(pilot)
    await press(pilot, "s")
    assert isinstance(pilot.app.screen, Choose)
    pilot.app.screen.dismiss(str(brussels))
    await settle(pilot)
    assert isinstance(pilot.app.screen, RecordForm)
    return brussels


async def test_a_show_settled_from_the_tui_and_its_terms_edited(demo_store):
    from tourdesk.store import settlements

    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        brussels = await terms_form_of_tonight(pilot)
        await fill(pilot, deal="versus", guarantee="12000", percent="80%",
                   tickets="GA:30.00:2000:50", tax="BTW:6%", cost="Hall:5000; Crew:1200")
        await press(pilot, "enter")
        assert isinstance(app.screen, SettlementScreen)
        # 2000 x 30.00 = 60,000.00; BTW 6% = 3,600.00; door 56,400.00; costs 6,200.00;
        # net 50,200.00; 80% = 40,160.00, more than the 12,000.00 guarantee
        assert "40,160.00" in screen_text(pilot)
        await press(pilot, "e")
        await fill(pilot, deal="door", guarantee="", percent="50%")
        await press(pilot, "enter")
        assert isinstance(app.screen, SettlementScreen)
        # 50% of the door 56,400.00
        assert "28,200.00" in screen_text(pilot)
        assert settlements.terms_of(demo_store, brussels).deal.value == "door"


async def test_terms_that_do_not_add_up_stay_in_the_form(demo_store):
    from tourdesk.store import settlements

    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        brussels = await terms_form_of_tonight(pilot)
        await fill(pilot, deal="bonus", guarantee="12000", tickets="GA:30.00")
        await press(pilot, "enter")
        assert isinstance(app.screen, RecordForm)
        text = screen_text(pilot)
        assert "is not NAME:PRICE:SOLD" in text
        assert settlements.terms_of(demo_store, brussels) is None


async def test_a_rate_recorded_from_the_budget(demo_store):
    tour = tours.named(demo_store, DEMO).id
    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_budget(pilot)
        await press(pilot, "r")
        await fill(pilot, base="NOK", rate="0,0851", source="DNB bank")
        await press(pilot, "enter")
        assert isinstance(app.screen, BudgetScreen)
        recorded = [r for r in budgets.rates(demo_store, tour) if r.base == "NOK"]
        assert [(r.quote, str(r.rate), str(r.on)) for r in recorded] == [
            ("EUR", "0.0851", "2026-10-20")]


async def test_a_tour_without_money_yet_and_a_database_without_tours(store):
    from conftest import make_show

    app = TourDeskApp(store, today=TODAY)
    async with app.run_test(size=(60, 20)) as pilot:
        await open_budget(pilot)
        assert "No tour yet" in screen_text(pilot)
    make_show(store)
    app = TourDeskApp(store, today=TODAY)
    async with app.run_test(size=(60, 20)) as pilot:
        await open_budget(pilot)
        text = screen_text(pilot)
        assert "nothing over budget" in text and "no budget lines yet" in text
        await press(pilot, "s")  # the one show, offered without a ✓
        assert "Wed 21 Oct Oslo" in screen_text(pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, RecordForm)


async def test_an_actual_set_on_the_lines_screen_and_one_changed_meanwhile_refused(demo_store):
    tour = tours.named(demo_store, DEMO).id
    app = TourDeskApp(demo_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_budget(pilot)
        await press(pilot, "l", "down", "down", "down", "down")  # commissions, no actual
        line = next(x for x in budgets.lines(demo_store, tour) if x.category == "commissions")
        await press(pilot, "a")
        await pilot.press(*"12.600")
        await press(pilot, "enter")
        assert budgets.line(demo_store, line.id).actual is None  # ambiguous in en: refused
        await press(pilot, "a")
        await pilot.press(*"12,600.00")
        await press(pilot, "enter")
        assert budgets.line(demo_store, line.id).actual == Money(1260000, "EUR")
        assert "12,600.00 EUR" in screen_text(pilot)
        await press(pilot, "a")  # the prompt opened; someone else saves first
        budgets.set_actual(demo_store, line.id, Money(1300000, "EUR"))
        await pilot.press("backspace", "1")
        await press(pilot, "enter")
        assert budgets.line(demo_store, line.id).actual == Money(1300000, "EUR")


async def test_a_line_edited_against_a_colleagues_save_and_then_removed(demo_store, demo_path):
    from tourdesk.store import open_store
    from tourdesk.tui.modals.money_forms import LineForm
    from tourdesk.tui.modals.versions import ChooseVersion

    tour = tours.named(demo_store, DEMO).id
    line = next(x for x in budgets.lines(demo_store, tour) if x.category == "commissions")
    other = open_store(demo_path, "accounts")
    app = TourDeskApp(demo_store, today=TODAY)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await open_budget(pilot)
            await press(pilot, "l")
            app.screen.query_one("#lines").select_key(str(line.id))
            await press(pilot, "e")
            assert isinstance(app.screen, LineForm)
            assert app.screen.query_one("#f-category").value == "commissions"
            await fill(pilot, description="Agency 10% (Paris)")
            budgets.set_actual(other, line.id, Money(300000, "EUR"))  # accounts, meanwhile
            await press(pilot, "enter")
            assert isinstance(app.screen, ChooseVersion)
            assert "accounts saved it" in screen_text(pilot)
            await press(pilot, "e")  # edit again from mine, against their version
            assert app.screen.query_one("#f-description").value == "Agency 10% (Paris)"
            await fill(pilot, actual="3,000.00")  # keep their actual by hand
            await press(pilot, "enter")
            saved = budgets.line(demo_store, line.id)
            assert (saved.description, saved.actual) == ("Agency 10% (Paris)",
                                                         Money(300000, "EUR"))
            app.screen.query_one("#lines").select_key(str(line.id))
            await press(pilot, "x", "y")
            assert all(x.id != line.id for x in budgets.lines(demo_store, tour))
    finally:
        other.close()
