"""Reads of deployments for their list (a fixed number of queries, whatever the rows) and for
one deployment's page (its reviews and quality assurance)."""

from __future__ import annotations

from datetime import date

from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from categorisation.published import CategoryInForce, categories_in_force
from core.models import Tenant
from support.models import Deployment, DeploymentReview, Impact


def deployments() -> QuerySet[Deployment]:
    """Every deployment of the tenant in scope, newest first, each with the days used to date
    (its latest review's; 0 before any) and, once ended, its impact."""
    latest = DeploymentReview.objects.filter(deployment=OuterRef("pk")).order_by(
        "-reviewed_on", "-pk")
    impact = DeploymentReview.objects.filter(deployment=OuterRef("pk"),
                                             kind=DeploymentReview.Kind.IMPACT)
    return (Deployment.objects
            .select_related("school__establishment", "supporter__user",
                            "supporter_school__establishment", "commitment",
                            "quality_assurance")
            .annotate(days_used=Coalesce(Subquery(latest.values("days_used")[:1]),
                                         Value(0), output_field=DecimalField()),
                      impact=Subquery(impact.values("impact")[:1]))
            .order_by("-starts_on", "-pk"))


def deployment_rows() -> list[Deployment]:
    """`deployments()` as a list, each with `impact_label` for the page and the download."""
    rows = list(deployments())
    for row in rows:
        row.impact_label = Impact(row.impact).label if row.impact else ""
    return rows


def deployment_row(deployment_id: int) -> Deployment:
    """One deployment of the tenant in scope as the list reads it (days used, impact), with its
    reviews as `reviews_list`; 404 when there is none."""
    row = deployments().filter(pk=deployment_id).first()
    if row is None:
        raise Http404("No such deployment.")
    row.reviews_list = reviews_of(row)
    return row


def reviews_of(deployment: Deployment) -> list[DeploymentReview]:
    return list(deployment.reviews.select_related("reviewed_by__user"))


def categories_before_and_now(*, tenant: Tenant, deployment: Deployment, today: date
                              ) -> tuple[CategoryInForce | None, CategoryInForce | None]:
    """The school's category in force when the support began and today: the impact review
    reads the school's data before and after (None: no category decided then)."""
    school = [deployment.school_id]
    before = categories_in_force(tenant=tenant, schools=school,
                                 on=deployment.starts_on)
    now = categories_in_force(tenant=tenant, schools=school, on=today)
    return before.get(deployment.school_id), now.get(deployment.school_id)
