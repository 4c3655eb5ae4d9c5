"""Bad input is a 400 (or a form error) naming the problem, never a 500: the review's cases."""

import json
import time

import pytest
from rest_framework.test import APIClient

from core.api import MAX_JSON_DEPTH, json_depth_exceeds
from core.models import Role
from schools import gias
from tests.crosstenant import tenant_fillers
from tests.test_isolation_matrix import TENANT_ROUTES

pytestmark = pytest.mark.django_db
API_ROUTES = [route for route in TENANT_ROUTES if route.is_api]
DEEP = "[" * 5000 + "]" * 5000


def api_client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("route", API_ROUTES, ids=str)
def test_json_nested_thousands_deep_is_a_400_at_every_endpoint(route, personas, tenant_a):
    url = route.url(tenant_fillers(tenant_a, personas, "a"))
    client = api_client(personas["a"][Role.ADMIN])
    for method in ("post", "put", "patch"):
        response = getattr(client, method)(url, DEEP, content_type="application/json")
        # 400 (an endpoint that does not read its body refuses for its own reason), 415 (an
        # endpoint that takes only files), or the method or role refused first: never a 500.
        assert response.status_code in (400, 403, 404, 405, 415), (method, response.status_code)


def test_the_refusal_of_deep_json_names_the_problem(personas):
    response = api_client(personas["a"][Role.OFFICER]).post(
        "/api/t/wiltshire/categorisation/inspections/", DEEP, content_type="application/json")
    assert response.status_code == 400
    assert f"nested more than {MAX_JSON_DEPTH} levels" in response.json()["detail"]


@pytest.mark.parametrize("body", ["null", "3", '"text"', "[1, 2]", "true"])
def test_a_school_patch_whose_body_is_not_an_object_is_a_400(body, personas):
    school = personas["a"]["school"]
    response = api_client(personas["a"][Role.ADMIN]).patch(
        f"/api/t/wiltshire/schools/{school.urn}/", body, content_type="application/json")
    assert response.status_code == 400
    assert "Send a JSON object" in response.json()["detail"]


def test_malformed_json_is_a_400(personas):
    response = api_client(personas["a"][Role.OFFICER]).post(
        "/api/t/wiltshire/categorisation/inspections/", '{"urn": ', content_type="application/json")
    assert response.status_code == 400


def test_the_depth_scan_ignores_brackets_inside_strings():
    assert not json_depth_exceeds(json.dumps({"note": "[" * 100}), MAX_JSON_DEPTH)
    assert json_depth_exceeds("[" * (MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)
    assert not json_depth_exceeds(json.dumps({"a": {"b": [1, 2, {"c": 3}]}}), MAX_JSON_DEPTH)


def test_an_api_list_asked_for_as_html_answers_json(personas):
    client = api_client(personas["a"][Role.OFFICER])
    response = client.get("/api/t/wiltshire/schools/", HTTP_ACCEPT="text/html")
    assert response.status_code in (200, 406)
    if response.status_code == 200:
        assert response["Content-Type"].startswith("application/json")


def test_nul_characters_in_the_register_filters_are_stripped(personas, client_for):
    client = client_for(personas["a"][Role.OFFICER])
    response = client.get("/t/wiltshire/schools/", {"q": "Test\x00 School", "phase": "\x00"})
    assert response.status_code == 200
    response = client.get("/t/wiltshire/schools/?q=%00&page=%00")
    assert response.status_code in (200, 404)


def test_a_gias_file_with_20000_unknown_columns_is_read_quickly_and_they_are_ignored():
    header = ",".join(["URN", "LA (code)", "EstablishmentName"]
                      + [f"Unknown{i}" for i in range(20_000)])
    row = ",".join(["100001", "999", "Some School"] + [""] * 20_000)
    started = time.monotonic()
    parsed = gias.parse_establishments(f"{header}\n{row}\n".encode())
    assert time.monotonic() - started < 3
    assert parsed.errors == [] and parsed.fields == ["la_code", "name"]
