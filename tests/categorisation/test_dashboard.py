"""The categorisation dashboard: counts for everyone with aggregates, names only for officers,
movement since the start of term, pupils in good or better schools, flat query count."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from categorisation import workflow
from categorisation.dashboard import dashboard, term_start
from categorisation.models import Inspection, SchoolCategory
from categorisation.services import scheme_preset_load
from schools.models import Phase
from tests.categorisation.workflow_setup import make_proposal
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


def inspect(school, number, grade, start=date(2024, 6, 1)):
    with scopes_disabled():
        Inspection.objects.create(inspection_number=number, urn=school.urn,
                                  inspected_urn=school.urn, era="oeif_graded",
                                  start_date=start, overall_effectiveness=grade)


def test_term_start_is_the_latest_of_1_september_1_january_and_15_april():
    assert term_start(date(2026, 3, 1)) == date(2026, 1, 1)
    assert term_start(date(2025, 10, 5)) == date(2025, 9, 1)
    assert term_start(date(2026, 5, 1)) == date(2026, 4, 15)


def test_the_share_of_pupils_in_good_schools_is_weighted_by_pupils(tenant_a):
    good = SchoolFactory(tenant=tenant_a, establishment__number_of_pupils=300)
    weak = SchoolFactory(tenant=tenant_a, establishment__number_of_pupils=100)
    SchoolFactory(tenant=tenant_a, establishment__number_of_pupils=500)  # never inspected
    inspect(good, "G1", 2)
    inspect(weak, "G2", 3)
    with scope(tenant=tenant_a):
        result = dashboard(tenant=tenant_a, today=date(2026, 3, 1))
    primary = next(share for share in result.shares if share.phase == Phase.PRIMARY.label)
    assert (primary.schools, primary.pupils, primary.percent) == (2, 400, 75.0)


def test_an_overdue_inspection_is_counted(tenant_a):
    school = SchoolFactory(tenant=tenant_a)
    inspect(school, "O1", 3, start=date(2022, 1, 10))
    with scope(tenant=tenant_a):
        result = dashboard(tenant=tenant_a, today=date(2026, 3, 1), with_lists=True)
    assert result.overdue == 1
    assert result.overdue_schools[0].school == school


def test_movement_counts_a_school_whose_category_changed_this_term(
        tenant_a, personas, django_capture_on_commit_callbacks):
    school = personas["a"]["school"]
    proposal, categories = make_proposal(tenant_a, school, django_capture_on_commit_callbacks)
    with scope(tenant=tenant_a):
        step = workflow.proposal_confirm(tenant=tenant_a, actor=personas["a"]["officer"],
                                         proposal=proposal)
    with scopes_disabled():
        # The 3C step dates from last term; then the school was moved to 2B this term.
        SchoolCategory.objects.filter(pk=step.pk).update(
            decided_at=timezone.now() - timedelta(days=400))
        SchoolCategory.objects.filter(pk=step.pk).update(is_current=False)
        SchoolCategory.objects.create(
            tenant=tenant_a, school=school, scheme=step.scheme, category=categories["2B"],
            status="moderated", previous=step, previous_category=step.category)
    with scope(tenant=tenant_a):
        movement = dashboard(tenant=tenant_a, today=timezone.localdate()).movement
    assert (movement.improved, movement.declined, movement.same, movement.new) == (1, 0, 0, 0)


def test_a_board_member_sees_counts_but_no_school_name(
        tenant_a, personas, client_for, django_capture_on_commit_callbacks):
    make_proposal(tenant_a, personas["a"]["school"], django_capture_on_commit_callbacks)
    response = client_for(personas["a"]["board_member"]).get(
        f"/t/{tenant_a.slug}/categorisation/")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="bands"' in body and "fewer than 5" in body
    assert personas["a"]["school"].establishment.name not in body


def band_cells(body: str) -> dict[str, str]:
    """{category: the count shown} from the board member's table of bands."""
    import re

    table = body[body.index('data-testid="bands"'):]
    table = table[:table.index("</table>")]
    return dict(re.findall(r'<td class="govuk-table__cell">([^<]+)</td><td class="govuk-table__'
                           r'cell govuk-table__cell--numeric">([^<]+)</td>', table))


