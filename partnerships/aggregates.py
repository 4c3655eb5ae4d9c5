"""Coverage and survey tallies as board members and viewers see them (DESIGN §5): counts with
no school named, every cell through small-number suppression (core.suppression). Pure
functions of the selectors' results."""

from __future__ import annotations

from dataclasses import dataclass

from core.suppression import Cell, share, suppress, suppress_group
from partnerships.models import Rating
from partnerships.selectors import CoverageRow, OptionTally


@dataclass(frozen=True)
class CoverageLine:
    label: str
    total: Cell
    covered: Cell
    uncovered: Cell
    percent: str


def coverage_lines(rows: list[CoverageRow]) -> list[CoverageLine]:
    """Each group's schools, covered and not, suppressed; the share only where nothing is."""
    lines = []
    for row in rows:
        covered, uncovered = suppress_group([row.covered, row.uncovered])
        total = suppress(row.total)
        lines.append(CoverageLine(row.label, total, covered, uncovered,
                                  share(row.covered, row.total, [total, covered, uncovered])))
    return lines


@dataclass(frozen=True)
class TallyLine:
    label: str
    cells: list[Cell]  # one per rating, in Rating order
    total: Cell


@dataclass(frozen=True)
class OptionLines:
    option: str
    lines: list[TallyLine]


def tally_lines(tallies: list[OptionTally]) -> list[OptionLines]:
    """Each option's ratings by group of respondents (a row is a group whose total is shown),
    suppressed; no percentages (a share of a small group identifies as surely as its count)."""
    return [OptionLines(tally.option.label, [
        TallyLine(row.label, suppress_group([row.counts.get(rating, 0)
                                             for rating in Rating.values]),
                  suppress(row.total))
        for row in tally.rows]) for tally in tallies]
