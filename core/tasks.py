from celery import shared_task
from django.db import transaction
from django_scopes import scope

from core.models import Tenant
from core.services import audit_record


@shared_task(name="core.tasks.ping")
def ping(tenant_id: int, message: str = "pong") -> str:
    """Prove a worker reaches the broker and the database: write an audit row in the tenant's
    scope and return the message."""
    tenant = Tenant.objects.get(pk=tenant_id)
    with scope(tenant=tenant), transaction.atomic():
        audit_record(tenant=tenant, actor=None, action="worker.ping", summary=message)
    return message
