"""A closed school is not categorised: no proposal, no category in force after it closed, no
visits; the queue, the dashboard and the published read leave it out (issue 10, finding 3)."""

from datetime import date, timedelta

import pytest
from django_scopes import scope, scopes_disabled

from categorisation import recompute, workflow
from categorisation.dashboard import dashboard
from categorisation.models import CategoryProposal
from categorisation.published import categories_in_force
from categorisation.selectors import proposals_waiting, school_category_overview
from schools.models import Establishment
from tests.categorisation.workflow_setup import make_proposal
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db
CLOSED_ON = date(2025, 8, 31)


def close(school, on: date = CLOSED_ON) -> None:
    Establishment.objects.filter(urn=school.urn).update(is_open=False, close_date=on)
    school.establishment.refresh_from_db()


@pytest.fixture
def proposed(tenant_a, personas, django_capture_on_commit_callbacks):
    school = personas["a"]["school"]
    proposal, categories = make_proposal(tenant_a, school, django_capture_on_commit_callbacks)
    return {"school": school, "proposal": proposal, "categories": categories}


def test_a_closed_school_gets_no_proposal(tenant_a, django_capture_on_commit_callbacks):
    closed = SchoolFactory(tenant=tenant_a)
    close(closed)
    open_school = SchoolFactory(tenant=tenant_a)
    make_proposal(tenant_a, open_school, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True), scope(tenant=tenant_a):
        stats = recompute.recompute_schools(tenant=tenant_a)
    with scopes_disabled():
        assert not CategoryProposal.objects.filter(school=closed).exists()
        assert CategoryProposal.objects.filter(school=open_school, status="open").exists()
    assert stats.closed == 1


def test_the_open_proposal_of_a_school_that_closed_is_withdrawn(proposed, tenant_a):
    close(proposed["school"])
    with scope(tenant=tenant_a):
        recompute.recompute_schools(tenant=tenant_a)
        assert CategoryProposal.objects.get(pk=proposed["proposal"].pk).status == "superseded"


def test_the_queue_and_the_dashboard_leave_a_closed_school_out(proposed, tenant_a):
    close(proposed["school"])  # closed since the proposal was made, not yet recomputed
    with scope(tenant=tenant_a):
        assert list(proposals_waiting(tenant=tenant_a)) == []
        assert dashboard(tenant=tenant_a, today=date(2026, 3, 1)).proposals_waiting == 0


def test_a_closed_school_has_no_category_in_force_after_it_closed(proposed, tenant_a,
                                                                  personas):
    with scope(tenant=tenant_a):
        workflow.proposal_confirm(tenant=tenant_a, actor=personas["a"]["officer"],
                                  proposal=proposed["proposal"], note="")
        school = proposed["school"]
        decided = categories_in_force(tenant=tenant_a)[school.pk].decided_at.date()
        close(school, on=decided + timedelta(days=10))
        assert school.pk not in categories_in_force(tenant=tenant_a)
        assert school.pk in categories_in_force(tenant=tenant_a, on=decided + timedelta(days=1))
        assert school.pk not in categories_in_force(tenant=tenant_a,
                                                    on=decided + timedelta(days=10))
        overview = school_category_overview(tenant=tenant_a, school=school,
                                            today=decided + timedelta(days=20))
        assert overview.in_force is None and overview.entitlement is None
        assert overview.history  # the history stays readable


def test_the_category_page_of_a_closed_school_says_it_closed(proposed, tenant_a, personas,
                                                            client_for):
    close(proposed["school"])
    page = client_for(personas["a"]["officer"]).get(
        f"/t/{tenant_a.slug}/categorisation/schools/{proposed['school'].urn}/").content.decode()
    assert "This school closed on 31 August 2025" in page
    assert "A newer proposal is waiting" not in page
