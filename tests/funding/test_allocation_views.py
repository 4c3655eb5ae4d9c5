"""The allocation pages per role, the run's download, the what-if, and "snapshots hold": a
confirmed run's page and XLSX do not change when every input does."""

import io
import time
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope, scopes_disabled
from openpyxl import load_workbook

from core.models import Role
from funding.models import AllocationFormula, AllocationRun, AllocationRunSchool
from funding.services import allocations as services
from funding.services import dedelegation
from partnerships.models import PartnershipMembership
from schools.models import Establishment
from tests.funding.allocation_world import RUN_ON, World, worked_example

pytestmark = pytest.mark.django_db


def url(tenant, path: str = "") -> str:
    return f"/t/{tenant.slug}/funding/{path}"


@pytest.fixture
def made(tenant_a, personas):
    """Tenant A: the seed's 20-school consortium plus the headteacher persona's school (3A,
    in South), and a draft run of a 3A/3B formula at £25 a pupil."""
    admin = personas["a"][Role.ADMIN]
    with scope(tenant=tenant_a):
        world = World(tenant_a)
        schools = worked_example(world)
        head_school = personas["a"]["school"]
        world.join(head_school, "South Consortium")
        world.categorise(head_school, "3A")
        year = dedelegation.funding_year_create(tenant=tenant_a, actor=admin, start_year=2025)
        formula = services.allocation_formula_create(
            tenant=tenant_a, actor=admin, name="Consortium funding", level_name="Consortium",
            rates={"3A": "25.00", "3B": "25.00"}, triggering_codes=["3A", "3B"])
        run = services.allocation_run_create(tenant=tenant_a, actor=admin, year=year,
                                             formula=formula, inputs_on=RUN_ON)
    return world, schools, run, formula, admin


def snapshot_of(body: bytes) -> bytes:
    """The run's own part of its page: everything between the snapshot's markers (the
    "categories have changed" notice above it reads today's categories on purpose)."""
    start = body.index(b'<div data-testid="snapshot">')
    return body[start:body.index(b'<div data-testid="snapshot-end"></div>')]


def test_snapshots_hold_after_every_input_changes(made, tenant_a, personas, client_for):
    world, schools, run, formula, admin = made
    with scope(tenant=tenant_a):
        services.allocation_run_confirm(tenant=tenant_a, actor=admin, run=run)
    client = client_for(admin)
    page = client.get(url(tenant_a, f"runs/{run.pk}/")).content
    xlsx = client.get(url(tenant_a, f"runs/{run.pk}/export/?format=xlsx")).content
    csv = client.get(url(tenant_a, f"runs/{run.pk}/export/?format=csv")).content

    # Every input changes: a category, pupils, a membership, the rate (a new formula version).
    world.categorise(schools[0], "4")  # an outstanding school is now inadequate
    world.categorise(schools[15], "2A")  # a 3A school improved
    with scopes_disabled():
        Establishment.objects.filter(pk=schools[16].establishment_id).update(
            number_of_pupils=999, census_date=None)
        PartnershipMembership.objects.filter(school=schools[17]).update(end_date=RUN_ON)
    with scope(tenant=tenant_a):
        services.allocation_formula_revise(tenant=tenant_a, actor=admin, formula=formula,
                                           level_name="Consortium", rates={"3A": "40.00",
                                                                          "3B": "40.00"},
                                           triggering_codes=["3A", "3B"])

    time.sleep(2)  # past the zip format's two-second clock: a file stamped with now would differ
    after = client.get(url(tenant_a, f"runs/{run.pk}/")).content
    assert snapshot_of(after) == snapshot_of(page)
    assert client.get(url(tenant_a, f"runs/{run.pk}/export/?format=xlsx")).content == xlsx
    assert client.get(url(tenant_a, f"runs/{run.pk}/export/?format=csv")).content == csv
    notice = after.decode()
    assert "Categories have changed since this run was confirmed" in notice
    assert f"Consortium School 01 ({schools[0].urn}) was 1, now 4" in notice
    assert f"Consortium School 16 ({schools[15].urn}) was 3A, now 2A" in notice


