"""Isolation rows for officer judgements: the pages and API to record a judgement, to agree or
disagree with a capacity level, and to moderate a disagreement.

Fillers: a school of tenant A whose headteacher disagreed with a proposed capacity level (the
disagreement waits for moderation). The matrix POSTs a body naming no judgement: 400 for
whoever may act, whatever scheme tenant A runs.
"""

from datetime import date

from django_scopes import scopes_disabled

from categorisation.models import OfficerJudgement
from tests.factories import SchoolFactory
from tests.isolation import FORBIDDEN, statuses

EXPECTED = {
    # Officers record or propose; the headteacher of the school may see it but not judge.
    "categorisation:school-judgement-record":
        statuses((405, 400), (405, 400), FORBIDDEN, FORBIDDEN, FORBIDDEN),
    # Only the school's headteacher answers a proposed level.
    "categorisation:school-judgement-agree":
        statuses(FORBIDDEN, FORBIDDEN, (405, 400), FORBIDDEN, FORBIDDEN),
    "categorisation:school-judgement-disagree":
        statuses(FORBIDDEN, FORBIDDEN, (405, 400), FORBIDDEN, FORBIDDEN),
    # A senior officer decides; an officer records a board's decision.
    "categorisation:judgement-moderation-decide":
        statuses((200, 400), (200, 400), FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "categorisation_api:api-school-judgements":
        statuses((200, 400), (200, 400), (200, 403), FORBIDDEN, FORBIDDEN),
    "categorisation_api:api-school-judgement-agree":
        statuses(FORBIDDEN, FORBIDDEN, (405, 400), FORBIDDEN, FORBIDDEN),
    "categorisation_api:api-school-judgement-disagree":
        statuses(FORBIDDEN, FORBIDDEN, (405, 400), FORBIDDEN, FORBIDDEN),
    "categorisation_api:api-judgement-moderate":
        statuses((405, 400), (405, 400), FORBIDDEN, FORBIDDEN, FORBIDDEN),
}


def fillers(tenant_a, personas) -> dict:
    with scopes_disabled():
        school = SchoolFactory(tenant=tenant_a)
        proposed = OfficerJudgement.objects.create(
            tenant=tenant_a, school=school, key="capacity_level", value="3",
            status=OfficerJudgement.Status.PROPOSED, note="Results fell two years running.",
            judged_on=date(2026, 3, 1), entered_by=personas["a"]["officer"])
        disagreement = OfficerJudgement.objects.create(
            tenant=tenant_a, school=school, key="capacity_level", value=proposed.value,
            status=OfficerJudgement.Status.DISAGREED, note="Our new leaders are strong.",
            judged_on=date(2026, 3, 2))
    return {"officer_judgement_id": disagreement.pk}
