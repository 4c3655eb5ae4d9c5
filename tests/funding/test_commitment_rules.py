"""Commitments against a budget: the approval limit and a second person's approval, the
overspend refusal and an admin's override, VAT, ledger codes from the line, confirmed runs
left alone, and the balance."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import model_to_dict
from django_scopes import scopes_disabled

from core.models import AuditEvent, Role
from funding.models import AllocationRun, AllocationRunPartnership, CommitmentStatus
from funding.selectors.charges import dedelegation_schedule
from funding.selectors.spending import budget_for, committed_against, year_balances
from funding.services import dedelegation, spending
from funding.services import settings as fsettings
from funding.services.spending import OverspendRefused
from tests.funding.spending_world import commit, make_budgets

pytestmark = pytest.mark.django_db


def test_a_commitment_at_or_below_the_limit_is_approved_when_made(in_a, admin, budgets):
    made = commit(in_a, admin, budgets.north, "10000.00")
    assert made.status == CommitmentStatus.APPROVED
    assert made.approved_by == admin


def test_a_commitment_above_the_limit_waits_for_approval(in_a, admin, budgets):
    made = commit(in_a, admin, budgets.north, "10000.01")
    assert made.status == CommitmentStatus.REQUESTED
    assert made.approved_by is None


def test_the_approval_limit_is_the_tenants_setting(in_a, admin, budgets):
    fsettings.funding_settings_update(tenant=in_a, actor=admin, approval_limit="500.00")
    assert commit(in_a, admin, budgets.north, "500.01").status == CommitmentStatus.REQUESTED
    assert commit(in_a, admin, budgets.north, "500.00").status == CommitmentStatus.APPROVED


def test_the_requester_cannot_approve_their_own_commitment(in_a, admin, budgets):
    made = commit(in_a, admin, budgets.north, "12000.00")
    with pytest.raises(ValidationError, match="second person"):
        spending.commitment_approve(tenant=in_a, actor=admin, commitment=made)


def test_a_second_admin_approves_a_commitment_above_the_limit(in_a, admin, second_admin,
                                                              budgets):
    made = commit(in_a, admin, budgets.north, "12000.00")
    approved = spending.commitment_approve(tenant=in_a, actor=second_admin, commitment=made)
    assert approved.status == CommitmentStatus.APPROVED
    assert approved.approved_by == second_admin


def test_an_officer_cannot_approve_a_commitment(in_a, admin, personas, budgets):
    made = commit(in_a, admin, budgets.north, "12000.00")
    with pytest.raises(PermissionDenied):
        spending.commitment_approve(tenant=in_a, actor=personas["a"][Role.OFFICER],
                                    commitment=made)


def test_an_officer_cannot_make_a_commitment(in_a, personas, budgets):
    with pytest.raises(PermissionDenied):
        commit(in_a, personas["a"][Role.OFFICER], budgets.north)


def test_a_commitment_past_the_budget_is_refused_naming_the_amount(in_a, admin, budgets):
    commit(in_a, admin, budgets.south, "5000.00")
    with pytest.raises(OverspendRefused) as refused:
        commit(in_a, admin, budgets.south, "1000.01")
    assert refused.value.overspend == Decimal("0.01")
    assert "amount" in refused.value.message_dict


def test_a_commitment_that_uses_the_budget_exactly_is_allowed(in_a, admin, budgets):
    commit(in_a, admin, budgets.south, "5000.00")
    assert commit(in_a, admin, budgets.south, "1000.00").override_reason == ""


def test_an_admin_overrides_the_budget_with_a_reason_and_it_is_audited(in_a, admin, budgets):
    made = commit(in_a, admin, budgets.south, "6500.00",
                  override_reason="Agreed by the board on 3 June: carried forward underspend.")
    assert made.override_reason.startswith("Agreed by the board")
    event = AuditEvent.objects.get(action="funding.budget_override")
    assert event.changes["overspend"] == "500.00"
    assert event.object_id == str(made.pk)


def test_requested_commitments_count_against_the_budget_and_cancelled_ones_do_not(
        in_a, admin, budgets):
    fsettings.funding_settings_update(tenant=in_a, actor=admin, approval_limit="100.00")
    requested = commit(in_a, admin, budgets.south, "6000.00")
    with pytest.raises(OverspendRefused):
        commit(in_a, admin, budgets.south, "50.00")
    spending.commitment_cancel(tenant=in_a, actor=admin, commitment=requested,
                               reason="The school found the support elsewhere.")
    assert commit(in_a, admin, budgets.south, "50.00").status == CommitmentStatus.APPROVED
    assert committed_against(budget_for(budgets.south)) == Decimal("50.00")


def test_approving_checks_the_budget_again(in_a, admin, second_admin, voted):
    line = voted.improvement
    total = budget_for(line).amount
    made = commit(in_a, admin, line, str(total))
    assert made.status == CommitmentStatus.REQUESTED
    dedelegation.dedelegation_line_update(tenant=in_a, actor=admin, line=line,
                                          primary_rate="1.00")
    with pytest.raises(OverspendRefused):
        spending.commitment_approve(tenant=in_a, actor=second_admin, commitment=made)
    approved = spending.commitment_approve(tenant=in_a, actor=second_admin, commitment=made,
                                           override_reason="Rates fell after the request.")
    assert approved.status == CommitmentStatus.APPROVED


def test_a_draft_runs_allocation_is_not_a_budget(in_a, admin, budgets):
    with pytest.raises(ValidationError) as refused:
        commit(in_a, admin, budgets.draft)
    assert "confirmed run" in refused.value.message_dict["budget"][0]


def test_commitments_leave_a_confirmed_run_as_it_was(in_a, admin, second_admin, budgets):
    before = (model_to_dict(AllocationRun.objects.get(pk=budgets.run.pk)),
              [model_to_dict(p) for p in AllocationRunPartnership.objects.filter(
                  run=budgets.run)])
    made = commit(in_a, admin, budgets.north, "15000.00")
    spending.commitment_approve(tenant=in_a, actor=second_admin, commitment=made)
    commit(in_a, admin, budgets.north, "9000.00", override_reason="Board decision 14.")
    after = (model_to_dict(AllocationRun.objects.get(pk=budgets.run.pk)),
             [model_to_dict(p) for p in AllocationRunPartnership.objects.filter(
                 run=budgets.run)])
    assert after == before


def test_vat_is_charged_on_top_at_the_standard_rate_unless_given(in_a, admin, budgets):
    made = commit(in_a, admin, budgets.north, "1234.55", vat=True)
    assert made.vat_amount == Decimal("246.91")  # 246.91, half up from 246.910
    assert made.gross == Decimal("1481.46")
    given = commit(in_a, admin, budgets.north, "100.00", vat=True, vat_amount="5.00")
    assert given.gross == Decimal("105.00")


def test_the_budget_bears_the_net_amount_not_the_vat(in_a, admin, budgets):
    commit(in_a, admin, budgets.south, "5000.00", vat=True)
    assert committed_against(budget_for(budgets.south)) == Decimal("5000.00")


def test_vat_without_the_flag_is_refused(in_a, admin, budgets):
    with pytest.raises(ValidationError) as refused:
        commit(in_a, admin, budgets.north, "100.00", vat=False, vat_amount="20.00")
    assert "vat_amount" in refused.value.message_dict


def test_a_line_commitment_takes_the_lines_cost_centre_and_ledger_code(in_a, admin, voted):
    dedelegation.dedelegation_line_update(tenant=in_a, actor=admin, line=voted.improvement,
                                          cost_centre="SE4100", ledger_code="DD01")
    made = commit(in_a, admin, voted.improvement, "100.00")
    assert (made.cost_centre, made.ledger_code) == ("SE4100", "DD01")
    own = commit(in_a, admin, voted.improvement, "100.00", cost_centre="SE4200")
    assert (own.cost_centre, own.ledger_code) == ("SE4200", "DD01")


def test_a_lines_budget_is_its_total_charge_for_the_year(in_a, voted):
    schedule = dedelegation_schedule(voted.year)
    total = next(s.total for s in schedule.lines if s.line.pk == voted.improvement.pk)
    assert budget_for(voted.improvement).amount == total > 0


@pytest.mark.parametrize("amount", ["0", "-5.00", "ten", "1.001"])
def test_an_amount_that_is_not_positive_pounds_and_pence_is_refused(in_a, admin, budgets,
                                                                   amount):
    with pytest.raises(ValidationError) as refused:
        commit(in_a, admin, budgets.north, amount)
    assert "amount" in refused.value.message_dict


def test_a_date_outside_the_budgets_financial_year_is_refused(in_a, admin, budgets):
    with pytest.raises(ValidationError) as refused:
        commit(in_a, admin, budgets.north, on=date(2026, 4, 1))
    assert "on" in refused.value.message_dict


def test_references_are_numbered_per_year_and_a_used_one_is_refused(in_a, admin, budgets):
    assert commit(in_a, admin, budgets.north).reference == "C2025-26-0001"
    assert commit(in_a, admin, budgets.north).reference == "C2025-26-0002"
    commit(in_a, admin, budgets.north, reference="Deployment 12")
    with pytest.raises(ValidationError) as refused:
        commit(in_a, admin, budgets.north, reference="deployment 12")
    assert "reference" in refused.value.message_dict


def test_another_tenants_budget_is_refused(in_a, admin, tenant_b):
    theirs = make_budgets(tenant_b)
    with pytest.raises(ValidationError) as refused:
        commit(in_a, admin, theirs.north)
    assert "budget" in refused.value.message_dict


def test_the_balance_is_the_budget_less_what_is_committed(in_a, admin, budgets):
    commit(in_a, admin, budgets.north, "1500.00")
    cancelled = commit(in_a, admin, budgets.north, "700.00")
    spending.commitment_cancel(tenant=in_a, actor=admin, commitment=cancelled, reason="Dup.")
    balances, _ = year_balances(budgets.year)
    north = next(b for b in balances if b.target.pk == budgets.north.pk)
    assert (north.amount, north.committed, north.remaining) == (
        Decimal("20000.00"), Decimal("1500.00"), Decimal("18500.00"))


def test_the_support_service_records_where_a_commitment_came_from(in_a, admin, budgets):
    made = spending.commitment_create(
        tenant=in_a, actor=admin, budget=budgets.north, description="NLE support, 6 days",
        supplier="Castle Academy Trust", amount="3000.00", vat=True, on=date(2025, 9, 1),
        reference="DEP-12", source="Deployment 12")
    with scopes_disabled():
        assert made.source == "Deployment 12"
        assert made.reference == "DEP-12"


def test_the_database_refuses_a_commitment_with_two_budgets_or_none(in_a, voted):
    from django.db import IntegrityError, transaction

    from funding.models import Commitment
    budgets = make_budgets(in_a, year=voted.year)
    for keys in ({"line": voted.improvement, "allocation": budgets.north}, {}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Commitment.objects.create(tenant=in_a, year=budgets.year, reference=f"X{len(keys)}",
                                      description="x", supplier="y", amount=Decimal("1.00"),
                                      committed_on=date(2025, 6, 2), **keys)
