"""Peer review's reads: the rules' data (reviewers with their school, trust and training; the
reviewed school with its trust and hard partnerships, read through partnerships' published
read), cycles with their reviews and teams, a person's reviews, and the themes' roll-up for the
board. A fixed number of queries, whatever the number of rows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Prefetch, QuerySet

from core.models import Membership, Tenant
from partnerships.models import PartnershipType
from partnerships.published import Place, partnerships_on, partnerships_with_schools_on
from schools.models import School
from schools.selectors import HEADSHIP_RELATED
from support.brokering import hard_keys
from support.models.peer_review import (
    Judgement,
    PeerReview,
    PeerReviewCycle,
    PeerReviewer,
    PeerReviewOutcome,
    PeerReviewTheme,
    PeerReviewTraining,
)
from support.peer_review import ReviewedSchool, Reviewer


def _hard(places: list[Place], federation: str) -> frozenset[str]:
    return hard_keys(partnership_ids={p.partnership_id for p in places
                                      if p.partnership_type == PartnershipType.HARD},
                     federation=federation)


def reviewed_schools(*, tenant: Tenant, schools: Iterable[School],
                     on: date) -> dict[int, ReviewedSchool]:
    """School id -> the school as the rules see it (establishments already selected)."""
    schools = list(schools)
    places = partnerships_on(tenant=tenant, on=on, schools=schools)
    return {school.pk: ReviewedSchool(
        school_id=school.pk, tenant_id=school.tenant_id, name=school.establishment.name,
        trust=school.establishment.trust_name,
        hard_keys=_hard(places.get(school.pk, []), school.establishment.federation_name))
        for school in schools}


def heads(*, tenant: Tenant) -> QuerySet[Membership]:
    """The tenant's active headteachers, by name, with their school."""
    return (Membership.objects.filter(tenant=tenant, is_active=True, headship__isnull=False)
            .select_related("user", HEADSHIP_RELATED)
            .order_by("user__full_name", "user__email"))


# What `reviewers` reads of a head read by `heads`: a page of them need not build each one's
# establishment's seventy columns.
REVIEWER_COLUMNS = (
    "tenant_id", "user_id", "user__full_name", "user__email", "headship__id",
    "headship__membership_id", "headship__school_id", "headship__school__tenant_id",
    "headship__school__establishment_id", "headship__school__establishment__name",
    "headship__school__establishment__trust_name",
    "headship__school__establishment__federation_name")


def reviewers(*, tenant: Tenant, people: Iterable[Membership], on: date) -> list[Reviewer]:
    """The people as the rules see them: the school they lead (if any), its trust and hard
    partnerships on `on`, every training they had. Two queries when the people were read with
    their headship (`heads` selects it), else three."""
    people = list(people)
    trainings: dict[int, list[date]] = defaultdict(list)
    for person_id, trained_on in PeerReviewTraining.objects.filter(
            tenant=tenant, person__in=[p.pk for p in people]).values_list("person_id",
                                                                          "trained_on"):
        trainings[person_id].append(trained_on)
    # The school each leads: as read with the people (`heads` selects it), else one query.
    led: dict[int, School] = {}
    unread = []
    for person in people:
        if type(person).headship.is_cached(person):
            headship = getattr(person, "headship", None)
            if headship is not None:
                led[person.pk] = headship.school
        else:
            unread.append(person.pk)
    if unread:
        led |= {m.pk: m.headship.school for m in Membership.objects.filter(
            pk__in=unread, headship__isnull=False).select_related(HEADSHIP_RELATED)}
    places = partnerships_on(tenant=tenant, on=on, schools=list(led.values()))
    found = []
    for person in people:
        school = led.get(person.pk)
        establishment = school.establishment if school else None
        found.append(Reviewer(
            person_id=person.pk, tenant_id=person.tenant_id, name=str(person.user),
            school_id=school.pk if school else None,
            school_name=establishment.name if establishment else "",
            trust=establishment.trust_name if establishment else "",
            hard_keys=(_hard(places.get(school.pk, []), establishment.federation_name)
                       if school and establishment else frozenset()),
            trained_on=tuple(sorted(trainings.get(person.pk, ())))))
    return found


def trained_heads(*, tenant: Tenant, on: date) -> list[Reviewer]:
    """Every active headteacher with a training on or before `on`."""
    trained = set(PeerReviewTraining.objects.filter(tenant=tenant, trained_on__lte=on)
                  .values_list("person_id", flat=True))
    return reviewers(tenant=tenant, people=[m for m in heads(tenant=tenant) if m.pk in trained],
                     on=on)


