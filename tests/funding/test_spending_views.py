"""The commitments, spend, actuals and reconciliation pages: the overspend warning and the
admin's override, the warning past a commitment, the actuals preview, the reconciliation's
chart, table and XLSX, and who sees them."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from core.models import AuditEvent, Role
from funding.models import Commitment, CommitmentStatus, Spend
from funding.services import spending
from tests.funding.spending_world import commit

pytestmark = pytest.mark.django_db


def url(tenant, path: str) -> str:
    return f"/t/{tenant.slug}/funding/{path}"


def body(budget_key: str, amount: str, **extra) -> dict:
    return {"budget": budget_key, "description": "Hub leader release", "supplier": "Oak Academy",
            "amount": amount, "on": "2025-06-02", **extra}


def test_a_commitment_past_the_budget_shows_the_warning_then_the_override_commits_it(
        budgets, tenant_a, personas, client_for):
    client = client_for(personas["a"][Role.ADMIN])
    path = url(tenant_a, f"years/{budgets.year.pk}/commitments/new/")
    key = f"allocation:{budgets.south.pk}"
    warned = client.post(path, body(key, "6000.01"))
    assert warned.status_code == 200
    assert (f"would overspend South Consortium (allocation run {budgets.run.pk}) by £0.01"
            in warned.content.decode())
    assert b'name="override_reason"' in warned.content
    assert Commitment.objects.count() == 0
    empty = client.post(path, body(key, "6000.01", override_reason=""))
    assert empty.status_code == 400 and Commitment.objects.count() == 0
    done = client.post(path, body(key, "6000.01", override_reason="Board minute 12."))
    assert done.status_code == 302
    assert Commitment.objects.get().override_reason == "Board minute 12."
    assert AuditEvent.objects.filter(action="funding.budget_override").exists()


def test_spend_past_the_commitment_is_warned_and_recorded_once_confirmed(
        budgets, in_a, tenant_a, personas, client_for):
    admin = personas["a"][Role.ADMIN]
    made = commit(in_a, admin, budgets.north, "100.00")
    client = client_for(admin)
    path = url(tenant_a, f"commitments/{made.pk}/spend/new/")
    warned = client.post(path, {"amount": "150.00", "on": "2025-07-01"})
    assert b"past its amount" in warned.content and Spend.objects.count() == 0
    client.post(path, {"amount": "150.00", "on": "2025-07-01",
                       "confirm_over_commitment": "on"})
    assert Spend.objects.get().amount == Decimal("150.00")


def test_the_second_admin_approves_from_the_page_and_the_requester_cannot(
        budgets, in_a, tenant_a, personas, second_admin, client_for):
    admin = personas["a"][Role.ADMIN]
    made = commit(in_a, admin, budgets.north, "15000.00")
    page = client_for(admin).get(url(tenant_a, f"commitments/{made.pk}/"))
    assert b"someone else with the right" in page.content
    refused = client_for(admin).post(url(tenant_a, f"commitments/{made.pk}/approve/"),
                                     {"confirm": "on"})
    assert refused.status_code == 400
    client_for(second_admin).post(url(tenant_a, f"commitments/{made.pk}/approve/"),
                                  {"confirm": "on"})
    assert Commitment.objects.get().status == CommitmentStatus.APPROVED


def test_the_actuals_upload_previews_then_imports(budgets, in_a, tenant_a, personas,
                                                  client_for):
    admin = personas["a"][Role.ADMIN]
    commit(in_a, admin, budgets.north, "500.00", reference="C-7")
    client = client_for(admin)
    upload = SimpleUploadedFile("actuals.csv", b"Commitment reference,Date,Amount\n"
                                               b"C-7,2025-07-01,200.00\nC-8,2025-07-01,x\n")
    response = client.post(url(tenant_a, "actuals/"), {"file": upload}, follow=True)
    assert "Row 3, column “Commitment reference”" in response.content.decode()
    assert b"Import 1 row" not in response.content
    good = SimpleUploadedFile("actuals.csv", b"Commitment reference,Date,Amount\n"
                                             b"C-7,2025-07-01,200.00\n")
    preview = client.post(url(tenant_a, "actuals/"), {"file": good}, follow=True)
    assert b"Import 1 row" in preview.content and Spend.objects.count() == 0
    client.post(preview.redirect_chain[-1][0] + "apply/")
    assert Spend.objects.get().amount == Decimal("200.00")


def test_the_reconciliation_has_a_chart_a_table_and_an_xlsx_whose_totals_add_up(
        budgets, in_a, tenant_a, personas, client_for):
    admin = personas["a"][Role.ADMIN]
    north = commit(in_a, admin, budgets.north, "2500.00")
    commit(in_a, admin, budgets.south, "6500.00", override_reason="Board minute 12.")
    spending.spend_record(tenant=in_a, actor=admin, commitment=north, amount="1000.50",
                          on=north.committed_on)
    client = client_for(personas["a"][Role.OFFICER])
    page = client.get(url(tenant_a, f"years/{budgets.year.pk}/reconciliation/"))
    assert b"<svg" in page.content and b'data-testid="reconciliation"' in page.content
    response = client.get(url(tenant_a, f"years/{budgets.year.pk}/reconciliation/export/"
                                        "?format=xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, *rows, total = list(sheet.iter_rows(values_only=True))
    assert header[4:] == ("Budget (£)", "Committed (£)", "Spent (£)", "Remaining (£)",
                          "Underspend (£)", "Profile", "Carried forward (£)")
    by_name = {row[1]: row for row in rows}
    assert by_name[f"South Consortium (allocation run {budgets.run.pk})"][7] == -500
    assert total[1] == "Total"
    assert total[4:9] == (26000, 9000, pytest.approx(1000.50), 17000, pytest.approx(24999.50))
    assert sheet.cell(row=2, column=5).number_format == "#,##0.00;-#,##0.00"


@pytest.mark.parametrize("role", [Role.HEADTEACHER, Role.BOARD_MEMBER, Role.VIEWER])
def test_commitments_are_not_shown_beyond_officers(budgets, tenant_a, personas, client_for,
                                                   role):
    client = client_for(personas["a"][role])
    assert client.get(url(tenant_a, f"years/{budgets.year.pk}/commitments/")
                      ).status_code == 403
