"""The recompute pipeline: from data arrival to proposals, idempotently, in batches.

Every path that brings new inspections or indicators (import, API, an officer's entry) calls
`schedule_recompute(urns=...)` inside its transaction. That writes a `DataArrival` status record
and, once the transaction commits, enqueues `tasks.recompute_arrival` with its id. The task finds
every tenant whose register holds those URNs (or a school whose predecessor URN is among them)
and, tenant by tenant in that tenant's scope, recomputes those schools in batches
(`recompute_schools`).

Idempotence: each school has one `CategoryComputation` row per scheme key holding a hash of the
last result (scheme version, category, reasons, evidence). An unchanged hash writes nothing but
the batch's `computed_at`; a changed one creates a `CategoryProposal` only when the category
differs from the one in force (a new proposal supersedes an open one; a result that returns to
the category in force supersedes the open proposal and proposes nothing).

Queries per batch are fixed whatever its size: one for the schools, four for their inputs
(`selectors.school_inputs`), three for the state (computations, categories in force, open
proposals) and at most six writes (bulk create/update, one audit row).

If the broker is down when the data commits, the arrival stays pending; the nightly sweep
(`sweep`) enqueues pending and failed arrivals again and recomputes any school whose inputs
changed after its last computation or which the active scheme version has not computed yet.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from categorisation import selectors
from categorisation.models import (
    CategorisationScheme,
    CategoryComputation,
    CategoryProposal,
    DataArrival,
    Inspection,
    OfficerJudgement,
    PerformanceIndicator,
    SchoolCategory,
)
from categorisation.schemes import engine
from categorisation.schemes.facts import build_facts
from core.models import AuditEvent, Tenant
from schools.models import EstablishmentLink, School

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
# An arrival that failed this many times is left for a person to look at.
MAX_ATTEMPTS = 5


# --- Scheduling --------------------------------------------------------------------------------


def _enqueue(task, *args) -> bool:
    try:
        task.delay(*args)
    except Exception:
        # Broker down (or, with tasks inline, the task itself failed and marked its record):
        # the data has committed and the status record says what is left; the nightly sweep
        # enqueues it again. Never fail the request that brought the data.
        logger.exception("Could not run %s%s now; the nightly sweep will", task.name, args)
        return False
    return True


def schedule_recompute(*, urns: Iterable[int], reason: str) -> DataArrival | None:
    """Recompute the categories of these schools in every tenant whose register holds them,
    once the current transaction commits. Returns the status record (None if no URNs)."""
    from categorisation import tasks

    urns = sorted({int(urn) for urn in urns})
    if not urns:
        return None
    arrival = DataArrival.objects.create(urns=urns, reason=reason[:200])
    transaction.on_commit(lambda: _enqueue(tasks.recompute_arrival, arrival.pk))
    return arrival


def schedule_tenant_recompute(
    *, tenant: Tenant, reason: str, school_ids: Iterable[int] | None = None,
) -> None:
    """Recompute one tenant's schools (all of them by default) after commit: a change of scheme
    or an officer's judgement. If the broker is down the sweep finds them (a scheme version
    that has not computed a school, or a judgement newer than the school's computation)."""
    from categorisation import tasks

    ids = sorted(set(school_ids)) if school_ids is not None else None
    transaction.on_commit(lambda: _enqueue(tasks.recompute_tenant, tenant.pk, ids, reason))


# --- Running an arrival ------------------------------------------------------------------------


