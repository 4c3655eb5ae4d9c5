"""The demo council's RISE case (issue 13 item 5) and support plans (item 8): a stuck
academy that DfE's regional improvement team took on — targeted tier, an adviser and a trust
matched to support it, a funding band and DfE's grant (external money) — moved through each
stage to monitoring with one termly review, through `support.services.rise`; plan actions
through `support.services.plans`. Inside the tenant's scope."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from categorisation.published import categories_in_force
from core.models import Membership, Tenant
from schools.models import Governance, School
from schools.selectors import school_of
from support.models import Escalation, RiseCase, SupportPlanAction
from support.models.rise import STAGE_ORDER
from support.selectors.plans import support_reasons
from support.services import escalation as escalation_services
from support.services import plans, rise

NOTES = {
    "diagnosis": "DfE's adviser visited: reading and attendance are the barriers.",
    "matching": "DfE matched the school with a trust with a strong reading record.",
    "planning": "Plan drafted with the trust and the school's leaders.",
    "approval": "Plan sent to DfE's regional director.",
    "monitoring": "DfE approved the plan and the grant.",
}


def seed_rise(*, tenant: Tenant, officer: Membership) -> RiseCase | None:
    academies = list(School.objects.filter(establishment__governance=Governance.ACADEMY,
                                           establishment__is_open=True)
                     .select_related("establishment").order_by("establishment__urn"))
    if not academies:
        return None
    # The academy in the weakest category (the highest code: "4" before "3D" before "2A").
    in_force = categories_in_force(tenant=tenant, schools=academies)
    academy = max(academies, key=lambda s: in_force[s.pk].code if s.pk in in_force else "")
    today = timezone.localdate()
    actor = officer.user
    case = rise.rise_case_open(
        tenant=tenant, actor=actor, school=academy, tier="targeted",
        opened_on=today - timedelta(days=150), adviser="Dr Helen Ward (RISE adviser)",
        funding_band="Targeted intervention, band 2", grant="60000.00",
        note="DfE's letter: the school has been stuck below good for two inspections.")
    for stage in STAGE_ORDER[1:]:
        if stage == "planning":
            rise.rise_case_update(tenant=tenant, actor=actor, case=case,
                                  supporting_organisation="Riverside Learning Trust",
                                  note="DfE's match.")
        if stage == "approval":
            rise.rise_case_update(
                tenant=tenant, actor=actor, case=case,
                plan="1. Systematic phonics in reception and key stage 1, coached by the "
                     "trust's English lead.\n2. Attendance: first-day calls and a family "
                     "worker shared with the trust.\n3. Governors' monitoring visits termly.")
        case = rise.rise_stage_move(tenant=tenant, actor=actor, case=case, stage=stage,
                                    note=NOTES[stage])
    rise.rise_review(tenant=tenant, actor=actor, case=case,
                     reviewed_on=today - timedelta(days=20), progress="concerns",
                     summary="Phonics on track; attendance still 91%, below the plan's 93%.")
    return case


def seed_plans(*, tenant: Tenant, officer: Membership, head: Membership,
               academy: School | None) -> None:
    """Support plans: the head's school (in support through its deployment) has an action
    the head owns due within the week and one the officer let fall overdue, one done; the RISE
    academy's plan has the trust's action. Inside the tenant's scope."""
    today = timezone.localdate()
    own = school_of(head)
    if own is not None and support_reasons(tenant=tenant, school=own, today=today):
        for description, owner, due, status in (
                ("Share the fractions scheme with every key stage 2 teacher", head,
                 today + timedelta(days=4), None),
                ("Agree the dates of the spring book looks with the supporting leader",
                 officer, today - timedelta(days=5), None),
                ("Send the school the maths deployment's objectives", officer,
                 today - timedelta(days=20), "done")):
            action = plans.plan_action_add(tenant=tenant, actor=officer.user, school=own,
                                           description=description, owner=owner,
                                           due_date=due, rag="amber", today=today)
            if status:
                plans.plan_action_progress(tenant=tenant, actor=officer.user, action=action,
                                           status=status, rag="green", note="Sent.")
    if academy is not None:
        plans.plan_action_add(tenant=tenant, actor=officer.user, school=academy,
                              description="Phonics coaching in reception, weekly",
                              owner_name="Riverside Learning Trust, English lead",
                              due_date=today + timedelta(days=40), rag="green", today=today)


def seed_escalation(*, tenant: Tenant, officer: Membership, academy: School | None) -> None:
    """The RISE academy stopped taking part in the attendance strand of its plan: the officer
    recorded it and raised it with the trust (an academy: liaison, not statutory powers)."""
    if academy is None:
        return
    today = timezone.localdate()
    escalation = escalation_services.escalation_open(
        tenant=tenant, actor=officer.user, school=academy,
        agreed_support="The RISE plan's attendance strand: first-day calls and the shared "
                       "family worker, agreed at the plan's approval.",
        evidence="Family worker turned away on two visits; attendance meetings on three "
                 "dates cancelled by the school without a new date.",
        noticed_on=today - timedelta(days=45), opened_on=today - timedelta(days=30))
    escalation_services.escalation_step(
        tenant=tenant, actor=officer.user, escalation=escalation, kind="trust_liaison",
        taken_on=today - timedelta(days=25),
        note="Letter to the trust's CEO asking for a meeting within a fortnight.")


def demo_wipe(tenant: Tenant) -> None:
    """RISE cases, support plans and escalations hold schools; the rest goes with the
    tenant."""
    Escalation.objects.filter(tenant=tenant).delete()
    SupportPlanAction.objects.filter(tenant=tenant).delete()
    RiseCase.objects.filter(tenant=tenant).delete()
