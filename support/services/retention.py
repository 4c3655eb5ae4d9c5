"""Retention of visit notes that name staff (issue 13 item 2): the officer flags a note that
names members of staff; once the tenant's retention period (months, from the visit's date)
has passed, its text is redacted, with an audit record saying which note and why. Its red,
amber and green ratings are kept (they name nobody and the dashboard counts them)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.audit import audit_record
from core.models import Tenant
from core.years import add_months
from support.models import VisitNote
from support.permissions import require_recorder
from support.services.settings import support_settings

REDACTED = "[Redacted: the note named staff and its retention period has passed.]"


@transaction.atomic
def note_names_staff_set(*, tenant: Tenant, actor: User | None, note: VisitNote,
                         names_staff: bool) -> VisitNote:
    """The officer says whether the note names members of staff (then it follows the
    tenant's retention period). A redacted note stays redacted."""
    require_recorder(tenant=tenant, actor=actor, school=note.visit.school)
    note = VisitNote.objects.select_for_update().select_related("visit").get(pk=note.pk)
    before = note.names_staff
    note.names_staff = bool(names_staff)
    note.save(update_fields=["names_staff", "updated_at"])
    audit_record(tenant=tenant, actor=actor, action="support.note_names_staff", obj=note,
                 summary=(f"{note.visit}: the note "
                          f"{'names' if note.names_staff else 'does not name'} staff")[:300],
                 changes={"names_staff": [str(before), str(note.names_staff)]})
    return note


def kept_until(note: VisitNote, months: int) -> date:
    """The first day a note naming staff is no longer kept: `months` after its visit."""
    visit = note.visit
    return add_months(visit.done_on or visit.planned_on, months)


@transaction.atomic
def notes_retention_apply(*, tenant: Tenant, today: date | None = None) -> list[VisitNote]:
    """Redact every note of the tenant that names staff and whose retention period has ended
    by `today`: its commentary, summary, the school's answers and the comments on it are
    removed, one audit record per note saying what and why. Running it twice changes nothing
    more (a redacted note is skipped). Call inside the tenant's scope."""
    today = today or timezone.localdate()
    months = support_settings(tenant=tenant).staff_notes_retention_months
    due = [note for note in (VisitNote.objects.filter(names_staff=True, redacted_at__isnull=True)
                             .select_related("visit__school__establishment")
                             .select_for_update(of=("self",)).order_by("pk"))
           if kept_until(note, months) <= today]
    for note in due:
        until = kept_until(note, months)
        note.commentary = {key: REDACTED for key in (note.commentary or {})}
        note.summary = REDACTED
        note.school_answers = {key: REDACTED for key in (note.school_answers or {})}
        note.response_comment = REDACTED if note.response_comment else ""
        note.check_comment = REDACTED if note.check_comment else ""
        note.redacted_at = timezone.now()
        note.redaction_reason = (f"Named staff; kept {months} months from the visit, until "
                                 f"{until:%-d %B %Y}.")
        note.save()
        audit_record(tenant=tenant, actor=None, action="support.note_redacted", obj=note,
                     summary=f"Redacted the note of {note.visit} at "
                             f"{note.visit.school.establishment.name}: it named staff and "
                             f"the retention period of {months} months ended on "
                             f"{until:%-d %B %Y}"[:300],
                     changes={"redacted": ["commentary", "summary", "school_answers",
                                           "response_comment", "check_comment"]})
    return due
