"""What each school is charged for de-delegation (DESIGN §3 funding/, issue 11).

Who is in scope, in which phase, an all-through school's split and a converting school's share
of the year: `funding.selectors.placement`. Then:
- A line charges a phase only where that phase's maintained members voted for it (the current
  vote: a corrected vote no longer counts).
- Charge = the phase's rate x the line's basis for that phase: the school's pupils on the census
  the forum chose (`funding.selectors.pupils.pupils_on`: the latest applied census return on or
  before the year's 1 April, GIAS as a labelled fallback), 1 for a rate per school, or its EAL
  pupils on that census return (no fallback: GIAS has none). An all-through school is charged
  in each phase on that phase's share, and per school once in each phase. A school with no
  pupil number (or no EAL number, for an EAL line) is listed as such, never charged 0 silently.
- Rounding: a rate times whole pupils is exact. A converting school's charge is that amount
  times its share of the year, rounded to the nearest penny, half up, per school and line;
  totals are sums of the rounded charges, so they reconcile to the penny.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from funding.models import (
    NO_PENCE,
    ChargeBasis,
    ConversionRule,
    DeDelegationLine,
    ForumPhase,
    FundingSettings,
    FundingYear,
    PhaseVote,
)
from funding.selectors.placement import (
    ACADEMY_REASON,
    ALL_THROUGH_REASON,
    CLOSED_REASON,
    Placement,
    ProRata,
    placement_of,
    pro_rata,
    split_all_through,
)
from funding.selectors.pupils import (
    CensusDetail,
    census_date_for,
    census_details_each,
    pupils_on_each,
)
from funding.selectors.years import lines_of
from schools.models import School
from schools.published import Conversion, PupilNumber, conversions

__all__ = ["ACADEMY_REASON", "ALL_THROUGH_REASON", "CLOSED_REASON", "Placement",
           "placement_of", "dedelegation_schedule", "school_charges", "charge_for"]
PENNY = Decimal("0.01")


@dataclass
class SchoolCharge:
    school: School
    phase: str
    pupils: int | None
    census_date: date | None
    source: str
    eal_pupils: int | None = None
    split_note: str = ""  # how an all-through school's pupils were split
    pro_rata: ProRata | None = None
    # line id -> the charge, or None where the line does not charge this school's phase
    charges: dict[int, Decimal | None] = field(default_factory=dict)

    @property
    def has_pupils(self) -> bool:
        return self.pupils is not None

    @property
    def total(self) -> Decimal:
        return sum((c for c in self.charges.values() if c is not None), NO_PENCE)

    @property
    def phase_label(self) -> str:
        return ForumPhase(self.phase).label

    @property
    def reason(self) -> str:
        """Why the charge is what it is, beside it: the split and the pro rata share."""
        return " ".join(text for text in (self.split_note, self.pro_rata.reason
                                          if self.pro_rata else "") if text)

    def units(self, basis: str) -> int | None:
        if basis == ChargeBasis.PER_SCHOOL:
            return 1
        if basis == ChargeBasis.PER_EAL_PUPIL:
            return self.eal_pupils
        return self.pupils


@dataclass
class PhaseTotal:
    phase: str
    rate: Decimal
    basis: str
    vote: PhaseVote | None
    schools: int = 0
    pupils: int = 0
    units: int = 0  # what the rate was multiplied by: pupils, schools or EAL pupils
    amount: Decimal = NO_PENCE

    @property
    def charges(self) -> bool:
        return self.vote is not None and self.vote.passed

    @property
    def label(self) -> str:
        return ForumPhase(self.phase).label

    @property
    def basis_label(self) -> str:
        return ChargeBasis(self.basis).label


@dataclass
class LineSummary:
    line: DeDelegationLine
    phases: list[PhaseTotal]

    @property
    def total(self) -> Decimal:
        return sum((p.amount for p in self.phases), NO_PENCE)


@dataclass
class Schedule:
    """A year's de-delegation as the schools forum sees it: each line's rates, votes and
    totals by phase; each school's charge per line; the schools that cannot be charged yet."""

    year: FundingYear
    lines: list[LineSummary]
    schools: list[SchoolCharge]
    attention: list[tuple[School, str]]
    outside: int
    conversion_rule: str = ConversionRule.DAYS

    @property
    def without_pupils(self) -> list[SchoolCharge]:
        return [row for row in self.schools if not row.has_pupils]

    @property
    def total(self) -> Decimal:
        return sum((summary.total for summary in self.lines), NO_PENCE)

    @property
    def conversion_rule_label(self) -> str:
        return ConversionRule(self.conversion_rule).label


def _votes(line: DeDelegationLine) -> dict[str, PhaseVote]:
    return {vote.phase: vote for vote in line.votes.all() if vote.superseded_at is None}


def charge_for(line: DeDelegationLine, phase: str, pupils: int | None, *,
               eal_pupils: int | None = None, share: ProRata | None = None
               ) -> Decimal | None:
    """The charge of one line to a school of `phase`: None where the phase did not agree the
    line (or has not voted) or the school lacks the number the basis needs."""
    vote = _votes(line).get(phase)
    if vote is None or not vote.passed:
        return None
    basis = line.basis_for(phase)
    units: int | None = pupils
    if basis == ChargeBasis.PER_SCHOOL:
        units = 1
    elif basis == ChargeBasis.PER_EAL_PUPIL:
        units = eal_pupils
    if units is None:
        return None
    amount = line.rate_for(phase) * units
    if share is not None:
        amount = (amount * share.share).quantize(PENNY, rounding=ROUND_HALF_UP)
    return amount


@dataclass(frozen=True)
class Inputs:
    numbers: dict[date, dict[int, PupilNumber]]
    details: dict[date, dict[int, CensusDetail]]
    conversions: dict[int, Conversion]
    rule: str


