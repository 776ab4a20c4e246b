"""The flag rules (domain/flags.py) on their own: what a change to an entry does to its
item's missing/damaged flags, and the words a held entry is shown with."""

from datetime import date

import pytest

from tourdesk.domain.flags import Change, Close, Move, OpenFlag, Plan, Raise, case_reason, plan
from tourdesk.domain.inventory import EntryState as S

PARIS = OpenFlag(7, S.MISSING, entry_id=1, raised_on=date(2026, 10, 19), place="Paris")
DENTED = OpenFlag(8, S.DAMAGED, entry_id=2, raised_on=date(2026, 10, 14), place="Dublin")


def test_a_mark_raises_a_flag_unless_one_of_that_kind_is_open():
    assert plan(Change(5, S.PENDING, S.MISSING), []) == Plan((Raise(S.MISSING),))
    assert plan(Change(5, S.PENDING, S.MISSING), [PARIS]) == Plan()
    assert plan(Change(5, S.PENDING, S.DAMAGED), [PARIS]) == Plan((Raise(S.DAMAGED),))


@pytest.mark.parametrize("flags", [[PARIS], [DENTED], [PARIS, DENTED]])
@pytest.mark.parametrize("to", [S.DONE, S.NA])
def test_a_bulk_tick_holds_an_item_with_any_open_flag_and_says_why(flags, to):
    got = plan(Change(5, S.PENDING, to, bulk=True), flags)
    assert not got.goes_ahead and got.ops == () and not got.refused
    assert got.held.startswith("missing since 19 Oct, Paris" if PARIS in flags
                               else "damaged since 14 Oct, Dublin")


def test_a_single_tick_of_a_missing_item_is_refused_naming_the_flag():
    got = plan(Change(5, S.PENDING, S.DONE), [PARIS])
    assert got.refused.startswith("missing since 19 Oct, Paris (flag 7): close the flag")
    # even on the entry that raised it: ticking is not taking the mark back
    assert plan(Change(1, S.MISSING, S.DONE), [PARIS]).refused


def test_a_single_tick_of_a_damaged_item_goes_ahead_and_its_flag_stays():
    assert plan(Change(5, S.PENDING, S.DONE), [DENTED]) == Plan()
    assert plan(Change(2, S.DAMAGED, S.DONE), [DENTED]) == Plan()


def test_setting_an_item_not_needed_on_its_own_is_allowed_and_closes_nothing():
    assert plan(Change(5, S.PENDING, S.NA), [PARIS]) == Plan()


@pytest.mark.parametrize("to", [S.PENDING, S.NA, S.DAMAGED])
def test_taking_back_a_mark_closes_the_flag_it_raised(to):
    got = plan(Change(1, S.MISSING, to), [PARIS])
    assert got.ops[0] == Close(7, "corrected")
    assert (Raise(S.DAMAGED) in got.ops) is (to is S.DAMAGED)


def test_taking_back_a_mark_another_list_still_says_moves_the_flag_there():
    assert plan(Change(1, S.MISSING, S.PENDING), [PARIS], {S.MISSING: 9}) == Plan((Move(7, 9),))


def test_a_mark_raised_elsewhere_is_not_closed_by_this_entry():
    assert plan(Change(5, S.MISSING, S.PENDING), [PARIS]) == Plan()


def test_an_undo_of_a_mark_closes_its_flag_even_back_to_done():
    got = plan(Change(1, S.MISSING, S.DONE, undo=True), [PARIS])
    assert got == Plan((Close(7, "corrected"),))
    assert plan(Change(5, S.PENDING, S.DONE, bulk=True, undo=True), [DENTED]).goes_ahead


def test_a_case_reason_counts_items_per_flag():
    other_paris = OpenFlag(9, S.MISSING, 3, date(2026, 10, 19), "Paris")
    assert case_reason([[PARIS], [other_paris], [DENTED]]) == (
        "2 missing since 19 Oct, Paris; 1 damaged since 14 Oct, Dublin")
    assert case_reason([[DENTED, PARIS]]) == "1 missing since 19 Oct, Paris"
