"""Reads for a categorisation round: the rounds of a tenant, what changed since the last closed
round, which open proposals are unchanged (confirmable in bulk), which need an officer's
choice, and every open school's proposed and in-force category for the export.

Call inside the tenant's scope. Each read costs a fixed number of queries whatever the number
of schools: the proposals in one query, the categories in force now in one, and those in force
when the last round closed in one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery

from categorisation.models import CategorisationRound, CategoryProposal, SchoolCategory
from categorisation.selectors.workflow import proposals_waiting
from core.models import Tenant
from schools.models import School


@dataclass(frozen=True)
class InForce:
    """A category in force, as a round compares it: the scheme's key and the code decide
    "the same category" (a new version of the same scheme keeps its codes)."""

    scheme_key: str
    code: str
    label: str
    status: str
    reason: str
    reasons: tuple[str, ...]
    decided_at: datetime

    @property
    def words(self) -> str:
        return f"{self.code} {self.label}"


def _in_force(steps: QuerySet[SchoolCategory]) -> dict[int, InForce]:
    # Plain values rather than model instances (with their scheme and category): a round of a
    # 1,000-school council spent most of its time building objects it only read six fields of.
    status_label = dict(SchoolCategory.Status.choices)
    return {school_id: InForce(
        scheme_key=scheme_key, code=code, label=label, status=status_label.get(status, status),
        reason=reason, reasons=tuple(reasons or ()), decided_at=decided_at)
        for school_id, scheme_key, code, label, status, reason, reasons, decided_at
        in steps.values_list("school_id", "scheme__key", "category__code", "category__label",
                             "status", "reason", "reasons", "decided_at")}


def _of_schools(steps: QuerySet[SchoolCategory], schools: QuerySet[Any] | None,
                ) -> QuerySet[SchoolCategory]:
    return steps if schools is None else steps.filter(school_id__in=schools)


def categories_in_force_now(*, tenant: Tenant, schools: QuerySet[Any] | None = None,
                            ) -> dict[int, InForce]:
    """School id -> the category in force today, for the tenant's open schools (only those
    whose ids `schools` selects, when given: a query of school ids). One query."""
    return _in_force(_of_schools(SchoolCategory.objects.filter(
        tenant=tenant, is_current=True, school__establishment__is_open=True), schools))


def categories_in_force_at(*, tenant: Tenant, moment: datetime,
                           schools: QuerySet[Any] | None = None) -> dict[int, InForce]:
    """School id -> the category in force at `moment` (the last step decided by then): steps
    are appended and never edited, so this is exact. Only the schools whose ids `schools`
    selects, when given. One query."""
    latest = (SchoolCategory.objects.filter(tenant=tenant, school_id=OuterRef("school_id"),
                                            decided_at__lte=moment)
              .order_by("-decided_at", "-pk").values("pk")[:1])
    return _in_force(_of_schools(
        SchoolCategory.objects.filter(tenant=tenant, decided_at__lte=moment), schools)
        .filter(pk=Subquery(latest)))


def _same(proposal: CategoryProposal, in_force: InForce | None) -> bool:
    return (in_force is not None and proposal.category is not None
            and (proposal.scheme.key, proposal.category.code)
            == (in_force.scheme_key, in_force.code))


def proposal_is_unchanged(proposal: CategoryProposal, in_force: InForce | None) -> bool:
    """Whether confirming the proposal would leave the school's category as it is: the rule
    for confirming in bulk. An undetermined proposal never is."""
    return _same(proposal, in_force)


# --- Rounds -------------------------------------------------------------------------------


def open_round(*, tenant: Tenant) -> CategorisationRound | None:
    return (CategorisationRound.objects.filter(tenant=tenant,
                                               status=CategorisationRound.Status.OPEN)
            .select_related("opened_by").first())


def last_closed_round(*, tenant: Tenant, before: CategorisationRound | None = None,
                      ) -> CategorisationRound | None:
    """The round closed last (before `before` was opened, when given): the baseline."""
    rounds = CategorisationRound.objects.filter(tenant=tenant,
                                                status=CategorisationRound.Status.CLOSED)
    if before is not None:
        rounds = rounds.filter(closed_at__lte=before.opened_at)
    return rounds.order_by("-closed_at", "-pk").first()


def closed_rounds(*, tenant: Tenant) -> QuerySet[CategorisationRound]:
    return (CategorisationRound.objects.filter(tenant=tenant,
                                               status=CategorisationRound.Status.CLOSED)
            .select_related("opened_by", "closed_by").order_by("-closed_at", "-pk"))


def round_detail(*, round_id: int) -> CategorisationRound:
    return (CategorisationRound.objects.select_related("opened_by", "closed_by")
            .get(pk=round_id))


@dataclass(frozen=True)
class RoundRow:
    """One open proposal as the round page shows it."""

    proposal: CategoryProposal
    in_force: InForce | None  # today
    baseline: InForce | None  # when the last round closed (today's, with no closed round)

    @property
    def school(self) -> School:
        return self.proposal.school


@dataclass
class RoundReview:
    """The open proposals of a round, sorted into what the officer must do with them."""

    round: CategorisationRound
    baseline_round: CategorisationRound | None
    # Proposed category differs from the one in force at the baseline (undetermined ones
    # are in `needing_choice`).
    changed: list[RoundRow] = field(default_factory=list)
    # Proposed category is the one in force today: confirmable in bulk.
    unchanged: list[RoundRow] = field(default_factory=list)
    # The data did not decide: an officer chooses on the proposal's page.
    needing_choice: list[RoundRow] = field(default_factory=list)
    # Proposed category differs from the one in force today: confirmed one by one.
    to_review: list[RoundRow] = field(default_factory=list)

    @property
    def open_count(self) -> int:
        return len(self.unchanged) + len(self.needing_choice) + len(self.to_review)


def round_review(*, tenant: Tenant, round: CategorisationRound) -> RoundReview:
    """What changed since the last closed round and what is left to decide. Four queries
    whatever the number of schools (five with a baseline round)."""
    baseline_round = last_closed_round(tenant=tenant, before=round)
    # Only the schools with a proposal waiting: a council of 1,000 schools with a few dozen
    # proposals read every school's category twice, and most of the page's time went there.
    waiting = proposals_waiting(tenant=tenant)
    schools = waiting.order_by().values("school_id")
    now = categories_in_force_now(tenant=tenant, schools=schools)
    baseline = (categories_in_force_at(tenant=tenant, moment=baseline_round.closed_at,
                                       schools=schools)
                if baseline_round is not None and baseline_round.closed_at else now)
    review = RoundReview(round=round, baseline_round=baseline_round)
    for proposal in waiting:
        row = RoundRow(proposal=proposal, in_force=now.get(proposal.school_id),
                       baseline=baseline.get(proposal.school_id))
        if proposal.category is None:
            review.needing_choice.append(row)
            continue
        if not _same(proposal, row.baseline):
            review.changed.append(row)
        if _same(proposal, row.in_force):
            review.unchanged.append(row)
        else:
            review.to_review.append(row)
    return review


# --- The export ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SchoolCategoryRow:
    """One open school of the register with its category in force and its open proposal."""

    school: School
    in_force: InForce | None
    proposal: CategoryProposal | None


def category_export_rows(*, tenant: Tenant) -> list[SchoolCategoryRow]:
    """Every open school of the tenant, by name, with what is in force and what is proposed.
    Three queries."""
    now = categories_in_force_now(tenant=tenant)
    proposals = {proposal.school_id: proposal for proposal in proposals_waiting(tenant=tenant)}
    schools = (School.objects.filter(tenant=tenant, establishment__is_open=True)
               .select_related("establishment").order_by("establishment__name", "pk"))
    return [SchoolCategoryRow(school=school, in_force=now.get(school.pk),
                              proposal=proposals.get(school.pk))
            for school in schools]
