"""The boards API for papers: a meeting's papers, exempt ones included, for the board's members
(GET; each downloads from its page's permission-checked route); whoever runs the board uploads
one (POST, multipart). The bytes decide: anything but a PDF or a .docx, a macro-enabled file or
one over the size cap is a 400 naming `file`. Whoever runs the board withdraws a paper from the
pack with the reason (POST .../withdraw/): members no longer see it; the chair, the clerk and
officers still list it, with `withdrawn_at` and `withdrawal_reason`."""

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from boards.api import serializers as s
from boards.api.views import MEETING_PARAMETERS, BoardAPIBase
from boards.models import Paper
from boards.selectors.papers import paper_of
from boards.services import papers as services
from core.api import path_parameter


@extend_schema(tags=["boards"], parameters=MEETING_PARAMETERS)
class PaperListAPI(BoardAPIBase):
    serializer_class = s.PaperSerializer

    def get_queryset(self):
        if self.fake():
            return Paper.objects.none()
        board, access = self.board(read=True)
        papers = Paper.objects.filter(item__meeting=self.meeting(board))
        if not access.can_run:
            papers = papers.filter(withdrawn_at__isnull=True)
        return papers.select_related("item").order_by("item__number", "uploaded_at", "pk")

    def get(self, request: Request, *args, **kwargs) -> Response:
        return self.list_response(self.get_queryset())

    @extend_schema(request={"multipart/form-data": s.PaperUploadSerializer},
                   responses={201: s.PaperSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        board, _ = self.board(run=True)
        meeting = self.meeting(board)
        data = s.PaperUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        item = self.agenda_item(meeting, values.pop("item"))
        paper = self.call(services.paper_upload, item=item, upload=values.pop("file"),
                          **values)
        return Response(s.PaperSerializer(paper).data, status=status.HTTP_201_CREATED)


class PaperWithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="Why the paper is withdrawn from the pack.")


@extend_schema(tags=["boards"], parameters=[
    *MEETING_PARAMETERS, path_parameter("paper_id", "The paper's id.")])
class PaperWithdrawAPI(BoardAPIBase):
    """Withdraw a paper from the meeting's pack with the reason (POST; the board's chair, clerk
    or an officer). Refused (400, naming `reason`): no reason, a paper already withdrawn, a
    paper of approved minutes."""

    serializer_class = s.PaperSerializer

    @extend_schema(request=PaperWithdrawSerializer, responses={200: s.PaperSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        board, _ = self.board(run=True)
        paper = paper_of(meeting=self.meeting(board), paper_id=self.kwargs["paper_id"],
                         withdrawn=True)
        if paper is None:
            raise exceptions.NotFound("No such paper.")
        data = PaperWithdrawSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        paper = self.call(services.paper_withdraw, paper=paper,
                          reason=data.validated_data["reason"])
        return Response(s.PaperSerializer(paper).data)
