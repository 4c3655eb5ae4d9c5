"""One table-driven test over every URL of the project x every role x GET and POST.

URLs are discovered from the resolver, so a new page or endpoint is in the matrix the moment it
is routed. A tenant URL needs a way to fill each of its arguments with a real object of tenant A
(`FILLERS`) and a row of expected statuses for tenant A's own roles (`EXPECTED`); a URL without
a tenant must be listed in `NON_TENANT_URLS` with the reason it holds no tenant data. Anything
missing fails here rather than going untested.

What is checked:
- a user of tenant B (every role), the platform operator and a person with no membership get
  404 from every tenant-A URL and the body holds none of tenant A's data;
- an anonymous visitor is sent to sign in (pages) or refused with 401 (API), never served data;
  a route an app declares public (`PUBLIC` of its isolation module: it needs no sign-in where
  the object's own terms allow it) answers 404 for tenant A's objects, which do not;
- tenant A's own roles get the statuses of `EXPECTED`; a headteacher gets 403 for a school of
  their tenant that is not theirs.
"""


import pytest
from django.db import transaction
from django_scopes import scopes_disabled

from core.models import Membership, Role
from core.routes import Route, discover, tenant_routes
from schools.models import GiasImport
from tests.factories import SchoolFactory, UserFactory
from tests.isolation import contributions as isolation_contributions

pytestmark = pytest.mark.django_db

ROLES = [role.value for role in Role]
METHODS = ["GET", "POST"]


ALL_ROUTES = discover()
TENANT_ROUTES = tenant_routes()

# URLs outside /t/<slug>/ and /api/t/<slug>/, by prefix, with why no tenant data is behind them.
NON_TENANT_URLS = {
    "": "home: lists only the signed-in user's own memberships",
    "healthz/": "liveness check: answers {'status': 'ok'}",
    "accessibility/": "the accessibility statement: public text; a signed-in person sees only "
                      "the admins of their own tenants to report a problem to",
    "accounts/": "django-allauth sign-in, password, MFA and SSO pages: the user's own account",
    "invitations/": "an invitation link: the token is the credential (tests/test_invitations.py)",
    "account/": "the signed-in user's own settings and API token",
    # The national imports before "platform/": the first prefix that matches gives the reason.
    "platform/imports/gias/": "the operator's national GIAS imports: public reference data, "
                              "no tenant's (tests/test_platform_national_imports.py)",
    "platform/imports/data/": "the operator's national Ofsted and performance imports: public "
                              "data, no tenant's (tests/test_platform_national_imports.py)",
    "platform/": "the platform operator's tenant list: no tenant data "
                 "(tests/test_platform_operator.py)",
    "demo/": "the demo council's sample import files: made-up data for anyone "
             "(tests/test_demo_data.py)",
    "api/schema/": "the OpenAPI schema: describes endpoints, holds no data",
    "api/docs/": "Swagger UI for the schema, from local static files",
    "django-admin/": "Django's admin, for staff only",
}


def non_tenant_reason(route: Route) -> str | None:
    if route.pattern in ("", "healthz/"):
        return NON_TENANT_URLS[route.pattern]
    for prefix, reason in NON_TENANT_URLS.items():
        if prefix not in ("", "healthz/") and route.pattern.startswith(prefix):
            return reason
    return None


# Tenant A's expected statuses: {url name: {role: (GET, POST)}}. Pages answer 302 after a
# successful POST (post/redirect/get) and 400 for an invalid form; 405 is a method the URL does
# not take.
ADMIN, OFFICER, HEAD, BOARD, VIEWER = ROLES
ALL_ROLES_ALIKE = {role: (200, 200) for role in ROLES}


def statuses(admin, officer, head, board, viewer) -> dict:
    return dict(zip(ROLES, (admin, officer, head, board, viewer), strict=True))


