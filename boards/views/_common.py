"""What the board pages share: finding the board, meeting and item, and the form page."""

from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from accounts.models import User
from boards.models import AgendaItem, Board, Meeting
from boards.permissions import (
    BoardAccess,
    access_needed,
    board_access,
    board_for_member,
    published_open_to,
)
from boards.selectors.meetings import meeting_for
from core.models import Membership, Tenant
from core.selectors import membership_for

NAV = "boards"


def board_of(request: HttpRequest, board_id: int, **need: bool) -> tuple[Board, BoardAccess]:
    return board_for_member(membership=request.membership,  # type: ignore[attr-defined]
                            board_id=board_id, **need)


def board_meeting_of(request: HttpRequest, board_id: int, meeting_id: int,
                     **need: bool) -> tuple[Board, BoardAccess, Meeting]:
    """`board_of` and `meeting_of` in one query when the meeting is there (the pages of a
    meeting); else the board's own 404 or 403 first, then the meeting's 404."""
    meeting = (Meeting.objects.filter(board_id=board_id, pk=meeting_id)
               .select_related("board").first())
    if meeting is None:
        board_of(request, board_id, **need)
        raise Http404("No such meeting.")
    access = access_needed(membership=request.membership,  # type: ignore[attr-defined]
                           board=meeting.board, **need)
    return meeting.board, access, meeting


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


def published_reader(request: HttpRequest, tenant_slug: str) -> tuple[Tenant, Membership | None]:
    """For the published routes, which may need no sign-in: the tenant (404 if none) and the
    reader's membership of it, if any."""
    tenant = Tenant.objects.filter(slug=tenant_slug).first()
    if tenant is None:
        raise Http404("No such page.")
    user = request.user
    membership = (membership_for(user=user, tenant=tenant)
                  if isinstance(user, User) and user.is_authenticated else None)
    return tenant, membership


def published_board(board_id: int, membership: Membership | None) -> Board:
    """The board whose published view this reader may see (call inside the tenant's scope):
    404 to anyone outside the tenant the terms do not open it to (the page must not tell an
    outsider a board exists), 403 to a member of the tenant beyond their rights."""
    board = Board.objects.filter(pk=board_id).first()
    if board is None:
        raise Http404("No such page.")
    return _published(board, membership)


def _published(board: Board, membership: Membership | None) -> Board:
    """The board, if this reader may see its published view; else refused as
    `published_board` says."""
    if membership is not None:
        allowed = board_access(membership=membership, board=board).can_read_published
    else:
        allowed = published_open_to(board, None)
    if not allowed:
        if membership is None:
            raise Http404("No such page.")
        raise PermissionDenied("This board's minutes are for its members.")
    return board


def published_board_meeting(board_id: int, meeting_id: int,
                            membership: Membership | None) -> tuple[Board, Meeting]:
    """`published_board` and `meeting_of` in one query when the meeting is there; else the
    board's own 404 or 403 first, then the meeting's 404 (call inside the tenant's scope)."""
    meeting = (Meeting.objects.filter(board_id=board_id, pk=meeting_id)
               .select_related("board").first())
    if meeting is None:
        published_board(board_id, membership)
        raise Http404("No such meeting.")
    return _published(meeting.board, membership), meeting
