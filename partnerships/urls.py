from django.urls import path  # noqa: F401

from core.downloads import list_paths
from partnerships.views import aggregates as aggregate_views
from partnerships.views import coverage as coverage_views
from partnerships.views import hubs as hub_views
from partnerships.views import structure as structure_views
from partnerships.views import surveys as survey_views
from partnerships.views import system_leaders as system_leader_views
from partnerships.views.formation import overview as overview_views
from partnerships.views.formation import pro_formas as pro_forma_views
from partnerships.views.formation import proposals as proposal_views

app_name = "partnerships"

urlpatterns: list = []

# Structure, coverage and map (partnerships/views/structure.py, coverage.py).
PARTNERSHIP = "<int:partnership_id>/"
urlpatterns += [
    path("", structure_views.structure, name="partnership-structure"),
    *list_paths("levels/", structure_views.level_list, name="partnership-level-list"),
    path("levels/new/", structure_views.level_create, name="partnership-level-create"),
    path("levels/<int:level_id>/edit/", structure_views.level_edit,
         name="partnership-level-edit"),
    path("new/", structure_views.partnership_create, name="partnership-create"),
    *list_paths("coverage/", coverage_views.coverage, name="partnership-coverage"),
    # Counts for board members and viewers, small numbers suppressed
    # (partnerships/views/aggregates.py).
    path("coverage/summary/", aggregate_views.coverage_summary, name="coverage-summary"),
    path("surveys/results/", aggregate_views.survey_results_list, name="survey-results-list"),
    path("surveys/<int:survey_id>/results/", aggregate_views.survey_results,
         name="survey-results"),
    *list_paths("system-leaders/", system_leader_views.system_leaders, name="system-leaders"),
    path("system-leaders/<int:designation_id>/end/", system_leader_views.designation_end,
         name="system-leader-end"),
    *list_paths(PARTNERSHIP, structure_views.partnership_detail, name="partnership-detail"),
    path(PARTNERSHIP + "edit/", structure_views.partnership_edit, name="partnership-edit"),
    path(PARTNERSHIP + "schools/add/", structure_views.partnership_add_school,
         name="partnership-add-school"),
    path(PARTNERSHIP + "memberships/<int:partnership_membership_id>/end/",
         structure_views.membership_end, name="partnership-membership-end"),
    path(PARTNERSHIP + "roles/assign/", structure_views.role_assign,
         name="partnership-role-assign"),
    path(PARTNERSHIP + "roles/<int:partnership_role_id>/end/", structure_views.role_end,
         name="partnership-role-end"),
]

# Formation (seed 003): pro-formas, proposals, consultation (partnerships/views/formation/);
# and consultation surveys (partnerships/views/surveys.py).
urlpatterns += [
    path("formation/", overview_views.formation_home, name="formation-home"),
    path("formation/my-school/", overview_views.formation_my_school,
         name="formation-my-school"),
    *list_paths("formation/pro-formas/", pro_forma_views.pro_forma_list,
                name="pro-forma-list"),
    path("formation/pro-formas/<int:urn>/", pro_forma_views.pro_forma_edit,
         name="pro-forma-edit"),
    path("formation/pro-formas/<int:urn>/support/", pro_forma_views.pro_forma_support,
         name="pro-forma-support"),
    path("formation/proposals/new/", proposal_views.proposal_generate,
         name="proposal-generate"),
    path("formation/proposals/<int:proposal_id>/", proposal_views.proposal_detail,
         name="proposal-detail"),
    path("formation/proposals/<int:proposal_id>/schools/", proposal_views.proposal_schools,
         name="proposal-schools"),
    path("formation/proposals/<int:proposal_id>/move/", proposal_views.proposal_move,
         name="proposal-move"),
    path("formation/proposals/<int:proposal_id>/partnerships/<int:proposed_partnership_id>/"
         "lead/", proposal_views.proposal_set_lead, name="proposal-set-lead"),
    path("formation/proposals/<int:proposal_id>/publish/", proposal_views.proposal_publish,
         name="proposal-publish"),
    path("formation/proposals/<int:proposal_id>/respond/", proposal_views.proposal_respond,
         name="proposal-respond"),
    path("formation/proposals/<int:proposal_id>/confirm/", proposal_views.proposal_confirm,
         name="proposal-confirm"),
    path("surveys/", survey_views.survey_list, name="survey-list"),
    path("surveys/new/", survey_views.survey_create, name="survey-create"),
    *list_paths("surveys/<int:survey_id>/", survey_views.survey_detail, name="survey-detail"),
    path("surveys/<int:survey_id>/respond/", survey_views.survey_respond,
         name="survey-respond"),
]

# The hub pages moved to boards (a hub is a board): the old addresses redirect there
# (partnerships/views/hubs.py).
HUB = "<int:partnership_id>/hub/"
MOVED = [
    ("meetings/add/", "hub-meeting-add"),
    ("meetings/<int:hub_meeting_id>/", "hub-meeting-detail"),
    ("meetings/<int:hub_meeting_id>/status/", "hub-meeting-status"),
    ("meetings/<int:hub_meeting_id>/notes/add/", "hub-note-add"),
    ("meetings/<int:hub_meeting_id>/notes/<int:hub_note_id>/edit/", "hub-note-edit"),
    ("priorities/add/", "hub-priority-add"),
    ("priorities/<int:hub_priority_id>/end/", "hub-priority-end"),
    ("actions/add/", "hub-action-add"),
    ("actions/export/", "hub-actions-export"),
    ("actions/<int:hub_action_id>/progress/", "hub-action-progress"),
]
urlpatterns += [
    path("my-hub/", hub_views.my_hub, name="my-hub"),
    *list_paths(HUB, hub_views.moved("partnership-hub"), name="partnership-hub"),
    *[path(HUB + route, hub_views.moved(name), name=name) for route, name in MOVED],
]
