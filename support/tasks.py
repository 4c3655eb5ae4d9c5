"""Background work for support: re-plan visits after categories changed (the arguments are
the tenant's id and plain [school id, old code, new code] triples); every night, redact the
notes naming staff whose retention period has passed, tenant by tenant. `TenantTask` restores
the scope and each task calls one service, which changes nothing when run twice."""

from celery import shared_task

from core.models import Tenant
from core.tasks import TenantTask, queue_for_every_tenant
from support.services.retention import notes_retention_apply
from support.services.visits import visits_replan as replan


@shared_task(base=TenantTask, name="support.tasks.visits_replan",
             soft_time_limit=60 * 10, time_limit=60 * 12)
def visits_replan(tenant: Tenant, changes: list) -> int:
    codes = {int(school_id): (old, new) for school_id, old, new in changes}
    return len(replan(tenant=tenant, school_ids=sorted(codes), codes=codes))


@shared_task(base=TenantTask, name="support.tasks.notes_retention",
             soft_time_limit=60 * 10, time_limit=60 * 12)
def notes_retention(tenant: Tenant) -> int:
    return len(notes_retention_apply(tenant=tenant))


@shared_task(name="support.tasks.notes_retention_sweep")
def notes_retention_sweep() -> int:
    """On the schedule (nightly): one retention task per tenant."""
    return queue_for_every_tenant(notes_retention)
