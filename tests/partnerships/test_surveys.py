"""Consultation surveys: the five-point scale, tallied by role and phase like seed 003."""

import pytest
from django.core.exceptions import ValidationError

from partnerships import services
from partnerships.models import Rating
from partnerships.selectors import survey_tally

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(in_a, officer_a):
    return services.survey_create(tenant=in_a, actor=officer_a,
                                  title="Future delivery of education services",
                                  options=["Local authority trading company", "In-house"])


def answer(tenant, survey, key, role, rating, school=None, phase=""):
    option = survey.options.get(label="Local authority trading company")
    services.survey_response_record(tenant=tenant, actor=None, survey=survey, respondent_key=key,
                                    respondent_role=role, ratings={option: rating},
                                    school=school, phase=phase)


@pytest.fixture
def answered(in_a, survey, make_school):
    """Ten answers: four primary heads, two secondary heads, four primary governors."""
    primary, secondary = make_school("primary"), make_school("secondary")
    ratings = [
        ("headteacher", primary, Rating.POSITIVE), ("headteacher", primary, Rating.POSITIVE),
        ("headteacher", primary, Rating.WILLING_TO_CONSIDER),
        ("headteacher", primary, Rating.STRONGLY_OPPOSE),
        ("headteacher", secondary, Rating.TEND_NOT_TO_SUPPORT),
        ("headteacher", secondary, Rating.TEND_NOT_TO_SUPPORT),
        ("governor", primary, Rating.STRONGLY_SUPPORT), ("governor", primary, Rating.POSITIVE),
        ("governor", primary, Rating.WILLING_TO_CONSIDER),
        ("governor", primary, Rating.WILLING_TO_CONSIDER),
    ]
    for number, (role, school, rating) in enumerate(ratings):
        answer(in_a, survey, f"r{number}", role, rating, school=school)
    return survey


def tally(survey):
    return survey_tally(survey=survey)[0]


def test_the_tally_gives_counts_and_percentages_for_all_respondents(answered):
    row = tally(answered).row("All respondents")
    assert row.total == 10
    assert row.counts[Rating.POSITIVE] == 3
    assert row.percent(Rating.WILLING_TO_CONSIDER) == 30
    assert (row.support_percent, row.against_percent) == (70, 30)


def test_the_tally_gives_primary_headteachers_separately(answered):
    row = tally(answered).row("Primary headteachers")
    assert row.total == 4
    assert row.percents == {"strongly_support": 0, "positive": 50, "willing_to_consider": 25,
                            "tend_not_to_support": 0, "strongly_oppose": 25}


def test_the_tally_gives_each_role_and_each_phase(answered):
    option = tally(answered)
    assert option.row("Governors").total == 4
    assert option.row("Headteachers").total == 6
    assert option.row("Secondary respondents").against_percent == 100


def test_an_option_nobody_rated_has_no_rows(answered):
    assert survey_tally(survey=answered)[1].rows == []


def test_answering_again_replaces_the_earlier_rating(in_a, survey, make_school):
    school = make_school("primary")
    answer(in_a, survey, "r1", "headteacher", Rating.STRONGLY_OPPOSE, school=school)
    answer(in_a, survey, "r1", "headteacher", Rating.POSITIVE, school=school)
    row = tally(survey).row("All respondents")
    assert (row.total, row.counts) == (1, {Rating.POSITIVE: 1})


def test_a_rating_off_the_scale_is_refused(in_a, survey):
    with pytest.raises(ValidationError, match="five-point scale"):
        answer(in_a, survey, "r1", "governor", "meh", phase="primary")


def test_a_school_of_another_tenant_cannot_answer(in_a, survey, make_school, tenant_b):
    with pytest.raises(ValidationError, match="not in this tenant"):
        answer(in_a, survey, "r1", "governor", Rating.POSITIVE, school=make_school(tenant=tenant_b))
