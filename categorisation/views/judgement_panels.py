"""What the school's category page shows of its officer judgements: each judgement the scheme
reads, with its history and the forms the viewer may use (an officer records or proposes; the
school's headteacher answers a proposed level). Forms sent back with errors replace the blank
ones, so the page shows the refusal beside the field."""

from __future__ import annotations

from categorisation.forms import (
    JudgementAgreeForm,
    JudgementDisagreeForm,
    JudgementForm,
    judgement_auto_id,
)
from categorisation.selectors.judgements import judgement_kinds_offered, school_judgements
from core.permissions import CATEGORIES_DECIDE
from core.tenancy import TenantRequest
from schools.models import School


def judgement_panels(request: TenantRequest, school: School, *, is_own_school: bool,
                     bound: dict[str, dict] | None = None) -> list[dict]:
    bound = bound or {}
    kinds = judgement_kinds_offered(tenant=request.tenant)
    may_judge = (CATEGORIES_DECIDE in request.tenant_permissions
                 and school.establishment.is_open)
    panels = []
    for judgement in school_judgements(tenant=request.tenant, school=school, kinds=kinds):
        key = judgement.kind.key
        sent = bound.get(key, {})
        panels.append({
            "judgement": judgement, "kind": judgement.kind,
            "form": (sent.get("form") or JudgementForm(kinds=kinds, kind=judgement.kind)
                     if may_judge else None),
            "agree_form": sent.get("agree_form") or JudgementAgreeForm(
                initial={"key": key}, auto_id=judgement_auto_id(key, "agree")),
            "disagree_form": sent.get("disagree_form") or JudgementDisagreeForm(
                initial={"key": key}, auto_id=judgement_auto_id(key, "disagree")),
            "can_answer": is_own_school and judgement.waiting is not None,
        })
    return panels


def refused_forms(bound: dict[str, dict] | None) -> list:
    """Every form sent back with errors, for the page's error summary."""
    return [form for forms in (bound or {}).values() for form in forms.values()
            if form is not None and form.errors]
