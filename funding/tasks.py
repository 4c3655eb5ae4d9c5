"""Background work for funding: a new draft allocation run after categories changed. The
argument is the tenant's id; `TenantTask` restores its scope and the task calls one service,
which does nothing when the tenant has no confirmed run for the current year (so running it
twice is harmless: it makes a second draft, never touches a confirmed run)."""

from celery import shared_task

from core.models import Tenant
from core.tasks import TenantTask
from funding.services.allocations import allocation_run_redraft


@shared_task(base=TenantTask, name="funding.tasks.allocation_redraft",
             soft_time_limit=60 * 10, time_limit=60 * 12)
def allocation_redraft(tenant: Tenant, origin: str) -> int | None:
    run = allocation_run_redraft(tenant=tenant, origin=origin)
    return run.pk if run is not None else None
