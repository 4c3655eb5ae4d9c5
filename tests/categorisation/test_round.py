"""Categorisation rounds, the services: one open round per tenant, bulk confirm through the
confirm service (one step and one audit row per school), undetermined proposals never
confirmed, refusals named, what changed since the last closed round, and closing."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from categorisation import rounds, selectors
from categorisation.models import (
    CategorisationRound,
    CategorisationScheme,
    CategoryProposal,
    SchemeCategory,
    SchoolCategory,
)
from categorisation.workflow import WorkflowRefused
from core.models import AuditEvent
from tests.categorisation import round_setup

pytestmark = pytest.mark.django_db


@pytest.fixture
def categories(tenant_a):
    return round_setup.warwickshire(tenant_a)


@pytest.fixture
def register(tenant_a, personas, categories):
    """Three unchanged proposals, one that would change the category, one undetermined."""
    make = round_setup.school
    return {
        "steady": [make(tenant_a, f"Steady School {n}", now="2A", proposed="2A",
                        categories=categories) for n in range(3)],
        "moving": make(tenant_a, "Moving School", now="2A", proposed="3C",
                       categories=categories),
        "unsure": make(tenant_a, "Unsure School", now="2A", proposed=None,
                       undetermined=["2A", "2B"], categories=categories),
    }


def open_round(tenant, actor, name="Autumn 2026"):
    with scope(tenant=tenant):
        return rounds.round_open(tenant=tenant, actor=actor, name=name)


def test_an_officer_opens_a_round_and_it_is_audited(tenant_a, personas):
    made = open_round(tenant_a, personas["a"]["officer"])
    assert (made.name, made.status, made.opened_by) == (
        "Autumn 2026", "open", personas["a"]["officer"])
    with scopes_disabled():
        assert AuditEvent.objects.filter(tenant=tenant_a,
                                         action="categorisation.round_opened").count() == 1


def test_a_second_open_round_is_refused_naming_the_open_one(tenant_a, personas):
    open_round(tenant_a, personas["a"]["officer"])
    with pytest.raises(WorkflowRefused, match="Autumn 2026 is still open"):
        open_round(tenant_a, personas["a"]["admin"], name="Spring 2027")


def test_the_database_allows_one_open_round_per_tenant(tenant_a, tenant_b):
    with scopes_disabled():
        CategorisationRound.objects.create(tenant=tenant_a, name="One")
        CategorisationRound.objects.create(tenant=tenant_b, name="One")  # another tenant's
        with pytest.raises(IntegrityError), transaction.atomic():
            CategorisationRound.objects.create(tenant=tenant_a, name="Two")


def test_a_round_without_a_name_is_refused_on_the_name(tenant_a, personas):
    with pytest.raises(WorkflowRefused) as refused:
        open_round(tenant_a, personas["a"]["officer"], name="  ")
    assert "name" in refused.value.message_dict


@pytest.mark.parametrize("role", ["headteacher", "viewer", "board_member"])
def test_only_officers_open_rounds(tenant_a, personas, role):
    with pytest.raises(PermissionDenied):
        open_round(tenant_a, personas["a"][role])


def test_bulk_confirm_confirms_each_unchanged_proposal_once_through_the_confirm_service(
        tenant_a, personas, register):
    officer = personas["a"]["officer"]
    made = open_round(tenant_a, officer)
    with scope(tenant=tenant_a):
        result = rounds.round_bulk_confirm(tenant=tenant_a, actor=officer, round=made)
    steady = {school.pk for school in register["steady"]}
    assert {step.school_id for step in result.confirmed} == steady
    assert result.refused == []
    with scopes_disabled():
        confirmed = AuditEvent.objects.filter(tenant=tenant_a,
                                              action="categorisation.category_confirmed")
        # One audited action per school, by the officer, naming the school's step.
        assert sorted(confirmed.values_list("object_id", flat=True)) == sorted(
            str(step.pk) for step in result.confirmed)
        assert set(confirmed.values_list("actor", flat=True)) == {officer.pk}
        steps = SchoolCategory.objects.filter(tenant=tenant_a, is_current=True,
                                              school_id__in=steady)
        assert {(s.status, s.category.code) for s in steps} == {("confirmed", "2A")}
        assert all("Autumn 2026" in s.reason for s in steps)
        # The bulk action itself is one more row, on the round.
        assert AuditEvent.objects.filter(
            tenant=tenant_a, action="categorisation.round_bulk_confirmed").count() == 1
        still_open = CategoryProposal.objects.filter(tenant=tenant_a, status="open")
        assert {p.school_id for p in still_open} == {register["moving"].pk,
                                                     register["unsure"].pk}


def test_undetermined_proposals_are_listed_as_needing_a_choice_and_never_confirmed(
        tenant_a, personas, register):
    made = open_round(tenant_a, personas["a"]["officer"])
    with scope(tenant=tenant_a):
        unsure = CategoryProposal.objects.get(school=register["unsure"])
        result = rounds.round_bulk_confirm(tenant=tenant_a, actor=personas["a"]["officer"],
                                           round=made, proposal_ids=[unsure.pk])
        unsure.refresh_from_db()
    assert result.confirmed == []
    assert [p.pk for p in result.needing_choice] == [unsure.pk]
    assert unsure.status == "open"


def test_a_ticked_proposal_that_would_change_the_category_is_refused_by_name(
        tenant_a, personas, register):
    made = open_round(tenant_a, personas["a"]["officer"])
    with scope(tenant=tenant_a):
        moving = CategoryProposal.objects.get(school=register["moving"])
        steady = CategoryProposal.objects.get(school=register["steady"][0])
        result = rounds.round_bulk_confirm(tenant=tenant_a, actor=personas["a"]["officer"],
                                           round=made, proposal_ids=[moving.pk, steady.pk])
    assert [step.school_id for step in result.confirmed] == [register["steady"][0].pk]
    [refusal] = result.refused
    assert refusal.school == register["moving"]
    assert "Moving School" in str(refusal) and "3C Requires improvement" in str(refusal)


def test_a_school_the_confirm_service_refuses_is_named_and_the_others_are_kept(
        tenant_a, personas, register, categories):
    """A proposal made by a scheme version no longer in use: the confirm service refuses it
    (its own rule); the bulk action reports it and confirms the rest."""
    with scopes_disabled():
        old = CategorisationScheme.objects.create(tenant=tenant_a, key="warwickshire",
                                                  name="Warwickshire", version=99,
                                                  is_active=False)
        old_2a = SchemeCategory.objects.create(tenant=tenant_a, scheme=old, code="2A",
                                               label="Good - improving")
    stale = round_setup.school(tenant_a, "Stale School", now="2A", proposed=None,
                               categories=categories)
    round_setup.proposal(tenant_a, stale, old_2a)
    made = open_round(tenant_a, personas["a"]["officer"])
    with scope(tenant=tenant_a):
        result = rounds.round_bulk_confirm(tenant=tenant_a, actor=personas["a"]["officer"],
                                           round=made)
    assert len(result.confirmed) == 3
    [refusal] = result.refused
    assert refusal.school == stale and "no longer in use" in refusal.reason
    with scopes_disabled():
        assert not SchoolCategory.objects.filter(school=stale, proposal__isnull=False).exists()


def test_another_tenants_proposal_cannot_be_ticked(tenant_a, tenant_b, personas, categories):
    theirs = round_setup.school(tenant_b, "Their School", now="2A", proposed="2A",
                                categories=round_setup.warwickshire(tenant_b))
    with scopes_disabled():
        their_proposal = CategoryProposal.objects.get(school=theirs)
    made = open_round(tenant_a, personas["a"]["officer"])
    with scope(tenant=tenant_a):
        result = rounds.round_bulk_confirm(tenant=tenant_a, actor=personas["a"]["officer"],
                                           round=made, proposal_ids=[their_proposal.pk])
    assert (result.confirmed, result.refused) == ([], [])
    with scopes_disabled():
        their_proposal.refresh_from_db()
    assert their_proposal.status == "open"


def test_what_changed_is_measured_from_the_category_in_force_when_the_last_round_closed(
        tenant_a, personas, categories):
    officer = personas["a"]["officer"]
    # In force when the last round closed: 2A. Since then an officer set 3C, and the data
    # propose 3C: unchanged today, changed since the last round.
    moved = round_setup.school(tenant_a, "Moved School", now="2A", proposed=None,
                               categories=categories)
    # 2B at the close and proposed 2B: not a change.
    kept = round_setup.school(tenant_a, "Kept School", now="2B", proposed="2B",
                              categories=categories)
    with scopes_disabled():
        CategorisationRound.objects.create(
            tenant=tenant_a, name="Summer 2026", status="closed",
            closed_at=timezone.now() - timedelta(days=10))
    round_setup.in_force(tenant_a, moved, categories["3C"], days_ago=2)
    round_setup.proposal(tenant_a, moved, categories["3C"])
    made = open_round(tenant_a, officer)
    with scope(tenant=tenant_a):
        review = selectors.round_review(tenant=tenant_a, round=made)
    assert review.baseline_round.name == "Summer 2026"
    [changed] = review.changed
    assert (changed.school, changed.baseline.code, changed.proposal.category.code) == (
        moved, "2A", "3C")
    assert {row.school for row in review.unchanged} == {moved, kept}


def test_closing_records_who_when_and_the_summary_and_the_round_is_then_read_only(
        tenant_a, personas, register):
    officer = personas["a"]["officer"]
    made = open_round(tenant_a, officer)
    with scope(tenant=tenant_a):
        rounds.round_bulk_confirm(tenant=tenant_a, actor=officer, round=made)
        moving = CategoryProposal.objects.get(school=register["moving"])
        from categorisation import workflow
        workflow.proposal_override(tenant=tenant_a, actor=officer, proposal=moving,
                                   category=moving.scheme.categories.get(code="3D"),
                                   reason="Leadership is strong.")
        closed = rounds.round_close(tenant=tenant_a, actor=personas["a"]["admin"], round=made)
    assert (closed.status, closed.closed_by) == ("closed", personas["a"]["admin"])
    assert closed.closed_at is not None
    summary = closed.summary
    assert (summary["confirmed"], summary["overridden"], summary["still_open"],
            summary["still_undetermined"]) == (3, 1, 1, 1)
    by_category = {code: count for code, _label, count in summary["by_category"]}
    # The persona school has no category: 2A for the steady and unsure schools, 3D moved.
    assert by_category == {"2A": 4, "3D": 1}
    assert summary["without_category"] == 1
    with scope(tenant=tenant_a):
        with pytest.raises(WorkflowRefused, match="closed"):
            rounds.round_close(tenant=tenant_a, actor=officer, round=closed)
        with pytest.raises(WorkflowRefused, match="closed"):
            rounds.round_bulk_confirm(tenant=tenant_a, actor=officer, round=closed)
    # Closed, so another may open.
    assert open_round(tenant_a, officer, name="Spring 2027").is_open


def test_a_batch_confirms_at_most_its_limit_and_counts_the_rest(tenant_a, personas, register):
    made = open_round(tenant_a, personas["a"]["officer"])
    with scope(tenant=tenant_a):
        first = rounds.round_bulk_confirm(tenant=tenant_a, actor=personas["a"]["officer"],
                                          round=made, limit=2)
        second = rounds.round_bulk_confirm(tenant=tenant_a, actor=personas["a"]["officer"],
                                           round=made, limit=2)
    assert (len(first.confirmed), first.remaining) == (2, 1)
    assert (len(second.confirmed), second.remaining) == (1, 0)
