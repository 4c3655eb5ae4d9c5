"""Evaluate a scheme's rules (JSON) against one school's facts. No per-tenant Python.

A definition:

    {
      "parameters": {"att8_band": 3, "trend_published_years": 3},
      "derive": [                         # optional: facts the scheme computes first
        {"fact": "standards_group", "label": "Standards group",
         "rules": [{"value": 1, "when": <condition>}, ...]}
      ],
      "rules": [                          # ordered: the first that matches decides
        {"category": "4", "when": <condition>, "because": "optional sentence"},
        {"undetermined": ["2A", "2B"], "when": <condition>, "because": "what is missing"}
      ]
    }

An "undetermined" rule says the data cannot decide between those categories (a Good school with
no recent results: improving or declining?): the outcome names them and an officer chooses.
No rule may default silently to one of them.

A condition is {"all": [...]}, {"any": [...]}, {"not": <condition>} or a test
{"fact": "<name>", "op": "<op>", "value": ...} with op one of eq, ne, in, not_in, lt, lte, gt,
gte, exists, missing, is_true, is_false. A test on a fact with no value is false (except
`missing`), so a rule never fires on data that is not there. Dates compare as ISO strings.

The result cites the facts the deciding rule read (only the satisfied branches of an "any"),
so the reasons say which data were used, in plain English.
"""

from __future__ import annotations

import json
import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from categorisation.schemes.facts import FACT_NAMES, OFFICER_PREFIX, Fact

OPS = {"eq", "ne", "in", "not_in", "lt", "lte", "gt", "gte", "exists", "missing", "is_true",
       "is_false"}
UNARY_OPS = {"exists", "missing", "is_true", "is_false"}


@dataclass(frozen=True)
class Outcome:
    """A category with its reasons, or `category is None` with why no rule matched."""

    category: str | None
    reasons: list[str] = field(default_factory=list)
    evidence: dict[str, Any] = field(default_factory=dict)
    rule_index: int | None = None
    # The categories an "undetermined" rule leaves for an officer to choose between.
    undetermined: tuple[str, ...] = ()

    @property
    def matched(self) -> bool:
        return self.category is not None

    @property
    def summary(self) -> str:
        return " -> ".join(self.reasons)


def evaluate(definition: dict, facts: dict[str, Fact], *, labels: dict[str, str]) -> Outcome:
    """The first rule that matches decides; `labels` maps category code -> label for the text.

    Compiles the definition each call; to evaluate many schools, `compile_definition` once and
    call the result's `evaluate` (same outcome, without re-reading the JSON per school)."""
    return compile_definition(definition).evaluate(facts, labels=labels)


# A compiled condition: facts -> (matched, names of the facts it read, in citation order).
Test = Callable[[dict[str, Fact]], tuple[bool, list[str]]]


class CompiledDefinition:
    """A definition turned into Python closures once, so a recompute does not walk the JSON
    (and build a table of operators) for every test of every school. Same results as the
    interpretation it replaces; `definition` is read, never kept."""

    def __init__(self, definition: dict) -> None:
        self.derive = [
            (step["fact"], step.get("label", step["fact"]),
             [(_compile(rule["when"]), rule["value"]) for rule in step["rules"]])
            for step in definition.get("derive", [])
        ]
        self.rules = [
            (index, _compile(rule["when"]), rule.get("category"),
             tuple(rule.get("undetermined", ())), rule.get("because"))
            for index, rule in enumerate(definition.get("rules", []))
        ]

    def evaluate(self, facts: dict[str, Fact], *, labels: dict[str, str]) -> Outcome:
        facts = dict(facts)
        derived_citations: dict[str, list[str]] = {}
        for fact_name, name, rules in self.derive:
            for test, value in rules:
                ok, cited = test(facts)
                if ok:
                    texts = _texts(cited, facts, derived_citations)
                    facts[fact_name] = Fact(value, "; ".join(texts + [f"{name} {value}"]))
                    derived_citations[fact_name] = texts + [f"{name} {value}"]
                    break
        evidence = {name: fact.value for name, fact in sorted(facts.items())}
        for index, test, code, undetermined, because in self.rules:
            ok, cited = test(facts)
            if not ok:
                continue
            reasons = _texts(cited, facts, derived_citations)
            if because:
                reasons.append(because)
            if undetermined:
                reasons.append("not determined: an officer chooses between " + " and ".join(
                    f"{choice} {labels.get(choice, '')}".rstrip() for choice in undetermined))
                return Outcome(None, reasons, evidence, index, undetermined)
            reasons.append(f"category {code} {labels.get(code, '')}".rstrip())
            return Outcome(code, reasons, evidence, index)
        available = [fact.text for name, fact in sorted(facts.items())
                     if name.startswith("inspection.exists") or name == "trend"]
        return Outcome(None, ["No rule matched: " + "; ".join(t for t in available if t)],
                       evidence)


def compile_definition(definition: dict) -> CompiledDefinition:
    """The compiled form of a definition, cached by its content (a saved version is never
    edited in place, and an arrival for 150 councils would otherwise compile 150 times)."""
    return _compiled(json.dumps(definition, sort_keys=True, separators=(",", ":")))


@lru_cache(maxsize=256)
def _compiled(text: str) -> CompiledDefinition:
    return CompiledDefinition(json.loads(text))


def _texts(cited: list[str], facts: dict[str, Fact], derived: dict[str, list[str]]) -> list[str]:
    texts: list[str] = []
    for name in cited:
        parts = derived.get(name) or [facts[name].text]
        for text in parts:
            if text and text not in texts:
                texts.append(text)
    return texts


_COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "exists": lambda value, expected: True,
    "is_true": lambda value, expected: value is True,
    "is_false": lambda value, expected: value is False,
    "eq": operator.eq,
    "ne": operator.ne,
    "in": lambda value, expected: value in expected,
    "not_in": lambda value, expected: value not in expected,
    "lt": operator.lt,
    "lte": operator.le,
    "gt": operator.gt,
    "gte": operator.ge,
}


def _compile(condition: dict) -> Test:
    """A condition as a closure. An "all" stops at the first failure; an "any" tries every
    branch, so the reasons cite each satisfied one; a test on a fact with no value fails (except
    `missing`); a number compared with text does not apply."""
    if "all" in condition:
        parts = [_compile(part) for part in condition["all"]]

        def all_of(facts: dict[str, Fact]) -> tuple[bool, list[str]]:
            cited: list[str] = []
            for part in parts:
                ok, more = part(facts)
                if not ok:
                    return False, []
                cited += [name for name in more if name not in cited]
            return True, cited

        return all_of
    if "any" in condition:
        parts = [_compile(part) for part in condition["any"]]

        def any_of(facts: dict[str, Fact]) -> tuple[bool, list[str]]:
            cited: list[str] = []
            matched = False
            for part in parts:
                ok, more = part(facts)
                if ok:
                    matched = True
                    cited += [name for name in more if name not in cited]
            return matched, cited

        return any_of
    if "not" in condition:
        inner = _compile(condition["not"])
        names = _names(condition["not"])

        def not_(facts: dict[str, Fact]) -> tuple[bool, list[str]]:
            ok, _ = inner(facts)
            return (not ok), list(names)

        return not_
    name, op, expected = condition["fact"], condition["op"], condition.get("value")
    if op == "missing":
        def missing(facts: dict[str, Fact]) -> tuple[bool, list[str]]:
            fact = facts.get(name)
            if fact is None:
                return True, []
            value = fact.value
            return value is None or value == "", [name]

        return missing
    compare = _COMPARE.get(op) or _unknown_op(op)

    def test(facts: dict[str, Fact]) -> tuple[bool, list[str]]:
        fact = facts.get(name)
        if fact is None:
            return False, []
        value = fact.value
        if value is None or value == "":
            return False, []
        try:
            result = compare(value, expected)
        except TypeError:  # a number compared with text: the rule does not apply
            return False, []
        return bool(result), [name]

    return test


def _unknown_op(op: str) -> Callable[[Any, Any], Any]:
    def fail(value: Any, expected: Any) -> Any:
        raise KeyError(op)  # as when the rule is reached; `definition_problems` refuses it

    return fail


def _names(condition: dict) -> list[str]:
    if "fact" in condition:
        return [condition["fact"]]
    parts = condition.get("all") or condition.get("any") or [condition.get("not", {})]
    return [name for part in parts for name in _names(part)]


# --- Validation of a definition -----------------------------------------------------------


def definition_problems(definition: Any, category_codes: set[str]) -> list[str]:
    """What is wrong with a definition, in words an admin can act on; empty when it is sound."""
    if not isinstance(definition, dict):
        return ["The scheme definition must be an object with 'rules'."]
    problems: list[str] = []
    known = set(FACT_NAMES)
    for number, step in enumerate(definition.get("derive", []), start=1):
        if not isinstance(step, dict) or "fact" not in step or "rules" not in step:
            problems.append(f"Derived fact {number} needs 'fact' and 'rules'.")
            continue
        for rule in step["rules"]:
            if "value" not in rule:
                problems.append(f"A rule deriving {step['fact']} has no 'value'.")
            problems += _condition_problems(rule.get("when"), known, f"deriving {step['fact']}")
        known.add(step["fact"])
    rules = definition.get("rules")
    if not isinstance(rules, list) or not rules:
        problems.append("The scheme needs at least one rule.")
        return problems
    for number, rule in enumerate(rules, start=1):
        if "undetermined" in rule:
            choices = rule["undetermined"]
            if not isinstance(choices, list) or len(choices) < 2 or "category" in rule:
                problems.append(f"Rule {number}: 'undetermined' lists two or more categories "
                                "(and the rule names no 'category').")
            else:
                problems += [f"Rule {number} names category '{code}', which the scheme does "
                             "not have." for code in choices if code not in category_codes]
        elif rule.get("category") not in category_codes:
            problems.append(f"Rule {number} names category '{rule.get('category')}', which the "
                            "scheme does not have.")
        problems += _condition_problems(rule.get("when"), known, f"rule {number}")
    return problems


def _condition_problems(condition: Any, known: set[str], where: str) -> list[str]:
    if not isinstance(condition, dict) or not condition:
        return [f"In {where}: a condition must be an object."]
    if "all" in condition or "any" in condition:
        parts = condition.get("all", condition.get("any"))
        if not isinstance(parts, list) or not parts:
            return [f"In {where}: 'all' and 'any' need a list of conditions."]
        return [problem for part in parts for problem in _condition_problems(part, known, where)]
    if "not" in condition:
        return _condition_problems(condition["not"], known, where)
    name, op = condition.get("fact"), condition.get("op")
    problems = []
    if not isinstance(name, str) or not (name in known or name.startswith(OFFICER_PREFIX)):
        problems.append(f"In {where}: unknown fact '{name}'.")
    if op not in OPS:
        problems.append(f"In {where}: unknown test '{op}'.")
    elif op not in UNARY_OPS and "value" not in condition:
        problems.append(f"In {where}: the test '{op}' on {name} needs a value.")
    elif op in ("in", "not_in") and not isinstance(condition.get("value"), list):
        problems.append(f"In {where}: the test '{op}' on {name} needs a list.")
    return problems
