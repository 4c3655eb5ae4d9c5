"""Support's part of "waiting for you" and the weekly digest (core.notifications).

A headteacher hears, in each digest, of exactly the notes of their school released since the
last one (each with its link) and is asked to complete or answer notes waiting for them; a
senior officer is asked to check notes waiting for a check; an officer is told of re-plan
notices on their caseload.

Support plans (core.actions' reminders): whoever owns a plan action (an officer, a headteacher,
a system leader) is asked to act on it when it is overdue or due within the week; a link
adviser hears in the digest of the plan actions of their caseload's schools that fell overdue
since the last one, whoever owns them."""

from datetime import datetime

from django.urls import reverse
from django.utils import timezone

from core.actions import due_sentence, owner_label
from core.notifications import DigestLine, Source, Waiting
from core.permissions import OWN_VISITS_RESPOND, VISIT_NOTES_CHECK, VISITS_RECORD
from schools.selectors import school_of
from support.models import NoteStatus, ReplanNotice, SupportPlanAction, VisitNote
from support.selectors.plans import caseload_fell_overdue, owned_due


def _visit_url(slug: str, note: VisitNote) -> str:
    return reverse("support:visit-detail", args=[slug, note.visit_id])


def _action_url(slug: str, action: SupportPlanAction) -> str:
    return reverse("support:plan-action-detail", args=[slug, action.pk])


def _plan_actions(membership) -> list[Waiting]:
    today, slug = timezone.localdate(), membership.tenant.slug
    return [Waiting(f"{due_sentence(action, today)} (support plan of {action.school})",
                    _action_url(slug, action))
            for action in owned_due(membership=membership, today=today)]


def _waiting(membership, permissions) -> list[Waiting]:
    slug, items = membership.tenant.slug, _plan_actions(membership)
    if VISIT_NOTES_CHECK in permissions:
        count = VisitNote.objects.filter(status=NoteStatus.AWAITING_CHECK).count()
        if count:
            items.append(Waiting(f"{count} visit note{'s' if count != 1 else ''} to check "
                                 "before release", reverse("support:note-check-list",
                                                           args=[slug]), count))
    if VISITS_RECORD in permissions:
        count = ReplanNotice.objects.filter(dismissed_at__isnull=True,
                                            school__link_adviser=membership).count()
        if count:
            items.append(Waiting(f"{count} school{'s' if count != 1 else ''} on your caseload "
                                 "had visits re-planned after a category change",
                                 reverse("support:caseload", args=[slug]), count))
    school = school_of(membership) if OWN_VISITS_RESPOND in permissions else None
    if school is not None:
        count = VisitNote.objects.filter(visit__school=school, status=NoteStatus.RELEASED,
                                         response="").count()
        if count:
            items.append(Waiting(f"{count} visit note{'s' if count != 1 else ''} of {school} "
                                 "to mark accurate or inaccurate",
                                 reverse("support:school-visits", args=[slug, school.urn]),
                                 count))
    return items


def _overdue(membership, since: datetime) -> list[DigestLine]:
    slug = membership.tenant.slug
    return [DigestLine(f"Support plan of {action.school}: {action} ({owner_label(action)}) "
                       f"was due {action.due_date:%-d %B %Y} and is not done",
                       _action_url(slug, action))
            for action in caseload_fell_overdue(membership=membership,
                                                since=timezone.localdate(since),
                                                today=timezone.localdate())]


def _digest(membership, permissions, since: datetime) -> list[DigestLine]:
    lines = _overdue(membership, since) if VISITS_RECORD in permissions else []
    school = school_of(membership) if OWN_VISITS_RESPOND in permissions else None
    if school is None:
        return lines
    slug = membership.tenant.slug
    notes = (VisitNote.objects.filter(visit__school=school, status=NoteStatus.RELEASED,
                                      released_at__gte=since)
             .select_related("visit").order_by("released_at", "pk"))
    return lines + [DigestLine(f"{school}: new visit note, "
                               f"{note.structure.get('name', 'visit')} of "
                               f"{note.visit.planned_on.day} {note.visit.planned_on:%B %Y}",
                               _visit_url(slug, note)) for note in notes]


SOURCE = Source(key="support", waiting=_waiting, digest=_digest)
