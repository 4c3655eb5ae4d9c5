"""What the board pages share: finding the board, meeting and item, and the form page."""

from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from boards.models import AgendaItem, Board, Meeting
from boards.permissions import BoardAccess, board_for_member
from boards.selectors.meetings import meeting_for

NAV = "boards"


def board_of(request: HttpRequest, board_id: int, **need: bool) -> tuple[Board, BoardAccess]:
    return board_for_member(membership=request.membership,  # type: ignore[attr-defined]
                            board_id=board_id, **need)


def meeting_of(board: Board, meeting_id: int) -> Meeting:
    meeting = meeting_for(board=board, meeting_id=meeting_id)
    if meeting is None:
        raise Http404("No such meeting.")
    return meeting


def item_of(meeting: Meeting, item_id: int) -> AgendaItem:
    item = AgendaItem.objects.filter(meeting=meeting, pk=item_id).first()
    if item is None:
        raise Http404("No such agenda item.")
    return item


def board_url(request: HttpRequest, board: Board) -> str:
    return reverse("boards:board-detail", args=[request.tenant.slug,  # type: ignore[attr-defined]
                                                board.pk])


def meeting_url(request: HttpRequest, meeting: Meeting) -> str:
    return reverse("boards:meeting-detail",
                   args=[request.tenant.slug, meeting.board_id,  # type: ignore[attr-defined]
                         meeting.pk])


def form_page(request: HttpRequest, form: Form, *, board: Board, heading: str, button: str,
              back_url: str, back_label: str, meeting: Meeting | None = None,
              intro: str = "") -> HttpResponse:
    """One form on a page; 400 when it holds errors (or a service's refusal)."""
    return render(request, "boards/form_page.html", {
        "form": form, "board": board, "meeting": meeting, "heading": heading,
        "button": button, "back_url": back_url, "back_label": back_label, "intro": intro,
        "nav_section": NAV,
    }, status=400 if form.errors else 200)
