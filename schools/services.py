from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.models import User
from core.audit import audit_record, field_changes
from core.models import Membership, Role, Tenant, new_version_token
from core.permissions import OWN_SCHOOL_EDIT, REGISTER_EDIT, has
from schools.models import School
from schools.selectors import is_own_school


def register_changed(*, tenant_ids: Iterable[int] | None = None) -> None:
    """Mark registers as changed so cached renderings of them are not served again: these
    tenants', or every tenant's when shared GIAS data changed. Call it in the writing
    transaction, so the bump commits (or rolls back) with the change."""
    tenants = Tenant.objects.all() if tenant_ids is None else Tenant.objects.filter(
        pk__in=list(tenant_ids)
    )
    tenants.update(register_version=new_version_token())


def editable_school_fields(*, membership: Membership, school: School) -> tuple[str, ...]:
    """The fields this member may change on this school: officers the tenant's fields, a
    headteacher only the school's own contact fields, and only of their own school."""
    if has(membership, REGISTER_EDIT):
        return School.OFFICER_FIELDS
    if has(membership, OWN_SCHOOL_EDIT) and is_own_school(membership=membership,
                                                                    school=school):
        return School.HEADTEACHER_FIELDS
    return ()


@transaction.atomic
def school_update(*, school: School, actor: User, membership: Membership, data: dict) -> School:
    """Change the tenant-owned fields of a register entry, refusing fields beyond the role."""
    allowed = editable_school_fields(membership=membership, school=school)
    if not allowed:
        raise PermissionDenied("You cannot edit this school.")
    refused = sorted(set(data) - set(allowed))
    if refused:
        raise PermissionDenied(f"You cannot change: {', '.join(refused)}.")
    adviser = data.get("link_adviser")
    if adviser is not None:
        if adviser.tenant_id != school.tenant_id:
            raise ValidationError({"link_adviser": "That adviser is not in this tenant."})
        if adviser.role not in (Role.OFFICER, Role.ADMIN):
            raise ValidationError({"link_adviser": "The link adviser must be an officer."})
    changes = field_changes(school, list(data), data)
    for field, value in data.items():
        setattr(school, field, value)
    school.full_clean()
    school.save()
    if changes:
        register_changed(tenant_ids=[school.tenant_id])
        audit_record(tenant=school.tenant, actor=actor, action="school.update", obj=school,
                     summary=f"Updated {school.establishment.name}", changes=changes)
    return school
