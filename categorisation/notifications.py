"""Categorisation's part of "waiting for you" and the weekly digest (core.notifications)."""

from datetime import datetime

from django.urls import reverse

from categorisation.models import CategoryProposal, ModerationCase, SchoolCategory
from categorisation.workflow import RESPONDABLE
from core.notifications import DigestLine, Source, Waiting
from core.permissions import CATEGORIES_DECIDE, CATEGORIES_MODERATE, OWN_CATEGORY_RESPOND
from schools.selectors import school_of

DECIDED = (SchoolCategory.Status.CONFIRMED, SchoolCategory.Status.OVERRIDDEN,
           SchoolCategory.Status.CHOSEN, SchoolCategory.Status.MODERATED)


def _waiting(membership, permissions) -> list[Waiting]:
    slug, items = membership.tenant.slug, []
    if CATEGORIES_DECIDE in permissions:
        count = CategoryProposal.objects.filter(status=CategoryProposal.Status.OPEN).count()
        if count:
            items.append(Waiting(f"{count} proposed categor{'y' if count == 1 else 'ies'} to "
                                 "confirm or override",
                                 reverse("categorisation:category-proposal-list",
                                         args=[slug]), count))
    if CATEGORIES_MODERATE in permissions:
        count = ModerationCase.objects.filter(status=ModerationCase.Status.OPEN).count()
        if count:
            items.append(Waiting(f"{count} disagreement{'s' if count != 1 else ''} to moderate",
                                 reverse("categorisation:category-moderation-list",
                                         args=[slug]), count))
    school = school_of(membership) if OWN_CATEGORY_RESPOND in permissions else None
    if school is not None and SchoolCategory.objects.filter(
            school=school, is_current=True, status__in=RESPONDABLE).exists():
        items.append(Waiting(f"{school}'s category is waiting for your response",
                             reverse("categorisation:school-category", args=[slug, school.urn])))
    return items


def _digest(membership, permissions, since: datetime) -> list[DigestLine]:
    slug, lines = membership.tenant.slug, []
    if CATEGORIES_DECIDE in permissions:
        count = CategoryProposal.objects.filter(created_at__gte=since).count()
        if count:
            lines.append(DigestLine(f"{count} new proposed categor"
                                    f"{'y' if count == 1 else 'ies'} from new data",
                                    reverse("categorisation:category-proposal-list", args=[slug])))
    school = school_of(membership) if OWN_CATEGORY_RESPOND in permissions else None
    if school is not None:
        for step in (SchoolCategory.objects.filter(school=school, decided_at__gte=since,
                                                   status__in=DECIDED)
                     .select_related("category").order_by("decided_at")):
            lines.append(DigestLine(
                f"{school}: category {step.category.code} {step.category.label} "
                f"({step.get_status_display().lower()})",
                reverse("categorisation:school-category", args=[slug, school.urn])))
    return lines


SOURCE = Source(key="categorisation", waiting=_waiting, digest=_digest)
