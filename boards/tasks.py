"""Background work for boards: every night, bring each tenant's hubs in step with their
partnerships and the heads of their member schools. Partnerships' hooks keep hubs in step as
schools join and leave and chairs change; a new headteacher arrives through an invitation,
which sends no hook boards may hear, so the nightly run seats them (`manage.py sync_hubs` does
the same at once). `TenantTask` restores the scope; the service changes nothing when run twice.
"""

from celery import shared_task

from boards.services.hubs import sync_hubs
from core.models import Tenant
from core.tasks import TenantTask, queue_for_every_tenant


@shared_task(base=TenantTask, name="boards.tasks.hubs_sync",
             soft_time_limit=60 * 10, time_limit=60 * 12)
def hubs_sync(tenant: Tenant) -> int:
    return len(sync_hubs(tenant=tenant))


@shared_task(name="boards.tasks.hubs_sync_sweep")
def hubs_sync_sweep() -> int:
    """On the schedule (nightly): one hub sync per tenant."""
    return queue_for_every_tenant(hubs_sync)
