"""Small-number suppression for the aggregates shown to board members and viewers (DESIGN §5):
a count below 5 is shown as "fewer than 5", so a small hub, phase or band never identifies a
school.

Pure functions, no database. Every aggregate cell shown to a role without the right to see
individual schools goes through `suppress` (one count standing alone) or `suppress_group`
(counts that add up to a total shown beside them).

Why the second rule in `suppress_group`: when the group's total is shown and exactly one cell is
hidden, the hidden count is the total less the others — subtraction undoes the suppression.
So the smallest other cell is withheld as well ("not shown"), which leaves at least two unknowns.

Tables shown with totals both ways (a row's total beside it, a column's total in a row of
totals, or a parent row that is the sum of rows below it) need the same rule down each column
too: `suppress_linked` applies it to every sum the page shows (a `Link`: the cells of one sum,
with the cell holding its total when that is itself a cell), repeating until no shown sum has
exactly one hidden cell; `suppress_table` is the common case, a grid with row and column totals.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

THRESHOLD = 5
FEWER = f"fewer than {THRESHOLD}"
WITHHELD = "not shown"


@dataclass(frozen=True)
class Cell:
    """One count as shown: `count` is None when it is hidden, and `text` says what to print."""

    count: int | None
    text: str

    @property
    def hidden(self) -> bool:
        return self.count is None

    def __str__(self) -> str:
        return self.text


def suppress(count: int) -> Cell:
    """A count standing alone: below 5 (zero included) it is "fewer than 5"."""
    if count < THRESHOLD:
        return Cell(None, FEWER)
    return Cell(count, str(count))


def suppress_group(counts: Sequence[int], *, total_shown: bool = True) -> list[Cell]:
    """The cells of a group (a row of a table whose total is shown): each count below 5 is
    "fewer than 5"; when the total is shown and exactly one cell was hidden, the smallest
    other cell is "not shown" too, so no hidden count can be worked out by subtraction."""
    links = [Link(tuple(range(len(counts))))] if total_shown else []
    return suppress_linked(counts, links)


@dataclass(frozen=True)
class Link:
    """One sum the page shows: `parts` (indexes of cells) add up to the cell `total`, or to a
    total shown outside the cells (None: a total the reader knows, such as a row's sum printed
    as plain text)."""

    parts: tuple[int, ...]
    total: int | None = None

    @property
    def cells(self) -> tuple[int, ...]:
        return self.parts if self.total is None else (self.total, *self.parts)


def suppress_linked(counts: Sequence[int], links: Sequence[Link]) -> list[Cell]:
    """Each count below 5 is "fewer than 5"; then, while some shown sum has exactly one hidden
    cell (which subtraction would give back), its smallest shown part — its total only when
    every part is hidden already — is "not shown" too. Hiding only grows, so it ends."""
    cells = [suppress(count) for count in counts]
    changed = True
    while changed:
        changed = False
        for link in links:
            members = link.cells
            if len(members) < 2 or sum(cells[i].hidden for i in members) != 1:
                continue
            shown = [i for i in link.parts if not cells[i].hidden]
            if not shown and link.total is not None:
                shown = [link.total]
            if not shown:
                continue
            smallest = min(shown, key=lambda i: (counts[i], i))
            cells[smallest] = Cell(None, WITHHELD)
            changed = True
    return cells


@dataclass(frozen=True)
class Table:
    """A grid as shown: `rows` of cells, each row's total, each column's total and the
    grand total."""

    rows: list[list[Cell]]
    row_totals: list[Cell]
    column_totals: list[Cell]
    total: Cell


def suppress_table(rows: Sequence[Sequence[int]]) -> Table:
    """A two-way table with its row totals, column totals and grand total all shown: no row and
    no column (totals' row and column included) is left with a lone hidden cell."""
    height, width = len(rows), len(rows[0]) if rows else 0
    # Cells laid out as an (height + 1) x (width + 1) grid: the last column holds each row's
    # total, the last row each column's total, the corner the grand total.
    grid = [[*row, sum(row)] for row in rows]
    grid.append([sum(row[c] for row in grid) for c in range(width + 1)])

    def at(r: int, c: int) -> int:
        return r * (width + 1) + c

    links = [Link(tuple(at(r, c) for c in range(width)), at(r, width)) for r in range(height + 1)]
    links += [Link(tuple(at(r, c) for r in range(height)), at(height, c))
              for c in range(width + 1)]
    flat = suppress_linked([count for row in grid for count in row], links)
    shown = [flat[at(r, 0):at(r, width) + 1] for r in range(height + 1)]
    return Table(rows=[line[:width] for line in shown[:height]],
                 row_totals=[line[width] for line in shown[:height]],
                 column_totals=shown[height][:width], total=shown[height][width])


def share(part: int, whole: int, cells: Sequence[Cell]) -> str:
    """A percentage of the group, or "not shown" when any of the group's cells is hidden (a
    share of a small group identifies as surely as its count)."""
    if whole == 0 or any(cell.hidden for cell in cells):
        return WITHHELD
    return f"{round(100 * part / whole)}%"
