"""The boards API for who was present for each agenda item: those out of the room for it
(GET, the board's members); whoever runs the board records them (POST, replacing what was
recorded). The item's quorum and votes are counted from it (`boards.services.decisions`)."""

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from boards.api.views import MEETING_PARAMETERS, BoardAPIBase
from boards.models import AgendaItem, Attendance, ItemAbsence, Meeting
from boards.selectors.meetings import meeting_day
from boards.services import meetings as meeting_services
from core.api import path_parameter


class ItemAbsenceSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="attendance.person_id", read_only=True,
                                      help_text="The membership id of who was out.")
    person_name = serializers.CharField(source="attendance.person.user", read_only=True)
    seat = serializers.IntegerField(source="attendance.seat_id", read_only=True)
    as_substitute = serializers.BooleanField(source="attendance.as_substitute",
                                             read_only=True)

    class Meta:
        model = ItemAbsence
        fields = ["id", "person", "person_name", "seat", "as_substitute", "reason",
                  "recorded_at"]
        read_only_fields = fields


class ItemPresenceSerializer(serializers.Serializer):
    out = serializers.ListField(child=serializers.IntegerField(), allow_empty=True,
                                help_text="The membership ids of those present at the meeting "
                                          "who were out of the room for the item.")
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True,
                                   default="")


@extend_schema(tags=["boards"], parameters=[
    *MEETING_PARAMETERS, path_parameter("agenda_item_id", "The agenda item's id.")])
class ItemPresenceAPI(BoardAPIBase):
    """Who was out of the room for an agenda item (GET, members); whoever runs the board
    records them (POST, replacing what was recorded). Refused (400, naming `out`): someone not
    present at the meeting, or votes already cast on the item."""

    serializer_class = ItemAbsenceSerializer
    pagination_class = None

    def item(self, meeting: Meeting) -> AgendaItem:
        item = (AgendaItem.objects.filter(meeting=meeting, pk=self.kwargs["agenda_item_id"])
                .select_related("meeting__board").first())
        if item is None:
            raise exceptions.NotFound("No such item on this agenda.")
        return item

    def _rows(self, item: AgendaItem) -> Response:
        rows = (ItemAbsence.objects.filter(item=item)
                .select_related("attendance__person__user").order_by("pk"))
        return Response(ItemAbsenceSerializer(rows, many=True).data)

    def get(self, request: Request, *args, **kwargs) -> Response:
        board, _ = self.board(read=True)
        return self._rows(self.item(self.meeting(board)))

    @extend_schema(request=ItemPresenceSerializer, responses={200: ItemAbsenceSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        board, _ = self.board(run=True)
        item = self.item(self.meeting(board))
        data = ItemPresenceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        present: dict[int, Attendance] = {
            a.person_id: a for seat in meeting_day(meeting=item.meeting).seats
            for a in seat.attendances if a.is_present}
        unknown = [pk for pk in data.validated_data["out"] if pk not in present]
        if unknown:
            raise exceptions.ValidationError({"out": [
                f"Not recorded as present at the meeting: {', '.join(map(str, unknown))}."]})
        self.call(meeting_services.item_presence_record, item=item,
                  out=[present[pk] for pk in data.validated_data["out"]],
                  reason=data.validated_data["reason"])
        return self._rows(item)
