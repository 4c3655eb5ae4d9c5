"""The recompute pipeline: import -> arrival -> proposals in every tenant holding the school,
idempotent, batched with a fixed number of queries, surviving a broker outage via the sweep."""

import gc
import sqlite3
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from categorisation import recompute, tasks
from categorisation.models import (
    CategoryComputation,
    CategoryProposal,
    DataArrival,
    OfficerJudgement,
)
from categorisation.services import inspections_import, scheme_preset_load, scheme_version_create
from core.models import AuditEvent
from schools.models import EstablishmentLink, School
from tests.categorisation.conftest import TODAY
from tests.factories import EstablishmentFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def row(urn: int, number: str, grade: str, start: str = "2025-01-14", concern: str = "") -> dict:
    return {"URN": str(urn), "Inspection number": number, "Inspection start date": start,
            "Overall effectiveness": grade, "Category of concern": concern,
            "Safeguarding is effective?": "Yes"}


def code(proposal) -> str:
    """The proposed code, or the choices the data left ("2A/2B")."""
    return proposal.category.code if proposal.category else "/".join(proposal.undetermined)


def load(tenant, preset="warwickshire"):
    with scope(tenant=tenant):
        return scheme_preset_load(tenant=tenant, actor=None, preset=preset)


def proposals(tenant) -> list[CategoryProposal]:
    with scope(tenant=tenant):
        return list(CategoryProposal.objects.filter(tenant=tenant)
                    .select_related("category", "school").order_by("pk"))


def import_and_schedule(rows, capture):
    with capture(execute=True):
        result = inspections_import(rows=rows, source="test", today=TODAY)
        assert result.ok, [str(error) for error in result.errors]
        return recompute.schedule_recompute(urns=result.affected_urns, reason="Ofsted import")


@pytest.fixture
def shared_school(tenant_a, tenant_b):
    """One establishment in both tenants' registers (a school two partnerships both work with)."""
    establishment = EstablishmentFactory(urn=123456, la_code="865")
    return (SchoolFactory(tenant=tenant_a, establishment=establishment),
            SchoolFactory(tenant=tenant_b, establishment=establishment))


def test_an_import_proposes_a_category_with_reasons_in_every_tenant_holding_the_school(
        tenant_a, tenant_b, shared_school, django_capture_on_commit_callbacks):
    load(tenant_a)
    load(tenant_b)
    arrival = import_and_schedule([row(123456, "T1", "Inadequate")],
                                  django_capture_on_commit_callbacks)
    for tenant in (tenant_a, tenant_b):
        [proposal] = proposals(tenant)
        assert proposal.category.code == "4"
        assert proposal.reasons[-1].startswith("category 4 Inadequate")
        assert any("14 January 2025" in reason for reason in proposal.reasons)
        assert proposal.evidence["inspection.grade"] == 4
    arrival.refresh_from_db()
    assert (arrival.status, arrival.tenants_count, arrival.schools_count,
            arrival.proposals_count) == ("done", 2, 2, 2)


