"""The tenant layer (DESIGN §2, issue 8): what a council enters is read by it alone, recomputes
its schools only, and is superseded when the national store has the same inspection (number)
or the same result (URN, measure, year)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scope

from categorisation import recompute, selectors
from categorisation.importing import indicators_import, national_performance_import
from categorisation.layers import Layer
from categorisation.models import DataArrival, TenantInspection
from categorisation.services import inspections_import
from tests.categorisation.conftest import TODAY
from tests.categorisation.performance_files import ks2
from tests.categorisation.test_recompute import code, load, proposals, row
from tests.factories import EstablishmentFactory, SchoolFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_school(tenant_a, tenant_b):
    """One school both councils hold (LA codes the operator let them share)."""
    establishment = EstablishmentFactory(urn=123456, la_code="865")
    return (SchoolFactory(tenant=tenant_a, establishment=establishment),
            SchoolFactory(tenant=tenant_b, establishment=establishment))


def enter(tenant, rows, capture, **kwargs):
    """The council enters inspections itself, as the API does, and its recompute runs."""
    with capture(execute=True):
        result = inspections_import(rows=rows, source="api", today=TODAY,
                                    layer=Layer(tenant=tenant), **kwargs)
        assert result.ok, [str(error) for error in result.errors]
        recompute.schedule_recompute(urns=result.affected_urns, tenant=tenant, reason="entered")
    return result


def national(rows, capture):
    with capture(execute=True):
        result = inspections_import(rows=rows, source="national", today=TODAY)
        recompute.schedule_recompute(urns=result.affected_urns, reason="national")
    return result


def test_an_inspection_a_council_enters_is_read_by_it_alone(
        tenant_a, tenant_b, shared_school, django_capture_on_commit_callbacks):
    ours, theirs = shared_school
    load(tenant_a)
    load(tenant_b)
    enter(tenant_a, [row(ours.urn, "L1", "Inadequate", concern="Special measures")],
          django_capture_on_commit_callbacks)
    [proposal] = proposals(tenant_a)
    assert code(proposal) == "4"  # Warwickshire: a category of concern
    assert proposals(tenant_b) == []  # not recomputed, and it would read nothing new
    with scope(tenant=tenant_b):
        timing = selectors.inspection_timing(tenant=tenant_b, school=theirs, today=TODAY)
    assert timing.latest is None
    with scope(tenant=tenant_a):
        timing = selectors.inspection_timing(tenant=tenant_a, school=ours, today=TODAY)
    assert timing.latest.inspection_number == "L1"
    assert timing.latest.entered_by_council_on == timezone.localdate()


def test_a_councils_recompute_record_carries_the_council(
        tenant_a, shared_school, django_capture_on_commit_callbacks):
    ours, _theirs = shared_school
    enter(tenant_a, [row(ours.urn, "L1", "Good")], django_capture_on_commit_callbacks)
    arrival = DataArrival.objects.get()
    assert arrival.tenant == tenant_a
    assert recompute.affected_schools(arrival.urns, tenant_id=tenant_a.pk) == {
        tenant_a.pk: [ours.pk]}


def test_the_national_inspection_of_the_same_number_supersedes_the_councils_entry(
        tenant_a, shared_school, django_capture_on_commit_callbacks):
    ours, _theirs = shared_school
    load(tenant_a)
    # The council entered it as Inadequate the day the report came out...
    enter(tenant_a, [row(ours.urn, "S1", "Inadequate", concern="Special measures")],
          django_capture_on_commit_callbacks)
    # ...and Ofsted's file carries the same inspection number as Requires improvement.
    national([row(ours.urn, "S1", "Requires improvement")], django_capture_on_commit_callbacks)
    with scope(tenant=tenant_a):
        inputs = selectors.school_inputs(tenant=tenant_a, schools=[ours])[ours.pk]
        assert TenantInspection.objects.filter(inspection_number="S1").exists()  # kept
    [inspection] = inputs.inspections
    assert (inspection.overall_effectiveness, inspection.entered_by_council_on) == (3, None)
    # Requires improvement (Warwickshire's 3s), no longer the entry's category of concern (4).
    assert code(proposals(tenant_a)[-1]).startswith("3")


def test_an_entry_the_national_store_has_is_not_written_to_the_councils_layer(
        tenant_a, shared_school, django_capture_on_commit_callbacks):
    ours, _theirs = shared_school
    national([row(ours.urn, "S1", "Good")], django_capture_on_commit_callbacks)
    result = enter(tenant_a, [row(ours.urn, "S1", "Good"), row(ours.urn, "S0", "Good",
                                                                "2021-01-14")],
                   django_capture_on_commit_callbacks)
    assert (result.already_national, result.created) == (1, 1)


def test_a_provisional_result_is_read_until_the_national_year_arrives(
        tenant_a, tenant_b, django_capture_on_commit_callbacks):
    establishment = EstablishmentFactory(urn=126001, la_code="865")
    ours = SchoolFactory(tenant=tenant_a, establishment=establishment)
    theirs = SchoolFactory(tenant=tenant_b, establishment=establishment)
    provisional = ks2([["1", "a", "865", "2001", "126001", "Avonside", "Calne", "30", "40%",
                        "1%", "-4"]])
    result = indicators_import(file=provisional, name="2018-2019_865_ks2provisional.csv",
                               today=TODAY, layer=Layer(tenant=tenant_a))
    assert result.created > 0

    def values(tenant, school):
        with scope(tenant=tenant):
            inputs = selectors.school_inputs(tenant=tenant, schools=[school])[school.pk]
        return {(item.measure, item.release, item.value, item.entered_by_council_on is not None)
                for item in inputs.indicators if item.measure == "ks2_rwm_expected"}

    assert {(release, own) for _m, release, _v, own in values(tenant_a, ours)} == {
        ("provisional", True)}
    assert values(tenant_b, theirs) == set()
    # The national final release of the same year: the council's provisional figure is no
    # longer read, whatever its release.
    national_performance_import(data=ks2().encode(), name="2018-2019_865_ks2final.csv")
    assert {(release, own) for _m, release, _v, own in values(tenant_a, ours)} == {
        ("final", False)}


def test_the_sweep_finds_a_school_whose_councils_entry_is_newer_than_its_computation(
        tenant_a, shared_school, django_capture_on_commit_callbacks):
    ours, _theirs = shared_school
    load(tenant_a)
    with scope(tenant=tenant_a):
        recompute.recompute_schools(tenant=tenant_a, school_ids=[ours.pk], reason="first")
    assert tenant_a.pk not in recompute.stale_schools()
    # An entry whose own task was lost (no recompute scheduled).
    inspections_import(rows=[row(ours.urn, "L9", "Good")], today=TODAY,
                       layer=Layer(tenant=tenant_a))
    with scope(tenant=tenant_a):
        TenantInspection.objects.update(updated_at=timezone.now() + timedelta(seconds=1))
    assert recompute.stale_schools()[tenant_a.pk] == [ours.pk]
