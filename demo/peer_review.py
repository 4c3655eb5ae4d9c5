"""The demo council's peer review (issue 13 item 6, seed 004): the heads of the demo head's
cluster trained as peer reviewers, last year's cycle for the whole cluster with its outcomes by
theme and a workshop, and this term's cycle under way, the demo head on a team with a review
coming up. Through `support.services.peer_review`, inside the tenant's scope; cheap (a few
heads, a handful of outcomes)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from random import Random

from django.core.exceptions import ValidationError
from django.utils import timezone

from core.models import Membership, Tenant
from core.years import AcademicYear
from partnerships.published import partnerships_on
from schools.models import School
from schools.selectors import school_of
from support.models.peer_review import Judgement, PeerReview, PeerReviewCycle
from support.services import peer_review as services

MOST_HEADS = 12
FINDINGS = {
    Judgement.STRENGTH: "Leaders' evaluation is accurate and shared by staff.",
    Judgement.AREA_TO_DEVELOP: "Not yet consistent across year groups: agree next steps.",
}


def _cluster(tenant: Tenant, school: School, on) -> tuple[int, list[School]] | None:
    """The smallest partnership the school is in on the date, with its open schools."""
    places = partnerships_on(tenant=tenant, on=on)
    own = places.get(school.pk, [])
    if not own:
        return None
    cluster = own[0].partnership_id
    ids = [pk for pk, held in places.items() if any(p.partnership_id == cluster for p in held)]
    schools = list(School.objects.filter(pk__in=ids, establishment__is_open=True)
                   .select_related("establishment").order_by("establishment__urn"))
    return cluster, schools


def seed_peer_review(*, tenant: Tenant, officer: Membership, head: Membership,
                     head_for: Callable[[School], Membership]) -> PeerReviewCycle | None:
    own = school_of(head)
    today = timezone.localdate()
    found = _cluster(tenant, own, today) if own else None
    if own is None or found is None:
        return None
    cluster, schools = found
    actor, rng = officer.user, Random(4)  # noqa: S311 - demo data, not security
    heads = [head] + [head_for(s) for s in schools if s.pk != own.pk][:MOST_HEADS - 1]
    for person in heads:
        services.training_record(tenant=tenant, actor=actor, person=person,
                                 trained_on=today - timedelta(days=500),
                                 trained_by="Northshire Council: peer review training for "
                                            "every head")
    year = AcademicYear.of(today)
    last = services.cycle_create(
        tenant=tenant, actor=actor, name=f"Cluster peer review {year.shifted(-1).label}",
        academic_year=year.start_year - 1, starts_on=year.shifted(-1).date_of(1, 12),
        ends_on=year.shifted(-1).date_of(3, 27), partnership_id=cluster, team_size=2)
    themes = services.themes_ensure(tenant=tenant)
    for review in PeerReview.objects.filter(cycle=last).order_by("pk")[:MOST_HEADS]:
        for theme in themes:
            judgement = rng.choice([Judgement.STRENGTH, Judgement.STRENGTH,
                                    Judgement.AREA_TO_DEVELOP])
            services.outcome_record(tenant=tenant, actor=actor, review=review, theme=theme,
                                    judgement=judgement, text=FINDINGS[judgement])
        services.review_workshop(tenant=tenant, actor=actor, review=review,
                                 workshop_on=review.ends_on,
                                 workshop_notes="Priorities agreed: curriculum sequencing in "
                                                "the foundation subjects; attendance.",
                                 summary="A well-led school that knows itself.")
    current = services.cycle_create(
        tenant=tenant, actor=actor, name=f"Cluster peer review {year.label}",
        academic_year=year.start_year, starts_on=today - timedelta(days=20),
        ends_on=today + timedelta(days=60), partnership_id=cluster, team_size=2)
    # The demo head reviews a school of the cluster next week (waiting for them at home).
    for upcoming in (PeerReview.objects.filter(cycle=current).exclude(school=own)
                     .exclude(team__person=head).order_by("pk")):
        PeerReview.objects.filter(pk=upcoming.pk).update(
            starts_on=today + timedelta(days=7), ends_on=today + timedelta(days=9))
        upcoming.refresh_from_db()
        try:
            services.reviewer_assign(tenant=tenant, actor=actor, review=upcoming, person=head)
        except ValidationError:
            continue  # the head's own trust: the next school
        break
    return current


def demo_wipe(tenant: Tenant) -> None:
    """Reviews hold schools; the rest goes with the tenant."""
    PeerReviewCycle.objects.filter(tenant=tenant).delete()
