"""`make bench-pages` fails a page below its target: 0.02 of the trivial view, or the floor a
page is listed with in bench/page_floors.py, which must name a real route and a known reason."""

import pytest

from bench.bench_pages import TARGET_RATIO, UNMEASURED, Measure, why_unmeasured
from bench.page_floors import LISTED, REASONS
from core.routes import tenant_routes

LISTED_ROUTE, (FLOOR, REASON) = next(iter(LISTED.items()))


def measured(route: str, ratio: float, kind: str = "page", seconds: float = 0.01) -> Measure:
    return Measure(route=route, url="/t/x/", role="officer", kind=kind, seconds=seconds,
                   queries=3, ratio=ratio)


def test_an_unlisted_page_must_reach_the_target():
    assert measured("schools:school-list", TARGET_RATIO).verdict == "met"
    below = measured("schools:school-list", TARGET_RATIO * 0.99)
    assert not below.target_met and below.verdict == "**missed**"


def test_a_listed_page_may_stay_below_the_target_but_not_below_its_floor():
    assert FLOOR < TARGET_RATIO
    listed = measured(LISTED_ROUTE, FLOOR)
    assert listed.target_met
    assert listed.verdict == f"listed ({REASON}, floor {FLOOR:g})"
    slower = measured(LISTED_ROUTE, FLOOR * 0.99)
    assert not slower.target_met and slower.verdict == "**missed**"
    assert measured(LISTED_ROUTE, TARGET_RATIO).verdict == "met"


@pytest.mark.parametrize(("kind", "seconds", "met"), [
    ("download (xlsx)", 2.0, True), ("download (xlsx)", 2.1, False),
    ("download (pdf)", 9.9, True), ("download (pdf)", 10.1, False)])
def test_downloads_have_targets_in_seconds(kind, seconds, met):
    assert measured("boards:meeting-pack-pdf", 0.0, kind, seconds).target_met is met


def test_every_listed_page_is_a_route_with_a_known_reason_and_a_floor_below_the_target():
    routes = {str(route) for route in tenant_routes()}
    for route, (floor, reason) in LISTED.items():
        assert route in routes, f"{route} is listed but is no longer a route"
        assert reason in REASONS, f"{route} names an unknown reason {reason!r}"
        assert 0 < floor < TARGET_RATIO, route
    assert {reason for _, reason in LISTED.values()} == set(REASONS), "a reason nobody uses"


@pytest.mark.parametrize(("answers", "why"), [
    (set(), "record"), ({405, 403}, "post"), ({302, 403}, "redirect"), ({301}, "redirect"),
    ({403, 404}, "persona")])
def test_a_route_no_role_could_open_is_reported_with_why(answers, why):
    assert why_unmeasured(answers) == why
    assert why in UNMEASURED
