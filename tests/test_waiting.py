""""Waiting for you": each app's items reach the right role and no other, the header's count
is cached per person per tenant and forgotten when the thing is done, the page and the API
list the same items, and the header costs no query per waiting item."""

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scope

from categorisation.judgements import judgement_agree, judgement_disagree, judgement_record
from categorisation.models import DataImport
from core.models import Membership, Role
from core.notifications import waiting_for
from funding.services import census as census_services
from schools.models import GiasImport
from tests.categorisation.test_judgements import wiltshire  # noqa: F401
from tests.factories import TenantFactory

pytestmark = pytest.mark.django_db

ROLES = [Role.ADMIN, Role.OFFICER, Role.HEADTEACHER, Role.BOARD_MEMBER, Role.VIEWER]


def member(tenant, role) -> Membership:
    with scope(tenant=tenant):
        return Membership.objects.select_related("tenant", "user").get(role=role)


def waiting_by_role(tenant) -> dict[str, list]:
    with scope(tenant=tenant):
        return {role: waiting_for(member(tenant, role)) for role in ROLES}


def only(by_role: dict[str, list], role: str) -> list:
    """The items of `role`, after checking every other role has none."""
    assert {other: items for other, items in by_role.items() if other != role and items} == {}
    return by_role[role]


def census(tenant, personas, urn: int, name: str = "census.csv"):
    with scope(tenant=tenant):
        return census_services.census_return_check(
            tenant=tenant, actor=personas["a"]["admin"], data=f"URN,Pupils\n{urn},190\n".encode(),
            name=name, census_date=date(2024, 10, 3), source="October 2024 school census")


# --- Each source, for the right role only ------------------------------------------------------


def test_a_proposed_capacity_level_waits_for_the_schools_head_until_she_answers(
        tenant_a, personas, wiltshire):  # noqa: F811
    with scope(tenant=tenant_a):
        judgement_record(tenant=tenant_a, actor=personas["a"]["officer"], school=wiltshire,
                         key="capacity_level", value="3", reason="Leaders are new.")
    [item] = only(waiting_by_role(tenant_a), Role.HEADTEACHER)
    assert item.text == f"{wiltshire}'s capacity level is proposed: agree, or disagree and say why"
    assert item.url == f"/t/{tenant_a.slug}/categorisation/schools/{wiltshire.urn}/"
    with scope(tenant=tenant_a):
        judgement_agree(tenant=tenant_a, actor=personas["a"]["headteacher"], school=wiltshire,
                        key="capacity_level", note="Agreed.")
    assert waiting_by_role(tenant_a)[Role.HEADTEACHER] == []


def test_a_disputed_capacity_level_waits_for_moderation_by_the_senior_officer_only(
        tenant_a, personas, wiltshire):  # noqa: F811
    with scope(tenant=tenant_a):
        judgement_record(tenant=tenant_a, actor=personas["a"]["officer"], school=wiltshire,
                         key="capacity_level", value="4", reason="Results fell.")
        judgement_disagree(tenant=tenant_a, actor=personas["a"]["headteacher"],
                           school=wiltshire, key="capacity_level", reason="New head since.")
    [item] = only(waiting_by_role(tenant_a), Role.ADMIN)
    assert (item.text, item.url, item.count) == (
        "1 disagreement to moderate", f"/t/{tenant_a.slug}/categorisation/moderation/", 1)


def test_a_checked_census_return_waits_for_the_admin_until_applied(tenant_a, personas):
    record = census(tenant_a, personas, personas["a"]["school"].urn)
    [item] = only(waiting_by_role(tenant_a), Role.ADMIN)
    assert item.text == ("The census return October 2024 school census (03 October 2024) "
                         "(census.csv) is checked and ready to apply")
    assert item.url == f"/t/{tenant_a.slug}/funding/census/{record.pk}/"
    with scope(tenant=tenant_a):
        census_services.census_return_apply(tenant=tenant_a, actor=personas["a"]["admin"],
                                            record=record)
    assert waiting_by_role(tenant_a)[Role.ADMIN] == []


