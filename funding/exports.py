"""The columns of funding's downloads, for the core exporter (`core.exports`): one row per
school, then a row of totals. Amounts are Decimals, so the XLSX holds numbers, not text."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from operator import attrgetter
from typing import Any

from core.exports import MONEY_FORMAT, Column
from core.permissions import FUNDING_VIEW
from funding.models import NO_PENCE, DeDelegationLine
from funding.selectors.charges import PhaseTotal, Schedule, SchoolCharge
from funding.selectors.profiled import part_in, profile_summary, run_start_years, school_parts

NO_PUPILS = "No pupil number: not charged until the census gives one"


@dataclass
class Row:
    """A school's row of a download, or the totals row (no URN)."""

    urn: int | None
    name: str
    phase: str
    pupils: int | None
    census_date: date | None
    source: str
    charges: dict[int, Decimal | None] = field(default_factory=dict)
    note: str = ""
    eal_pupils: int | None = None
    phase_value: str = ""

    @property
    def total(self) -> Decimal:
        return sum((c for c in self.charges.values() if c is not None), NO_PENCE)


def _row(charge: SchoolCharge) -> Row:
    return Row(urn=charge.school.urn, name=charge.school.establishment.name,
               phase=charge.phase_label, pupils=charge.pupils, census_date=charge.census_date,
               source=charge.source, charges=dict(charge.charges),
               eal_pupils=charge.eal_pupils, phase_value=charge.phase,
               note=" ".join(text for text in ("" if charge.has_pupils else NO_PUPILS,
                                               charge.reason) if text))


def _totals(rows: list[Row], line_ids: list[int]) -> Row:
    charges: dict[int, Decimal | None] = {
        pk: sum((row.charges.get(pk) or NO_PENCE for row in rows), NO_PENCE) for pk in line_ids}
    return Row(urn=None, name="Total", phase="", census_date=None, source="",
               pupils=sum(row.pupils or 0 for row in rows), charges=charges,
               eal_pupils=sum(row.eal_pupils or 0 for row in rows))


def _charge(line_id: int) -> Callable[[Any], object]:
    def read(row: Any) -> object:
        return row.charges.get(line_id)
    return read


def _charge_columns() -> list[Column]:
    """The school columns of a de-delegation download, with its EAL pupils after its pupils."""
    columns = _school_columns()
    return [*columns[:4], Column("EAL pupils", attrgetter("eal_pupils"), FUNDING_VIEW),
            *columns[4:]]


def _school_columns() -> list[Column]:
    return [Column("URN", attrgetter("urn"), FUNDING_VIEW),
            Column("School", attrgetter("name"), FUNDING_VIEW),
            Column("Phase", attrgetter("phase"), FUNDING_VIEW),
            Column("Pupils", attrgetter("pupils"), FUNDING_VIEW),
            Column("Census date", attrgetter("census_date"), FUNDING_VIEW),
            Column("Pupil numbers from", attrgetter("source"), FUNDING_VIEW)]


def year_table(schedule: Schedule) -> tuple[list[Row], list[Column]]:
    """Each school's charge for every line of the year, and the total per school and line."""
    rows = [_row(charge) for charge in schedule.schools]
    ids = [summary.line.pk for summary in schedule.lines]
    columns = _charge_columns() + [
        Column(f"{summary.line.name} (£: primary {summary.line.basis_label('primary')}, "
               f"secondary {summary.line.basis_label('secondary')})",
               _charge(summary.line.pk), FUNDING_VIEW)
        for summary in schedule.lines]
    columns += [Column("Total (£)", attrgetter("total"), FUNDING_VIEW),
                Column("Note (why this charge)", attrgetter("note"), FUNDING_VIEW)]
    return rows + [_totals(rows, ids)], columns


