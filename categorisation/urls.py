from django.urls import path  # noqa: F401

from categorisation.views import dashboard as dashboard_views
from categorisation.views import governors as governor_views
from categorisation.views import imports as import_views
from categorisation.views import intelligence as intelligence_views
from categorisation.views import judgements as judgement_views
from categorisation.views import proposals as proposal_views
from categorisation.views import rounds as round_views
from categorisation.views import scheme_editor as scheme_editor_views
from categorisation.views import scheme_versions as scheme_version_views
from categorisation.views import schemes as scheme_views
from categorisation.views import schools as school_category_views
from core.downloads import list_paths

app_name = "categorisation"

urlpatterns: list = []

urlpatterns += [
    path("imports/", import_views.views.upload, name="data-import-list"),
    path("imports/<int:data_import_id>/", import_views.views.detail, name="data-import-detail"),
    path("imports/<int:data_import_id>/progress/", import_views.views.progress,
         name="data-import-progress"),
    path("imports/<int:data_import_id>/apply/", import_views.views.apply,
         name="data-import-apply"),
    *list_paths("intelligence/", intelligence_views.intelligence_list,
                name="intelligence-list"),
    path("intelligence/new/<int:urn>/", intelligence_views.intelligence_create,
         name="intelligence-create"),
    path("intelligence/<int:intelligence_id>/withdraw/", intelligence_views.intelligence_withdraw,
         name="intelligence-withdraw"),
]

urlpatterns += [
    # "export/" is every school's category (category-export): the dashboard's is its at-risk list.
    *list_paths("", dashboard_views.category_dashboard, name="category-dashboard",
                download="at-risk/export/"),
    *list_paths("proposals/", proposal_views.proposal_list, name="category-proposal-list"),
    path("proposals/<int:category_proposal_id>/", proposal_views.proposal_detail,
         name="category-proposal-detail"),
    path("proposals/<int:category_proposal_id>/confirm/", proposal_views.proposal_confirm,
         name="category-proposal-confirm"),
    path("proposals/<int:category_proposal_id>/override/", proposal_views.proposal_override,
         name="category-proposal-override"),
    path("schools/<int:urn>/", school_category_views.school_category, name="school-category"),
    path("schools/<int:urn>/agree/", school_category_views.school_category_agree,
         name="school-category-agree"),
    path("schools/<int:urn>/disagree/", school_category_views.school_category_disagree,
         name="school-category-disagree"),
    path("schools/<int:urn>/judgements/", judgement_views.school_judgement_record,
         name="school-judgement-record"),
    path("schools/<int:urn>/judgements/agree/", judgement_views.school_judgement_agree,
         name="school-judgement-agree"),
    path("schools/<int:urn>/judgements/disagree/", judgement_views.school_judgement_disagree,
         name="school-judgement-disagree"),
    path("moderation/judgements/<int:officer_judgement_id>/",
         judgement_views.judgement_moderation_decide, name="judgement-moderation-decide"),
    *list_paths("moderation/", school_category_views.moderation_list,
                name="category-moderation-list"),
    path("moderation/<int:moderation_case_id>/", school_category_views.moderation_decide,
         name="category-moderation-decide"),
    *list_paths("schemes/", scheme_views.scheme_list, name="scheme-list"),
    path("schemes/<int:category_scheme_id>/", scheme_views.scheme_detail, name="scheme-detail"),
    path("schemes/<int:category_scheme_id>/edit/", scheme_views.scheme_edit, name="scheme-edit"),
    path("schemes/<int:category_scheme_id>/rules/", scheme_editor_views.scheme_rules,
         name="scheme-rules"),
    path("schemes/<int:category_scheme_id>/versions/", scheme_version_views.scheme_versions,
         name="scheme-versions"),
    path("schemes/<int:category_scheme_id>/export/", scheme_version_views.scheme_export,
         name="scheme-export"),
    path("schemes/import/", scheme_version_views.scheme_import, name="scheme-import"),
]

urlpatterns += [
    *list_paths("rounds/", round_views.round_list, name="category-round-list"),
    path("rounds/<int:category_round_id>/", round_views.round_detail,
         name="category-round-detail"),
    path("rounds/<int:category_round_id>/confirm/", round_views.round_confirm,
         name="category-round-confirm"),
    path("rounds/<int:category_round_id>/close/", round_views.round_close,
         name="category-round-close"),
    path("export/", round_views.category_export, name="category-export"),
]

urlpatterns += [
    path("schools/<int:urn>/chair-of-governors/", governor_views.school_chair_of_governors,
         name="school-chair-of-governors"),
    path("chairs-of-governors/<int:chair_of_governors_id>/end/",
         governor_views.chair_of_governors_end, name="chair-of-governors-end"),
]
