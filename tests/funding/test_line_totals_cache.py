"""The lines' totals and the whole schedule are kept per version of what the charges read
(`funding.selectors.totals`): after a change to any input, through the services, the next read
gives the new figures — never the kept ones — and with nothing changed the kept ones are served
without recomputing."""

from datetime import date

import pytest

from funding.models import ConversionRule
from funding.selectors import totals
from funding.selectors.charges import dedelegation_schedule
from funding.services import census as census_services
from funding.services import dedelegation as services
from funding.services.settings import funding_settings_update
from schools.models import Establishment
from schools.services import register_changed

pytestmark = pytest.mark.django_db


def _schedule_totals(tenant, year) -> dict:
    return {summary.line.pk: summary.total
            for summary in totals.cached_schedule(tenant, year).lines}


@pytest.fixture(params=["line totals", "schedule"])
def kept(request):
    """Each line's total as the pages read it: the kept totals, or the kept schedule's."""
    if request.param == "schedule":
        return _schedule_totals
    return lambda tenant, year: totals.line_totals(tenant, [year])


def fresh(year) -> dict:
    """The totals by the schedule itself: what a page must show."""
    return {summary.line.pk: summary.total for summary in dedelegation_schedule(year).lines}


def test_with_nothing_changed_the_kept_totals_are_served(kept, in_a, voted, monkeypatch):
    first = kept(in_a, voted.year)
    assert first == fresh(voted.year)
    for computed in ("compute_line_totals", "dedelegation_schedule"):
        monkeypatch.setattr(totals, computed, lambda *args: pytest.fail("recomputed"))
    assert kept(in_a, voted.year) == first


def test_a_rate_change_is_seen_at_once(kept, in_a, admin, voted):
    before = kept(in_a, voted.year)
    services.dedelegation_line_update(tenant=in_a, actor=admin, line=voted.improvement,
                                      primary_rate="20.00")
    after = kept(in_a, voted.year)
    assert after != before and after == fresh(voted.year)


def test_a_corrected_vote_is_seen_at_once(kept, in_a, admin, voted):
    before = kept(in_a, voted.year)
    vote = voted.behaviour.votes.get(phase="secondary", superseded_at__isnull=True)
    services.phase_vote_correct(tenant=in_a, actor=admin, vote=vote, reason="Minuted wrongly",
                                outcome="passed", decided_on=date(2025, 1, 14))
    after = kept(in_a, voted.year)
    assert after != before and after == fresh(voted.year)


def test_an_applied_census_return_is_seen_at_once(kept, in_a, admin, voted):
    before = kept(in_a, voted.year)
    record = census_services.census_return_check(
        tenant=in_a, actor=admin, data=f"URN,Pupils\n{voted.register.hill.urn},500\n".encode(),
        name="census.csv", census_date=date(2024, 10, 3), source="October 2024 census")
    assert kept(in_a, voted.year) == before  # previewed, not applied: nothing changes
    census_services.census_return_apply(tenant=in_a, actor=admin, record=record)
    after = kept(in_a, voted.year)
    assert after != before and after == fresh(voted.year)


def test_a_register_change_from_gias_is_seen_at_once(kept, in_a, voted):
    before = kept(in_a, voted.year)
    # What a GIAS import does: the shared establishment changes, and every register is bumped.
    Establishment.objects.filter(pk=voted.register.hill.urn).update(number_of_pupils=400)
    register_changed()
    in_a.refresh_from_db()
    after = kept(in_a, voted.year)
    assert after != before and after == fresh(voted.year)


def test_the_conversion_rule_changes_the_key(in_a, admin, voted):
    version = totals.charges_version(in_a)
    funding_settings_update(tenant=in_a, actor=admin, approval_limit="5000",
                            conversion_rule=ConversionRule.MONTHS)
    assert totals.charges_version(in_a) != version
