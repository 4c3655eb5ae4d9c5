"""Changing what peer review recorded: a review's dates (its reviewers' access follows the new
end date, since `support.peer_review_access` reads it), a theme retired (kept on the reviews
that used it, no longer offered), and a training record corrected. Officers only, audited with
what changed; a change that would leave a team breaking a rule of `support.peer_review` is
refused with the rule's reason, naming the field."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.audit import audit_record
from core.models import Tenant
from core.tenancy import ensure_same_tenant
from support.models.peer_review import (
    PeerReview,
    PeerReviewer,
    PeerReviewTheme,
    PeerReviewTraining,
)
from support.peer_review import refusal_of
from support.selectors import peer_review as selectors
from support.services.peer_review import _officer, _within_cycle


def _team_refusal(tenant: Tenant, review: PeerReview, on: date,
                  person_id: int | None = None) -> str | None:
    """The first rule a member of the review's team (or only `person_id`) breaks for a review
    starting `on`."""
    team = PeerReviewer.objects.filter(review=review).select_related("person__user")
    if person_id is not None:
        team = team.filter(person_id=person_id)
    people = [place.person for place in team]
    if not people:
        return None
    school = selectors.reviewed_schools(tenant=tenant, schools=[review.school],
                                        on=on)[review.school_id]
    for reviewer in selectors.reviewers(tenant=tenant, people=people, on=on):
        refusal = refusal_of(reviewer, school, on)
        if refusal is not None:
            return refusal.reason
    return None


@transaction.atomic
def review_dates_change(*, tenant: Tenant, actor: User | None, review: PeerReview,
                        starts_on: date, ends_on: date) -> PeerReview:
    """Move a review's dates within its cycle. Its team's access ends the day after the new
    end date; a start that a reviewer's training does not precede is refused."""
    _officer(tenant, actor)
    ensure_same_tenant(tenant, review=review)
    review = (PeerReview.objects.select_for_update().select_related("cycle", "school")
              .get(pk=review.pk))
    _within_cycle(review.cycle, starts_on, ends_on)
    if (starts_on, ends_on) == (review.starts_on, review.ends_on):
        raise ValidationError("Nothing changed.")
    if review.workshop_on is not None and review.workshop_on < starts_on:
        raise ValidationError({"starts_on": "The improvement workshop was on "
                                            f"{review.workshop_on:%-d %B %Y}: the review "
                                            "starts before it."})
    refusal = _team_refusal(tenant, review, starts_on)
    if refusal is not None:
        raise ValidationError({"starts_on": refusal})
    before = {"starts_on": str(review.starts_on), "ends_on": str(review.ends_on)}
    review.starts_on, review.ends_on = starts_on, ends_on
    review.full_clean()
    review.save(update_fields=["starts_on", "ends_on"])
    audit_record(tenant=tenant, actor=actor, action="support.peer_review_dates_changed",
                 obj=review, summary=f"Peer review of school {review.school_id}: "
                                     f"{starts_on:%-d %B %Y} to {ends_on:%-d %B %Y}",
                 changes={name: [before[name], str(getattr(review, name))] for name in before
                          if before[name] != str(getattr(review, name))})
    return review


@transaction.atomic
def theme_retire(*, tenant: Tenant, actor: User | None,
                 theme: PeerReviewTheme) -> PeerReviewTheme:
    """Stop offering a theme: the outcomes recorded under it stay on their reviews and in the
    trends; adding the theme again brings it back."""
    _officer(tenant, actor)
    ensure_same_tenant(tenant, theme=theme)
    theme = PeerReviewTheme.objects.select_for_update().get(pk=theme.pk)
    if theme.retired:
        raise ValidationError({"theme": f"{theme.name} is already retired."})
    theme.retired = True
    theme.save(update_fields=["retired"])
    audit_record(tenant=tenant, actor=actor, action="support.peer_review_theme_retired",
                 obj=theme, summary=f"Peer review theme {theme.name} retired")
    return theme


@transaction.atomic
def training_edit(*, tenant: Tenant, actor: User | None, record: PeerReviewTraining,
                  trained_on: date, trained_by: str) -> PeerReviewTraining:
    """Correct a training record's date or trainer; refused when the new date would leave
    the person on a team they were not yet trained for."""
    _officer(tenant, actor)
    ensure_same_tenant(tenant, record=record)
    record = (PeerReviewTraining.objects.select_for_update().select_related("person__user")
              .get(pk=record.pk))
    if not trained_by.strip():
        raise ValidationError({"trained_by": "Say who gave the training."})
    if trained_on > timezone.localdate():
        raise ValidationError({"trained_on": "Record training once it has taken place."})
    if (PeerReviewTraining.objects.filter(person=record.person, trained_on=trained_on)
            .exclude(pk=record.pk).exists()):
        raise ValidationError({"trained_on": f"{record.person.user}'s training on "
                                             f"{trained_on:%-d %B %Y} is already recorded."})
    if (trained_on, trained_by.strip()) == (record.trained_on, record.trained_by):
        raise ValidationError("Nothing changed.")
    before = {"trained_on": str(record.trained_on), "trained_by": record.trained_by}
    record.trained_on, record.trained_by = trained_on, trained_by.strip()
    record.full_clean()
    record.save(update_fields=["trained_on", "trained_by"])
    # The teams they are on must still hold with the corrected date (read back from the rows).
    for place in (PeerReviewer.objects.filter(person=record.person)
                  .select_related("review__school")):
        refusal = _team_refusal(tenant, place.review, place.review.starts_on,
                                person_id=record.person_id)
        if refusal is not None:
            raise ValidationError({"trained_on": refusal})
    audit_record(tenant=tenant, actor=actor, action="support.peer_review_training_edited",
                 obj=record, summary=f"{record.person.user}'s peer review training corrected",
                 changes={name: [before[name], str(getattr(record, name))] for name in before
                          if before[name] != str(getattr(record, name))})
    return record
