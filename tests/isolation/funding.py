"""Isolation rows for funding: tenant A's funding year 2025-26 with a de-delegation line agreed
by the primary members and refused by the secondary, and an academy buying it back.

The admin sets rates and records votes (FUNDING_MANAGE); officers read every school's charge
and the downloads (FUNDING_VIEW); the headteacher reads the lines and their own school's charge
(the `urn` filler is their school); board members and viewers read the lines and totals only.
Pages that take only GET answer 405 to POST once the tenant and role are known; a school's
charges page checks the school first, so another school is 403 whatever the method. An empty
POST (`{"submitted": "1"}`) is an invalid form or body: 400.

Allocation: a formula and a draft run of it. The admin makes formulas and runs and confirms
them; officers read the formulas, every school's line, the download and the what-if (a GET
form that saves nothing); the run's page is for everyone who sees funding, each seeing their
part (a headteacher their own school's line, board members and viewers the totals).

Strategic funds: a fund of the year with a fixed cost and a contribution. Its sums are
aggregates: everyone who sees totals reads the fund pages and API (a headteacher does not); only
the admin adds a fund, a cost, a contribution or a run sharing it.

Traded days: a day rate of the year and an academy's purchase, not yet sent to the ledger. The
purchases name schools: officers read every one, a headteacher their own school's (none here),
board members and viewers nothing; only the admin sets the rate, records a purchase or marks
its invoice request as sent.
"""

from datetime import date
from decimal import Decimal

from django_scopes import scopes_disabled

from funding.models import (
    AllocationFormula,
    AllocationRun,
    AllocationRunPartnership,
    BuyBack,
    CensusReturn,
    Commitment,
    DeDelegationLine,
    FundContribution,
    FundCost,
    FundingYear,
    PhaseVote,
    SpendImport,
    StrategicFund,
    TradedDayPurchase,
    TradedDayRate,
)
from schools.models import Governance
from tests.factories import SchoolFactory
from tests.isolation import FORBIDDEN, statuses

EVERYONE_READS = statuses((200, 405), (200, 405), (200, 405), (200, 405), (200, 405))
ADMIN_FORM = statuses((200, 400), FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN)
OFFICERS_READ = statuses((200, 405), (200, 405), FORBIDDEN, FORBIDDEN, FORBIDDEN)
OWN_SCHOOL = statuses((200, 405), (200, 405), (200, 405), FORBIDDEN, FORBIDDEN)
API_READ_ADMIN_WRITES = statuses((200, 400), (200, 403), (200, 403), (200, 403), (200, 403))
ADMIN_ONLY_READS = statuses((200, 405), FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN)
API_OFFICERS_READ_ADMIN_WRITES = statuses((200, 400), (200, 403), FORBIDDEN, FORBIDDEN,
                                          FORBIDDEN)
API_OFFICERS_READ = statuses((200, 405), (200, 403), FORBIDDEN, FORBIDDEN, FORBIDDEN)
API_ADMIN_POSTS = statuses((405, 400), (405, 403), FORBIDDEN, FORBIDDEN, FORBIDDEN)
# GET-only: the method is checked before the role, so a headteacher's POST is 405.
TOTALS_READ = statuses((200, 405), (200, 405), (403, 405), (200, 405), (200, 405))
API_TOTALS_ADMIN_WRITES = statuses((200, 400), (200, 403), FORBIDDEN, (200, 403), (200, 403))
# GET-only, for those who see every school or their own: the method is checked first.
OWN_SCHOOL_LIST = statuses((200, 405), (200, 405), (200, 405), (403, 405), (403, 405))

