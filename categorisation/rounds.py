"""A categorisation round, as services: an officer opens a round ("Autumn 2026"), confirms the
unchanged proposals in bulk, and closes it with a summary.

Confirming in bulk is no new way to set a category: each school is confirmed by
`workflow.proposal_confirm`, the same service as the proposal's page, so each writes its own
step and its own audit row and tells its headteachers. A school the service refuses (its
proposal went out of date, its scheme was replaced) is named in the result with the reason, and
the others are kept: each school's confirmation is its own savepoint inside the one
transaction. Undetermined proposals are never confirmed in bulk: they are listed as needing an
officer's choice.

Every service is atomic, takes keyword-only `tenant=` and `actor=`, checks the actor may
decide categories (PermissionDenied) and refuses what the data does not allow with
`WorkflowRefused`, whose message the pages show.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from categorisation import selectors, workflow
from categorisation.models import (
    CategorisationRound,
    CategoryProposal,
    SchoolCategory,
)
from categorisation.workflow import WorkflowRefused
from core import permissions
from core.audit import audit_record
from core.models import Tenant
from core.selectors import membership_for
from core.tenancy import ensure_same_tenant
from schools.models import School

# Schools the pages and the API confirm per request: each is a full confirmation (its step,
# its audit row, its headteachers told), about 60 ms a school on the busy two-core test
# machine (300 schools: 19 s), so a batch of 100 stays well inside the web server's 30-second
# timeout; the page then offers the next batch.
BULK_BATCH = 100


def _require_decide(tenant: Tenant, actor: User | None) -> None:
    membership = membership_for(user=actor, tenant=tenant) if actor is not None else None
    if membership is None or not permissions.has(membership, permissions.CATEGORIES_DECIDE):
        raise PermissionDenied("You cannot do this in this partnership.")


def _locked_open(tenant: Tenant, round: CategorisationRound) -> CategorisationRound:
    ensure_same_tenant(tenant, round=round)
    locked = CategorisationRound.objects.select_for_update().get(pk=round.pk)
    if not locked.is_open:
        raise WorkflowRefused(f"The round {locked.name} is closed: a closed round cannot be "
                              "changed.")
    return locked


@transaction.atomic
def round_open(*, tenant: Tenant, actor: User | None, name: str) -> CategorisationRound:
    """Open a round. Only one round of a tenant is open at a time (also a database
    constraint), and each round's name is the tenant's only one of that name."""
    _require_decide(tenant, actor)
    name = " ".join((name or "").split())
    if not name:
        raise WorkflowRefused({"name": "Enter a name for the round, for example Autumn 2026."})
    already = selectors.open_round(tenant=tenant)
    if already is not None:
        raise WorkflowRefused(f"The round {already.name} is still open: close it before "
                              "opening another.")
    if CategorisationRound.objects.filter(tenant=tenant, name__iexact=name).exists():
        raise WorkflowRefused({"name": f"There is already a round called {name}: choose "
                                       "another name."})
    round = CategorisationRound(
        tenant=tenant, name=name,
        opened_by=actor if actor is not None and actor.is_authenticated else None)
    round.full_clean(exclude=["tenant", "opened_by", "closed_by"])
    round.save()
    audit_record(tenant=tenant, actor=actor, action="categorisation.round_opened", obj=round,
                 summary=f"Opened the categorisation round {name}")
    return round


@dataclass(frozen=True)
class Refusal:
    school: School
    reason: str

    def __str__(self) -> str:
        return f"{self.school.establishment.name} (URN {self.school.establishment_id}): " \
               f"{self.reason}"


@dataclass
class BulkConfirmResult:
    confirmed: list[SchoolCategory] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    needing_choice: list[CategoryProposal] = field(default_factory=list)
    # Chosen but left for the next batch (`limit`): confirm again to continue.
    remaining: int = 0


def _choose(tenant: Tenant, review: selectors.RoundReview, proposal_ids: Iterable[int] | None,
            result: BulkConfirmResult) -> list[CategoryProposal]:
    """The proposals to confirm: every unchanged one, or those of `proposal_ids` that still
    are; the others of `proposal_ids` are refused or listed as needing a choice."""
    result.needing_choice = [row.proposal for row in review.needing_choice]
    if proposal_ids is None:
        return [row.proposal for row in review.unchanged]
    wanted = set(proposal_ids)
    unchanged = {row.proposal.pk: row.proposal for row in review.unchanged}
    undetermined = {row.proposal.pk for row in review.needing_choice}
    differing = {row.proposal.pk: row for row in review.to_review}
    chosen = [unchanged[pk] for pk in sorted(wanted & set(unchanged))]
    result.needing_choice = [proposal for proposal in result.needing_choice
                             if proposal.pk in wanted & undetermined]
    for pk in sorted(wanted & set(differing)):
        row = differing[pk]
        in_force = row.in_force.words if row.in_force else "no category"
        result.refused.append(Refusal(row.school, (
            f"the proposed category {row.proposal.proposed} is not the one in force "
            f"({in_force}): review it on its own page")))
    gone = wanted - set(unchanged) - undetermined - set(differing)
    # The scope hides another tenant's proposals: they are as unknown as a made-up id.
    for proposal in (CategoryProposal.objects.filter(tenant=tenant, pk__in=gone)
                     .select_related("school__establishment").order_by("pk")):
        result.refused.append(Refusal(proposal.school, (
            f"its proposal is no longer waiting ({proposal.get_status_display().lower()})")))
    return chosen


@transaction.atomic
def round_bulk_confirm(
    *, tenant: Tenant, actor: User | None, round: CategorisationRound,
    proposal_ids: Iterable[int] | None = None, limit: int | None = None,
) -> BulkConfirmResult:
    """Confirm every open proposal whose proposed category is the school's category in force
    (or those of `proposal_ids` that are), one `workflow.proposal_confirm` per school.

    Contract: one confirmed step and one audit row per school confirmed, nothing else written
    for it; a school the confirm service refuses is named in `refused` with its reason and
    the rest are confirmed; undetermined proposals are never confirmed, only listed in
    `needing_choice`; a selected proposal that is not unchanged is refused by name. One
    further audit row records the bulk action on the round. With `limit`, at most that many
    are confirmed (oldest proposals first) and `remaining` counts the rest: the pages and the
    API confirm in batches so that one request stays short (about 40 ms a school on a busy
    two-core machine)."""
    _require_decide(tenant, actor)
    round = _locked_open(tenant, round)
    review = selectors.round_review(tenant=tenant, round=round)
    result = BulkConfirmResult()
    note = f"Confirmed in the round {round.name}: unchanged from the category in force."
    chosen = _choose(tenant, review, proposal_ids, result)
    if limit is not None:
        chosen, result.remaining = chosen[:limit], max(len(chosen) - limit, 0)
    for proposal in chosen:
        try:
            # proposal_confirm is atomic: a refusal rolls back this school only.
            result.confirmed.append(workflow.proposal_confirm(
                tenant=tenant, actor=actor, proposal=proposal, note=note))
        except ValidationError as refusal:
            result.refused.append(Refusal(proposal.school, " ".join(refusal.messages)))
    audit_record(
        tenant=tenant, actor=actor, action="categorisation.round_bulk_confirmed", obj=round,
        summary=(f"{round.name}: confirmed {len(result.confirmed)} unchanged "
                 f"proposal{'s' if len(result.confirmed) != 1 else ''}; "
                 f"{len(result.refused)} refused; {result.remaining} left for the next batch"),
        changes={"confirmed": [step.school_id for step in result.confirmed],
                 "refused": [refusal.school.pk for refusal in result.refused]})
    return result


def round_summary(*, tenant: Tenant, round: CategorisationRound) -> dict:
    """The round's counts as they stand: the open schools by category in force, the
    proposals confirmed and overridden (or chosen) since the round opened, and those still
    open. A fixed number of queries."""
    in_force = selectors.categories_in_force_now(tenant=tenant)
    by_category = Counter((item.code, item.label) for item in in_force.values())
    decided = Counter(SchoolCategory.objects.filter(
        tenant=tenant, decided_at__gte=round.opened_at, proposal__isnull=False,
        status__in=[SchoolCategory.Status.CONFIRMED, SchoolCategory.Status.OVERRIDDEN,
                    SchoolCategory.Status.CHOSEN]).values_list("status", flat=True))
    waiting = selectors.proposals_waiting(tenant=tenant)
    schools = School.objects.filter(tenant=tenant, establishment__is_open=True).count()
    return {
        "schools": schools,
        "by_category": [[code, label, count]
                        for (code, label), count in sorted(by_category.items())],
        "without_category": schools - len(in_force),
        "confirmed": decided[SchoolCategory.Status.CONFIRMED],
        "overridden": (decided[SchoolCategory.Status.OVERRIDDEN]
                       + decided[SchoolCategory.Status.CHOSEN]),
        "still_open": waiting.count(),
        "still_undetermined": waiting.filter(category__isnull=True).count(),
    }


@transaction.atomic
def round_close(*, tenant: Tenant, actor: User | None,
                round: CategorisationRound) -> CategorisationRound:
    """Close the round: who, when and the summary of that moment are kept, and the round is
    read-only from then on. Proposals still open stay open for the next round."""
    _require_decide(tenant, actor)
    round = _locked_open(tenant, round)
    round.summary = round_summary(tenant=tenant, round=round)
    round.status = CategorisationRound.Status.CLOSED
    round.closed_at = timezone.now()
    round.closed_by = actor if actor is not None and actor.is_authenticated else None
    round.full_clean(exclude=["tenant", "opened_by", "closed_by"])
    round.save()
    summary = round.summary
    audit_record(tenant=tenant, actor=actor, action="categorisation.round_closed", obj=round,
                 summary=(f"Closed the categorisation round {round.name}: "
                          f"{summary['confirmed']} confirmed, {summary['overridden']} "
                          f"overridden, {summary['still_open']} still open"))
    return round
