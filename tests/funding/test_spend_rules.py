"""Spend against a commitment, typed or imported as a CSV of actuals from the council's finance
system: the warnings, the refusals, the preview's row errors and all-or-nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from funding.models import Spend, SpendImport
from funding.selectors.spending import year_balances
from funding.services import actuals, spending
from funding.services.spending import OverCommitmentWarning
from tests.funding.spending_world import commit

pytestmark = pytest.mark.django_db


def spend(tenant, actor, commitment, amount, **values):
    return spending.spend_record(tenant=tenant, actor=actor, commitment=commitment,
                                 amount=amount, on=values.pop("on", date(2025, 7, 1)), **values)


@pytest.fixture
def approved(in_a, admin, budgets):
    return commit(in_a, admin, budgets.north, "1000.00", reference="C-1")


def test_spend_is_summed_against_the_commitment_and_its_budget(in_a, admin, approved,
                                                               budgets):
    spend(in_a, admin, approved, "400.00")
    spend(in_a, admin, approved, "250.50")
    spend(in_a, admin, approved, "-50.50", description="Credit note")
    balances, commitments = year_balances(budgets.year)
    north = next(b for b in balances if b.target.pk == budgets.north.pk)
    assert north.spent == Decimal("600.00")
    assert north.underspend == Decimal("19400.00")
    assert commitments[0].spent == Decimal("600.00")


def test_spend_past_the_commitment_is_warned_then_recorded_when_confirmed(in_a, admin,
                                                                          approved):
    spend(in_a, admin, approved, "900.00")
    with pytest.raises(OverCommitmentWarning) as warned:
        spend(in_a, admin, approved, "100.01")
    assert warned.value.over_by == Decimal("0.01")
    assert Spend.objects.count() == 1
    spend(in_a, admin, approved, "100.01", confirm_over_commitment=True)
    assert Spend.objects.count() == 2


def test_no_spend_on_a_commitment_awaiting_approval(in_a, admin, budgets):
    requested = commit(in_a, admin, budgets.north, "15000.00")
    with pytest.raises(ValidationError, match="awaiting approval"):
        spend(in_a, admin, requested, "10.00")


def test_no_spend_on_a_cancelled_commitment(in_a, admin, approved):
    spending.commitment_cancel(tenant=in_a, actor=admin, commitment=approved, reason="Off.")
    with pytest.raises(ValidationError, match="cancelled"):
        spend(in_a, admin, approved, "10.00")


def test_a_commitment_with_spend_cannot_be_cancelled(in_a, admin, approved):
    spend(in_a, admin, approved, "10.00")
    with pytest.raises(ValidationError, match="cannot be cancelled"):
        spending.commitment_cancel(tenant=in_a, actor=admin, commitment=approved, reason="x")


def test_a_ledger_reference_is_recorded_once(in_a, admin, approved):
    spend(in_a, admin, approved, "10.00", ledger_reference="INV-100")
    with pytest.raises(ValidationError) as refused:
        spend(in_a, admin, approved, "10.00", ledger_reference="INV-100")
    assert "ledger_reference" in refused.value.message_dict


# --- The CSV of actuals ------------------------------------------------------------------

HEADER = "Commitment reference,Date,Amount,Description,Ledger reference\n"


def check(tenant, admin, text: str) -> SpendImport:
    return actuals.spend_import_check(tenant=tenant, actor=admin, data=text.encode(),
                                      name="actuals.csv")


def test_a_good_file_is_previewed_and_applied_whole(in_a, admin, approved):
    record = check(in_a, admin, HEADER + "C-1,2025-07-01,400.00,Supply cover,AP1\n"
                                         "c-1,31/07/2025,\"1,250.00\",Cover,AP2\n")
    assert record.status == SpendImport.Status.PREVIEWED
    assert Spend.objects.count() == 0
    assert record.rows[1]["warning"].startswith("Takes C-1 £650.00 past")
    applied = actuals.spend_import_apply(tenant=in_a, actor=admin, record=record)
    assert applied.status == SpendImport.Status.APPLIED
    assert sorted(Spend.objects.values_list("amount", flat=True)) == [
        Decimal("400.00"), Decimal("1250.00")]
    assert applied.total == Decimal("1650.00")


def test_each_bad_row_is_named_with_its_column_and_nothing_is_kept_to_apply(
        in_a, admin, approved, budgets):
    requested = commit(in_a, admin, budgets.north, "15000.00", reference="C-BIG")
    record = check(in_a, admin, HEADER + "C-1,2025-07-01,400.00,ok,AP1\n"
                                         "C-9,2025-07-01,10.00,unknown,AP2\n"
                                         "C-1,yesterday,10.00,bad date,AP3\n"
                                         "C-1,2025-07-01,ten,bad amount,AP4\n"
                                         "C-1,2025-07-01,5.00,repeat,AP1\n"
                                         f"{requested.reference},2025-07-01,5.00,waiting,AP5\n")
    assert record.status == SpendImport.Status.FAILED
    found = {(error["row"], error["column"]) for error in record.errors}
    assert found == {(3, "Commitment reference"), (4, "Date"), (5, "Amount"),
                     (6, "Ledger reference"), (7, "Commitment reference")}
    with pytest.raises(ValidationError):
        actuals.spend_import_apply(tenant=in_a, actor=admin, record=record)
    assert Spend.objects.count() == 0


def test_a_file_without_the_needed_columns_is_refused_naming_them(in_a, admin):
    with pytest.raises(ValidationError) as refused:
        check(in_a, admin, "Reference,When\nC-1,2025-07-01\n")
    assert "Commitment reference or Date or Amount" in refused.value.message_dict["file"][0]
    assert SpendImport.objects.count() == 0


def test_a_row_already_imported_is_refused_on_the_second_upload(in_a, admin, approved):
    text = HEADER + "C-1,2025-07-01,400.00,Supply cover,AP1\n"
    actuals.spend_import_apply(tenant=in_a, actor=admin, record=check(in_a, admin, text))
    again = check(in_a, admin, text)
    assert [(e["row"], e["column"]) for e in again.errors] == [(2, "Ledger reference")]


def test_applying_checks_again_and_writes_nothing_if_a_row_went_bad(in_a, admin, approved):
    record = check(in_a, admin, HEADER + "C-1,2025-07-01,400.00,ok,AP1\n"
                                         "C-1,2025-07-02,100.00,ok,AP2\n")
    spend(in_a, admin, approved, "1.00", ledger_reference="AP2")  # typed meanwhile
    result = actuals.spend_import_apply(tenant=in_a, actor=admin, record=record)
    assert result.status == SpendImport.Status.FAILED
    assert [(e["row"], e["column"]) for e in result.errors] == [(3, "Ledger reference")]
    assert list(Spend.objects.values_list("ledger_reference", flat=True)) == ["AP2"]


def test_a_file_that_is_not_text_is_refused(in_a, admin):
    with pytest.raises(ValidationError) as refused:
        actuals.spend_import_check(tenant=in_a, actor=admin, data=b"\x00\x01\xff" * 20,
                                   name="actuals.xlsx")
    assert "file" in refused.value.message_dict


def test_an_imported_row_on_a_commitment_of_another_tenant_is_unknown(in_a, admin, tenant_b,
                                                                        personas):
    from django_scopes import scope

    from tests.funding.spending_world import make_budgets
    with scope(tenant=tenant_b):
        theirs = commit(tenant_b, personas["b"]["admin"], make_budgets(tenant_b).north,
                        reference="B-1")
    record = check(in_a, admin, HEADER + f"{theirs.reference},2025-07-01,10.00,x,Z1\n")
    assert [(e["row"], e["column"]) for e in record.errors] == [(2, "Commitment reference")]