def test_recomputing_the_same_data_again_creates_nothing(
        tenant_a, shared_school, django_capture_on_commit_callbacks):
    load(tenant_a)
    import_and_schedule([row(123456, "T1", "Inadequate")], django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        again = recompute.schedule_recompute(urns=[123456], reason="again")
    again.refresh_from_db()
    assert (again.status, again.schools_count, again.proposals_count) == ("done", 1, 0)
    assert len(proposals(tenant_a)) == 1


def test_a_changed_result_supersedes_the_open_proposal(
        tenant_a, shared_school, django_capture_on_commit_callbacks):
    load(tenant_a)
    import_and_schedule([row(123456, "T1", "Requires improvement", "2024-01-10")],
                        django_capture_on_commit_callbacks)
    import_and_schedule([row(123456, "T2", "Good", "2025-06-10")],
                        django_capture_on_commit_callbacks)
    first, second = proposals(tenant_a)
    assert (first.category.code, first.status) == ("3C", "superseded")
    # Good, with no results on record: an officer chooses between 2A and 2B.
    assert (code(second), second.status) == ("2A/2B", "open")


def test_a_school_whose_predecessor_urn_arrived_is_recomputed(
        tenant_a, django_capture_on_commit_callbacks):
    load(tenant_a)
    academy = SchoolFactory(tenant=tenant_a, establishment__urn=140001,
                            establishment__la_code="865")
    EstablishmentLink.objects.create(urn=140001, linked_urn=100777, link_type="Predecessor")
    import_and_schedule([row(100777, "P1", "Good")], django_capture_on_commit_callbacks)
    [proposal] = proposals(tenant_a)
    assert proposal.school == academy
    assert code(proposal) == "2A/2B"


def test_a_new_scheme_version_recomputes_the_whole_register(
        tenant_a, django_capture_on_commit_callbacks):
    schools = [SchoolFactory(tenant=tenant_a, establishment__la_code="865") for _ in range(3)]
    inspections_import(rows=[row(school.urn, f"S{n}", "Good") for n, school in
                             enumerate(schools)], today=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        scheme = load(tenant_a)  # loading a scheme is a change of scheme
    assert [code(p) for p in proposals(tenant_a)] == ["2A/2B", "2A/2B", "2A/2B"]
    definition = {**scheme.definition, "rules": [
        {"category": "1", "when": {"fact": "inspection.grade", "op": "lte", "value": 2}},
        *scheme.definition["rules"]]}
    with django_capture_on_commit_callbacks(execute=True), scope(tenant=tenant_a):
        new = scheme_version_create(tenant=tenant_a, actor=None, scheme=scheme,
                                    definition=definition, change_note="Good counts as 1")
    latest = proposals(tenant_a)[3:]
    assert [(p.category.code, p.scheme_id, p.status) for p in latest] == [("1", new.pk, "open")] * 3
    with scopes_disabled():
        assert set(CategoryComputation.objects.values_list("scheme_id", flat=True)) == {new.pk}


def test_a_batch_costs_the_same_queries_for_10_or_200_schools(tenant_a, monkeypatch):
    # Django assumes SQLite's old limit of 999 parameters and splits bulk inserts by it; SQLite
    # has allowed 32,766 since 3.32, as PostgreSQL has no such limit: let one insert hold a batch.
    assert sqlite3.sqlite_version_info >= (3, 32) or connection.vendor != "sqlite"
    monkeypatch.setattr(connection.features, "max_query_params", 32766, raising=False)
    scheme = load(tenant_a)
    schools = [SchoolFactory(tenant=tenant_a, establishment__la_code="865") for _ in range(210)]
    inspections_import(rows=[row(school.urn, f"B{n}", "Good") for n, school in
                             enumerate(schools)], today=TODAY)
    counts = []
    with scope(tenant=tenant_a):
        for batch in (schools[:10], schools[10:]):
            with CaptureQueriesContext(connection) as captured:
                stats = recompute.recompute_batch(tenant=tenant_a, schemes=[scheme],
                                                  school_ids=[s.pk for s in batch])
            assert stats.proposals == len(batch)
            counts.append(len(captured))
    assert counts[0] == counts[1]


def test_when_the_broker_is_down_the_data_commits_and_the_arrival_waits_for_the_sweep(
        tenant_a, shared_school, monkeypatch, django_capture_on_commit_callbacks):
    from kombu.exceptions import OperationalError

    load(tenant_a)

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr(tasks.recompute_arrival, "delay", broker_down)
    arrival = import_and_schedule([row(123456, "T1", "Inadequate")],
                                  django_capture_on_commit_callbacks)
    arrival.refresh_from_db()
    assert arrival.status == "pending"
    assert proposals(tenant_a) == []
    monkeypatch.undo()
    DataArrival.objects.filter(pk=arrival.pk).update(
        created_at=timezone.now() - timedelta(hours=1))

    result = recompute.sweep()

    assert result.arrivals == [arrival.pk]
    arrival.refresh_from_db()
    assert arrival.status == "done"
    assert [p.category.code for p in proposals(tenant_a)] == ["4"]


def test_the_sweep_recomputes_schools_whose_inputs_changed_since_their_last_computation(
        tenant_a, shared_school, django_capture_on_commit_callbacks):
    load(tenant_a)
    import_and_schedule([row(123456, "T1", "Good")], django_capture_on_commit_callbacks)
    # Data written by a path that forgot to schedule a recompute:
    inspections_import(rows=[row(123456, "T2", "Inadequate", "2025-09-20")], today=TODAY)

    result = recompute.sweep()

    assert result.tenants == {tenant_a.pk: 1}
    assert [code(p) for p in proposals(tenant_a)] == ["2A/2B", "4"]
    assert recompute.sweep().tenants == {}  # caught up: nothing stale


def test_the_sweep_leaves_an_arrival_just_committed_to_its_own_task(tenant_a, shared_school):
    arrival = DataArrival.objects.create(urns=[123456], reason="just now")
    assert recompute.sweep().arrivals == []
    arrival.refresh_from_db()
    assert arrival.status == "pending"


def test_a_school_no_tenant_holds_is_recorded_as_done_with_nothing_computed(
        django_capture_on_commit_callbacks):
    arrival = import_and_schedule([row(999999, "X1", "Good")],
                                  django_capture_on_commit_callbacks)
    arrival.refresh_from_db()
    assert (arrival.status, arrival.tenants_count, arrival.schools_count) == ("done", 0, 0)


def test_the_adviser_is_emailed_when_a_proposal_is_created(
        tenant_a, personas, mailoutbox, django_capture_on_commit_callbacks, settings):
    from core.models import Membership

    settings.SITE_URL = "https://sip.example.gov.uk"
    load(tenant_a)
    school = personas["a"]["school"]
    with scopes_disabled():
        adviser = Membership.objects.get(tenant=tenant_a, user=personas["a"]["officer"])
        school.link_adviser = adviser
        school.save()
    import_and_schedule([row(school.urn, "M1", "Inadequate")],
                        django_capture_on_commit_callbacks)
    [mail] = mailoutbox
    assert mail.to == ["officer@wiltshire.example.org"]
    assert "1 proposed category" in mail.subject
    assert f"URN {school.urn}): proposed 4 Inadequate" in mail.body
    assert "https://sip.example.gov.uk/t/wiltshire/categorisation/proposals/" in mail.body


def spread_schools(tenants, per_tenant: int) -> dict[int, list[int]]:
    """`per_tenant` new schools in each tenant's register, each with a Good inspection."""
    targets, rows = {}, []
    for tenant in tenants:
        schools = [SchoolFactory(tenant=tenant, establishment__la_code="865")
                   for _ in range(per_tenant)]
        targets[tenant.pk] = [school.pk for school in schools]
        rows += [row(school.urn, f"S{school.urn}", "Good") for school in schools]
    inspections_import(rows=rows, today=TODAY)
    return targets


def test_a_batch_spanning_tenants_costs_the_same_queries_for_10_or_200_schools(
        tenant_a, tenant_b, monkeypatch):
    monkeypatch.setattr(connection.features, "max_query_params", 32766, raising=False)
    load(tenant_a)
    load(tenant_b, preset="wiltshire")
    small = spread_schools([tenant_a, tenant_b], 5)
    large = spread_schools([tenant_a, tenant_b], 100)
    counts = []
    for targets in (small, large):
        with CaptureQueriesContext(connection) as captured:
            stats = recompute.recompute_targets(targets)
        assert (stats.batches, stats.proposals) == (1, sum(map(len, targets.values())))
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_an_arrival_across_many_tenants_is_one_batch_recomputing_exactly_its_schools(
        tenant_a, tenant_b, django_capture_on_commit_callbacks):
    from tests.factories import TenantFactory

    tenants = [tenant_a, tenant_b, *[TenantFactory() for _ in range(4)]]
    for tenant in tenants:
        load(tenant)
    targets = spread_schools(tenants, 3)
    spread_schools([tenant_a], 4)  # schools the arrival does not touch
    with scopes_disabled():
        urns = sorted(School.objects.filter(pk__in=[i for ids in targets.values() for i in ids])
                      .values_list("establishment_id", flat=True))
    inspections_import(rows=[row(urn, f"N{urn}", "Inadequate", "2025-09-01") for urn in urns],
                       today=TODAY)
    arrival = DataArrival.objects.create(urns=urns, reason="monthly")

    stats = recompute.run_arrival(arrival_id=arrival.pk)

    assert (stats.schools, stats.batches, stats.proposals) == (18, 1, 18)
    arrival.refresh_from_db()
    assert (arrival.tenants_count, arrival.schools_count) == (6, 18)


def test_each_tenant_in_a_shared_batch_gets_its_own_scheme_proposal_and_audit_row(
        tenant_a, tenant_b, shared_school, django_capture_on_commit_callbacks):
    load(tenant_a)
    load(tenant_b, preset="wiltshire")
    arrival = import_and_schedule([row(123456, "T1", "Outstanding")],
                                  django_capture_on_commit_callbacks)
    arrival.refresh_from_db()
    assert arrival.proposals_count == 2
    # Outstanding with no results: Warwickshire's 1; Wiltshire's level 1 or 2 for an officer.
    for tenant, scheme_key, label in ((tenant_a, "warwickshire", "category 1 Outstanding"),
                                      (tenant_b, "wiltshire",
                                       "not determined: an officer chooses between 1 Level 1")):
        [proposal] = proposals(tenant)
        assert proposal.school.tenant_id == tenant.pk
        with scope(tenant=tenant):
            assert proposal.scheme.tenant_id == tenant.pk
            assert proposal.category is None or proposal.category.tenant_id == tenant.pk
            assert proposal.scheme.key == scheme_key
            assert proposal.reasons[-1].startswith(label)
            [audit] = AuditEvent.objects.filter(action="categorisation.proposals_computed")
        assert audit.tenant_id == tenant.pk
        assert audit.changes == {"schools": [proposal.school_id]}


def test_a_judgement_filed_under_another_tenant_is_not_read_for_a_school(
        tenant_a, tenant_b, shared_school):
    school_a, _ = shared_school
    load(tenant_a, preset="wiltshire")
    inspections_import(rows=[row(123456, "T1", "Good")], today=TODAY)
    with scopes_disabled():
        OfficerJudgement.objects.create(tenant=tenant_b, school=school_a, key="capacity_level",
                                        value="1", judged_on=TODAY)

    recompute.recompute_targets({tenant_a.pk: [school_a.pk]})

    [proposal] = proposals(tenant_a)
    assert proposal.category.code == "2"
    assert "officer.capacity_level" not in proposal.evidence


def test_the_garbage_collector_is_back_on_after_a_batch_even_when_it_fails(
        tenant_a, shared_school, monkeypatch):
    load(tenant_a)
    school_a, _ = shared_school

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("categorisation.recompute.running.write_batch", broken)
    with pytest.raises(RuntimeError):
        recompute.recompute_targets({tenant_a.pk: [school_a.pk]})
    assert gc.isenabled()


def test_reasons_keep_an_officers_note_with_tabs_newlines_and_backslashes_exactly(
        tenant_a, shared_school):
    school_a, _ = shared_school
    load(tenant_a, preset="wiltshire")
    note = 'Head: "strong"\tteam\nsee C:\\visits\\2025 \\N\r\nend'
    with scope(tenant=tenant_a):
        OfficerJudgement.objects.create(tenant=tenant_a, school=school_a, key="capacity_level",
                                        value="1", judged_on=TODAY, note=note)

    recompute.recompute_targets({tenant_a.pk: [school_a.pk]})

    [proposal] = proposals(tenant_a)
    assert proposal.category.code == "1"
    assert proposal.reasons[0].endswith(f": {note}")
    assert proposal.evidence["officer.capacity_level"] == "1"
    with scope(tenant=tenant_a):
        [computation] = CategoryComputation.objects.filter(school=school_a)
    assert (computation.category_code, computation.scheme_id) == ("1", proposal.scheme_id)