FORBIDDEN = (403, 403)
EXPECTED: dict[str, dict[str, tuple[int, int]]] = {
    "core:tenant-home": ALL_ROLES_ALIKE,
    # The header search: every member; each source decides what it shows them.
    "core:search": ALL_ROLES_ALIKE,
    "core:member-list": statuses((200, 400), FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    # GET asks to confirm; POST removes and goes back to the people page.
    "core:member-remove": statuses((200, 302), FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "core:tenant-settings": statuses((302, 302), FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    # An empty POST leaves the six half-terms out: the form says so.
    "core:school-calendar": statuses((200, 400), FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    # An empty POST names no role: refused with a message, back to the page.
    "core:access": statuses((200, 302), FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "schools:school-list": statuses((200, 200), (200, 200), FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "schools:school-list-export": statuses((200, 405), (200, 405), FORBIDDEN, FORBIDDEN, FORBIDDEN),
    # The headteacher's own school (FILLERS put tenant A's headteacher's school in `urn`).
    "schools:school-detail": statuses((200, 200), (200, 200), (200, 200), FORBIDDEN, FORBIDDEN),
    "schools:school-edit": statuses((200, 302), (200, 302), (200, 302), FORBIDDEN, FORBIDDEN),
    "imports:gias-import-list": statuses((200, 400), FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "imports:gias-import-detail": statuses((200, 200), FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "imports:gias-import-progress":
        statuses((200, 200), FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    # The filler import is still pending, so even its admin may not apply it yet.
    "imports:gias-import-apply": statuses((405, 403), FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "schools_api:api-school-list":
        statuses((200, 405), (200, 405), FORBIDDEN, FORBIDDEN, FORBIDDEN),
    # Any member reaches these views (the school decides), so a wrong method is 405 for all.
    "schools_api:api-school-detail":
        statuses((200, 405), (200, 405), (200, 405), (403, 405), (403, 405)),
    "schools_api:api-school-lineage":
        statuses((200, 405), (200, 405), (200, 405), (403, 405), (403, 405)),
}
# Routes that need no sign-in where the object allows it: {url name: why that is safe}.
PUBLIC: dict[str, str] = {}
for _contribution in isolation_contributions():
    EXPECTED.update(_contribution.EXPECTED)
    PUBLIC.update(getattr(_contribution, "PUBLIC", {}))
# A list's download (core.downloads.list_paths: the page's own view at `<page>-export`) answers
# GET as the page does; it takes no POST (405), unless the page refuses the role first (403).
for _route in TENANT_ROUTES:
    _page = _route.name.removesuffix("-export")
    if _route.name.endswith("-export") and _route.name not in EXPECTED and _page in EXPECTED:
        EXPECTED[_route.name] = {
            role: (get, post if post in (403, 405) else 405)
            for role, (get, post) in EXPECTED[_page].items()}


@pytest.fixture
def world(personas, tenant_a, operator) -> dict:
    """Tenant A's objects to fill URL arguments with, and the outsiders who must see none."""
    school = personas["a"]["school"]
    with scopes_disabled():
        viewer_membership = Membership.objects.get(tenant=tenant_a, role=Role.VIEWER)
        gias_import = GiasImport.objects.create(
            tenant=tenant_a, original_name="edubasealldata.csv", file="imports/gias/x.csv",
            uploaded_by=personas["a"]["admin"],
        )
    fillers = {
        "tenant_slug": tenant_a.slug,
        "urn": school.urn,
        "membership_id": viewer_membership.pk,
        "import_id": gias_import.pk,
        "gias_import_id": gias_import.pk,
    }
    for contribution in isolation_contributions():
        fillers.update(contribution.fillers(tenant_a, personas))
    outsiders = {f"b-{role}": personas["b"][role] for role in ROLES}
    outsiders["operator"] = operator
    outsiders["no-membership"] = UserFactory(email="stranger@example.org")
    secrets = [school.establishment.name, tenant_a.name]
    return {"fillers": fillers, "outsiders": outsiders, "secrets": secrets,
            "other_school": SchoolFactory(tenant=tenant_a)}


def request(client, method: str, url: str):
    # A non-empty body, so `Form(request.POST or None)` is bound and validated.
    return client.get(url) if method == "GET" else client.post(url, {"submitted": "1"})


def assert_no_secrets(response, secrets: list[str]) -> None:
    body = response.content.decode(errors="replace")
    for secret in secrets:
        assert secret not in body, f"{secret!r} leaked in the response"


# --- the routing table is complete ----------------------------------------------------------


def test_the_matrix_found_the_tenant_pages_and_the_api():
    names = {route.name for route in TENANT_ROUTES}
    assert {"schools:school-list", "schools:school-detail", "schools_api:api-school-list",
            "schools_api:api-school-detail"} <= names


@pytest.mark.parametrize("route", [r for r in ALL_ROUTES if r not in TENANT_ROUTES], ids=str)
def test_every_url_without_a_tenant_is_listed_with_a_reason(route):
    assert non_tenant_reason(route), (
        f"/{route.pattern} has no tenant_slug: add it to NON_TENANT_URLS with the reason it "
        "holds no tenant data, or route it under /t/<tenant_slug>/"
    )


PLATFORM_ROUTES = [route for route in ALL_ROUTES if route.pattern.startswith("platform/")]


@pytest.mark.parametrize("route", PLATFORM_ROUTES, ids=str)
def test_every_platform_url_refuses_tenant_users_and_anonymous_visitors(
        route, personas, client, client_for):
    """The operator's pages: every role of either tenant gets 403 (or 404), and an anonymous
    visitor is sent to sign in; only an operator is served (tests/test_platform_operator.py,
    tests/test_platform_national_imports.py)."""
    url = route.url({argument: 1 for argument in route.arguments})
    wrong = []
    for side in ("a", "b"):
        for role in ROLES:
            for method in METHODS:
                response = isolated_request(client_for(personas[side][role]), method, url)
                if response.status_code not in (403, 404):
                    wrong.append(f"{side}-{role} {method}: {response.status_code}")
    for method in METHODS:
        response = isolated_request(client, method, url)
        if response.status_code != 302 or not response["Location"].startswith(
                "/accounts/login/"):
            wrong.append(f"anonymous {method}: {response.status_code}")
    assert not wrong, f"{url} must refuse everyone but the operator: " + "; ".join(wrong)


def test_every_tenant_url_argument_has_a_filler(world):
    missing = [f"/{route.pattern}: {arg}" for route in TENANT_ROUTES for arg in route.arguments
               if arg not in world["fillers"]]
    assert not missing, "add a tenant-A object to FILLERS for " + "; ".join(missing)


@pytest.mark.parametrize("route", TENANT_ROUTES, ids=str)
def test_every_tenant_url_has_expected_statuses_for_each_role(route):
    assert route.name in EXPECTED, f"/{route.pattern}: add a row for {route.name!r} to EXPECTED"
    assert set(EXPECTED[route.name]) == set(ROLES)


# --- the matrix -----------------------------------------------------------------------------

OUTSIDERS = [f"b-{role}" for role in ROLES] + ["operator", "no-membership"]


def isolated_request(client, method: str, url: str):
    """One request whose writes are rolled back, so every case of a route meets the same data
    (an admin's successful POST must not change what the next role sees)."""
    with transaction.atomic():
        response = request(client, method, url)
        transaction.set_rollback(True)
    return response


# One test per route, every caller and method inside it: the world is built once per route
# rather than once per case, and a failure lists every case that went wrong.


def test_every_public_route_exists_and_says_why():
    names = {route.name for route in TENANT_ROUTES}
    assert set(PUBLIC) <= names and all(reason.strip() for reason in PUBLIC.values())


def test_an_anonymous_visitor_is_sent_to_sign_in_or_refused_by_every_tenant_url(world, client):
    """Every route in one test (an anonymous request is cheap; building the world per route
    was most of this test's time), every wrong answer listed."""
    wrong = []
    for route in TENANT_ROUTES:
        url = route.url(world["fillers"])
        for method in METHODS:
            response = isolated_request(client, method, url)
            if route.name in PUBLIC:
                # Tenant A's objects are not open to the public: like an outsider, 404.
                expected = response.status_code == 404
            elif route.is_api:
                expected = response.status_code == 401
            else:
                expected = (response.status_code == 302
                            and response["Location"].startswith("/accounts/login/"))
            if not expected:
                wrong.append(f"{method} {url}: {response.status_code}")
            assert_no_secrets(response, world["secrets"])
    assert not wrong, "anonymous visitors must sign in or be refused: " + "; ".join(wrong)


@pytest.mark.parametrize("route", TENANT_ROUTES, ids=str)
def test_each_role_gets_its_expected_status_and_every_outsider_404_with_no_data(
        route, world, personas, client_for):
    """Both sides of the matrix for one route over one world: tenant A's roles get the
    statuses EXPECTED names; tenant B's roles, the operator and a user with no membership get
    404 and none of tenant A's data, for every method."""
    if route.name not in EXPECTED:
        pytest.fail(f"/{route.pattern}: add a row for {route.name!r} to EXPECTED")
    url = route.url(world["fillers"])
    wrong = []
    for role in ROLES:
        client = client_for(personas["a"][role])
        for method in METHODS:
            response = isolated_request(client, method, url)
            expected = EXPECTED[route.name][role][METHODS.index(method)]
            if response.status_code != expected:
                wrong.append(f"{role} {method}: {response.status_code}, expected {expected}")
    for outsider in OUTSIDERS:
        client = client_for(world["outsiders"][outsider])
        for method in METHODS:
            response = isolated_request(client, method, url)
            if response.status_code != 404:
                wrong.append(f"outsider {outsider} {method}: {response.status_code}, "
                             "expected 404")
            assert_no_secrets(response, world["secrets"])
    assert not wrong, f"{url}: " + "; ".join(wrong)


URN_ROUTES = [route for route in TENANT_ROUTES if "urn" in route.arguments]


def test_a_headteacher_gets_403_for_another_school_of_their_tenant(world, personas, client_for):
    other = world["other_school"]
    client = client_for(personas["a"][Role.HEADTEACHER])
    wrong = []
    for route in URN_ROUTES:
        url = route.url({**world["fillers"], "urn": other.urn})
        for method in METHODS:
            response = isolated_request(client, method, url)
            # An API route that takes no POST refuses the method before it looks at the
            # school; one that does (a school's judgements) refuses the school.
            allowed = {403, 405} if route.is_api and method == "POST" else {403}
            if response.status_code not in allowed:
                wrong.append(f"{method} {url}: {response.status_code}")
            assert_no_secrets(response, [other.establishment.name])
    assert not wrong, "another school of the head's tenant must be 403: " + "; ".join(wrong)
