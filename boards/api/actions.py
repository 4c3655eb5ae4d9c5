"""The boards API for priorities and actions. Members read; whoever runs the board (its chair,
its clerk, an officer) sets priorities and records actions; an action's owner, or whoever runs
the board, records progress on it (the services decide: 403 otherwise)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from boards.api.views import BOARD_PARAMETERS, BoardAPIBase
from boards.models import AgendaItem, Board, BoardAction, BoardActionUpdate, BoardPriority
from boards.selectors import actions as selectors
from boards.services import actions as services
from core.actions import Progress, Rag
from core.api import path_parameter
from core.models import Membership

ACTION_PARAMETERS = [*BOARD_PARAMETERS,
                     path_parameter("board_action_id", "The action's id.")]


class PrioritySerializer(serializers.ModelSerializer):
    class Meta:
        model = BoardPriority
        fields = ["id", "academic_year", "title", "description", "start_date", "end_date",
                  "end_reason", "position", "is_current"]
        read_only_fields = fields


class PriorityCreateSerializer(serializers.Serializer):
    academic_year = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=9998,
        help_text="The year the academic year starts in (2025 for 2025/26); the start date's "
                  "year, or this year, when left out.")
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    start_date = serializers.DateField(required=False, allow_null=True, default=None)


class ActionSerializer(serializers.ModelSerializer):
    is_overdue = serializers.SerializerMethodField()
    owner_label = serializers.CharField(read_only=True)

    class Meta:
        model = BoardAction
        fields = ["id", "description", "owner", "owner_name", "owner_label", "due_date",
                  "status", "rag", "progress_note", "is_overdue", "priority", "item",
                  "completed_at", "updated_at"]
        read_only_fields = fields

    def get_is_overdue(self, action: BoardAction) -> bool:
        return action.is_overdue()


class ActionCreateSerializer(serializers.Serializer):
    description = serializers.CharField()
    owner = serializers.IntegerField(required=False, allow_null=True, default=None,
                                     help_text="A member of the board (a membership id).")
    owner_name = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                       default="", help_text="Or an outsider's name.")
    due_date = serializers.DateField(required=False, allow_null=True, default=None)
    priority = serializers.IntegerField(required=False, allow_null=True, default=None)
    item = serializers.IntegerField(required=False, allow_null=True, default=None,
                                    help_text="The agenda item the action arose from.")
    rag = serializers.ChoiceField(choices=[("", "Not rated"), *Rag.choices], required=False,
                                  default="")


class UpdateSerializer(serializers.ModelSerializer):
    author: serializers.StringRelatedField = serializers.StringRelatedField()

    class Meta:
        model = BoardActionUpdate
        fields = ["id", "status", "rag", "note", "author", "created_at"]
        read_only_fields = fields


class ProgressSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Progress.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    rag = serializers.ChoiceField(choices=[("", "Not rated"), *Rag.choices], required=False,
                                  allow_null=True, default=None,
                                  help_text="Leave out to keep the current rating.")


def _links(board: Board, values: dict) -> dict:
    """The body's ids as this board's objects: 400 naming the field when there is none."""
    if values["owner"] is not None:
        owner = Membership.objects.select_related("user").filter(pk=values["owner"]).first()
        if owner is None:
            raise exceptions.ValidationError({"owner": ["No such person in this tenant."]})
        values["owner"] = owner
    if values["priority"] is not None:
        values["priority"] = BoardPriority.objects.filter(board=board,
                                                          pk=values["priority"]).first()
        if values["priority"] is None:
            raise exceptions.ValidationError({"priority": ["No such priority of this board."]})
    if values["item"] is not None:
        values["item"] = (AgendaItem.objects.filter(meeting__board=board, pk=values["item"])
                          .select_related("meeting").first())
        if values["item"] is None:
            raise exceptions.ValidationError({"item": ["No such item of this board's "
                                                       "meetings."]})
    return values


@extend_schema(tags=["boards"], parameters=BOARD_PARAMETERS)
class PriorityListAPI(BoardAPIBase):
    """The board's priorities, latest academic year first, in each year current in order, then
    ended; `?year=2025` for one academic year's (GET, members); one added (POST, its chair,
    clerk or an officer)."""

    serializer_class = PrioritySerializer

    @extend_schema(parameters=[OpenApiParameter(
        "year", int, description="Only this academic year's (its start year: 2025 for "
                                 "2025/26).")])
    def get(self, request: Request, *args, **kwargs) -> Response:
        board, _ = self.board(read=True)
        year = request.query_params.get("year")
        if year is not None and not (year.isdigit() and len(year) <= 4):
            raise exceptions.ValidationError({"year": ["Give the year the academic year "
                                                       "starts in, e.g. 2025."]})
        return self.list_response(selectors.priorities_of(
            board=board, year=int(year) if year is not None else None))

    @extend_schema(request=PriorityCreateSerializer, responses={201: PrioritySerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        board, _ = self.board(run=True)
        data = PriorityCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        priority = self.call(services.priority_create, board=board, **data.validated_data)
        return Response(PrioritySerializer(priority).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["boards"], parameters=BOARD_PARAMETERS)
class ActionListAPI(BoardAPIBase):
    """The board's actions, open first (soonest due first), then done or cancelled (GET,
    members); one recorded (POST, its chair, clerk or an officer). Refused (400, naming
    `owner`): an owner who holds no seat on the board."""

    serializer_class = ActionSerializer

    def get(self, request: Request, *args, **kwargs) -> Response:
        board, _ = self.board(read=True)
        rows = [row.action for row in selectors.open_actions(board=board)]
        return self.list_response(rows + selectors.closed_actions(board=board))

    @extend_schema(request=ActionCreateSerializer, responses={201: ActionSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        board, _ = self.board(run=True)
        data = ActionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        action = self.call(services.action_create, board=board,
                           **_links(board, dict(data.validated_data)))
        return Response(ActionSerializer(action).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["boards"], parameters=ACTION_PARAMETERS)
class ActionUpdateListAPI(BoardAPIBase):
    """An action's progress updates, oldest first (GET, members); an update recorded (POST,
    the action's owner or whoever runs the board)."""

    serializer_class = UpdateSerializer

    def board_action(self) -> BoardAction:
        board, _ = self.board(read=True)
        action = selectors.action_for(board=board, action_id=self.kwargs["board_action_id"])
        if action is None:
            raise exceptions.NotFound("No such action.")
        return action

    def get(self, request: Request, *args, **kwargs) -> Response:
        return self.list_response(selectors.action_history(action=self.board_action()))

    @extend_schema(request=ProgressSerializer, responses={201: UpdateSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        action = self.board_action()
        data = ProgressSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        update = self.call(services.action_progress, action=action, **data.validated_data)
        return Response(UpdateSerializer(update).data, status=status.HTTP_201_CREATED)