@pytest.mark.parametrize("role", ["board_member", "viewer"])
def test_a_board_member_or_viewer_downloads_the_counts_as_shown_and_no_school(
        tenant_a, personas, client_for, role):
    from core.models import AuditEvent
    from tests.downloads import downloaded

    with scope(tenant=tenant_a):
        scheme = scheme_preset_load(tenant=tenant_a, actor=None, preset="warwickshire")
    with scopes_disabled():
        categories = list(scheme.categories.all())
    schools = [SchoolFactory(tenant=tenant_a) for _ in range(7)]
    with scopes_disabled():
        for index, school in enumerate(schools):
            SchoolCategory.objects.create(tenant=tenant_a, school=school, scheme=scheme,
                                          category=categories[0 if index < 6 else 1],
                                          status="confirmed")
    client = client_for(personas["a"][role])
    page_url = f"/t/{tenant_a.slug}/categorisation/"
    html = client.get(page_url).content.decode()
    rows = downloaded(client, page_url, html)
    bands = {row["Line"]: row["Schools"] for row in rows
             if row["Table"] == f"Open schools by category: {scheme.name}"}
    # The same cells as the page's table, a shown count kept a number, a hidden one in words.
    assert {label: str(cell) for label, cell in bands.items()
            if label != "All open schools"} == band_cells(html)
    first, second = (f"{category.code} {category.label}" for category in categories[:2])
    assert bands[first] == 6 and bands[second] == "fewer than 5"
    assert [row["Line"] for row in rows if row["Table"] == "Inspections and risk"][0] == (
        "Open schools")
    for school in [*schools, personas["a"]["school"]]:
        assert school.establishment.name not in str(rows)
        assert str(school.urn) not in {str(row["Schools"]) for row in rows}
    with scopes_disabled():
        assert AuditEvent.objects.filter(tenant=tenant_a,
                                         action="category-counts.export").count() == 2


@pytest.mark.parametrize("role", ["board_member", "viewer"])
def test_a_board_member_or_viewer_sees_bands_with_small_counts_suppressed_and_no_school(
        tenant_a, personas, client_for, role):
    with scope(tenant=tenant_a):
        scheme = scheme_preset_load(tenant=tenant_a, actor=None, preset="warwickshire")
    with scopes_disabled():
        categories = list(scheme.categories.all())
    schools = [SchoolFactory(tenant=tenant_a) for _ in range(7)]
    # Six schools in the first category, one (the seventh) alone in the second.
    with scopes_disabled():
        for index, school in enumerate(schools):
            SchoolCategory.objects.create(tenant=tenant_a, school=school, scheme=scheme,
                                          category=categories[0 if index < 6 else 1],
                                          status="confirmed")
    body = client_for(personas["a"][role]).get(
        f"/t/{tenant_a.slug}/categorisation/").content.decode()
    cells = band_cells(body)
    first, second = (f"{category.code} {category.label}" for category in categories[:2])
    assert cells[first] == "6"
    assert cells[second] == "fewer than 5"
    assert set(cells.values()) <= {"6", "fewer than 5", "not shown"}
    for school in [*schools, personas["a"]["school"]]:
        assert school.establishment.name not in body
    assert 'data-testid="at-risk-list"' not in body and "school-category" not in body


