"""A page's query count must not grow with the register: the same SQL for 10 schools as 1,000."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from schools.models import Establishment, Governance, Phase, School

pytestmark = pytest.mark.django_db


def add_schools(tenant, count: int, *, first_urn: int) -> None:
    phases = [Phase.PRIMARY, Phase.SECONDARY, Phase.SPECIAL, Phase.NURSERY]
    establishments = Establishment.objects.bulk_create(
        Establishment(
            urn=first_urn + n, la_code=tenant.la_codes[0], name=f"Generated School {first_urn + n}",
            search_name=f"generated school {first_urn + n}",
            phase=phases[n % len(phases)],
            governance=Governance.ACADEMY if n % 3 else Governance.MAINTAINED,
            type_name="Academy converter" if n % 3 else "Community school",
            trust_name=f"Trust {n % 7}" if n % 3 else "", is_open=n % 10 != 0,
            number_of_pupils=100 + n, town="Trowbridge", postcode="BA14 8AA",
        )
        for n in range(count)
    )
    with scopes_disabled():
        School.objects.bulk_create(
            School(tenant=tenant, establishment=e, locality="North") for e in establishments
        )


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


# The list and dashboard pages whose rows grow with the register.
PAGES = ["schools/", "schools/?status=all&phase=primary", "", "categorisation/",
         "categorisation/proposals/", "categorisation/intelligence/",
         "categorisation/moderation/", "partnerships/", "partnerships/coverage/",
         "partnerships/formation/pro-formas/", "partnerships/surveys/",
         "schools/export/?format=csv", "funding/", "support/", "support/dashboard/",
         "schools/?q=generated+school&sort=-pupils", "schools/?q=BA148AA",
         "search/?q=generated", "search/?q=999/2001"]
NO_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@pytest.fixture(params=["cached", "no cache"])
def caches(request, settings):
    """Each page measured with the caches it uses and with none: a cache must not hide a
    query per row."""
    if request.param == "no cache":
        settings.CACHES = NO_CACHE
    return request.param


@pytest.mark.parametrize("path", PAGES)
def test_a_page_issues_the_same_queries_for_10_schools_as_for_1000(
    personas, tenant_a, client_for, path, caches
):
    client = client_for(personas["a"]["admin"])
    url = f"/t/{tenant_a.slug}/{path}"
    add_schools(tenant_a, 9, first_urn=500000)  # with the persona's school: 10
    client.get(url)  # warm the session and caches so both counts measure the page alone
    with_10 = queries_for(client, url)

    add_schools(tenant_a, 990, first_urn=510000)
    with_1000 = queries_for(client, url)

    with scopes_disabled():
        assert School.objects.filter(tenant=tenant_a).count() == 1000
    assert with_1000 == with_10


# --- Every page and API list, discovered ---------------------------------------------------------
#
# The routes taking nothing but the tenant are its lists, dashboards and forms: what grows with
# the register. Found from the resolver (tests/test_isolation_matrix.py), so a new page is
# measured the day it is routed. Each is asked by the tenant's admin, once with 10 schools and
# once with 1,000, with every cache off.

def tenant_wide_routes() -> list:
    from tests.test_isolation_matrix import TENANT_ROUTES

    return [route for route in TENANT_ROUTES if route.arguments == ["tenant_slug"]]


def test_the_discovery_finds_the_lists_and_dashboards():
    names = {route.name for route in tenant_wide_routes()}
    assert {"schools:school-list", "categorisation:category-dashboard",
            "partnerships:partnership-structure", "schools_api:api-school-list"} <= names


def test_no_page_or_api_list_issues_more_queries_for_1000_schools_than_for_10(
        personas, tenant_a, client_for, settings):
    settings.CACHES = NO_CACHE
    client = client_for(personas["a"]["admin"])
    routes = tenant_wide_routes()

    def measure() -> dict[str, int]:
        counts = {}
        for route in routes:
            url = route.url({"tenant_slug": tenant_a.slug})
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            if response.status_code == 200:
                counts[url] = len(captured)
        return counts

    add_schools(tenant_a, 9, first_urn=500000)
    measure()  # warm the session, so both counts measure the pages alone
    with_10 = measure()
    add_schools(tenant_a, 990, first_urn=510000)
    with_1000 = measure()

    assert len(with_10) >= 20, f"only {len(with_10)} pages answered 200: {sorted(with_10)}"
    grew = {url: (with_10[url], with_1000.get(url)) for url in with_10
            if with_1000.get(url) != with_10[url]}
    assert not grew, "queries grew with the register (10 schools, 1,000 schools): " + str(grew)


# --- The funding report: budgets, partnerships, schools and years -----------------------------

def _funding_rows(tenant, years, count: int, first_urn: int) -> None:
    """`count` more schools, each in its own partnership of a new confirmed academic-year run
    of each year, with a commitment, spend, a traded-day purchase and a carry-forward: every
    table of the report grows."""
    from datetime import date
    from decimal import Decimal

    from django.utils import timezone

    from funding.models import (
        AllocationFormula,
        AllocationRun,
        AllocationRunPartnership,
        AllocationRunSchool,
        CarryForward,
        Commitment,
        Spend,
        StrategicFund,
        TradedDayPurchase,
    )

    add_schools(tenant, count, first_urn=first_urn)
    with scopes_disabled():
        schools = list(School.objects.filter(tenant=tenant, establishment__urn__gte=first_urn,
                                             establishment__urn__lt=first_urn + count))
        formula, _ = AllocationFormula.objects.get_or_create(
            tenant=tenant, name=f"Formula {first_urn}", version=1,
            defaults={"level_name": "Hub", "rates": {"3A": "10.00"}})
        for year in years:
            run = AllocationRun.objects.create(
                tenant=tenant, year=year, formula=formula, inputs_on=date(2025, 9, 1),
                status="confirmed", total=Decimal("100.00") * count, period="academic",
                first_year_months=7, confirmed_at=timezone.now())
            StrategicFund.objects.create(tenant=tenant, year=year, name=f"Fund {first_urn}",
                                         base_amount=Decimal("1000.00"))
            for n, school in enumerate(schools):
                group = AllocationRunPartnership.objects.create(
                    tenant=tenant, run=run, name=f"Hub {first_urn + n}", partnership_id_then=n,
                    amount=Decimal("100.00"))
                AllocationRunSchool.objects.create(
                    tenant=tenant, run=run, partnership=group, school=school, urn=school.urn,
                    school_name="A school", amount=Decimal("100.00"), reason="x")
                made = Commitment.objects.create(
                    tenant=tenant, year=year, allocation=group, amount=Decimal("10.00"),
                    reference=f"C{year.start_year}-{first_urn + n}", description="x",
                    supplier="x", committed_on=date(year.start_year, 6, 1), status="approved")
                Spend.objects.create(tenant=tenant, commitment=made, amount=Decimal("5.00"),
                                     spent_on=date(year.start_year, 7, 1))
                TradedDayPurchase.objects.create(
                    tenant=tenant, year=year, reference=f"TD{year.start_year}-{first_urn + n}",
                    customer_kind="school", school=school, customer_name="A school",
                    days=Decimal("2.0"), rate=Decimal("450.00"), amount=Decimal("900.00"),
                    purchased_on=date(year.start_year, 6, 1))
            CarryForward.objects.create(
                tenant=tenant, from_year=years[0], to_year=years[1], amount=Decimal("1.00"),
                source_key=f"allocation:{group.pk}", source_name="x", source_kind="x",
                reason="x")


def test_the_funding_report_issues_the_same_queries_for_few_rows_as_many(
        personas, tenant_a, client_for, settings):
    from funding.models import FundingYear

    settings.CACHES = NO_CACHE
    with scopes_disabled():
        years = [FundingYear.objects.create(tenant=tenant_a, start_year=start)
                 for start in (2025, 2026)]
    client = client_for(personas["a"]["admin"])
    base = f"/t/{tenant_a.slug}/funding/years/{years[1].pk}/"
    urls = [base + "report/", base + "report/export/?table=schools&format=csv",
            base + "reconciliation/", base + "traded-days/",
            base + "traded-days/export/?format=csv"]
    _funding_rows(tenant_a, years, 3, first_urn=600000)
    for url in urls:
        client.get(url)  # warm the session
    few = [queries_for(client, url) for url in urls]
    _funding_rows(tenant_a, years, 40, first_urn=610000)
    with scopes_disabled():
        FundingYear.objects.create(tenant=tenant_a, start_year=2024)
    many = [queries_for(client, url) for url in urls]
    assert many == few
