"""Proposing partnerships by match-making (seed 003, Barnet): a generator and a greedy baseline.

Pure Python over plain data, so it runs in a service, a test or a benchmark alike; the service
`partnerships.services.proposals.proposal_generate` turns the register and the pro-formas into
`Candidate`s and stores the result.

Hard constraints (never broken; `violations()` checks them and `proposal_confirm` refuses
a proposal that breaks one):
  1. every school is offered a place: each candidate is in exactly one proposed partnership;
  2. every partnership has between `min_size` and `max_size` schools;
  3. a primary school is never in a partnership *led by* a secondary school unless its
     pro-forma says it accepts that. "Led by" means the partnership's proposed lead school
     (`ProposedGroup.lead`), which becomes `Partnership.lead_school` on confirmation. The
     generator picks leads so this always holds: a secondary may lead only a partnership whose
     primaries all consented (or that has none).
Soft preferences (a score the search improves; never at the cost of a hard constraint):
  - stated preferences: a school named as an informal or preferred partner is placed with
    the school that named it (each named pair that ends up together counts once per naming);
  - at least one school able to give support in each partnership, where there are enough;
  - geography: members close to their partnership's centre (British National Grid metres).
Deterministic: the same candidates, constraints and seed give the same proposal.

Modules: `shapes` (candidates, sizes, the result), `constraints` (sizes, leads and the check of
the hard rules), `scoring` (the soft score's weights and a proposal's figures), `explanation`
(each partnership's reasons), `search` (the generator: greedy starts, local search, then an
iterated local search) and `baseline` (the greedy baseline). The names below are the package's
API.
"""

from partnerships.formation.baseline import greedy_baseline
from partnerships.formation.constraints import (
    choose_group_count,
    choose_lead,
    group_count_range,
    may_lead,
    violations,
)
from partnerships.formation.explanation import explain
from partnerships.formation.scoring import PreferenceCount, measure, preference_counts
from partnerships.formation.search import generate
from partnerships.formation.shapes import (
    PRIMARY_PHASES,
    SECONDARY_PHASES,
    Candidate,
    Constraints,
    Infeasible,
    Proposal,
    ProposedGroup,
)

__all__ = [
    "PRIMARY_PHASES", "SECONDARY_PHASES", "Candidate", "Constraints", "Infeasible",
    "PreferenceCount", "Proposal", "ProposedGroup", "choose_group_count", "choose_lead",
    "explain", "generate", "greedy_baseline", "group_count_range", "may_lead", "measure",
    "preference_counts", "violations",
]
