"""The demo council's peer review and programme (issue 13 items 6 and 7, seed 004): the heads
of the demo head's cluster trained as peer reviewers, last year's cycle for the whole cluster
with its outcomes by theme and a workshop, and this term's cycle under way, the demo head on a
team with a review coming up; the EEF's "Mobilise" teaching-assistant project with most
primary schools signed up and some leaders trained. Through `support.services`, inside the
tenant's scope; cheap (a few heads, a handful of outcomes and trainings)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from random import Random

from django.core.exceptions import ValidationError
from django.utils import timezone

from core.models import Membership, Tenant
from core.years import AcademicYear
from demo.dates import working_day_on_or_after as after
from demo.dates import working_day_on_or_before as before
from partnerships.published import partnerships_on
from schools.models import School
from schools.selectors import school_of
from support.models.peer_review import Judgement, PeerReview, PeerReviewCycle
from support.models.programmes import Programme
from support.services import peer_review as services
from support.services import programmes

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
                                 trained_on=before(today - timedelta(days=500)),
                                 trained_by="Northshire Council: peer review training for "
                                            "every head")
    year = AcademicYear.of(today)
    last = services.cycle_create(
        tenant=tenant, actor=actor, name=f"Cluster peer review {year.shifted(-1).label}",
        academic_year=year.start_year - 1, starts_on=after(year.shifted(-1).date_of(1, 12)),
        ends_on=before(year.shifted(-1).date_of(3, 27)), partnership_id=cluster, team_size=2)
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
        academic_year=year.start_year,
        starts_on=after(max(today - timedelta(days=20), year.start)),
        ends_on=before(today + timedelta(days=60)), partnership_id=cluster, team_size=2)
    # The demo head reviews a school of the cluster next week (waiting for them at home).
    for upcoming in (PeerReview.objects.filter(cycle=current).exclude(school=own)
                     .exclude(team__person=head).order_by("pk")):
        PeerReview.objects.filter(pk=upcoming.pk).update(
            starts_on=after(today + timedelta(days=7)),
            ends_on=after(after(today + timedelta(days=7)) + timedelta(days=1)))
        upcoming.refresh_from_db()
        try:
            services.reviewer_assign(tenant=tenant, actor=actor, review=upcoming, person=head)
        except ValidationError:
            continue  # the head's own trust: the next school
        break
    return current


def seed_programme(*, tenant: Tenant, officer: Membership) -> Programme:
    today = timezone.localdate()
    actor = officer.user
    programme = programmes.programme_create(
        tenant=tenant, actor=actor, name="Mobilise: making the best use of teaching assistants",
        provider="Education Endowment Foundation", starts_on=today - timedelta(days=400),
        description="Research-based training for school leaders on deploying teaching "
                    "assistants, delivered with the teaching schools.")
    schools = list(School.objects.filter(establishment__is_open=True,
                                         establishment__phase__in=["primary", "special"])
                   .select_related("establishment").order_by("establishment__urn"))
    chosen = [school for n, school in enumerate(schools) if n % 5 != 4]  # four in five
    programmes.programme_schools_sign_up(tenant=tenant, actor=actor, programme=programme,
                                         urns=[s.urn for s in chosen],
                                         signed_up_on=today - timedelta(days=380))
    for n, school in enumerate(chosen[:8]):
        for title in ("Headteacher", "Teaching assistant lead")[:1 + n % 2]:
            programmes.programme_training_record(
                tenant=tenant, actor=actor, programme=programme,
                name=f"{title} of {school.establishment.name}", job_title=title,
                school=school, trained_on=today - timedelta(days=300 - 7 * n))
    return programme


def demo_wipe(tenant: Tenant) -> None:
    """Reviews and programmes hold schools; the rest goes with the tenant."""
    PeerReviewCycle.objects.filter(tenant=tenant).delete()
    Programme.objects.filter(tenant=tenant).delete()
