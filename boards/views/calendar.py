"""A meeting's calendar file (.ics) for the board's members."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from boards.ics import meeting_ics
from boards.views._common import board_of, meeting_of, meeting_url
from core.tenancy import TenantRequest, tenant_view


@tenant_view()
@require_GET
def meeting_calendar(request: TenantRequest, board_id: int, meeting_id: int) -> HttpResponse:
    board, _ = board_of(request, board_id, read=True)
    meeting = meeting_of(board, meeting_id)
    body = meeting_ics(meeting=meeting, domain=request.get_host().split(":")[0],
                       url=request.build_absolute_uri(meeting_url(request, meeting)))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = (f'attachment; filename="meeting-{meeting.pk}-'
                                       f'{meeting.starts_at:%Y-%m-%d}.ics"')
    return response
