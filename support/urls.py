from django.urls import path

from core.downloads import list_paths
from support import peer_review_urls
from support.views import (
    access,
    brokering,
    dashboard,
    deployments,
    directory,
    escalation,
    notes,
    plans,
    rise,
    visits,
)

app_name = "support"

SCHOOL = "schools/<int:urn>/"
VISIT = "visits/<int:visit_id>/"
DEPLOYMENT = "deployments/<int:deployment_id>/"
RISE = "rise/<int:case_id>/"
ESCALATION = "escalations/<int:escalation_id>/"
PLAN_ACTION = "support-plan/actions/<int:plan_action_id>/"

urlpatterns = [
    *list_paths("", visits.caseload, name="caseload"),
    path("plan/", visits.caseload_plan, name="caseload-plan"),
    *list_paths("dashboard/", dashboard.dashboard, name="dashboard"),
    path("settings/", dashboard.settings_page, name="settings"),
    *list_paths("checks/", notes.note_check_list, name="note-check-list"),
    *list_paths(SCHOOL, visits.school_visits, name="school-visits"),
    path(SCHOOL + "plan/", visits.school_plan, name="school-plan"),
    path(SCHOOL + "visits/new/", visits.visit_create, name="visit-create"),
    path(SCHOOL + "notices/<int:notice_id>/read/", visits.notice_dismiss,
         name="notice-dismiss"),
    *list_paths("directory/", directory.directory_page, name="directory"),
    path("directory/mine/", directory.directory_own, name="directory-own"),
    path(SCHOOL + "notes/", access.school_notes, name="school-notes"),
    path(SCHOOL + "notes/access/", access.notes_grants, name="notes-grants"),
    path("notes-access/<int:notes_grant_id>/end/", access.notes_grant_end,
         name="notes-grant-end"),
    *list_paths(SCHOOL + "brokering/", brokering.broker, name="broker"),
    path(SCHOOL + "deployments/new/", brokering.deployment_create, name="deployment-create"),
    path("deployments/<int:deployment_id>/", brokering.deployment_detail,
         name="deployment-detail"),
    path("deployments/<int:deployment_id>/commit/", brokering.deployment_commit,
         name="deployment-commit"),
    *list_paths("deployments/", deployments.deployment_list, name="deployment-list"),
    path(DEPLOYMENT + "agree/", deployments.deployment_agree, name="deployment-agree"),
    path(DEPLOYMENT + "review/", deployments.deployment_review, name="deployment-review"),
    path(DEPLOYMENT + "impact/", deployments.deployment_impact, name="deployment-impact"),
    path(DEPLOYMENT + "quality/", deployments.deployment_quality, name="deployment-quality"),
    *list_paths("rise/", rise.rise_list, name="rise-list"),
    path(SCHOOL + "rise/new/", rise.rise_open, name="rise-open"),
    path(RISE, rise.rise_detail, name="rise-detail"),
    path(RISE + "edit/", rise.rise_edit, name="rise-edit"),
    path(RISE + "stage/", rise.rise_stage, name="rise-stage"),
    path(RISE + "review/", rise.rise_review, name="rise-review"),
    path(RISE + "close/", rise.rise_close, name="rise-close"),
    *list_paths(SCHOOL + "support-plan/", plans.support_plan, name="support-plan"),
    path(SCHOOL + "support-plan/new/", plans.plan_action_create, name="plan-action-create"),
    path(PLAN_ACTION, plans.plan_action_detail, name="plan-action-detail"),
    path(PLAN_ACTION + "progress/", plans.plan_action_progress, name="plan-action-progress"),
    *list_paths("escalations/", escalation.escalation_list, name="escalation-list"),
    path(SCHOOL + "escalations/new/", escalation.escalation_open, name="escalation-open"),
    path(ESCALATION, escalation.escalation_detail, name="escalation-detail"),
    path(ESCALATION + "steps/new/", escalation.escalation_step, name="escalation-step"),
    path(ESCALATION + "close/", escalation.escalation_close, name="escalation-close"),
    path("escalation-steps/<int:escalation_step_id>/correct/",
         escalation.escalation_step_correct, name="escalation-step-correct"),
    path(VISIT, visits.visit_detail, name="visit-detail"),
    path(VISIT + "move/", visits.visit_move, name="visit-move"),
    path(VISIT + "cancel/", visits.visit_cancel, name="visit-cancel"),
    path(VISIT + "record/", visits.visit_record, name="visit-record"),
    path(VISIT + "note/new/", notes.note_start, name="note-start"),
    path(VISIT + "note/", notes.note_write, name="note-write"),
    path(VISIT + "note/submit/", notes.note_submit, name="note-submit"),
    path(VISIT + "note/school/", notes.note_school_part, name="note-school-part"),
    path(VISIT + "note/respond/", notes.note_respond, name="note-respond"),
    path(VISIT + "note/check/", notes.note_check, name="note-check"),
    path(VISIT + "note/print/", notes.note_print, name="note-print"),
    path(VISIT + "note/names-staff/", notes.note_names_staff, name="note-names-staff"),
    path(VISIT + "note.pdf", notes.note_pdf_view, name="note-pdf"),
    *peer_review_urls.PATHS,
]