@pytest.mark.parametrize("role", ["board_member", "viewer"])
def test_no_phase_count_can_be_had_from_the_line_of_all_phases(tenant_a, personas, client_for,
                                                               role):
    # Seven primaries inspected (six good, one not), two good secondaries: 9 in all.
    for n in range(7):
        inspect(SchoolFactory(tenant=tenant_a, establishment__phase="primary"), f"P{n}",
                2 if n < 6 else 3)
    for n in range(2):
        inspect(SchoolFactory(tenant=tenant_a, establishment__phase="secondary"), f"S{n}", 2)
    body = client_for(personas["a"][role]).get(
        f"/t/{tenant_a.slug}/categorisation/").content.decode()
    table = body[body.index('data-testid="good-or-better"'):]
    table = table[table.index("<tbody"):table.index("</table>")]
    lines = {line[0]: line[1:] for line in (
        re.findall(r"<td [^>]*>([^<]*)</td>", row)
        for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", table, re.S))}
    # The primaries' one school not good takes their 6 good with it; the 9 of all phases less
    # 7 primaries would give the 2 secondaries away, so the 7 is not shown either.
    assert lines == {
        "Primary": ["not shown", "not shown", "not shown"],
        "Secondary": ["fewer than 5", "fewer than 5", "not shown"],
        "All phases": ["9", "not shown", "not shown"],
    }


def test_an_officer_sees_the_schools_named(
        tenant_a, personas, client_for, django_capture_on_commit_callbacks):
    make_proposal(tenant_a, personas["a"]["school"], django_capture_on_commit_callbacks)
    body = client_for(personas["a"]["officer"]).get(
        f"/t/{tenant_a.slug}/categorisation/").content.decode()
    assert personas["a"]["school"].establishment.name in body


def test_a_headteacher_has_no_dashboard(tenant_a, personas, client_for):
    response = client_for(personas["a"]["headteacher"]).get(
        f"/t/{tenant_a.slug}/categorisation/")
    assert response.status_code == 403


def test_another_tenants_viewer_gets_404(tenant_a, personas, client_for):
    response = client_for(personas["b"]["viewer"]).get(f"/t/{tenant_a.slug}/categorisation/")
    assert response.status_code == 404


def _populate(tenant, scheme, count, start):
    with scopes_disabled():
        categories = list(scheme.categories.all())
    for number in range(start, start + count):
        school = SchoolFactory(tenant=tenant)
        inspect(school, f"Q{number}", 1 + number % 4)
        with scopes_disabled():
            SchoolCategory.objects.create(tenant=tenant, school=school, scheme=scheme,
                                          category=categories[number % len(categories)],
                                          status="confirmed")


def test_the_dashboard_query_count_is_flat_from_10_to_200_schools(
        tenant_a, personas, client_for):
    with scope(tenant=tenant_a):
        scheme = scheme_preset_load(tenant=tenant_a, actor=None, preset="warwickshire")
    client = client_for(personas["a"]["officer"])
    _populate(tenant_a, scheme, 10, 0)
    with CaptureQueriesContext(connection) as small:
        assert client.get(f"/t/{tenant_a.slug}/categorisation/").status_code == 200
    _populate(tenant_a, scheme, 190, 10)
    with CaptureQueriesContext(connection) as large:
        assert client.get(f"/t/{tenant_a.slug}/categorisation/").status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


# --- Computed once per version of the data ---------------------------------------------------


def _officer_page(client, tenant) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/t/{tenant.slug}/categorisation/")
    assert response.status_code == 200
    # The page less its per-request CSRF tokens.
    return re.sub(r'value="[^"]{40,}"', "", response.content.decode()), len(captured)


def test_the_dashboard_is_computed_once_until_its_data_changes(
        tenant_a, personas, client_for, django_capture_on_commit_callbacks):
    school = personas["a"]["school"]
    client = client_for(personas["a"]["officer"])
    first, cold = _officer_page(client, tenant_a)
    again, warm = _officer_page(client, tenant_a)
    assert again == first and warm < cold  # served from the cache: the inputs are not read
    # An inspection arriving changes what the dashboard shows, at once.
    inspect(school, "N1", 3, start=date(2022, 1, 10))
    page, _ = _officer_page(client, tenant_a)
    assert page != first and school.establishment.name in page  # now overdue, named
    # So does a category decided (a new step), and a proposal left open.
    proposal, _ = make_proposal(tenant_a, school, django_capture_on_commit_callbacks)
    with_proposal, _ = _officer_page(client, tenant_a)
    assert with_proposal != page
    with scope(tenant=tenant_a):
        workflow.proposal_confirm(tenant=tenant_a, actor=personas["a"]["officer"],
                                  proposal=proposal)
    confirmed, _ = _officer_page(client, tenant_a)
    assert confirmed != with_proposal


def test_one_tenants_cached_dashboard_is_never_anothers(tenant_a, tenant_b, personas,
                                                        client_for):
    from categorisation.dashboard import data_version

    school = personas["a"]["school"]
    inspect(school, "T1", 3, start=date(2022, 1, 10))
    a_page, _ = _officer_page(client_for(personas["a"]["officer"]), tenant_a)
    b_page, _ = _officer_page(client_for(personas["b"]["officer"]), tenant_b)
    assert school.establishment.name in a_page and school.establishment.name not in b_page
    today = timezone.localdate()
    with scopes_disabled():
        assert data_version(tenant=tenant_a, today=today) != data_version(tenant=tenant_b,
                                                                          today=today)


def test_the_kept_dashboard_shows_each_person_the_links_of_their_own_rights(
        tenant_a, personas, client_for):
    schemes = f"/t/{tenant_a.slug}/categorisation/schemes/"
    admin_page, _ = _officer_page(client_for(personas["a"]["admin"]), tenant_a)
    officer_page, _ = _officer_page(client_for(personas["a"]["officer"]), tenant_a)
    admin_again, _ = _officer_page(client_for(personas["a"]["admin"]), tenant_a)
    assert schemes in admin_page and schemes in admin_again
    assert schemes not in officer_page
