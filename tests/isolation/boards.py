"""Isolation rows for boards: tenant A's School Improvement Board, whose published minutes are
for the council's heads and officers. The board-member persona holds the independent chair's
seat (so runs its meetings through the seat's grant), the headteacher persona an alliance seat
(so reads the board in full); the viewer holds no seat and may read nothing of it. The meeting
was held, with an item, a closed decision and published minutes. The board has a priority and
an action arising from the item, owned by the headteacher persona: so the head may record
progress on it (the owner's right) but not change it (the chair's, the clerk's, officers').

Pages that take only GET or only POST answer 405 to the other method once the tenant and role
are known. An empty POST (`{"submitted": "1"}`) is an invalid form: 400; where a page's form
has no required field, the service's refusal (approved minutes are locked) is the 400.

`boards:minutes-published` is a declared public route (PUBLIC): it needs no sign-in when the
board's terms say public. This board's terms do not, so an anonymous visitor gets 404 like an
outsider; tests/boards/test_published.py proves what the public sees of a public board.
"""

from datetime import date, datetime

from django.core.files.base import ContentFile
from django.utils import timezone
from django_scopes import scopes_disabled

from boards.models import (
    AgendaItem,
    Board,
    BoardAction,
    BoardPriority,
    Decision,
    Declaration,
    HoldingKind,
    Meeting,
    MeetingNote,
    Minutes,
    Paper,
    RegisteredInterest,
    Seat,
    SeatHolding,
    SeatKind,
)
from core.models import Membership, Role
from tests.isolation import FORBIDDEN, statuses

RUN_FORM = statuses((200, 400), (200, 400), FORBIDDEN, (200, 400), FORBIDDEN)
MANAGE_FORM = statuses((200, 400), (200, 400), FORBIDDEN, FORBIDDEN, FORBIDDEN)
MEMBER_PAGE = statuses((200, 405), (200, 405), (200, 405), (200, 405), (403, 405))
RUN_POST = statuses((405, 400), (405, 400), (405, 403), (405, 400), (405, 403))
RUN_REDIRECT = statuses((405, 302), (405, 302), (405, 403), (405, 302), (405, 403))
API_RUN_LIST = statuses((200, 400), (200, 400), (200, 403), (200, 400), FORBIDDEN)
# A member acts for themselves (their register, their declarations): the head's seat suffices.
MEMBER_FORM = statuses((200, 400), (200, 400), (200, 400), (200, 400), FORBIDDEN)

