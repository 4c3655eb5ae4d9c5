"""The scheme API: versions listed and read with their rules; a preview of a definition whose
counts equal a real recompute after saving, naming the schools that move and those left
uncategorised, writing nothing; refusals naming the field, 403 beyond the role, 404 for another
tenant's scheme."""

from __future__ import annotations

import copy
from collections import Counter

import pytest
from django_scopes import scope, scopes_disabled
from rest_framework.test import APIClient

from categorisation import recompute, services
from categorisation.models import CategorisationScheme, CategoryComputation, SchemeCategory
from tests.categorisation.test_scheme_editor import _register, _without_3d

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def base(tenant) -> str:
    return f"/api/t/{tenant.slug}/categorisation/schemes/"


def _items(response) -> list[dict]:
    body = response.json()
    return body["results"] if isinstance(body, dict) and "results" in body else body


def _loaded(tenant):
    with scope(tenant=tenant):
        first = services.scheme_preset_load(tenant=tenant, actor=None, preset="warwickshire")
        second = services.scheme_version_create(tenant=tenant, actor=None, scheme=first,
                                                definition=_without_3d(), change_note="No 3D")
    return first, second


def test_versions_are_listed_and_read_with_their_rules(tenant_a, tenant_b, personas):
    first, second = _loaded(tenant_a)
    _loaded(tenant_b)
    client = api(personas["a"]["admin"])
    listed = _items(client.get(base(tenant_a)))
    assert [(item["id"], item["version"], item["is_active"], item["change_note"])
            for item in listed] == [(second.pk, 2, True, "No 3D"), (first.pk, 1, False,
                                                                       first.change_note)]
    read = client.get(base(tenant_a) + f"{first.pk}/").json()
    assert read["definition"] == first.definition
    with scopes_disabled():
        codes = list(SchemeCategory.objects.filter(scheme=first).values_list("code", flat=True))
    assert [category["code"] for category in read["categories"]] == codes
    assert [version["version"] for version in read["versions"]] == [2, 1]
    with scopes_disabled():
        theirs = CategorisationScheme.objects.filter(tenant=tenant_b).first()
    assert client.get(base(tenant_a) + f"{theirs.pk}/").status_code == 404
    assert api(personas["a"]["officer"]).get(base(tenant_a)).status_code == 403
    assert api(personas["a"]["officer"]).post(
        base(tenant_a) + "preview/", {"definition": {}}, format="json").status_code == 403


def test_a_preview_equals_a_real_recompute_after_saving_and_writes_nothing(tenant_a,
                                                                           personas):
    _register(tenant_a, 6)
    with scope(tenant=tenant_a):
        scheme = services.scheme_preset_load(tenant=tenant_a, actor=None, preset="warwickshire")
    with scopes_disabled():
        before = (CategorisationScheme.objects.count(), CategoryComputation.objects.count())
    response = api(personas["a"]["admin"]).post(
        base(tenant_a) + "preview/", {"definition": _without_3d()}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    with scopes_disabled():
        assert (CategorisationScheme.objects.count(),
                CategoryComputation.objects.count()) == before
    assert sorted((move["school_name"], move["before"], move["after"])
                  for move in body["moves"]) == [
        ("School 00", "3D Requires improvement with good leadership", "3C Requires improvement"),
        ("School 04", "3D Requires improvement with good leadership", "3C Requires improvement")]
    assert body["uncategorised"] == []
    with scope(tenant=tenant_a):
        services.scheme_version_create(tenant=tenant_a, actor=None, scheme=scheme,
                                       definition=_without_3d(), change_note="No 3D")
        recompute.recompute_schools(tenant=tenant_a)
    with scopes_disabled():
        stored = Counter(code or "undetermined" for code in CategoryComputation.objects.filter(
            tenant=tenant_a, scheme__is_active=True,
            school__establishment__is_open=True).values_list("category_code", flat=True))
    assert {count["code"]: count["after"] for count in body["counts"] if count["after"]} \
        == dict(stored)
    assert body["schools"] == sum(stored.values())


def test_a_preview_names_the_schools_left_uncategorised_and_the_field_of_a_problem(
        tenant_a, personas):
    _register(tenant_a, 2)
    with scope(tenant=tenant_a):
        services.scheme_preset_load(tenant=tenant_a, actor=None, preset="warwickshire")
    client = api(personas["a"]["admin"])
    only_inadequate = copy.deepcopy(_without_3d())
    only_inadequate["rules"] = [rule for rule in only_inadequate["rules"]
                                if rule.get("category") == "4"]
    body = client.post(base(tenant_a) + "preview/", {"definition": only_inadequate},
                       format="json").json()
    # The persona headteacher's school has no inspection: no rule matches it either.
    assert sorted(item["school_name"] for item in body["uncategorised"]) == sorted([
        "School 00", "School 01", personas["a"]["school"].establishment.name])
    wrong = client.post(base(tenant_a) + "preview/", {"definition": {"rules": [
        {"category": "9Z", "when": {"fact": "inspection.grade", "op": "eq", "value": 1}}]}},
        format="json")
    assert wrong.status_code == 400
    assert wrong.json()["definition"] == [
        "definition: Rule 1 names category '9Z', which the scheme does not have."]
    no_label = client.post(base(tenant_a) + "preview/", {
        "definition": only_inadequate, "categories": [{"code": "4"}]}, format="json")
    assert no_label.status_code == 400
    assert no_label.json()["categories"] == ["categories[1].label: enter it as text."]
