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
    "formation-home": MANAGE_PAGE,
    "formation-my-school": statuses(FORBIDDEN, FORBIDDEN, (200, 200), FORBIDDEN, FORBIDDEN),
    "pro-forma-list": MANAGE_PAGE,
    "pro-forma-edit": OFFICER_OR_HEAD_FORM,
    "pro-forma-support": MANAGE_ACTION,
    "proposal-generate": MANAGE_FORM,
    "proposal-detail": MANAGE_PAGE,
    "proposal-schools": MANAGE_PAGE,
    "proposal-move": MANAGE_ACTION,
    "proposal-set-lead": MANAGE_ACTION,
    "proposal-publish": MANAGE_ACTION,
    "proposal-respond": OFFICER_OR_HEAD_FORM,
    "proposal-confirm": MANAGE_ACTION,
    "survey-list": statuses((200, 200), (200, 200), (200, 200), FORBIDDEN, FORBIDDEN),
    "survey-create": MANAGE_FORM,
    "survey-detail": MANAGE_PAGE,
    "survey-respond": OFFICER_OR_HEAD_FORM,
    # API
    "api-pro-forma-list": API_MANAGE_READ,
    "api-pro-forma-detail": statuses((200, 405), (200, 405), (200, 405), FORBIDDEN, FORBIDDEN),
    "api-formation-proposal-list": API_MANAGE_LIST,
    "api-formation-proposal-detail": API_MANAGE_READ,
    "api-formation-proposal-move": API_MANAGE_WRITE,
    "api-formation-proposal-lead": API_MANAGE_WRITE,
    "api-formation-proposal-publish": API_MANAGE_WRITE,
    "api-formation-proposal-responses": statuses((200, 400), (200, 400), (403, 400), FORBIDDEN,
                                       FORBIDDEN),
    "api-formation-proposal-confirm": API_MANAGE_WRITE,
    "api-survey-list": API_MANAGE_LIST,
    "api-survey-detail": statuses((200, 405), (200, 405), (200, 405), FORBIDDEN, FORBIDDEN),
    "api-survey-responses": statuses((405, 400), (405, 400), (405, 400), FORBIDDEN, FORBIDDEN),
    "api-survey-tally": API_MANAGE_READ,
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