EXPECTED = {
    "funding:year-list": EVERYONE_READS,
    "funding:year-create": ADMIN_FORM,
    "funding:year-detail": EVERYONE_READS,
    "funding:year-export": OFFICERS_READ,
    # The lines, rates and votes as the year's page shows them, to everyone who sees it.
    "funding:year-schedule-export": EVERYONE_READS,
    "funding:school-charges": OWN_SCHOOL,
    "funding:line-create": ADMIN_FORM,
    "funding:line-detail": OFFICERS_READ,
    "funding:line-edit": ADMIN_FORM,
    "funding:vote-record": ADMIN_FORM,
    "funding:buy-back-create": ADMIN_FORM,
    "funding:line-export": OFFICERS_READ,
    "funding:formula-list": OFFICERS_READ,
    "funding:formula-create": ADMIN_FORM,
    "funding:formula-revise": ADMIN_FORM,
    "funding:run-create": ADMIN_FORM,
    "funding:run-detail": EVERYONE_READS,
    "funding:run-confirm": ADMIN_FORM,
    "funding:run-what-if": OFFICERS_READ,
    "funding:run-export": OFFICERS_READ,
    "funding_api:api-formula-list":
        statuses((200, 400), (200, 403), FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "funding_api:api-run-list":
        statuses((200, 400), (200, 403), FORBIDDEN, (200, 403), (200, 403)),
    "funding_api:api-run-detail": EVERYONE_READS,
    "funding_api:api-run-confirm":
        statuses((405, 400), FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "funding_api:api-run-what-if":
        statuses((405, 400), (405, 400), FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "funding_api:api-year-list": API_READ_ADMIN_WRITES,
    "funding_api:api-year-schedule": EVERYONE_READS,
    "funding_api:api-line-list": API_READ_ADMIN_WRITES,
    "funding_api:api-school-charges":
        statuses((200, 405), (200, 405), (200, 405), (403, 405), (403, 405)),
    "funding_api:api-vote-list": API_READ_ADMIN_WRITES,
    "funding_api:api-line-charges": OFFICERS_READ | {
        role: FORBIDDEN for role in ("headteacher", "board_member", "viewer")},
    "funding_api:api-buy-back-list":
        statuses((200, 400), (200, 403), FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "funding:commitment-list": OFFICERS_READ,
    "funding:commitment-create": ADMIN_FORM,
    "funding:commitment-detail": OFFICERS_READ,
    "funding:commitment-approve": ADMIN_FORM,
    "funding:commitment-cancel": ADMIN_FORM,
    "funding:spend-create": ADMIN_FORM,
    "funding:actuals-upload": ADMIN_FORM,
    "funding:actuals-detail": ADMIN_ONLY_READS,
    "funding:actuals-detail-export": ADMIN_ONLY_READS,
    "funding:actuals-apply": statuses((405, 302), FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "funding:reconciliation": OFFICERS_READ,
    "funding:reconciliation-export": OFFICERS_READ,
    "funding:settings-edit": ADMIN_FORM,
    "funding_api:api-commitment-list": API_OFFICERS_READ_ADMIN_WRITES,
    "funding_api:api-commitment-detail": API_OFFICERS_READ,
    "funding_api:api-commitment-approve": API_ADMIN_POSTS,
    "funding_api:api-commitment-cancel": API_ADMIN_POSTS,
    "funding_api:api-spend-list": API_OFFICERS_READ_ADMIN_WRITES,
    "funding_api:api-reconciliation": API_OFFICERS_READ,
    "funding:fund-list": TOTALS_READ,
    "funding:fund-create": ADMIN_FORM,
    "funding:fund-detail": TOTALS_READ,
    "funding:fund-detail-export": TOTALS_READ,
    "funding:fund-cost-create": ADMIN_FORM,
    "funding:fund-contribution-create": ADMIN_FORM,
    "funding:fund-run-create": ADMIN_FORM,
    "funding_api:api-fund-list": API_TOTALS_ADMIN_WRITES,
    "funding_api:api-fund-detail": TOTALS_READ,
    "funding_api:api-fund-cost-list": API_TOTALS_ADMIN_WRITES,
    "funding_api:api-fund-contribution-list": API_TOTALS_ADMIN_WRITES,
    "funding:census-list": ADMIN_ONLY_READS,
    "funding:census-upload": ADMIN_FORM,
    "funding:census-detail": ADMIN_ONLY_READS,
    "funding:census-detail-export": ADMIN_ONLY_READS,
    "funding:census-apply": statuses((405, 302), FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "funding:budget-history": TOTALS_READ,
    "funding:budget-history-export": TOTALS_READ,
    "funding:vote-correct": ADMIN_FORM,
    "funding_api:api-vote-correct": API_ADMIN_POSTS,
    "funding:carry-forward-create": ADMIN_FORM,
    "funding:year-report": OFFICERS_READ,
    "funding_api:api-census-list": ADMIN_ONLY_READS,
    "funding_api:api-census-detail": ADMIN_ONLY_READS,
    "funding_api:api-budget-history": TOTALS_READ,
    "funding_api:api-settings": OFFICERS_READ,
    "funding:year-report-export": OFFICERS_READ,
    "funding_api:api-carry-forward-list": API_OFFICERS_READ_ADMIN_WRITES,
    "funding:traded-day-list": OWN_SCHOOL_LIST,
    "funding:traded-day-list-export": OWN_SCHOOL_LIST,
    "funding:day-rate-set": ADMIN_FORM,
    "funding:traded-day-create": ADMIN_FORM,
    "funding:traded-day-mark-sent":
        statuses((405, 302), FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "funding_api:api-traded-day-list":
        statuses((200, 400), (200, 403), (200, 403), FORBIDDEN, FORBIDDEN),
    "funding_api:api-day-rate": API_OFFICERS_READ_ADMIN_WRITES,
    "funding_api:api-traded-day-mark-sent":
        statuses((405, 200), (405, 403), FORBIDDEN, FORBIDDEN, FORBIDDEN),
}


def fillers(tenant_a, personas) -> dict:
    with scopes_disabled():
        year = FundingYear.objects.create(tenant=tenant_a, start_year=2025)
        line = DeDelegationLine.objects.create(
            tenant=tenant_a, year=year, name="School improvement",
            primary_rate=Decimal("12.50"), secondary_rate=Decimal("9.80"))
        vote = PhaseVote.objects.create(tenant=tenant_a, line=line, phase="primary",
                                        outcome="passed", decided_on=date(2025, 1, 14))
        PhaseVote.objects.create(tenant=tenant_a, line=line, phase="secondary",
                                 outcome="failed", decided_on=date(2025, 1, 14))
        academy = SchoolFactory(tenant=tenant_a, establishment__governance=Governance.ACADEMY,
                                establishment__type_name="Academy converter")
        BuyBack.objects.create(tenant=tenant_a, line=line, school=academy,
                               amount=Decimal("1500.00"), agreed_on=date(2025, 3, 1))
        formula = AllocationFormula.objects.create(
            tenant=tenant_a, name="Consortium funding", level_name="Consortium",
            rates={"3A": "25.00"}, triggering_codes=["3A"])
        run = AllocationRun.objects.create(
            tenant=tenant_a, year=year, formula=formula, inputs_on=date(2025, 4, 1),
            parameters={"level_name": "Consortium", "rates": {"3A": "25.00"},
                        "triggering_codes": ["3A"], "minimum_pupils": 0,
                        "formula": "Consortium funding", "formula_version": 1})
        confirmed = AllocationRun.objects.create(
            tenant=tenant_a, year=year, formula=formula, inputs_on=date(2025, 4, 1),
            status="confirmed", parameters=run.parameters)
        allocation = AllocationRunPartnership.objects.create(
            tenant=tenant_a, run=confirmed, name="North Consortium", amount=Decimal("9000.00"))
        commitment = Commitment.objects.create(
            tenant=tenant_a, year=year, line=line, reference="C2025-26-0001",
            description="Link adviser time", supplier="Oak Academy", amount=Decimal("500.00"),
            committed_on=date(2025, 6, 2), status="approved")
        upload = SpendImport.objects.create(
            tenant=tenant_a, original_name="actuals.csv", content="x", status="failed")
        census = CensusReturn.objects.create(
            tenant=tenant_a, census_date=date(2024, 10, 3), source="October 2024 census",
            original_name="census.csv", content="x", status="failed")
        fund = StrategicFund.objects.create(tenant=tenant_a, year=year, name="Strategic fund",
                                            base_amount=Decimal("100000.00"))
        FundCost.objects.create(tenant=tenant_a, fund=fund, name="Independent chair",
                                amount=Decimal("4500.00"))
        FundContribution.objects.create(
            tenant=tenant_a, fund=fund, contributor_kind="council",
            contributor_name="Eastmoor Council", basis="per_pupil", rate=Decimal("1.20"),
            pupils=1000, amount=Decimal("1200.00"), received_on=date(2025, 5, 1),
            reference="EM-1")
        TradedDayRate.objects.create(tenant=tenant_a, year=year, day_rate=Decimal("450.00"))
        purchase = TradedDayPurchase.objects.create(
            tenant=tenant_a, reference="TD2025-26-0001", year=year, customer_kind="school",
            school=academy, customer_name=academy.establishment.name, days=Decimal("3.0"),
            rate=Decimal("450.00"), amount=Decimal("1350.00"), purchased_on=date(2025, 5, 1))
    return {"funding_year_id": year.pk, "line_id": line.pk, "formula_id": formula.pk,
            "run_id": run.pk, "commitment_id": commitment.pk, "allocation_id": allocation.pk,
            "actuals_id": upload.pk, "fund_id": fund.pk, "census_id": census.pk,
            "vote_id": vote.pk, "purchase_id": purchase.pk}
