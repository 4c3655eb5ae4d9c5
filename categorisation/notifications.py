"""Categorisation's part of "waiting for you" and the weekly digest (core.notifications)."""

from datetime import datetime

from django.urls import reverse

from categorisation.models import CategoryProposal, DataImport, ModerationCase, SchoolCategory
from categorisation.selectors.judgements import (
    judgement_disagreements,
    judgement_kinds_offered,
    judgements_proposed,
)
from categorisation.workflow import RESPONDABLE
from core.notifications import DigestLine, Source, Waiting
from core.permissions import (
    CATEGORIES_DECIDE,
    CATEGORIES_MODERATE,
    IMPORTS_RUN,
    OWN_CATEGORY_RESPOND,
)
from schools.selectors import school_of

DECIDED = (SchoolCategory.Status.CONFIRMED, SchoolCategory.Status.OVERRIDDEN,
           SchoolCategory.Status.CHOSEN, SchoolCategory.Status.MODERATED)


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _waiting(membership, permissions) -> list[Waiting]:
    slug, items = membership.tenant.slug, []
    if CATEGORIES_DECIDE in permissions:
        count = CategoryProposal.objects.filter(status=CategoryProposal.Status.OPEN).count()
        if count:
            items.append(Waiting(f"{_plural(count, 'proposed category', 'proposed categories')} "
                                 "to confirm or override",
                                 reverse("categorisation:category-proposal-list",
                                         args=[slug]), count))
    if CATEGORIES_MODERATE in permissions:
        # Category disagreements are cases; capacity-level disagreements are the newest step
        # of their judgement (categorisation.judgements): the same queue page moderates both.
        count = (ModerationCase.objects.filter(status=ModerationCase.Status.OPEN).count()
                 + judgement_disagreements(tenant=membership.tenant).count())
        if count:
            items.append(Waiting(f"{_plural(count, 'disagreement', 'disagreements')} to moderate",
                                 reverse("categorisation:category-moderation-list",
                                         args=[slug]), count))
    if IMPORTS_RUN in permissions:
        ready = (DataImport.objects.filter(status=DataImport.Status.PREVIEWED)
                 .only("pk", "tenant", "kind", "original_name").order_by("-pk"))
        items += [Waiting(f"The {data_import.get_kind_display().split(' (')[0]} import "
                          f"{data_import.original_name} is checked and ready to apply",
                          reverse("categorisation:data-import-detail",
                                  args=[slug, data_import.pk]))
                  for data_import in ready[:5]]
    school = school_of(membership) if OWN_CATEGORY_RESPOND in permissions else None
    if school is not None:
        url = reverse("categorisation:school-category", args=[slug, school.urn])
        if SchoolCategory.objects.filter(school=school, is_current=True,
                                         status__in=RESPONDABLE).exists():
            items.append(Waiting(f"{school}'s category is waiting for your response", url))
        kinds = {kind.key: kind for kind in judgement_kinds_offered(tenant=membership.tenant)}
        for step in judgements_proposed(tenant=membership.tenant, school=school):
            kind = kinds.get(step.key)
            if kind is not None:
                items.append(Waiting(f"{school}'s {kind.noun} is proposed: agree, or disagree "
                                     "and say why", url))
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
