"""The money pages' figures are kept per version of funding's data (`funding.selectors.kept`,
`funding.selectors.versions`): after every funding write, through its service, the version
moves and the pages' kept figures are the fresh ones at once; with nothing changed the kept
figures are served without recomputing; and a form's POST decides against fresh balances."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from core.models import Role
from funding.models import AllocationRun, Commitment, FundingYear
from funding.selectors import kept as kept_module
from funding.selectors import report as report_module
from funding.selectors import year_page as year_page_module
from funding.selectors.allocations import runs_of
from funding.selectors.charges import dedelegation_schedule, school_charges
from funding.selectors.funds import fund_summaries
from funding.selectors.history import budget_history
from funding.selectors.kept import kept_balances, kept_history, kept_reconciliation
from funding.selectors.report import kept_year_report, year_report
from funding.selectors.spending import carried_forward, year_balances
from funding.selectors.versions import charges_version, funding_version
from funding.selectors.year_page import kept_school_charges, year_page
from funding.services import actuals, allocations, carry, census, funds, settings, spending, traded
from funding.services import dedelegation as lines
from schools.models import Establishment
from schools.services import register_changed
from tests.funding.spending_world import commit, make_budgets

pytestmark = pytest.mark.django_db

ON = date(2025, 6, 2)


@pytest.fixture
def world(in_a, admin, second_admin, voted):
    """2025-26 with the voted lines, a confirmed run's allocations (and a draft run), a
    strategic fund, a commitment with spend, one awaiting approval, a day rate with a
    purchase; and 2026-27 to carry into."""
    budgets = make_budgets(in_a, voted.year)
    with scopes_disabled():
        next_year = FundingYear.objects.create(tenant=in_a, start_year=2026)
        AllocationRun.objects.filter(pk=budgets.draft.run_id).update(parameters={"rates": {}})
    made = commit(in_a, admin, budgets.north, "5000.00", reference="C-1")
    spending.spend_record(tenant=in_a, actor=admin, commitment=made, amount="1200.00", on=ON)
    waiting = commit(in_a, second_admin, budgets.south, "1000.00")
    with scopes_disabled():
        Commitment.objects.filter(pk=waiting.pk).update(status="requested")
    fund = funds.strategic_fund_create(tenant=in_a, actor=admin, year=voted.year,
                                       name="Strategic School Improvement",
                                       base_amount="50000.00")
    traded.traded_day_rate_set(tenant=in_a, actor=admin, year=voted.year, day_rate="450.00")
    purchase = traded.traded_day_purchase_record(
        tenant=in_a, actor=admin, year=voted.year, customer_kind="trust",
        trust_name="Oak Trust", purchased_on=ON, days="2")
    return SimpleNamespace(**{**vars(voted), **vars(budgets)}, next_year=next_year, made=made,
                           waiting=waiting, fund=fund, purchase=purchase)


def _census(tenant, admin, w):
    record = census.census_return_check(
        tenant=tenant, actor=admin, data=f"URN,Pupils\n{w.register.hill.urn},500\n".encode(),
        name="census.csv", census_date=date(2024, 10, 3), source="October 2024 census")
    census.census_return_apply(tenant=tenant, actor=admin, record=record)


def _actuals(tenant, admin, w):
    record = actuals.spend_import_check(
        tenant=tenant, actor=admin, name="actuals.csv",
        data=b"Commitment reference,Date,Amount,Description,Ledger reference\n"
             b"C-1,2025-07-01,400.00,Supply cover,AP1\n")
    actuals.spend_import_apply(tenant=tenant, actor=admin, record=record)


def _register(tenant, admin, w):
    # What a GIAS import does: the shared establishment changes, and every register is bumped.
    Establishment.objects.filter(pk=w.register.hill.urn).update(number_of_pupils=400)
    register_changed()
    tenant.refresh_from_db()


WRITES = {
    "a year": lambda t, a, w: lines.funding_year_create(tenant=t, actor=a, start_year=2027),
    "a line": lambda t, a, w: lines.dedelegation_line_create(
        tenant=t, actor=a, year=w.year, name="Trade union facilities", primary_rate="2.00",
        secondary_rate="2.00"),
    "a line's rate": lambda t, a, w: lines.dedelegation_line_update(
        tenant=t, actor=a, line=w.improvement, primary_rate="20.00"),
    "a vote": lambda t, a, w: lines.phase_vote_record(
        tenant=t, actor=a, line=w.licences, phase="primary", outcome="passed",
        decided_on=date(2025, 1, 14)),
    "a corrected vote": lambda t, a, w: lines.phase_vote_correct(
        tenant=t, actor=a, vote=w.behaviour.votes.get(phase="secondary"),
        reason="Minuted wrongly", outcome="passed", decided_on=date(2025, 1, 14)),
    "a buy-back": lambda t, a, w: lines.buy_back_record(
        tenant=t, actor=a, line=w.behaviour, school=w.register.academy, amount="300.00",
        agreed_on=ON),
    "an applied census": _census,
    "the settings": lambda t, a, w: settings.funding_settings_update(
        tenant=t, actor=a, approval_limit="100.00", conversion_rule="months"),
    "a formula": lambda t, a, w: allocations.allocation_formula_create(
        tenant=t, actor=a, name="Hub funding", level_name="Consortium",
        rates={"3A": "10.00"}, triggering_codes=["3A"]),
    "a confirmed run": lambda t, a, w: allocations.allocation_run_confirm(
        tenant=t, actor=a, run=w.draft.run),
    "a discarded run": lambda t, a, w: allocations.allocation_run_discard(
        tenant=t, actor=a, run=w.draft.run),
    "a fund": lambda t, a, w: funds.strategic_fund_create(
        tenant=t, actor=a, year=w.year, name="Attendance", base_amount="1000.00"),
    "a fund's cost": lambda t, a, w: funds.fund_cost_add(
        tenant=t, actor=a, fund=w.fund, name="Chair", amount="4500.00"),
    "a contribution": lambda t, a, w: funds.fund_contribution_record(
        tenant=t, actor=a, fund=w.fund, contributor_kind="council", basis="fixed",
        contributor_name="Northshire County Council", amount="2500.00", received_on=ON,
        reference="INV-1"),
    "money carried forward": lambda t, a, w: carry.carry_forward(
        tenant=t, actor=a, year=w.year, budget_key=f"allocation:{w.north.pk}",
        amount="1000.00", reason="The forum agreed.", today=date(2026, 4, 2)),
    "a commitment": lambda t, a, w: commit(t, a, w.south, "250.00"),
    "an approval": lambda t, a, w: spending.commitment_approve(
        tenant=t, actor=a, commitment=w.waiting),
    "a cancellation": lambda t, a, w: spending.commitment_cancel(
        tenant=t, actor=a, commitment=w.waiting, reason="Not needed"),
    "spend": lambda t, a, w: spending.spend_record(
        tenant=t, actor=a, commitment=w.made, amount="300.00", on=ON),
    "applied actuals": _actuals,
    "a day rate": lambda t, a, w: traded.traded_day_rate_set(
        tenant=t, actor=a, year=w.year, day_rate="475.00"),
    "a purchase": lambda t, a, w: traded.traded_day_purchase_record(
        tenant=t, actor=a, year=w.year, customer_kind="trust", trust_name="Elm Trust",
        purchased_on=ON, days="1"),
    "an invoice request sent": lambda t, a, w: traded.traded_day_request_mark_sent(
        tenant=t, actor=a, purchase=w.purchase),
    "the register": _register,
}


def balances(found) -> list:
    budgets, commitments = found
    return ([(b.key, b.name, b.amount, b.committed, b.spent, b.carried) for b in budgets]
            + [(c.pk, c.status, c.amount, c.spent) for c in commitments])


def report(found) -> list:
    return ([(s.name, s.amount, s.committed, s.spent, s.carried) for s in found.streams]
            + [(s.name, s.amount) for s in found.partnerships]
            + [(s.urn, s.allocated, s.charged) for s in found.schools]
            + [(i.name, i.purchases, i.amount, i.sent) for i in found.income]
            + [(y.pk, c) for y, c, _ in found.history_rows])


def history(found) -> list:
    return [(row.name, row.amounts) for row in found.rows]


def year(schedule, runs, funds) -> list:
    return ([(s.line.pk, s.total) for s in schedule.lines]
            + [(row.school.urn, row.total) for row in schedule.schools[:50]]
            + [len(schedule.schools)] + [run.pk for run in runs]
            + [(f.fund.pk, f.available, f.remaining) for f in funds])


def own(charges) -> list:
    return [(row.phase, row.pupils, row.total) for row in charges.rows]


def seen(tenant, world) -> tuple:
    """What the pages show, as they read it (kept) and afresh."""
    page = year_page(tenant, world.year)
    kept_figures = (balances(kept_balances(world.year)),
                    report(kept_year_report(tenant, world.year, with_schools=True)),
                    history(kept_history(tenant)),
                    year(page.schedule, page.runs, page.funds),
                    [(c.pk, c.amount) for c in kept_reconciliation(world.year).carried],
                    own(kept_school_charges(tenant, world.year, world.register.head,
                                            version=page.version)),
                    own(kept_school_charges(tenant, world.year, world.register.hill)))
    fresh = (balances(year_balances(world.year)),
             report(year_report(tenant, world.year, with_schools=True)),
             history(budget_history()),
             year(dedelegation_schedule(world.year), runs_of(world.year),
                  fund_summaries(world.year)),
             list(carried_forward(world.year).values_list("pk", "amount")),
             own(school_charges(world.year, world.register.head)),
             own(school_charges(world.year, world.register.hill)))
    return kept_figures, fresh


@pytest.mark.parametrize("write", WRITES)
def test_every_funding_write_is_seen_at_once(write, in_a, admin, world):
    kept_before, fresh_before = seen(in_a, world)
    assert kept_before == fresh_before
    version = funding_version(in_a)
    WRITES[write](in_a, admin, world)
    assert funding_version(in_a) != version
    kept_after, fresh_after = seen(in_a, world)
    assert kept_after == fresh_after


def test_money_writes_change_what_the_pages_show(in_a, admin, world):
    """The figures themselves, computed by hand: a commitment, spend, a cancellation."""
    def north():
        budgets, _ = kept_balances(world.year)
        budget = next(b for b in budgets if b.key == f"allocation:{world.north.pk}")
        return budget.committed, budget.spent

    assert north() == (Decimal("5000.00"), Decimal("1200.00"))
    more = commit(in_a, admin, world.north, "250.00")
    spending.spend_record(tenant=in_a, actor=admin, commitment=world.made, amount="300.00",
                          on=ON)
    assert north() == (Decimal("5250.00"), Decimal("1500.00"))
    spending.commitment_cancel(tenant=in_a, actor=admin, commitment=more, reason="Not needed")
    assert north() == (Decimal("5000.00"), Decimal("1500.00"))


def test_reads_do_not_move_the_version(in_a, admin, world):
    versions = funding_version(in_a), charges_version(in_a)
    seen(in_a, world)
    assert (funding_version(in_a), charges_version(in_a)) == versions


def test_with_nothing_changed_the_kept_figures_are_served(in_a, world, monkeypatch):
    first = (balances(kept_balances(world.year)),
             report(kept_year_report(in_a, world.year, with_schools=True)),
             history(kept_history(in_a)), kept_reconciliation(world.year).income)

    def recomputed(*args, **kwargs):
        pytest.fail("recomputed")

    page = year_page(in_a, world.year)
    first_page = year(page.schedule, page.runs, page.funds)
    first_school = own(kept_school_charges(in_a, world.year, world.register.hill))
    for module, name in ((kept_module, "year_balances"), (kept_module, "budget_history"),
                         (kept_module, "income_rows"), (report_module, "year_report"),
                         (year_page_module, "cached_schedule"),
                         (year_page_module, "fund_summaries"),
                         (year_page_module, "school_charges")):
        monkeypatch.setattr(module, name, recomputed)
    page = year_page(in_a, world.year)
    assert year(page.schedule, page.runs, page.funds) == first_page
    assert own(kept_school_charges(in_a, world.year, world.register.hill)) == first_school
    assert (balances(kept_balances(world.year)),
            report(kept_year_report(in_a, world.year, with_schools=True)),
            history(kept_history(in_a)), kept_reconciliation(world.year).income) == first


def test_the_versions_name_the_tenant(in_a, tenant_b, world):
    from django_scopes import scope

    with scope(tenant=tenant_b):
        assert funding_version(tenant_b) != funding_version(in_a)


@pytest.mark.parametrize("name", ["funding:reconciliation", "funding:commitment-list",
                                  "funding:year-report"])
def test_a_page_shows_a_commitment_made_since_it_was_kept(name, in_a, admin, world,
                                                          client_for, personas):
    client = client_for(personas["a"][Role.ADMIN])
    url = reverse(name, args=[in_a.slug, world.year.pk])
    before = client.get(url).content.decode()
    assert "£5,250.00" not in before
    commit(in_a, admin, world.north, "250.00")
    assert "£5,250.00" in client.get(url).content.decode()  # North: 5,000 + 250 committed


def test_a_form_decides_against_fresh_balances(in_a, admin, world, client_for, personas,
                                               monkeypatch):
    """Shown from kept balances; sent, the balances are read afresh (never the kept ones)."""
    client = client_for(personas["a"][Role.ADMIN])
    url = reverse("funding:commitment-create", args=[in_a.slug, world.year.pk])
    assert client.get(url).status_code == 200
    monkeypatch.setattr(kept_module, "kept_balances",
                        lambda *args, **kwargs: pytest.fail("kept balances on a POST"))
    response = client.post(url, {"budget": f"allocation:{world.north.pk}",
                                 "description": "Release time", "supplier": "Hill Top",
                                 "amount": "100.00", "on": "2025-06-02"})
    assert response.status_code == 302
    assert Commitment.objects.filter(description="Release time", amount="100.00").exists()


def test_the_run_api_keeps_a_runs_schools_and_reads_the_run_each_time(
        in_a, admin, world, client_for, personas, monkeypatch):
    """A run's snapshot rows never change: kept under the run's id. Its status is read each
    time, so confirming it shows at once."""
    from funding.api import allocations as api
    from funding.models import AllocationRunSchool

    with scopes_disabled():
        for school in (world.register.hill, world.register.vale):
            AllocationRunSchool.objects.create(
                tenant=in_a, run=world.draft.run, partnership=world.draft, school=school,
                urn=school.urn, school_name=school.establishment.name, amount="100.00",
                reason="3A")
    client = client_for(personas["a"][Role.ADMIN])
    url = reverse("funding_api:api-run-detail", args=[in_a.slug, world.draft.run.pk])
    first = client.get(url).json()
    assert sorted(row["name"] for row in first["schools"]) == ["Hill Top Primary",
                                                               "Vale Primary"]
    assert first["run"]["status"] == "draft"
    monkeypatch.setattr(api, "run_schools", lambda *args: pytest.fail("read the rows again"))
    allocations.allocation_run_confirm(tenant=in_a, actor=admin, run=world.draft.run)
    second = client.get(url).json()
    assert second["run"]["status"] == "confirmed"
    assert second["schools"] == first["schools"]


def test_the_year_page_shows_a_new_rate_in_each_schools_charge_at_once(
        in_a, admin, world, client_for, personas):
    """The schools' rows are drawn once per version: a rate changed since is drawn at once."""
    client = client_for(personas["a"][Role.ADMIN])
    url = reverse("funding:year-detail", args=[in_a.slug, world.year.pk])
    before = client.get(url).content.decode()
    assert "£2,313.19" in before  # Hill Top: 187 pupils at £12.37
    lines.dedelegation_line_update(tenant=in_a, actor=admin, line=world.improvement,
                                   primary_rate="20.00")
    after = client.get(url).content.decode()
    assert "£2,313.19" not in after and "£3,740.00" in after  # 187 at £20.00
