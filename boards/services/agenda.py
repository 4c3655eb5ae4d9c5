"""Publishing a meeting's agenda (issue 12 items 3 and 4): the clerk sends the pack. From then
the published view shows the agenda before the meeting — public items and public papers only;
an exempt item as its number and Schedule 12A paragraph — and every member and substitute
holding a seat is e-mailed a link to their own pack (which has the exempt items). Papers are
due a number of clear working days before the meeting (the board's terms; councils use five):
publishing later is allowed, and the clerk is told it is late."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from boards.models import AgendaItem, Meeting
from boards.selectors.interests import current_holders
from boards.services._common import check, save
from core.audit import audit_record
from core.models import Tenant
from core.notifications import absolute
from core.years import working_days_before


@dataclass(frozen=True)
class AgendaPublished:
    meeting: Meeting
    papers_due: date
    late: bool  # published after the papers were due
    sent_to: int  # members and substitutes e-mailed


@transaction.atomic
def agenda_publish(*, tenant: Tenant, actor: User | None, meeting: Meeting) -> AgendaPublished:
    """Publish the agenda and send the pack. Refused: a cancelled meeting, one that has taken
    place, an agenda with no items, an agenda already published."""
    check(tenant=tenant, actor=actor, board=meeting.board, run=True, meeting=meeting)
    meeting = Meeting.objects.select_for_update().select_related("board").get(pk=meeting.pk)
    if meeting.is_cancelled:
        raise ValidationError({"meeting": "That meeting was cancelled: it has no agenda to "
                                          "publish."})
    if meeting.status == Meeting.Status.HELD or meeting.starts_at <= timezone.now():
        raise ValidationError({"meeting": "That meeting has taken place: publish its minutes "
                                          "instead."})
    if meeting.agenda_published_at is not None:
        published = timezone.localtime(meeting.agenda_published_at)
        raise ValidationError({"meeting": f"The agenda was published on {published:%-d %B %Y}."})
    if not AgendaItem.objects.filter(meeting=meeting).exists():
        raise ValidationError({"meeting": "The agenda has no items yet: add them first."})
    meeting.agenda_published_at = timezone.now()
    save(meeting)
    starts = timezone.localtime(meeting.starts_at)
    due = working_days_before(starts.date(), meeting.board.papers_notice_days)
    late = timezone.localdate() > due
    audit_record(tenant=tenant, actor=actor, action="board.agenda_publish", obj=meeting,
                 summary=f"Published the agenda of {meeting}" + (" (late)" if late else ""))
    emails = sorted({holder.user.email for holder, _ in
                     current_holders(board=meeting.board, on=starts.date())
                     if holder.is_active and holder.user.is_active})
    pack = absolute(reverse("boards:meeting-pack", args=[tenant.slug, meeting.board_id,
                                                         meeting.pk]))
    subject = f"{meeting.board.name}: the pack for {starts:%-d %B %Y}"
    body = (f"The agenda and papers for the {meeting.board.name} meeting on "
            f"{starts:%A %-d %B %Y at %H:%M} ({meeting.location or 'online'}) are published.\n\n"
            f"Your pack, with every item: {pack}\n\n"
            "Please tell the clerk whether you will attend, or send your substitute.")
    if emails:
        transaction.on_commit(lambda: [send_mail(subject=subject, message=body, from_email=None,
                                                 recipient_list=[email], fail_silently=True)
                                       for email in emails])
    return AgendaPublished(meeting=meeting, papers_due=due, late=late, sent_to=len(emails))
