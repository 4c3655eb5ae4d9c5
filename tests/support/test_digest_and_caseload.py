"""The weekly digest tells each head of exactly their school's notes released since the last
one (issue 13 item 4); an officer's caseload counts visits done and due and days used against
the entitlement (item 5), in a fixed number of queries."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from core.models import Membership, Role
from core.notifications import digest_for
from core.pagination import PAGE_SIZE
from schools.models import School
from support.models import Visit, VisitNote, VisitStatus
from support.selectors.caseload import caseload
from support.services.visits import current_year, visits_plan
from tests.factories import SchoolFactory
from tests.support.conftest import TODAY, confirm, done_visit, released_note

pytestmark = pytest.mark.django_db


def test_the_digest_lists_exactly_the_heads_new_released_notes_with_links(
        tenant_a, school, officer, head):
    with scope(tenant=tenant_a):
        old = released_note(tenant_a, done_visit(tenant_a, school, label="Old"), officer)
        VisitNote.objects.filter(pk=old.pk).update(
            released_at=timezone.now() - timedelta(days=8))
        new = released_note(tenant_a, done_visit(tenant_a, school, label="New"), officer)
        released_note(tenant_a, done_visit(tenant_a, SchoolFactory(tenant=tenant_a)), officer)
        membership = Membership.objects.get(tenant=tenant_a, user=head)
        lines = [line for line in digest_for(membership, timezone.now() - timedelta(days=7))
                 if "visit note" in line.text]
    assert [line.url for line in lines] == [
        reverse("support:visit-detail", args=[tenant_a.slug, new.visit_id])]


def test_an_officer_hears_nothing_of_notes_in_the_heads_digest(tenant_a, school, officer):
    with scope(tenant=tenant_a):
        released_note(tenant_a, done_visit(tenant_a, school), officer)
        membership = Membership.objects.get(tenant=tenant_a, user=officer)
        lines = digest_for(membership, timezone.now() - timedelta(days=7))
    assert not [line for line in lines if "visit note" in line.text]


def test_the_caseload_counts_visits_done_and_due_and_days_against_the_entitlement(
        tenant_a, school, warwickshire, officer):
    confirm(tenant_a, school, warwickshire["3C"], officer)
    with scope(tenant=tenant_a):
        me = Membership.objects.get(tenant=tenant_a, user=officer)
        School.objects.filter(pk=school.pk).update(link_adviser=me)
        school.refresh_from_db()
        [result] = visits_plan(tenant=tenant_a, actor=officer, schools=[school])
        first = Visit.objects.filter(school=school).order_by("planned_on").first()
        Visit.objects.filter(pk=first.pk).update(status=VisitStatus.DONE, done_on=TODAY,
                                                 days_used=Decimal("1.5"))
        [row] = caseload(tenant=tenant_a, officer=me, academic_year=current_year(),
                         today=TODAY)
    assert (row.done, row.due, row.days_used) == (1, len(result.added) - 1, Decimal("1.5"))
    assert row.days_entitled == Decimal("0.5") * len(row.entitlement.visits_due)


def test_the_caseload_page_issues_the_same_queries_for_2_schools_as_for_12(
        tenant_a, warwickshire, personas, client_for):
    officer = personas["a"][Role.OFFICER]
    with scope(tenant=tenant_a):
        me = Membership.objects.get(tenant=tenant_a, user=officer)

    def add(count: int) -> None:
        for _ in range(count):
            school = SchoolFactory(tenant=tenant_a, link_adviser=me)
            confirm(tenant_a, school, warwickshire["3C"], officer)
            with scope(tenant=tenant_a):
                visits_plan(tenant=tenant_a, actor=officer, schools=[school])

    client = client_for(officer)
    urls = [reverse("support:caseload", args=[tenant_a.slug]),
            f"/api/t/{tenant_a.slug}/support/caseload/"]
    add(2)
    with scope(tenant=tenant_a):
        a_school = School.objects.filter(link_adviser=me).first()
    urls += [reverse("support:school-visits", args=[tenant_a.slug, a_school.urn]),
             f"/api/t/{tenant_a.slug}/support/schools/{a_school.urn}/visits/"]

    def counts() -> list[int]:
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            found.append(len(captured))
        return found

    few = counts()
    add(10)
    assert counts() == few


def test_a_long_caseload_is_shown_a_page_at_a_time_and_downloads_whole(
        tenant_a, personas, client_for):
    officer = personas["a"][Role.OFFICER]
    with scope(tenant=tenant_a):
        me = Membership.objects.get(tenant=tenant_a, user=officer)
        schools = [SchoolFactory(tenant=tenant_a, link_adviser=me) for _ in range(PAGE_SIZE + 3)]
    names = sorted(school.establishment.name for school in schools)
    client = client_for(officer)
    url = reverse("support:caseload", args=[tenant_a.slug])

    def shown(response) -> list[str]:
        return [row.school.establishment.name for row in response.context["rows"]]

    first, second = client.get(url), client.get(url + "?page=2")
    assert shown(first) == names[:PAGE_SIZE]
    assert shown(second) == names[PAGE_SIZE:]
    assert f"{PAGE_SIZE + 3} schools, 1 to {PAGE_SIZE} shown" in first.content.decode()
    # The API pages by the API's own page size (100): one page holds these 53.
    api = client.get(f"/api/t/{tenant_a.slug}/support/caseload/").json()
    assert (api["count"], api["next"]) == (PAGE_SIZE + 3, None)
    assert [row["school_name"] for row in api["results"]] == names
    export = client.get(reverse("support:caseload-export", args=[tenant_a.slug]))
    assert export.status_code == 200
    assert export.content.decode().count("\n") == PAGE_SIZE + 3 + 1
