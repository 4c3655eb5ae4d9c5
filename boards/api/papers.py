"""The boards API for papers: a meeting's papers, exempt ones included, for the board's members
(GET; each downloads from its page's permission-checked route); whoever runs the board uploads
one (POST, multipart). The bytes decide: anything but a PDF or a .docx, a macro-enabled file or
one over the size cap is a 400 naming `file`."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from boards.api import serializers as s
from boards.api.views import MEETING_PARAMETERS, BoardAPIBase
from boards.models import Paper
from boards.services import papers as services


@extend_schema(tags=["boards"], parameters=MEETING_PARAMETERS)
class PaperListAPI(BoardAPIBase):
    serializer_class = s.PaperSerializer

    def get_queryset(self):
        if self.fake():
            return Paper.objects.none()
        board, _ = self.board(read=True)
        return (Paper.objects.filter(item__meeting=self.meeting(board))
                .select_related("item").order_by("item__number", "uploaded_at", "pk"))

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