def line_table(schedule: Schedule, line: DeDelegationLine) -> tuple[list[Row], list[Column]]:
    """One line: each school's rate, its phase's vote and its charge, then the line's total."""
    rows = [_row(charge) for charge in schedule.schools]
    votes = {vote.phase: vote for vote in line.votes.all() if vote.superseded_at is None}
    def rate_of(row: Any) -> object:
        return line.rate_for(row.phase_value) if row.phase_value else None

    def basis_of(row: Any) -> str:
        return line.basis_label(row.phase_value) if row.phase_value else ""

    def vote_of(row: Any) -> str:
        phase = row.phase_value
        return votes[phase].get_outcome_display() if phase in votes else (
            "Not yet voted" if row.urn is not None else "")

    columns = _charge_columns() + [
        Column("Rate (£)", rate_of, FUNDING_VIEW),
        Column("Basis", basis_of, FUNDING_VIEW),
        Column("Forum vote for the phase", vote_of, FUNDING_VIEW),
        Column("Charge (£)", _charge(line.pk), FUNDING_VIEW),
        Column("Note (why this charge)", attrgetter("note"), FUNDING_VIEW)]
    return rows + [_totals(rows, [line.pk])], columns


@dataclass
class RunRow:
    """A school's line of a run's download, or a partnership's or the run's total."""

    partnership: str
    urn: int | None = None
    name: str = ""
    code: str = ""
    label: str = ""
    triggers: str = ""
    pupils: int | None = None
    census_date: date | None = None
    source: str = ""
    rate: Decimal | None = None
    days: int | None = None
    weight: Decimal | None = None
    amount: Decimal = NO_PENCE
    reason: str = ""
    parts: tuple[Decimal, ...] = ()  # an academic-year run's part in each financial year


def _part(index: int) -> Callable[[RunRow], Decimal | None]:
    def read(row: RunRow) -> Decimal | None:
        return row.parts[index] if row.parts else None
    return read


def _with_parts(run: Any, rows: list[RunRow], partnerships: list,
                schools: list) -> list[Column]:
    """An academic-year run's part of each row in each of its two financial years (from the
    run's own rows and months, so a confirmed run's file stays the same); its columns."""
    starts = run_start_years(run)
    by_school = [dict((row.pk, part) for row, part in school_parts([run], start)[run.pk])
                 for start in starts]
    index = 0
    for partnership in partnerships:
        for school in (s for s in schools if s.partnership_id == partnership.pk):
            rows[index].parts = tuple(parts[school.pk] for parts in by_school)
            index += 1
        rows[index].parts = tuple(part_in(run, partnership.amount, start) for start in starts)
        index += 1
    rows[index].parts = tuple(part_in(run, rows[index].amount, start) for start in starts)
    return [Column(f"In {label} ({months}/12) (£)", _part(n), FUNDING_VIEW,
                   number_format=MONEY_FORMAT)
            for n, (label, months, _) in enumerate(profile_summary(run))]


def run_table(partnerships: list, schools: list,
              run: Any = None) -> tuple[list[RunRow], list[Column]]:
    """Every school's line of the snapshot, each partnership's total after its schools, then
    the run's total: all from the run's rows, never the live register. An academic-year run
    adds each row's part in each of its two financial years."""
    rows: list[RunRow] = []
    for partnership in partnerships:
        for school in (s for s in schools if s.partnership_id == partnership.pk):
            rows.append(RunRow(
                partnership=partnership.name, urn=school.urn, name=school.school_name,
                code=school.category_code, label=school.category_label,
                triggers="Yes" if school.triggers else "No", pupils=school.pupils,
                census_date=school.census_date, source=school.pupils_source, rate=school.rate,
                days=school.days, weight=school.weight, amount=school.amount,
                reason=school.reason))
        rows.append(RunRow(partnership=partnership.name, name=f"Total for {partnership.name}",
                           pupils=partnership.funded_pupils, amount=partnership.amount))
    rows.append(RunRow(partnership="", name="Total", amount=sum(
        (p.amount for p in partnerships), NO_PENCE)))
    columns = [Column("Partnership", attrgetter("partnership"), FUNDING_VIEW),
               Column("URN", attrgetter("urn"), FUNDING_VIEW),
               Column("School", attrgetter("name"), FUNDING_VIEW),
               Column("Category", attrgetter("code"), FUNDING_VIEW),
               Column("Category name", attrgetter("label"), FUNDING_VIEW),
               Column("Triggers funding", attrgetter("triggers"), FUNDING_VIEW),
               Column("Pupils", attrgetter("pupils"), FUNDING_VIEW),
               Column("Census date", attrgetter("census_date"), FUNDING_VIEW),
               Column("Pupil numbers from", attrgetter("source"), FUNDING_VIEW),
               Column("Rate, day rate or band (£)", attrgetter("rate"), FUNDING_VIEW),
               Column("Days", attrgetter("days"), FUNDING_VIEW),
               Column("Weight (pot)", attrgetter("weight"), FUNDING_VIEW),
               Column("Amount (£)", attrgetter("amount"), FUNDING_VIEW),
               Column("Reason", attrgetter("reason"), FUNDING_VIEW)]
    if run is not None and run.is_academic:
        columns += _with_parts(run, rows, partnerships, schools)
    return rows, columns


