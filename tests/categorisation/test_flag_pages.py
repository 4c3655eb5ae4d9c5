"""The 2025-26 flags on the pages: a school's category page, the dashboard's "at risk" list,
and the national bottom-quarter read (one query, public data only)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope, scopes_disabled

from categorisation.dashboard import dashboard
from categorisation.models import Inspection, PerformanceIndicator, TenantIndicator
from categorisation.selectors import school_inputs
from categorisation.selectors.attainment import national_bottom_quartiles
from schools.models import Phase
from tests.factories import EstablishmentFactory, SchoolFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 1)


def report_card(school, number, start=date(2026, 3, 12), **areas):
    grades = dict(inclusion=3, curriculum_and_teaching=3, achievement=3,
                  attendance_and_behaviour=3, personal_development_and_wellbeing=3,
                  leadership_and_governance=3, safeguarding_met=True) | areas
    Inspection.objects.create(inspection_number=number, urn=school.urn, inspected_urn=school.urn,
                              era="report_card", start_date=start, **grades)


def graded(school, number, grade, start=date(2022, 6, 1)):
    Inspection.objects.create(inspection_number=number, urn=school.urn, inspected_urn=school.urn,
                              era="oeif_graded", start_date=start, overall_effectiveness=grade)


def ks2(urn, value, year=2024, measure="ks2_rwm_expected"):
    PerformanceIndicator.objects.create(urn=urn, measure=measure, year=year, release="final",
                                        value=Decimal(value), national=Decimal(62))


def test_the_category_page_shows_each_flag_with_its_version_and_inputs(
        tenant_a, personas, client_for):
    school = personas["a"]["school"]
    report_card(school, "RC1", leadership_and_governance=4)
    graded(school, "G1", 3)
    body = client_for(personas["a"]["officer"]).get(
        f"/t/{tenant_a.slug}/categorisation/schools/{school.urn}/").content.decode()
    assert 'data-testid="flag-monitoring"' in body
    assert "Report card 12 March 2026: leadership and governance needs attention" in body
    assert "Rule version report-card-monitoring/2025-11, in effect from 10 November 2025" in body
    assert "Stuck: below good at two full inspections running" in body
    assert "stuck-report-card/2025-11" in body
    assert "Targeted RISE support: a stuck school" in body
    assert "flag.monitoring" not in body  # no raw keys on the page


def test_the_school_category_api_gives_each_flag_with_its_rule_version(tenant_a, personas):
    from rest_framework.test import APIClient
    school = personas["a"]["school"]
    report_card(school, "RC1", leadership_and_governance=4)
    graded(school, "G1", 3)
    client = APIClient()
    client.force_authenticate(personas["a"]["officer"])
    url = f"/api/t/{tenant_a.slug}/categorisation/schools/{school.urn}/category/"
    body = client.get(url).json()
    flags = {flag["key"]: flag for flag in body["flags"]}
    assert flags["monitoring"]["value"] == "yes" and flags["monitoring"]["raised"] is True
    assert flags["monitoring"]["rule_version"] == "report-card-monitoring/2025-11"
    assert flags["monitoring"]["rule_effective"] == "2025-11-10"
    assert ("Report card 12 March 2026: leadership and governance needs attention"
            in flags["monitoring"]["inputs"])
    assert flags["stuck"]["value"] == "yes"
    assert body["flags_as_at"]


@pytest.mark.parametrize(("today", "words"), [
    (date(2026, 6, 28), "The Secretary of State must make an academy order"),
    (date(2026, 6, 29), "The Secretary of State may make an academy order"),
])
def test_the_academy_order_wording_on_the_page_follows_the_date(
        tenant_a, personas, client_for, monkeypatch, today, words):
    from django.utils import timezone

    school = personas["a"]["school"]
    report_card(school, "RC1", achievement=5)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today)
    body = client_for(personas["a"]["officer"]).get(
        f"/t/{tenant_a.slug}/categorisation/schools/{school.urn}/").content.decode()
    assert words in body


def test_the_dashboard_lists_open_schools_at_risk_with_the_definition(
        tenant_a, personas, client_for):
    at_risk = SchoolFactory(tenant=tenant_a)
    report_card(at_risk, "RC1", achievement=4)
    in_category = SchoolFactory(tenant=tenant_a)
    report_card(in_category, "RC2", achievement=5)
    closed = SchoolFactory(tenant=tenant_a, establishment__is_open=False)
    report_card(closed, "RC3", achievement=4)
    fine = SchoolFactory(tenant=tenant_a)
    report_card(fine, "RC4")
    with scope(tenant=tenant_a):
        board = dashboard(tenant=tenant_a, today=TODAY, with_lists=True)
    assert board.at_risk == 1
    assert [row.school for row in board.at_risk_schools] == [at_risk]
    assert board.at_risk_schools[0].reasons == (
        "Monitoring: an evaluation area needs attention",)
    body = client_for(personas["a"]["officer"]).get(
        f"/t/{tenant_a.slug}/categorisation/").content.decode()
    assert "An open school is at risk of requires improvement or worse when" in body
    assert at_risk.establishment.name in body
    assert closed.establishment.name not in body


def test_a_board_member_sees_the_at_risk_count_but_no_school(tenant_a, personas, client_for):
    at_risk = SchoolFactory(tenant=tenant_a)
    report_card(at_risk, "RC1", achievement=4)
    body = client_for(personas["a"]["board_member"]).get(
        f"/t/{tenant_a.slug}/categorisation/").content.decode()
    # One school: a count below 5 is suppressed for a board member (DESIGN §5, issue 14).
    assert 'data-testid="at-risk-count">fewer than 5<' in body
    assert at_risk.establishment.name not in body


def test_the_national_quarter_leaves_out_special_schools_and_councils_own_figures(tenant_a):
    for value in range(50, 90):
        ks2(EstablishmentFactory().urn, value)
    special = EstablishmentFactory(phase=Phase.SPECIAL, type_group="Special schools")
    ks2(special.urn, 0)
    school = SchoolFactory(tenant=tenant_a)
    with scopes_disabled():
        TenantIndicator.objects.create(tenant=tenant_a, urn=school.urn, measure="ks2_rwm_expected",
                                       year=2024, release="provisional", value=Decimal(1))
    with CaptureQueriesContext(connection) as queries:
        quartiles = national_bottom_quartiles(years=[2024])
    assert len(queries.captured_queries) == 2  # the national data's version, the thresholds
    quartile = quartiles[("ks2_rwm_expected", 2024)]
    assert (quartile.threshold, quartile.schools) == (Decimal(59), 40)
    with CaptureQueriesContext(connection) as queries:
        assert national_bottom_quartiles(years=[2024]) == quartiles
    assert len(queries.captured_queries) == 1  # kept: only the version is read
    # New national figures make a new version: the thresholds are computed again at once.
    for value in range(10, 20):
        ks2(EstablishmentFactory().urn, value)
    assert national_bottom_quartiles(years=[2024])[("ks2_rwm_expected", 2024)].schools == 50


def test_the_watchlist_costs_one_query_whatever_the_number_of_schools(tenant_a):
    def batch(count):
        schools = [SchoolFactory(tenant=tenant_a) for _ in range(count)]
        for number, school in enumerate(schools):
            ks2(school.urn, 40 + number)
        return schools

    small, large = batch(5), batch(40)
    cache.clear()  # both reads compute the national thresholds (not kept from the first)
    with scope(tenant=tenant_a), CaptureQueriesContext(connection) as few:
        school_inputs(tenant=tenant_a, schools=small)
    cache.clear()
    with scope(tenant=tenant_a), CaptureQueriesContext(connection) as many:
        inputs = school_inputs(tenant=tenant_a, schools=small + large)
    assert len(many.captured_queries) == len(few.captured_queries)
    assert inputs[large[0].pk].quartiles[("ks2_rwm_expected", 2024)].schools == 45
