"""The board pack of a meeting, as a page (stable anchors: #item-3) and as a PDF with the PDF
papers appended: the members' pack (exempt items included) and the published pack (only the
published view, needing no sign-in where the board's terms say public)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django_scopes import scope

from boards.models import Board, Paper
from boards.pack_pdf import pack_pdf
from boards.selectors.pack import Pack, member_pack, published_pack
from boards.services.agenda import agenda_publish
from boards.views._common import (
    NAV,
    board_meeting_of,
    board_of,
    meeting_of,
    meeting_url,
    published_board_meeting,
    published_reader,
)
from core.models import Tenant
from core.permissions import permissions_of
from core.tenancy import TenantRequest, tenant_view


def _context(request: HttpRequest, tenant: Tenant, board: Board, pack: Pack) -> dict:
    return {"pack": pack, "board": board, "tenant": tenant, "nav_section": NAV,
            "paper_route": "boards:paper-published" if pack.is_published
            else "boards:paper-download"}


def _pdf(request: HttpRequest, tenant: Tenant, board: Board, pack: Pack) -> HttpResponse:
    context = _context(request, tenant, board, pack)
    context["site"] = request.build_absolute_uri("/").rstrip("/")
    html = render_to_string("boards/pack_print.html", context)
    order = {pk: index for index, pk in enumerate(pack.pdf_paper_ids)}
    papers = sorted(Paper.objects.filter(pk__in=order), key=lambda paper: order[paper.pk])
    data = pack_pdf(html=html, base_url=request.build_absolute_uri("/"), papers=papers)
    day = timezone.localtime(pack.starts_at).date().isoformat()
    which = "published-pack" if pack.is_published else "board-pack"
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{which}-{day}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@tenant_view()
@require_GET
def meeting_pack(request: TenantRequest, board_id: int, meeting_id: int) -> HttpResponse:
    board, _, meeting = board_meeting_of(request, board_id, meeting_id, read=True)
    pack = member_pack(meeting=meeting)
    return render(request, "boards/pack.html", _context(request, request.tenant, board, pack))


@tenant_view()
@require_GET
def meeting_pack_pdf(request: TenantRequest, board_id: int, meeting_id: int) -> HttpResponse:
    board, _ = board_of(request, board_id, read=True)
    return _pdf(request, request.tenant, board, member_pack(meeting=meeting_of(board,
                                                                              meeting_id)))


def _published(request: HttpRequest, tenant_slug: str, board_id: int, meeting_id: int,
               as_pdf: bool) -> HttpResponse:
    tenant, membership = published_reader(request, tenant_slug)
    with scope(tenant=tenant):
        board, meeting = published_board_meeting(board_id, meeting_id, membership)
        pack = published_pack(meeting=meeting)
        if pack is None:
            raise Http404("This meeting's papers are not published.")
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        if as_pdf:
            return _pdf(request, tenant, board, pack)
        context = _context(request, tenant, board, pack)
        if membership is not None:
            context.update(membership=membership, permissions=permissions_of(membership))
        return render(request, "boards/pack.html", context)


def meeting_pack_published(request: HttpRequest, tenant_slug: str, board_id: int,
                           meeting_id: int) -> HttpResponse:
    """The published pack: through the published view only. Needs no sign-in when the
    board's terms say public; 404 to outsiders otherwise (as the published minutes)."""
    return _published(request, tenant_slug, board_id, meeting_id, as_pdf=False)


def meeting_pack_published_pdf(request: HttpRequest, tenant_slug: str, board_id: int,
                               meeting_id: int) -> HttpResponse:
    return _published(request, tenant_slug, board_id, meeting_id, as_pdf=True)


@tenant_view()
@require_POST
def meeting_agenda_publish(request: TenantRequest, board_id: int,
                           meeting_id: int) -> HttpResponse:
    """Publish the agenda and send each member their pack; say so when the papers are late."""
    board, _ = board_of(request, board_id, run=True)
    meeting = meeting_of(board, meeting_id)
    try:
        done = agenda_publish(tenant=request.tenant, actor=request.user, meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        sent = f"{done.sent_to} member{'s' if done.sent_to != 1 else ''}"
        if done.late:
            messages.warning(request, f"The agenda is published and the pack sent to {sent}, "
                                      f"after the papers were due on {done.papers_due:%-d %B %Y}"
                                      f" ({board.papers_notice_days} clear working days "
                                      "before the meeting).")
        else:
            messages.success(request, f"The agenda is published and the pack sent to {sent}.")
    return redirect(meeting_url(request, meeting))
