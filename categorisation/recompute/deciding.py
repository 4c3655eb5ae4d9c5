"""Deciding a batch: each school under its own tenant's schemes, compiled once per batch; what
has changed since the last computation, and which proposals that opens or supersedes. Nothing
here writes: the decisions are rows for `writing`."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from categorisation.models import CategorisationScheme, CategoryProposal, SchemeCategory
from categorisation.schemes import engine
from categorisation.schemes.facts import build_facts
from categorisation.selectors import RecomputeBatch
from schools.models import School


@dataclass
class RecomputeStats:
    schools: int = 0
    batches: int = 0
    unchanged: int = 0
    changed: int = 0
    proposals: int = 0
    superseded: int = 0
    unmatched: int = 0
    closed: int = 0  # results of closed schools: recorded, never proposed

    def add(self, other: RecomputeStats) -> None:
        for name in ("schools", "batches", "unchanged", "changed", "proposals", "superseded",
                     "unmatched", "closed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def result_hash(scheme: CategorisationScheme, outcome: engine.Outcome) -> str:
    """What a result is, for "has it changed?": the scheme version, category, reasons and the
    facts the rules read."""
    text = json.dumps(
        [scheme.pk, outcome.category, list(outcome.undetermined), outcome.reasons,
         outcome.evidence],
        sort_keys=True, default=str, separators=(",", ":"),
    )
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class Compiled:
    """A scheme prepared once per batch rather than once per school."""

    scheme: CategorisationScheme
    rules: engine.CompiledDefinition
    categories: dict[str, SchemeCategory]
    labels: dict[str, str]
    parameters: dict
    parameters_key: str


def compile_scheme(scheme: CategorisationScheme) -> Compiled:
    categories = {category.code: category for category in scheme.categories.all()}
    parameters = scheme.definition.get("parameters", {})
    return Compiled(
        scheme, engine.compile_definition(scheme.definition), categories,
        {code: category.label for code, category in categories.items()}, parameters,
        json.dumps(parameters, sort_keys=True, default=str),
    )


@dataclass
class Writes:
    """What a batch's evaluation decided to write."""

    # New rows as column values by attribute name: building model instances for them cost
    # more than evaluating the rules.
    to_create: list[dict] = field(default_factory=list)  # computations
    replaced: list[int] = field(default_factory=list)  # computations re-created in to_create
    touched: list[int] = field(default_factory=list)  # unchanged computations
    superseded: list[int] = field(default_factory=list)  # open proposals
    proposals: dict[int, list[dict]] = field(  # by tenant id
        default_factory=lambda: defaultdict(list))
    proposed: dict[int, list[tuple[School, SchemeCategory | None]]] = field(  # the e-mails
        default_factory=lambda: defaultdict(list))


def evaluate(
    data: RecomputeBatch, compiled: dict[int, list[Compiled]], *, now: datetime,
    stats: RecomputeStats, writes: Writes,
) -> None:
    """Each school of the batch under its own tenant's schemes; fills `writes`."""
    computations, in_force, open_proposals = (data.computations, data.in_force,
                                              data.open_proposals)
    to_create, touched, superseded = writes.to_create, writes.touched, writes.superseded
    created_at = timezone.now()
    for school in data.schools:
        tenant_schemes = compiled.get(school.tenant_id)
        if not tenant_schemes:
            continue
        stats.schools += 1
        # A closed school is not categorised: its computation is kept up to date (so the sweep
        # does not come back to it) but it gets no proposal, and any open one is withdrawn.
        closed = not school.establishment.is_open
        inputs = data.inputs[school.pk]
        facts_by_parameters: dict[str, dict] = {}  # facts do not depend on the scheme's rules
        for prepared in tenant_schemes:
            scheme = prepared.scheme
            facts = facts_by_parameters.get(prepared.parameters_key)
            if facts is None:
                facts = facts_by_parameters[prepared.parameters_key] = build_facts(
                    inputs, parameters=prepared.parameters)
            outcome = prepared.rules.evaluate(facts, labels=prepared.labels)
            digest = result_hash(scheme, outcome)
            computation = computations.get((school.pk, scheme.key))
            if closed and (school.pk, scheme.key) in open_proposals:
                superseded.append(open_proposals[(school.pk, scheme.key)].pk)
            if computation is not None and computation.input_hash == digest:
                stats.unchanged += 1
                touched.append(computation.pk)
                continue
            stats.changed += 1
            if computation is not None:
                writes.replaced.append(computation.pk)
            to_create.append({
                "tenant_id": school.tenant_id, "school_id": school.pk, "scheme_key": scheme.key,
                "scheme_id": scheme.pk, "input_hash": digest,
                "category_code": outcome.category or "", "computed_at": now,
            })
            if outcome.category is None and not outcome.undetermined:
                stats.unmatched += 1
                continue
            if closed:
                stats.closed += 1
                continue
            step = in_force.get(school.pk)
            current = step.category if step is not None and step.scheme.key == scheme.key \
                else None
            open_proposal = open_proposals.get((school.pk, scheme.key))
            if open_proposal is not None and open_proposal.input_hash == digest:
                continue
            if open_proposal is not None:
                superseded.append(open_proposal.pk)
            if current is not None and (current.code == outcome.category
                                        or current.code in outcome.undetermined):
                # The result is the category in force, or the data cannot tell it from
                # another: nothing new to decide.
                continue
            category = (prepared.categories[outcome.category] if outcome.category is not None
                        else None)
            writes.proposals[school.tenant_id].append({
                "tenant_id": school.tenant_id, "school_id": school.pk, "scheme_id": scheme.pk,
                "category_id": category.pk if category else None,
                "undetermined": list(outcome.undetermined),
                "status": CategoryProposal.Status.OPEN,
                "reasons": outcome.reasons, "evidence": outcome.evidence, "input_hash": digest,
                "previous_category_id": current.pk if current else None,
                "created_at": created_at,
            })
            writes.proposed[school.tenant_id].append((school, category))
