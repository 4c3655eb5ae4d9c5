"""Small-number suppression for the aggregates shown to board members and viewers (DESIGN §5):
a count below 5 is shown as "fewer than 5", so a small hub, phase or band never identifies a
school.

Pure functions, no database. Every aggregate cell shown to a role without the right to see
individual schools goes through `suppress` (one count standing alone) or `suppress_group`
(counts that add up to a total shown beside them).

Why the second rule in `suppress_group`: when the group's total is shown and exactly one cell is
hidden, the hidden count is the total less the others — subtraction undoes the suppression.
So the smallest other cell is withheld as well ("not shown"), which leaves at least two unknowns.
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
    cells = [suppress(count) for count in counts]
    hidden = [index for index, cell in enumerate(cells) if cell.hidden]
    if total_shown and len(hidden) == 1 and len(cells) > 1:
        others = [index for index in range(len(cells)) if index not in hidden]
        smallest = min(others, key=lambda index: (counts[index], index))
        cells[smallest] = Cell(None, WITHHELD)
    return cells


def share(part: int, whole: int, cells: Sequence[Cell]) -> str:
    """A percentage of the group, or "not shown" when any of the group's cells is hidden (a
    share of a small group identifies as surely as its count)."""
    if whole == 0 or any(cell.hidden for cell in cells):
        return WITHHELD
    return f"{round(100 * part / whole)}%"
