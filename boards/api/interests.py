"""The boards API for interests: a board's register of interests and a meeting's declarations.
Members read both; a member adds to their own register and declares for themselves, whoever
runs the board does either for anyone (the services decide: 403 otherwise)."""

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.request import Request
from rest_framework.response import Response

from boards.api import serializers as s
from boards.api.views import BOARD_PARAMETERS, MEETING_PARAMETERS, BoardAPIBase
from boards.models import Declaration, RegisteredInterest
from boards.services import interests as services
from core.models import Membership


def _person(pk: int, field: str) -> Membership:
    person = Membership.objects.select_related("user").filter(pk=pk).first()
    if person is None:
        raise exceptions.ValidationError({field: ["No such person in this tenant."]})
    return person


@extend_schema(tags=["boards"], parameters=BOARD_PARAMETERS)
class InterestListAPI(BoardAPIBase):
    """The board's register of interests, current and ended (GET, members); an entry added
    (POST). Refused (400, naming `holder`): a person holding no seat on the board."""

    serializer_class = s.RegisteredInterestSerializer

    def get_queryset(self):
        if self.fake():
            return RegisteredInterest.objects.none()
        board, _ = self.board(read=True)
        return (RegisteredInterest.objects.filter(board=board)
                .select_related("holder__user").order_by("holder_id", "registered_on", "pk"))

    def get(self, request: Request, *args, **kwargs) -> Response:
        return self.list_response(self.get_queryset())

    @extend_schema(request=s.InterestCreateSerializer,
                   responses={201: s.RegisteredInterestSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        board, _ = self.board(read=True)
        data = s.InterestCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["holder"] = _person(values["holder"], "holder")
        interest = self.call(services.interest_register, board=board, **values)
        return Response(s.RegisteredInterestSerializer(interest).data,
                        status=status.HTTP_201_CREATED)


@extend_schema(tags=["boards"], parameters=MEETING_PARAMETERS)
class DeclarationListAPI(BoardAPIBase):
    """The declarations of interest on a meeting's items, exempt items included (GET,
    members); a declaration recorded (POST). A disclosable pecuniary interest bars the member
    from voting on the item until a dispensation is recorded (`bars_voting`)."""

    serializer_class = s.DeclarationSerializer

    def get_queryset(self):
        if self.fake():
            return Declaration.objects.none()
        board, _ = self.board(read=True)
        return (Declaration.objects.filter(item__meeting=self.meeting(board))
                .select_related("item", "person__user").order_by("item__number", "pk"))

    def get(self, request: Request, *args, **kwargs) -> Response:
        return self.list_response(self.get_queryset())

    @extend_schema(request=s.DeclarationCreateSerializer,
                   responses={201: s.DeclarationSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        board, _ = self.board(read=True)
        meeting = self.meeting(board)
        data = s.DeclarationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        item = self.agenda_item(meeting, values.pop("item"))
        values["person"] = _person(values["person"], "person")
        declaration = self.call(services.declaration_record, item=item, **values)
        return Response(s.DeclarationSerializer(declaration).data,
                        status=status.HTTP_201_CREATED)
