"""Reads of the structure: levels, partnerships, their members and roles, a school's
partnerships."""

from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from partnerships.models import (
    Partnership,
    PartnershipLevel,
    PartnershipMembership,
    PartnershipRole,
)
from schools.models import School


def partnership_level_list() -> QuerySet[PartnershipLevel]:
    return PartnershipLevel.objects.select_related("parent_level").order_by("rank", "name")


def partnership_list(
    *, level: PartnershipLevel | None = None, on: date | None = None
) -> QuerySet[Partnership]:
    """Partnerships with their level, parent and number of current member schools."""
    on = on or timezone.localdate()
    current = Q(memberships__start_date__lte=on) & (
        Q(memberships__end_date__isnull=True) | Q(memberships__end_date__gt=on)
    )
    partnerships = Partnership.objects.select_related(
        "level", "parent", "lead_school__establishment"
    )
    if level is not None:
        partnerships = partnerships.filter(level=level)
    return partnerships.annotate(
        member_count=Count("memberships", filter=current)
    ).order_by("level__rank", "name")


def partnership_members(
    *, partnership: Partnership, on: date | None = None, include_past: bool = False
) -> QuerySet[PartnershipMembership]:
    """The member schools on a date, or with `include_past` every membership ever (history)."""
    memberships = PartnershipMembership.objects.filter(partnership=partnership).select_related(
        "school__establishment"
    )
    if not include_past:
        memberships = memberships.current(on or timezone.localdate())
    return memberships.order_by("school__establishment__name", "-start_date")


def partnership_roles(
    *, partnership: Partnership, on: date | None = None
) -> QuerySet[PartnershipRole]:
    return (PartnershipRole.objects.filter(partnership=partnership)
            .current(on or timezone.localdate())
            .select_related("person__user", "school__establishment").order_by("kind"))


def school_partnerships(
    *, school: School, on: date | None = None
) -> QuerySet[PartnershipMembership]:
    """The partnerships a school is in on a date, broadest level last."""
    return (PartnershipMembership.objects.filter(school=school)
            .current(on or timezone.localdate())
            .select_related("partnership", "level").order_by("level__rank"))
