"""The demo's consultation survey (seed 003): heads and governors rating four ways of
organising school improvement."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date

from core.models import Tenant
from partnerships.models import (
    Rating,
    RespondentRole,
    Survey,
    SurveyOption,
)
from partnerships.services import (
    survey_create,
    survey_response_record,
)
from schools.models import Phase, School

SURVEY_OPTIONS = [
    "Hubs of 8 to 15 schools, commissioned by the council",
    "A local authority trading company for school improvement",
    "School improvement through multi-academy trusts only",
    "Teaching school hub alliances leading improvement",
]
# Weights over the five ratings (strongly support ... strongly oppose), per option, for heads
# and for governors.
SURVEY_WEIGHTS = {
    RespondentRole.HEADTEACHER: [[40, 35, 15, 7, 3], [8, 20, 32, 25, 15],
                                 [4, 8, 18, 35, 35], [15, 30, 35, 15, 5]],
    RespondentRole.GOVERNOR: [[30, 35, 20, 10, 5], [12, 25, 30, 20, 13],
                              [6, 10, 24, 32, 28], [10, 25, 40, 18, 7]],
}
RATINGS = [Rating.STRONGLY_SUPPORT, Rating.POSITIVE, Rating.WILLING_TO_CONSIDER,
           Rating.TEND_NOT_TO_SUPPORT, Rating.STRONGLY_OPPOSE]


def area_name(tenant: Tenant) -> str:
    """The council's area as its schools say it: "Northshire" for "Northshire Council"."""
    return tenant.name.removesuffix(" Council")


def consultation_survey(*, tenant, actor, schools: list[School], rng: random.Random) -> Survey:
    """A consultation on the future shape of school improvement: 40 heads and governors."""
    survey = survey_create(
        tenant=tenant, actor=actor,
        title=f"The future of school improvement in {area_name(tenant)}",
        description="Heads and governors rated four ways of organising school improvement "
                    "after the council's review.",
        options=SURVEY_OPTIONS, opens_on=date(2025, 5, 6), closes_on=date(2025, 6, 13))
    options = list(survey.options.order_by("position"))
    by_phase: dict[str, list[School]] = defaultdict(list)
    for school in schools:
        by_phase[school.establishment.phase].append(school)
    sample = (rng.sample(by_phase[Phase.PRIMARY], 26) + rng.sample(by_phase[Phase.SECONDARY], 8)
              + rng.sample(by_phase[Phase.SPECIAL], 4) + rng.sample(by_phase[Phase.NURSERY], 2))
    for number, school in enumerate(sample, start=1):
        role = RespondentRole.GOVERNOR if number % 5 in (2, 4) else RespondentRole.HEADTEACHER
        ratings: dict[SurveyOption, str] = {
            option: rng.choices(RATINGS, weights=SURVEY_WEIGHTS[role][i])[0]
            for i, option in enumerate(options)}
        survey_response_record(tenant=tenant, actor=actor, survey=survey,
                               respondent_key=f"demo-respondent-{number:03d}",
                               respondent_role=role, ratings=ratings, school=school)
    return survey
