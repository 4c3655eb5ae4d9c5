"""The columns of support's list downloads (core.downloads), as their pages show them."""

from typing import Any

from core.downloads import ListDownload
from core.exports import MONEY_FORMAT, Column


def _category(row: Any) -> str:
    entitlement = row.entitlement
    return (f"{entitlement.category_code} {entitlement.category_label}" if entitlement
            else "None in force")


def _visit_status(visit: Any) -> str:
    status = visit.get_status_display()
    return f"{status} (moved)" if visit.status == "planned" and visit.is_moved else status


def _note(row: Any) -> str:
    note = row[1]
    if note is None:
        return ""
    response = f" ({note.get_response_display().lower()})" if note.response else ""
    return note.get_status_display() + response


CASELOAD = ListDownload("caseload", "Caseload", (
    Column("School", lambda row: row.school.establishment.name),
    Column("URN", lambda row: row.school.urn),
    Column("Category", _category),
    Column("Visits done", lambda row: row.done),
    Column("Due", lambda row: row.due),
    Column("Overdue", lambda row: row.overdue),
    Column("Days used", lambda row: row.days_used),
    Column("Days entitled", lambda row: row.days_entitled if row.entitlement else None),
))

VISITS = ListDownload("school-visits", "Visits", (
    Column("Day", lambda row: row[0].planned_on),
    Column("Visit", lambda row: row[0].label),
    Column("Status", lambda row: _visit_status(row[0])),
    Column("Officer", lambda row: str(row[0].officer.user) if row[0].officer else ""),
    Column("Note", _note),
))

DEPLOYMENTS = ListDownload("deployments", "Deployments", (
    Column("Supporter", lambda d: d.supporter_name),
    Column("Starts", lambda d: d.starts_on),
    Column("Ends", lambda d: d.ends_on),
    Column("Days", lambda d: d.days),
    Column("Cost", lambda d: d.cost, number_format=MONEY_FORMAT),
    Column("Status", lambda d: d.get_status_display() + (", committed" if d.commitment else "")),
))

NOTES_TO_CHECK = ListDownload("notes-to-check", "Visit notes to check", (
    Column("School", lambda n: n.visit.school.establishment.name),
    Column("Visit", lambda n: n.visit.label),
    Column("Day", lambda n: n.visit.planned_on),
    Column("Written by", lambda n: str(n.written_by) if n.written_by else ""),
    Column("Submitted", lambda n: n.submitted_at),
))

RAG_SUMMARY = ListDownload("support-ratings", "Ratings by field", (
    Column("Field", lambda row: row.field_label),
    Column("Red", lambda row: row.red),
    Column("Amber", lambda row: row.amber),
    Column("Green", lambda row: row.green),
    Column("Total", lambda row: row.total),
))


DIRECTORY = ListDownload("support-directory", "Directory of support", (
    Column("Kind", lambda e: "School able to give support" if e.is_school else "System leader"),
    Column("Name", lambda e: e.name),
    Column("URN", lambda e: e.urn),
    Column("Designation or capacity level", lambda e: e.designation),
    Column("Specialisms", lambda e: ", ".join(e.specialisms)),
    Column("Days a year", lambda e: e.days_per_year),
    Column("Days left", lambda e: e.days_left),
    Column("Expires", lambda e: e.expires_on),
    Column("Employer", lambda e: e.employer),
    Column("Declared interests", lambda e: ", ".join(e.interests)),
))
