"""What an edited scheme would do, before it is saved: the recompute's evaluation (each school's
facts built once per set of thresholds, the rules compiled once) run over the tenant's register
under the rules in use and under the edited ones, writing nothing. In a fixed number of queries
whatever the number of schools (the register, its inputs in bulk, the categories in use)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from categorisation.models import CategorisationScheme
from categorisation.schemes import engine
from categorisation.schemes.catalogue import MEASURE_FACTS
from categorisation.schemes.facts import OFFICER_PREFIX, build_facts
from categorisation.schemes.overlap import overlap_warnings
from categorisation.schemes.wording import fact_label
from categorisation.selectors.inputs import school_inputs
from core.models import Tenant
from schools.models import School

UNDETERMINED = "undetermined"
NONE = "none"


@dataclass
class Move:
    school: School
    before: str
    after: str
    reasons: list[str]


@dataclass
class Count:
    code: str
    label: str
    before: int
    after: int

    @property
    def change(self) -> int:
        return self.after - self.before


@dataclass
class SchemePreview:
    counts: list[Count] = field(default_factory=list)
    moves: list[Move] = field(default_factory=list)
    uncategorised: list[tuple[School, engine.Outcome]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    schools: int = 0  # open schools counted
    closed: int = 0


def outcome_key(outcome: engine.Outcome) -> str:
    """A result as one of the preview's columns: a category code, `undetermined` or `none`."""
    if outcome.category is not None:
        return outcome.category
    return UNDETERMINED if outcome.undetermined else NONE


def _words(outcome: engine.Outcome, labels: dict[str, str]) -> str:
    if outcome.category is not None:
        return f"{outcome.category} {labels.get(outcome.category, '')}".strip()
    if outcome.undetermined:
        return "Not determined: an officer chooses between " + " and ".join(outcome.undetermined)
    return "No category"


def facts_named(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["fact"]} if isinstance(node.get("fact"), str) else set()
        for value in node.values():
            found |= facts_named(value)
        return found
    if isinstance(node, list):
        return {name for value in node for name in facts_named(value)}
    return set()


def scheme_preview(*, tenant: Tenant, current: CategorisationScheme | None, definition: dict,
                   categories: list[dict]) -> SchemePreview:
    """Every school of the register under the rules in use (`current`) and under `definition`
    with `categories` (code, label, ...). Counts and moves are of open schools (a closed school
    is never categorised); `uncategorised` lists every school the edit would leave without a
    category, as `services.scheme_version_create` refuses them."""
    schools = list(School.objects.filter(tenant=tenant).select_related("establishment")
                   .order_by("establishment__name", "pk"))
    inputs = school_inputs(tenant=tenant, schools=schools)
    labels = {category["code"]: category["label"] for category in categories}
    old_labels = ({category.code: category.label for category in current.categories.all()}
                  if current is not None else {})
    new_rules = engine.compile_definition(definition)
    old_rules = engine.compile_definition(current.definition) if current is not None else None
    new_parameters = definition.get("parameters", {})
    old_parameters = current.definition.get("parameters", {}) if current is not None else {}
    read = facts_named(definition)
    watched = {name for name in read if name in MEASURE_FACTS or name.startswith(OFFICER_PREFIX)}
    with_data: set[str] = set()
    preview = SchemePreview()
    before: Counter[str] = Counter()
    after: Counter[str] = Counter()
    for school in schools:
        facts = build_facts(inputs[school.pk], parameters=new_parameters)
        new = new_rules.evaluate(facts, labels=labels)
        for name in watched - with_data:
            if _has_data(name, facts, inputs[school.pk]):
                with_data.add(name)
        if not new.matched and not new.undetermined:
            preview.uncategorised.append((school, new))
        if not school.establishment.is_open:
            preview.closed += 1
            continue
        preview.schools += 1
        after[outcome_key(new)] += 1
        if old_rules is None:
            continue
        old_facts = (facts if old_parameters == new_parameters
                     else build_facts(inputs[school.pk], parameters=old_parameters))
        old = old_rules.evaluate(old_facts, labels=old_labels)
        before[outcome_key(old)] += 1
        if (old.category, old.undetermined) != (new.category, new.undetermined):
            preview.moves.append(Move(school, _words(old, old_labels), _words(new, labels),
                                      new.reasons))
    codes = list(labels) + [code for code in old_labels if code not in labels]
    preview.counts = [Count(code, labels.get(code) or old_labels.get(code, ""), before[code],
                            after[code]) for code in codes]
    for key, words in ((UNDETERMINED, "Not determined: an officer chooses"),
                       (NONE, "No category")):
        if before[key] or after[key]:
            preview.counts.append(Count(key, words, before[key], after[key]))
    preview.warnings = [
        f"No school in your register has data for “{fact_label(name)}”: a condition on it "
        "matches no school until there is." for name in sorted(watched - with_data)
    ] + overlap_warnings(definition, labels)
    return preview


def _has_data(name: str, facts: dict, inputs) -> bool:
    if name == "intelligence.high_concern":
        return bool(inputs.intelligence)
    fact = facts.get(name)
    return fact is not None and fact.value not in (None, "", "unknown")
