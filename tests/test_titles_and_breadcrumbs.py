"""Every page a persona can reach has its own <title> and a way back up.

The pages are found as the isolation matrix finds them (every routed tenant URL, its arguments
filled with tenant A's objects, each role that `EXPECTED` says gets 200 on GET), plus the pages
outside a tenant that a signed-in person or the operator opens. For each full HTML page:
- the <title> is not the generic site title alone, and two different routes seen by one role
  never share an identical title (a person with several tabs open can tell them apart);
- every page but the tenant's home has GOV.UK breadcrumbs or a back link.
Downloads, htmx fragments and the API are not pages and are left out.
"""

import html
import re

import pytest
from django.http import HttpResponse
from django.test import Client

from core.models import Role
from tests.test_isolation_matrix import EXPECTED, ROLES, TENANT_ROUTES, world  # noqa: F401

pytestmark = pytest.mark.django_db

TITLE = re.compile(r"<title>(.*?)</title>", re.S)
GENERIC_TITLES = {"School improvement", "School improvement partnerships"}
NO_WAY_BACK_NEEDED = {"core:tenant-home", "home"}
# Read without signing in too; the footer of every page links to it.
# Routes that are one page by design: an officer's "respond" is the proposal's page with the
# answer form open, so it keeps the proposal's title.
SAME_PAGE = {frozenset({"partnerships:proposal-respond", "partnerships:proposal-detail"})}
# Outside a tenant: (name, path, who opens it).
OTHER_PAGES = [
    ("accounts:account-settings", "/account/", Role.OFFICER),
    ("accessibility", "/accessibility/", Role.VIEWER),
    ("platform:tenant-list", "/platform/", "operator"),
    ("platform:tenant-create", "/platform/tenants/new/", "operator"),
]


def title_of(response) -> str | None:
    """The page's <title>, or None when the response is not a whole HTML page."""
    if "text/html" not in response.get("Content-Type", ""):
        return None
    body = response.content.decode()
    match = TITLE.search(body)
    if "<html" not in body or not match:
        return None
    return " ".join(html.unescape(match.group(1)).split())


def has_way_back(response) -> bool:
    body = response.content.decode()
    return "govuk-breadcrumbs" in body or "govuk-back-link" in body


def problems_of(name: str, response, tenant_name: str) -> list[str]:
    title = title_of(response)
    if title is None:
        return []
    wrong = []
    generic = GENERIC_TITLES | {f"{tenant_name} – {t}" for t in GENERIC_TITLES}
    if title in generic:
        wrong.append(f"{name}: the generic title {title!r}")
    if name not in NO_WAY_BACK_NEEDED and not has_way_back(response):
        wrong.append(f"{name}: no breadcrumbs or back link")
    return wrong


def test_every_page_has_its_own_title_and_a_way_back(world, personas, operator,  # noqa: F811
                                                     client_for, tenant_a):
    wrong: list[str] = []
    titles: dict[str, dict[str, str]] = {role: {} for role in ROLES}
    pages = 0
    for role in ROLES:
        client = client_for(personas["a"][role])
        for route in TENANT_ROUTES:
            if route.is_api or route.name.endswith("-export"):
                continue
            if EXPECTED.get(route.name, {}).get(role, (0, 0))[0] != 200:
                continue
            response = client.get(route.url(world["fillers"]))
            assert response.status_code == 200, f"{role} {route}: {response.status_code}"
            title = title_of(response)
            if title is None:
                continue
            pages += 1
            wrong += [f"{role} {problem}" for problem in
                      problems_of(route.name, response, tenant_a.name)]
            titles[role].setdefault(title, route.name)
            if titles[role][title] != route.name and frozenset(
                    {titles[role][title], route.name}) not in SAME_PAGE:
                wrong.append(f"{role} {route.name}: the same title as {titles[role][title]}: "
                             f"{title!r}")
    for name, path, who in OTHER_PAGES:
        if who is None:
            client = Client()
        else:
            client = client_for(operator if who == "operator" else personas["a"][who])
        response = client.get(path)
        assert response.status_code == 200, f"{path}: {response.status_code}"
        pages += 1
        wrong += problems_of(name, response, tenant_a.name)
    # The walk really went through the product, not a handful of pages.
    assert pages > 100
    assert not wrong, f"{len(wrong)} problems:\n" + "\n".join(sorted(wrong))


def test_the_check_catches_a_generic_title_and_a_missing_way_back():
    page = HttpResponse("<html><head><title>Wiltshire Council – School improvement</title>"
                        "</head><body><main></main></body></html>")
    assert problems_of("schools:school-list", page, "Wiltshire Council") == [
        "schools:school-list: the generic title 'Wiltshire Council – School improvement'",
        "schools:school-list: no breadcrumbs or back link"]
