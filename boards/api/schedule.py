"""The boards API for a year's meetings from the school calendar (`boards.schedule`): whoever
runs the board previews (`"preview": true`, nothing saved) or generates them (POST). Each row
says what happens to one meeting: `new` (planned, with its id when generated), `kept` (the
board already meets in that half-term: that meeting's id), `past` or `no day`; `reason` says
why a day moved (a bank holiday, a weekend, the school holidays)."""

from datetime import time

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from boards import schedule
from boards.api.views import BOARD_PARAMETERS, BoardAPIBase
from boards.selectors.schedule import schedule_plan
from boards.services.schedule import meetings_generate
from core.years import AcademicYear


class ScheduleRequestSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100,
                                    help_text="The academic year by the year it starts in: "
                                              "2026 is 2026/27.")
    weekday = serializers.IntegerField(min_value=0, max_value=4,
                                       default=schedule.DEFAULT_WEEKDAY,
                                       help_text="0 Monday to 4 Friday.")
    week = serializers.ChoiceField(choices=list(schedule.WEEK_CHOICES),
                                   default=schedule.DEFAULT_WEEK,
                                   help_text="Which of the half-term's usual days: 4 is its "
                                             "fourth.")
    start_time = serializers.TimeField(default=time(*schedule.DEFAULT_TIME))
    duration_minutes = serializers.IntegerField(default=schedule.DEFAULT_MINUTES,
                                                min_value=15, max_value=600)
    location = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                     default="")
    remote_link = serializers.CharField(max_length=300, required=False, allow_blank=True,
                                        default="")
    preview = serializers.BooleanField(default=False)


class ScheduleRowSerializer(serializers.Serializer):
    title = serializers.CharField()
    half_term = serializers.IntegerField()
    date = serializers.DateField(allow_null=True)
    usual_date = serializers.DateField()
    reason = serializers.CharField()
    status = serializers.CharField()
    meeting = serializers.IntegerField(allow_null=True)


def _row(row: schedule.Row, meeting_id: int | None) -> dict:
    return {"title": row.slot.label, "half_term": row.slot.half_term, "date": row.slot.day,
            "usual_date": row.slot.usual, "reason": row.slot.reason, "status": row.status,
            "meeting": meeting_id}


@extend_schema(tags=["boards"], parameters=BOARD_PARAMETERS)
class MeetingScheduleAPI(BoardAPIBase):
    serializer_class = ScheduleRowSerializer

    @extend_schema(request=ScheduleRequestSerializer,
                   responses={200: ScheduleRowSerializer(many=True),
                              201: ScheduleRowSerializer(many=True)})
    def post(self, request: Request, *args, **kwargs) -> Response:
        board, _ = self.board(run=True)
        data = ScheduleRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        year, preview = AcademicYear(values.pop("year")), values.pop("preview")
        if preview:
            rows = schedule_plan(board=board, year=year, weekday=values["weekday"],
                                 week=values["week"])
            return Response([_row(row, getattr(row.kept, "pk", None)) for row in rows])
        generated = self.call(meetings_generate, board=board, year=year, **values)
        created = iter(generated.created)
        answer = [_row(row, next(created).pk if row.is_new else getattr(row.kept, "pk", None))
                  for row in generated.rows]
        return Response(answer, status=status.HTTP_201_CREATED)
