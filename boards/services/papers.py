"""Papers: whoever runs the board (its chair, its clerk, an officer) uploads a paper to an
agenda item. The bytes decide what it is (`boards.paper_files`): a PDF or a .docx, within the
size cap; a macro-enabled file or anything else is refused, naming `file`, and nothing is
stored. An exempt item's papers are exempt whatever the form says. A paper is withdrawn from
the pack with the reason, never deleted."""

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from boards.models import AgendaItem, Minutes, Paper
from boards.paper_files import paper_kind
from boards.services._common import check, save
from core.audit import audit_record
from core.models import Tenant


def _read(upload: UploadedFile, max_bytes: int) -> bytes:
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError({"file": f"The file is {upload.size / 1_048_576:.1f} MB; papers "
                                       f"may be at most {max_bytes / 1_048_576:.0f} MB."})
    upload.seek(0)
    # One byte more than the cap, so a file that lied about its size is still caught.
    return upload.read(max_bytes + 1)


@transaction.atomic
def paper_upload(*, tenant: Tenant, actor: User | None, item: AgendaItem, upload: UploadedFile,
                 title: str = "", is_exempt: bool = False) -> Paper:
    """Add a paper to an item. Refused, naming the field: a file that is not really a PDF or a
    .docx, a macro-enabled one, one over BOARD_PAPER_MAX_BYTES, a title the item already has;
    an item of a cancelled meeting or of approved minutes."""
    meeting = item.meeting
    check(tenant=tenant, actor=actor, board=meeting.board, run=True, item=item)
    if meeting.is_cancelled:
        raise ValidationError({"file": "That meeting was cancelled."})
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is not None and minutes.is_locked:
        raise ValidationError({"file": "The meeting's minutes are approved: its papers are "
                                       "part of the record and cannot change."})
    max_bytes = settings.BOARD_PAPER_MAX_BYTES
    data = _read(upload, max_bytes)
    kind = paper_kind(data, max_bytes=max_bytes)
    original = PurePath(upload.name or "").name[:255]
    title = (title.strip() or PurePath(original).stem or "Paper")[:200]
    if Paper.objects.filter(item=item, title__iexact=title, withdrawn_at__isnull=True).exists():
        raise ValidationError({"title": f"Item {item.number} already has a paper called "
                                        f"{title}."})
    paper = Paper(tenant=tenant, item=item, title=title, original_name=original, kind=kind,
                  size=len(data), is_exempt=is_exempt or item.is_exempt, uploaded_by=actor)
    paper.file.save("paper", ContentFile(data), save=False)
    # The file is written before the row; if the row fails, remove the file with it.
    try:
        save(paper)
    except ValidationError:
        paper.file.delete(save=False)
        raise
    audit_record(tenant=tenant, actor=actor, action="board.paper_upload", obj=paper,
                 summary=f"{meeting}: a paper for item {item.number}",
                 changes={"kind": kind, "size": len(data), "is_exempt": paper.is_exempt})
    return paper


@transaction.atomic
def paper_withdraw(*, tenant: Tenant, actor: User | None, paper: Paper, reason: str) -> Paper:
    """Withdraw a paper from the meeting's pack, with the reason: it leaves the members' pack
    (HTML and PDF), the published view and the late-papers notice; the row, its file and the
    reason stay, for the chair and clerk. Refused, naming the field: no reason, a paper already
    withdrawn, a paper of approved minutes (part of the record)."""
    meeting = paper.item.meeting
    check(tenant=tenant, actor=actor, board=meeting.board, run=True, paper=paper)
    Paper.objects.select_for_update().filter(pk=paper.pk).first()
    paper.refresh_from_db()
    if paper.is_withdrawn:
        raise ValidationError({"reason": "That paper is already withdrawn."})
    if not reason.strip():
        raise ValidationError({"reason": "Say why the paper is withdrawn."})
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is not None and minutes.is_locked:
        raise ValidationError({"reason": "The meeting's minutes are approved: its papers are "
                                         "part of the record and cannot change."})
    paper.withdrawn_at, paper.withdrawn_by = timezone.now(), actor
    paper.withdrawal_reason = reason.strip()
    save(paper)
    # The summary names the item, never the paper: an exempt paper's title is not the audit
    # log's to show.
    audit_record(tenant=tenant, actor=actor, action="board.paper_withdraw", obj=paper,
                 summary=f"{meeting}: a paper of item {paper.item.number} withdrawn",
                 changes={"reason": paper.withdrawal_reason, "is_exempt": paper.is_exempt})
    return paper
