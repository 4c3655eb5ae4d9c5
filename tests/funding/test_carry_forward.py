"""The year-end step: a budget's underspend carried forward to the next financial year by the
finance officer (the admin), never more than the budget has neither committed nor spent, with
who, when and why; shown in both years' reconciliations, a budget of the next year, audited;
refused before the year ends, without the next year, without a reason, to other roles."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_scopes import scopes_disabled
from rest_framework.test import APIClient

from core.models import AuditEvent, Role
from funding.models import CarryForward, FundingYear
from funding.selectors.spending import year_balances
from funding.services import spending
from funding.services.carry import carry_forward
from funding.services.spending import OverspendRefused
from tests.funding.spending_world import commit, make_budgets

pytestmark = pytest.mark.django_db

YEAR_END = date(2026, 4, 2)  # the day after 2025-26 ended


@pytest.fixture
def world(in_a, personas):
    """2025-26 with North's allocation of £20,000: £5,000 committed and £6,000 spent (past the
    commitment), so £14,000 is neither committed nor spent; and 2026-27 to carry it into."""
    admin = personas["a"][Role.ADMIN]
    budgets = make_budgets(in_a)
    with scopes_disabled():
        budgets.next_year = FundingYear.objects.create(tenant=in_a, start_year=2026)
    made = commit(in_a, admin, budgets.north, "5000.00")
    spending.spend_record(tenant=in_a, actor=admin, commitment=made, amount="6000.00",
                          on=date(2025, 9, 1), confirm_over_commitment=True)
    budgets.key = f"allocation:{budgets.north.pk}"
    return budgets


def carry(tenant, actor, world, amount, reason="The forum agreed to carry it on 14 March.",
          **kwargs):
    return carry_forward(tenant=tenant, actor=actor, year=kwargs.pop("year", world.year),
                         budget_key=kwargs.pop("key", world.key), amount=amount,
                         reason=reason, today=kwargs.pop("today", YEAR_END), **kwargs)


def by_key(year, key):
    return next(b for b in year_balances(year)[0] if b.key == key)


def test_never_more_than_the_budget_has_neither_committed_nor_spent(in_a, personas, world):
    admin = personas["a"][Role.ADMIN]
    budget = Decimal("20000.00")
    spare = budget - max(Decimal("5000.00"), Decimal("6000.00"))
    with pytest.raises(ValidationError) as refused:
        carry(in_a, admin, world, str(spare + Decimal("0.01")))
    assert "At most £14,000.00" in refused.value.message_dict["amount"][0]
    first = carry(in_a, admin, world, "10000.00")
    assert (first.from_year, first.to_year, first.amount) == (
        world.year, world.next_year, Decimal("10000.00"))
    assert first.carried_by == admin and first.reason.startswith("The forum agreed")
    with pytest.raises(ValidationError):
        carry(in_a, admin, world, str(spare - Decimal("10000.00") + Decimal("0.01")))
    carry(in_a, admin, world, str(spare - Decimal("10000.00")))
    assert by_key(world.year, world.key).carryable == 0
    assert AuditEvent.objects.filter(action="funding.carry_forward").count() == 2


def test_carried_money_leaves_this_year_and_is_a_budget_of_the_next(in_a, personas, world):
    admin = personas["a"][Role.ADMIN]
    carried = carry(in_a, admin, world, "10000.00")
    north = by_key(world.year, world.key)
    assert north.carried == Decimal("10000.00")
    assert north.remaining == Decimal("20000.00") - Decimal("5000.00") - Decimal("10000.00")
    assert north.underspend == Decimal("20000.00") - Decimal("6000.00") - Decimal("10000.00")
    # This year can no longer commit what it carried forward.
    with pytest.raises(OverspendRefused):
        commit(in_a, admin, world.north, "5000.01")
    arrived = by_key(world.next_year, f"carry_forward:{carried.pk}")
    assert arrived.amount == Decimal("10000.00") and arrived.year == world.next_year
    assert arrived.name == (f"North Consortium (allocation run {world.run.pk}), carried "
                            "forward from 2025-26")
    made = commit(in_a, admin, carried, "9000.00", on=date(2026, 5, 1))
    assert made.year == world.next_year and made.carry_forward == carried
    with pytest.raises(OverspendRefused):
        commit(in_a, admin, carried, "1000.01", on=date(2026, 5, 2))


def test_refused_before_the_year_ends_without_the_next_year_or_a_reason(
        in_a, personas, world):
    admin = personas["a"][Role.ADMIN]
    with pytest.raises(ValidationError) as early:
        carry(in_a, admin, world, "1.00", today=date(2026, 3, 31))
    assert "once the year has ended" in early.value.messages[0]
    with pytest.raises(ValidationError) as no_reason:
        carry(in_a, admin, world, "1.00", reason="  ")
    assert "reason" in no_reason.value.message_dict
    with pytest.raises(ValidationError) as no_budget:
        carry(in_a, admin, world, "1.00", key="line:999999")
    assert "budget" in no_budget.value.message_dict
    with pytest.raises(ValidationError):
        carry(in_a, admin, world, "-5.00")
    with scopes_disabled():
        world.next_year.delete()
    with pytest.raises(ValidationError) as no_next:
        carry(in_a, admin, world, "1.00")
    assert "Add the funding year 2026-27" in no_next.value.messages[0]
    assert not CarryForward.objects.exists()


@pytest.mark.parametrize("role", [Role.OFFICER, Role.HEADTEACHER, Role.BOARD_MEMBER])
def test_only_the_finance_officer_carries_money(in_a, personas, world, role):
    with pytest.raises(PermissionDenied):
        carry(in_a, personas["a"][role], world, "1.00")


def test_the_pages_carry_and_both_years_show_it(in_a, tenant_a, personas, world, client_for):
    client = client_for(personas["a"][Role.ADMIN])
    path = f"/t/{tenant_a.slug}/funding/years/{world.year.pk}/carry-forward/new/"
    form = client.get(path).content.decode()
    assert "£14,000.00 can be carried" in form
    too_much = client.post(path, {"budget": world.key, "amount": "14000.01",
                                  "reason": "Agreed."})
    assert too_much.status_code == 400 and "At most £14,000.00" in too_much.content.decode()
    done = client.post(path, {"budget": world.key, "amount": "2500.00",
                              "reason": "Hub projects delayed to the summer term."})
    assert done.status_code == 302
    officer = client_for(personas["a"][Role.OFFICER])
    first = officer.get(f"/t/{tenant_a.slug}/funding/years/{world.year.pk}/reconciliation/")
    assert 'data-testid="carried-out"' in first.content.decode()
    assert "Hub projects delayed to the summer term." in first.content.decode()
    second = officer.get(
        f"/t/{tenant_a.slug}/funding/years/{world.next_year.pk}/reconciliation/").content
    assert b'data-testid="carried-in"' in second and b"carried forward from 2025-26" in second
    assert officer.get(path).status_code == 403


def test_the_api_lists_and_carries(in_a, tenant_a, personas, world):
    api = APIClient()
    api.force_login(personas["a"][Role.ADMIN])
    path = f"/api/t/{tenant_a.slug}/funding/years/{world.year.pk}/carry-forwards/"
    made = api.post(path, {"budget": world.key, "amount": "1200.00", "reason": "Agreed."},
                    format="json")
    # The API runs on today's date: 2025-26 has ended.
    assert made.status_code == 201, made.content
    assert made.json()["amount"] == "1200.00" and made.json()["to_year_label"] == "2026-27"
    refused = api.post(path, {"budget": world.key, "amount": "99999.00", "reason": "x"},
                       format="json")
    assert refused.status_code == 400 and "amount" in refused.json()
    listed = api.get(f"/api/t/{tenant_a.slug}/funding/years/{world.next_year.pk}/"
                     "carry-forwards/").json()
    assert [row["budget"] for row in listed] == [world.key]
    reconciliation = api.get(f"/api/t/{tenant_a.slug}/funding/years/{world.year.pk}/"
                             "reconciliation/").json()
    north = next(b for b in reconciliation["budgets"] if b["budget"] == world.key)
    assert (north["carried"], north["remaining"]) == ("1200.00", "13800.00")
    assert reconciliation["totals"]["carried"] == "1200.00"
    arrived = api.get(f"/api/t/{tenant_a.slug}/funding/years/{world.next_year.pk}/"
                      "reconciliation/").json()["budgets"]
    assert [(b["kind"], b["amount"]) for b in arrived] == [("carry_forward", "1200.00")]
    officer = APIClient()
    officer.force_login(personas["a"][Role.OFFICER])
    assert officer.post(path, {"budget": world.key, "amount": "1.00", "reason": "x"},
                        format="json").status_code == 403


def test_the_budget_history_shows_what_each_year_received(in_a, personas, world):
    from funding.selectors.history import CARRIED, budget_history
    admin = personas["a"][Role.ADMIN]
    carry(in_a, admin, world, "1500.00")
    carry(in_a, admin, world, "500.25")
    history = budget_history()
    [row] = [row for row in history.rows if row.name == CARRIED]
    assert row.amount_in(world.next_year) == Decimal("2000.25")
    assert row.amount_in(world.year) is None
