"""The recompute pipeline: from data arrival to proposals, idempotently, in batches.

Every path that brings new inspections or indicators (import, API, an officer's entry) calls
`schedule_recompute(urns=...)` inside its transaction. That writes a `DataArrival` status record
and, once the transaction commits, enqueues `tasks.recompute_arrival` with its id. The task finds
every tenant whose register holds those URNs (or a school whose predecessor URN is among them)
and recomputes those schools in batches of up to 500 that may span tenants
(`recompute_targets`): a monthly Ofsted file touching 500 schools in 144 councils is one batch,
not 144.

Idempotence: each school has one `CategoryComputation` row per scheme key holding a hash of the
last result (scheme version, category, reasons, evidence). An unchanged hash writes nothing but
the batch's `computed_at`; a changed one creates a `CategoryProposal` only when the category
differs from the one in force (a new proposal supersedes an open one; a result that returns to
the category in force supersedes the open proposal and proposes nothing).

Queries per batch are fixed whatever its size or number of tenants: ten reads
(`selectors.recompute_batch_across_tenants`: schools, schemes and their categories, links,
inspections, indicators, judgements, computations, categories in force, open proposals) and at
most six writes (touch, delete and create computations, supersede and create proposals, one
statement for every tenant's audit row). Each school is evaluated with its own tenant's schemes
and each row written with its own school's tenant.

Speed (bench/bench_recompute.py, bench/README.md): a scheme is compiled once per batch (cached
by content), facts are built once per school whatever the number of schemes, rows are built from
ids, and the cyclic garbage collector is paused while a batch evaluates and writes.

If the broker is down when the data commits, the arrival stays pending; the nightly sweep
(`sweep`) enqueues pending and failed arrivals again and recomputes any school whose inputs
changed after its last computation or which the active scheme version has not computed yet.
"""

from __future__ import annotations

import gc
import hashlib
import io
import json
import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.mail import send_mail
from django.db import connection, models, transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django_scopes import scopes_disabled

from categorisation import selectors
from categorisation.models import (
    CategorisationScheme,
    CategoryComputation,
    CategoryProposal,
    DataArrival,
    Inspection,
    OfficerJudgement,
    PerformanceIndicator,
    SchemeCategory,
)
from categorisation.schemes import engine
from categorisation.schemes.facts import build_facts
from core.models import AuditEvent, Tenant
from core.permissions import CATEGORIES_VIEW, role_permissions
from core.tasks import task_named
from schools.models import EstablishmentLink, School

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
# An arrival that failed this many times is left for a person to look at.
MAX_ATTEMPTS = 5


# --- Scheduling --------------------------------------------------------------------------------


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


