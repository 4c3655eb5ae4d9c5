""""Waiting for you" and the weekly digest (core.notifications), fed by each app."""

from datetime import date, timedelta

import pytest
from django_scopes import scope

from core.models import Membership, Role
from core.notifications import waiting_for
from core.tasks import weekly_digest
from tests.categorisation.test_workflow import confirm, proposed  # noqa: F401

pytestmark = pytest.mark.django_db


def membership(tenant, role):
    with scope(tenant=tenant):
        return Membership.objects.select_related("tenant", "user").get(role=role)


def texts(items):
    return [item.text for item in items]


def test_an_open_proposal_waits_for_the_officers_and_a_confirmed_category_for_the_head(
        proposed):  # noqa: F811
    tenant = proposed["tenant"]
    with scope(tenant=tenant):
        [item] = waiting_for(membership(tenant, Role.OFFICER))
        assert item.text == "1 proposed category to confirm or override"
        assert item.url == "/t/wiltshire/categorisation/proposals/"
        assert waiting_for(membership(tenant, Role.HEADTEACHER)) == []
        assert waiting_for(membership(tenant, Role.VIEWER)) == []
    confirm(proposed)
    with scope(tenant=tenant):
        assert waiting_for(membership(tenant, Role.OFFICER)) == []
        [item] = waiting_for(membership(tenant, Role.HEADTEACHER))
    school = proposed["school"]
    assert item.text == f"{school}'s category is waiting for your response"
    assert item.url == f"/t/wiltshire/categorisation/schools/{school.urn}/"


def test_the_home_page_shows_what_waits_and_nothing_when_nothing_does(
        proposed, client_for):  # noqa: F811
    people = proposed["people"]
    page = client_for(people["officer"]).get("/t/wiltshire/").content.decode()
    assert "Waiting for you" in page and "1 proposed category to confirm" in page
    # The viewer's header says "Waiting for you (0)"; no banner, but the first screen says so.
    quiet = client_for(people["viewer"]).get("/t/wiltshire/").content.decode()
    assert 'data-testid="waiting"' not in quiet
    assert '<p class="govuk-body govuk-!-margin-bottom-6" data-testid="waiting-empty">' \
        '<strong>Nothing is waiting for you.</strong>' in quiet
    assert 'data-testid="waiting-empty"' not in page


def test_an_overdue_hub_action_waits_for_its_owner(personas, tenant_a):
    """A hub's actions are a board's (a hub is a board of kind hub)."""
    from boards.models import Board, BoardAction, BoardKind
    from partnerships.models import Partnership, PartnershipLevel

    head = membership(tenant_a, Role.HEADTEACHER)
    with scope(tenant=tenant_a):
        level = PartnershipLevel.objects.create(tenant=tenant_a, name="Hub", rank=1)
        partnership = Partnership.objects.create(tenant=tenant_a, level=level, name="Hub A",
                                                 start_date=date(2024, 9, 1))
        hub = Board.objects.create(tenant=tenant_a, name="Hub A", kind=BoardKind.HUB,
                                   partnership=partnership)
        late = BoardAction.objects.create(tenant=tenant_a, board=hub, owner=head,
                                          description="Share the reading plan",
                                          due_date=date.today() - timedelta(days=3))
        BoardAction.objects.create(tenant=tenant_a, board=hub, owner=head,
                                   description="Not due yet",
                                   due_date=date.today() + timedelta(days=30))
        BoardAction.objects.create(tenant=tenant_a, board=hub, owner=head, status="done",
                                   description="Done already",
                                   due_date=date.today() - timedelta(days=3))
        [item] = waiting_for(head)
    assert "Share the reading plan" in item.text and "(Hub A)" in item.text
    assert item.url == f"/t/wiltshire/boards/{hub.pk}/actions/{late.pk}/"


def test_the_weekly_digest_mails_each_person_what_waits_with_links(
        proposed, mailoutbox, settings):  # noqa: F811
    settings.SITE_URL = "https://sip.example.gov.uk"
    confirm(proposed)
    mailoutbox.clear()
    result = weekly_digest()
    by_person = {mail.to[0]: mail for mail in mailoutbox}
    head = by_person["headteacher@wiltshire.example.org"]
    school = proposed["school"]
    assert f"{school}'s category is waiting for your response" in head.body
    assert f"https://sip.example.gov.uk/t/wiltshire/categorisation/schools/{school.urn}/" in \
        head.body
    assert f"{school}: category 3C Requires improvement (confirmed by an officer)" in head.body
    # Nobody in Dorset hears of Wiltshire; a viewer with nothing gets nothing.
    assert not any(email.endswith("@dorset.example.org") for email in by_person)
    assert "viewer@wiltshire.example.org" not in by_person
    assert result["sent"] == len(mailoutbox)
