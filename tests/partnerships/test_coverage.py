"""Coverage ("no school gets left behind") and the map's points, on a small hand-built register."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerships import services
from partnerships.selectors import partnership_coverage, school_map_points
from tests.partnerships.conftest import START

pytestmark = pytest.mark.django_db

ON = date(2025, 1, 6)


@pytest.fixture
def register(in_a, officer_a, wiltshire, make_school):
    """Six open schools and a closed one: four primaries (three maintained, one academy), a
    maintained secondary and an academy secondary. Three primaries and the academy secondary
    are in the hub; the maintained secondary only in the region."""
    schools = {
        "p1": make_school("primary", governance="maintained", easting=391000, northing=173000),
        "p2": make_school("primary", governance="maintained", easting=392000, northing=174000),
        "p3": make_school("primary", governance="maintained"),
        "p4": make_school("primary", governance="academy", easting=393000, northing=175000),
        "s1": make_school("secondary", governance="maintained", easting=394000, northing=176000),
        "s2": make_school("secondary", governance="academy", easting=395000, northing=177000),
        "closed": make_school("primary", governance="maintained", is_open=False),
    }
    for key in ("p1", "p2", "p4", "s2"):
        services.partnership_add_school(tenant=in_a, actor=officer_a,
                                        partnership=wiltshire["hub_a"], school=schools[key],
                                        start_date=START)
    services.partnership_add_school(tenant=in_a, actor=officer_a, partnership=wiltshire["north"],
                                    school=schools["s1"], start_date=START)
    return schools


def test_coverage_at_the_hub_level_counts_open_schools_only(register, wiltshire):
    coverage = partnership_coverage(level=wiltshire["hub"], on=ON)
    assert (coverage.overall.total, coverage.overall.covered) == (6, 4)
    assert round(coverage.overall.share, 4) == 0.6667


def test_coverage_lists_the_schools_left_out(register, wiltshire):
    coverage = partnership_coverage(level=wiltshire["hub"], on=ON)
    assert {school.pk for school in coverage.uncovered} == {register["p3"].pk, register["s1"].pk}


def test_coverage_by_phase(register, wiltshire):
    coverage = partnership_coverage(level=wiltshire["hub"], on=ON)
    rows = {row.value: (row.total, row.covered) for row in coverage.by_phase}
    assert rows == {"primary": (4, 3), "secondary": (2, 1)}


def test_coverage_by_governance(register, wiltshire):
    coverage = partnership_coverage(level=wiltshire["hub"], on=ON)
    rows = {row.value: (row.total, row.covered, row.share) for row in coverage.by_governance}
    assert rows == {"maintained": (4, 2, 0.5), "academy": (2, 2, 1.0)}


def test_coverage_at_any_level_counts_a_school_in_its_region_only(register):
    coverage = partnership_coverage(on=ON)
    assert (coverage.overall.total, coverage.overall.covered) == (6, 5)


def test_coverage_before_the_memberships_started_is_nil(register, wiltshire):
    coverage = partnership_coverage(level=wiltshire["hub"], on=date(2024, 8, 1))
    assert coverage.overall.covered == 0


def test_coverage_makes_the_same_number_of_queries_for_more_schools(
    register, wiltshire, make_school
):
    with CaptureQueriesContext(connection) as few:
        partnership_coverage(level=wiltshire["hub"], on=ON)
    for _ in range(15):
        make_school("special", governance="maintained")
    with CaptureQueriesContext(connection) as many:
        coverage = partnership_coverage(level=wiltshire["hub"], on=ON)
    assert coverage.overall.total == 21
    assert len(many) == len(few) <= 2


def test_map_points_give_each_open_school_its_grid_reference_and_hub(register, wiltshire):
    points = {point.urn: point for point in school_map_points(level=wiltshire["hub"], on=ON)}
    p1, s1 = points[register["p1"].urn], points[register["s1"].urn]
    assert (p1.easting, p1.northing, p1.partnership_name) == (391000, 173000, "Chippenham hub")
    assert s1.partnership_id is None
    assert register["closed"].urn not in points


def test_map_points_at_any_level_show_the_narrowest_partnership(register, wiltshire):
    points = {point.urn: point for point in school_map_points(on=ON)}
    assert points[register["p1"].urn].partnership_name == "Chippenham hub"
    assert points[register["s1"].urn].partnership_name == "North"


def test_map_points_take_one_query(register):
    with CaptureQueriesContext(connection) as queries:
        school_map_points(on=ON)
    assert len(queries) == 1
