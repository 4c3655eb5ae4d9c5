from django.urls import path

from boards.views import actions as action_views
from boards.views import attendance as attendance_views
from boards.views import boards as board_views
from boards.views import calendar as calendar_views
from boards.views import decisions as decision_views
from boards.views import interests as interest_views
from boards.views import meetings as meeting_views
from boards.views import minutes as minutes_views
from boards.views import notes as note_views
from boards.views import pack as pack_views
from boards.views import papers as paper_views
from boards.views import schedule as schedule_views
from core.downloads import list_paths

app_name = "boards"

BOARD = "<int:board_id>/"
SEAT = BOARD + "seats/<int:seat_id>/"
MEETING = BOARD + "meetings/<int:meeting_id>/"
ITEM = MEETING + "items/<int:agenda_item_id>/"
DECISION = MEETING + "decisions/<int:decision_id>/"
PRIORITY = BOARD + "priorities/<int:board_priority_id>/"
ACTION = BOARD + "actions/<int:board_action_id>/"

urlpatterns = [
    # Boards, their terms of reference and seats (boards/views/boards.py).
    *list_paths("", board_views.board_list, name="board-list"),
    path("new/", board_views.board_create, name="board-create"),
    *list_paths(BOARD, board_views.board_detail, name="board-detail"),
    path(BOARD + "terms/", board_views.board_edit, name="board-edit"),
    path(BOARD + "seats/add/", board_views.seat_create, name="seat-create"),
    path(SEAT + "holders/add/", board_views.seat_holding_add, name="seat-holding-add"),
    path(SEAT + "holders/<int:seat_holding_id>/end/", board_views.seat_holding_end,
         name="seat-holding-end"),
    *list_paths(BOARD + "members/", attendance_views.board_members, name="board-members"),
    # Priorities and actions (boards/views/actions.py).
    path(BOARD + "priorities/", action_views.priority_list, name="priority-list"),
    path(BOARD + "priorities/add/", action_views.priority_create, name="priority-create"),
    path(PRIORITY + "edit/", action_views.priority_edit, name="priority-edit"),
    path(PRIORITY + "end/", action_views.priority_end, name="priority-end"),
    path(PRIORITY + "move-up/", action_views.priority_move_up, name="priority-move-up"),
    *list_paths(BOARD + "actions/", action_views.action_list, name="action-list"),
    path(BOARD + "actions/add/", action_views.action_create, name="action-create"),
    path(ACTION, action_views.action_detail, name="action-detail"),
    path(ACTION + "edit/", action_views.action_edit, name="action-edit"),
    # Meetings, RSVPs, attendance and the agenda (boards/views/meetings.py).
    path(BOARD + "meetings/add/", meeting_views.meeting_create, name="meeting-create"),
    path(BOARD + "meetings/schedule/", schedule_views.meeting_schedule,
         name="meeting-schedule"),
    *list_paths(MEETING, meeting_views.meeting_detail, name="meeting-detail"),
    path(MEETING + "meeting.ics", calendar_views.meeting_calendar, name="meeting-calendar"),
    path(MEETING + "edit/", meeting_views.meeting_edit, name="meeting-edit"),
    path(MEETING + "cancel/", meeting_views.meeting_cancel, name="meeting-cancel"),
    path(MEETING + "rsvp/", meeting_views.meeting_rsvp, name="meeting-rsvp"),
    path(MEETING + "attendance/", meeting_views.meeting_attendance, name="meeting-attendance"),
    path(MEETING + "items/add/", meeting_views.item_create, name="item-create"),
    # Notes on a meeting (a hub's record), edited by adding a version (boards/views/notes.py).
    path(MEETING + "notes/add/", note_views.note_add, name="meeting-note-add"),
    path(MEETING + "notes/<int:meeting_note_id>/edit/", note_views.note_edit,
         name="meeting-note-edit"),
    path(ITEM + "edit/", meeting_views.item_edit, name="item-edit"),
    path(ITEM + "move-up/", meeting_views.item_move_up, name="item-move-up"),
    path(ITEM + "presence/", meeting_views.item_presence, name="item-presence"),
    # Decisions and votes (boards/views/decisions.py).
    path(ITEM + "decisions/add/", decision_views.decision_create, name="decision-create"),
    path(DECISION, decision_views.decision_detail, name="decision-detail"),
    path(DECISION + "close/", decision_views.decision_close, name="decision-close"),
    # Papers: uploaded by whoever runs the board, served only through a permission check
    # (boards/views/papers.py); the published route may need no sign-in.
    path(ITEM + "papers/add/", paper_views.paper_upload, name="paper-upload"),
    path(MEETING + "papers/<int:paper_id>/", paper_views.paper_download, name="paper-download"),
    path(MEETING + "papers/<int:paper_id>/withdraw/", paper_views.paper_withdraw,
         name="paper-withdraw"),
    path(MEETING + "papers/<int:paper_id>/published/", paper_views.paper_published,
         name="paper-published"),
    # The board pack: members' (exempt items included) and published (boards/views/pack.py).
    path(MEETING + "pack/", pack_views.meeting_pack, name="meeting-pack"),
    path(MEETING + "agenda/publish/", pack_views.meeting_agenda_publish,
         name="meeting-agenda-publish"),
    path(MEETING + "pack.pdf", pack_views.meeting_pack_pdf, name="meeting-pack-pdf"),
    path(MEETING + "pack/published/", pack_views.meeting_pack_published,
         name="meeting-pack-published"),
    path(MEETING + "pack/published.pdf", pack_views.meeting_pack_published_pdf,
         name="meeting-pack-published-pdf"),
    # Interests: the register and declarations on items (boards/views/interests.py).
    *list_paths(BOARD + "interests/", interest_views.interest_register,
                name="interest-register"),
    path(BOARD + "interests/<int:registered_interest_id>/end/", interest_views.interest_end,
         name="interest-end"),
    path(MEETING + "declarations/", interest_views.meeting_declarations,
         name="meeting-declarations"),
    path(MEETING + "declarations/<int:declaration_id>/dispensation/",
         interest_views.declaration_dispensation, name="declaration-dispensation"),
    # Minutes (boards/views/minutes.py); the published page may need no sign-in.
    path(MEETING + "minutes/", minutes_views.minutes_edit, name="minutes-edit"),
    path(MEETING + "minutes/status/", minutes_views.minutes_status, name="minutes-status"),
    path(ITEM + "minutes/correct/", minutes_views.minute_correction_create,
         name="minute-correction-create"),
    path(MEETING + "minutes/published/", minutes_views.minutes_published,
         name="minutes-published"),
]
