"""The finance officer's year, in a real browser: open the funding year, make a draft
allocation run, try a what-if, confirm the run and take its XLSX to the schools forum; then a
headteacher sees their own school's charge and no other school's. Every page passes axe-core.

The world is built as the funding tests build it: the register and the forum's votes through
`tests/funding/conftest.py` (the de-delegation services), the categories and consortia through
`tests/funding/allocation_world.py`, the formula through the allocation service."""

import io
from decimal import Decimal

import pytest
from django_scopes import scope, scopes_disabled
from openpyxl import load_workbook
from playwright.sync_api import expect

from core.models import Role
from funding.models import AllocationRun
from funding.services import allocations
from tests.browser.helpers import assert_accessible, use_session_of
from tests.funding import conftest as funding
from tests.funding.allocation_world import RUN_ON, World

# The funding tests' own fixtures: the register, and the year voted through the services.
admin, in_a, register, voted = funding.admin, funding.in_a, funding.register, funding.voted

TENANT = "/t/wiltshire"


@pytest.fixture
def world(voted, tenant_a, admin):
    """The conftest's voted 2025-26 and register; categories decided 1 March 2025: Hill Top
    3A and Vale 3B in North, the head's school 3A and Downs Middle 2B in South, Castle High 1
    in North. The formula: 3A and 3B trigger, £25 a pupil."""
    schools_in = voted.register
    consortia = World(tenant_a)
    for school, code, consortium in ((schools_in.hill, "3A", "North Consortium"),
                                     (schools_in.vale, "3B", "North Consortium"),
                                     (schools_in.high, "1", "North Consortium"),
                                     (schools_in.head, "3A", "South Consortium"),
                                     (schools_in.middle, "2B", "South Consortium")):
        consortia.join(school, consortium)
        consortia.categorise(school, code)
    with scope(tenant=tenant_a):
        formula = allocations.allocation_formula_create(
            tenant=tenant_a, actor=admin, name="Consortium funding", level_name="Consortium",
            rates={"3A": "25.00", "3B": "25.00"}, triggering_codes=["3A", "3B"])
    return voted, formula


