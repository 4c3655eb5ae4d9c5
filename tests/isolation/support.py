"""Isolation rows for support: tenant A's headteacher's school has a visit that took place,
with a released note (review template, ratings), and a re-plan notice.

Officers and admins (VISITS_VIEW, VISITS_RECORD) see and record every school's visits; the
admin alone checks notes (VISIT_NOTES_CHECK) and sets support (MEMBERS_MANAGE); the headteacher
reads their own school's visits and released notes, completes its part and answers it; board
members and viewers read the RAG counts only. The filler note is released, so writes to it are
refused by the services (400) and an empty POST to a form is invalid (400).
"""

from datetime import date
from decimal import Decimal

from django_scopes import scopes_disabled

from core.models import Membership, Role
from support.models import (
    Deployment,
    Escalation,
    NoteRating,
    NoteStatus,
    NoteTemplate,
    ReplanNotice,
    RiseCase,
    SupportPlanAction,
    Visit,
    VisitNote,
    VisitStatus,
)
from tests.isolation import FORBIDDEN, statuses

OFFICERS_READ = statuses((200, 405), (200, 405), FORBIDDEN, FORBIDDEN, FORBIDDEN)
OFFICERS_POST = statuses((405, 302), (405, 302), FORBIDDEN, FORBIDDEN, FORBIDDEN)
OFFICERS_FORM = statuses((200, 400), (200, 400), FORBIDDEN, FORBIDDEN, FORBIDDEN)
ADMIN_FORM = statuses((200, 400), FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN)
SCHOOL_READS = statuses((200, 405), (200, 405), (200, 405), FORBIDDEN, FORBIDDEN)
PRINTS = statuses((200, 405), (200, 405), (200, 405), (403, 405), (403, 405))
HEAD_FORM = statuses(FORBIDDEN, FORBIDDEN, (200, 400), FORBIDDEN, FORBIDDEN)
API_OFFICER_WRITE = statuses((405, 400), (405, 400), (405, 403), (405, 403), (405, 403))
API_HEAD_WRITE = statuses((405, 403), (405, 403), (405, 400), (405, 403), (405, 403))
API_READ_OFFICER_WRITES = statuses((200, 400), (200, 400), (200, 403), FORBIDDEN, FORBIDDEN)