def test_the_xlsx_holds_each_school_and_the_totals_as_numbers(made, tenant_a, client_for):
    _, _, run, _, admin = made
    content = client_for(admin).get(url(tenant_a, f"runs/{run.pk}/export/?format=xlsx")).content
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    amount = header.index("Amount (£)")
    totals = {row[2]: row[amount] for row in rows[1:] if row[1] is None}
    assert Decimal(str(totals["Total"])) == Decimal("44825.00") + 25 * 210
    assert Decimal(str(totals["Total for North Consortium"])) == Decimal("44825.00")
    assert len([row for row in rows[1:] if row[1] is not None]) == 21


def test_the_admin_confirms_a_run_on_its_page_and_it_records_who(made, tenant_a, client_for):
    _, _, run, _, admin = made
    client = client_for(admin)
    assert client.post(url(tenant_a, f"runs/{run.pk}/confirm/"),
                       {"submitted": "1"}).status_code == 400
    response = client.post(url(tenant_a, f"runs/{run.pk}/confirm/"), {"confirm": "on"})
    assert response.status_code == 302
    with scopes_disabled():
        run.refresh_from_db()
    assert run.is_confirmed and run.confirmed_by == admin
    again = client.post(url(tenant_a, f"runs/{run.pk}/confirm/"), {"confirm": "on"})
    assert again.status_code == 400 and "never changed" in again.content.decode()


def test_the_admin_adds_a_formula_and_makes_a_run_through_the_pages(made, tenant_a,
                                                                     client_for):
    _, _, run, _, admin = made
    client = client_for(admin)
    response = client.post(url(tenant_a, "formulas/new/"), {
        "name": "Wider", "level_name": "Consortium", "rates": "3A = 10.00\n3B = 5.50",
        "triggering_codes": "3A 3B", "minimum_pupils": "100"})
    assert response.status_code == 302
    with scopes_disabled():
        formula = AllocationFormula.objects.get(tenant=tenant_a, name="Wider")
    response = client.post(url(tenant_a, f"years/{run.year_id}/runs/new/"), {
        "formula": formula.pk, "inputs_on": "2025-04-01"})
    assert response.status_code == 302
    body = client.get(response["Location"]).content.decode()
    # 3A: 187 + 412 + 210 (93 is under 100) at £10; 3B: 1043 at £5.50 (58 is under 100)
    assert "£13,826.50" in body and "fewer than the minimum of 100" in body
    bad = client.post(url(tenant_a, "formulas/new/"), {
        "name": "Bad", "level_name": "Consortium", "rates": "3A = -4", "minimum_pupils": "0"})
    assert bad.status_code == 400 and "cannot be negative" in bad.content.decode()


def test_a_headteacher_sees_only_their_own_schools_line(made, tenant_a, personas, client_for):
    _, _, run, _, _ = made
    body = client_for(personas["a"][Role.HEADTEACHER]).get(
        url(tenant_a, f"runs/{run.pk}/")).content.decode()
    assert personas["a"]["school"].establishment.name in body
    assert "Consortium School" not in body and "North Consortium" not in body


@pytest.mark.parametrize("role", [Role.BOARD_MEMBER, Role.VIEWER])
def test_board_members_and_viewers_see_partnership_totals_without_school_names(
        made, tenant_a, personas, client_for, role):
    _, _, run, _, _ = made
    body = client_for(personas["a"][role]).get(url(tenant_a, f"runs/{run.pk}/")).content.decode()
    assert "North Consortium" in body and "£44,825.00" in body
    assert "Consortium School" not in body
    assert personas["a"]["school"].establishment.name not in body


