"""Who sees what of visits (DESIGN §5), on the pages and the API: officers every school's; a
headteacher their own school's visits and released notes only; board members and viewers the
RAG counts, never a note."""

import pytest
from django.urls import reverse
from django_scopes import scope

from core.models import Role
from support.models import Response, VisitNote
from tests.factories import SchoolFactory, api_token_client
from tests.support.conftest import done_visit, released_note, written_note

pytestmark = pytest.mark.django_db


@pytest.fixture
def notes(tenant_a, school, officer):
    with scope(tenant=tenant_a):
        released = released_note(tenant_a, done_visit(tenant_a, school, label="Released"),
                                 officer)
        draft = written_note(tenant_a, done_visit(tenant_a, school, label="Draft"), officer)
        other = released_note(tenant_a, done_visit(tenant_a, SchoolFactory(tenant=tenant_a),
                                                   label="Other school"), officer)
    return {"released": released, "draft": draft, "other": other}


def _visit_page(client, tenant, note):
    return client.get(reverse("support:visit-detail", args=[tenant.slug, note.visit_id]))


def test_a_head_sees_their_schools_released_note_but_not_a_draft(
        tenant_a, personas, client_for, notes):
    client = client_for(personas["a"][Role.HEADTEACHER])
    released = _visit_page(client, tenant_a, notes["released"])
    assert "Steady progress." in released.content.decode()
    draft = _visit_page(client, tenant_a, notes["draft"])
    assert draft.status_code == 200 and "Steady progress." not in draft.content.decode()


def test_a_head_is_refused_another_schools_visit(tenant_a, personas, client_for, notes):
    client = client_for(personas["a"][Role.HEADTEACHER])
    assert _visit_page(client, tenant_a, notes["other"]).status_code == 403


def test_a_board_member_sees_the_counts_but_never_a_note(tenant_a, personas, client_for,
                                                         notes):
    client = client_for(personas["a"][Role.BOARD_MEMBER])
    assert _visit_page(client, tenant_a, notes["released"]).status_code == 403
    dashboard = client.get(reverse("support:dashboard", args=[tenant_a.slug]))
    body = dashboard.content.decode()
    assert "Progress since the last visit" in body
    assert notes["released"].visit.school.establishment.name not in body
    # Two released notes: every count is below 5, so none is shown to a board member.
    assert "fewer than 5" in body
    assert ">2</td>" not in body and ">1</td>" not in body


def test_an_officer_sees_the_rag_counts_as_they_are(tenant_a, personas, client_for, notes):
    body = client_for(personas["a"][Role.OFFICER]).get(
        reverse("support:dashboard", args=[tenant_a.slug])).content.decode()
    assert "fewer than 5" not in body and ">2</td>" in body


def test_the_head_marks_a_note_inaccurate_on_the_page(tenant_a, personas, client_for, notes):
    client = client_for(personas["a"][Role.HEADTEACHER])
    url = reverse("support:note-respond", args=[tenant_a.slug, notes["released"].visit_id])
    refused = client.post(url, {"response": "inaccurate", "comment": ""})
    assert refused.status_code == 400 and "Say what is inaccurate" in refused.content.decode()
    assert client.post(url, {"response": "inaccurate",
                             "comment": "The attendance figure is last year's."}
                       ).status_code == 302
    with scope(tenant=tenant_a):
        assert VisitNote.objects.get(pk=notes["released"].pk).response == Response.INACCURATE


def test_the_note_prints_as_a_pdf(tenant_a, personas, client_for, notes):
    client = client_for(personas["a"][Role.HEADTEACHER])
    response = client.get(reverse("support:note-pdf", args=[tenant_a.slug,
                                                            notes["released"].visit_id]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_the_api_gives_a_head_their_visits_without_a_drafts_status(tenant_a, personas, notes):
    client = api_token_client(personas["a"][Role.HEADTEACHER])
    urn = personas["a"]["school"].urn
    data = client.get(f"/api/t/{tenant_a.slug}/support/schools/{urn}/visits/").json()
    statuses = {row["label"]: row["note_status"] for row in data}
    assert statuses == {"Released": "released", "Draft": None}
    assert client.get(f"/api/t/{tenant_a.slug}/support/visits/{notes['draft'].visit_id}/"
                      "note/").status_code == 404


def test_an_officer_plans_and_the_head_answers_through_the_api(tenant_a, personas, notes):
    officer = api_token_client(personas["a"][Role.OFFICER])
    urn = personas["a"]["school"].urn
    assert officer.post(f"/api/t/{tenant_a.slug}/support/schools/{urn}/visits/plan/"
                        ).status_code == 200
    head = api_token_client(personas["a"][Role.HEADTEACHER])
    url = f"/api/t/{tenant_a.slug}/support/visits/{notes['released'].visit_id}/note/respond/"
    answer = head.post(url, {"response": "accurate"}, format="json")
    assert answer.status_code == 200 and answer.json()["response"] == "accurate"
