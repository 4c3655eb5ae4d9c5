"""Scheme pages: versions, loading a preset, editing rules as data, and the refusal of a version
that leaves a school with no category."""

import json

import pytest
from django_scopes import scope

from categorisation.models import CategorisationScheme
from categorisation.services import scheme_preset_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheme(tenant_a, personas):
    with scope(tenant=tenant_a):
        return scheme_preset_load(tenant=tenant_a, actor=None, preset="warwickshire")


def base(tenant):
    return f"/t/{tenant.slug}/categorisation/schemes/"


def test_an_admin_loads_a_preset(tenant_a, personas, client_for):
    response = client_for(personas["a"]["admin"]).post(base(tenant_a), {"preset": "welsh"})
    assert response.status_code == 302
    with scope(tenant=tenant_a):
        assert CategorisationScheme.objects.get(key="welsh", is_active=True).version == 1


def test_the_scheme_page_shows_the_rules_readably(scheme, tenant_a, personas, client_for):
    body = client_for(personas["a"]["admin"]).get(
        f"{base(tenant_a)}{scheme.pk}/").content.decode()
    assert "Graded judgement in force" in body
    assert "Inadequate - serious weaknesses or special measures" in body


def test_a_version_leaving_a_school_with_no_category_is_refused_naming_the_school(
        scheme, tenant_a, personas, client_for):
    school = personas["a"]["school"]
    definition = {"rules": [{"category": "1", "when": {"fact": "inspection.grade", "op": "eq",
                                                       "value": 1}}]}
    response = client_for(personas["a"]["admin"]).post(
        f"{base(tenant_a)}{scheme.pk}/edit/",
        {"definition": json.dumps(definition), "change_note": "Only outstanding"})
    body = response.content.decode()
    assert response.status_code == 400
    assert f"{school.establishment.name} (URN {school.urn}) would have no category" in body
    with scope(tenant=tenant_a):
        assert CategorisationScheme.objects.filter(key="warwickshire").count() == 1


def test_invalid_json_is_refused_with_where_it_broke(scheme, tenant_a, personas, client_for):
    response = client_for(personas["a"]["admin"]).post(
        f"{base(tenant_a)}{scheme.pk}/edit/", {"definition": "{rules: ", "change_note": "x"})
    assert response.status_code == 400
    assert "not valid JSON" in response.content.decode()


def test_a_sound_edit_saves_the_next_version(scheme, tenant_a, personas, client_for):
    definition = dict(scheme.definition, parameters={"trend_threshold": 3})
    response = client_for(personas["a"]["admin"]).post(
        f"{base(tenant_a)}{scheme.pk}/edit/",
        {"definition": json.dumps(definition), "change_note": "Trend threshold 3 points"})
    assert response.status_code == 302
    with scope(tenant=tenant_a):
        active = CategorisationScheme.objects.get(key="warwickshire", is_active=True)
    assert (active.version, active.definition["parameters"]) == (2, {"trend_threshold": 3})


def test_an_officer_cannot_manage_schemes(scheme, tenant_a, personas, client_for):
    assert client_for(personas["a"]["officer"]).get(base(tenant_a)).status_code == 403


def test_another_tenants_admin_gets_404_for_the_scheme(scheme, tenant_a, personas, client_for):
    response = client_for(personas["b"]["admin"]).get(f"{base(tenant_a)}{scheme.pk}/")
    assert response.status_code == 404