def test_the_what_if_shows_the_difference_and_saves_nothing(made, tenant_a, client_for):
    _, schools, run, _, admin = made
    with scopes_disabled():
        before = (AllocationRun.objects.count(), AllocationRunSchool.objects.count())
    body = client_for(admin).get(url(tenant_a, f"runs/{run.pk}/what-if/"), {
        "rates": "3A = 25.00\n3B = 25.00\n2B = 10.00", "triggering_codes": "3A 3B 2B",
        "suppose_urn": schools[0].urn, "suppose_code": "3A"}).content.decode()
    # 2B x5 (320..324 pupils) at £10 = £16,100; school 01 (210 pupils) supposed 3A: £5,250
    assert "difference £21,350.00" in body
    assert "Consortium School 01" in body and "supposed in category 3A" in body
    assert "does not trigger funding." in body and "1,620" not in body
    with scopes_disabled():
        assert (AllocationRun.objects.count(), AllocationRunSchool.objects.count()) == before


def test_a_what_if_is_worked_out_once_per_run_and_set_of_changes(made, tenant_a, client_for,
                                                                monkeypatch):
    from funding import whatif

    _, _, run, _, admin = made
    client = client_for(admin)
    address = url(tenant_a, f"runs/{run.pk}/what-if/")
    first = client.get(address, {"rates": "3A = 30.00\n3B = 25.00"}).content.decode()
    computed = whatif.what_if
    monkeypatch.setattr(whatif, "what_if", lambda *args, **kwargs: pytest.fail("recomputed"))
    again = client.get(address, {"rates": "3A = 30.00\n3B = 25.00"}).content.decode()
    assert "difference £" in again
    assert again.split('data-testid="what-if-total"')[1] == first.split(
        'data-testid="what-if-total"')[1]
    # Other changes are worked out afresh, never served another set's answer.
    monkeypatch.setattr(whatif, "what_if", computed)
    other = client.get(address, {"rates": "3A = 35.00\n3B = 25.00"}).content.decode()
    assert other.split('data-testid="what-if-total"')[1].split("</p>")[0] != first.split(
        'data-testid="what-if-total"')[1].split("</p>")[0]


def test_a_bad_what_if_is_refused_with_the_reason(made, tenant_a, client_for):
    _, _, run, _, admin = made
    response = client_for(admin).get(url(tenant_a, f"runs/{run.pk}/what-if/"),
                                     {"suppose_urn": "1", "suppose_code": "3A"})
    assert response.status_code == 400 and "No school with that URN" in response.content.decode()


def test_the_run_page_issues_the_same_queries_whatever_the_number_of_rows(
        made, tenant_a, personas, client_for):
    world, _, run, formula, admin = made
    client = client_for(admin)
    with scope(tenant=tenant_a):
        services.allocation_run_confirm(tenant=tenant_a, actor=admin, run=run)
    client.get(url(tenant_a, f"runs/{run.pk}/"))
    cache.clear()  # measured with the caches cold, both times
    with CaptureQueriesContext(connection) as small:
        client.get(url(tenant_a, f"runs/{run.pk}/"))
    for n in range(30):
        world.school(f"Extra {n}", "3B", f"Extra Consortium {n % 5}", 100 + n)
    with scope(tenant=tenant_a):
        bigger = services.allocation_run_create(tenant=tenant_a, actor=admin, year=run.year,
                                                formula=formula, inputs_on=RUN_ON)
        services.allocation_run_confirm(tenant=tenant_a, actor=admin, run=bigger)
    cache.clear()
    with CaptureQueriesContext(connection) as large:
        response = client.get(url(tenant_a, f"runs/{bigger.pk}/"))
    assert response.status_code == 200 and "Extra 29" in response.content.decode()
    assert len(large) == len(small)


def test_another_tenants_run_is_not_found(made, tenant_b, personas, client_for):
    _, _, run, _, _ = made
    client = client_for(personas["b"][Role.ADMIN])
    assert client.get(url(tenant_b, f"runs/{run.pk}/")).status_code == 404
    assert client.post(url(tenant_b, f"runs/{run.pk}/confirm/"),
                       {"confirm": "on"}).status_code == 404
