"""Peer review's writes (issue 13 item 6). Officers set cycles up (school by school, or for
every school of a cluster in one step, teams proposed from the trained heads), record who was
trained, keep the theme list and assign teams; the team (while the review lasts) and officers
record the workshop and the outcomes by theme. Every reviewer placed on a team passes the
rules of `support.peer_review` first (trained, a head, never their own school or trust)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.audit import audit_record
from core.models import Membership, Tenant
from core.permissions import VISITS_RECORD
from core.tenancy import ensure_same_tenant
from core.years import AcademicYear
from partnerships.published import partnerships_on
from schools.models import School
from support.models.peer_review import (
    Judgement,
    PeerReview,
    PeerReviewCycle,
    PeerReviewer,
    PeerReviewOutcome,
    PeerReviewTheme,
    PeerReviewTraining,
)
from support.peer_review import propose_teams, refusal_of
from support.peer_review_access import review_access
from support.permissions import actor_membership, require
from support.selectors import peer_review as selectors

DEFAULT_THEMES = ("Leadership", "Curriculum", "Teaching and learning",
                  "Behaviour and attitudes", "Personal development", "Outcomes")
MAX_TEAM = 6


def _officer(tenant: Tenant, actor: User | None) -> Membership:
    return require(tenant=tenant, actor=actor, permission=VISITS_RECORD,
                   refusal="Only officers set up peer review.")


def themes_ensure(*, tenant: Tenant) -> list[PeerReviewTheme]:
    """The tenant's themes; the default list the first time (not audited: a starting point,
    like the note templates)."""
    if not PeerReviewTheme.objects.filter(tenant=tenant).exists():
        PeerReviewTheme.objects.bulk_create([
            PeerReviewTheme(tenant=tenant, name=name, position=n)
            for n, name in enumerate(DEFAULT_THEMES)])
    return list(selectors.themes(tenant=tenant))


@transaction.atomic
def theme_add(*, tenant: Tenant, actor: User | None, name: str) -> PeerReviewTheme:
    _officer(tenant, actor)
    themes_ensure(tenant=tenant)
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "Enter the theme's name."})
    existing = PeerReviewTheme.objects.filter(tenant=tenant, name__iexact=name).first()
    if existing is not None and not existing.retired:
        raise ValidationError({"name": f"{existing.name} is already a theme."})
    if existing is not None:
        existing.retired = False
        existing.save(update_fields=["retired"])
        theme = existing
    else:
        last = PeerReviewTheme.objects.filter(tenant=tenant).order_by("-position").first()
        theme = PeerReviewTheme(tenant=tenant, name=name,
                                position=(last.position + 1) if last else 0)
        theme.full_clean()
        theme.save()
    audit_record(tenant=tenant, actor=actor, action="support.peer_review_theme_added",
                 obj=theme, summary=f"Peer review theme {theme.name}")
    return theme


@transaction.atomic
def training_record(*, tenant: Tenant, actor: User | None, person: Membership,
                    trained_on: date, trained_by: str) -> PeerReviewTraining:
    """Record that `person` was trained as a peer reviewer on `trained_on` by `trained_by`."""
    _officer(tenant, actor)
    ensure_same_tenant(tenant, person=person)
    if not trained_by.strip():
        raise ValidationError({"trained_by": "Say who gave the training."})
    if trained_on > timezone.localdate():
        raise ValidationError({"trained_on": "Record training once it has taken place."})
    if PeerReviewTraining.objects.filter(person=person, trained_on=trained_on).exists():
        raise ValidationError({"trained_on": f"{person.user}'s training on "
                                             f"{trained_on:%-d %B %Y} is already recorded."})
    record = PeerReviewTraining(tenant=tenant, person=person, trained_on=trained_on,
                                trained_by=trained_by.strip(), recorded_by=actor)
    record.full_clean()
    record.save()
    audit_record(tenant=tenant, actor=actor, action="support.peer_review_trained", obj=record,
                 summary=f"{person.user} trained as a peer reviewer on {trained_on:%-d %B %Y} "
                         f"by {record.trained_by}")
    return record


def _cluster_schools(tenant: Tenant, partnership_id: int,
                     on: date) -> tuple[str, list[School]]:
    places = partnerships_on(tenant=tenant, on=on)
    ids = [school_id for school_id, held in places.items()
           if any(p.partnership_id == partnership_id for p in held)]
    names = {p.partnership_name for held in places.values() for p in held
             if p.partnership_id == partnership_id}
    schools = list(School.objects.filter(pk__in=ids, establishment__is_open=True)
                   .select_related("establishment").order_by("establishment__name"))
    if not names or not schools:
        raise ValidationError({"partnership": "Choose a partnership with open schools in it on "
                                              "the cycle's first day."})
    return names.pop(), schools


def _assign(tenant: Tenant, actor: User | None, review: PeerReview, person_id: int,
            is_lead: bool) -> PeerReviewer:
    place = PeerReviewer(tenant=tenant, review=review, person_id=person_id, is_lead=is_lead,
                         assigned_by=actor)
    place.full_clean()
    place.save()
    return place


@transaction.atomic
def cycle_create(*, tenant: Tenant, actor: User | None, name: str, academic_year: int,
                 starts_on: date, ends_on: date, partnership_id: int | None = None,
                 team_size: int = 0) -> PeerReviewCycle:
    """A cycle of peer reviews. With `partnership_id`, in one step: a review for every open
    school of that partnership (a cluster) on the cycle's first day, over the cycle's dates,
    each with a team of up to `team_size` trained heads proposed by the rules (least used
    first; the officer completes a short team)."""
    _officer(tenant, actor)
    name = " ".join(name.split())
    if PeerReviewCycle.objects.filter(tenant=tenant, name__iexact=name).exists():
        raise ValidationError({"name": f"There is already a cycle called {name}."})
    if not 0 <= team_size <= MAX_TEAM:
        raise ValidationError({"team_size": f"A team has at most {MAX_TEAM} reviewers."})
    if team_size and partnership_id is None:
        raise ValidationError({"team_size": "Teams are proposed for a partnership's schools: "
                                            "choose the partnership."})
    cycle = PeerReviewCycle(tenant=tenant, name=name, academic_year=academic_year,
                            starts_on=starts_on, ends_on=ends_on, created_by=actor)
    schools: list[School] = []
    if partnership_id is not None:
        cycle.partnership_id = partnership_id
        cycle.partnership_name, schools = _cluster_schools(tenant, partnership_id, starts_on)
    cycle.full_clean()
    cycle.save()
    themes_ensure(tenant=tenant)
    reviews = PeerReview.objects.bulk_create([
        PeerReview(tenant=tenant, cycle=cycle, school=school, starts_on=starts_on,
                   ends_on=ends_on) for school in schools])
    if team_size and reviews:
        rules_schools = selectors.reviewed_schools(tenant=tenant, schools=schools, on=starts_on)
        teams = propose_teams([rules_schools[s.pk] for s in schools],
                              selectors.trained_heads(tenant=tenant, on=starts_on),
                              on=starts_on, size=team_size)
        PeerReviewer.objects.bulk_create([
            PeerReviewer(tenant=tenant, review=review, person_id=reviewer.person_id,
                         is_lead=n == 0, assigned_by=actor)
            for review in reviews for n, reviewer in enumerate(teams[review.school_id])])
    audit_record(tenant=tenant, actor=actor, action="support.peer_review_cycle_created",
                 obj=cycle, summary=f"Peer review cycle {cycle.name} "
                                    f"({AcademicYear(academic_year).label})"
                                    + (f" for {cycle.partnership_name}: {len(reviews)} reviews"
                                       if partnership_id is not None else ""))
    return cycle


def _within_cycle(cycle: PeerReviewCycle, starts_on: date, ends_on: date) -> None:
    if ends_on < starts_on:
        raise ValidationError({"ends_on": "The review cannot end before it starts."})
    if starts_on < cycle.starts_on or ends_on > cycle.ends_on:
        raise ValidationError({"starts_on": f"A review of {cycle.name} falls within the cycle "
                                            f"({cycle.starts_on:%-d %B %Y} to "
                                            f"{cycle.ends_on:%-d %B %Y})."})


@transaction.atomic
def review_add(*, tenant: Tenant, actor: User | None, cycle: PeerReviewCycle, school: School,
               starts_on: date, ends_on: date) -> PeerReview:
    _officer(tenant, actor)
    ensure_same_tenant(tenant, cycle=cycle, school=school)
    _within_cycle(cycle, starts_on, ends_on)
    if PeerReview.objects.filter(cycle=cycle, school=school).exists():
        raise ValidationError({"school": f"{school.establishment.name} already has a review in "
                                         f"{cycle.name}."})
    review = PeerReview(tenant=tenant, cycle=cycle, school=school, starts_on=starts_on,
                        ends_on=ends_on)
    review.full_clean()
    review.save()
    audit_record(tenant=tenant, actor=actor, action="support.peer_review_added", obj=review,
                 summary=f"Peer review of {school.establishment.name} in {cycle.name}")
    return review


@transaction.atomic
def reviewer_assign(*, tenant: Tenant, actor: User | None, review: PeerReview,
                    person: Membership, is_lead: bool = False) -> PeerReviewer:
    """Put `person` on the review's team, refused with the rule's reason when a rule of
    `support.peer_review` forbids it. A new lead replaces the old one."""
    _officer(tenant, actor)
    ensure_same_tenant(tenant, review=review, person=person)
    if PeerReviewer.objects.filter(review=review, person=person).exists():
        raise ValidationError({"person": f"{person.user} is already on this team."})
    if PeerReviewer.objects.filter(review=review).count() >= MAX_TEAM:
        raise ValidationError({"person": f"A team has at most {MAX_TEAM} reviewers."})
    school = selectors.reviewed_schools(tenant=tenant, schools=[review.school],
                                        on=review.starts_on)[review.school_id]
    reviewer = selectors.reviewers(tenant=tenant, people=[person], on=review.starts_on)[0]
    refusal = refusal_of(reviewer, school, review.starts_on)
    if refusal is not None:
        raise ValidationError({"person": refusal.reason}, code=str(refusal.rule))
    if is_lead:
        PeerReviewer.objects.filter(review=review, is_lead=True).update(is_lead=False)
    place = _assign(tenant, actor, review, person.pk, is_lead)
    audit_record(tenant=tenant, actor=actor, action="support.peer_reviewer_assigned", obj=review,
                 summary=f"{person.user} on the team reviewing {school.name}"
                         + (" (lead)" if is_lead else ""))
    return place


@transaction.atomic
def reviewer_remove(*, tenant: Tenant, actor: User | None, place: PeerReviewer) -> None:
    _officer(tenant, actor)
    ensure_same_tenant(tenant, place=place)
    review = place.review
    place.delete()
    audit_record(tenant=tenant, actor=actor, action="support.peer_reviewer_removed", obj=review,
                 summary=f"Reviewer {place.person_id} taken off the review of school "
                         f"{review.school_id}")


def _writer(tenant: Tenant, actor: User | None, review: PeerReview) -> None:
    ensure_same_tenant(tenant, review=review)
    membership = actor_membership(tenant=tenant, actor=actor)
    access = review_access(membership, review)
    if access is None or not access.writes:
        raise PermissionDenied("Only the review's team, while the review lasts, and officers "
                               "record its outcomes.")


@transaction.atomic
def review_workshop(*, tenant: Tenant, actor: User | None, review: PeerReview,
                    workshop_on: date | None, workshop_notes: str = "",
                    summary: str = "") -> PeerReview:
    """The review's summary and its improvement workshop (date and notes)."""
    _writer(tenant, actor, review)
    if workshop_notes.strip() and workshop_on is None:
        raise ValidationError({"workshop_on": "Give the workshop's date with its notes."})
    if workshop_on is not None and workshop_on < review.starts_on:
        raise ValidationError({"workshop_on": "The improvement workshop follows the review "
                                              f"(from {review.starts_on:%-d %B %Y})."})
    review.workshop_on, review.workshop_notes = workshop_on, workshop_notes.strip()
    review.summary = summary.strip()
    review.full_clean()
    review.save(update_fields=["workshop_on", "workshop_notes", "summary"])
    audit_record(tenant=tenant, actor=actor, action="support.peer_review_workshop", obj=review,
                 summary=f"Peer review of school {review.school_id}: summary and workshop")
    return review


@transaction.atomic
def outcome_record(*, tenant: Tenant, actor: User | None, review: PeerReview,
                   theme: PeerReviewTheme, judgement: str, text: str) -> PeerReviewOutcome:
    """What the review found on one theme (recorded again, it replaces the earlier words)."""
    _writer(tenant, actor, review)
    ensure_same_tenant(tenant, theme=theme)
    if theme.retired:
        raise ValidationError({"theme": f"{theme.name} is no longer a theme."})
    if judgement not in Judgement.values:
        raise ValidationError({"judgement": "Choose a strength or an area to develop."})
    if not text.strip():
        raise ValidationError({"text": "Say what the review found."})
    outcome, _ = PeerReviewOutcome.objects.update_or_create(
        tenant=tenant, review=review, theme=theme,
        defaults={"judgement": judgement, "text": text.strip(), "recorded_by": actor})
    audit_record(tenant=tenant, actor=actor, action="support.peer_review_outcome", obj=review,
                 summary=f"Peer review of school {review.school_id}: {theme.name}, "
                         f"{Judgement(judgement).label.lower()}")
    return outcome
