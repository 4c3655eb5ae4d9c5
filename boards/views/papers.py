"""Papers: uploading one to an agenda item, and serving them — to the board's members through
a permission check (exempt papers included), and to the published view's readers only where
the published view lists the paper. Never from a public media URL."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotAllowed,
)
from django.shortcuts import redirect
from django.views.decorators.http import require_GET
from django_scopes import scope

from boards.forms import PaperForm, PaperWithdrawForm
from boards.models import Paper
from boards.paper_files import CONTENT_TYPES
from boards.selectors.papers import paper_of
from boards.selectors.published import published_paper
from boards.services import papers as services
from boards.views._common import (
    board_of,
    form_page,
    item_of,
    meeting_of,
    meeting_url,
    published_board_meeting,
    published_reader,
)
from core.refusals import show_refusal
from core.tenancy import TenantRequest, tenant_view


@tenant_view()
def paper_upload(request: TenantRequest, board_id: int, meeting_id: int,
                 agenda_item_id: int) -> HttpResponse:
    board, _ = board_of(request, board_id, run=True)
    meeting = meeting_of(board, meeting_id)
    item = item_of(meeting, agenda_item_id)
    form = PaperForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            paper = services.paper_upload(tenant=request.tenant, actor=request.user, item=item,
                                          upload=form.cleaned_data["file"],
                                          title=form.cleaned_data["title"],
                                          is_exempt=form.cleaned_data["is_exempt"])
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Added the paper {paper.title} to item {item.number}.")
            return redirect(meeting_url(request, meeting))
    return form_page(request, form, board=board, meeting=meeting,
                     heading=f"Add a paper to item {item.number}", button="Upload the paper",
                     back_url=meeting_url(request, meeting), back_label="Back to the meeting",
                     intro=f"{item.title}. A PDF or a Word document (.docx).")


def _file_response(paper: Paper) -> FileResponse:
    try:
        handle = paper.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("The paper's file is missing.") from missing
    # PDFs open in the browser; Word documents download. Served as the type the bytes were
    # judged to be, never sniffed again by the browser.
    response = FileResponse(handle, as_attachment=paper.kind != "pdf",
                            filename=paper.download_name,
                            content_type=CONTENT_TYPES[paper.kind])
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@tenant_view()
@require_GET
def paper_download(request: TenantRequest, board_id: int, meeting_id: int,
                   paper_id: int) -> HttpResponseBase:
    """A paper for the board's members (and officers), exempt or not; a withdrawn one only for
    whoever runs the board (its record)."""
    board, access = board_of(request, board_id, read=True)
    paper = paper_of(meeting=meeting_of(board, meeting_id), paper_id=paper_id,
                     withdrawn=access.can_run)
    if paper is None:
        raise Http404("No such paper.")
    return _file_response(paper)


@tenant_view()
def paper_withdraw(request: TenantRequest, board_id: int, meeting_id: int,
                   paper_id: int) -> HttpResponse:
    """Withdraw a paper from the meeting's pack, with the reason (the chair, the clerk or an
    officer)."""
    board, _ = board_of(request, board_id, run=True)
    meeting = meeting_of(board, meeting_id)
    paper = paper_of(meeting=meeting, paper_id=paper_id, withdrawn=True)
    if paper is None:
        raise Http404("No such paper.")
    form = PaperWithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.paper_withdraw(tenant=request.tenant, actor=request.user, paper=paper,
                                    reason=form.cleaned_data["reason"])
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Withdrew the paper {paper.title} from the pack.")
            return redirect(meeting_url(request, meeting))
    return form_page(request, form, board=board, meeting=meeting,
                     heading=f"Withdraw the paper {paper.title}", button="Withdraw the paper",
                     back_url=meeting_url(request, meeting), back_label="Back to the meeting",
                     intro=f"Item {paper.item.number}: {paper.item.title}.")


def paper_published(request: HttpRequest, tenant_slug: str, board_id: int, meeting_id: int,
                    paper_id: int) -> HttpResponseBase:
    """A public paper of a public item, for those who may read the published minutes (no
    sign-in where the terms say public): only a paper the published view lists."""
    tenant, membership = published_reader(request, tenant_slug)
    with scope(tenant=tenant):
        _, meeting = published_board_meeting(board_id, meeting_id, membership)
        paper = published_paper(meeting=meeting, paper_id=paper_id)
        if paper is None:
            raise Http404("No such paper.")
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return _file_response(paper)