def schedule_recompute(*, urns: Iterable[int], reason: str) -> DataArrival | None:
    """Recompute the categories of these schools in every tenant whose register holds them,
    once the current transaction commits. Returns the status record (None if no URNs)."""
    urns = sorted({int(urn) for urn in urns})
    if not urns:
        return None
    arrival = DataArrival.objects.create(urns=urns, reason=reason[:200])
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

    def add(self, other: RecomputeStats) -> None:
        for name in ("schools", "batches", "unchanged", "changed", "proposals", "superseded",
                     "unmatched"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


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
    try:
        targets = affected_schools(arrival.urns)
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


# --- Recomputing schools -----------------------------------------------------------------------


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
    if school_ids is None:
        ids = list(School.objects.filter(tenant=tenant).order_by("pk").values_list("pk", flat=True))
    else:
        ids = sorted(set(school_ids))
    return recompute_targets({tenant.pk: ids}, reason=reason, batch_size=batch_size, now=now)


def recompute_targets(
    targets: dict[int, Iterable[int]], *, reason: str = "", batch_size: int = BATCH_SIZE,
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


@dataclass
class _Compiled:
    """A scheme prepared once per batch rather than once per school."""

    scheme: CategorisationScheme
    rules: engine.CompiledDefinition
    categories: dict[str, SchemeCategory]
    labels: dict[str, str]
    parameters: dict
    parameters_key: str


def _compiled(scheme: CategorisationScheme) -> _Compiled:
    categories = {category.code: category for category in scheme.categories.all()}
    parameters = scheme.definition.get("parameters", {})
    return _Compiled(
        scheme, engine.compile_definition(scheme.definition), categories,
        {code: category.label for code, category in categories.items()}, parameters,
        json.dumps(parameters, sort_keys=True, default=str),
    )


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
    compiled = {tenant_id: [_compiled(scheme) for scheme in tenant_schemes]
                for tenant_id, tenant_schemes in data.schemes.items()}
    writes = _Writes()
    with _collector_paused():
        _evaluate(data, compiled, now=now, stats=stats, writes=writes)
        _write_batch(writes, now=now, reason=reason)
    for rows in writes.proposed.values():
        _notify_advisers_on_commit(rows[0][0].tenant, rows)
    stats.superseded = len(writes.superseded)
    stats.proposals = sum(len(rows) for rows in writes.proposals.values())
    return stats


@dataclass
class _Writes:
    """What a batch's evaluation decided to write."""

    # New rows as column values by attribute name: building model instances for them cost
    # more than evaluating the rules.
    to_create: list[dict] = field(default_factory=list)  # computations
    replaced: list[int] = field(default_factory=list)  # computations re-created in to_create
    touched: list[int] = field(default_factory=list)  # unchanged computations
    superseded: list[int] = field(default_factory=list)  # open proposals
    proposals: dict[int, list[dict]] = field(  # by tenant id
        default_factory=lambda: defaultdict(list))
    proposed: dict[int, list[tuple[School, SchemeCategory]]] = field(  # for the e-mails
        default_factory=lambda: defaultdict(list))


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


def _evaluate(
    data: selectors.RecomputeBatch, compiled: dict[int, list[_Compiled]], *, now: datetime,
    stats: RecomputeStats, writes: _Writes,
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
            category = prepared.categories[outcome.category]
            writes.proposals[school.tenant_id].append({
                "tenant_id": school.tenant_id, "school_id": school.pk, "scheme_id": scheme.pk,
                "category_id": category.pk, "status": CategoryProposal.Status.OPEN,
                "reasons": outcome.reasons, "evidence": outcome.evidence, "input_hash": digest,
                "previous_category_id": current.pk if current else None,
                "created_at": created_at,
            })
            writes.proposed[school.tenant_id].append((school, category))


def _write_batch(writes: _Writes, *, now: datetime, reason: str) -> None:
    """A batch's writes, one statement each whatever the number of tenants. Named cross-tenant
    write: every row was built above from one school's own tenant (its `tenant_id`, that
    tenant's scheme and categories, and that school's computation, step and proposal, which
    the selector kept only when their tenant is the school's), so no row links two tenants.
    Each tenant gets its own audit row and its own e-mails."""
    proposals = writes.proposals
    with scopes_disabled():
        if writes.touched:
            CategoryComputation.objects.filter(pk__in=writes.touched).update(computed_at=now)
        if writes.replaced:
            # Replace rather than bulk_update: Django's CASE WHEN per row costs more than the
            # whole evaluation at 500 rows; a computation is state, not history.
            CategoryComputation.objects.filter(pk__in=writes.replaced).delete()
        if writes.to_create:
            _insert(CategoryComputation, writes.to_create)
        if writes.superseded:
            CategoryProposal.objects.filter(pk__in=writes.superseded).update(
                status=CategoryProposal.Status.SUPERSEDED)
        if not proposals:
            return
        _insert(CategoryProposal, [proposal for rows in proposals.values() for proposal in rows])
        AuditEvent.objects.bulk_create([
            AuditEvent(
                tenant_id=tenant_id, actor=None, action="categorisation.proposals_computed",
                summary=(f"{len(rows)} proposed categories ({reason})" if reason
                         else f"{len(rows)} proposed categories")[:300],
                changes={"schools": [row["school_id"] for row in rows][:1000]},
            )
            for tenant_id, rows in proposals.items()
        ])


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _insert(model: type[models.Model], rows: list[dict]) -> None:
    """Insert new rows, given as values by attribute name (every field without a default), in
    one statement. On PostgreSQL with COPY, which takes about a third of the time of Django's
    bulk INSERT for a batch of proposals with their reasons and evidence (measured: 19 against
    55 us a row); elsewhere with `bulk_create`. Constraints and foreign keys are checked as for
    an INSERT."""
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**row) for row in rows])
        return
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    defaults = {field.attname: field.get_default() for field in fields}
    lines = []
    for row in rows:
        lines.append("\t".join(
            _copy_text(field, row[field.attname] if field.attname in row
                       else defaults[field.attname])
            for field in fields))
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    with connection.cursor() as cursor:
        cursor.copy_expert(
            f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN",
            io.StringIO("\n".join(lines) + "\n"),
        )


def _copy_text(field: models.Field, value: object) -> str:
    """One value in COPY's text format, as Django would have stored it."""
    if value is None:
        return "\\N"
    if isinstance(field, models.JSONField):
        text = json.dumps(value, cls=field.encoder)
    elif isinstance(value, bool):
        text = "t" if value else "f"
    elif isinstance(value, datetime | date):
        text = value.isoformat()
    else:
        text = str(value)
    return text.translate(_COPY_ESCAPES)


def _notify_advisers_on_commit(
    tenant: Tenant, proposed: list[tuple[School, SchemeCategory]],
) -> None:
    """One e-mail per link adviser listing their schools' new proposals, after commit."""
    by_adviser: dict[str, list[str]] = defaultdict(list)
    for school, category in proposed:
        adviser = school.link_adviser
        # Only someone whose role still sees categories hears of one (a demoted adviser not).
        if (adviser is None or not adviser.is_active or not adviser.user.email
                or CATEGORIES_VIEW not in role_permissions(tenant, adviser.role)):
            continue
        by_adviser[adviser.user.email].append(
            f"- {school.establishment.name} (URN {school.establishment_id}): "
            f"proposed {category.code} {category.label}")
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
