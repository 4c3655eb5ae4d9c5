"""Two versions of a scheme side by side: what changed in the rules, read as a person would
(thresholds, categories, derived facts and rules added, removed or changed) and where the
register's schools land under each, on today's data (the editor preview's dry run:
`scheme_preview`, nothing written)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from categorisation.models import CategorisationScheme
from categorisation.schemes.editor.state import PARAMETERS
from categorisation.schemes.wording import describe_condition
from categorisation.selectors.scheme_preview import SchemePreview, scheme_preview
from core.kept import kept
from core.models import Tenant


@dataclass
class Change:
    """One line of the comparison: what it is about, and its words under each version ("" where
    the version has none)."""

    kind: str  # added / removed / changed
    subject: str
    before: str = ""
    after: str = ""


@dataclass
class RulesDiff:
    thresholds: list[Change] = field(default_factory=list)
    categories: list[Change] = field(default_factory=list)
    derive: list[Change] = field(default_factory=list)
    rules: list[Change] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.thresholds or self.categories or self.derive or self.rules)


def _kind(before: Any, after: Any) -> str:
    if before is None:
        return "added"
    return "removed" if after is None else "changed"


def _value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def _category_words(category: dict | None) -> str:
    if category is None:
        return ""
    words = f"{category['code']} {category['label']}"
    attributes = category.get("attributes") or {}
    if attributes.get("academy_offer"):
        words += f"; support offer: {attributes['academy_offer']}"
    words += "; triggers funding" if attributes.get("triggers_funding") else ""
    if category.get("description"):
        words += f"; {category['description']}"
    return words


def _target(rule: dict) -> str:
    if "undetermined" in rule:
        return "an officer chooses between " + " and ".join(map(str, rule["undetermined"]))
    return f"category {rule.get('category', '')}"


def _rule_words(number: int, rule: dict) -> str:
    words = f"Rule {number}: {_target(rule)} when {describe_condition(rule.get('when', {}))}"
    return words + (f". Reason: {rule['because']}" if rule.get("because") else "")


def _keyed_rules(rules: list[dict]) -> dict[tuple[str, int], tuple[int, dict]]:
    """Rules keyed by what they give and which of the rules giving it they are (the second rule
    for category 3C...), so an edited condition reads as a change, not a removal and an
    addition."""
    seen: dict[str, int] = defaultdict(int)
    keyed = {}
    for number, rule in enumerate(rules, start=1):
        target = _target(rule)
        seen[target] += 1
        keyed[(target, seen[target])] = (number, rule)
    return keyed


def rules_diff(before: dict, before_categories: list[dict], after: dict,
               after_categories: list[dict]) -> RulesDiff:
    """What changed from one definition (with its categories) to another."""
    diff = RulesDiff()
    old_parameters, new_parameters = before.get("parameters", {}), after.get("parameters", {})
    for name in sorted(set(old_parameters) | set(new_parameters)):
        old, new = old_parameters.get(name), new_parameters.get(name)
        if old != new:
            label = PARAMETERS.get(name, (name, ""))[0]
            diff.thresholds.append(Change(_kind(old, new), label, _value(old), _value(new)))
    old_categories = {c["code"]: c for c in before_categories}
    new_categories = {c["code"]: c for c in after_categories}
    for code in list(old_categories) + [c for c in new_categories if c not in old_categories]:
        old_words = _category_words(old_categories.get(code))
        new_words = _category_words(new_categories.get(code))
        if old_words != new_words:
            diff.categories.append(Change(
                _kind(old_categories.get(code), new_categories.get(code)),
                f"Category {code}", old_words, new_words))
    old_steps = {step.get("fact"): step for step in before.get("derive", [])}
    new_steps = {step.get("fact"): step for step in after.get("derive", [])}
    for fact in list(old_steps) + [f for f in new_steps if f not in old_steps]:
        old_step, new_step = old_steps.get(fact), new_steps.get(fact)
        if old_step != new_step:
            diff.derive.append(Change(
                _kind(old_step, new_step), (new_step or old_step or {}).get("label") or fact,
                _derive_words(old_step), _derive_words(new_step)))
    old_rules = _keyed_rules(before.get("rules", []))
    new_rules = _keyed_rules(after.get("rules", []))
    for key in list(new_rules) + [k for k in old_rules if k not in new_rules]:
        old_rule, new_rule = old_rules.get(key), new_rules.get(key)
        if old_rule is not None and new_rule is not None and old_rule[1] == new_rule[1]:
            if old_rule[0] != new_rule[0]:
                diff.rules.append(Change("moved", f"Rule giving {key[0]}",
                                         f"Rule {old_rule[0]}", f"Rule {new_rule[0]}"))
            continue
        diff.rules.append(Change(
            _kind(old_rule, new_rule), f"Rule giving {key[0]}",
            _rule_words(*old_rule) if old_rule else "", _rule_words(*new_rule) if new_rule else ""))
    return diff


def _derive_words(step: dict | None) -> str:
    if step is None:
        return ""
    return "; ".join(f"{rule.get('value')} when {describe_condition(rule.get('when', {}))}"
                     for rule in step.get("rules", []))


def categories_of(scheme: CategorisationScheme) -> list[dict]:
    return [{"code": c.code, "label": c.label, "description": c.description,
             "colour": c.colour, "attributes": c.attributes} for c in scheme.categories.all()]


@dataclass
class Comparison:
    before: CategorisationScheme
    after: CategorisationScheme
    diff: RulesDiff
    distribution: SchemePreview


def compare_versions(*, tenant: Tenant, before: CategorisationScheme,
                     after: CategorisationScheme) -> Comparison:
    """`before` and `after` (categories prefetched) compared: their rules, and the register's
    schools under each on today's data."""
    after_categories = categories_of(after)
    return Comparison(
        before=before, after=after,
        diff=rules_diff(before.definition, categories_of(before), after.definition,
                        after_categories),
        distribution=scheme_preview(tenant=tenant, current=before, definition=after.definition,
                                    categories=after_categories))


COMPARISON_TTL = 60 * 60  # the key changes with the data anyway; this bounds what is kept


def cached_compare_versions(*, tenant: Tenant, before: CategorisationScheme,
                            after: CategorisationScheme) -> Comparison:
    """`compare_versions`, computed once per pair of versions and version of the data: the
    dry run over the whole register is the page's cost (about 0.4 s for 1,000 schools). A
    saved version's rules never change (an edit makes a new version), and the dashboard's
    `data_version` is read from the committed rows the dry run reads (the register and every
    layer of data), so a stale comparison is never served and one tenant's is never
    another's."""
    # Imported here: the dashboard reads these selectors, so a module-level import would loop.
    from categorisation.dashboard import data_version

    version = data_version(tenant=tenant, today=timezone.localdate())
    key = f"categorisation:scheme-compare:t{tenant.pk}:{before.pk}:{after.pk}:{version}"
    return kept(key, lambda: compare_versions(tenant=tenant, before=before, after=after),
                ttl=COMPARISON_TTL)
