"""Categorisation for the demo tenant (Northshire): the Warwickshire preset, a recompute and a
workflow in motion, over the public data of `demo.public`.

The tenant's part goes through the real services (`scheme_preset_load`, `recompute`, `workflow`,
`schools.intelligence`), so its audit rows and rules are real. Deterministic: the same seed gives
the same decisions; dates of tenant activity (local intelligence) are counted back from today,
so the demo always looks recent.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from categorisation import recompute, rounds, workflow
from categorisation.models import (
    CategorisationRound,
    CategorisationScheme,
    CategoryComputation,
    CategoryProposal,
    DataImport,
    ModerationCase,
    OfficerJudgement,
    SchemeCategory,
    SchoolCategory,
)
from categorisation.services import scheme_preset_load, scheme_version_create
from core.models import Membership, Tenant
from schools.intelligence import intelligence_record
from schools.models import LocalIntelligence, School
from schools.selectors import school_of

OVERRIDES = {
    # computed -> (set instead, why)
    "2A": ("2B", "Results fell sharply this summer and the headteacher left at Easter; the link "
                 "adviser expects a dip before the new head's plans take hold."),
    "3C": ("3D", "The new leadership team's first year has been strong: the adviser's visit in "
                 "March found leadership good, as the next inspection is likely to."),
    "1": ("2A", "Outstanding in 2016, but exclusions have risen three years running; agreed "
                "with the school to offer support rather than ask it to give it."),
    "U": ("2A", "A new school: its first term's visit and its trust's review found it good, "
                "agreed until its first inspection."),
}
DISAGREEMENT = ("The category rests on our 2024 results alone. Our 2025 results rose to the "
                "national average and our own review found leadership good; we ask the council "
                "to look again at {category}.")
INTELLIGENCE = [
    # (kind, severity, days ago, source, summary)
    ("complaint", "medium", 12, "Parent complaint to the LA",
     "Three parents complained about the handling of a bullying incident in year 5."),
    ("exclusions", "high", 20, "Inclusion team",
     "Eleven suspensions this half-term, up from two last year; two permanent exclusions."),
    ("finance_concern", "high", 35, "Schools finance team",
     "Deficit budget of 6% forecast for next year; no recovery plan submitted yet."),
    ("first_preference_trend", "medium", 60, "Admissions team",
     "First preferences down by a third over three years as a new free school opened nearby."),
    ("hr_concern", "low", 44, "HR advisory service",
     "Long-term sickness of the deputy head; cover arranged until Easter."),
    ("headteacher_change", "low", 8, "Link adviser",
     "Headteacher retiring at the end of term; governors are recruiting."),
    ("safeguarding_concern", "high", 5, "LADO referral",
     "Allegation against a member of staff referred to the LADO; the school acted promptly."),
]


@dataclass
class CategorisationDemo:
    scheme: CategorisationScheme
    proposals: int = 0
    confirmed: int = 0
    overridden: int = 0
    waiting: int = 0
    moderation_school: School | None = None
    intelligence: int = 0


# The categories whose schools give support (support's directory and brokering read the
# `gives` attribute): Warwickshire's category 1, "Outstanding - peer support".
GIVING_CODES = ("1",)


def giving_marked(*, tenant: Tenant, admin: Membership,
                  scheme: CategorisationScheme) -> CategorisationScheme:
    """The scheme's next version, as an admin edits it before the register is categorised:
    the preset's categories with the giving ones marked, so the demo's strong schools are
    offered to give support. Before any school has a category, the check over the register
    is quick."""
    categories = [{"code": c.code, "label": c.label, "description": c.description,
                   "colour": c.colour,
                   "attributes": {**c.attributes, "gives": True} if c.code in GIVING_CODES
                   else c.attributes}
                  for c in scheme.categories.all()]
    return scheme_version_create(
        tenant=tenant, actor=admin.user, scheme=scheme, definition=scheme.definition,
        categories=categories,
        change_note="Outstanding schools (category 1) give peer support to others.")


def seed_categorisation(
    *, tenant: Tenant, admin: Membership, officer: Membership, head: Membership,
    other_heads: list[Membership], seed: int = 2025, waiting: int = 10,
    today: date | None = None,
) -> CategorisationDemo:
    """Load the Warwickshire preset as the admin, recompute the register inline, confirm most
    proposals as the officer (a few overridden with a reason), leave `waiting` open; the demo
    headteacher's school confirmed (left for the head to respond to); of `other_heads`, one
    disagreeing (a moderation case waits; a school below good if there is one) and three
    agreeing; and local intelligence. Call inside the tenant's scope."""
    rng = random.Random(f"workflow-{seed}")
    today = today or timezone.localdate()
    scheme = giving_marked(tenant=tenant, admin=admin, scheme=scheme_preset_load(
        tenant=tenant, actor=admin.user, preset="warwickshire"))
    stats = recompute.recompute_schools(tenant=tenant, reason="Demo data loaded")
    result = CategorisationDemo(scheme=scheme, proposals=stats.proposals)
    proposals = list(CategoryProposal.objects.filter(tenant=tenant, status="open")
                     .select_related("school__establishment", "category")
                     .order_by("school__establishment_id"))
    categories = {category.code: category for category in scheme.categories.all()}
    computed = {p.school_id: p.category for p in proposals if p.category is not None}
    below_good = [m for m in other_heads
                  if computed.get(school_of(m).pk)
                  and computed[school_of(m).pk].code in ("3C", "2B")]
    disagreeing_head = (below_good or other_heads)[0]
    agreeing_heads = [m for m in other_heads if m != disagreeing_head][:3]
    keep = {school_of(head).pk, school_of(disagreeing_head).pk,
            *(school_of(membership).pk for membership in agreeing_heads)}
    candidates = [p for p in proposals if p.school.establishment.is_open
                  and p.school_id not in keep]
    # Leave a spread of categories waiting: the weakest first, then a sample of the rest.
    weak = [p for p in candidates if p.category and p.category.code in ("4", "3C", "2B")]
    left_open = set(p.pk for p in rng.sample(weak, min(len(weak), waiting // 2)))
    rest = [p for p in candidates if p.pk not in left_open]
    left_open |= {p.pk for p in rng.sample(rest, waiting - len(left_open))}
    # The officers work through the proposals in a round, closed with its summary; the next
    # round is open, with the proposals left waiting.
    summer = rounds.round_open(tenant=tenant, actor=officer.user, name="Summer 2026")
    overridden_codes: set[str] = set()
    for proposal in proposals:
        if proposal.pk in left_open:
            continue
        if proposal.category is None:
            # The data did not decide (no recent results): the officer chooses, as in a round.
            workflow.proposal_override(
                tenant=tenant, actor=officer.user, proposal=proposal,
                category=categories[proposal.undetermined[0]],
                reason="No recent results: agreed with the link adviser at the categorisation "
                       "meeting.")
            result.overridden += 1
            continue
        code = proposal.category.code
        override = OVERRIDES.get(code)
        if (override and code not in overridden_codes and proposal.school_id not in keep
                and proposal.school.establishment.is_open and rng.random() < 0.3):
            overridden_codes.add(code)
            workflow.proposal_override(tenant=tenant, actor=officer.user, proposal=proposal,
                                       category=categories[override[0]], reason=override[1])
            result.overridden += 1
            continue
        workflow.proposal_confirm(tenant=tenant, actor=officer.user, proposal=proposal)
        result.confirmed += 1
    for membership in agreeing_heads:
        workflow.category_agree(tenant=tenant, actor=membership.user, school=school_of(membership),
                                note="Agreed at the governors' meeting.")
    rounds.round_close(tenant=tenant, actor=admin.user, round=summer)
    rounds.round_open(tenant=tenant, actor=officer.user, name="Autumn 2026")
    category = computed.get(school_of(disagreeing_head).pk)
    workflow.category_disagree(tenant=tenant, actor=disagreeing_head.user,
                               school=school_of(disagreeing_head),
                               reason=DISAGREEMENT.format(
                                   category=f"{category.code} {category.label}" if category
                                   else "the category"))
    result.moderation_school = school_of(disagreeing_head)
    result.waiting = len(left_open)
    # Local intelligence on a few schools, the weaker ones first (where an officer looks).
    open_schools = [p.school for p in proposals if p.school.establishment.is_open]
    weak_schools = [p.school for p in proposals
                    if p.category and p.category.code in ("4", "3C", "3D", "2B")
                    and p.school.establishment.is_open]
    targets = rng.sample(weak_schools, min(len(weak_schools), 5))
    targets += rng.sample([s for s in open_schools if s not in targets], 2)
    for school, (kind, severity, days, source, summary) in zip(targets, INTELLIGENCE,
                                                               strict=False):
        intelligence_record(tenant=tenant, actor=officer.user, school=school, kind=kind,
                            occurred_on=today - timedelta(days=days), source=source,
                            severity=severity, summary=summary, today=today)
        result.intelligence += 1
    return result


def demo_wipe(tenant: Tenant) -> None:
    """Remove the tenant's categorisation rows in an order their protected links allow."""
    ModerationCase.objects.filter(tenant=tenant).delete()
    CategorisationRound.objects.filter(tenant=tenant).delete()
    SchoolCategory.objects.filter(tenant=tenant).update(previous=None)
    SchoolCategory.objects.filter(tenant=tenant).delete()
    CategoryProposal.objects.filter(tenant=tenant).delete()
    CategoryComputation.objects.filter(tenant=tenant).delete()
    OfficerJudgement.objects.filter(tenant=tenant).delete()
    SchemeCategory.objects.filter(tenant=tenant).delete()
    CategorisationScheme.objects.filter(tenant=tenant).delete()
    DataImport.objects.filter(tenant=tenant).delete()
    LocalIntelligence.objects.filter(tenant=tenant).delete()