EXPECTED = {
    "boards:board-list": {role: (200, 405) for role in
                          ("admin", "officer", "headteacher", "board_member", "viewer")},
    "boards:board-create": MANAGE_FORM,
    "boards:board-detail": MEMBER_PAGE,
    "boards:board-edit": MANAGE_FORM,
    "boards:seat-create": MANAGE_FORM,
    "boards:seat-holding-add": MANAGE_FORM,
    "boards:seat-holding-end": MANAGE_FORM,
    "boards:board-members": MEMBER_PAGE,
    "boards:priority-list": MEMBER_PAGE,
    "boards:priority-create": RUN_FORM,
    "boards:priority-edit": RUN_FORM,
    "boards:priority-end": RUN_FORM,
    "boards:priority-move-up": RUN_REDIRECT,
    "boards:action-list": MEMBER_PAGE,
    "boards:action-create": RUN_FORM,
    # The action's owner (the head) records progress; members read it.
    "boards:action-detail": MEMBER_FORM,
    "boards:action-edit": RUN_FORM,
    "boards:meeting-calendar": MEMBER_PAGE,
    "boards:meeting-create": RUN_FORM,
    # GET previews (nothing saved); an empty POST is the form's 400.
    "boards:meeting-schedule": RUN_FORM,
    "boards:meeting-detail": MEMBER_PAGE,
    "boards:meeting-edit": RUN_FORM,
    "boards:meeting-cancel": RUN_POST,
    "boards:meeting-rsvp": statuses((405, 400), (405, 400), (405, 400), (405, 400), (405, 403)),
    "boards:meeting-attendance": RUN_FORM,
    "boards:item-create": RUN_FORM,
    "boards:meeting-note-add": RUN_FORM,
    "boards:meeting-note-edit": RUN_FORM,
    "boards:item-edit": RUN_FORM,
    "boards:item-move-up": RUN_REDIRECT,
    # The filler's item has a closed decision: presence is part of the record (400 on POST).
    "boards:item-presence": RUN_FORM,
    "boards:decision-create": RUN_FORM,
    "boards:decision-detail":
        statuses((200, 400), (200, 400), (200, 403), (200, 400), FORBIDDEN),
    "boards:decision-close": RUN_POST,
    "boards:paper-upload": RUN_FORM,
    "boards:paper-download": MEMBER_PAGE,
    # The filler's minutes are approved: an empty POST is the form's 400 in any case.
    "boards:paper-withdraw": RUN_FORM,
    "boards:paper-published":
        statuses((200, 405), (200, 405), (200, 405), (200, 405), FORBIDDEN),
    "boards:meeting-pack": MEMBER_PAGE,
    # The filler's meeting was held: the refusal is a message on the redirect.
    "boards:meeting-agenda-publish": RUN_REDIRECT,
    "boards:meeting-pack-pdf": MEMBER_PAGE,
    "boards:meeting-pack-published":
        statuses((200, 405), (200, 405), (200, 405), (200, 405), FORBIDDEN),
    "boards:meeting-pack-published-pdf":
        statuses((200, 405), (200, 405), (200, 405), (200, 405), FORBIDDEN),
    "boards:interest-register": MEMBER_FORM,
    "boards:interest-register-export":
        statuses((200, 405), (200, 405), (200, 405), (200, 405), FORBIDDEN),
    # The filler's interest is the head's own, so its holder may end it.
    "boards:interest-end": statuses((405, 302), (405, 302), (405, 302), (405, 302), (405, 403)),
    "boards:meeting-declarations": MEMBER_FORM,
    "boards:declaration-dispensation": RUN_POST,
    "boards:minutes-edit": RUN_FORM,
    "boards:minutes-status": RUN_REDIRECT,
    "boards:minute-correction-create": RUN_FORM,
    "boards:minutes-published":
        statuses((200, 405), (200, 405), (200, 405), (200, 405), FORBIDDEN),
    # The API: members read, whoever runs the board writes; an empty body is a 400.
    "boards_api:api-board-list": statuses((200, 400), (200, 400), (200, 403), (200, 403),
                                          (200, 403)),
    "boards_api:api-board-detail": statuses((200, 405), (200, 405), (200, 405), (200, 405),
                                            (403, 405)),
    "boards_api:api-meeting-list": API_RUN_LIST,
    # POST only: preview or generate; an empty body is a 400 (no `year`).
    "boards_api:api-meeting-schedule": RUN_POST,
    "boards_api:api-priority-list": API_RUN_LIST,
    "boards_api:api-action-list": API_RUN_LIST,
    "boards_api:api-action-update-list": MEMBER_FORM,
    "boards_api:api-agenda-item-list": API_RUN_LIST,
    # An empty body is a 400 (no `out`); the filler's item is decided in any case.
    "boards_api:api-item-presence": API_RUN_LIST,
    "boards_api:api-vote-list": API_RUN_LIST,
    "boards_api:api-interest-list": MEMBER_FORM,
    "boards_api:api-paper-list": API_RUN_LIST,
    "boards_api:api-paper-withdraw": RUN_POST,
    "boards_api:api-declaration-list": MEMBER_FORM,
    "boards_api:api-minute-correction-list": API_RUN_LIST,
    "boards_api:api-meeting-note-list": API_RUN_LIST,
    "boards_api:api-published-minutes":
        statuses((200, 405), (200, 405), (200, 405), (200, 405), (403, 405)),
}