def charge_inputs(schools: list[School], years: list[FundingYear]) -> Inputs:
    """Everything the charges read, for several years at once: eight queries."""
    settings = FundingSettings.objects.first()
    return Inputs(numbers=pupils_on_each(schools, years),
                  details=census_details_each(schools, years),
                  conversions=conversions(schools),
                  rule=settings.conversion_rule if settings else ConversionRule.DAYS)


def schools_since(start_year: int) -> list[School]:
    """Open schools, and those closing after 1 April of `start_year` (a conversion)."""
    return list(School.objects.filter(Q(establishment__is_open=True) | Q(
        establishment__close_date__gt=date(start_year, 4, 1)))
        .select_related("establishment").order_by("establishment__name"))


def schools_in_year(year: FundingYear) -> list[School]:
    """Open schools, and those closing during or after the year (a conversion)."""
    return schools_since(year.start_year)


def school_rows(year: FundingYear, lines: list[DeDelegationLine], school: School,
                inputs: Inputs) -> tuple[Placement, list[SchoolCharge]]:
    """One school's placement and its charge rows (two for an all-through school)."""
    when = census_date_for(year)
    conversion = inputs.conversions.get(school.pk)
    placement = placement_of(school.establishment, year_start=date(year.start_year, 4, 1),
                             converted_on=conversion.converted_on if conversion else None)
    if not placement.charged:
        return placement, []
    number = inputs.numbers[when].get(school.pk)
    detail = inputs.details[when].get(school.pk) or CensusDetail(None, None, None)
    share = pro_rata(year, conversion, inputs.rule) if conversion else None
    pupils = {phase: number.pupils if number else None for phase in placement.phases}
    eal = {phase: detail.eal_pupils for phase in placement.phases}
    note = ""
    if len(placement.phases) > 1:
        split = split_all_through(school.establishment, number.pupils, detail.eal_pupils,
                                  detail.primary_pupils, detail.secondary_pupils
                                  ) if number else None
        if split is None:
            return Placement(reason=ALL_THROUGH_REASON, attention=True), []
        pupils = dict(split.pupils)
        eal = dict(split.eal) if split.eal is not None else eal
        note = split.note
    rows = []
    for phase in placement.phases:
        row = SchoolCharge(school=school, phase=phase, pupils=pupils[phase],
                           census_date=number.census_date if number else None,
                           source=number.source if number else "", eal_pupils=eal[phase],
                           split_note=note, pro_rata=share)
        row.charges = {line.pk: charge_for(line, phase, row.pupils, eal_pupils=row.eal_pupils,
                                           share=share) for line in lines}
        rows.append(row)
    return placement, rows


def _school_charges(year: FundingYear, lines: list[DeDelegationLine], schools: list[School],
                    inputs: Inputs) -> tuple[list[SchoolCharge], list[tuple[School, str]], int]:
    rows, attention, outside = [], [], 0
    for school in schools:
        placement, found = school_rows(year, lines, school, inputs)
        if not found:
            if placement.attention:
                attention.append((school, placement.reason))
            else:
                outside += 1
        rows.extend(found)
    return rows, attention, outside


def summarise(line: DeDelegationLine, rows: list[SchoolCharge]) -> LineSummary:
    votes = _votes(line)
    phases = [PhaseTotal(phase=phase, rate=line.rate_for(phase), basis=line.basis_for(phase),
                         vote=votes.get(phase)) for phase in ForumPhase.values]
    by_phase = {total.phase: total for total in phases}
    for row in rows:
        charge = row.charges[line.pk]
        if charge is not None:
            total = by_phase[row.phase]
            total.schools += 1
            total.pupils += row.pupils or 0
            total.units += row.units(total.basis) or 0
            total.amount += charge
    return LineSummary(line=line, phases=phases)


def dedelegation_schedule(year: FundingYear) -> Schedule:
    """The year's schedule for the scope's tenant. A fixed number of queries, whatever the
    number of lines and schools."""
    lines = lines_of(year)
    schools = schools_in_year(year)
    inputs = charge_inputs(schools, [year])
    rows, attention, outside = _school_charges(year, lines, schools, inputs)
    return Schedule(year=year, lines=[summarise(line, rows) for line in lines], schools=rows,
                    attention=attention, outside=outside, conversion_rule=inputs.rule)


@dataclass(frozen=True)
class OwnLine:
    line: DeDelegationLine
    row: SchoolCharge
    vote: PhaseVote | None  # the row's phase's vote
    rate: Decimal
    basis: str
    charge: Decimal | None

    @property
    def basis_label(self) -> str:
        return ChargeBasis(self.basis).label


@dataclass(frozen=True)
class OwnSchoolCharges:
    """One school's de-delegation in a year: its placement, its rows (one per phase: two for an
    all-through school) and the charge per line."""

    school: School
    placement: Placement
    rows: list[SchoolCharge]
    lines: list[DeDelegationLine]

    @property
    def row(self) -> SchoolCharge | None:
        return self.rows[0] if self.rows else None

    @property
    def total(self) -> Decimal:
        return sum((row.total for row in self.rows), NO_PENCE)

    @property
    def items(self) -> list[OwnLine]:
        return [OwnLine(line=line, row=row, vote=_votes(line).get(row.phase),
                        rate=line.rate_for(row.phase), basis=line.basis_for(row.phase),
                        charge=row.charges[line.pk])
                for row in self.rows for line in self.lines]


def school_charges(year: FundingYear, school: School) -> OwnSchoolCharges:
    lines = lines_of(year)
    placement, rows = school_rows(year, lines, school, charge_inputs([school], [year]))
    return OwnSchoolCharges(school=school, placement=placement, rows=rows, lines=lines)
