"""Sharing a fixed pot to the penny: the largest remainder method, pure (no database).

Each share's exact value is pot x weight / total weight, in pence, computed with fractions
(never floats). Every share first gets the whole pence of its exact value; the pence left over
(fewer than the number of shares) go one each to the shares with the **larger fractional part
of a penny**, ties broken by the **lower URN**, then the lower school id, so the result is the
same whatever order the schools come in. The shares then add up to the pot exactly, and no
share is more than a penny from its exact value.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from math import floor
from typing import TypeVar

PENNY = Decimal("0.01")
Key = TypeVar("Key", bound=tuple)


def largest_remainder(pot: Decimal, weights: dict[Key, Decimal]) -> dict[Key, Decimal]:
    """Key -> share of `pot` (whole pence) in proportion to its weight. Keys sort as the
    tie-break: give (urn, school_id). Weights must not be negative; when every weight is 0,
    every share is 0 (there is nothing to share in proportion to)."""
    if pot != pot.quantize(PENNY):
        raise ValueError("The pot must be whole pence.")
    if any(weight < 0 for weight in weights.values()):
        raise ValueError("A weight cannot be negative.")
    total = sum((Fraction(weight) for weight in weights.values()), Fraction(0))
    if total == 0:
        return {key: Decimal("0.00") for key in weights}
    pence = int(pot * 100)
    exact = {key: Fraction(pence) * Fraction(weight) / total for key, weight in weights.items()}
    whole = {key: floor(value) for key, value in exact.items()}
    left = pence - sum(whole.values())
    by_remainder = sorted(weights, key=lambda key: (-(exact[key] - whole[key]), key))
    for key in by_remainder[:left]:
        whole[key] += 1
    return {key: (Decimal(value) / 100).quantize(PENNY) for key, value in whole.items()}
