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
         "schools/export/?format=csv"]
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