@pytest.mark.parametrize("model, extra, url", [
    (GiasImport, {}, "/t/{slug}/imports/{pk}/"),
    (DataImport, {"kind": DataImport.Kind.OFSTED}, "/t/{slug}/categorisation/imports/{pk}/"),
])
def test_a_checked_import_waits_for_the_admin_and_a_failed_one_does_not(
        tenant_a, personas, model, extra, url):
    with scope(tenant=tenant_a):
        ready = model.objects.create(tenant=tenant_a, original_name="ready.csv",
                                     file="ready.csv", status="previewed", **extra)
        model.objects.create(tenant=tenant_a, original_name="broken.csv", file="b.csv",
                             status="failed", **extra)
    [item] = only(waiting_by_role(tenant_a), Role.ADMIN)
    assert "ready.csv is checked and ready to apply" in item.text
    assert item.url == url.format(slug=tenant_a.slug, pk=ready.pk)


def test_nothing_of_one_tenant_waits_for_the_people_of_another(tenant_a, tenant_b, personas):
    census(tenant_a, personas, personas["a"]["school"].urn)
    assert waiting_by_role(tenant_b)[Role.ADMIN] == []


# --- The header's count ------------------------------------------------------------------------


def header_count(client, tenant) -> int:
    """The count the header loads after the page (its link asks for the fragment)."""
    page = client.get(f"/t/{tenant.slug}/boards/").content.decode()
    fragment_url = f"/t/{tenant.slug}/waiting/count/"
    assert f'hx-get="{fragment_url}" hx-trigger="load"' in page
    fragment = client.get(fragment_url).content.decode()
    prefix = '<span data-testid="waiting-count">Waiting for you ('
    assert fragment.startswith(prefix)
    return int(fragment[len(prefix):fragment.index(")")])


def test_the_header_counts_what_waits_and_forgets_it_when_it_is_done(
        tenant_a, personas, client_for):
    admin = client_for(personas["a"]["admin"])
    assert header_count(admin, tenant_a) == 0
    first = census(tenant_a, personas, personas["a"]["school"].urn, "first.csv")
    census(tenant_a, personas, personas["a"]["school"].urn, "second.csv")
    assert header_count(admin, tenant_a) == 2
    with scope(tenant=tenant_a):
        census_services.census_return_apply(tenant=tenant_a, actor=personas["a"]["admin"],
                                            record=first)
    assert header_count(admin, tenant_a) == 1


def test_the_cached_count_is_kept_per_person_and_per_tenant(
        tenant_a, tenant_b, personas, client_for):
    census(tenant_a, personas, personas["a"]["school"].urn)
    assert header_count(client_for(personas["a"]["admin"]), tenant_a) == 1
    # Same role, other person; same role, other tenant: neither reads the count above.
    assert header_count(client_for(personas["a"]["officer"]), tenant_a) == 0
    assert header_count(client_for(personas["b"]["admin"]), tenant_b) == 0


def test_a_write_that_skips_the_audit_is_still_counted_once_the_cache_expires(
        tenant_a, personas, client_for):
    admin = client_for(personas["a"]["admin"])
    assert header_count(admin, tenant_a) == 0
    with scope(tenant=tenant_a):
        GiasImport.objects.create(tenant=tenant_a, original_name="quiet.csv", file="q.csv",
                                  status="previewed")
    assert header_count(admin, tenant_a) == 0  # cached: no audited write moved the version
    cache.clear()  # what the time to live does
    assert header_count(admin, tenant_a) == 1


def overdue_hub_actions(tenant, head, count: int) -> None:
    from boards.models import Board, BoardAction

    with scope(tenant=tenant):
        hub, _ = Board.objects.get_or_create(tenant=tenant, name="Hub A")
        for n in range(count):
            BoardAction.objects.create(tenant=tenant, board=hub, owner=head,
                                       description=f"Action {n}",
                                       due_date=timezone.localdate() - timedelta(days=n + 1))


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_header_adds_no_query_per_waiting_item_and_none_at_all_once_cached(
        tenant_a, personas, client_for):
    head = member(tenant_a, Role.HEADTEACHER)
    client = client_for(personas["a"]["headteacher"])
    page, count = f"/t/{tenant_a.slug}/boards/", f"/t/{tenant_a.slug}/waiting/count/"
    overdue_hub_actions(tenant_a, head, 1)
    cache.clear()
    page_one, cold_one = queries(client, page), queries(client, count)
    overdue_hub_actions(tenant_a, head, 5)
    cache.clear()
    page_six, cold_six = queries(client, page), queries(client, count)
    assert header_count(client, tenant_a) == 6
    # The page itself never counts; the count costs the same for 1 item as for 6, and once
    # cached asks no source at all (only the session, user and membership remain).
    assert page_six == page_one
    assert cold_six == cold_one
    assert queries(client, count) < cold_six


