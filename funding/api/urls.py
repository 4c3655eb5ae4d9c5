from django.urls import path

from funding.api import allocations, carry, funds, reads, spending, traded, views

app_name = "funding_api"

YEAR = "years/<int:funding_year_id>/"
LINE = "lines/<int:line_id>/"
RUN = "runs/<int:run_id>/"
COMMITMENT = "commitments/<int:commitment_id>/"
FUND = "funds/<int:fund_id>/"

urlpatterns = [
    path("years/", views.YearListAPI.as_view(), name="api-year-list"),
    path(YEAR, views.ScheduleAPI.as_view(), name="api-year-schedule"),
    path(YEAR + "lines/", views.LineListAPI.as_view(), name="api-line-list"),
    path(YEAR + "schools/<int:urn>/", views.SchoolChargesAPI.as_view(),
         name="api-school-charges"),
    path(LINE + "votes/", views.VoteListAPI.as_view(), name="api-vote-list"),
    path("votes/<int:vote_id>/correct/", views.VoteCorrectAPI.as_view(),
         name="api-vote-correct"),
    path(LINE + "charges/", views.LineChargesAPI.as_view(), name="api-line-charges"),
    path(LINE + "buy-backs/", views.BuyBackListAPI.as_view(), name="api-buy-back-list"),
    path("formulas/", allocations.FormulaListAPI.as_view(), name="api-formula-list"),
    path(YEAR + "runs/", allocations.RunListAPI.as_view(), name="api-run-list"),
    path(RUN, allocations.RunDetailAPI.as_view(), name="api-run-detail"),
    path(RUN + "confirm/", allocations.RunConfirmAPI.as_view(), name="api-run-confirm"),
    path(RUN + "what-if/", allocations.RunWhatIfAPI.as_view(), name="api-run-what-if"),
    path(YEAR + "commitments/", spending.CommitmentListAPI.as_view(),
         name="api-commitment-list"),
    path(COMMITMENT, spending.CommitmentDetailAPI.as_view(), name="api-commitment-detail"),
    path(COMMITMENT + "approve/", spending.CommitmentApproveAPI.as_view(),
         name="api-commitment-approve"),
    path(COMMITMENT + "cancel/", spending.CommitmentCancelAPI.as_view(),
         name="api-commitment-cancel"),
    path(COMMITMENT + "spend/", spending.SpendListAPI.as_view(), name="api-spend-list"),
    path(YEAR + "reconciliation/", spending.ReconciliationAPI.as_view(),
         name="api-reconciliation"),
    path(YEAR + "carry-forwards/", carry.CarryForwardListAPI.as_view(),
         name="api-carry-forward-list"),
    path(YEAR + "funds/", funds.FundListAPI.as_view(), name="api-fund-list"),
    path("census/", reads.CensusListAPI.as_view(), name="api-census-list"),
    path("census/<int:census_id>/", reads.CensusDetailAPI.as_view(), name="api-census-detail"),
    path("history/", reads.HistoryAPI.as_view(), name="api-budget-history"),
    path("settings/", reads.SettingsAPI.as_view(), name="api-settings"),
    path(FUND, funds.FundDetailAPI.as_view(), name="api-fund-detail"),
    path(FUND + "costs/", funds.FundCostListAPI.as_view(), name="api-fund-cost-list"),
    path(FUND + "contributions/", funds.FundContributionListAPI.as_view(),
         name="api-fund-contribution-list"),
    path(YEAR + "traded-days/", traded.TradedDayListAPI.as_view(), name="api-traded-day-list"),
    path(YEAR + "traded-days/rate/", traded.DayRateAPI.as_view(), name="api-day-rate"),
    path("traded-days/<int:purchase_id>/sent/", traded.TradedDayMarkSentAPI.as_view(),
         name="api-traded-day-mark-sent"),
]
