"""Who de-delegation applies to, and what each school is charged.

The rules (DESIGN §3 funding/, issue 11):
- Only open, maintained, mainstream schools are charged: academies and free schools receive
  the money instead (and may buy the service back); special schools, pupil referral units and
  alternative provision, nursery schools and 16 plus are outside de-delegation.
- A school votes, and is charged, in its forum phase: primary or secondary. A middle school is
  deemed secondary when its age range reaches 13 or more (9-13, 10-14), primary otherwise
  (8-12); with no age range it is listed, not guessed. An all-through school's pupils must be
  split by phase, which this slice does not do yet: it is listed, never charged silently.
- A line charges a phase only where that phase's maintained members voted for it.
- Charge = rate per pupil for the phase x pupils on the census the forum chose
  (`funding.selectors.pupils.pupils_on`: the latest applied census return on or before the
  year's 1 April, GIAS as a labelled fallback). A school with no pupil number is listed as
  such, never charged 0 silently.

Charges are exact (a two-place rate times whole pupils), so a line's total is the sum of its
per-school charges to the penny and no rounding rule is needed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from funding.models import NO_PENCE, DeDelegationLine, ForumPhase, FundingYear, PhaseVote
from funding.selectors.pupils import pupils_on
from funding.selectors.years import lines_of
from schools.models import Establishment, Governance, Phase, School

DEEMED_SECONDARY_FROM_AGE = 13
OUTSIDE: dict[str, str] = {
    Phase.NURSERY: "Nursery schools are outside de-delegation.",
    Phase.SPECIAL: "Special schools are outside de-delegation.",
    Phase.ALTERNATIVE_PROVISION: "Pupil referral units and alternative provision are outside "
                                 "de-delegation.",
    Phase.SIXTEEN_PLUS: "16 plus providers are outside de-delegation.",
    Phase.NOT_APPLICABLE: "Schools with no primary or secondary phase are outside "
                          "de-delegation.",
}
ACADEMY_REASON = ("Academies and free schools are not charged: they receive this money and may "
                  "buy the service back.")
CLOSED_REASON = "Closed schools are not charged."
ALL_THROUGH_REASON = ("All-through school: its pupils must be split between primary and "
                      "secondary before it can be charged.")
UNDEEMED_MIDDLE_REASON = ("Middle school with no age range: its deemed phase (primary or "
                          "secondary) is not known.")


@dataclass(frozen=True)
class Placement:
    """Where a school stands for de-delegation: its forum phase, or why it has none. `charged`
    schools are in scope; `attention` ones are in scope but cannot be charged yet."""

    phase: str | None
    reason: str = ""
    attention: bool = False

    @property
    def charged(self) -> bool:
        return self.phase is not None


def placement_of(establishment: Establishment) -> Placement:
    if not establishment.is_open:
        return Placement(None, CLOSED_REASON)
    if establishment.governance != Governance.MAINTAINED:
        return Placement(None, ACADEMY_REASON)
    phase = establishment.phase
    if phase == Phase.PRIMARY:
        return Placement(ForumPhase.PRIMARY)
    if phase == Phase.SECONDARY:
        return Placement(ForumPhase.SECONDARY)
    if phase == Phase.MIDDLE:
        if establishment.statutory_high_age is None:
            return Placement(None, UNDEEMED_MIDDLE_REASON, attention=True)
        if establishment.statutory_high_age >= DEEMED_SECONDARY_FROM_AGE:
            return Placement(ForumPhase.SECONDARY)
        return Placement(ForumPhase.PRIMARY)
    if phase == Phase.ALL_THROUGH:
        return Placement(None, ALL_THROUGH_REASON, attention=True)
    return Placement(None, OUTSIDE.get(phase, OUTSIDE[Phase.NOT_APPLICABLE]))


@dataclass
class SchoolCharge:
    school: School
    phase: str
    pupils: int | None
    census_date: date | None
    source: str
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


@dataclass
class PhaseTotal:
    phase: str
    rate: Decimal
    vote: PhaseVote | None
    schools: int = 0
    pupils: int = 0
    amount: Decimal = NO_PENCE

    @property
    def charges(self) -> bool:
        return self.vote is not None and self.vote.passed

    @property
    def label(self) -> str:
        return ForumPhase(self.phase).label


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

    @property
    def without_pupils(self) -> list[SchoolCharge]:
        return [row for row in self.schools if not row.has_pupils]

    @property
    def total(self) -> Decimal:
        return sum((summary.total for summary in self.lines), NO_PENCE)


def _votes(line: DeDelegationLine) -> dict[str, PhaseVote]:
    return {vote.phase: vote for vote in line.votes.all()}


def charge_for(line: DeDelegationLine, phase: str, pupils: int | None) -> Decimal | None:
    """The charge of one line to a school of `phase` with `pupils`: None where the phase did
    not agree the line (or has not voted) or the school has no pupil number."""
    vote = _votes(line).get(phase)
    if vote is None or not vote.passed or pupils is None:
        return None
    return line.rate_for(phase) * pupils


def _school_charges(year: FundingYear, lines: list[DeDelegationLine], schools: list[School]
                    ) -> tuple[list[SchoolCharge], list[tuple[School, str]], int]:
    numbers = pupils_on(schools, year)
    rows, attention, outside = [], [], 0
    for school in schools:
        placement = placement_of(school.establishment)
        if placement.phase is None:
            if placement.attention:
                attention.append((school, placement.reason))
            else:
                outside += 1
            continue
        number = numbers.get(school.pk)
        row = SchoolCharge(school=school, phase=placement.phase,
                           pupils=number.pupils if number else None,
                           census_date=number.census_date if number else None,
                           source=number.source if number else "")
        row.charges = {line.pk: charge_for(line, row.phase, row.pupils) for line in lines}
        rows.append(row)
    return rows, attention, outside


def dedelegation_schedule(year: FundingYear) -> Schedule:
    """The year's schedule for the scope's tenant. Four queries, whatever the number of lines
    and schools."""
    lines = lines_of(year)
    schools = list(School.objects.filter(establishment__is_open=True)
                   .select_related("establishment").order_by("establishment__name"))
    rows, attention, outside = _school_charges(year, lines, schools)
    summaries = []
    for line in lines:
        votes = _votes(line)
        phases = [PhaseTotal(phase=phase, rate=line.rate_for(phase), vote=votes.get(phase))
                  for phase in ForumPhase.values]
        by_phase = {total.phase: total for total in phases}
        for row in rows:
            charge = row.charges[line.pk]
            if charge is not None:
                total = by_phase[row.phase]
                total.schools += 1
                total.pupils += row.pupils or 0
                total.amount += charge
        summaries.append(LineSummary(line=line, phases=phases))
    return Schedule(year=year, lines=summaries, schools=rows, attention=attention,
                    outside=outside)


@dataclass(frozen=True)
class OwnLine:
    line: DeDelegationLine
    vote: PhaseVote | None  # the school's phase's vote
    rate: Decimal
    charge: Decimal | None


@dataclass(frozen=True)
class OwnSchoolCharges:
    """One school's de-delegation in a year: its placement, pupils and the charge per line."""

    school: School
    placement: Placement
    row: SchoolCharge | None
    lines: list[DeDelegationLine]

    @property
    def items(self) -> list[OwnLine]:
        if self.row is None:
            return []
        phase = self.row.phase
        return [OwnLine(line=line, vote=_votes(line).get(phase), rate=line.rate_for(phase),
                        charge=self.row.charges[line.pk]) for line in self.lines]


def school_charges(year: FundingYear, school: School) -> OwnSchoolCharges:
    lines = lines_of(year)
    placement = placement_of(school.establishment)
    rows, _, _ = _school_charges(year, lines, [school])
    return OwnSchoolCharges(school=school, placement=placement,
                            row=rows[0] if rows else None, lines=lines)