@dataclass
class RecomputeStats:
    schools: int = 0
    batches: int = 0
    unchanged: int = 0
    changed: int = 0
    proposals: int = 0
    superseded: int = 0
    unmatched: int = 0
    proposal_ids: list[int] = field(default_factory=list)

    def add(self, other: RecomputeStats) -> None:
        for name in ("schools", "batches", "unchanged", "changed", "proposals", "superseded",
                     "unmatched"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.proposal_ids += other.proposal_ids


def affected_schools(urns: Iterable[int]) -> dict[int, list[int]]:
    """School ids by tenant id for these URNs: schools with one of them, and schools whose
    predecessor has one. Named cross-tenant read: an arrival is public data for every tenant."""
    urns = set(urns)
    with scopes_disabled():
        successors = {
            link.urn for link in EstablishmentLink.objects.filter(linked_urn__in=urns)
            if link.is_predecessor
        }
        rows = School.objects.filter(establishment_id__in=urns | successors).values_list(
            "tenant_id", "pk")
        found: dict[int, list[int]] = defaultdict(list)
        for tenant_id, school_id in rows.order_by("tenant_id", "pk"):
            found[tenant_id].append(school_id)
    return dict(found)


def _arrival_update(arrival_id: int, **values) -> None:
    DataArrival.objects.filter(pk=arrival_id).update(**values)


def run_arrival(*, arrival_id: int) -> RecomputeStats | None:
    """Recompute every tenant's schools affected by one arrival and record the outcome.

    Safe to run twice: a done arrival is skipped, and the recompute itself is idempotent.
    Raises what went wrong after marking the arrival failed, so the task can decide to retry.
    """
    arrival = DataArrival.objects.filter(pk=arrival_id).first()
    if arrival is None:
        logger.warning("Data arrival %s no longer exists", arrival_id)
        return None
    if arrival.status == DataArrival.Status.DONE:
        return None
    _arrival_update(arrival_id, status=DataArrival.Status.PROCESSING, started_at=timezone.now(),
                    attempts=arrival.attempts + 1, error="")
    stats = RecomputeStats()
    try:
        targets = affected_schools(arrival.urns)
        tenants = Tenant.objects.in_bulk(list(targets))
        for tenant_id, school_ids in targets.items():
            with scope(tenant=tenants[tenant_id]):
                stats.add(recompute_schools(tenant=tenants[tenant_id], school_ids=school_ids,
                                            reason=arrival.reason))
    except Exception as error:
        _arrival_update(arrival_id, status=DataArrival.Status.FAILED, finished_at=timezone.now(),
                        error=f"{type(error).__name__}: {error}"[:2000])
        raise
    _arrival_update(
        arrival_id, status=DataArrival.Status.DONE, finished_at=timezone.now(),
        tenants_count=len(targets), schools_count=stats.schools,
        proposals_count=stats.proposals,
    )
    return stats


# --- Recomputing one tenant's schools ----------------------------------------------------------


def result_hash(scheme: CategorisationScheme, outcome: engine.Outcome) -> str:
    """What a result is, for "has it changed?": the scheme version, category, reasons and the
    facts the rules read."""
    text = json.dumps(
        [scheme.pk, outcome.category, outcome.reasons, outcome.evidence],
        sort_keys=True, default=str, separators=(",", ":"),
    )
    return hashlib.sha256(text.encode()).hexdigest()


def recompute_schools(
    *, tenant: Tenant, school_ids: Iterable[int] | None = None, reason: str = "",
    batch_size: int = BATCH_SIZE, now: datetime | None = None,
) -> RecomputeStats:
    """Run the tenant's active scheme(s) over these schools (default: the whole register), in
    batches. Call inside the tenant's scope."""
    stats = RecomputeStats()
    schemes = list(CategorisationScheme.objects.filter(tenant=tenant, is_active=True)
                   .prefetch_related("categories").order_by("key"))
    if not schemes:
        return stats
    if school_ids is None:
        ids = list(School.objects.filter(tenant=tenant).order_by("pk").values_list("pk", flat=True))
    else:
        ids = sorted(set(school_ids))
    for start in range(0, len(ids), batch_size):
        stats.add(recompute_batch(tenant=tenant, schemes=schemes,
                                  school_ids=ids[start:start + batch_size], reason=reason,
                                  now=now))
    return stats


@transaction.atomic
def recompute_batch(
    *, tenant: Tenant, schemes: list[CategorisationScheme], school_ids: list[int],
    reason: str = "", now: datetime | None = None,
) -> RecomputeStats:
    """One batch, in one transaction, in a fixed number of queries."""
    now = now or timezone.now()
    stats = RecomputeStats(batches=1)
    schools = list(School.objects.filter(tenant=tenant, pk__in=school_ids)
                   .select_related("establishment", "link_adviser__user"))
    stats.schools = len(schools)
    if not schools:
        return stats
    inputs = selectors.school_inputs(tenant=tenant, schools=schools)
    computations = {
        (row.school_id, row.scheme_key): row
        for row in CategoryComputation.objects.filter(tenant=tenant, school_id__in=school_ids)
    }
    in_force = {
        step.school_id: step
        for step in SchoolCategory.objects.filter(
            tenant=tenant, school_id__in=school_ids, is_current=True,
        ).select_related("category", "scheme")
    }
    open_proposals: dict[tuple[int, str], CategoryProposal] = {}
    for proposal in (CategoryProposal.objects.filter(
            tenant=tenant, school_id__in=school_ids, status=CategoryProposal.Status.OPEN)
            .select_related("category", "scheme").order_by("created_at", "pk")):
        open_proposals[(proposal.school_id, proposal.scheme.key)] = proposal  # newest wins

    to_create, to_update, touched, superseded, proposals = [], [], [], [], []
    for scheme in schemes:
        categories = {category.code: category for category in scheme.categories.all()}
        labels = {code: category.label for code, category in categories.items()}
        parameters = scheme.definition.get("parameters", {})
        for school in schools:
            outcome = engine.evaluate(
                scheme.definition, build_facts(inputs[school.pk], parameters=parameters),
                labels=labels,
            )
            digest = result_hash(scheme, outcome)
            computation = computations.get((school.pk, scheme.key))
            if computation is not None and computation.input_hash == digest:
                stats.unchanged += 1
                touched.append(computation.pk)
                continue
            stats.changed += 1
            if computation is None:
                to_create.append(CategoryComputation(
                    tenant=tenant, school=school, scheme_key=scheme.key, scheme=scheme,
                    input_hash=digest, category_code=outcome.category or "", computed_at=now,
                ))
            else:
                computation.scheme, computation.input_hash = scheme, digest
                computation.category_code, computation.computed_at = outcome.category or "", now
                to_update.append(computation)
            if outcome.category is None:
                stats.unmatched += 1
                continue
            step = in_force.get(school.pk)
            current = step.category if step is not None and step.scheme.key == scheme.key \
                else None
            open_proposal = open_proposals.get((school.pk, scheme.key))
            if open_proposal is not None and open_proposal.input_hash == digest:
                continue
            if open_proposal is not None:
                superseded.append(open_proposal.pk)
            if current is not None and current.code == outcome.category:
                continue  # the result is the category in force: nothing to decide
            proposals.append(CategoryProposal(
                tenant=tenant, school=school, scheme=scheme,
                category=categories[outcome.category], reasons=outcome.reasons,
                evidence=outcome.evidence, input_hash=digest, previous_category=current,
            ))

    if touched:
        CategoryComputation.objects.filter(pk__in=touched).update(computed_at=now)
    if to_update:
        # Replace rather than bulk_update: Django's CASE WHEN per row costs more than the
        # whole evaluation at 500 rows; a computation is state, not history.
        CategoryComputation.objects.filter(pk__in=[row.pk for row in to_update]).delete()
        for row in to_update:
            row.pk = None
        to_create += to_update
    if to_create:
        CategoryComputation.objects.bulk_create(to_create)
    if superseded:
        CategoryProposal.objects.filter(pk__in=superseded).update(
            status=CategoryProposal.Status.SUPERSEDED)
    if proposals:
        CategoryProposal.objects.bulk_create(proposals)
        AuditEvent.objects.create(
            tenant=tenant, actor=None, action="categorisation.proposals_computed",
            summary=(f"{len(proposals)} proposed categories ({reason})" if reason
                     else f"{len(proposals)} proposed categories")[:300],
            changes={"schools": [p.school_id for p in proposals][:1000]},
        )
        _notify_advisers_on_commit(tenant, proposals)
    stats.superseded, stats.proposals = len(superseded), len(proposals)
    stats.proposal_ids = [p.pk for p in proposals if p.pk is not None]
    return stats


def _notify_advisers_on_commit(tenant: Tenant, proposals: list[CategoryProposal]) -> None:
    """One e-mail per link adviser listing their schools' new proposals, after commit."""
    by_adviser: dict[str, list[str]] = defaultdict(list)
    for proposal in proposals:
        adviser = proposal.school.link_adviser
        if adviser is None or not adviser.is_active or not adviser.user.email:
            continue
        by_adviser[adviser.user.email].append(
            f"- {proposal.school.establishment.name} (URN {proposal.school.establishment_id}): "
            f"proposed {proposal.category.code} {proposal.category.label}")
    messages = [
        (email, lines) for email, lines in sorted(by_adviser.items())
    ]
    if not messages:
        return

    def send() -> None:
        for email, lines in messages:
            count = len(lines)
            send_mail(
                subject=f"{tenant.name}: {count} proposed "
                        f"categor{'y' if count == 1 else 'ies'} to review",
                message=(
                    "New data has changed the proposed category of schools you advise:\n\n"
                    + "\n".join(lines)
                    + "\n\nSign in to review the reasons and confirm or override them.\n"
                ),
                from_email=None, recipient_list=[email], fail_silently=True,
            )

    transaction.on_commit(send)


# --- The nightly sweep -------------------------------------------------------------------------


def stale_schools() -> dict[int, list[int]]:
    """School ids by tenant id that need a computation: never computed by the active version of
    a scheme, or with an inspection, indicator or judgement newer than their last computation.
    Named cross-tenant read, for the sweep; one query per active scheme."""
    found: dict[int, set[int]] = defaultdict(set)
    with scopes_disabled():
        for scheme in CategorisationScheme.objects.filter(is_active=True).order_by("tenant_id"):
            last = Subquery(CategoryComputation.objects.filter(
                school=OuterRef("pk"), scheme_key=scheme.key, scheme_id=scheme.pk,
            ).values("computed_at")[:1])
            urn = OuterRef("establishment_id")
            rows = (School.objects.filter(tenant_id=scheme.tenant_id).annotate(last=last)
                    .filter(Q(last__isnull=True)
                            | Exists(Inspection.objects.filter(
                                Q(urn=urn) | Q(inspected_urn=urn),
                                updated_at__gt=OuterRef("last")))
                            | Exists(PerformanceIndicator.objects.filter(
                                urn=urn, imported_at__gt=OuterRef("last")))
                            | Exists(OfficerJudgement.objects.filter(
                                school=OuterRef("pk"), entered_at__gt=OuterRef("last"))))
                    .values_list("pk", flat=True))
            found[scheme.tenant_id].update(rows)
    return {tenant_id: sorted(ids) for tenant_id, ids in found.items() if ids}


@dataclass
class SweepResult:
    arrivals: list[int] = field(default_factory=list)
    tenants: dict[int, int] = field(default_factory=dict)  # tenant id -> schools enqueued


def sweep(*, older_than: timedelta = timedelta(minutes=5)) -> SweepResult:
    """Enqueue what a lost or failed task left behind: pending and failed arrivals (older than
    `older_than`, so one just committed is left to its own task), and stale schools."""
    from categorisation import tasks

    result = SweepResult()
    cutoff = timezone.now() - older_than
    arrivals = DataArrival.objects.filter(
        Q(status=DataArrival.Status.PENDING) | Q(status=DataArrival.Status.FAILED)
        | Q(status=DataArrival.Status.PROCESSING, started_at__lt=timezone.now()
            - timedelta(hours=2)),
        created_at__lt=cutoff, attempts__lt=MAX_ATTEMPTS,
    ).order_by("created_at").values_list("pk", flat=True)
    for arrival_id in arrivals:
        DataArrival.objects.filter(pk=arrival_id).update(status=DataArrival.Status.PENDING)
        if _enqueue(tasks.recompute_arrival, arrival_id):
            result.arrivals.append(arrival_id)
    for tenant_id, school_ids in stale_schools().items():
        if _enqueue(tasks.recompute_tenant, tenant_id, school_ids, "nightly sweep"):
            result.tenants[tenant_id] = len(school_ids)
    return result