@dataclass
class BudgetTotals:
    """The totals row of the reconciliation, read by the same columns as a budget."""

    amount: Decimal
    committed: Decimal
    spent: Decimal
    carried: Decimal = NO_PENCE
    kind_label: str = ""
    name: str = "Total"
    cost_centre: str = ""
    ledger_code: str = ""
    note: str = ""

    @property
    def remaining(self) -> Decimal:
        return self.amount - self.committed - self.carried

    @property
    def underspend(self) -> Decimal:
        return self.amount - self.spent - self.carried


def budget_totals(budgets: list) -> BudgetTotals:
    return BudgetTotals(amount=sum((b.amount for b in budgets), NO_PENCE),
                        committed=sum((b.committed for b in budgets), NO_PENCE),
                        spent=sum((b.spent for b in budgets), NO_PENCE),
                        carried=sum((b.carried for b in budgets), NO_PENCE))


def reconciliation_table(budgets: list) -> tuple[list, list[Column]]:
    """Each budget of the year — budget, committed, spent, remaining, underspend — then the
    totals: numbers in pounds (negative where a budget is overspent), never text."""
    def pounds(header: str, name: str) -> Column:
        return Column(header, attrgetter(name), FUNDING_VIEW, number_format=MONEY_FORMAT)

    columns = [Column("Kind", attrgetter("kind_label"), FUNDING_VIEW),
               Column("Budget", attrgetter("name"), FUNDING_VIEW),
               Column("Cost centre", attrgetter("cost_centre"), FUNDING_VIEW),
               Column("Ledger code", attrgetter("ledger_code"), FUNDING_VIEW),
               pounds("Budget (£)", "amount"), pounds("Committed (£)", "committed"),
               pounds("Spent (£)", "spent"), pounds("Remaining (£)", "remaining"),
               pounds("Underspend (£)", "underspend"),
               Column("Profile", attrgetter("note"), FUNDING_VIEW),
               pounds("Carried forward (£)", "carried")]
    return [*budgets, budget_totals(budgets)], columns


def vote_words(vote: Any) -> str:
    """A phase's vote as the year's page words it: "Agreed on 3 March 2026, 9 for, 2 against,
    minute 4.2", or "Not yet voted"."""
    if vote is None:
        return "Not yet voted"
    words = f"{'Agreed' if vote.passed else 'Not agreed'} on {vote.decided_on:%-d %B %Y}"
    if vote.votes_for is not None and vote.votes_against is not None:
        words += f", {vote.votes_for} for, {vote.votes_against} against"
    if vote.minute_reference:
        words += f", minute {vote.minute_reference}"
    return words


def schedule_table(schedule: Schedule, *, with_totals: bool,
                   ) -> tuple[list[tuple[DeDelegationLine, PhaseTotal]], list[Column]]:
    """The year's lines, rates and votes by phase, one row per line and phase as on the
    year's page (no school named); with the schools charged, pupils and amount for those who
    see totals."""
    rows = [(summary.line, phase) for summary in schedule.lines for phase in summary.phases]
    columns = [Column("Line", lambda row: row[0].name),
               Column("Phase", lambda row: row[1].label),
               Column("Rate (£)", lambda row: row[1].rate, number_format=MONEY_FORMAT),
               Column("Basis", lambda row: row[1].basis_label),
               Column("Schools forum vote", lambda row: vote_words(row[1].vote))]
    if with_totals:
        columns += [Column("Schools charged", lambda row: row[1].schools),
                    Column("Pupils", lambda row: row[1].pupils),
                    Column("Total (£)", lambda row: row[1].amount, number_format=MONEY_FORMAT)]
    return rows, columns
