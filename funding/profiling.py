"""Profiling an academic-year allocation across its two financial years, pure (no database).

An academic year (September to August) spans two financial years (April to March): by
default its first seven months (September to March) fall in the first financial year and its
last five (April to August) in the second (`core.years.AcademicYear.financial_years`). A tenant
may profile differently (`FundingSettings.first_year_months`); a run keeps the months it was
made with.

The rounding rule: the first financial year's part of an amount is amount x months / 12,
rounded to the nearest penny (half a penny up); the second year's part is the rest, so the
two parts add to the whole exactly. The schools of a partnership share their partnership's
first-year part by the largest remainder method (`funding.shares`), so the schools' parts add
to their partnership's part to the penny in each year, and no school's part is more than a
penny from its exact value.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from math import floor
from typing import TypeVar

from funding.shares import largest_remainder

MONTHS = 12
DEFAULT_FIRST_YEAR_MONTHS = 7
PENNY = Decimal("0.01")
Key = TypeVar("Key", bound=tuple)


def check_months(months: int) -> None:
    if not 1 <= months <= MONTHS - 1:
        raise ValueError("The first financial year's months must be from 1 to 11.")


def first_part(amount: Decimal, months: int) -> Decimal:
    """The first financial year's part of `amount` (whole pence): months / 12 of it, to the
    nearest penny, half a penny up (away from zero for a negative amount)."""
    check_months(months)
    if amount != amount.quantize(PENNY):
        raise ValueError("The amount must be whole pence.")
    exact = Fraction(int(amount * 100) * months, MONTHS)
    pence = floor(abs(exact) + Fraction(1, 2))
    return (Decimal(pence if exact >= 0 else -pence) / 100).quantize(PENNY)


def split(amount: Decimal, months: int) -> tuple[Decimal, Decimal]:
    """(first financial year's part, second's): they add to `amount` exactly."""
    first = first_part(amount, months)
    return first, amount - first


def split_shares(first_total: Decimal, amounts: dict[Key, Decimal]) -> dict[Key, Decimal]:
    """Each key's part of `first_total` (a partnership's first-year part), in proportion to
    its whole amount: the parts add to `first_total` exactly. Keys sort as the tie-break."""
    return largest_remainder(first_total, amounts)
