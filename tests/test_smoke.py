import pytest

pytestmark = pytest.mark.django_db


def test_an_officer_sees_their_tenant_home_with_its_name(personas, client_for):
    response = client_for(personas["a"]["officer"]).get("/t/wiltshire/")
    assert response.status_code == 200
    assert "Wiltshire Council" in response.content.decode()


def test_an_officer_of_another_tenant_gets_404(personas, client_for):
    response = client_for(personas["b"]["officer"]).get("/t/wiltshire/")
    assert response.status_code == 404


def test_the_school_list_shows_the_register(personas, client_for):
    response = client_for(personas["a"]["officer"]).get("/t/wiltshire/schools/")
    assert response.status_code == 200
    assert personas["a"]["school"].establishment.name in response.content.decode()
    assert personas["b"]["school"].establishment.name not in response.content.decode()
