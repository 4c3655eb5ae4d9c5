"""The schools list is cached per register version: a change to the register must show."""

import pytest
from django_scopes import scopes_disabled

from schools.models import Establishment, School
from schools.services import register_changed

pytestmark = pytest.mark.django_db


def _rename(school, name: str) -> None:
    with scopes_disabled():
        Establishment.objects.filter(pk=school.establishment_id).update(name=name)


def test_the_list_shows_a_renamed_school_once_the_register_is_marked_changed(
    personas, client_for
):
    client = client_for(personas["a"]["officer"])
    school = personas["a"]["school"]
    assert school.establishment.name in client.get("/t/wiltshire/schools/").content.decode()
    _rename(school, "Renamed Academy")
    register_changed(tenant_ids=[school.tenant_id])
    assert "Renamed Academy" in client.get("/t/wiltshire/schools/").content.decode()


def test_a_national_change_refreshes_every_tenants_list(personas, client_for):
    _rename(personas["a"]["school"], "Alpha Renamed")
    _rename(personas["b"]["school"], "Beta Renamed")
    register_changed()
    assert "Alpha Renamed" in client_for(personas["a"]["officer"]).get(
        "/t/wiltshire/schools/").content.decode()
    assert "Beta Renamed" in client_for(personas["b"]["officer"]).get(
        "/t/dorset/schools/").content.decode()


def test_the_cached_list_of_one_tenant_is_never_served_to_another(personas, client_for):
    body_a = client_for(personas["a"]["officer"]).get("/t/wiltshire/schools/").content.decode()
    body_b = client_for(personas["b"]["officer"]).get("/t/dorset/schools/").content.decode()
    assert personas["a"]["school"].establishment.name in body_a
    assert personas["a"]["school"].establishment.name not in body_b
    assert personas["b"]["school"].establishment.name in body_b


def test_the_filtered_partial_is_cached_separately_from_the_full_page(personas, client_for):
    client = client_for(personas["a"]["officer"])
    name = personas["a"]["school"].establishment.name
    partial = client.get("/t/wiltshire/schools/?q=zzzz-nothing", HTTP_HX_REQUEST="true")
    assert "No schools match" in partial.content.decode()
    assert "<html" not in partial.content.decode()
    full = client.get("/t/wiltshire/schools/").content.decode()
    assert name in full and "<html" in full


def _open_schools_on_home(client, slug: str) -> int:
    body = client.get(f"/t/{slug}/").content.decode()
    start = body.index('data-testid="open-schools">') + len('data-testid="open-schools">')
    return int(body[start:body.index("<", start)].replace(",", ""))


def test_the_home_pages_counts_are_kept_until_the_register_changes(personas, client_for):
    client = client_for(personas["a"]["officer"])
    school = personas["a"]["school"]
    with scopes_disabled():
        open_now = School.objects.filter(tenant=school.tenant,
                                         establishment__is_open=True).count()
    assert _open_schools_on_home(client, "wiltshire") == open_now
    with scopes_disabled():
        Establishment.objects.filter(pk=school.establishment_id).update(is_open=False)
    # Nothing marked the register changed: the kept counts are served (no recount).
    assert _open_schools_on_home(client, "wiltshire") == open_now
    register_changed(tenant_ids=[school.tenant_id])
    assert _open_schools_on_home(client, "wiltshire") == open_now - 1
    # The other tenant's counts are its own.
    with scopes_disabled():
        open_b = School.objects.filter(tenant=personas["b"]["school"].tenant,
                                       establishment__is_open=True).count()
    assert _open_schools_on_home(client_for(personas["b"]["officer"]), "dorset") == open_b
