from django.urls import path  # noqa: F401

from categorisation.api import judgements as judgement_api
from categorisation.api import rounds as round_api
from categorisation.api import schemes as scheme_api
from categorisation.api import workflow as workflow_api
from categorisation.api.data_imports import (
    DataImportApplyAPI,
    DataImportDetailAPI,
    DataImportListAPI,
)
from categorisation.api.inspections import InspectionCreateAPI

app_name = "categorisation_api"

urlpatterns: list = []

urlpatterns += [
    path("inspections/", InspectionCreateAPI.as_view(), name="api-inspection-create"),
    path("data-imports/", DataImportListAPI.as_view(), name="api-data-import-list"),
    path("data-imports/<int:data_import_id>/", DataImportDetailAPI.as_view(),
         name="api-data-import-detail"),
    path("data-imports/<int:data_import_id>/apply/", DataImportApplyAPI.as_view(),
         name="api-data-import-apply"),
]

urlpatterns += [
    path("proposals/", workflow_api.ProposalListAPI.as_view(),
         name="api-category-proposal-list"),
    path("proposals/<int:category_proposal_id>/confirm/",
         workflow_api.ProposalConfirmAPI.as_view(),
         name="api-category-proposal-confirm"),
    path("proposals/<int:category_proposal_id>/override/",
         workflow_api.ProposalOverrideAPI.as_view(),
         name="api-category-proposal-override"),
    path("schools/<int:urn>/category/", workflow_api.SchoolCategoryAPI.as_view(),
         name="api-school-category"),
    path("my-school/category/agree/", workflow_api.OwnCategoryAgreeAPI.as_view(),
         name="api-own-category-agree"),
    path("my-school/category/disagree/", workflow_api.OwnCategoryDisagreeAPI.as_view(),
         name="api-own-category-disagree"),
    path("moderation/<int:moderation_case_id>/decide/",
         workflow_api.ModerationDecideAPI.as_view(), name="api-moderation-decide"),
]

urlpatterns += [
    path("schools/<int:urn>/judgements/", judgement_api.SchoolJudgementsAPI.as_view(),
         name="api-school-judgements"),
    path("schools/<int:urn>/judgements/agree/", judgement_api.SchoolJudgementAgreeAPI.as_view(),
         name="api-school-judgement-agree"),
    path("schools/<int:urn>/judgements/disagree/",
         judgement_api.SchoolJudgementDisagreeAPI.as_view(),
         name="api-school-judgement-disagree"),
    path("judgements/<int:officer_judgement_id>/moderate/",
         judgement_api.JudgementModerateAPI.as_view(), name="api-judgement-moderate"),
    path("rounds/", round_api.RoundListAPI.as_view(), name="api-category-round-list"),
    path("rounds/<int:category_round_id>/", round_api.RoundDetailAPI.as_view(),
         name="api-category-round-detail"),
    path("rounds/<int:category_round_id>/confirm/", round_api.RoundConfirmAPI.as_view(),
         name="api-category-round-confirm"),
    path("rounds/<int:category_round_id>/close/", round_api.RoundCloseAPI.as_view(),
         name="api-category-round-close"),
]

urlpatterns += [
    path("schemes/", scheme_api.SchemeListAPI.as_view(), name="api-scheme-list"),
    path("schemes/preview/", scheme_api.SchemePreviewAPI.as_view(), name="api-scheme-preview"),
    path("schemes/<int:category_scheme_id>/", scheme_api.SchemeDetailAPI.as_view(),
         name="api-scheme-detail"),
]
