"""The officer judgements the product knows how to record (`officer.<key>` facts), as data.

A scheme reads a judgement by naming its fact in a rule; a tenant is offered only the
judgements its active scheme reads (`keys_read`), so a Welsh tenant is never offered a
Wiltshire capacity level. A key a custom scheme reads that is not listed here has no known
values, so no page offers it: an administrator adds it here first.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from categorisation.schemes.facts import OFFICER_PREFIX


@dataclass(frozen=True)
class JudgementKind:
    key: str
    label: str  # what the judgement is called on a page
    noun: str  # what it is called in a sentence ("the capacity level")
    choices: tuple[tuple[str, str], ...]  # (value, words)
    # Agreed with the school: the officer's value is a proposal the headteacher agrees or
    # disagrees with (a disagreement goes to moderation); only then does it count.
    needs_agreement: bool
    value_error: str  # the refusal naming the value field

    def words(self, value: str) -> str:
        return dict(self.choices).get(value, value)

    @property
    def values(self) -> set[str]:
        return {value for value, _ in self.choices}


CAPACITY_LEVEL = JudgementKind(
    key="capacity_level", label="Capacity level agreed with the school", noun="capacity level",
    choices=(("1", "Level 1: gives capacity"), ("2", "Level 2: gives and receives"),
             ("3", "Level 3: needs capacity"), ("4", "Level 4: needs intensive capacity")),
    needs_agreement=True, value_error="Choose a capacity level from 1 to 4",
)
# Welsh national categorisation, step 2: the challenge adviser's judgement of the school's
# capacity to improve, A (highest) to D (lowest).
IMPROVEMENT_CAPACITY = JudgementKind(
    key="improvement_capacity", label="Improvement capacity", noun="improvement capacity",
    choices=(("A", "A: highest capacity to improve"), ("B", "B: good capacity to improve"),
             ("C", "C: limited capacity to improve"), ("D", "D: very limited capacity to improve")),
    needs_agreement=False, value_error="Choose an improvement capacity from A to D",
)
KINDS = {kind.key: kind for kind in (CAPACITY_LEVEL, IMPROVEMENT_CAPACITY)}


def _facts_named(node) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("fact"), str):
            yield node["fact"]
        for value in node.values():
            yield from _facts_named(value)
    elif isinstance(node, list):
        for value in node:
            yield from _facts_named(value)


def keys_read(definition: dict) -> list[JudgementKind]:
    """The judgements a scheme definition's rules and derive steps read, in `KINDS` order."""
    named = {fact.removeprefix(OFFICER_PREFIX) for fact in _facts_named(definition)
             if fact.startswith(OFFICER_PREFIX)}
    return [kind for key, kind in KINDS.items() if key in named]
