"""Isolation rows for support's peer review and programmes: tenant A has a cycle with a review
of the headteacher's school, whose team holds one trained head of another school, and a
programme the school signed up to.

Officers and admins (VISITS_VIEW, VISITS_RECORD) see and set up everything; the headteacher
reads their own school's review (never its outcome or workshop forms: those are the team's
and officers'), and their own reviews page; board members and viewers read the themes' trends
(counts) and nothing else. A review's team member's access is tested in
tests/support/test_peer_review.py (the personas hold no place on a team).
"""

from datetime import date

from django_scopes import scopes_disabled

from core.models import Role
from support.models.peer_review import (
    PeerReview,
    PeerReviewCycle,
    PeerReviewer,
    PeerReviewTheme,
    PeerReviewTraining,
)
from support.models.programmes import Programme, ProgrammeSchool, ProgrammeTraining
from tests.factories import MembershipFactory, SchoolFactory, UserFactory
from tests.isolation import FORBIDDEN, statuses

OFFICERS_READ = statuses((200, 405), (200, 405), FORBIDDEN, FORBIDDEN, FORBIDDEN)
OFFICERS_FORM = statuses((200, 400), (200, 400), FORBIDDEN, FORBIDDEN, FORBIDDEN)
OFFICERS_POST = statuses((405, 302), (405, 302), FORBIDDEN, FORBIDDEN, FORBIDDEN)
TEAM_FORM = statuses((200, 400), (200, 400), FORBIDDEN, FORBIDDEN, FORBIDDEN)
AGGREGATES = statuses((200, 405), (200, 405), FORBIDDEN, (200, 405), (200, 405))
SCHOOL_READ = statuses((200, 405), (200, 405), (200, 405), (403, 405), (403, 405))

EXPECTED = {
    "support:peer-review": OFFICERS_READ,
    "support:peer-review-cycle-create": OFFICERS_FORM,
    "support:peer-review-cycle": OFFICERS_READ,
    "support:peer-review-add": OFFICERS_FORM,
    # The head's own school's review: they read it; the forms are the team's and officers'.
    "support:peer-review-detail": SCHOOL_READ,
    "support:peer-review-team": TEAM_FORM,
    "support:peer-review-team-remove": OFFICERS_POST,
    "support:peer-review-outcome": OFFICERS_FORM,
    # Every field is optional: an empty form saves (a blank summary and no workshop).
    "support:peer-review-workshop":
        statuses((200, 302), (200, 302), FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "support:peer-review-training": OFFICERS_READ,
    "support:peer-review-training-record": OFFICERS_FORM,
    "support:peer-review-themes": OFFICERS_FORM,
    "support:peer-review-trends": AGGREGATES,
    "support:peer-review-mine": statuses(*[(200, 405)] * 5),
    "support_api:api-peer-review-cycles": OFFICERS_FORM,
    "support_api:api-peer-review-cycle": OFFICERS_READ,
    "support_api:api-peer-review-detail": SCHOOL_READ,
    "support_api:api-peer-review-team":
        statuses((405, 400), (405, 400), FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "support_api:api-peer-review-outcome":
        statuses((405, 400), (405, 400), (405, 403), (405, 403), (405, 403)),
    "support_api:api-peer-review-training": OFFICERS_FORM,
    "support_api:api-peer-review-trends": AGGREGATES,
    # Programmes: officers and admins.
    "support:programme-list": OFFICERS_READ,
    "support:programme-create": OFFICERS_FORM,
    "support:programme-detail": OFFICERS_READ,
    "support:programme-sign-up": OFFICERS_FORM,
    "support:programme-trained": OFFICERS_FORM,
    "support_api:api-programmes": OFFICERS_FORM,
    "support_api:api-programme-detail": OFFICERS_READ,
    "support_api:api-programme-sign-up":
        statuses((405, 400), (405, 400), FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "support_api:api-programme-trained":
        statuses((405, 400), (405, 400), FORBIDDEN, FORBIDDEN, FORBIDDEN),
    # Changing what was recorded: officers and admins. An empty form is invalid (400); a
    # theme's retire button redirects.
    "support:peer-review-dates": OFFICERS_FORM,
    "support:peer-review-training-edit": OFFICERS_FORM,
    "support:peer-review-theme-retire": OFFICERS_POST,
    "support:programme-edit": OFFICERS_FORM,
    "support_api:api-peer-review-dates":
        statuses((405, 400), (405, 400), FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "support_api:api-peer-review-training-record": OFFICERS_READ,
    "support_api:api-peer-review-themes": OFFICERS_READ,
    # An empty body is all a retire needs (each request is rolled back: each retires it).
    "support_api:api-peer-review-theme-retire":
        statuses((405, 200), (405, 200), FORBIDDEN, FORBIDDEN, FORBIDDEN),
}


def fillers(tenant_a, personas) -> dict:
    school = personas["a"]["school"]
    reviewer = MembershipFactory(
        tenant=tenant_a, role=Role.HEADTEACHER,
        school=SchoolFactory(tenant=tenant_a, establishment__la_code=tenant_a.la_codes[0]),
        user=UserFactory(email=f"peer.reviewer@{tenant_a.slug}.example.org"))
    with scopes_disabled():
        PeerReviewTraining.objects.create(tenant=tenant_a, person=reviewer,
                                          trained_on=date(2025, 6, 1), trained_by="The LA")
        cycle = PeerReviewCycle.objects.create(
            tenant=tenant_a, name="Spring 2026", academic_year=2025,
            starts_on=date(2026, 1, 5), ends_on=date(2026, 3, 27))
        review = PeerReview.objects.create(tenant=tenant_a, cycle=cycle, school=school,
                                           starts_on=date(2026, 2, 2), ends_on=date(2026, 2, 6))
        place = PeerReviewer.objects.create(tenant=tenant_a, review=review, person=reviewer,
                                            is_lead=True)
        theme = PeerReviewTheme.objects.create(tenant=tenant_a, name="Leadership")
        training = PeerReviewTraining.objects.get(person=reviewer)
        programme = Programme.objects.create(tenant=tenant_a, name="Mobilise",
                                             starts_on=date(2025, 9, 1))
        ProgrammeSchool.objects.create(tenant=tenant_a, programme=programme, school=school,
                                       signed_up_on=date(2025, 10, 1))
        ProgrammeTraining.objects.create(tenant=tenant_a, programme=programme,
                                         name="A. Assistant", school=school,
                                         trained_on=date(2025, 11, 1))
    return {"cycle_id": cycle.pk, "review_id": review.pk, "reviewer_id": place.pk,
            "programme_id": programme.pk, "theme_id": theme.pk, "training_id": training.pk}
