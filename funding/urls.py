from django.urls import path

from core.downloads import list_paths
from funding.views import (
    actuals,
    allocations,
    carry,
    census,
    funds,
    history,
    lines,
    reconciliation,
    report,
    spending,
    traded,
    years,
)

app_name = "funding"

YEAR = "years/<int:funding_year_id>/"
LINE = "lines/<int:line_id>/"
RUN = "runs/<int:run_id>/"
COMMITMENT = "commitments/<int:commitment_id>/"
FUND = "funds/<int:fund_id>/"

urlpatterns = [
    *list_paths("", years.year_list, name="year-list"),
    path("years/new/", years.year_create, name="year-create"),
    path(YEAR, years.year_detail, name="year-detail"),
    path(YEAR + "export/", years.year_export, name="year-export"),
    path(YEAR + "lines/export/", years.year_schedule_export, name="year-schedule-export"),
    path(YEAR + "schools/<int:urn>/", years.school_charges_view, name="school-charges"),
    path(YEAR + "lines/new/", lines.line_create, name="line-create"),
    path(LINE, lines.line_detail, name="line-detail"),
    path(LINE + "edit/", lines.line_edit, name="line-edit"),
    path(LINE + "votes/new/", lines.vote_record, name="vote-record"),
    path("votes/<int:vote_id>/correct/", lines.vote_correct, name="vote-correct"),
    path(LINE + "buy-backs/new/", lines.buy_back_create, name="buy-back-create"),
    path(LINE + "export/", lines.line_export, name="line-export"),
    *list_paths("formulas/", allocations.formula_list_view, name="formula-list"),
    path("formulas/new/", allocations.formula_create, name="formula-create"),
    path("formulas/<int:formula_id>/change/", allocations.formula_revise,
         name="formula-revise"),
    path(YEAR + "runs/new/", allocations.run_create, name="run-create"),
    path(RUN, allocations.run_detail, name="run-detail"),
    path(RUN + "confirm/", allocations.run_confirm, name="run-confirm"),
    path(RUN + "what-if/", allocations.run_what_if, name="run-what-if"),
    path(RUN + "export/", allocations.run_export, name="run-export"),
    *list_paths(YEAR + "commitments/", spending.commitment_list, name="commitment-list"),
    path(YEAR + "commitments/new/", spending.commitment_create, name="commitment-create"),
    path(COMMITMENT, spending.commitment_detail, name="commitment-detail"),
    path(COMMITMENT + "approve/", spending.commitment_approve, name="commitment-approve"),
    path(COMMITMENT + "cancel/", spending.commitment_cancel, name="commitment-cancel"),
    path(COMMITMENT + "spend/new/", spending.spend_create, name="spend-create"),
    path("actuals/", actuals.actuals_upload, name="actuals-upload"),
    *list_paths("actuals/<int:actuals_id>/", actuals.actuals_detail, name="actuals-detail"),
    path("actuals/<int:actuals_id>/apply/", actuals.actuals_apply, name="actuals-apply"),
    path(YEAR + "reconciliation/", reconciliation.reconciliation, name="reconciliation"),
    path(YEAR + "reconciliation/export/", reconciliation.reconciliation_export,
         name="reconciliation-export"),
    path(YEAR + "report/", report.year_report_view, name="year-report"),
    path(YEAR + "report/export/", report.year_report_export, name="year-report-export"),
    path(YEAR + "carry-forward/new/", carry.carry_forward_create, name="carry-forward-create"),
    *list_paths("census/", census.census_list, name="census-list"),
    path("census/new/", census.census_upload, name="census-upload"),
    *list_paths("census/<int:census_id>/", census.census_detail, name="census-detail"),
    path("census/<int:census_id>/apply/", census.census_apply, name="census-apply"),
    path("history/", history.budget_history_view, name="budget-history"),
    path("history/export/", history.budget_history_export, name="budget-history-export"),
    path("settings/", spending.settings_edit, name="settings-edit"),
    *list_paths("funds/", funds.fund_list, name="fund-list"),
    path(YEAR + "funds/new/", funds.fund_create, name="fund-create"),
    *list_paths(FUND, funds.fund_detail, name="fund-detail"),
    path(FUND + "costs/new/", funds.fund_cost_create, name="fund-cost-create"),
    path(FUND + "contributions/new/", funds.fund_contribution_create,
         name="fund-contribution-create"),
    path(FUND + "runs/new/", funds.fund_run_create, name="fund-run-create"),
    *list_paths(YEAR + "traded-days/", traded.traded_day_list, name="traded-day-list"),
    path(YEAR + "traded-days/rate/", traded.day_rate_set, name="day-rate-set"),
    path(YEAR + "traded-days/new/", traded.traded_day_create, name="traded-day-create"),
    path("traded-days/<int:purchase_id>/sent/", traded.traded_day_mark_sent,
         name="traded-day-mark-sent"),
]
