from django.urls import path

from boards.api import actions, interests, papers, presence, schedule, views

app_name = "boards_api"

BOARD = "<int:board_id>/"
MEETING = BOARD + "meetings/<int:meeting_id>/"

urlpatterns = [
    path("", views.BoardListAPI.as_view(), name="api-board-list"),
    path(BOARD, views.BoardDetailAPI.as_view(), name="api-board-detail"),
    path(BOARD + "priorities/", actions.PriorityListAPI.as_view(), name="api-priority-list"),
    path(BOARD + "actions/", actions.ActionListAPI.as_view(), name="api-action-list"),
    path(BOARD + "actions/<int:board_action_id>/updates/",
         actions.ActionUpdateListAPI.as_view(), name="api-action-update-list"),
    path(BOARD + "meetings/", views.MeetingListAPI.as_view(), name="api-meeting-list"),
    path(BOARD + "meetings/schedule/", schedule.MeetingScheduleAPI.as_view(),
         name="api-meeting-schedule"),
    path(BOARD + "interests/", interests.InterestListAPI.as_view(), name="api-interest-list"),
    path(MEETING + "declarations/", interests.DeclarationListAPI.as_view(),
         name="api-declaration-list"),
    path(MEETING + "papers/", papers.PaperListAPI.as_view(), name="api-paper-list"),
    path(MEETING + "papers/<int:paper_id>/withdraw/", papers.PaperWithdrawAPI.as_view(),
         name="api-paper-withdraw"),
    path(MEETING + "items/", views.AgendaItemListAPI.as_view(), name="api-agenda-item-list"),
    path(MEETING + "items/<int:agenda_item_id>/presence/", presence.ItemPresenceAPI.as_view(),
         name="api-item-presence"),
    path(MEETING + "decisions/<int:decision_id>/votes/", views.VoteListAPI.as_view(),
         name="api-vote-list"),
    path(MEETING + "notes/", views.MeetingNoteListAPI.as_view(), name="api-meeting-note-list"),
    path(MEETING + "minute-corrections/", views.MinuteCorrectionListAPI.as_view(),
         name="api-minute-correction-list"),
    path(MEETING + "published-minutes/", views.PublishedMinutesAPI.as_view(),
         name="api-published-minutes"),
]
