"""The audit trail: every service writes one row per change, in the change's transaction."""

from django.db import models

from accounts.models import User
from core.models import AuditEvent, Tenant
from core.waiting import waiting_changed


def audit_record(
    *, tenant: Tenant, actor: User | None, action: str, obj: models.Model | None = None,
    summary: str = "", changes: dict | None = None,
) -> AuditEvent:
    """Write the audit row for a change; call it inside the change's transaction. Every audited
    write may change what waits for someone: the tenant's cached "waiting" counts are
    forgotten (core.waiting)."""
    waiting_changed(tenant.pk)
    return AuditEvent.objects.create(
        tenant=tenant,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        summary=summary[:300],
        changes=changes or {},
    )


def field_changes(instance: models.Model, fields: list[str], new_values: dict) -> dict:
    """{field: [old, new]} for the fields whose value would change; values as strings."""
    changes = {}
    for field in fields:
        if field in new_values and getattr(instance, field) != new_values[field]:
            changes[field] = [str(getattr(instance, field)), str(new_values[field])]
    return changes
