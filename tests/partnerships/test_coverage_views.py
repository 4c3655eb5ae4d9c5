"""The coverage page: the share of open schools in a partnership of a level, covered and not by
phase and by governance, the schools left out, and the offline map drawn from grid references."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope

from partnerships import services
from partnerships.maps import NONE_COLOUR, PALETTE, school_map
from partnerships.models import Partnership, PartnershipMembership
from partnerships.selectors import MapPoint
from schools.services import register_changed
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db

START = date(2024, 9, 1)
URL = reverse("partnerships:partnership-coverage", args=["wiltshire"])


@pytest.fixture
def officer(personas, client_for):
    return client_for(personas["a"]["officer"])


@pytest.fixture
def structure(tenant_a, personas):
    """Region > hub, with four open schools besides the personas' one: two primaries in the
    hub, an academy secondary in the region only, and a special school in nothing."""
    actor = personas["a"]["officer"]
    with scope(tenant=tenant_a):
        region = services.partnership_level_create(tenant=tenant_a, actor=actor, name="Region",
                                                   rank=2)
        hub = services.partnership_level_create(tenant=tenant_a, actor=actor, name="Hub", rank=1,
                                                parent_level=region)
        north = services.partnership_create(tenant=tenant_a, actor=actor, level=region,
                                            name="North", start_date=START)
        chippenham = services.partnership_create(tenant=tenant_a, actor=actor, level=hub,
                                                 name="Chippenham hub", parent=north,
                                                 start_date=START)
        schools = {
            "p1": SchoolFactory(tenant=tenant_a, establishment__name="Ivy Lane Primary",
                                establishment__easting=391000, establishment__northing=173000),
            "p2": SchoolFactory(tenant=tenant_a, establishment__name="Redland Primary",
                                establishment__easting=392000, establishment__northing=174000),
            "s1": SchoolFactory(tenant=tenant_a, establishment__name="Sheldon School",
                                establishment__phase="secondary",
                                establishment__governance="academy",
                                establishment__easting=390000, establishment__northing=172000),
            "sp": SchoolFactory(tenant=tenant_a, establishment__name="Springfields Academy",
                                establishment__phase="special",
                                establishment__easting=395000, establishment__northing=176000),
        }
        for key in ("p1", "p2"):
            services.partnership_add_school(tenant=tenant_a, actor=actor, partnership=chippenham,
                                            school=schools[key], start_date=START)
        services.partnership_add_school(tenant=tenant_a, actor=actor, partnership=north,
                                        school=schools["s1"], start_date=START)
    return {"region": region, "hub": hub, "north": north, "chippenham": chippenham,
            "schools": schools}


def test_a_headteacher_may_not_see_coverage(personas, client_for):
    assert client_for(personas["a"]["headteacher"]).get(URL).status_code == 403


def test_an_officer_of_another_tenant_gets_404(structure, personas, client_for):
    response = client_for(personas["b"]["officer"]).get(URL)
    assert response.status_code == 404
    assert "Sheldon School" not in response.content.decode()


def test_the_page_takes_no_post(officer):
    assert officer.post(URL).status_code == 405


def test_the_narrowest_level_is_shown_first_with_its_share_covered(officer, structure):
    body = officer.get(URL).content.decode()
    share = body[body.index('data-testid="coverage-share"'):]
    # Two of the five open schools (the personas' school counts too) are in a hub.
    assert "40%" in share and "2 of 5" in share and "in a hub" in share


def test_a_shortfall_is_never_shown_as_a_success(officer, structure):
    body = officer.get(URL).content.decode()
    start = body.index('data-testid="coverage-share"')
    element = body[body.rindex("<div", 0, start):start]
    assert "govuk-panel--confirmation" not in element  # 2 of 5: not a green panel
    assert "3 are in none" in body[start:start + 600]


def test_choosing_another_level_counts_its_partnerships(officer, structure):
    body = officer.get(URL, {"level": structure["region"].pk}).content.decode()
    assert "1 of 5" in body[body.index('data-testid="coverage-share"'):]


def test_any_level_counts_a_school_in_a_partnership_of_any_level(officer, structure):
    body = officer.get(URL, {"level": "any"}).content.decode()
    assert "3 of 5" in body[body.index('data-testid="coverage-share"'):]


def test_the_schools_left_out_link_to_their_school_pages(officer, structure):
    body = officer.get(URL).content.decode()
    left_out = body[body.index('data-testid="uncovered"'):body.index('id="map-heading"')]
    special = structure["schools"]["sp"]
    assert f'href="/t/wiltshire/schools/{special.urn}/">Springfields Academy</a>' in left_out
    assert "Sheldon School" in left_out
    assert "Ivy Lane Primary" not in left_out


def test_coverage_by_phase_is_a_table_as_well_as_bars(officer, structure):
    body = officer.get(URL).content.decode()
    table = body[body.index("Open schools in a partnership, by phase"):]
    table = table[:table.index("</table>")]
    primary = re.search(r"Primary</th>(.*?)</tr>", table, re.S).group(1)
    assert re.findall(r">(\d+%?)<", primary) == ["3", "2", "1", "67%"]


def test_coverage_by_maintained_or_academy_is_a_table(officer, structure):
    body = officer.get(URL).content.decode()
    table = body[body.index("Open schools in a partnership, maintained or academy"):]
    table = table[:table.index("</table>")]
    academy = re.search(r"Academy</th>(.*?)</tr>", table, re.S).group(1)
    assert re.findall(r">(\d+%?)<", academy) == ["1", "0", "1", "0%"]


def test_the_map_draws_a_circle_per_located_school_with_its_partnership_named(officer,
                                                                             structure):
    body = officer.get(URL).content.decode()
    svg = body[body.index('data-testid="school-map"'):body.index("</svg>")]
    assert svg.count("<circle") == 4
    assert "<title>Ivy Lane Primary: Chippenham hub</title>" in svg
    assert "<title>Springfields Academy: in no partnership</title>" in svg


def test_a_school_in_no_partnership_is_a_hollow_grey_circle(officer, structure):
    body = officer.get(URL).content.decode()
    urn = structure["schools"]["sp"].urn
    circle = re.search(rf'<circle [^>]*data-urn="{urn}"', body).group(0)
    assert 'fill="#ffffff"' in circle and f'stroke="{NONE_COLOUR}"' in circle


def test_the_map_has_a_legend_and_says_which_schools_it_cannot_place(officer, structure):
    body = officer.get(URL).content.decode()
    legend = body[body.index('data-testid="map-legend"'):]
    assert "Chippenham hub (2)" in legend and "In no partnership (3)" in legend
    assert "1 school has no grid reference and is not drawn" in body


def test_the_map_loads_nothing_from_the_internet(officer, structure):
    body = officer.get(URL).content.decode()
    assert not re.search(r'(?:src|href)="https?://', body)


def test_the_page_makes_as_many_queries_for_200_schools_as_for_10(officer, structure,
                                                                  tenant_a, personas):
    def grow(count: int) -> None:
        with scope(tenant=tenant_a):
            for i in range(count):
                school = SchoolFactory(tenant=tenant_a, establishment__easting=380000 + i * 50,
                                       establishment__northing=160000 + i * 40)
                if i % 3 == 0:
                    services.partnership_add_school(
                        tenant=tenant_a, actor=personas["a"]["officer"],
                        partnership=structure["chippenham"], school=school, start_date=START)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert officer.get(URL).status_code == 200
        return len(queries)

    grow(10)
    small = count()
    grow(190)
    assert count() == small


# --- the map's arithmetic ----------------------------------------------------------------


def point(urn: int, easting: int | None, northing: int | None, partnership: int | None = None):
    name = f"P{partnership}" if partnership else None
    return MapPoint(urn, f"School {urn}", "primary", easting, northing, partnership, name)


def test_the_map_puts_north_at_the_top_and_west_on_the_left():
    drawn = school_map([point(1, 400000, 100000), point(2, 410000, 120000)])
    south_west, north_east = sorted(drawn.circles, key=lambda c: c.urn)
    assert south_west.x < north_east.x
    assert south_west.y > north_east.y


def test_the_map_keeps_every_point_inside_its_view_box():
    drawn = school_map([point(i, 380000 + i * 997, 150000 + (i * 7919) % 40000)
                        for i in range(50)])
    assert all(0 <= c.x <= drawn.width and 0 <= c.y <= drawn.height for c in drawn.circles)


def test_the_map_scales_both_axes_alike():
    drawn = school_map([point(1, 0, 0), point(2, 10000, 0), point(3, 0, 10000)])
    by_urn = {c.urn: c for c in drawn.circles}
    across = by_urn[2].x - by_urn[1].x
    up = by_urn[1].y - by_urn[3].y
    assert round(across, 1) == round(up, 1)


def test_one_school_is_drawn_without_dividing_by_zero():
    drawn = school_map([point(1, 400000, 100000, 7)])
    assert len(drawn.circles) == 1


def test_each_partnership_gets_a_colour_of_the_palette():
    drawn = school_map([point(1, 0, 0, 1), point(2, 5, 5, 2), point(3, 9, 9, 1)])
    colours = {c.urn: c.colour for c in drawn.circles}
    assert colours[1] == colours[3] != colours[2]
    assert set(colours.values()) <= set(PALETTE)


def test_the_page_is_kept_while_nothing_changes_and_redrawn_at_once_when_it_does(
        officer, structure, tenant_a, personas):
    """Computed once per version of its data: a second view reads no school rows; a school
    leaving its hub, a partnership renamed and a school added are each seen on the next view."""
    def share_and_queries():
        with CaptureQueriesContext(connection) as queries:
            body = officer.get(URL).content.decode()
        start = body.index('data-testid="coverage-share"')
        reads = [q["sql"] for q in queries.captured_queries
                 if 'FROM "schools_school"' in q["sql"] and "EXISTS" in q["sql"]]
        return body, body[start:start + 300], reads

    body, share, reads = share_and_queries()
    assert "2 of 5" in share and reads
    body, share, reads = share_and_queries()
    assert "2 of 5" in share and reads == []  # kept: coverage not computed again
    actor = personas["a"]["officer"]
    with scope(tenant=tenant_a):
        membership = PartnershipMembership.objects.get(school=structure["schools"]["p1"],
                                                       partnership__name="Chippenham hub")
        services.partnership_end_membership(tenant=tenant_a, actor=actor,
                                            membership=membership,
                                            end_date=date.today() - timedelta(days=1))
    body, share, reads = share_and_queries()
    assert "1 of 5" in share and reads
    with scope(tenant=tenant_a):
        hub = Partnership.objects.get(name="Chippenham hub")
        Partnership.objects.filter(pk=hub.pk).update(name="Calne hub")
    body, _, _ = share_and_queries()
    assert "<title>Redland Primary: Calne hub</title>" in body
    SchoolFactory(tenant=tenant_a, establishment__name="Zebra Primary")
    register_changed(tenant_ids=[tenant_a.pk])  # as every register write does
    body, share, _ = share_and_queries()
    assert "1 of 6" in share and "Zebra Primary" in body
