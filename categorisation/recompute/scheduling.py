"""Scheduling the recompute: every path that brings new data records a `DataArrival` and
enqueues its task after commit; a change of scheme or an officer's judgement enqueues one
tenant's schools; the nightly sweep enqueues again what a lost or failed task left behind."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django_scopes import scopes_disabled

from categorisation.models import (
    CategorisationScheme,
    CategoryComputation,
    DataArrival,
    Inspection,
    OfficerJudgement,
    PerformanceIndicator,
    TenantIndicator,
    TenantInspection,
)
from core.models import Tenant
from core.tasks import task_named
from schools.models import School

logger = logging.getLogger(__name__)

# An arrival that failed this many times is left for a person to look at.
MAX_ATTEMPTS = 5


def _enqueue(task_name: str, *args) -> bool:
    try:
        task_named(task_name).delay(*args)
    except Exception:
        # Broker down (or, with tasks inline, the task itself failed and marked its record):
        # the data has committed and the status record says what is left; the nightly sweep
        # enqueues it again. Never fail the request that brought the data.
        logger.exception("Could not run %s%s now; the nightly sweep will", task_name, args)
        return False
    return True


def schedule_recompute(*, urns: Iterable[int], reason: str,
                       tenant: Tenant | None = None) -> DataArrival | None:
    """Recompute the categories of these schools once the current transaction commits: in
    every tenant whose register holds them for national data, in `tenant` only for data of
    its own layer. Returns the status record (None if no URNs)."""
    urns = sorted({int(urn) for urn in urns})
    if not urns:
        return None
    arrival = DataArrival.objects.create(urns=urns, reason=reason[:200], tenant=tenant)
    transaction.on_commit(lambda: _enqueue("categorisation.tasks.recompute_arrival", arrival.pk))
    return arrival


def schedule_tenant_recompute(
    *, tenant: Tenant, reason: str, school_ids: Iterable[int] | None = None,
) -> None:
    """Recompute one tenant's schools (all of them by default) after commit: a change of scheme
    or an officer's judgement. If the broker is down the sweep finds them (a scheme version
    that has not computed a school, or a judgement newer than the school's computation)."""
    ids = sorted(set(school_ids)) if school_ids is not None else None
    transaction.on_commit(
        lambda: _enqueue("categorisation.tasks.recompute_tenant", tenant.pk, ids, reason))


# --- The nightly sweep -------------------------------------------------------------------------


def stale_schools() -> dict[int, list[int]]:
    """School ids by tenant id that need a computation: never computed by the active version of
    a scheme, or with an inspection, indicator (national or the council's own) or judgement
    newer than their last computation.
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
                            | Exists(TenantInspection.objects.filter(
                                Q(urn=urn) | Q(inspected_urn=urn), tenant_id=scheme.tenant_id,
                                updated_at__gt=OuterRef("last")))
                            | Exists(TenantIndicator.objects.filter(
                                urn=urn, tenant_id=scheme.tenant_id,
                                imported_at__gt=OuterRef("last")))
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
        if _enqueue("categorisation.tasks.recompute_arrival", arrival_id):
            result.arrivals.append(arrival_id)
    for tenant_id, school_ids in stale_schools().items():
        if _enqueue("categorisation.tasks.recompute_tenant", tenant_id, school_ids,
                    "nightly sweep"):
            result.tenants[tenant_id] = len(school_ids)
    return result
