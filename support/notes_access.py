"""Reading a school's released visit notes through a grant (issue 13 item 2): an officer gives
a named person (a chair of governors) one school's released notes until an end date, where the
tenant allows it. The grant is core.grants' (`notes_grants` is registered as a holder), so the
one answer to "may this person read this school's notes" is `core.grants.may`."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404

from core import grants
from core.grants import Grant
from core.models import Membership
from schools import selectors as register
from schools.models import School
from support.models import NotesGrant, SupportSettings, Visit
from support.permissions import school_for_visits

# One school's released visit notes, read through a grant.
SCHOOL_NOTES_READ = "support.school_notes_read"


def notes_grants(memberships: list[Membership], on: date) -> dict[int, list[Grant]]:
    """The schools whose released visit notes these people may read on the date: none in a
    tenant whose support settings do not allow it (turning the setting off ends every grant's
    effect at once). One query."""
    held: dict[int, list[Grant]] = {}
    if not memberships:
        return held
    allowed = SupportSettings.objects.filter(tenant=OuterRef("tenant"), chairs_see_notes=True)
    rows = (NotesGrant.objects.current(on)
            .filter(holder__in=[m.pk for m in memberships]).filter(Exists(allowed))
            .select_related("school__establishment").order_by("starts_on", "pk"))
    for row in rows:
        held.setdefault(row.holder_id, []).append(Grant(
            SCHOOL_NOTES_READ, row.school,
            f"{row.capacity} of {row.school.establishment.name}: its visit notes until "
            f"{row.ends_on:%-d %B %Y}", starts_on=row.starts_on, ends_on=row.ends_on))
    return held


def may_read_notes(membership: Membership, school: School) -> bool:
    return grants.may(membership, SCHOOL_NOTES_READ, school)


def school_for_notes(*, membership: Membership, urn: int) -> School:
    """The school whose released notes this member may read: officers any, the headteacher
    their own, a grant holder theirs while it holds (404 not in this register, 403 else)."""
    try:
        return school_for_visits(membership=membership, urn=urn)
    except PermissionDenied:
        school = register.school_for_urn(urn=urn)
        if school is not None and may_read_notes(membership, school):
            return school
        raise


def visit_by_grant(*, membership: Membership, visit_id: int) -> Visit:
    """A visit whose released note this member may read through a grant (404 no such visit in
    this tenant, 403 no grant for its school)."""
    visit = (Visit.objects.filter(pk=visit_id)
             .select_related("school__establishment", "focus", "officer__user").first())
    if visit is None:
        raise Http404("No such visit.")
    if may_read_notes(membership, visit.school):
        return visit
    raise PermissionDenied("You can only see your own school's visits.")