# Routes that need no sign-in where the object's terms allow it, with why that is safe.
PUBLIC = {
    "boards:minutes-published": "a board's published minutes, through the one published view "
                                "(exempt items redacted), only when the board's terms say "
                                "public; otherwise 404 to anyone outside the tenant",
    "boards:paper-published": "a public paper of a public item, only when the published view "
                              "(of published minutes) lists it and the board's terms say public; "
                              "otherwise 404 to anyone outside the tenant",
    "boards:meeting-pack-published": "a meeting's pack built only from the published view "
                                     "(public items and papers; exempt items as their number "
                                     "and paragraph), only when the board's terms say public",
    "boards:meeting-pack-published-pdf": "the same published pack as a PDF, with only the "
                                         "public papers the published view lists appended",
}


def fillers(tenant_a, personas) -> dict:
    start = date(2024, 9, 1)
    with scopes_disabled():
        people = {role: Membership.objects.get(tenant=tenant_a, user=personas["a"][role])
                  for role in (Role.HEADTEACHER, Role.BOARD_MEMBER)}
        board = Board.objects.create(tenant=tenant_a, name="School Improvement Board",
                                     minutes_readers="tenant")
        chair = Seat.objects.create(tenant=tenant_a, board=board, label="Independent chair",
                                    kind=SeatKind.INDEPENDENT_CHAIR, position=1)
        seat = Seat.objects.create(tenant=tenant_a, board=board, label="Chesil alliance",
                                   position=2)
        SeatHolding.objects.create(tenant=tenant_a, seat=chair, start_date=start,
                                   holder=people[Role.BOARD_MEMBER])
        holding = SeatHolding.objects.create(tenant=tenant_a, seat=seat, start_date=start,
                                             holder=people[Role.HEADTEACHER],
                                             kind=HoldingKind.MEMBER)
        meeting = Meeting.objects.create(
            tenant=tenant_a, board=board, location="County Hall", status=Meeting.Status.HELD,
            starts_at=timezone.make_aware(datetime(2025, 3, 4, 14, 0)))
        item = AgendaItem.objects.create(tenant=tenant_a, meeting=meeting, number=1,
                                         title="Minutes of the last meeting")
        decision = Decision.objects.create(tenant=tenant_a, item=item, motion="Approve",
                                           method=Decision.Method.WITHOUT_VOTE,
                                           outcome=Decision.Outcome.AGREED)
        Minutes.objects.create(tenant=tenant_a, meeting=meeting, status="published",
                               published_at=timezone.now())
        interest = RegisteredInterest.objects.create(
            tenant=tenant_a, board=board, holder=people[Role.HEADTEACHER],
            kind="other_registrable", description="Governor of a school", registered_on=start)
        declaration = Declaration.objects.create(
            tenant=tenant_a, item=item, person=people[Role.HEADTEACHER],
            kind="disclosable_pecuniary", note="Spouse employed by the provider")
        paper = Paper(tenant=tenant_a, item=item, title="Minutes for approval", kind="pdf",
                      size=9)
        paper.file.save("paper", ContentFile(b"%PDF-1.4\n"), save=True)
        priority = BoardPriority.objects.create(tenant=tenant_a, board=board, position=1,
                                                title="Disadvantaged learners", start_date=start,
                                                academic_year=start.year)
        action = BoardAction.objects.create(
            tenant=tenant_a, board=board, priority=priority, item=item,
            description="Report on pupil premium spending", owner=people[Role.HEADTEACHER],
            due_date=date(2025, 6, 1))
        note = MeetingNote.objects.create(tenant=tenant_a, meeting=meeting,
                                          text="Isolation meeting note")
    return {"board_id": board.pk, "seat_id": seat.pk, "seat_holding_id": holding.pk,
            "meeting_id": meeting.pk, "agenda_item_id": item.pk, "decision_id": decision.pk,
            "registered_interest_id": interest.pk, "declaration_id": declaration.pk,
            "paper_id": paper.pk, "board_priority_id": priority.pk,
            "board_action_id": action.pk, "meeting_note_id": note.pk}
