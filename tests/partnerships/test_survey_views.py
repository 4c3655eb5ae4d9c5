"""Consultation surveys on the pages: an officer creates one, headteachers answer from their
account, officers enter paper responses, and the results show tallies by role and phase."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from partnerships import services
from partnerships.models import Rating, RespondentRole, Survey, SurveyOption, SurveyResponse

pytestmark = pytest.mark.django_db


def url(name: str, tenant, *args) -> str:
    return reverse(name, args=[tenant.slug, *args])


@pytest.fixture
def survey(tenant_a, personas):
    with scope(tenant=tenant_a):
        return services.survey_create(
            tenant=tenant_a, actor=personas["a"]["officer"], title="Delivery models",
            options=["Local authority trading company", "In-house model", "Outsourcing"])


def option(survey, label: str) -> SurveyOption:
    with scopes_disabled():
        return SurveyOption.objects.get(survey=survey, label=label)


def paper(tenant, survey, key: str, role: str, phase: str, ratings: dict) -> None:
    with scope(tenant=tenant):
        services.survey_response_record(
            tenant=tenant, actor=None, survey=survey, respondent_key=key, respondent_role=role,
            phase=phase, ratings={option(survey, label): r for label, r in ratings.items()})


def test_an_officer_creates_a_survey_with_its_options(tenant_a, personas, client_for):
    response = client_for(personas["a"]["officer"]).post(url("partnerships:survey-create",
                                                             tenant_a), {
        "title": "Partnership models", "options": "Social enterprise\nJoint venture\n\n",
    })
    with scopes_disabled():
        created = Survey.objects.get(title="Partnership models")
        labels = list(created.options.values_list("label", flat=True))
    assert response.status_code == 302
    assert labels == ["Social enterprise", "Joint venture"]


def test_a_survey_with_the_same_option_twice_is_refused(tenant_a, personas, client_for):
    response = client_for(personas["a"]["officer"]).post(url("partnerships:survey-create",
                                                             tenant_a), {
        "title": "Twice", "options": "Model A\nModel A",
    })
    assert response.status_code == 400
    assert "Each option must be different" in response.content.decode()


def test_a_headteacher_answers_as_the_head_of_their_schools_phase(tenant_a, personas, survey,
                                                                 client_for):
    client = client_for(personas["a"]["headteacher"])
    field = f"option_{option(survey, 'In-house model').pk}"
    response = client.post(url("partnerships:survey-respond", tenant_a, survey.pk),
                           {field: Rating.STRONGLY_SUPPORT})
    assert response.status_code == 302
    with scopes_disabled():
        answer = SurveyResponse.objects.get(survey=survey)
    assert answer.respondent_role == RespondentRole.HEADTEACHER
    assert answer.phase == personas["a"]["school"].establishment.phase


def test_a_headteacher_answering_again_replaces_their_answer(tenant_a, personas, survey,
                                                            client_for):
    client = client_for(personas["a"]["headteacher"])
    field = f"option_{option(survey, 'Outsourcing').pk}"
    client.post(url("partnerships:survey-respond", tenant_a, survey.pk), {field: Rating.POSITIVE})
    client.post(url("partnerships:survey-respond", tenant_a, survey.pk),
                {field: Rating.STRONGLY_OPPOSE})
    with scopes_disabled():
        ratings = list(SurveyResponse.objects.filter(survey=survey).values_list("rating",
                                                                                flat=True))
    assert ratings == [Rating.STRONGLY_OPPOSE]


def test_a_headteacher_cannot_answer_a_closed_survey(tenant_a, personas, survey, client_for):
    with scopes_disabled():
        Survey.objects.filter(pk=survey.pk).update(closes_on=date.today() - timedelta(days=1))
    field = f"option_{option(survey, 'Outsourcing').pk}"
    response = client_for(personas["a"]["headteacher"]).post(
        url("partnerships:survey-respond", tenant_a, survey.pk), {field: Rating.POSITIVE})
    assert response.status_code == 302
    with scopes_disabled():
        assert not SurveyResponse.objects.filter(survey=survey).exists()


def test_an_officer_enters_two_paper_responses_as_two_respondents(tenant_a, personas, survey,
                                                                 client_for):
    client = client_for(personas["a"]["officer"])
    field = f"option_{option(survey, 'Outsourcing').pk}"
    for role in ("governor", "headteacher"):
        response = client.post(url("partnerships:survey-respond", tenant_a, survey.pk), {
            "respondent_role": role, "phase": "primary", field: Rating.TEND_NOT_TO_SUPPORT})
        assert response.status_code == 302
    with scopes_disabled():
        keys = set(SurveyResponse.objects.filter(survey=survey)
                   .values_list("respondent_key", flat=True))
    assert len(keys) == 2


def test_a_response_rating_nothing_is_refused(tenant_a, personas, survey, client_for):
    response = client_for(personas["a"]["officer"]).post(
        url("partnerships:survey-respond", tenant_a, survey.pk),
        {"respondent_role": "governor", "phase": "primary"})
    assert response.status_code == 400
    assert "Rate at least one option" in response.content.decode()


def test_the_results_show_percentages_by_role_and_phase(tenant_a, personas, survey,
                                                       client_for):
    for n, rating in enumerate([Rating.POSITIVE, Rating.POSITIVE, Rating.WILLING_TO_CONSIDER,
                                Rating.STRONGLY_OPPOSE]):
        paper(tenant_a, survey, f"p{n}", "headteacher", "primary",
              {"Local authority trading company": rating})
    paper(tenant_a, survey, "g1", "governor", "secondary",
          {"Local authority trading company": Rating.STRONGLY_SUPPORT})
    body = client_for(personas["a"]["officer"]).get(
        url("partnerships:survey-detail", tenant_a, survey.pk)).content.decode()
    assert "Primary headteachers" in body
    assert "50% <span" in body  # two of the four primary heads are positive
    assert "All respondents:</strong> 80% support" in body


def test_the_results_page_makes_the_same_number_of_queries_for_more_responses(
    tenant_a, personas, survey, client_for, django_assert_max_num_queries
):
    client = client_for(personas["a"]["officer"])
    paper(tenant_a, survey, "first", "governor", "primary", {"Outsourcing": Rating.POSITIVE})
    client.get(url("partnerships:survey-detail", tenant_a, survey.pk))
    with django_assert_max_num_queries(12) as few:
        client.get(url("partnerships:survey-detail", tenant_a, survey.pk))
    for n in range(30):
        paper(tenant_a, survey, f"k{n}", ("governor", "headteacher")[n % 2],
              ("primary", "secondary", "special")[n % 3],
              {label: Rating.values[n % 5] for label in
               ("Outsourcing", "In-house model", "Local authority trading company")})
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("partnerships:survey-detail", tenant_a, survey.pk))


def test_a_headteacher_may_not_see_the_results(tenant_a, personas, survey, client_for):
    response = client_for(personas["a"]["headteacher"]).get(
        url("partnerships:survey-detail", tenant_a, survey.pk))
    assert response.status_code == 403


def test_a_board_member_may_not_answer(tenant_a, personas, survey, client_for):
    response = client_for(personas["a"]["board_member"]).get(
        url("partnerships:survey-respond", tenant_a, survey.pk))
    assert response.status_code == 403


def test_an_officer_of_another_tenant_gets_404_for_a_survey(tenant_a, personas, survey,
                                                           client_for):
    response = client_for(personas["b"]["officer"]).get(url("partnerships:survey-detail", tenant_a,
                                                            survey.pk))
    assert response.status_code == 404


# --- API --------------------------------------------------------------------------------------


def test_a_survey_is_created_answered_and_tallied_through_the_api(tenant_a, personas,
                                                                  client_for):
    officer = client_for(personas["a"]["officer"])
    created = officer.post(url("partnerships_api:api-survey-list", tenant_a), {
        "title": "Partnership models", "options": ["Social enterprise", "Joint venture"],
    }, content_type="application/json").json()
    first = str(created["option_list"][0]["id"])
    head = client_for(personas["a"]["headteacher"])
    answered = head.post(url("partnerships_api:api-survey-responses", tenant_a, created["id"]),
                         {"ratings": {first: "positive"}}, content_type="application/json")
    paper = officer.post(url("partnerships_api:api-survey-responses", tenant_a, created["id"]), {
        "ratings": {first: "strongly_oppose"}, "respondent_role": "governor",
        "phase": "secondary"}, content_type="application/json")
    tally = officer.get(url("partnerships_api:api-survey-tally", tenant_a, created["id"])).json()
    everyone = tally[0]["rows"][0]
    assert answered.status_code == 201 and paper.status_code == 201
    assert everyone["label"] == "All respondents" and everyone["total"] == 2
    assert everyone["percents"]["positive"] == 50


def test_the_api_refuses_a_rating_off_the_scale(tenant_a, personas, survey, client_for):
    field = str(option(survey, "Outsourcing").pk)
    response = client_for(personas["a"]["headteacher"]).post(
        url("partnerships_api:api-survey-responses", tenant_a,
            survey.pk), {"ratings": {field: "meh"}},
        content_type="application/json")
    assert response.status_code == 400