EXPECTED = {
    "support:caseload": OFFICERS_READ,
    "support:caseload-plan": OFFICERS_POST,
    "support:dashboard": statuses((200, 405), (200, 405), FORBIDDEN, (200, 405), (200, 405)),
    # An empty POST lacks the days a giving school offers and the retention months: invalid.
    "support:settings": statuses((200, 400), FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "support:note-check-list": statuses((200, 405), FORBIDDEN, FORBIDDEN, FORBIDDEN,
                                        FORBIDDEN),
    "support:school-visits": SCHOOL_READS,
    "support:school-plan": OFFICERS_POST,
    "support:visit-create": OFFICERS_FORM,
    "support:notice-dismiss": OFFICERS_POST,
    "support:visit-detail": SCHOOL_READS,
    "support:visit-move": OFFICERS_FORM,
    "support:visit-cancel": OFFICERS_FORM,
    "support:visit-record": OFFICERS_FORM,
    "support:note-start": OFFICERS_FORM,
    "support:note-write": OFFICERS_FORM,
    "support:note-submit": OFFICERS_POST,
    "support:note-school-part": HEAD_FORM,
    "support:note-respond": HEAD_FORM,
    "support:note-check": ADMIN_FORM,
    # GET only (require_GET answers before the visit is looked at).
    "support:note-print": PRINTS,
    "support:note-pdf": PRINTS,
    # Brokering: officers and admins only (capacity is confidential); committing the cost is
    # funding's to allow (the admin).
    "support:broker": OFFICERS_READ,
    "support:deployment-create": OFFICERS_FORM,
    "support:deployment-detail": OFFICERS_READ,
    "support:deployment-commit": ADMIN_FORM,
    # After brokering: agree, review and end (officers), quality assurance (the admin, who
    # holds VISIT_NOTES_CHECK); the list downloads.
    "support:deployment-list": OFFICERS_READ,
    "support:deployment-agree": OFFICERS_POST,
    "support:deployment-review": OFFICERS_FORM,
    "support:deployment-impact": OFFICERS_FORM,
    "support:deployment-quality": ADMIN_FORM,
    # RISE cases: officers and admins see and record every school's; the headteacher reads
    # their own school's (the filler case is of the head's school, at identification with no
    # plan: a step forward without it is refused, so the API's empty POST is 400).
    "support:rise-list": OFFICERS_READ,
    "support:rise-open": OFFICERS_FORM,
    "support:rise-detail": SCHOOL_READS,
    "support:rise-edit": OFFICERS_FORM,
    "support:rise-stage": OFFICERS_FORM,
    "support:rise-review": OFFICERS_FORM,
    "support:rise-close": OFFICERS_FORM,
    "support_api:api-rise-list": OFFICERS_READ,
    "support_api:api-school-rise": API_READ_OFFICER_WRITES,
    "support_api:api-rise-detail":
        statuses((200, 405), (200, 405), (200, 403), FORBIDDEN, FORBIDDEN),
    "support_api:api-rise-stage":
        statuses((405, 400), (405, 400), FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "support_api:api-rise-review":
        statuses((405, 400), (405, 400), FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "support_api:api-rise-close":
        statuses((405, 400), (405, 400), FORBIDDEN, FORBIDDEN, FORBIDDEN),
    # Support plans: officers and admins see and add to every school's; the headteacher reads
    # their own school's; the filler action (the head's school, owned by a named outsider) is
    # moved on by officers only. The filler school is in support through its RISE case.
    "support:support-plan": SCHOOL_READS,
    "support:plan-action-create": OFFICERS_FORM,
    "support:plan-action-detail": SCHOOL_READS,
    "support:plan-action-progress": OFFICERS_FORM,
    "support_api:api-support-plan": API_READ_OFFICER_WRITES,
    # POST only, and open to an action's owner whatever their role: GET is 405 for everyone.
    "support_api:api-plan-action-progress":
        statuses((405, 400), (405, 400), (405, 403), (405, 403), (405, 403)),
    # Escalation: officers and admins only (casework before any notice reaches the school).
    "support:escalation-list": OFFICERS_READ,
    "support:escalation-open": OFFICERS_FORM,
    "support:escalation-detail": OFFICERS_READ,
    "support:escalation-step": OFFICERS_FORM,
    "support:escalation-close": OFFICERS_FORM,
    "support_api:api-escalation-list": OFFICERS_READ,
    "support_api:api-school-escalations":
        statuses((200, 400), (200, 400), FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "support_api:api-escalation-detail": OFFICERS_READ,
    "support_api:api-escalation-step":
        statuses((405, 400), (405, 400), FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "support_api:api-escalation-close":
        statuses((405, 400), (405, 400), FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "support_api:api-caseload": OFFICERS_READ,
    "support_api:api-rag-summary":
        statuses((200, 405), (200, 405), FORBIDDEN, (200, 405), (200, 405)),
    "support_api:api-school-visits": API_READ_OFFICER_WRITES,
    "support_api:api-school-plan":
        statuses((405, 200), (405, 200), FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "support_api:api-visit-detail":
        statuses((200, 405), (200, 405), (200, 405), (403, 405), (403, 405)),
    "support_api:api-visit-move": API_OFFICER_WRITE,
    "support_api:api-visit-cancel": API_OFFICER_WRITE,
    "support_api:api-visit-record": API_OFFICER_WRITE,
    "support_api:api-note": API_READ_OFFICER_WRITES,
    "support_api:api-note-write": API_OFFICER_WRITE,
    "support_api:api-note-submit": API_OFFICER_WRITE,
    "support_api:api-note-school-part": API_HEAD_WRITE,
    "support_api:api-note-respond": API_HEAD_WRITE,
    "support_api:api-note-check":
        statuses((405, 400), (405, 403), (405, 403), (405, 403), (405, 403)),
    "support_api:api-deployment-list": OFFICERS_READ,
    "support_api:api-deployment-detail": OFFICERS_READ,
    "support_api:api-deployment-agree":
        statuses((405, 200), (405, 200), FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "support_api:api-deployment-review":
        statuses((405, 400), (405, 400), FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "support_api:api-deployment-impact":
        statuses((405, 400), (405, 400), FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "support_api:api-deployment-quality":
        statuses((405, 400), (405, 403), FORBIDDEN, FORBIDDEN, FORBIDDEN),
}


def fillers(tenant_a, personas) -> dict:
    school = personas["a"]["school"]
    with scopes_disabled():
        template = NoteTemplate.objects.create(
            tenant=tenant_a, key="review", name="Review visit",
            sections=[{"key": "leadership", "title": "Leadership", "guidance": "",
                       "fields": [{"key": "leadership_capacity",
                                   "label": "Capacity to improve"}]}],
            school_questions=[{"key": "priorities", "label": "Your priorities"}])
        visit = Visit.objects.create(
            tenant=tenant_a, school=school, academic_year=2025, kind="review_visit",
            label="Review visit", focus=template, planned_on=date(2025, 11, 3),
            status=VisitStatus.DONE, done_on=date(2025, 11, 3), days_used=Decimal("0.5"))
        note = VisitNote.objects.create(
            tenant=tenant_a, visit=visit, template=template, status=NoteStatus.RELEASED,
            structure={"name": template.name, "sections": template.sections,
                       "school_questions": template.school_questions},
            commentary={"leadership": "Leaders know the school well."}, summary="Good.",
            released_at="2025-11-10T10:00:00Z")
        NoteRating.objects.create(tenant=tenant_a, note=note, section_key="leadership",
                                  field_key="leadership_capacity",
                                  field_label="Capacity to improve", rating="green")
        notice = ReplanNotice.objects.create(tenant=tenant_a, school=school,
                                             academic_year=2025, old_code="2B", new_code="4")
        supporter = Membership.objects.get(tenant=tenant_a, user=personas["a"][Role.OFFICER])
        deployment = Deployment.objects.create(
            tenant=tenant_a, school=school, supporter=supporter, objectives="Maths.",
            days=Decimal("3"), cost=Decimal("900.00"), starts_on=date(2025, 10, 6),
            ends_on=date(2026, 3, 31))
        case = RiseCase.objects.create(tenant=tenant_a, school=school, tier="targeted",
                                       opened_on=date(2025, 9, 1))
        action = SupportPlanAction.objects.create(
            tenant=tenant_a, school=school, description="Reading audit",
            owner_name="Trust English lead", due_date=date(2025, 12, 1))
        escalation = Escalation.objects.create(
            tenant=tenant_a, school=school, agreed_support="Maths support.",
            evidence="Two meetings missed.", noticed_on=date(2025, 10, 1),
            opened_on=date(2025, 10, 6))
    return {"visit_id": visit.pk, "notice_id": notice.pk, "deployment_id": deployment.pk,
            "case_id": case.pk, "plan_action_id": action.pk, "escalation_id": escalation.pk}
