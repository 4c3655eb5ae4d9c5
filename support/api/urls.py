from django.urls import path

from support.api import deployments, escalation, peer_review, plans, rise, views

app_name = "support_api"

SCHOOL = "schools/<int:urn>/"
VISIT = "visits/<int:visit_id>/"
DEPLOYMENT = "deployments/<int:deployment_id>/"
RISE = "rise/<int:case_id>/"
ESCALATION = "escalations/<int:escalation_id>/"

urlpatterns = [
    path("caseload/", views.CaseloadAPI.as_view(), name="api-caseload"),
    path("dashboard/", views.RagSummaryAPI.as_view(), name="api-rag-summary"),
    path(SCHOOL + "visits/", views.SchoolVisitsAPI.as_view(), name="api-school-visits"),
    path(SCHOOL + "visits/plan/", views.SchoolPlanAPI.as_view(), name="api-school-plan"),
    path(VISIT, views.VisitDetailAPI.as_view(), name="api-visit-detail"),
    path(VISIT + "move/", views.VisitMoveAPI.as_view(), name="api-visit-move"),
    path(VISIT + "cancel/", views.VisitCancelAPI.as_view(), name="api-visit-cancel"),
    path(VISIT + "record/", views.VisitRecordAPI.as_view(), name="api-visit-record"),
    path(VISIT + "note/", views.NoteAPI.as_view(), name="api-note"),
    path(VISIT + "note/write/", views.NoteWriteAPI.as_view(), name="api-note-write"),
    path(VISIT + "note/submit/", views.NoteSubmitAPI.as_view(), name="api-note-submit"),
    path(VISIT + "note/school/", views.NoteSchoolPartAPI.as_view(),
         name="api-note-school-part"),
    path(VISIT + "note/respond/", views.NoteRespondAPI.as_view(), name="api-note-respond"),
    path(VISIT + "note/check/", views.NoteCheckAPI.as_view(), name="api-note-check"),
    path("deployments/", deployments.DeploymentListAPI.as_view(), name="api-deployment-list"),
    path(DEPLOYMENT, deployments.DeploymentDetailAPI.as_view(), name="api-deployment-detail"),
    path(DEPLOYMENT + "agree/", deployments.DeploymentAgreeAPI.as_view(),
         name="api-deployment-agree"),
    path(DEPLOYMENT + "reviews/", deployments.DeploymentReviewAPI.as_view(),
         name="api-deployment-review"),
    path(DEPLOYMENT + "impact/", deployments.DeploymentImpactAPI.as_view(),
         name="api-deployment-impact"),
    path(DEPLOYMENT + "quality/", deployments.DeploymentQualityAPI.as_view(),
         name="api-deployment-quality"),
    path("rise/", rise.RiseListAPI.as_view(), name="api-rise-list"),
    path(SCHOOL + "rise/", rise.SchoolRiseAPI.as_view(), name="api-school-rise"),
    path(RISE, rise.RiseDetailAPI.as_view(), name="api-rise-detail"),
    path(RISE + "stage/", rise.RiseStageAPI.as_view(), name="api-rise-stage"),
    path(RISE + "reviews/", rise.RiseReviewAPI.as_view(), name="api-rise-review"),
    path(RISE + "close/", rise.RiseCloseAPI.as_view(), name="api-rise-close"),
    path(SCHOOL + "support-plan/", plans.SupportPlanAPI.as_view(), name="api-support-plan"),
    path("support-plan/actions/<int:plan_action_id>/progress/",
         plans.SupportPlanProgressAPI.as_view(), name="api-plan-action-progress"),
    path("escalations/", escalation.EscalationListAPI.as_view(), name="api-escalation-list"),
    path(SCHOOL + "escalations/", escalation.SchoolEscalationsAPI.as_view(),
         name="api-school-escalations"),
    path(ESCALATION, escalation.EscalationDetailAPI.as_view(), name="api-escalation-detail"),
    path(ESCALATION + "steps/", escalation.EscalationStepAPI.as_view(),
         name="api-escalation-step"),
    path(ESCALATION + "close/", escalation.EscalationCloseAPI.as_view(),
         name="api-escalation-close"),
    path("peer-review/cycles/", peer_review.PeerReviewCyclesAPI.as_view(),
         name="api-peer-review-cycles"),
    path("peer-review/cycles/<int:cycle_id>/", peer_review.PeerReviewCycleAPI.as_view(),
         name="api-peer-review-cycle"),
    path("peer-review/reviews/<int:review_id>/", peer_review.PeerReviewAPI.as_view(),
         name="api-peer-review-detail"),
    path("peer-review/reviews/<int:review_id>/team/", peer_review.PeerReviewTeamAPI.as_view(),
         name="api-peer-review-team"),
    path("peer-review/reviews/<int:review_id>/outcomes/",
         peer_review.PeerReviewOutcomeAPI.as_view(), name="api-peer-review-outcome"),
    path("peer-review/training/", peer_review.PeerReviewTrainingAPI.as_view(),
         name="api-peer-review-training"),
    path("peer-review/trends/", peer_review.PeerReviewTrendsAPI.as_view(),
         name="api-peer-review-trends"),
]
