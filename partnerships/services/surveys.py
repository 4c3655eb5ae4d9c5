"""Consultation surveys (seed 003): options rated on the five-point scale by heads and
governors. Shape and recording only; the tally is `partnerships.selectors.survey_tally`."""

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.audit import audit_record
from core.models import Tenant
from core.tenancy import ensure_same_tenant
from partnerships.models import (
    FormationProposal,
    Rating,
    RespondentRole,
    Survey,
    SurveyOption,
    SurveyResponse,
)
from schools.models import Phase, School


@transaction.atomic
def survey_create(
    *, tenant: Tenant, actor: User | None, title: str, options: Sequence[str],
    description: str = "", proposal: FormationProposal | None = None,
    opens_on: date | None = None, closes_on: date | None = None,
) -> Survey:
    ensure_same_tenant(tenant, proposal=proposal)
    labels = [label.strip() for label in options if label.strip()]
    if not labels:
        raise ValidationError({"options": "Give at least one option to rate."})
    if len(set(labels)) != len(labels):
        raise ValidationError({"options": "Each option must be different."})
    if opens_on and closes_on and closes_on < opens_on:
        raise ValidationError({"closes_on": "The survey must close after it opens."})
    survey = Survey(tenant=tenant, title=title.strip(), description=description,
                    proposal=proposal, opens_on=opens_on, closes_on=closes_on)
    survey.full_clean()
    survey.save()
    SurveyOption.objects.bulk_create([
        SurveyOption(tenant=tenant, survey=survey, label=label, position=position)
        for position, label in enumerate(labels, start=1)
    ])
    audit_record(tenant=tenant, actor=actor, action="survey.create", obj=survey,
                 summary=f"Created the survey {survey.title}", changes={"options": labels})
    return survey


@transaction.atomic
def survey_response_record(
    *, tenant: Tenant, actor: User | None, survey: Survey, respondent_key: str,
    respondent_role: str, ratings: dict[SurveyOption, str], school: School | None = None,
    phase: str = "",
) -> list[SurveyResponse]:
    """One respondent's ratings of some or all options. Answering again replaces their earlier
    rating of an option. The phase is the school's unless given."""
    ensure_same_tenant(tenant, survey=survey, school=school)
    if respondent_role not in RespondentRole.values:
        raise ValidationError({"respondent_role": "Choose headteacher, governor or other."})
    phase = phase or (school.establishment.phase if school else Phase.NOT_APPLICABLE)
    responses = []
    for option, rating in ratings.items():
        if option.survey_id != survey.pk:
            raise ValidationError({"ratings": f"{option} is not an option of this survey."})
        if rating not in Rating.values:
            raise ValidationError({"ratings": f"{rating!r} is not on the five-point scale."})
        response = SurveyResponse.objects.filter(
            option=option, respondent_key=respondent_key
        ).first() or SurveyResponse(tenant=tenant, survey=survey, option=option,
                                    respondent_key=respondent_key)
        response.rating = rating
        response.respondent_role = respondent_role
        response.phase = phase
        response.school = school
        response.full_clean()
        response.save()
        responses.append(response)
    audit_record(tenant=tenant, actor=actor, action="survey.response", obj=survey,
                 summary=f"Recorded {len(responses)} ratings in {survey.title}",
                 changes={"respondent_role": respondent_role, "phase": phase})
    return responses


def survey_is_open(survey: Survey) -> bool:
    """Open from `opens_on` to `closes_on` inclusive; either may be left unset."""
    today = timezone.localdate()
    return ((survey.opens_on is None or survey.opens_on <= today)
            and (survey.closes_on is None or today <= survey.closes_on))



def respondent_key_for(user: User) -> str:
    """A headteacher's answers are keyed to their account, so answering again replaces them."""
    return f"user:{user.pk}"

