"""The allocation engine, computed without the database: the same function makes a run's
snapshot and a what-if, so the two can only differ by their inputs and parameters.

Which schools qualify is one rule for every mode: a category in force and *confirmed* (a
proposal funds nothing), that triggers funding (the formula's list, or the scheme's own
attribute when the formula lists none), a place in a partnership of the formula's level on the
date, and at least the formula's minimum number of pupils (pupil numbers are needed only where
the mode or the minimum uses them). What a qualifying school gets is the mode's, each a small
function over plain values:

- `category_rates` (Warwickshire, seed 001 appendix D: "Number of schools in consortium that
  trigger funding (depending on categorisation) Multiplied by 'x' amount per number of pupils
  in the school"): pupils x the rate for its category.
- `pot` (a fixed pot shared out): the pot shared across every qualifying school in proportion
  to its weight, pupils x its category's weight, by the largest remainder method
  (`funding.shares`: larger fractional part of a penny first, then lower URN).
- `days` (entitlement days x day rate): the days for its category, from the formula's values or
  else the scheme's `support_days`, times the day rate.
- `flat`: the same amount for every qualifying school.
- `band`: the amount of its category's band (DfE's RISE bands £40k/£80k/£120k are one such
  configuration).

Rounding rule: only the pot needs one. Rates are whole pence times whole pupils or days, bands
and flat amounts are whole pence, so those amounts are exact; the pot's shares are whole pence
by the largest remainder method and add to the pot exactly. Partnership totals and the run's
total are sums of school amounts in Python (`Decimal`, never the database's SUM, which SQLite
does in floating point), so every total adds up to the penny by construction.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from funding.shares import largest_remainder

NO_PENCE = Decimal("0.00")
# Categorisation's only unconfirmed step: the engine's proposal. Every other status (confirmed,
# overridden, chosen, agreed, disagreed pending moderation, moderated) is an officer's decision
# in force, so money follows it.
UNCONFIRMED = {"proposed"}

RATES, POT, DAYS, FLAT, BAND = "category_rates", "pot", "days", "flat", "band"
# What a formula's per-category values and its amount mean in each mode.
VALUE_NAMES = {RATES: "rate per pupil", POT: "weight per pupil", DAYS: "days",
               FLAT: "", BAND: "band"}
AMOUNT_NAMES = {RATES: "", POT: "pot", DAYS: "day rate", FLAT: "amount per school", BAND: ""}
USES_PUPILS = {RATES, POT}


@dataclass(frozen=True)
class Parameters:
    level_name: str
    rates: dict[str, Decimal]  # per category: the mode's value (VALUE_NAMES)
    triggering_codes: frozenset[str] = frozenset()  # empty: as the scheme says
    minimum_pupils: int = 0
    mode: str = RATES
    amount: Decimal | None = None  # the mode's amount (AMOUNT_NAMES)

    def triggers(self, code: str, scheme_says: bool) -> bool:
        return code in self.triggering_codes if self.triggering_codes else scheme_says

    def as_json(self) -> dict:
        return {"level_name": self.level_name, "mode": self.mode,
                "rates": {code: str(rate) for code, rate in sorted(self.rates.items())},
                "amount": None if self.amount is None else str(self.amount),
                "triggering_codes": sorted(self.triggering_codes),
                "minimum_pupils": self.minimum_pupils}

    @classmethod
    def from_json(cls, data: dict) -> Parameters:
        amount = data.get("amount")
        return cls(level_name=data["level_name"],
                   rates={code: Decimal(rate) for code, rate in data["rates"].items()},
                   triggering_codes=frozenset(data.get("triggering_codes", [])),
                   minimum_pupils=int(data.get("minimum_pupils", 0)),
                   mode=data.get("mode", RATES),
                   amount=None if amount is None or amount == "" else Decimal(str(amount)))


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
    support_days: int | None = None  # the scheme's days for the category, where it gives them


@dataclass(frozen=True)
class SchoolResult:
    input: SchoolInput
    triggers: bool
    rate: Decimal | None
    amount: Decimal
    reason: str
    days: int | None = None
    weight: Decimal | None = None


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

    @property
    def unshared(self) -> Decimal:
        """Pot mode: what no school qualified for (the whole pot when none did), else 0."""
        if self.parameters.mode != POT or self.parameters.amount is None:
            return NO_PENCE
        return self.parameters.amount - self.total


def _money(value: Decimal) -> str:
    return f"£{value:,.2f}"


def _category(school: SchoolInput) -> str:
    return f"{school.code} ({school.label})" if school.label else school.code


def _not_funded(school: SchoolInput, parameters: Parameters, on: date | None
                ) -> SchoolResult | None:
    """The reason a school does not qualify, or None when it does (every mode's rule)."""
    when = f" on {on:%-d %B %Y}" if on else ""
    category = _category(school)
    if not school.code:
        return SchoolResult(school, False, None, NO_PENCE, f"No category in force{when}.")
    if school.status in UNCONFIRMED:
        return SchoolResult(school, False, None, NO_PENCE,
                            f"Category {category} is proposed, not confirmed: no funding "
                            "until an officer confirms it.")
    if not parameters.triggers(school.code, school.scheme_triggers):
        return SchoolResult(school, False, None, NO_PENCE,
                            f"Category {category} does not trigger funding.")
    if school.partnership_id is None:
        return SchoolResult(school, True, None, NO_PENCE,
                            f"Category {category} triggers funding, but the school is in no "
                            f"{parameters.level_name}{when}: there is no partnership to fund.")
    value_name = VALUE_NAMES[parameters.mode]
    if parameters.mode in (RATES, POT, BAND) and school.code not in parameters.rates:
        return SchoolResult(school, True, None, NO_PENCE,
                            f"Category {category} triggers funding, but the formula has no "
                            f"{value_name} for it.")
    needs_pupils = parameters.mode in USES_PUPILS or parameters.minimum_pupils > 0
    if needs_pupils and school.pupils is None:
        return SchoolResult(school, True, None, NO_PENCE,
                            f"Category {category} triggers funding, but the school has no "
                            "pupil number: not funded until the census gives one.")
    if school.pupils is not None and school.pupils < parameters.minimum_pupils:
        return SchoolResult(school, True, None, NO_PENCE,
                            f"Category {category} triggers funding, but {school.pupils} pupils "
                            f"is fewer than the minimum of {parameters.minimum_pupils}.")
    return None


def _by_rate(school: SchoolInput, parameters: Parameters) -> SchoolResult:
    rate = parameters.rates[school.code]
    pupils = school.pupils or 0
    amount = rate * pupils  # exact: whole pence times whole pupils
    return SchoolResult(school, True, rate, amount,
                        f"Category {_category(school)} triggers funding: {pupils:,} pupils x "
                        f"{_money(rate)} = {_money(amount)}.")


def _by_days(school: SchoolInput, parameters: Parameters) -> SchoolResult:
    rate = parameters.amount or NO_PENCE
    category = _category(school)
    if school.code in parameters.rates:
        days, source = int(parameters.rates[school.code]), "the formula's days"
    elif school.support_days is not None:
        days, source = school.support_days, "the scheme's support days"
    else:
        return SchoolResult(school, True, rate, NO_PENCE,
                            f"Category {category} triggers funding, but neither the formula "
                            "nor the scheme gives days for it.")
    amount = rate * days
    return SchoolResult(school, True, rate, amount,
                        f"Category {category} triggers funding: {days} days ({source}) x "
                        f"{_money(rate)} a day = {_money(amount)}.", days=days)


def _flat(school: SchoolInput, parameters: Parameters) -> SchoolResult:
    amount = parameters.amount or NO_PENCE
    return SchoolResult(school, True, amount, amount,
                        f"Category {_category(school)} triggers funding: {_money(amount)} for "
                        "every funded school.")


def _band(school: SchoolInput, parameters: Parameters) -> SchoolResult:
    amount = parameters.rates[school.code]
    return SchoolResult(school, True, amount, amount,
                        f"Category {_category(school)} triggers funding: the band for "
                        f"{school.code}, {_money(amount)}.")


PER_SCHOOL = {RATES: _by_rate, DAYS: _by_days, FLAT: _flat, BAND: _band}


def school_result(school: SchoolInput, parameters: Parameters, on: date | None) -> SchoolResult:
    """One school's amount and the reason for it, in the words a finance officer would use
    (every mode but the pot, whose shares depend on every other school: see `compute`)."""
    return _not_funded(school, parameters, on) or PER_SCHOOL[parameters.mode](school,
                                                                            parameters)


def _share_pot(schools: list[SchoolInput], parameters: Parameters,
               on: date | None) -> dict[int, SchoolResult]:
    """The pot shared by weight (pupils x the category's weight) across the qualifying
    schools of every partnership, to the penny by the largest remainder method."""
    pot = parameters.amount or NO_PENCE
    results: dict[int, SchoolResult] = {}
    weights: dict[tuple[int, int], Decimal] = {}
    for school in schools:
        refused = _not_funded(school, parameters, on)
        if refused is not None:
            results[school.school_id] = refused
        else:
            weights[(school.urn, school.school_id)] = (
                parameters.rates[school.code] * (school.pupils or 0))
    total = sum(weights.values(), NO_PENCE)
    shares = largest_remainder(pot, weights)
    by_id = {school.school_id: school for school in schools}
    for (_urn, school_id), weight in weights.items():
        school = by_id[school_id]
        share = shares[(_urn, school_id)]
        per_pupil = parameters.rates[school.code]
        results[school_id] = SchoolResult(
            school, True, None, share,
            f"Category {_category(school)} triggers funding: weight {school.pupils or 0:,} "
            f"pupils x {per_pupil} = {weight:,}, of a total weight of {total:,}; its share of "
            f"the {_money(pot)} pot, to the penny, is {_money(share)}.", weight=weight)
    return results


def compute(schools: list[SchoolInput], parameters: Parameters,
            on: date | None = None) -> Result:
    """Every school's result, grouped by partnership (by name; schools in none last)."""
    ordered_schools = sorted(schools, key=lambda s: (s.partnership_name, s.name, s.urn))
    shared = _share_pot(ordered_schools, parameters, on) if parameters.mode == POT else {}
    groups: dict[int | None, PartnershipResult] = {}
    for school in ordered_schools:
        group = groups.get(school.partnership_id)
        if group is None:
            group = groups[school.partnership_id] = PartnershipResult(
                school.partnership_id,
                school.partnership_name or f"Not in a {parameters.level_name}")
        group.schools.append(shared[school.school_id] if parameters.mode == POT
                             else school_result(school, parameters, on))
    ordered = sorted(groups.values(), key=lambda g: (g.partnership_id is None, g.name))
    return Result(parameters=parameters, partnerships=ordered)


def suppose(school: SchoolInput, *, code: str, label: str) -> SchoolInput:
    """The same school supposing its category were `code`, confirmed (a what-if)."""
    return replace(school, code=code, label=label, status="supposed", step_id=None)
