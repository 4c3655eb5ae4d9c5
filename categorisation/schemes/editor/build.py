"""From the editor's draft to the JSON definition and categories the engine and
`services.scheme_version_create` take, saying what is wrong field by field (each message names
the rule and the field), then by the engine's own validation (`engine.definition_problems`)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from categorisation.schemes import engine
from categorisation.schemes.catalogue import (
    DATE,
    INTEGER,
    NUMBER,
    FactKind,
    kind_of,
    parse_one,
    value_type,
)
from categorisation.schemes.editor.state import (
    FUNDING,
    OFFER,
    PARAMETERS,
    Draft,
    Node,
)
from categorisation.schemes.wording import fact_label


@dataclass
class Built:
    definition: dict
    categories: list[dict]
    errors: list[tuple[str, str]] = field(default_factory=list)  # (field id, message)

    @property
    def is_valid(self) -> bool:
        return not self.errors


def _derived_value(text: str) -> Any:
    text = text.strip()
    for cast in (int, float):
        try:
            return cast(text)
        except ValueError:
            continue
    return text


def build(draft: Draft) -> Built:
    errors: list[tuple[str, str]] = []

    def error(owner, name: str, field_id: str, message: str) -> None:
        if owner is not None:
            owner.errors[name] = message
        errors.append((field_id, message))

    categories = _categories(draft, error)
    derived: dict[str, str] = {}
    derive = []
    for d, step in enumerate(draft.derive):
        rules = []
        for k, derive_rule in enumerate(step.rules):
            if not derive_rule.value.strip():
                error(derive_rule, "value", f"d{d}r{k}-gives",
                      f"{step.label or step.fact}, rule {k + 1}: enter the value it gives")
            rules.append({"value": _derived_value(derive_rule.value),
                          "when": _condition(derive_rule.when, derived, error,
                                             f"{step.label or step.fact}, rule {k + 1}")})
        derive.append({"fact": step.fact, "label": step.label or step.fact, "rules": rules})
        if rules:
            derived[step.fact] = value_type(rules[0]["value"])
    definition: dict[str, Any] = {}
    parameters = _parameters(draft, errors)
    if parameters:
        definition["parameters"] = parameters
    if derive:
        definition["derive"] = derive
    definition["rules"] = []
    for i, rule in enumerate(draft.rules):
        where = f"Rule {i + 1}"
        out: dict[str, Any] = {}
        if rule.is_undetermined:
            if len(rule.choices) < 2:
                error(rule, "choices", f"rule{i}-choices",
                      f"{where}: choose the two or more categories an officer chooses between")
            out["undetermined"] = list(rule.choices)
        elif not rule.category:
            error(rule, "category", f"rule{i}-category", f"{where}: choose its category")
        else:
            out["category"] = rule.category
        out["when"] = _condition(rule.when, derived, error, where)
        if rule.because:
            out["because"] = rule.because
        definition["rules"].append(out)
    if not errors:
        errors += [("rules", problem) for problem in engine.definition_problems(
            definition, {category["code"] for category in categories})]
    draft.errors = errors
    return Built(definition, categories, errors)


def _categories(draft: Draft, error) -> list[dict]:
    seen: set[str] = set()
    categories = []
    for i, category in enumerate(draft.categories):
        where = f"Category {i + 1}"
        if not category.code:
            error(category, "code", f"cat{i}-code", f"{where}: enter its code")
        elif category.code in seen:
            error(category, "code", f"cat{i}-code",
                  f"{where}: the code {category.code} is used twice")
        elif len(category.code) > 20:
            error(category, "code", f"cat{i}-code", f"{where}: a code has 20 characters at most")
        if not category.label:
            error(category, "label", f"cat{i}-label", f"{where}: enter its name")
        seen.add(category.code)
        attributes = dict(category.attributes)
        if category.offer:
            attributes[OFFER] = category.offer
        attributes[FUNDING] = category.funding
        categories.append({"code": category.code, "label": category.label[:200],
                           "description": category.description,
                           "colour": category.colour[:20], "attributes": attributes})
    if not categories:
        error(None, "", "cat-add", "The scheme needs at least one category")
    return categories


def _condition(node: Node, derived: dict[str, str], error, where: str) -> dict:
    if node.is_group:
        parts = [_condition(child, derived, error, where) for child in node.children]
        if not parts:
            error(node, "type", f"{node.path}-type",
                  f"{where}: a group needs at least one condition")
        if node.type == "not":
            return {"not": parts[0] if len(parts) == 1 else {"all": parts}}
        return {node.type: parts}
    test: dict[str, Any] = {"fact": node.fact, "op": node.op}
    if not node.fact:
        error(node, "fact", f"{node.path}-fact", f"{where}: choose what the condition tests")
        return test
    if node.op not in engine.OPS:
        error(node, "op", f"{node.path}-op", f"{where}: choose how it is tested")
        return test
    if node.op in engine.UNARY_OPS:
        return test
    kind = kind_of(node.fact, derived)
    try:
        if node.op in ("in", "not_in"):
            texts = [text for text in node.value.split(",") if text.strip()]
            if not texts:
                raise ValueError("Enter one or more values, separated by commas")
            test["value"] = [parse_one(kind, text) for text in texts]
        else:
            if node.op in ("lt", "lte", "gt", "gte") and kind.type not in (NUMBER, INTEGER, DATE):
                raise ValueError("Only a number or a date can be above or below")
            test["value"] = parse_one(kind, node.value)
    except ValueError as problem:
        error(node, "value", f"{node.path}-value", f"{where}, {_label(kind)}: {problem}")
    return test


def _label(kind: FactKind) -> str:
    return fact_label(kind.name).lower()


def _parameters(draft: Draft, errors: list[tuple[str, str]]) -> dict:
    parameters: dict[str, Any] = {}
    for name, text in draft.parameters:
        text = text.strip()
        if not text:
            continue
        label, kind = PARAMETERS.get(name, (name, "json"))
        try:
            if kind == "list":
                parameters[name] = [part.strip() for part in text.split(",") if part.strip()]
            elif kind == "json":
                parameters[name] = json.loads(text)
            else:
                parameters[name] = parse_one(
                    FactKind(name, "", {"number": NUMBER, "integer": INTEGER,
                                        "date": DATE}[kind]), text)
        except (ValueError, json.JSONDecodeError) as problem:
            errors.append((f"param-{name}", f"{label}: {problem}"))
    return parameters