# --- The page and the API ----------------------------------------------------------------------


def test_the_page_and_the_api_list_the_same_items_with_links(tenant_a, personas, client_for,
                                                             settings):
    settings.SITE_URL = "https://sip.example.gov.uk"
    record = census(tenant_a, personas, personas["a"]["school"].urn)
    client = client_for(personas["a"]["admin"])
    page = client.get(f"/t/{tenant_a.slug}/waiting/").content.decode()
    path = f"/t/{tenant_a.slug}/funding/census/{record.pk}/"
    assert f'href="{path}"' in page and "<title>Waiting for you" in page
    [item] = client.get(f"/api/t/{tenant_a.slug}/waiting/").json()
    assert item == {"text": f"The census return {record} (census.csv) is checked and ready "
                            "to apply", "url": path, "link": f"https://sip.example.gov.uk{path}",
                    "count": 1}
    assert client_for(personas["a"]["viewer"]).get(
        f"/api/t/{tenant_a.slug}/waiting/").json() == []
    assert "Nothing is waiting for you" in client_for(personas["a"]["viewer"]).get(
        f"/t/{tenant_a.slug}/waiting/").content.decode()


def test_the_api_answers_404_to_a_person_of_another_tenant(tenant_a, personas, client_for):
    census(tenant_a, personas, personas["a"]["school"].urn)
    response = client_for(personas["b"]["admin"]).get(f"/api/t/{tenant_a.slug}/waiting/")
    assert response.status_code == 404 and "census" not in response.content.decode()


def test_the_api_list_is_in_the_openapi_schema(client_for, personas):
    schema = client_for(personas["a"]["viewer"]).get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert "get" in schema["paths"]["/api/t/{tenant_slug}/waiting/"]


# --- E-mails link to the thing -----------------------------------------------------------------


def test_the_email_proposing_a_capacity_level_links_to_the_schools_page(
        tenant_a, personas, wiltshire, mailoutbox, settings,  # noqa: F811
        django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://sip.example.gov.uk"
    with scope(tenant=tenant_a), django_capture_on_commit_callbacks(execute=True):
        judgement_record(tenant=tenant_a, actor=personas["a"]["officer"], school=wiltshire,
                         key="capacity_level", value="3", reason="Leaders are new.")
    [mail] = mailoutbox
    assert mail.to == [personas["a"]["headteacher"].email]
    assert (f"https://sip.example.gov.uk/t/{tenant_a.slug}/categorisation/schools/"
            f"{wiltshire.urn}/") in mail.body


def _pending_bumps(tenant_id: int) -> int:
    from core.waiting import _BumpOnCommit

    return sum(1 for _, callback, *_ in connection.run_on_commit
               if isinstance(callback, _BumpOnCommit) and callback.tenant_id == tenant_id)


def test_a_bulk_write_queues_one_bump_per_tenant_and_a_rolled_back_savepoint_loses_none(
        tenant_a, tenant_b, django_capture_on_commit_callbacks):
    from django.db import transaction

    from core.waiting import waiting_changed, waiting_version

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for _ in range(50):
            waiting_changed(tenant_a.pk)
        waiting_changed(tenant_b.pk)
        assert (_pending_bumps(tenant_a.pk), _pending_bumps(tenant_b.pk)) == (1, 1)
        # A bump queued inside a savepoint that is rolled back goes with it; a write after
        # the rollback queues its own, so the commit still forgets the counts.
        before = len(connection.run_on_commit)
        with transaction.atomic():
            waiting_changed(tenant_a.pk)  # already pending outside: nothing more queued
            assert len(connection.run_on_commit) == before
        try:
            with transaction.atomic():
                fresh = TenantFactory()
                waiting_changed(fresh.pk)
                raise RuntimeError("roll the savepoint back")
        except RuntimeError:
            pass
        assert _pending_bumps(fresh.pk) == 0
        waiting_changed(fresh.pk)
        assert _pending_bumps(fresh.pk) == 1
        version = waiting_version(tenant_a.pk)
    assert len(callbacks) == 3
    assert waiting_version(tenant_a.pk) != version  # the commit bumped it
