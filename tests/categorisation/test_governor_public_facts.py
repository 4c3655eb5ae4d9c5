"""A governor (a viewer recorded as a school's chair of governors) sees their own school's public
facts — its register entry and its Ofsted inspections — and never its category or the council's
local intelligence (DESIGN §5); no other school, and nothing once the term has ended."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from categorisation.models import Inspection
from schools import intelligence
from tests.categorisation.test_chair_of_governors import allow, appoint, page
from tests.categorisation.test_chair_of_governors import governor as governor  # noqa: F401
from tests.categorisation.test_chair_of_governors import school as school  # noqa: F401

pytestmark = pytest.mark.django_db

SECRET = "Complaint from parents about MARKER-INTEL-6b1f"


def facts(tenant, school) -> str:
    return f"/t/{tenant.slug}/schools/{school.urn}/"


@pytest.fixture
def on_record(tenant_a, personas, school):  # noqa: F811
    """An inspection of the school and an item of local intelligence about it."""
    with scopes_disabled():
        Inspection.objects.create(inspection_number="GOV1", urn=school.urn,
                                  inspected_urn=school.urn, era="oeif_graded",
                                  start_date=date(2023, 3, 14), overall_effectiveness=2)
    with scope(tenant=tenant_a):
        intelligence.intelligence_record(
            tenant=tenant_a, actor=personas["a"]["officer"], school=school,
            kind="complaint", occurred_on=date(2025, 1, 5), source="Parents",
            severity="high", summary=SECRET)
    return school


def test_the_governor_reads_their_schools_register_entry_and_inspections(
        tenant_a, personas, governor, on_record, client_for):  # noqa: F811
    appoint(tenant_a, personas["a"]["officer"], on_record, governor)
    client = client_for(governor.user)
    home = client.get(f"/t/{tenant_a.slug}/").content.decode()
    assert facts(tenant_a, on_record) in home and "The school you govern" in home
    response = client.get(facts(tenant_a, on_record))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Governed Primary" in body
    assert "Graded inspection 14 March 2023: Good (2)" in body
    # Never the category (2B is in force) nor the council's intelligence.
    assert "2B" not in body and 'data-testid="school-category-summary"' not in body
    assert "MARKER-INTEL" not in body
    assert client.get(page(tenant_a, on_record)).status_code == 403  # the category page


def test_the_category_page_stays_out_of_the_facts_page_even_where_the_tenant_allows_it(
        tenant_a, personas, governor, on_record, client_for):  # noqa: F811
    allow(tenant_a)
    appoint(tenant_a, personas["a"]["officer"], on_record, governor)
    client = client_for(governor.user)
    body = client.get(facts(tenant_a, on_record)).content.decode()
    assert "2B" not in body and "MARKER-INTEL" not in body
    assert client.get(page(tenant_a, on_record)).status_code == 200  # the tenant's leave


def test_the_governor_sees_no_other_school_and_cannot_edit_their_own(
        tenant_a, personas, governor, school, client_for):  # noqa: F811
    appoint(tenant_a, personas["a"]["officer"], school, governor)
    client = client_for(governor.user)
    assert client.get(facts(tenant_a, personas["a"]["school"])).status_code == 403
    assert client.get(facts(tenant_a, school) + "edit/").status_code == 403
    assert client.post(facts(tenant_a, school) + "edit/", {"locality": "X"}).status_code == 403
    assert client.get(f"/t/{tenant_a.slug}/schools/").status_code == 403


def test_a_viewer_with_no_term_or_an_ended_one_sees_no_school(
        tenant_a, personas, governor, school, client_for):  # noqa: F811
    client = client_for(governor.user)
    assert client.get(facts(tenant_a, school)).status_code == 403
    today = timezone.localdate()
    appoint(tenant_a, personas["a"]["officer"], school, governor,
            start=today - timedelta(days=60), end=today)
    assert client.get(facts(tenant_a, school)).status_code == 403
    assert "The school you govern" not in client.get(f"/t/{tenant_a.slug}/").content.decode()


def test_another_tenants_governor_gets_404(tenant_a, tenant_b, personas, school, client_for):  # noqa: F811
    with scopes_disabled():
        from core.models import Membership, Role

        theirs = Membership.objects.select_related("user").get(tenant=tenant_b,
                                                                role=Role.VIEWER)
    assert client_for(theirs.user).get(facts(tenant_a, school)).status_code == 404


@pytest.mark.parametrize("role", ["headteacher", "officer", "board_member"])
def test_the_inspections_are_on_the_page_for_every_role_that_opens_it(
        tenant_a, personas, client_for, role):
    own = personas["a"]["school"]
    with scopes_disabled():
        Inspection.objects.create(inspection_number="GOV2", urn=own.urn, inspected_urn=own.urn,
                                  era="oeif_graded", start_date=date(2022, 5, 3),
                                  overall_effectiveness=3)
    response = client_for(personas["a"][role]).get(facts(tenant_a, own))
    if role == "board_member":
        assert response.status_code == 403  # counts only for a board member
    else:
        assert "Graded inspection 3 May 2022: Requires improvement (3)" in (
            response.content.decode())
