"""A deployment's life after brokering (DESIGN §3 support: "deployments with objectives, days,
cost, termly reviews, impact review and quality assurance (value for money)").

proposed --agree--> agreed --termly review (any number)--> agreed --impact review--> ended
--quality assurance--> ended and assured.

- Officers (VISITS_RECORD) agree a deployment and review it. Each review records the days used
  *to date*: they never go down from one review to the next and never pass the days brokered
  (more days are a new deployment, brokered and costed again).
- The impact review ends the deployment, once.
- A senior officer (VISIT_NOTES_CHECK) quality-assures a finished deployment for value for
  money, once, and never the officer who brokered it: the check is independent.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.models import User
from core.audit import audit_record
from core.models import Tenant
from core.permissions import VISIT_NOTES_CHECK, VISITS_RECORD
from core.tenancy import ensure_same_tenant
from support.models import (
    Deployment,
    DeploymentReview,
    DeploymentStatus,
    Impact,
    Progress,
    QualityAssurance,
    ValueForMoney,
)
from support.permissions import require
from support.services.brokering import REFUSAL, decimal_in

QA_REFUSAL = "Only a senior officer quality-assures support."


def _locked(deployment: Deployment) -> Deployment:
    return Deployment.objects.select_for_update().get(pk=deployment.pk)


@transaction.atomic
def deployment_agree(*, tenant: Tenant, actor: User | None,
                     deployment: Deployment) -> Deployment:
    """The school, the supporter and the council have agreed the deployment: it may start."""
    require(tenant=tenant, actor=actor, permission=VISITS_RECORD, refusal=REFUSAL)
    ensure_same_tenant(tenant, deployment=deployment)
    deployment = _locked(deployment)
    if deployment.status != DeploymentStatus.PROPOSED:
        status = deployment.get_status_display().lower()
        raise ValidationError(f"This deployment is already {status}.")
    deployment.status = DeploymentStatus.AGREED
    deployment.save(update_fields=["status"])
    audit_record(tenant=tenant, actor=actor, action="support.deployment_agreed",
                 obj=deployment, summary=f"Deployment {deployment.pk} agreed")
    return deployment


def _days_to_date(deployment: Deployment, value: object) -> Decimal:
    days = decimal_in(value, "days_used", "0.1")
    if days < 0:
        raise ValidationError({"days_used": "The days used cannot be negative."})
    if days > deployment.days:
        raise ValidationError({"days_used": f"{deployment.days} days were brokered: the days "
                                            "used to date cannot be more. Broker a new "
                                            "deployment for more days."})
    last = deployment.reviews.order_by("-reviewed_on", "-pk").first()
    if last is not None and days < last.days_used:
        raise ValidationError({"days_used": f"The last review ({last.reviewed_on:%-d %B %Y}) "
                                            f"recorded {last.days_used} days used: the days "
                                            "to date cannot go down."})
    return days


def _review(*, tenant: Tenant, actor: User | None, deployment: Deployment, kind: str,
            reviewed_on: date, days_used: object, summary: str, progress: str = "",
            impact: str = "") -> DeploymentReview:
    reviewer = require(tenant=tenant, actor=actor, permission=VISITS_RECORD, refusal=REFUSAL)
    ensure_same_tenant(tenant, deployment=deployment)
    deployment = _locked(deployment)
    if deployment.status != DeploymentStatus.AGREED:
        raise ValidationError("Only an agreed deployment that has not ended is reviewed "
                              f"(this one is {deployment.get_status_display().lower()}).")
    if reviewed_on < deployment.starts_on:
        raise ValidationError({"reviewed_on": "The review cannot be before the deployment "
                                              f"starts ({deployment.starts_on:%-d %B %Y})."})
    if not summary.strip():
        raise ValidationError({"summary": "Say what the support has done and what changed."})
    review = DeploymentReview(
        tenant=tenant, deployment=deployment, kind=kind, reviewed_on=reviewed_on,
        progress=progress, impact=impact, days_used=_days_to_date(deployment, days_used),
        summary=summary.strip(), reviewed_by=reviewer)
    review.full_clean()
    review.save()
    return review


@transaction.atomic
def deployment_review(*, tenant: Tenant, actor: User | None, deployment: Deployment,
                      reviewed_on: date, progress: str, days_used: object,
                      summary: str) -> DeploymentReview:
    """A termly review: progress against the objectives and the days used to date."""
    if progress not in Progress.values:
        raise ValidationError({"progress": "Choose how the support is progressing."})
    review = _review(tenant=tenant, actor=actor, deployment=deployment,
                     kind=DeploymentReview.Kind.TERMLY, reviewed_on=reviewed_on,
                     days_used=days_used, summary=summary, progress=progress)
    audit_record(tenant=tenant, actor=actor, action="support.deployment_reviewed",
                 obj=deployment, summary=f"Deployment {deployment.pk}: "
                                         f"{review.get_progress_display()}, "
                                         f"{review.days_used} days used")
    return review


@transaction.atomic
def deployment_impact_review(*, tenant: Tenant, actor: User | None, deployment: Deployment,
                             reviewed_on: date, impact: str, days_used: object,
                             summary: str) -> DeploymentReview:
    """The impact review: what the support achieved against its objectives. It ends the
    deployment."""
    if impact not in Impact.values:
        raise ValidationError({"impact": "Choose what the support achieved."})
    review = _review(tenant=tenant, actor=actor, deployment=deployment,
                     kind=DeploymentReview.Kind.IMPACT, reviewed_on=reviewed_on,
                     days_used=days_used, summary=summary, impact=impact)
    Deployment.objects.filter(pk=deployment.pk).update(status=DeploymentStatus.ENDED)
    audit_record(tenant=tenant, actor=actor, action="support.deployment_ended",
                 obj=deployment, summary=f"Deployment {deployment.pk} ended: "
                                         f"{review.get_impact_display()}, "
                                         f"{review.days_used} days used")
    return review


@transaction.atomic
def deployment_quality_assure(*, tenant: Tenant, actor: User | None, deployment: Deployment,
                              value_for_money: str, comment: str,
                              on: date) -> QualityAssurance:
    """A senior officer's judgement of a finished deployment's value for money."""
    checker = require(tenant=tenant, actor=actor, permission=VISIT_NOTES_CHECK,
                      refusal=QA_REFUSAL)
    ensure_same_tenant(tenant, deployment=deployment)
    deployment = _locked(deployment)
    if checker.pk == deployment.officer_id or (
            actor is not None and actor.pk == deployment.created_by_id):
        raise PermissionDenied("You brokered this deployment: another senior officer "
                               "quality-assures it.")
    if deployment.status != DeploymentStatus.ENDED:
        raise ValidationError("A deployment is quality-assured after its impact review.")
    if QualityAssurance.objects.filter(deployment=deployment).exists():
        raise ValidationError("This deployment has already been quality-assured.")
    if value_for_money not in ValueForMoney.values:
        raise ValidationError({"value_for_money": "Choose the value for money."})
    if not comment.strip():
        raise ValidationError({"comment": "Say why, with the evidence you used."})
    assurance = QualityAssurance(tenant=tenant, deployment=deployment,
                                 value_for_money=value_for_money, comment=comment.strip(),
                                 checked_by=checker, checked_on=on)
    assurance.full_clean()
    assurance.save()
    audit_record(tenant=tenant, actor=actor, action="support.deployment_assured",
                 obj=deployment, summary=f"Deployment {deployment.pk}: "
                                         f"{assurance.get_value_for_money_display()}")
    return assurance
