"""Rules an earlier rule hides: the first rule that matches decides, so a rule whose every
school an earlier rule catches can never apply, and a category whose every rule is hidden can
never be given. Found from the conditions alone (no data), for the editor's warnings.

A condition is read as "any of" its branches, each "all of" some tests (its disjunctive form;
a "not" is kept whole and matches only itself). A later branch is caught by an earlier one when
each of the earlier branch's tests follows from one of its own: the same test, a value the
earlier test accepts (eq 3 against lte 3, in [a, b] against in [a, b, c]), a tighter bound (lt 2
against lte 3), or any test on a fact against "is known". Anything it cannot show is reported
as reachable: a warning is never a false alarm.
"""

from __future__ import annotations

import json
from itertools import product
from typing import Any

from categorisation.schemes.engine import _COMPARE, UNARY_OPS

MAX_BRANCHES = 256
Test = dict
Branch = list[Test]


def branches(condition: Any) -> list[Branch] | None:
    """The condition as "any of" branches of "all of" tests; None when there would be more
    than MAX_BRANCHES (then nothing is claimed)."""
    if not isinstance(condition, dict):
        return None
    if "any" in condition:
        found: list[Branch] = []
        for part in condition["any"] or []:
            more = branches(part)
            if more is None:
                return None
            found += more
        return found if len(found) <= MAX_BRANCHES else None
    if "all" in condition:
        parts = [branches(part) for part in condition["all"] or []]
        if any(part is None for part in parts):
            return None
        combined: list[Branch] = [[]]
        for part in parts:
            assert part is not None
            if len(combined) * len(part) > MAX_BRANCHES:
                return None
            combined = [left + right for left, right in product(combined, part)]
        return combined
    if "not" in condition:
        return [[{"opaque": json.dumps(condition, sort_keys=True)}]]
    return [[condition]]


def _accepts(test: Test, value: Any) -> bool:
    compare = _COMPARE.get(test.get("op", ""))
    if compare is None:
        return False
    try:
        return bool(compare(value, test.get("value")))
    except TypeError:
        return False


_UPPER = {"lt", "lte"}
_LOWER = {"gt", "gte"}


def implies(later: Test, earlier: Test) -> bool:
    """Whether every value passing `later` passes `earlier` (same fact)."""
    if later == earlier:
        return True
    if "opaque" in later or "opaque" in earlier or later.get("fact") != earlier.get("fact"):
        return False
    op, other = later.get("op"), earlier.get("op")
    if other == "exists":
        return op not in ("missing", None)
    if op in UNARY_OPS or other in UNARY_OPS:
        return op == other
    value: Any = later.get("value")
    bound: Any = earlier.get("value")
    if op in ("eq", "in"):
        values = value if op == "in" and isinstance(value, list) else [value]
        return bool(values) and all(_accepts(earlier, item) for item in values)
    try:
        if op in _UPPER and other in _UPPER:
            return value < bound or (value == bound and (op == other or op == "lt"))
        if op in _LOWER and other in _LOWER:
            return value > bound or (value == bound and (op == other or op == "gt"))
    except TypeError:
        return False
    return False


def caught_by(later: Branch, earlier: Branch) -> bool:
    return all(any(implies(mine, theirs) for mine in later) for theirs in earlier)


def hidden_rules(definition: dict) -> dict[int, int]:
    """Rule index -> the index of the earlier rule that catches it (every branch of it caught
    by one earlier rule or another; the one named is the last needed)."""
    rules = definition.get("rules", []) if isinstance(definition, dict) else []
    forms = [branches(rule.get("when")) if isinstance(rule, dict) else None for rule in rules]
    hidden: dict[int, int] = {}
    for index, mine in enumerate(forms):
        if not mine:
            continue
        by: int | None = None
        for branch in mine:
            catcher = next((earlier for earlier in range(index)
                            if any(caught_by(branch, theirs)
                                   for theirs in forms[earlier] or [])), None)
            if catcher is None:
                break
            by = max(by or 0, catcher)
        else:
            if by is not None:
                hidden[index] = by
    return hidden


def overlap_warnings(definition: dict, labels: dict[str, str]) -> list[str]:
    """The rules that can never apply and the categories that can never be given, in words."""
    rules = definition.get("rules", [])
    hidden = hidden_rules(definition)

    def name(rule: dict) -> str:
        if "undetermined" in rule:
            return "undetermined between " + " and ".join(rule["undetermined"])
        code = rule.get("category", "")
        return f"{code} {labels.get(code, '')}".strip()

    warnings = [f"Rule {index + 1} ({name(rules[index])}) can never apply: rule {by + 1} "
                f"({name(rules[by])}) comes first and catches every school it would."
                for index, by in sorted(hidden.items())]
    for code, label in labels.items():
        giving = [index for index, rule in enumerate(rules)
                  if rule.get("category") == code or code in rule.get("undetermined", [])]
        if giving and all(index in hidden for index in giving):
            warnings.append(f"Category {code} {label} can never be given: earlier rules catch "
                            "every school its rules would.")
    return warnings
