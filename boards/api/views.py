"""The boards API: boards, meetings, agenda items, votes and published minutes.

Thin views over `boards.selectors` and `boards.services`, with the pages' rule
(`boards.permissions.board_for_member`): a board's members (and officers) read it in full,
whoever runs it (its chair, its clerk, an officer) writes, anyone else of the tenant reads only
the published minutes the terms open to them, through the published view; another tenant's
board is 404.
"""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from boards.api import serializers as s
from boards.models import (
    AgendaItem,
    Board,
    Decision,
    Meeting,
    MeetingNote,
    MinuteCorrection,
    SeatHolding,
    Vote,
)
from boards.permissions import BoardAccess, access_needed, board_for_member
from boards.selectors.boards import boards_for
from boards.selectors.meetings import agenda, meeting_for, minutes_of
from boards.selectors.published import published_minutes
from boards.services import boards as board_services
from boards.services import decisions as decision_services
from boards.services import meetings as meeting_services
from boards.services import minutes as minute_services
from boards.services import notes as note_services
from core.api import TENANT_PARAMETER, path_parameter
from core.models import Membership
from core.permissions import BOARDS_MANAGE
from core.tenancy import TenantAPIMixin

BOARD_PARAMETERS = [TENANT_PARAMETER, path_parameter("board_id", "The board's id.")]
MEETING_PARAMETERS = [*BOARD_PARAMETERS, path_parameter("meeting_id", "The meeting's id.")]


class BoardAPIBase(TenantAPIMixin, generics.GenericAPIView):
    """Any member of the tenant reaches these views; the board rule decides (403 or 404)."""

    filter_backends: list = []

    _meeting: Meeting | None = None

    def board(self, **need: bool) -> tuple[Board, BoardAccess]:
        if "meeting_id" in self.kwargs:
            # A meeting's route: the board and the meeting in one query when it is there
            # (kept for `meeting`); else the board's own 404 or 403 first, as below.
            found = (Meeting.objects.filter(board_id=self.kwargs["board_id"],
                                            pk=self.kwargs["meeting_id"])
                     .select_related("board").first())
            if found is not None:
                access = access_needed(membership=self.membership,  # type: ignore[arg-type]
                                       board=found.board, **need)
                self._meeting = found
                return found.board, access
        return board_for_member(membership=self.membership,  # type: ignore[arg-type]
                                board_id=self.kwargs["board_id"], **need)

    def meeting(self, board: Board) -> Meeting:
        if self._meeting is not None and self._meeting.board_id == board.pk:
            return self._meeting
        meeting = meeting_for(board=board, meeting_id=self.kwargs["meeting_id"])
        if meeting is None:
            raise exceptions.NotFound("No such meeting.")
        return meeting

    def agenda_item(self, meeting: Meeting, item_id: int) -> AgendaItem:
        """An item of this meeting's agenda named in the request's body (400 naming `item`
        when there is none: it is the body that is wrong, not the address)."""
        item = (AgendaItem.objects.filter(meeting=meeting, pk=item_id)
                .select_related("meeting__board").first())
        if item is None:
            raise exceptions.ValidationError({"item": ["No such item on this agenda."]})
        return item

    def fake(self) -> bool:
        # Schema generation runs outside any tenant scope.
        return getattr(self, "swagger_fake_view", False)

    def list_response(self, rows) -> Response:
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)



