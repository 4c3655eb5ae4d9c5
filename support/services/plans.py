"""Support plans' writes (issue 13 item 8), on the core action model (`core.actions`):

- an officer adds an action to the plan of a school in support (an open RISE case, support
  brokered and not ended, or a category entitling it to support days: refused otherwise, with
  the reason), owned by a member of the tenant or a named outsider, with a due date and RAG;
- an officer moves any action on; the action's owner (a headteacher, a system leader) moves
  their own on; the rule of what may change is `core.actions.record_progress`.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.actions import Rag, record_progress
from core.audit import audit_record
from core.models import Membership, Tenant
from core.permissions import VISITS_RECORD, has
from core.tenancy import ensure_same_tenant
from schools.models import School
from support.models import SupportPlanAction, SupportPlanActionUpdate
from support.permissions import actor_membership, require_recorder
from support.selectors.plans import support_reasons


@transaction.atomic
def plan_action_add(*, tenant: Tenant, actor: User | None, school: School, description: str,
                    due_date: date | None, owner: Membership | None = None,
                    owner_name: str = "", rag: str = "",
                    today: date | None = None) -> SupportPlanAction:
    ensure_same_tenant(tenant, school=school, owner=owner)
    require_recorder(tenant=tenant, actor=actor, school=school)
    today = today or timezone.localdate()
    if not support_reasons(tenant=tenant, school=school, today=today):
        raise ValidationError(f"{school} is not in support: it has no open RISE case, no "
                              "support brokered and no category entitling it to support "
                              "days. Broker support or record its RISE case first.")
    if not description.strip():
        raise ValidationError({"description": "Say what is to be done."})
    if owner is not None and not owner.is_active:
        raise ValidationError({"owner": "That person has left the partnership."})
    if rag not in ("", *Rag.values):
        raise ValidationError({"rag": "Choose red, amber or green."})
    action = SupportPlanAction(tenant=tenant, school=school, description=description.strip(),
                               owner=owner, owner_name="" if owner else owner_name.strip(),
                               due_date=due_date, rag=rag, created_by=actor)
    action.full_clean()
    action.save()
    audit_record(tenant=tenant, actor=actor, action="support.plan_action_added", obj=action,
                 summary=f"Support plan of {school}: {action}")
    return action


def may_progress(membership: Membership, action: SupportPlanAction) -> bool:
    """Officers move any action on; the owner their own."""
    return has(membership, VISITS_RECORD) or (action.owner_id is not None
                                              and action.owner_id == membership.pk)


@transaction.atomic
def plan_action_progress(*, tenant: Tenant, actor: User | None, action: SupportPlanAction,
                         status: str, note: str = "",
                         rag: str | None = None) -> SupportPlanActionUpdate:
    ensure_same_tenant(tenant, action=action)
    membership = actor_membership(tenant=tenant, actor=actor)
    if not may_progress(membership, action):
        raise PermissionDenied("Only officers and the action's owner record its progress.")
    action = SupportPlanAction.objects.select_for_update().get(pk=action.pk)
    before = (action.status, action.rag)
    update = record_progress(action, update_model=SupportPlanActionUpdate, actor=actor,
                             status=status, note=note, rag=rag)
    audit_record(tenant=tenant, actor=actor, action="support.plan_action_progress",
                 obj=action, summary=f"Support plan action {action}: "
                                     f"{action.get_status_display().lower()}",
                 changes={"status": [before[0], action.status],
                          "rag": [before[1], action.rag]})
    return update  # type: ignore[return-value]
