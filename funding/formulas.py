"""Warwickshire's rates mode, computed without the database: the same function makes a run's
snapshot and a what-if, so the two can only differ by their inputs and parameters.

The rule (seed 001, appendix D, "Example of Possible Funding Allocation Methodology": "Number of
schools in consortium that trigger funding (depending on categorisation) Multiplied by 'x'
amount per number of pupils in the school"): for each partnership, the sum over its schools
whose *confirmed* category triggers funding of pupils x the rate for that category.

Rounding rule: none is needed, and none is applied. A rate is whole pence and pupils are whole,
so each school's amount is exact to the penny; partnership totals and the run total are sums of
those amounts in Python (`Decimal`, never the database's SUM, which SQLite does in floating
point), so they add up to the penny by construction. The tests check it anyway.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

NO_PENCE = Decimal("0.00")
# Categorisation's only unconfirmed step: the engine's proposal. Every other status (confirmed,
# overridden, chosen, agreed, disagreed pending moderation, moderated) is an officer's decision
# in force, so money follows it.
UNCONFIRMED = {"proposed"}


@dataclass(frozen=True)
class Parameters:
    level_name: str
    rates: dict[str, Decimal]
    triggering_codes: frozenset[str] = frozenset()  # empty: as the scheme says
    minimum_pupils: int = 0

    def triggers(self, code: str, scheme_says: bool) -> bool:
        return code in self.triggering_codes if self.triggering_codes else scheme_says

    def as_json(self) -> dict:
        return {"level_name": self.level_name,
                "rates": {code: str(rate) for code, rate in sorted(self.rates.items())},
                "triggering_codes": sorted(self.triggering_codes),
                "minimum_pupils": self.minimum_pupils}

    @classmethod
    def from_json(cls, data: dict) -> Parameters:
        return cls(level_name=data["level_name"],
                   rates={code: Decimal(rate) for code, rate in data["rates"].items()},
                   triggering_codes=frozenset(data.get("triggering_codes", [])),
                   minimum_pupils=int(data.get("minimum_pupils", 0)))


@dataclass(frozen=True)
class SchoolInput:
    """What the formula reads of one school on the run's date."""

    school_id: int
    urn: int
    name: str
    partnership_id: int | None
    partnership_name: str
    step_id: int | None = None
    code: str = ""
    label: str = ""
    status: str = ""
    scheme_triggers: bool = False
    pupils: int | None = None
    census_date: date | None = None
    pupils_source: str = ""


@dataclass(frozen=True)
class SchoolResult:
    input: SchoolInput
    triggers: bool
    rate: Decimal | None
    amount: Decimal
    reason: str


@dataclass
class PartnershipResult:
    partnership_id: int | None
    name: str
    schools: list[SchoolResult] = field(default_factory=list)

    @property
    def amount(self) -> Decimal:
        return sum((row.amount for row in self.schools), NO_PENCE)

    @property
    def funded(self) -> list[SchoolResult]:
        return [row for row in self.schools if row.amount > 0]

    @property
    def funded_pupils(self) -> int:
        return sum(row.input.pupils or 0 for row in self.funded)


@dataclass
class Result:
    parameters: Parameters
    partnerships: list[PartnershipResult]

    @property
    def schools(self) -> list[SchoolResult]:
        return [row for p in self.partnerships for row in p.schools]

    @property
    def total(self) -> Decimal:
        return sum((p.amount for p in self.partnerships), NO_PENCE)


def _money(value: Decimal) -> str:
    return f"£{value:,.2f}"


def school_result(school: SchoolInput, parameters: Parameters, on: date | None) -> SchoolResult:
    """One school's amount and the reason for it, in the words a finance officer would use."""
    when = f" on {on:%-d %B %Y}" if on else ""
    category = f"{school.code} ({school.label})" if school.label else school.code
    if not school.code:
        return SchoolResult(school, False, None, NO_PENCE, f"No category in force{when}.")
    if school.status in UNCONFIRMED:
        return SchoolResult(school, False, None, NO_PENCE,
                            f"Category {category} is proposed, not confirmed: no funding "
                            "until an officer confirms it.")
    if not parameters.triggers(school.code, school.scheme_triggers):
        return SchoolResult(school, False, None, NO_PENCE,
                            f"Category {category} does not trigger funding.")
    rate = parameters.rates.get(school.code)
    if school.partnership_id is None:
        return SchoolResult(school, True, rate, NO_PENCE,
                            f"Category {category} triggers funding, but the school is in no "
                            f"{parameters.level_name}{when}: there is no partnership to fund.")
    if rate is None:
        return SchoolResult(school, True, None, NO_PENCE,
                            f"Category {category} triggers funding, but the formula has no "
                            "rate for it.")
    if school.pupils is None:
        return SchoolResult(school, True, rate, NO_PENCE,
                            f"Category {category} triggers funding, but the school has no "
                            "pupil number: not funded until the census gives one.")
    if school.pupils < parameters.minimum_pupils:
        return SchoolResult(school, True, rate, NO_PENCE,
                            f"Category {category} triggers funding, but {school.pupils} pupils "
                            f"is fewer than the minimum of {parameters.minimum_pupils}.")
    # Exact: whole pence times whole pupils (see the module's rounding rule).
    amount = rate * school.pupils
    return SchoolResult(school, True, rate, amount,
                        f"Category {category} triggers funding: {school.pupils:,} pupils x "
                        f"{_money(rate)} = {_money(amount)}.")


def compute(schools: list[SchoolInput], parameters: Parameters,
            on: date | None = None) -> Result:
    """Every school's result, grouped by partnership (by name; schools in none last)."""
    groups: dict[int | None, PartnershipResult] = {}
    for school in sorted(schools, key=lambda s: (s.partnership_name, s.name, s.urn)):
        group = groups.get(school.partnership_id)
        if group is None:
            group = groups[school.partnership_id] = PartnershipResult(
                school.partnership_id,
                school.partnership_name or f"Not in a {parameters.level_name}")
        group.schools.append(school_result(school, parameters, on))
    ordered = sorted(groups.values(), key=lambda g: (g.partnership_id is None, g.name))
    return Result(parameters=parameters, partnerships=ordered)


def suppose(school: SchoolInput, *, code: str, label: str) -> SchoolInput:
    """The same school supposing its category were `code`, confirmed (a what-if)."""
    return replace(school, code=code, label=label, status="supposed", step_id=None)
