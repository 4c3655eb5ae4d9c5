"""Reads of RISE cases: every case for the officers' list (a fixed number of queries, whatever
the rows), one case with its history and reviews, and a school's open case (the panel beside
its category)."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from schools.models import School
from support.models import RiseCase, RiseCaseChange, RiseReview


def rise_cases() -> QuerySet[RiseCase]:
    """Every case of the tenant in scope, open ones first, newest first, each with its number
    of reviews."""
    return (RiseCase.objects.select_related("school__establishment")
            .annotate(review_count=Count("reviews"))
            .order_by("closed_on", "-opened_on", "-pk"))


def open_case_of(school: School) -> RiseCase | None:
    return (RiseCase.objects.filter(school=school, closed_on__isnull=True)
            .select_related("school__establishment").first())


def history_of(case: RiseCase) -> list[RiseCaseChange]:
    return list(case.changes.select_related("changed_by__user"))


def reviews_of(case: RiseCase) -> list[RiseReview]:
    return list(case.reviews.select_related("reviewed_by__user"))