def test_the_finance_officer_confirms_a_run_and_the_head_sees_only_their_charge(
        page, live_server, personas, tenant_a, admin, world):
    voting, formula = world
    schools_in = voting.register
    base = live_server.url

    # The finance officer (the tenant admin) opens the year from the funding pages.
    use_session_of(page, base, admin)
    page.goto(f"{base}{TENANT}/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Funding").click()
    assert_accessible(page)
    page.get_by_role("link", name=voting.year.label).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"De-delegation {voting.year.label}")
    assert_accessible(page)

    # A draft run of the formula, on the inputs as they stood on 1 April 2025.
    page.get_by_role("link", name="Make an allocation run").click()
    assert_accessible(page)
    page.get_by_label("Formula").select_option(label=str(formula))
    page.get_by_label("Categories, pupils and memberships as on").fill(RUN_ON.isoformat())
    page.get_by_role("button", name="Make draft run").click()
    # (187 + 93 + 210) pupils in 3A or 3B at £25; Castle High (1) and Downs Middle (2B) nil.
    expect(page.get_by_role("heading", level=1)).to_contain_text("(draft)")
    totals = page.get_by_role("table", name="Total per partnership")
    expect(totals.get_by_role("row", name="North Consortium")).to_contain_text("£7,000.00")
    expect(totals.get_by_role("row", name="South Consortium")).to_contain_text("£5,250.00")
    expect(totals).to_contain_text("£12,250.00")
    assert_accessible(page)
    with scopes_disabled():
        run = AllocationRun.objects.get(tenant=tenant_a)
    assert not run.is_confirmed and run.total == Decimal("12250.00")

    # What if 2B triggered too, at £10 a pupil? Downs Middle's 412 pupils: £4,120 more.
    page.get_by_role("link", name="Try a what-if").click()
    assert_accessible(page)
    page.get_by_label("Value for each category").fill("3A = 25.00\n3B = 25.00\n2B = 10.00")
    page.get_by_label("Categories that trigger funding").fill("3A 3B 2B")
    page.get_by_role("button", name="Show the difference").click()
    expect(page.get_by_test_id("what-if-total")).to_have_text(
        "Draft total £12,250.00; with these changes £16,370.00 (difference £4,120.00).")
    changed = page.get_by_role("table", name="Schools whose amount or reason changes")
    expect(changed.get_by_role("row")).to_have_count(2)  # the header and Downs Middle
    middle = changed.get_by_role("row", name=f"Downs Middle School ({schools_in.middle.urn})")
    expect(middle).to_contain_text("£0.00")  # in the draft, with the draft's reason
    expect(middle).to_contain_text("£4,120.00")
    expect(middle).to_contain_text("does not trigger funding")
    assert_accessible(page)
    with scopes_disabled():  # a what-if saves nothing
        assert AllocationRun.objects.get(pk=run.pk).total == Decimal("12250.00")

    # Back to the draft as it is, and confirm it.
    page.get_by_role("link", name="Back to the run").click()
    page.get_by_role("link", name="Confirm this run").click()
    assert_accessible(page)
    page.get_by_role("button", name="Confirm run").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()  # not ticked: refused
    assert_accessible(page)
    page.get_by_label("I have checked this run: confirm it.").check()
    page.get_by_role("button", name="Confirm run").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Allocation run {run.pk}")
    expect(page.get_by_role("link", name="Confirm this run")).to_have_count(0)
    assert_accessible(page)
    with scopes_disabled():
        run.refresh_from_db()
    assert run.is_confirmed and run.confirmed_by == admin

    # The XLSX for the schools forum: every school's row, as the run found it, and totals.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as Excel (XLSX)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    with open(download.path(), "rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read())).active
    header, *rows = sheet.iter_rows(values_only=True)
    column = {name: n for n, name in enumerate(header)}
    schools = {row[column["School"]]: row for row in rows if row[column["URN"]] is not None}
    expected = {schools_in.hill: ("North Consortium", "3A", 187, "4675.00"),
                schools_in.vale: ("North Consortium", "3B", 93, "2325.00"),
                schools_in.high: ("North Consortium", "1", 1043, "0.00"),
                schools_in.head: ("South Consortium", "3A", 210, "5250.00"),
                schools_in.middle: ("South Consortium", "2B", 412, "0.00")}
    assert set(schools) == {school.establishment.name for school in expected}
    for school, (consortium, code, pupils, amount) in expected.items():
        row = schools[school.establishment.name]
        assert row[column["URN"]] == school.urn
        assert row[column["Partnership"]] == consortium
        assert row[column["Category"]] == code and row[column["Pupils"]] == pupils
        assert Decimal(str(row[column["Amount (£)"]])) == Decimal(amount)
    total = next(row for row in rows if row[column["School"]] == "Total")
    assert Decimal(str(total[column["Amount (£)"]])) == Decimal("12250.00") == sum(
        Decimal(str(row[column["Amount (£)"]])) for row in schools.values())

    # The headteacher: their own school's charge, line by line, and nobody else's.
    page.context.clear_cookies()
    head = personas["a"][Role.HEADTEACHER]
    use_session_of(page, base, head)
    page.goto(f"{base}{TENANT}/")
    page.get_by_role("link", name=f"De-delegation {voting.year.label}").click()
    assert_accessible(page)
    own = page.get_by_role("table", name=f"{schools_in.head.establishment.name}: charge per line")
    # School improvement: primary agreed, £12.37 x 210 pupils; Behaviour support: primary
    # agreed, £6.10 x 210; Licences: not yet voted, not charged.
    improvement = own.get_by_role("row", name="School improvement")
    expect(improvement).to_contain_text("Agreed")
    expect(improvement).to_contain_text("9 for, 1 against")
    expect(improvement).to_contain_text("£12.37")
    expect(improvement).to_contain_text(f"£{Decimal('12.37') * 210:,}")
    behaviour = own.get_by_role("row", name="Behaviour support")
    expect(behaviour).to_contain_text("Agreed")
    expect(behaviour).to_contain_text(f"£{Decimal('6.10') * 210:,}")
    licences = own.get_by_role("row", name="Licences")
    expect(licences).to_contain_text("Not yet voted")
    expect(licences).to_contain_text("Not charged")
    expect(own.get_by_role("row", name="Total")).to_contain_text(
        f"£{(Decimal('12.37') + Decimal('6.10')) * 210:,}")
    expect(page.get_by_text("worked out on 210 pupils")).to_be_visible()
    body = page.locator("main").inner_text()
    for other in (schools_in.hill, schools_in.vale, schools_in.high, schools_in.middle):
        assert other.establishment.name not in body
    expect(page.get_by_role("heading", name="Charge per school")).to_have_count(0)
    expect(page.get_by_test_id("school-charges")).to_have_count(0)
    expect(page.get_by_role("link", name="Download as Excel (XLSX)")).to_have_count(0)

    # The confirmed run from the year's page: their own school's line only, no totals.
    page.get_by_role("link", name=f"Run {run.pk}:").click()
    assert_accessible(page)
    lines = page.get_by_role("table", name="Your school, as the run found it")
    expect(lines.get_by_role("row")).to_have_count(2)
    expect(lines).to_contain_text(schools_in.head.establishment.name)
    expect(lines).to_contain_text("£5,250.00")
    body = page.locator("main").inner_text()
    assert "North Consortium" not in body and "£12,250.00" not in body
    for other in (schools_in.hill, schools_in.vale, schools_in.high, schools_in.middle):
        assert other.establishment.name not in body

    # Another school's charges, asked for by URL: refused.
    other = f"{base}{TENANT}/funding/years/{voting.year.pk}/schools/{schools_in.hill.urn}/"
    assert page.goto(other).status == 403
