"""Running the recompute: an arrival's schools in every tenant whose register holds them, or one
tenant's schools, in batches of up to `BATCH_SIZE` that may span tenants; each batch is one
transaction in a fixed number of queries (read, decide, write)."""

from __future__ import annotations

import gc
import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from categorisation import selectors
from categorisation.models import CategorisationScheme, DataArrival
from categorisation.recompute.deciding import RecomputeStats, Writes, compile_scheme, evaluate
from categorisation.recompute.writing import notify_advisers_on_commit, write_batch
from core.models import Tenant
from schools.models import EstablishmentLink, School

logger = logging.getLogger(__name__)

BATCH_SIZE = 500


def affected_schools(urns: Iterable[int], *, tenant_id: int | None = None,
                     ) -> dict[int, list[int]]:
    """School ids by tenant id for these URNs: schools with one of them, and schools whose
    predecessor has one; only `tenant_id`'s when given (data of its own layer). Named
    cross-tenant read: a national arrival is public data for every tenant."""
    urns = set(urns)
    with scopes_disabled():
        successors = {
            link.urn for link in EstablishmentLink.objects.filter(linked_urn__in=urns)
            if link.is_predecessor
        }
        rows = School.objects.filter(establishment_id__in=urns | successors)
        if tenant_id is not None:
            rows = rows.filter(tenant_id=tenant_id)
        found: dict[int, list[int]] = defaultdict(list)
        for owner, school_id in rows.values_list("tenant_id", "pk").order_by("tenant_id", "pk"):
            found[owner].append(school_id)
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
    try:
        targets = affected_schools(arrival.urns, tenant_id=arrival.tenant_id)
        # Batches span tenants: 500 schools spread over 144 councils cost one batch's fixed
        # queries, not 144 times them.
        stats = recompute_targets(targets, reason=arrival.reason)
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


def recompute_schools(
    *, tenant: Tenant, school_ids: Iterable[int] | None = None, reason: str = "",
    batch_size: int = BATCH_SIZE, now: datetime | None = None,
) -> RecomputeStats:
    """Run the tenant's active scheme(s) over these schools (default: the whole register), in
    batches. Call inside the tenant's scope."""
    if school_ids is None:
        ids = list(School.objects.filter(tenant=tenant).order_by("pk").values_list("pk", flat=True))
    else:
        ids = sorted(set(school_ids))
    return recompute_targets({tenant.pk: ids}, reason=reason, batch_size=batch_size, now=now)


def recompute_targets(
    targets: Mapping[int, Iterable[int]], *, reason: str = "", batch_size: int = BATCH_SIZE,
    now: datetime | None = None,
) -> RecomputeStats:
    """Recompute school ids by tenant id (as `affected_schools` returns them) in batches of
    `batch_size` schools that may span tenants; each batch is one transaction in a fixed number
    of queries. Each school is computed with its own tenant's schemes and written with its own
    tenant (see `selectors.recompute_batch_across_tenants`)."""
    stats = RecomputeStats()
    pairs = [(tenant_id, school_id) for tenant_id in sorted(targets)
             for school_id in sorted(set(targets[tenant_id]))]
    for start in range(0, len(pairs), batch_size):
        by_tenant: dict[int, list[int]] = defaultdict(list)
        for tenant_id, school_id in pairs[start:start + batch_size]:
            by_tenant[tenant_id].append(school_id)
        stats.add(_recompute_batch(dict(by_tenant), reason=reason, now=now))
    return stats


def recompute_batch(
    *, tenant: Tenant, schemes: list[CategorisationScheme], school_ids: list[int],
    reason: str = "", now: datetime | None = None,
) -> RecomputeStats:
    """One batch of one tenant's schools under these (active) schemes."""
    return _recompute_batch({tenant.pk: list(school_ids)}, reason=reason, now=now,
                            schemes={tenant.pk: list(schemes)})


@transaction.atomic
def _recompute_batch(
    by_tenant: dict[int, list[int]], *, reason: str = "", now: datetime | None = None,
    schemes: dict[int, list[CategorisationScheme]] | None = None,
) -> RecomputeStats:
    """One batch (schools of one or more tenants), in one transaction, in a fixed number of
    queries: ten reads (`selectors.recompute_batch_across_tenants`) and at most six writes,
    whatever the number of schools or tenants."""
    now = now or timezone.now()
    stats = RecomputeStats(batches=1)
    data = selectors.recompute_batch_across_tenants(by_tenant, schemes=schemes)
    compiled = {tenant_id: [compile_scheme(scheme) for scheme in tenant_schemes]
                for tenant_id, tenant_schemes in data.schemes.items()}
    writes = Writes()
    with _collector_paused():
        evaluate(data, compiled, now=now, stats=stats, writes=writes)
        write_batch(writes, now=now, reason=reason)
    for rows in writes.proposed.values():
        notify_advisers_on_commit(rows[0][0].tenant, rows)
    stats.superseded = len(writes.superseded)
    stats.proposals = sum(len(rows) for rows in writes.proposals.values())
    return stats


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for one batch's evaluation and writes.

    They allocate many small objects (facts, outcomes, rows) while the batch's model instances
    are alive, which triggers full collections that walk the whole heap again and again: a
    third of a national recompute's time, measured. What a batch leaves is bounded by its size
    and freed by reference counting or by the next collection after it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
