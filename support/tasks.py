"""Background work for support: re-plan visits after categories changed. The arguments are
the tenant's id and plain [school id, old code, new code] triples; `TenantTask` restores the
scope and the task calls one service, which changes nothing when run twice."""

from celery import shared_task

from core.models import Tenant
from core.tasks import TenantTask
from support.services.visits import visits_replan as replan


@shared_task(base=TenantTask, name="support.tasks.visits_replan",
             soft_time_limit=60 * 10, time_limit=60 * 12)
def visits_replan(tenant: Tenant, changes: list) -> int:
    codes = {int(school_id): (old, new) for school_id, old, new in changes}
    return len(replan(tenant=tenant, school_ids=sorted(codes), codes=codes))
