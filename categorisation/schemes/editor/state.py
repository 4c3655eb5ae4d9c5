"""The scheme editor's state: a scheme's rules as a form a person fills in, without JavaScript.

The whole draft travels in one form: each rule (in order: the first that matches decides) with
its category or the categories an officer chooses between, its reason wording and its condition
as a tree of tests and groups ("all of", "any of", "not"); each derive step's rules; the
thresholds (parameters); the categories with their support offer and whether they trigger
funding. A button names an action ("add:w3_1", "rule-up:2") that changes the draft and shows it
again; nothing is stored until it is saved as a new version.

Field names: a rule `i` is `rule{i}-category`, `-choices`, `-because`, its condition's root node
`w{i}`; a node's children are `{path}_{j}`; a node's fields `{path}-type`, `-fact`, `-op`,
`-value` and `-n` (its number of children). Derive step `d`: `derive{d}-fact`, `-label`, `-n`,
its rule `k`'s value `d{d}r{k}-gives` and condition root `d{d}r{k}`. Categories: `cat{i}-code`,
`-label`, `-description`, `-colour`, `-offer`, `-funding`, `-attributes` (the others, as JSON).
Thresholds: `param-{name}` with `params` naming them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from categorisation.schemes.catalogue import format_value

UNDETERMINED = "__undetermined__"
GROUP_TYPES = ("all", "any", "not")


@dataclass
class Node:
    type: str = "test"  # test, all, any or not
    fact: str = ""
    op: str = ""
    value: str = ""
    children: list[Node] = field(default_factory=list)
    path: str = ""
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def is_group(self) -> bool:
        return self.type in GROUP_TYPES


@dataclass
class Rule:
    category: str = ""
    choices: list[str] = field(default_factory=list)  # an "undetermined" rule's categories
    because: str = ""
    when: Node = field(default_factory=Node)
    number: int = 0
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def is_undetermined(self) -> bool:
        return self.category == UNDETERMINED


@dataclass
class DeriveRule:
    value: str = ""
    when: Node = field(default_factory=Node)
    errors: dict[str, str] = field(default_factory=dict)


@dataclass
class DeriveStep:
    fact: str = ""
    label: str = ""
    rules: list[DeriveRule] = field(default_factory=list)


@dataclass
class Category:
    code: str = ""
    label: str = ""
    description: str = ""
    colour: str = ""
    offer: str = ""
    funding: bool = False
    attributes: dict = field(default_factory=dict)  # the others, kept as they are
    errors: dict[str, str] = field(default_factory=dict)


@dataclass
class Draft:
    rules: list[Rule] = field(default_factory=list)
    categories: list[Category] = field(default_factory=list)
    derive: list[DeriveStep] = field(default_factory=list)
    parameters: list[tuple[str, str]] = field(default_factory=list)  # (name, text)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (field id, message)

    def number(self) -> Draft:
        """Give every rule and node the path its fields are named by (after a move)."""
        for index, rule in enumerate(self.rules):
            rule.number = index + 1
            _number(rule.when, f"w{index}")
        for step_index, step in enumerate(self.derive):
            for rule_index, derive_rule in enumerate(step.rules):
                _number(derive_rule.when, f"d{step_index}r{rule_index}")
        return self


def _number(node: Node, path: str) -> None:
    node.path = path
    for index, child in enumerate(node.children):
        _number(child, f"{path}_{index}")


# --- From the JSON the engine reads ---------------------------------------------------------

OFFER, FUNDING = "academy_offer", "triggers_funding"


def node_from_json(condition: Any) -> Node:
    if not isinstance(condition, dict):
        return Node()
    for kind in ("all", "any"):
        if kind in condition:
            return Node(kind, children=[node_from_json(part) for part in condition[kind] or []])
    if "not" in condition:
        return Node("not", children=[node_from_json(condition["not"])])
    return Node("test", fact=str(condition.get("fact", "")), op=str(condition.get("op", "")),
                value=format_value(condition.get("value")))


def draft_from_definition(definition: dict, categories: list[dict]) -> Draft:
    """The draft showing a definition and its categories (code, label, description, colour,
    attributes), as `scheme_version_create` takes them."""
    rules = []
    for rule in definition.get("rules", []):
        undetermined = "undetermined" in rule
        rules.append(Rule(
            category=UNDETERMINED if undetermined else str(rule.get("category", "")),
            choices=[str(code) for code in rule.get("undetermined", [])],
            because=str(rule.get("because", "")), when=node_from_json(rule.get("when"))))
    derive = [
        DeriveStep(fact=str(step.get("fact", "")), label=str(step.get("label", "")), rules=[
            DeriveRule(value=format_value(rule.get("value")), when=node_from_json(rule.get("when")))
            for rule in step.get("rules", [])])
        for step in definition.get("derive", [])
    ]
    parameters = [(name, parameter_text(name, value))
                  for name, value in definition.get("parameters", {}).items()]
    known = {name for name, _ in parameters}
    parameters += [(name, "") for name in PARAMETERS if name not in known]
    return Draft(rules=rules, derive=derive, parameters=parameters, categories=[
        Category(code=c["code"], label=c["label"], description=c.get("description", ""),
                 colour=c.get("colour", ""), offer=str(c.get("attributes", {}).get(OFFER, "")),
                 funding=bool(c.get("attributes", {}).get(FUNDING, False)),
                 attributes={k: v for k, v in c.get("attributes", {}).items()
                             if k not in (OFFER, FUNDING)})
        for c in categories]).number()


# Thresholds the engine reads (categorisation.schemes.facts), with their words and types.
PARAMETERS = {
    "att8_band": ("Size of a real change in Attainment 8 (points)", "number"),
    "trend_published_years": ("Published years of results a trend reads", "integer"),
    "intelligence_months": ("Months a local-intelligence concern counts for", "integer"),
    "intelligence_kinds": ("Kinds of local intelligence that count, separated by commas",
                           "list"),
    "as_at": ("Judge results as at (YYYY-MM-DD; empty for today)", "date"),
}


def parameter_text(name: str, value: Any) -> str:
    kind = PARAMETERS.get(name, ("", "json"))[1]
    if kind == "json":
        return json.dumps(value)
    return format_value(value)


# --- From the posted form -------------------------------------------------------------------


def _count(data, name: str, limit: int = 200) -> int:
    try:
        return max(0, min(int(data.get(name, 0)), limit))
    except (TypeError, ValueError):
        return 0


def _node_from_post(data, path: str, depth: int = 0) -> Node:
    kind = data.get(f"{path}-type", "test")
    if kind in GROUP_TYPES and depth < 8:
        return Node(kind, children=[_node_from_post(data, f"{path}_{j}", depth + 1)
                                    for j in range(_count(data, f"{path}-n"))])
    return Node("test", fact=data.get(f"{path}-fact", "").strip(),
                op=data.get(f"{path}-op", "").strip(), value=data.get(f"{path}-value", ""))


def draft_from_post(data) -> Draft:
    """The draft as the form posted it (nothing checked yet: `build` says what is wrong)."""
    rules = [Rule(category=data.get(f"rule{i}-category", ""),
                  choices=data.getlist(f"rule{i}-choices"),
                  because=data.get(f"rule{i}-because", "").strip(),
                  when=_node_from_post(data, f"w{i}"))
             for i in range(_count(data, "rules"))]
    derive = [
        DeriveStep(fact=data.get(f"derive{d}-fact", "").strip(),
                   label=data.get(f"derive{d}-label", "").strip(), rules=[
                       DeriveRule(value=data.get(f"d{d}r{k}-gives", ""),
                                  when=_node_from_post(data, f"d{d}r{k}"))
                       for k in range(_count(data, f"derive{d}-n"))])
        for d in range(_count(data, "derives", 20))
    ]
    categories = []
    for i in range(_count(data, "cats", 50)):
        try:
            attributes = json.loads(data.get(f"cat{i}-attributes") or "{}")
        except json.JSONDecodeError:
            attributes = {}
        categories.append(Category(
            code=data.get(f"cat{i}-code", "").strip(), label=data.get(f"cat{i}-label", "").strip(),
            description=data.get(f"cat{i}-description", "").strip(),
            colour=data.get(f"cat{i}-colour", "").strip(),
            offer=data.get(f"cat{i}-offer", "").strip(),
            funding=data.get(f"cat{i}-funding") == "yes",
            attributes=attributes if isinstance(attributes, dict) else {}))
    names = [name for name in data.get("params", "").split(",") if name]
    parameters = [(name, data.get(f"param-{name}", "")) for name in names[:30]]
    return Draft(rules=rules, categories=categories, derive=derive,
                 parameters=parameters).number()


# --- Actions (the form's buttons) -----------------------------------------------------------


def _find(draft: Draft, path: str) -> tuple[Node | None, Node | None, int]:
    """The node at `path`, its parent and its index in the parent (root: parent None)."""
    root_name, *indices = path.split("_")
    root = None
    if root_name.startswith("w") and root_name[1:].isdigit():
        index = int(root_name[1:])
        root = draft.rules[index].when if index < len(draft.rules) else None
    elif root_name.startswith("d") and "r" in root_name:
        step, _, rule = root_name[1:].partition("r")
        if step.isdigit() and rule.isdigit() and int(step) < len(draft.derive) \
                and int(rule) < len(draft.derive[int(step)].rules):
            root = draft.derive[int(step)].rules[int(rule)].when
    parent, node, position = None, root, 0
    for text in indices:
        if node is None or not text.isdigit() or int(text) >= len(node.children):
            return None, None, 0
        parent, node, position = node, node.children[int(text)], int(text)
    return node, parent, position


def _move(items: list, index: int, step: int) -> None:
    other = index + step
    if 0 <= index < len(items) and 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]


def apply(draft: Draft, action: str) -> Draft:
    """The draft after one button's action; an action that names nothing changes nothing."""
    verb, _, target = action.partition(":")
    index = int(target) if target.isdigit() else -1
    if verb == "rule-add":
        code = draft.categories[0].code if draft.categories else ""
        draft.rules.append(Rule(category=code))
    elif verb in ("rule-up", "rule-down"):
        _move(draft.rules, index, -1 if verb == "rule-up" else 1)
    elif verb == "rule-remove" and 0 <= index < len(draft.rules):
        del draft.rules[index]
    elif verb == "cat-add":
        draft.categories.append(Category())
    elif verb in ("cat-up", "cat-down"):
        _move(draft.categories, index, -1 if verb == "cat-up" else 1)
    elif verb == "cat-remove" and 0 <= index < len(draft.categories):
        del draft.categories[index]
    elif verb == "derive-add" and 0 <= index < len(draft.derive):
        draft.derive[index].rules.append(DeriveRule())
    elif verb == "derive-remove":
        step, _, rule = target.partition("r")
        if step.isdigit() and rule.isdigit() and int(step) < len(draft.derive):
            rules = draft.derive[int(step)].rules
            if int(rule) < len(rules):
                del rules[int(rule)]
    elif verb in ("add", "group", "remove", "type"):
        _node_action(draft, verb, target)
    return draft.number()


def _node_action(draft: Draft, verb: str, path: str) -> None:
    node, parent, position = _find(draft, path.partition("=")[0])
    if node is None:
        return
    if verb == "remove":
        if parent is not None:
            del parent.children[position]
        else:  # the root: an empty test to fill in
            node.type, node.fact, node.op, node.value, node.children = "test", "", "", "", []
        return
    if verb == "type":  # "type:w0_1=any": a group becomes "any of"
        kind = path.partition("=")[2]
        if kind in GROUP_TYPES and node.is_group:
            node.type = kind
        return
    new = Node() if verb == "add" else Node("all", children=[Node()])
    if node.is_group:
        node.children.append(new)
    else:  # a test gains a sibling: both become "all of"
        moved = Node("test", fact=node.fact, op=node.op, value=node.value)
        node.type, node.fact, node.op, node.value, node.children = "all", "", "", "", [moved, new]
