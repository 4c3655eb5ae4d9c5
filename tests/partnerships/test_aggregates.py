"""Coverage and survey tallies for board members and viewers: counts only, no school named,
every count below 5 shown as "fewer than 5" (core.suppression)."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django_scopes import scope

from partnerships import services
from partnerships.models import Rating, RespondentRole
from tests.factories import SchoolFactory
from tests.partnerships.test_survey_views import paper
from tests.partnerships.test_survey_views import survey as survey_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

START = date(2024, 9, 1)


def rows(body: str, testid: str) -> dict[str, list[str]]:
    """{row heading: [cells]} of the table marked `testid`."""
    table = body[body.index(f'data-testid="{testid}"'):]
    table = table[:table.index("</table>")]
    found = {}
    for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", table, re.S):
        heading = re.search(r'<th scope="row" class="govuk-table__header">([^<]*)</th>', row)
        if heading:
            found[heading.group(1)] = re.findall(r"<td [^>]*>([^<]*)</td>", row)
    return found


@pytest.fixture
def hub_of_seven(tenant_a, personas):
    """Seven primaries in one hub, two secondaries in none (plus the personas' school)."""
    actor = personas["a"]["officer"]
    with scope(tenant=tenant_a):
        level = services.partnership_level_create(tenant=tenant_a, actor=actor, name="Hub",
                                                  rank=1)
        hub = services.partnership_create(tenant=tenant_a, actor=actor, level=level,
                                          name="Avon hub", start_date=START)
        primaries = [SchoolFactory(tenant=tenant_a, establishment__phase="primary",
                                   establishment__name=f"Brook {n} Primary") for n in range(7)]
        secondaries = [SchoolFactory(tenant=tenant_a, establishment__phase="secondary",
                                     establishment__name=f"Hill {n} School") for n in range(2)]
        for school in primaries:
            services.partnership_add_school(tenant=tenant_a, actor=actor, partnership=hub,
                                            school=school, start_date=START)
    return primaries + secondaries


@pytest.mark.parametrize("role", ["board_member", "viewer"])
def test_coverage_counts_are_shown_with_small_groups_suppressed_and_no_school_named(
        tenant_a, personas, client_for, hub_of_seven, role):
    response = client_for(personas["a"][role]).get(
        reverse("partnerships:coverage-summary", args=[tenant_a.slug]))
    body = response.content.decode()
    assert response.status_code == 200
    by_phase = rows(body, "coverage-by-phase")
    # 7 primaries covered, plus the personas' school (a primary) in none: 8, 7 and 1. The 1
    # takes the 7 with it (8 - 7); and down the schools column the overall 10 less the 8
    # primaries would give the 2 secondaries away, so the 8 is not shown either.
    persona_phase = personas["a"]["school"].establishment.get_phase_display()
    assert persona_phase == "Primary"
    assert by_phase["Primary"] == ["not shown", "not shown", "fewer than 5", "not shown"]
    assert rows(body, "coverage-overall")["All open schools"] == [
        "10", "not shown", "fewer than 5", "not shown"]
    assert by_phase["Secondary"] == ["fewer than 5", "fewer than 5", "fewer than 5",
                                     "not shown"]
    for school in [*hub_of_seven, personas["a"]["school"]]:
        assert school.establishment.name not in body


def test_a_headteacher_sees_no_coverage_counts(tenant_a, personas, client_for):
    response = client_for(personas["a"]["headteacher"]).get(
        reverse("partnerships:coverage-summary", args=[tenant_a.slug]))
    assert response.status_code == 403


def test_survey_tallies_are_counts_with_small_groups_suppressed(
        tenant_a, personas, client_for, survey_fixture):  # noqa: F811
    for n in range(6):
        paper(tenant_a, survey_fixture, f"p{n}", RespondentRole.HEADTEACHER, "primary",
              {"In-house model": Rating.POSITIVE})
    paper(tenant_a, survey_fixture, "g1", RespondentRole.GOVERNOR, "secondary",
          {"In-house model": Rating.STRONGLY_OPPOSE})
    client = client_for(personas["a"]["viewer"])
    listing = client.get(reverse("partnerships:survey-results-list", args=[tenant_a.slug]))
    results = reverse("partnerships:survey-results", args=[tenant_a.slug, survey_fixture.pk])
    assert results in listing.content.decode()
    body = client.get(results).content.decode()
    tables = body.split('data-testid="survey-tally"')
    in_house = next(part for part in tables if "In-house model</caption>" in part)
    table = rows('data-testid="t"' + in_house, "t")
    # Ratings in order: strongly support, positive, willing, tend not, strongly oppose; all.
    assert table["All respondents"] == ["fewer than 5", "6", "fewer than 5", "fewer than 5",
                                        "fewer than 5", "7"]
    # Down the columns: all respondents' 6 positive less the headteachers' 6 would show the
    # governors' 0, and their 7 in all less 6 the governor's 1; so the headteachers' 6s go,
    # and with them (a role is the sum of its phases) the primary headteachers' 6s.
    hidden_sixes = ["fewer than 5", "not shown", "fewer than 5", "fewer than 5", "fewer than 5",
                    "not shown"]
    assert table["Headteachers"] == hidden_sixes
    assert table["Primary respondents"] == hidden_sixes
    assert table["Primary headteachers"] == hidden_sixes
    assert table["Secondary governors"] == ["fewer than 5"] * 6
