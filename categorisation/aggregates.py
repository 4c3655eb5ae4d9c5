"""The categorisation dashboard as board members and viewers see it (DESIGN §5): counts only,
no school named, every cell through small-number suppression (core.suppression), so a band,
a phase or a movement with fewer than 5 schools never identifies one.

A pure function of the `Dashboard` (categorisation.dashboard), built without its lists.
"""

from __future__ import annotations

from dataclasses import dataclass

from categorisation.dashboard import Dashboard
from core.suppression import Cell, share, suppress, suppress_group, suppress_table


@dataclass(frozen=True)
class Line:
    label: str
    cell: Cell


@dataclass(frozen=True)
class SchemeBands:
    name: str
    lines: list[Line]
    total: Cell


@dataclass(frozen=True)
class PhaseLine:
    phase: str
    schools: Cell
    good_or_better: Cell
    percent: str


@dataclass(frozen=True)
class Aggregates:
    total_schools: Cell
    proposals_waiting: Cell
    overdue: Cell
    due: Cell
    at_risk: Cell
    at_risk_definition: str
    bands: list[SchemeBands]
    movement_term: str
    movement_since: object
    movement: list[Line]
    phases: list[PhaseLine]


def _group(labels: list[str], counts: list[int]) -> list[Line]:
    return [Line(label, cell) for label, cell in zip(labels, suppress_group(counts), strict=True)]


def _phase_lines(board: Dashboard) -> list[PhaseLine]:
    """Good or better by phase, with the "All phases" line last: a two-way table (each phase's
    schools are its good-or-better and its others; "All phases" is each column's sum), so no
    phase's small count can be had by subtraction from the line of all phases either."""
    if not board.shares:
        return []
    *each, everyone = board.shares
    table = suppress_table([[phase.good_or_better_schools,
                             phase.schools - phase.good_or_better_schools] for phase in each])
    lines = [(phase, table.row_totals[n], table.rows[n]) for n, phase in enumerate(each)]
    lines.append((everyone, table.total, table.column_totals))
    return [PhaseLine(phase.phase, schools, cells[0],
                      share(phase.good_or_better_pupils, phase.pupils, [schools, *cells]))
            for phase, schools, cells in lines]


def aggregates_of(board: Dashboard) -> Aggregates:
    """Every count of the dashboard a board member or viewer sees, suppressed."""
    bands = []
    for scheme in board.schemes:
        labels = [row.name for row in scheme.rows] + ["No category in force"]
        counts = [row.count for row in scheme.rows] + [scheme.uncategorised]
        bands.append(SchemeBands(scheme.name, _group(labels, counts),
                                 suppress(sum(counts))))
    movement = board.movement
    phases = _phase_lines(board)
    return Aggregates(
        total_schools=suppress(board.total_schools),
        proposals_waiting=suppress(board.proposals_waiting), overdue=suppress(board.overdue),
        due=suppress(board.due), at_risk=suppress(board.at_risk),
        at_risk_definition=board.at_risk_definition, bands=bands,
        movement_term=movement.term, movement_since=movement.since,
        movement=_group(["Moved to a stronger category", "Moved to a weaker category",
                         "Same category", "Categorised for the first time this term"],
                        [movement.improved, movement.declined, movement.same, movement.new]),
        phases=phases,
    )


@dataclass(frozen=True)
class CountRow:
    """One line of the counts' download: the table it is in, its label and its cells as the
    page shows them (a hidden count stays "fewer than 5" or "not shown" in the file too)."""

    table: str
    line: str
    schools: Cell
    good_or_better: Cell | None = None
    pupils_share: str = ""


def count_rows(aggregates: Aggregates) -> list[CountRow]:
    """Every count of the board member's page, table by table, in the page's order."""
    rows = [CountRow("Inspections and risk", label, cell) for label, cell in (
        ("Open schools", aggregates.total_schools),
        ("Schools with an inspection overdue", aggregates.overdue),
        ("Schools whose inspection window is open", aggregates.due),
        ("Schools at risk of requires improvement or worse", aggregates.at_risk))]
    for scheme in aggregates.bands:
        table = f"Open schools by category: {scheme.name}"
        rows += [CountRow(table, line.label, line.cell) for line in scheme.lines]
        rows.append(CountRow(table, "All open schools", scheme.total))
    since = getattr(aggregates.movement_since, "strftime", None)
    table = f"Movement since the start of the {aggregates.movement_term}" + (
        f" ({since('%-d %B %Y')})" if since else "")
    rows += [CountRow(table, line.label, line.cell) for line in aggregates.movement]
    rows += [CountRow("Schools inspected and pupils in good or better schools, by phase",
                      line.phase, line.schools, line.good_or_better, line.percent)
             for line in aggregates.phases]
    return rows


def shown(cell: Cell | None) -> object:
    """A cell for a file: the number when it is shown (kept a number), else the page's words."""
    if cell is None:
        return ""
    return cell.count if cell.count is not None else cell.text
