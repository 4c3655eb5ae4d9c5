"""Coverage and survey tallies as board members and viewers see them (DESIGN §5): counts with
no school named, every cell through small-number suppression (core.suppression). Pure
functions of the selectors' results."""

from __future__ import annotations

from dataclasses import dataclass

from core.suppression import Cell, Link, share, suppress_linked
from partnerships.models import Rating
from partnerships.selectors import CoverageRow, OptionTally


@dataclass(frozen=True)
class CoverageLine:
    label: str
    total: Cell
    covered: Cell
    uncovered: Cell
    percent: str


def coverage_tables(overall: CoverageRow,
                    breakdowns: list[list[CoverageRow]]) -> list[list[CoverageLine]]:
    """The overall line, then each breakdown (by phase, by governance …) whose lines add up to
    it: every line's covered and uncovered add up to its schools, and down each column every
    breakdown adds up to the overall line, so no shown sum is left with one hidden cell
    (core.suppression.suppress_linked) — not along a line, and not down a column."""
    rows = [overall] + [row for breakdown in breakdowns for row in breakdown]
    counts = [count for row in rows for count in (row.total, row.covered, row.uncovered)]
    links = [Link((3 * n + 1, 3 * n + 2), 3 * n) for n in range(len(rows))]
    start = 1
    for breakdown in breakdowns:
        members = range(start, start + len(breakdown))
        links += [Link(tuple(3 * n + column for n in members), column) for column in range(3)]
        start += len(breakdown)
    cells = suppress_linked(counts, links)
    lines = []
    for n, row in enumerate(rows):
        total, covered, uncovered = cells[3 * n:3 * n + 3]
        lines.append(CoverageLine(row.label, total, covered, uncovered,
                                  share(row.covered, row.total, [total, covered, uncovered])))
    tables, start = [lines[:1]], 1
    for breakdown in breakdowns:
        tables.append(lines[start:start + len(breakdown)])
        start += len(breakdown)
    return tables


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
    """Each option's ratings by group of respondents, suppressed; no percentages (a share of a
    small group identifies as surely as its count). The groups nest — all respondents are the
    sum of the roles and of the phases, a role the sum of its phases, a phase the sum of its
    roles — and every line shows its total, so each of those sums, down every column, is kept
    from having a lone hidden cell (core.suppression.suppress_linked)."""
    return [OptionLines(tally.option.label, _tally_table(tally.rows)) for tally in tallies]


def _tally_table(rows: list) -> list[TallyLine]:
    width = len(Rating.values) + 1  # the ratings, then the line's total
    counts = [count for row in rows
              for count in [row.counts.get(rating, 0) for rating in Rating.values] + [row.total]]
    at = {(row.role, row.phase): n for n, row in enumerate(rows)}
    links = [Link(tuple(width * n + c for c in range(width - 1)), width * n + width - 1)
             for n in range(len(rows))]

    def sums(parent: tuple[str, str], children: list[int]) -> None:
        if parent in at and children:
            links.extend(Link(tuple(width * n + c for n in children), width * at[parent] + c)
                         for c in range(width))

    sums(("", ""), [n for (role, phase), n in at.items() if role and not phase])
    sums(("", ""), [n for (role, phase), n in at.items() if phase and not role])
    for key in at:
        role, phase = key
        if role and not phase:
            sums(key, [n for (r, p), n in at.items() if r == role and p])
        if phase and not role:
            sums(key, [n for (r, p), n in at.items() if p == phase and r])
    cells = suppress_linked(counts, links)
    return [TallyLine(row.label, cells[width * n:width * n + width - 1],
                      cells[width * n + width - 1]) for n, row in enumerate(rows)]
