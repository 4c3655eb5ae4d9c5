"""Who reaches the tenant's aggregates (DESIGN §5: board members and viewers see counts across
the tenant; officers and admins see them with the schools named elsewhere): coverage, categories
by band, survey tallies — each role's answer, the headteacher refused, another tenant not
found; and the home page of the roles with little leads to each, and to the boards' published
minutes."""

import pytest
from django.urls import reverse

from tests.partnerships.test_survey_views import survey as survey  # noqa: F401

pytestmark = pytest.mark.django_db

EXPECTED = {"admin": 200, "officer": 200, "headteacher": 403, "board_member": 200,
            "viewer": 200}


def pages(tenant, survey) -> list[str]:  # noqa: F811
    slug = tenant.slug
    return [reverse("partnerships:coverage-summary", args=[slug]),
            reverse("partnerships:survey-results-list", args=[slug]),
            reverse("partnerships:survey-results", args=[slug, survey.pk]),
            reverse("categorisation:category-dashboard", args=[slug])]


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_each_role_reaches_the_aggregates_or_is_refused(tenant_a, personas, client_for, survey,  # noqa: F811
                                                        role):
    client = client_for(personas["a"][role])
    answers = {url: client.get(url).status_code for url in pages(tenant_a, survey)}
    assert answers == {url: EXPECTED[role] for url in answers}


@pytest.mark.parametrize("role", ["board_member", "viewer", "admin"])
def test_another_tenants_people_find_none_of_them(tenant_a, personas, client_for, survey, role):  # noqa: F811
    client = client_for(personas["b"][role])
    assert {client.get(url).status_code for url in pages(tenant_a, survey)} == {404}


@pytest.mark.parametrize("role", ["board_member", "viewer"])
def test_the_home_page_of_a_board_member_or_viewer_leads_to_each(tenant_a, personas,
                                                                 client_for, survey, role):  # noqa: F811
    body = client_for(personas["a"][role]).get(f"/t/{tenant_a.slug}/").content.decode()
    for url in [*pages(tenant_a, survey)[:2], pages(tenant_a, survey)[3],
                reverse("boards:board-list", args=[tenant_a.slug])]:
        assert f'href="{url}"' in body, url
