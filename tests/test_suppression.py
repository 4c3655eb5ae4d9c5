"""Small-number suppression (core.suppression): counts below 5 are "fewer than 5", and a lone
hidden cell of a group whose total is shown takes the smallest other cell with it."""

import pytest

from core.suppression import FEWER, WITHHELD, share, suppress, suppress_group


@pytest.mark.parametrize("count", [0, 1, 2, 3, 4])
def test_a_count_below_five_is_shown_as_fewer_than_five(count):
    cell = suppress(count)
    assert (cell.count, str(cell), cell.hidden) == (None, "fewer than 5", True)


@pytest.mark.parametrize("count", [5, 6, 120])
def test_a_count_of_five_or_more_is_shown_as_it_is(count):
    cell = suppress(count)
    assert (cell.count, cell.text, cell.hidden) == (count, str(count), False)


def test_a_group_with_no_small_count_is_shown_whole():
    assert [cell.text for cell in suppress_group([12, 5, 30])] == ["12", "5", "30"]


def test_a_single_hidden_cell_takes_the_smallest_other_with_it_so_the_total_gives_nothing_away():
    # Total 40 shown: with 3 hidden alone, 40 - 20 - 17 would give it back.
    assert [cell.text for cell in suppress_group([20, 17, 3])] == ["20", WITHHELD, FEWER]


def test_two_hidden_cells_need_no_second_suppression():
    assert [cell.text for cell in suppress_group([20, 2, 1, 9])] == ["20", FEWER, FEWER, "9"]


def test_without_a_total_shown_only_the_small_counts_are_hidden():
    assert [cell.text for cell in suppress_group([20, 17, 3], total_shown=False)] == [
        "20", "17", FEWER]


def test_a_share_of_a_group_with_a_hidden_cell_is_not_shown():
    cells = suppress_group([20, 17, 3])
    assert share(20, 40, cells) == WITHHELD
    assert share(15, 40, suppress_group([15, 25])) == "38%"
    assert share(0, 0, []) == WITHHELD
