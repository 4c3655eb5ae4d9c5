"""Isolation-matrix rows for the formation and survey pages and their API.

The filler proposal is published and places tenant A's headteacher's school, so the head can
open its consultation page; a bare POST ({"submitted": "1"}) is an invalid form (400) or a
refusal (publishing what is already published, editing a closed pro-forma: 400).
"""

from django_scopes import scope

from partnerships import services
from partnerships.models import ProposedPartnership
from tests.factories import SchoolFactory
from tests.isolation import FORBIDDEN, statuses

MANAGE_PAGE = statuses((200, 200), (200, 200), FORBIDDEN, FORBIDDEN, FORBIDDEN)
MANAGE_FORM = statuses((200, 400), (200, 400), FORBIDDEN, FORBIDDEN, FORBIDDEN)
MANAGE_ACTION = statuses((302, 400), (302, 400), FORBIDDEN, FORBIDDEN, FORBIDDEN)
OFFICER_OR_HEAD_FORM = statuses((200, 400), (200, 400), (200, 400), FORBIDDEN, FORBIDDEN)
# API: reads for officers; a write refused for its body (400) or its state.
API_MANAGE_LIST = statuses((200, 400), (200, 400), FORBIDDEN, FORBIDDEN, FORBIDDEN)
API_MANAGE_READ = statuses((200, 405), (200, 405), FORBIDDEN, FORBIDDEN, FORBIDDEN)
API_MANAGE_WRITE = statuses((405, 400), (405, 400), FORBIDDEN, FORBIDDEN, FORBIDDEN)

EXPECTED = {
    "partnerships:formation-home": MANAGE_PAGE,
    "partnerships:formation-my-school":
        statuses(FORBIDDEN, FORBIDDEN, (200, 200), FORBIDDEN, FORBIDDEN),
    "partnerships:pro-forma-list": MANAGE_PAGE,
    "partnerships:pro-forma-edit": OFFICER_OR_HEAD_FORM,
    "partnerships:pro-forma-support": MANAGE_ACTION,
    "partnerships:proposal-generate": MANAGE_FORM,
    "partnerships:proposal-detail": MANAGE_PAGE,
    "partnerships:proposal-schools": MANAGE_PAGE,
    "partnerships:proposal-move": MANAGE_ACTION,
    "partnerships:proposal-set-lead": MANAGE_ACTION,
    "partnerships:proposal-publish": MANAGE_ACTION,
    "partnerships:proposal-respond": OFFICER_OR_HEAD_FORM,
    "partnerships:proposal-confirm": MANAGE_ACTION,
    "partnerships:survey-list": statuses((200, 200), (200, 200), (200, 200), FORBIDDEN, FORBIDDEN),
    "partnerships:survey-create": MANAGE_FORM,
    "partnerships:survey-detail": MANAGE_PAGE,
    "partnerships:survey-respond": OFFICER_OR_HEAD_FORM,
    # API
    "partnerships_api:api-pro-forma-list": API_MANAGE_READ,
    "partnerships_api:api-pro-forma-detail":
        statuses((200, 405), (200, 405), (200, 405), FORBIDDEN, FORBIDDEN),
    "partnerships_api:api-formation-proposal-list": API_MANAGE_LIST,
    "partnerships_api:api-formation-proposal-detail": API_MANAGE_READ,
    "partnerships_api:api-formation-proposal-move": API_MANAGE_WRITE,
    "partnerships_api:api-formation-proposal-lead": API_MANAGE_WRITE,
    "partnerships_api:api-formation-proposal-publish": API_MANAGE_WRITE,
    "partnerships_api:api-formation-proposal-responses":
        statuses((200, 400), (200, 400), (403, 400), FORBIDDEN, FORBIDDEN),
    "partnerships_api:api-formation-proposal-confirm": API_MANAGE_WRITE,
    "partnerships_api:api-survey-list": API_MANAGE_LIST,
    "partnerships_api:api-survey-detail":
        statuses((200, 405), (200, 405), (200, 405), FORBIDDEN, FORBIDDEN),
    "partnerships_api:api-survey-responses":
        statuses((405, 400), (405, 400), (405, 400), FORBIDDEN, FORBIDDEN),
    "partnerships_api:api-survey-tally": API_MANAGE_READ,
}


def fillers(tenant_a, personas) -> dict:
    officer = personas["a"]["officer"]
    schools = [personas["a"]["school"]] + [
        SchoolFactory(tenant=tenant_a, establishment__la_code=tenant_a.la_codes[0])
        for _ in range(3)
    ]
    with scope(tenant=tenant_a):
        level = services.partnership_level_create(tenant=tenant_a, actor=officer,
                                                  name="Formation level", rank=1)
        proposal = services.proposal_generate(
            tenant=tenant_a, actor=officer, name="Filler proposal", level=level, min_size=2,
            max_size=4, schools=schools)
        services.proposal_publish(tenant=tenant_a, actor=officer, proposal=proposal)
        survey = services.survey_create(tenant=tenant_a, actor=officer, title="Filler survey",
                                        options=["Model A", "Model B"])
        proposed = ProposedPartnership.objects.filter(proposal=proposal).first()
    return {"proposal_id": proposal.pk, "proposed_partnership_id": proposed.pk,
            "survey_id": survey.pk}
