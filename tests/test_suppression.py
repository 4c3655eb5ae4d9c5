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


# --- Two ways: sums down the columns as well as along the rows --------------------------------

from core.suppression import Link, suppress_linked, suppress_table  # noqa: E402


def lone_hidden_sums(table) -> list[str]:
    """The rows and columns (totals included) with exactly one hidden cell: each such hidden
    count is its total less the cells shown."""
    grid = [[*row, total] for row, total in zip(table.rows, table.row_totals, strict=True)]
    grid.append([*table.column_totals, table.total])
    found = [f"row {r}" for r, row in enumerate(grid)
             if sum(cell.hidden for cell in row) == 1]
    found += [f"column {c}" for c in range(len(grid[0]))
              if sum(row[c].hidden for row in grid) == 1]
    return found


def test_a_lone_hidden_cell_in_a_column_takes_another_cell_of_that_column_with_it():
    # Row 1's 3 takes its row's 40 with it; then each column has one hidden cell, which its
    # total would give back (23 = 20 + 3 less 20 shown), so each takes its smallest other.
    table = suppress_table([[20, 30], [3, 40], [25, 35]])
    assert [[cell.text for cell in row] for row in table.rows] == [
        [WITHHELD, WITHHELD], [FEWER, WITHHELD], ["25", "35"]]
    assert [cell.text for cell in table.row_totals] == ["50", "43", "60"]
    assert [cell.text for cell in table.column_totals] == ["48", "105"]
    assert table.total.text == "153"
    assert lone_hidden_sums(table) == []


def test_rows_alone_would_leave_a_column_that_gives_a_small_count_away():
    rows = [[20, 30], [3, 40], [25, 35]]
    one_way = [suppress_group(row) for row in rows]
    # Column 0 shown as 20, hidden, 25 under a total of 48: 48 - 20 - 25 = 3.
    assert [row[0].text for row in one_way] == ["20", FEWER, "25"]


def test_a_table_with_no_small_count_is_shown_whole():
    table = suppress_table([[10, 12], [7, 9]])
    assert [[cell.text for cell in row] for row in table.rows] == [["10", "12"], ["7", "9"]]
    assert (table.total.text, lone_hidden_sums(table)) == ("38", [])


@pytest.mark.parametrize("seed", range(40))
def test_no_row_or_column_of_any_table_is_left_with_one_hidden_cell(seed):
    import random

    rng = random.Random(seed)
    rows = [[rng.choice([0, 1, 3, 4, 5, 6, 9, 15, 40]) for _ in range(rng.randint(1, 5))]]
    rows += [[rng.choice([0, 1, 3, 4, 5, 6, 9, 15, 40]) for _ in rows[0]]
             for _ in range(rng.randint(0, 4))]
    table = suppress_table(rows)
    assert lone_hidden_sums(table) == []
    for row, shown in zip(rows, table.rows, strict=True):
        for count, cell in zip(row, shown, strict=True):
            assert cell.hidden or cell.count == count
            assert not (count < 5 and not cell.hidden)


def test_a_parent_row_is_a_total_of_the_rows_under_it():
    # All = 9 = 6 + 3; the 3 hidden alone would be 9 - 6, so the 6 goes too, not the parent.
    cells = suppress_linked([9, 6, 3], [Link((1, 2), 0)])
    assert [cell.text for cell in cells] == ["9", WITHHELD, FEWER]
