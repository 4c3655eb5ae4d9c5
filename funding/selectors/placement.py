"""Where a school stands for de-delegation in a year: its forum phase (or why it has none), an
all-through school's pupils split by phase, and a mid-year conversion's share of the year.

- Only open, maintained, mainstream schools are charged: academies and free schools receive
  the money instead (and may buy the service back); special schools, pupil referral units and
  alternative provision, nursery schools and 16 plus are outside de-delegation.
- A middle school counts in its deemed phase: secondary when its statutory age range reaches
  13 or more (9-13, 10-14), primary otherwise (8-12); with no age range it is listed, not
  guessed.
- An all-through school is charged in both phases, each on its own pupils: the primary and
  secondary pupils of the census return where it gives them; otherwise its pupils are split by
  its GIAS statutory age range, in proportion to the year groups of each phase (primary: the
  ages up to 11, secondary: 11 and over; 4-16 is 7 primary and 5 secondary year groups), the
  primary share rounded to the nearest whole pupil (half up) and the secondary taking the rest,
  so the two add up to the school's pupils. Its EAL pupils are split in the same proportion.
  With neither it is listed for attention, never charged silently.
- A maintained school converting to an academy during the financial year (the conversion date
  read through `schools.published.conversions`) is charged a share of the year by the tenant's
  rule (`FundingSettings.conversion_rule`, default days): days maintained / days in the year;
  calendar months it was maintained on the 1st of / 12; or the whole year retained. One that
  converted on or before 1 April is an academy all year and is never charged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from funding.models import ConversionRule, ForumPhase, FundingYear
from schools.models import Establishment, Governance, Phase
from schools.published import Conversion

DEEMED_SECONDARY_FROM_AGE = 13
SECONDARY_FROM_AGE = 11
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
CONVERTED_REASON = "Converted to an academy before the year began: not charged."
ALL_THROUGH_REASON = ("All-through school with no pupils by phase on the census return and no "
                      "statutory age range: its pupils cannot be split between primary and "
                      "secondary yet.")
ALL_THROUGH_RULE = ("All-through school: pupils split by phase {how}.")
UNDEEMED_MIDDLE_REASON = ("Middle school with no age range: its deemed phase (primary or "
                          "secondary) is not known.")
BOTH = (ForumPhase.PRIMARY, ForumPhase.SECONDARY)


@dataclass(frozen=True)
class Placement:
    """Where a school stands for de-delegation: its forum phases (two for an all-through
    school), or why it has none. `charged` schools are in scope; `attention` ones are in scope
    but cannot be charged yet."""

    phases: tuple[str, ...] = ()
    reason: str = ""
    attention: bool = False

    @property
    def phase(self) -> str | None:
        return self.phases[0] if len(self.phases) == 1 else None

    @property
    def charged(self) -> bool:
        return bool(self.phases)


def placement_of(establishment: Establishment, *, converted_on: date | None = None,
                 year_start: date | None = None) -> Placement:
    """The school's phases; `converted_on`/`year_start` keep a school converting during the
    year in scope (closed now, but maintained for part of the year)."""
    converting = (converted_on is not None and year_start is not None
                  and converted_on > year_start)
    if converted_on is not None and year_start is not None and not converting:
        return Placement(reason=CONVERTED_REASON)
    if not establishment.is_open and not converting:
        return Placement(reason=CLOSED_REASON)
    if establishment.governance != Governance.MAINTAINED:
        return Placement(reason=ACADEMY_REASON)
    phase = establishment.phase
    if phase == Phase.PRIMARY:
        return Placement((ForumPhase.PRIMARY,))
    if phase == Phase.SECONDARY:
        return Placement((ForumPhase.SECONDARY,))
    if phase == Phase.MIDDLE:
        if establishment.statutory_high_age is None:
            return Placement(reason=UNDEEMED_MIDDLE_REASON, attention=True)
        if establishment.statutory_high_age >= DEEMED_SECONDARY_FROM_AGE:
            return Placement((ForumPhase.SECONDARY,))
        return Placement((ForumPhase.PRIMARY,))
    if phase == Phase.ALL_THROUGH:
        return Placement(BOTH)
    return Placement(reason=OUTSIDE.get(phase, OUTSIDE[Phase.NOT_APPLICABLE]))


def _half_up(numerator: int, denominator: int) -> int:
    return (2 * numerator + denominator) // (2 * denominator)


def age_range_share(establishment: Establishment) -> tuple[int, int] | None:
    """(primary year groups, all year groups) from the statutory age range, or None."""
    low, high = establishment.statutory_low_age, establishment.statutory_high_age
    if low is None or high is None or not low < SECONDARY_FROM_AGE < high:
        return None
    return SECONDARY_FROM_AGE - low, high - low


def split_count(total: int, share: tuple[int, int]) -> dict[str, int]:
    primary = _half_up(total * share[0], share[1])
    return {ForumPhase.PRIMARY: primary, ForumPhase.SECONDARY: total - primary}


@dataclass(frozen=True)
class Split:
    pupils: dict[str, int]
    eal: dict[str, int] | None
    note: str


def split_all_through(establishment: Establishment, pupils: int, eal: int | None,
                      census_primary: int | None, census_secondary: int | None
                      ) -> Split | None:
    """An all-through school's pupils (and EAL pupils) by phase, with how they were split; None
    when neither the census return nor the age range can split them."""
    if census_primary is not None and census_secondary is not None:
        share = (census_primary, census_primary + census_secondary)
        how = "as the census return gives them"
        counts: dict[str, int] = {ForumPhase.PRIMARY: census_primary,
                                  ForumPhase.SECONDARY: census_secondary}
    else:
        found = age_range_share(establishment)
        if found is None:
            return None
        share = found
        how = (f"by its statutory age range {establishment.statutory_low_age}-"
               f"{establishment.statutory_high_age}: {share[0]} of {share[1]} year groups "
               "primary")
        counts = split_count(pupils, share)
    eal_split = split_count(eal, share) if eal is not None and share[1] else None
    return Split(counts, eal_split, ALL_THROUGH_RULE.format(how=how))


@dataclass(frozen=True)
class ProRata:
    """A converting school's share of the year: the charge is multiplied by it and rounded to
    the penny, half up."""

    share: Decimal
    reason: str


def _months_maintained(start: date, converted_on: date) -> int:
    """Calendar months of the year the school was maintained on the 1st of."""
    months = (converted_on.year - start.year) * 12 + converted_on.month - start.month
    return months + (1 if converted_on.day > 1 else 0)


def pro_rata(year: FundingYear, conversion: Conversion, rule: str) -> ProRata | None:
    """The share of `year` a school converting on `conversion.converted_on` pays, or None when
    it converts after the year (charged in full)."""
    start = date(year.start_year, 4, 1)
    end = date(year.start_year + 1, 3, 31)
    on = conversion.converted_on
    if on > end:
        return None
    became = (f"Converted to {conversion.academy_name} (URN {conversion.academy_urn}) on "
              f"{on:%-d %B %Y}, from {conversion.source}: ")
    if rule == ConversionRule.WHOLE_YEAR:
        return ProRata(Decimal(1), became + "the whole year's charge is retained (the "
                                            "council's rule).")
    if rule == ConversionRule.MONTHS:
        months = _months_maintained(start, on)
        return ProRata(Decimal(months) / Decimal(12),
                       became + f"charged for {months} of 12 months maintained (the council's "
                                "rule: months).")
    days, in_year = (on - start).days, (end - start).days + 1
    return ProRata(Decimal(days) / Decimal(in_year),
                   became + f"charged for {days} of {in_year} days maintained (the council's "
                            "rule: days).")