def themes(*, tenant: Tenant, with_retired: bool = False) -> QuerySet[PeerReviewTheme]:
    found = PeerReviewTheme.objects.filter(tenant=tenant)
    return found if with_retired else found.filter(retired=False)


def trainings(*, tenant: Tenant) -> QuerySet[PeerReviewTraining]:
    return (PeerReviewTraining.objects.filter(tenant=tenant)
            .select_related("person__user", "person__" + HEADSHIP_RELATED)
            .order_by("-trained_on", "person__user__full_name", "pk"))


def cycles(*, tenant: Tenant) -> QuerySet[PeerReviewCycle]:
    return PeerReviewCycle.objects.filter(tenant=tenant).annotate(review_count=Count("reviews"))


def _with_material(reviews: QuerySet[PeerReview]) -> QuerySet[PeerReview]:
    return reviews.select_related("school__establishment", "cycle").prefetch_related(
        Prefetch("team", PeerReviewer.objects.select_related(
            "person__user", "person__" + HEADSHIP_RELATED)),
        Prefetch("outcomes", PeerReviewOutcome.objects.select_related("theme")))


def reviews_of(cycle: PeerReviewCycle) -> QuerySet[PeerReview]:
    """The cycle's reviews, by start date, with their school, team and outcomes: the columns
    the cycle's page, download and API show (the school's name, URN and phase; each
    reviewer's name; each outcome with its theme's name), not the establishment's, the
    reviewers' memberships' and schools' whole rows."""
    return (PeerReview.objects.filter(cycle=cycle)
            .select_related("school__establishment", "cycle")
            .only("tenant_id", "cycle_id", "school_id", "starts_on", "ends_on", "summary",
                  "workshop_on", "workshop_notes", "cycle__tenant_id", "cycle__name",
                  "school__tenant_id", "school__establishment_id",
                  "school__establishment__name", "school__establishment__phase")
            .prefetch_related(
                Prefetch("team", PeerReviewer.objects.select_related("person__user").only(
                    "tenant_id", "review_id", "person_id", "is_lead", "person__tenant_id",
                    "person__user_id", "person__user__full_name", "person__user__email")),
                Prefetch("outcomes", PeerReviewOutcome.objects.select_related("theme").only(
                    "tenant_id", "review_id", "theme_id", "judgement", "text",
                    "theme__tenant_id", "theme__name")))
            .order_by("starts_on", "school__establishment__name", "pk"))


@dataclass(frozen=True)
class CycleRow:
    """One review as the cycle's page lists it."""

    review_id: int
    school_name: str
    starts_on: date
    ends_on: date
    team: list[tuple[str, bool]]  # (name, is_lead), the lead first
    outcomes: int  # themes recorded
    workshop_on: date | None


def _team_places(cycle: PeerReviewCycle) -> list[tuple[int, int, int, bool, str]]:
    """(place id, review id, person id, is lead, name) of every team place of the cycle's
    reviews, each team's lead first: one query of plain values."""
    return [(pk, review_id, person_id, is_lead, full_name or email)
            for pk, review_id, person_id, is_lead, full_name, email in (
                PeerReviewer.objects.filter(review__cycle=cycle).order_by("-is_lead", "pk")
                .values_list("pk", "review_id", "person_id", "is_lead",
                             "person__user__full_name", "person__user__email"))]


