"""The register in the browser: an officer filters, opens and edits a school; a headteacher
keeps their own school's contact details and cannot see the list."""

import re

import pytest
from playwright.sync_api import expect

from schools.models import Governance, Phase
from tests.browser.helpers import assert_accessible, sign_in
from tests.factories import SchoolFactory


@pytest.fixture
def register(personas, tenant_a):
    """Tenant A's register: the personas' primary school plus four more."""
    for name, phase, governance in [
        ("Kingsdown School", Phase.SECONDARY, Governance.ACADEMY),
        ("Sheldon School", Phase.SECONDARY, Governance.ACADEMY),
        ("Hardenhuish School", Phase.SECONDARY, Governance.MAINTAINED),
        ("Redland Primary Academy", Phase.PRIMARY, Governance.ACADEMY),
    ]:
        SchoolFactory(tenant=tenant_a, establishment__name=name, establishment__phase=phase,
                      establishment__governance=governance)
    return personas


def test_an_officer_filters_the_list_and_the_count_updates_in_place(page, live_server, register):
    sign_in(page, live_server.url, register["a"]["officer"].email)
    page.get_by_role("link", name="Schools", exact=True).click()
    count = page.get_by_test_id("result-count")
    expect(count).to_have_text("5 schools")
    assert_accessible(page)
    # htmx swaps the results without reloading: a marker on the window survives.
    page.evaluate("() => { window.__same_page = true; }")

    page.get_by_label("Phase").select_option("secondary")
    expect(count).to_have_text("3 schools")
    page.get_by_label("Maintained or academy").select_option("academy")
    expect(count).to_have_text("2 schools")
    page.get_by_label("Name, URN, LAESTAB, postcode or trust").press_sequentially("Kingsdown")
    expect(count).to_have_text("1 school")
    assert page.evaluate("() => window.__same_page === true")
    expect(page).to_have_url(re.compile(r"phase=secondary.*governance=academy.*q=Kingsdown|"
                                        r"q=Kingsdown.*phase=secondary"))
    assert_accessible(page)


def test_an_officer_opens_a_school_and_edits_its_locality(page, live_server, register):
    sign_in(page, live_server.url, register["a"]["officer"].email)
    page.goto(f"{live_server.url}/t/wiltshire/schools/?q=Sheldon")
    page.get_by_role("link", name="Sheldon School").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sheldon School")
    assert_accessible(page)

    page.get_by_role("link", name="Edit details").click()
    expect(page.get_by_role("heading", name="Edit details")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Locality").fill("North Wiltshire hub")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sheldon School")
    expect(page.get_by_role("alert")).to_contain_text("Saved the changes to Sheldon School")
    locality = page.locator(".govuk-summary-list__row", has_text="Locality")
    expect(locality).to_contain_text("North Wiltshire hub")


def test_a_headteacher_edits_their_own_school_e_mail(page, live_server, register):
    sign_in(page, live_server.url, register["a"]["headteacher"].email)
    page.get_by_role("link", name="My school").click()
    school_name = register["a"]["school"].establishment.name
    expect(page.get_by_role("heading", level=1)).to_have_text(school_name)
    assert_accessible(page)

    page.get_by_role("link", name="Edit details").click()
    expect(page.get_by_label("Locality")).to_have_count(0)
    page.get_by_label("Contact email").fill("not an address")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("valid email")
    expect(page.locator(".govuk-error-message")).to_contain_text("valid email")
    assert_accessible(page)

    page.get_by_label("Contact email").fill("office@school.example.org")
    page.get_by_role("button", name="Save changes").click()
    contact = page.locator(".govuk-summary-list__row", has_text="School e-mail")
    expect(contact).to_contain_text("office@school.example.org")


def test_a_headteacher_gets_a_403_page_for_the_schools_list(page, live_server, register):
    sign_in(page, live_server.url, register["a"]["headteacher"].email)
    response = page.goto(f"{live_server.url}/t/wiltshire/schools/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".govuk-header")).to_be_visible()
    assert_accessible(page)
