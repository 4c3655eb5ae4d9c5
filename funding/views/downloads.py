"""The columns of funding's list pages' downloads (core.downloads), as the pages show them;
amounts are Decimals written as numbers in pounds."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from core.downloads import ListDownload
from core.exports import MONEY_FORMAT, Column
from core.permissions import FUNDING_VIEW


def _money(header: str, read) -> Column:
    return Column(header, read, number_format=MONEY_FORMAT)


def _commitment_status(c: Any) -> str:
    return {"approved": "Approved", "requested": "Awaiting approval"}.get(c.status, "Cancelled")


YEARS = ListDownload("funding-years", "Funding years", (
    Column("Financial year", lambda year: year.label),
    Column("De-delegation lines", lambda year: year.line_count),
))

FUNDS = ListDownload("strategic-funds", "Strategic funds", (
    Column("Fund", lambda s: s.fund.name),
    Column("Year", lambda s: s.fund.year.label),
    _money("Budget", lambda s: s.base),
    _money("Contributions", lambda s: s.contributed),
    _money("Fixed costs", lambda s: s.fixed_costs),
    _money("Available", lambda s: s.available),
    _money("Shared", lambda s: s.shared),
    _money("Remaining", lambda s: s.remaining),
))

COMMITMENTS = ListDownload("commitments", "Commitments", (
    Column("Reference", lambda c: c.reference),
    Column("What", lambda c: c.description),
    Column("Supplier", lambda c: c.supplier),
    Column("Date", lambda c: c.committed_on),
    Column("Status", _commitment_status),
    _money("Net", lambda c: c.amount),
    _money("VAT", lambda c: c.vat_amount if c.vat else None),
    _money("Gross", lambda c: c.gross),
    _money("Spent", lambda c: c.spent),
))

CENSUS_RETURNS = ListDownload("census-returns", "Census returns", (
    Column("Source", lambda r: r.source),
    Column("Census date", lambda r: r.census_date),
    Column("File", lambda r: r.original_name),
    Column("Uploaded", lambda r: r.created_at),
    Column("Uploaded by", lambda r: r.uploaded_by.email if r.uploaded_by else ""),
    Column("Status", lambda r: r.get_status_display()),
    Column("Schools", lambda r: len(r.rows)),
))

FORMULAS = ListDownload("allocation-formulas", "Allocation formulas", (
    Column("Formula", lambda f: f.name),
    Column("Version", lambda f: f.version),
    Column("Change note", lambda f: f.change_note),
    Column("Partnership level", lambda f: f.level_name),
    Column("How", lambda f: f.get_mode_display()),
    _money("Amount", lambda f: f.amount),
    Column("Values per category",
           lambda f: "; ".join(f"{code}: {rate}" for code, rate in f.rates.items())),
    Column("Categories that trigger", lambda f: ", ".join(f.triggering_codes)
           or "As the categorisation scheme says"),
    Column("Minimum pupils", lambda f: f.minimum_pupils),
    Column("Cost centre", lambda f: f.cost_centre),
    Column("Ledger code", lambda f: f.ledger_code),
    Column("Made", lambda f: f.created_at.date()),
))

# A census return's rows (its preview, or what was applied), as its page lists them.
CENSUS_ROWS = ListDownload("census-return", "Census return", (
    Column("Row", lambda row: row["row"]),
    Column("URN", lambda row: row["urn"]),
    Column("School", lambda row: row["name"]),
    Column("Pupils", lambda row: row["pupils"]),
    Column("EAL pupils", lambda row: row.get("eal_pupils")),
))

# An actuals import's rows (checked or imported), as its page lists them.
ACTUALS_ROWS = ListDownload("actuals-import", "Actuals import", (
    Column("Row", lambda row: row["row"]),
    Column("Commitment", lambda row: row["reference"]),
    Column("Warning", lambda row: row.get("warning") or ""),
    Column("Date", lambda row: date.fromisoformat(row["date"])),
    Column("Description", lambda row: row.get("description", "")),
    Column("Ledger reference", lambda row: row.get("ledger_reference", "")),
    _money("Amount", lambda row: Decimal(row["amount"])),
))


def fund_items(summary: Any, *, can_see_schools: bool) -> list[dict]:
    """A fund page's two tables as one list: its fixed costs, then its contributions, a school
    that contributes named only to those who see schools (as the page: "A school")."""
    items = [{"kind": "Fixed cost", "name": cost.name, "amount": cost.amount,
              "cost_centre": cost.cost_centre, "ledger_code": cost.ledger_code}
             for cost in summary.costs]
    for contribution in summary.contributions:
        items.append({
            "kind": "Contribution",
            "name": ("A school" if contribution.school_id and not can_see_schools
                     else contribution.contributor_name),
            "from": contribution.get_contributor_kind_display(),
            "basis": ("Fixed amount" if contribution.rate is None else
                      f"{contribution.pupils} pupils x £{contribution.rate:,} "
                      f"({contribution.pupils_source})"),
            "received": contribution.received_on, "reference": contribution.reference,
            "amount": contribution.amount, "cost_centre": contribution.cost_centre,
            "ledger_code": contribution.ledger_code})
    return items


# A strategic fund's fixed costs and contributions, as its page lists them.
FUND_ITEMS = ListDownload("strategic-fund", "Strategic fund", (
    Column("Kind", lambda item: item["kind"]),
    Column("Cost or contributor", lambda item: item["name"]),
    Column("Contributor kind", lambda item: item.get("from", "")),
    Column("Basis", lambda item: item.get("basis", "")),
    Column("Received", lambda item: item.get("received")),
    Column("Reference", lambda item: item.get("reference", "")),
    _money("Amount", lambda item: item["amount"]),
    Column("Cost centre", lambda item: item["cost_centre"]),
    Column("Ledger code", lambda item: item["ledger_code"]),
))


# A year's traded-day purchases as invoice requests for the council's ledger, one row each.
TRADED_DAYS = ListDownload("traded-day-invoice-requests", "Traded-day invoice requests", (
    Column("Purchase reference", lambda p: p.reference),
    Column("Date", lambda p: p.purchased_on),
    Column("Customer", lambda p: p.customer_name),
    Column("Customer is", lambda p: "Academy" if p.school_id else "Trust"),
    Column("URN", lambda p: p.school.urn if p.school_id else None),
    Column("UKPRN", lambda p: p.school.establishment.ukprn if p.school_id else p.ukprn),
    Column("Days", lambda p: p.days, number_format="0.0"),
    _money("Day rate", lambda p: p.rate),
    _money("Amount net of VAT", lambda p: p.amount),
    Column("VAT to charge", lambda p: "Yes" if p.vat else "No"),
    Column("Cost centre", lambda p: p.cost_centre),
    Column("Ledger code", lambda p: p.ledger_code),
    Column("Recorded by", lambda p: p.recorded_by_name, FUNDING_VIEW),
    Column("Invoice request sent", lambda p: timezone.localtime(p.request_sent_at).date()
           if p.request_sent_at else None),
))
