"""Isolation rows for the categorisation workflow pages (proposals, a school's category,
moderation, schemes, dashboard) and its API.

Fillers: tenant A runs the Warwickshire preset; an open proposal for a new school; the
headteacher's school has a confirmed category (so the headteacher may agree: 302/200, and a
disagreement without a reason is 400); another school's disagreement waits for moderation.
"""

from django_scopes import scope, scopes_disabled

from categorisation.models import CategoryProposal, ModerationCase, SchoolCategory
from categorisation.services import scheme_preset_load
from tests.factories import SchoolFactory
from tests.isolation import FORBIDDEN, statuses

OFFICERS_ONLY_GET = statuses((200, 405), (200, 405), FORBIDDEN, FORBIDDEN, FORBIDDEN)
ADMIN_ONLY = (FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN)

EXPECTED = {
    "categorisation:category-dashboard":
        statuses((200, 405), (200, 405), FORBIDDEN, (200, 405), (200, 405)),
    # Officers download the schools at risk; board members and viewers the counts they see.
    "categorisation:category-dashboard-export":
        statuses((200, 405), (200, 405), FORBIDDEN, (200, 405), (200, 405)),
    "categorisation:category-proposal-list": OFFICERS_ONLY_GET,
    "categorisation:category-proposal-detail": OFFICERS_ONLY_GET,
    # POST confirms the open proposal (a note is optional): 302 to the queue.
    "categorisation:category-proposal-confirm":
        statuses((405, 302), (405, 302), FORBIDDEN, FORBIDDEN, FORBIDDEN),
    # POST without a category and a reason: 400.
    "categorisation:category-proposal-override":
        statuses((405, 400), (405, 400), FORBIDDEN, FORBIDDEN, FORBIDDEN),
    # The headteacher's own school; board members and viewers never see a school's category.
    "categorisation:school-category":
        statuses((200, 405), (200, 405), (200, 405), FORBIDDEN, FORBIDDEN),
    # Only the school's headteacher responds; officers see the school but may not answer.
    "categorisation:school-category-agree":
        statuses(FORBIDDEN, FORBIDDEN, (405, 302), FORBIDDEN, FORBIDDEN),
    "categorisation:school-category-disagree":
        statuses(FORBIDDEN, FORBIDDEN, (405, 400), FORBIDDEN, FORBIDDEN),
    "categorisation:category-moderation-list": OFFICERS_ONLY_GET,
    # A senior officer decides; an officer records a board's decision. No category: 400.
    "categorisation:category-moderation-decide":
        statuses((200, 400), (200, 400), FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "categorisation:scheme-list": statuses((200, 400), *ADMIN_ONLY),
    "categorisation:scheme-list-export": statuses((200, 405), *ADMIN_ONLY),
    "categorisation:scheme-detail": statuses((200, 405), *ADMIN_ONLY),
    "categorisation:scheme-edit": statuses((200, 400), *ADMIN_ONLY),
    # An empty POST shows the (empty) draft again: 200.
    "categorisation:scheme-rules": statuses((200, 200), *ADMIN_ONLY),
    "categorisation:scheme-versions": statuses((200, 405), *ADMIN_ONLY),
    "categorisation:scheme-export": statuses((200, 405), *ADMIN_ONLY),
    # A POST without a file: 400, the field named.
    "categorisation:scheme-import": statuses((200, 400), *ADMIN_ONLY),
    "categorisation_api:api-category-proposal-list": OFFICERS_ONLY_GET,
    "categorisation_api:api-scheme-list": statuses((200, 405), *ADMIN_ONLY),
    "categorisation_api:api-scheme-detail": statuses((200, 405), *ADMIN_ONLY),
    # A preview without a definition: 400.
    "categorisation_api:api-scheme-preview": statuses((405, 400), *ADMIN_ONLY),
    "categorisation_api:api-category-proposal-confirm":
        statuses((405, 200), (405, 200), FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "categorisation_api:api-category-proposal-override":
        statuses((405, 400), (405, 400), FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "categorisation_api:api-school-category":
        statuses((200, 405), (200, 405), (200, 405), (403, 405), (403, 405)),
    "categorisation_api:api-own-category-agree":
        statuses(FORBIDDEN, FORBIDDEN, (405, 200), FORBIDDEN, FORBIDDEN),
    "categorisation_api:api-own-category-disagree":
        statuses(FORBIDDEN, FORBIDDEN, (405, 400), FORBIDDEN, FORBIDDEN),
    "categorisation_api:api-moderation-decide":
        statuses((405, 400), (405, 400), FORBIDDEN, FORBIDDEN, FORBIDDEN),
}


def fillers(tenant_a, personas) -> dict:
    with scope(tenant=tenant_a):
        scheme = scheme_preset_load(tenant=tenant_a, actor=None, preset="warwickshire")
    with scopes_disabled():
        categories = {c.code: c for c in scheme.categories.all()}
        proposed_school = SchoolFactory(tenant=tenant_a)
        proposal = CategoryProposal.objects.create(
            tenant=tenant_a, school=proposed_school, scheme=scheme, category=categories["3C"],
            reasons=["Graded inspection 14 January 2025: Requires improvement (3)",
                     "category 3C Requires improvement"],
            evidence={"inspection.grade": 3}, input_hash="isolation")
        SchoolCategory.objects.create(
            tenant=tenant_a, school=personas["a"]["school"], scheme=scheme,
            category=categories["2B"], status=SchoolCategory.Status.CONFIRMED,
            reasons=["category 2B Good - declining"], decided_by=personas["a"]["officer"])
        disputed_school = SchoolFactory(tenant=tenant_a)
        disagreement = SchoolCategory.objects.create(
            tenant=tenant_a, school=disputed_school, scheme=scheme, category=categories["3C"],
            status=SchoolCategory.Status.DISAGREED, reason="Our new leadership is good.")
        case = ModerationCase.objects.create(tenant=tenant_a, school=disputed_school,
                                             disagreement=disagreement)
    return {"category_proposal_id": proposal.pk, "moderation_case_id": case.pk,
            "category_scheme_id": scheme.pk}
