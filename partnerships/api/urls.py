from django.urls import path  # noqa: F401

from partnerships.api import views as structure_api
from partnerships.api.formation import pro_formas as pro_forma_api
from partnerships.api.formation import proposals as proposal_api
from partnerships.api.formation import surveys as survey_api

app_name = "partnerships_api"

urlpatterns: list = []

# Structure and coverage (partnerships/api/views.py).
API_PARTNERSHIP = "<int:partnership_id>/"
urlpatterns += [
    path("levels/", structure_api.LevelListAPI.as_view(), name="api-partnership-level-list"),
    path("", structure_api.PartnershipListAPI.as_view(), name="api-partnership-list"),
    path("coverage/", structure_api.CoverageAPI.as_view(), name="api-partnership-coverage"),
    path(API_PARTNERSHIP, structure_api.PartnershipDetailAPI.as_view(),
         name="api-partnership-detail"),
    path(API_PARTNERSHIP + "memberships/", structure_api.MembershipListAPI.as_view(),
         name="api-partnership-membership-list"),
    path(API_PARTNERSHIP + "memberships/<int:partnership_membership_id>/end/",
         structure_api.MembershipEndAPI.as_view(), name="api-partnership-membership-end"),
    path(API_PARTNERSHIP + "roles/", structure_api.RoleListAPI.as_view(),
         name="api-partnership-role-list"),
]

# Formation and consultation surveys (partnerships/api/formation/).
API_PROPOSAL = "formation/proposals/<int:proposal_id>/"
API_SURVEY = "surveys/<int:survey_id>/"
urlpatterns += [
    path("formation/pro-formas/", pro_forma_api.ProFormaListAPI.as_view(),
         name="api-pro-forma-list"),
    path("formation/pro-formas/<int:urn>/", pro_forma_api.ProFormaDetailAPI.as_view(),
         name="api-pro-forma-detail"),
    path("formation/proposals/", proposal_api.ProposalListAPI.as_view(),
         name="api-formation-proposal-list"),
    path(API_PROPOSAL, proposal_api.ProposalDetailAPI.as_view(),
         name="api-formation-proposal-detail"),
    path(API_PROPOSAL + "move/", proposal_api.ProposalMoveAPI.as_view(),
         name="api-formation-proposal-move"),
    path(API_PROPOSAL + "lead/", proposal_api.ProposalLeadAPI.as_view(),
         name="api-formation-proposal-lead"),
    path(API_PROPOSAL + "publish/", proposal_api.ProposalPublishAPI.as_view(),
         name="api-formation-proposal-publish"),
    path(API_PROPOSAL + "responses/", proposal_api.ProposalResponsesAPI.as_view(),
         name="api-formation-proposal-responses"),
    path(API_PROPOSAL + "confirm/", proposal_api.ProposalConfirmAPI.as_view(),
         name="api-formation-proposal-confirm"),
    path("surveys/", survey_api.SurveyListAPI.as_view(), name="api-survey-list"),
    path(API_SURVEY, survey_api.SurveyDetailAPI.as_view(), name="api-survey-detail"),
    path(API_SURVEY + "responses/", survey_api.SurveyResponsesAPI.as_view(),
         name="api-survey-responses"),
    path(API_SURVEY + "tally/", survey_api.SurveyTallyAPI.as_view(), name="api-survey-tally"),
]