@extend_schema(tags=["boards"], parameters=[TENANT_PARAMETER])
class BoardListAPI(BoardAPIBase):
    """The boards this person may see (GET); an officer sets one up (POST)."""

    serializer_class = s.BoardSerializer
    write_permission = BOARDS_MANAGE

    def get_queryset(self):
        return Board.objects.none()

    @extend_schema(operation_id="boards_list", responses=s.BoardSerializer(many=True))
    def get(self, request: Request, *args, **kwargs) -> Response:
        return self.list_response([board for board, _ in
                                   boards_for(membership=self.membership)])  # type: ignore[arg-type]

    @extend_schema(request=s.BoardCreateSerializer, responses={201: s.BoardSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        data = s.BoardCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        board = self.call(board_services.board_create, **data.validated_data)
        return Response(s.BoardSerializer(board).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["boards"], parameters=BOARD_PARAMETERS)
class BoardDetailAPI(BoardAPIBase):
    """A board with its terms of reference and seats (who holds each, with dates), for its
    members and officers; others whose terms let them read its published minutes get the
    board without its seats."""

    serializer_class = s.BoardDetailSerializer

    def get(self, request: Request, *args, **kwargs) -> Response:
        board, access = self.board()
        if not access.can_read:
            return Response(s.BoardSerializer(board).data)
        holdings = SeatHolding.objects.select_related("holder__user").order_by("kind",
                                                                               "-start_date")
        board = (Board.objects.filter(pk=board.pk)
                 .prefetch_related("seats__nominating_partnership",
                                   Prefetch("seats__holdings", queryset=holdings)).get())
        return Response(s.BoardDetailSerializer(board).data)


@extend_schema(tags=["boards"], parameters=BOARD_PARAMETERS)
class MeetingListAPI(BoardAPIBase):
    """A board's meetings, newest first (GET, members); its chair, clerk or an officer plans
    one (POST)."""

    serializer_class = s.MeetingSerializer

    def get_queryset(self):
        if self.fake():
            return Meeting.objects.none()
        board, _ = self.board(read=True)
        return Meeting.objects.filter(board=board).order_by("-starts_at", "-id")

    def get(self, request: Request, *args, **kwargs) -> Response:
        return self.list_response(self.get_queryset())

    @extend_schema(request=s.MeetingCreateSerializer, responses={201: s.MeetingSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        board, _ = self.board(run=True)
        data = s.MeetingCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        meeting = self.call(meeting_services.meeting_create, board=board, **data.validated_data)
        return Response(s.MeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["boards"], parameters=MEETING_PARAMETERS)
class AgendaItemListAPI(BoardAPIBase):
    """A meeting's agenda in full — exempt items, decisions and votes included — for the
    board's members (GET); whoever runs the board adds an item (POST). Non-members read the
    published minutes instead."""

    serializer_class = s.AgendaItemSerializer

    def get_queryset(self):
        if self.fake():
            return AgendaItem.objects.none()
        board, _ = self.board(read=True)
        return agenda(meeting=self.meeting(board), decisions_only=True)

    def get(self, request: Request, *args, **kwargs) -> Response:
        return self.list_response(self.get_queryset())

    @extend_schema(request=s.AgendaItemCreateSerializer,
                   responses={201: s.AgendaItemSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        board, _ = self.board(run=True)
        data = s.AgendaItemCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = self.call(meeting_services.agenda_item_create, meeting=self.meeting(board),
                         **data.validated_data)
        return Response(s.AgendaItemSerializer(item).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["boards"], parameters=[
    *MEETING_PARAMETERS, path_parameter("decision_id", "The decision's id.")])
class VoteListAPI(BoardAPIBase):
    """A decision's votes, seat by seat (GET, members); whoever runs the board records one
    (POST). Refused (400, naming `voter`): a person with no seat, a second vote for a seat, a
    substitute while the member is present, someone not present."""

    serializer_class = s.VoteSerializer

    def decision(self, meeting: Meeting) -> Decision:
        decision = (Decision.objects.filter(item__meeting=meeting, pk=self.kwargs["decision_id"])
                    .select_related("item__meeting__board").first())
        if decision is None:
            raise exceptions.NotFound("No such decision.")
        return decision

    def get_queryset(self):
        if self.fake():
            return Vote.objects.none()
        board, _ = self.board(read=True)
        return (Vote.objects.filter(decision=self.decision(self.meeting(board)))
                .select_related("seat", "voter__user").order_by("seat__position", "seat_id"))

    def get(self, request: Request, *args, **kwargs) -> Response:
        return self.list_response(self.get_queryset())

    @extend_schema(request=s.VoteCreateSerializer, responses={201: s.VoteSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        board, _ = self.board(run=True)
        decision = self.decision(self.meeting(board))
        data = s.VoteCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        voter = (Membership.objects.select_related("user")
                 .filter(pk=data.validated_data["voter"]).first())
        if voter is None:
            raise exceptions.ValidationError({"voter": ["No such person in this tenant."]})
        vote = self.call(decision_services.vote_record, decision=decision, voter=voter,
                         choice=data.validated_data["choice"])
        return Response(s.VoteSerializer(vote).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["boards"], parameters=MEETING_PARAMETERS)
class MeetingNoteListAPI(BoardAPIBase):
    """A meeting's notes, every version, oldest first (GET, members; an edit is a later note
    whose `replaces` names the earlier one); whoever runs the board adds one (POST). A hub
    keeps notes where a board keeps minutes."""

    serializer_class = s.MeetingNoteSerializer

    def get_queryset(self):
        if self.fake():
            return MeetingNote.objects.none()
        board, _ = self.board(read=True)
        return (MeetingNote.objects.filter(meeting=self.meeting(board))
                .select_related("author").order_by("created_at", "pk"))

    def get(self, request: Request, *args, **kwargs) -> Response:
        return self.list_response(self.get_queryset())

    @extend_schema(request=s.MeetingNoteCreateSerializer,
                   responses={201: s.MeetingNoteSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        board, _ = self.board(run=True)
        meeting = self.meeting(board)
        data = s.MeetingNoteCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        note = self.call(note_services.note_add, meeting=meeting,
                         text=data.validated_data["text"])
        return Response(s.MeetingNoteSerializer(note).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["boards"], parameters=MEETING_PARAMETERS)
class MinuteCorrectionListAPI(BoardAPIBase):
    """Corrections to the meeting's approved minutes, proposed and approved (GET, members);
    whoever runs the board proposes one (POST); a decision at a later meeting approves it.
    Refused (400, naming the field): minutes not yet approved, wording that changes nothing,
    no reason, a second correction of an item while one waits."""

    serializer_class = s.MinuteCorrectionSerializer

    def get_queryset(self):
        if self.fake():
            return MinuteCorrection.objects.none()
        board, _ = self.board(read=True)
        return (MinuteCorrection.objects.filter(minutes__meeting=self.meeting(board))
                .select_related("item").order_by("proposed_at", "pk"))

    def get(self, request: Request, *args, **kwargs) -> Response:
        return self.list_response(self.get_queryset())

    @extend_schema(request=s.MinuteCorrectionCreateSerializer,
                   responses={201: s.MinuteCorrectionSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        board, _ = self.board(run=True)
        meeting = self.meeting(board)
        data = s.MinuteCorrectionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = self.agenda_item(meeting, data.validated_data["item"])
        minutes = minutes_of(meeting=meeting)
        if minutes is None:
            raise exceptions.ValidationError({"minutes": ["This meeting has no minutes."]})
        correction = self.call(minute_services.minute_correction_propose, minutes=minutes,
                               item=item, text=data.validated_data["text"],
                               reason=data.validated_data["reason"])
        return Response(s.MinuteCorrectionSerializer(correction).data,
                        status=status.HTTP_201_CREATED)


@extend_schema(tags=["boards"], parameters=MEETING_PARAMETERS,
               responses={200: s.PublishedMinutesSerializer})
class PublishedMinutesAPI(BoardAPIBase):
    """A meeting's published minutes, through the published view: exempt items are only
    "Item N: exempt under paragraph P of Schedule 12A". For everyone the board's terms let read
    them; 404 until they are published."""

    serializer_class = s.PublishedMinutesSerializer

    def get(self, request: Request, *args, **kwargs) -> Response:
        board, access = self.board()
        if not access.can_read_published:
            raise exceptions.PermissionDenied("This board's minutes are for its members.")
        published = published_minutes(meeting=self.meeting(board))
        if published is None:
            raise exceptions.NotFound("These minutes are not published.")
        return Response(s.PublishedMinutesSerializer(published).data)