def cycle_rows(cycle: PeerReviewCycle) -> list[CycleRow]:
    """The cycle's reviews as its page lists them, in `reviews_of`'s order: two queries of
    plain values (the reviews with their count of outcomes; the teams' names), no model."""
    team: dict[int, list[tuple[str, bool]]] = defaultdict(list)
    for _pk, review_id, _person_id, is_lead, name in _team_places(cycle):
        team[review_id].append((name, is_lead))
    return [CycleRow(pk, name, starts_on, ends_on, team.get(pk, []), outcomes, workshop_on)
            for pk, name, starts_on, ends_on, workshop_on, outcomes in (
                PeerReview.objects.filter(cycle=cycle)
                .order_by("starts_on", "school__establishment__name", "pk")
                .values_list("pk", "school__establishment__name", "starts_on", "ends_on",
                             "workshop_on").annotate(n=Count("outcomes")))]


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def cycle_reviews_values(cycle: PeerReviewCycle) -> list[dict]:
    """The cycle's reviews as the API lists them (its review serializer's fields: the team
    and outcomes nested), in `reviews_of`'s order, from three queries of plain values: no
    model or serializer per review, reviewer or outcome."""
    team: dict[int, list[dict]] = defaultdict(list)
    for pk, review_id, person_id, is_lead, name in _team_places(cycle):
        team[review_id].append({"id": pk, "person": person_id, "name": name,
                                "is_lead": is_lead})
    outcomes: dict[int, list[dict]] = defaultdict(list)
    for review_id, theme_id, theme_name, judgement, text in (
            PeerReviewOutcome.objects.filter(review__cycle=cycle)
            .order_by("theme__position", "theme__name", "pk")
            .values_list("review_id", "theme_id", "theme__name", "judgement", "text")):
        outcomes[review_id].append({"theme": theme_id, "theme_name": theme_name,
                                    "judgement": judgement, "text": text})
    return [{"id": pk, "cycle": cycle.pk, "cycle_name": cycle.name, "urn": urn,
             "school_name": name, "starts_on": _iso(starts_on), "ends_on": _iso(ends_on),
             "team": team.get(pk, []), "outcomes": outcomes.get(pk, []), "summary": summary,
             "workshop_on": _iso(workshop_on), "workshop_notes": notes}
            for pk, urn, name, starts_on, ends_on, summary, workshop_on, notes in (
                PeerReview.objects.filter(cycle=cycle)
                .order_by("starts_on", "school__establishment__name", "pk")
                .values_list("pk", "school__establishment_id", "school__establishment__name",
                             "starts_on", "ends_on", "summary", "workshop_on",
                             "workshop_notes"))]


def review(review_id: int, *, material: bool = True) -> PeerReview | None:
    """The review with its school and cycle, and (`material`) its team and outcomes."""
    found = PeerReview.objects.filter(pk=review_id)
    return (_with_material(found) if material
            else found.select_related("school__establishment", "cycle")).first()


def _listed(reviews: QuerySet[PeerReview]) -> QuerySet[PeerReview]:
    """What a list of reviews shows: the school's name, the cycle's name and the dates (not
    the team and outcomes a review's own page reads)."""
    return reviews.select_related("school__establishment", "cycle").only(
        "tenant_id", "cycle_id", "school_id", "starts_on", "ends_on", "cycle__name",
        "school__tenant_id", "school__establishment_id", "school__establishment__name")


def reviews_by(person: Membership, *, today: date) -> list[PeerReview]:
    """The reviews this person is on whose access has not ended, soonest first."""
    return list(_listed(PeerReview.objects.filter(team__person=person, ends_on__gte=today))
                .order_by("starts_on", "pk"))


def reviews_of_school(school: School) -> list[PeerReview]:
    return list(_listed(PeerReview.objects.filter(school=school)).order_by("-starts_on", "pk"))


@dataclass
class ThemeTrend:
    """One theme across cycles: {cycle id: (strengths, areas to develop)}."""

    theme: PeerReviewTheme
    counts: dict[int, tuple[int, int]] = field(default_factory=dict)

    def of(self, cycle: PeerReviewCycle) -> tuple[int, int]:
        return self.counts.get(cycle.pk, (0, 0))


def theme_trends(*, tenant: Tenant) -> tuple[list[PeerReviewCycle], list[ThemeTrend]]:
    """For each theme, how many reviews of each cycle found it a strength and how many an area
    to develop: counts only, no school named (the board's and viewers' aggregate). Cycles
    oldest first. Three queries."""
    all_cycles = list(PeerReviewCycle.objects.filter(tenant=tenant)
                      .order_by("starts_on", "pk"))
    trends = {theme.pk: ThemeTrend(theme) for theme in themes(tenant=tenant, with_retired=True)}
    rows = (PeerReviewOutcome.objects.filter(tenant=tenant)
            .values_list("theme_id", "review__cycle_id", "judgement")
            .annotate(n=Count("pk")).order_by())
    for theme_id, cycle_id, judgement, n in rows:
        strengths, areas = trends[theme_id].counts.get(cycle_id, (0, 0))
        if judgement == Judgement.STRENGTH:
            strengths += n
        else:
            areas += n
        trends[theme_id].counts[cycle_id] = (strengths, areas)
    used = [trend for trend in trends.values() if trend.counts or not trend.theme.retired]
    return all_cycles, used


def partnership_choices(*, tenant: Tenant, on: date) -> list[tuple[int, str]]:
    """The partnerships with schools in them on `on` (partnerships' published read), by level
    then name: what a cycle may be set up for in one step."""
    named: dict[int, tuple[int, str, str]] = {}
    for pk, name, level, rank in partnerships_with_schools_on(tenant=tenant, on=on):
        named[pk] = (rank, name, level)
    return [(pk, f"{name} ({level})")
            for pk, (_, name, level) in sorted(named.items(), key=lambda item: item[1][:2])]
