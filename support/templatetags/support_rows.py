"""Rows of support's long tables, built here rather than by a template loop: a 1,000-school
council has about 130 schools able to give support, and drawing each row through the template
engine took much of the directory's and the brokering page's time. Every value is escaped
(`format_html_join`); numbers and dates are written as the templates wrote them."""

from django import template
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()

ROW = '<tr class="govuk-table__row">{}</tr>'
CELL = '<td class="govuk-table__cell">{}</td>'
NUMBER = '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'


@register.simple_tag
def giving_school_rows(entries) -> SafeString:
    """The directory's schools able to give support: name (URN), level, days a year, left."""
    return format_html_join("", ROW.format(CELL + CELL + NUMBER + NUMBER), (
        (f"{entry.name} ({entry.urn})" if entry.urn else entry.name, entry.designation,
         localize(entry.days_per_year), localize(entry.days_left))
        for entry in entries))


@register.simple_tag
def suggestion_rows(suggestions) -> SafeString:
    """Brokering's suggestions, best first: who (designation), employer, why."""
    return format_html_join("", ROW.format(CELL.format("{} ({})") + CELL + CELL), (
        (s.candidate.name, s.candidate.designation, s.candidate.employer_name or "–",
         " ".join(s.reasons))
        for s in suggestions))


@register.simple_tag
def exclusion_rows(exclusions) -> SafeString:
    """Brokering's exclusions: who (designation) and the rule that excluded them."""
    return format_html_join("", ROW.format(CELL.format("{} ({})") + CELL), (
        (e.candidate.name, e.candidate.designation, e.reason) for e in exclusions))


OVERDUE = '<strong class="govuk-tag govuk-tag--red">{}</strong>'


@register.simple_tag
def caseload_rows(rows, tenant_slug: str) -> SafeString:
    """A page of an officer's caseload: school (linked to its visits), category, visits done,
    due and overdue, days used and entitled."""
    return format_html_join("", ROW.format(
        CELL.format('<a class="govuk-link" href="{}">{}</a>') + CELL + NUMBER * 5), (
        (reverse("support:school-visits", args=[tenant_slug, row.school.urn]),
         row.school.establishment.name,
         (f"{row.entitlement.category_code} {row.entitlement.category_label}"
          if row.entitlement else "None in force"),
         row.done, row.due,
         format_html(OVERDUE, row.overdue) if row.overdue else "0",
         localize(row.days_used),
         localize(row.days_entitled) if row.entitlement else "–")
        for row in rows))


NO_TEAM = '<strong class="govuk-tag govuk-tag--yellow">No team yet</strong>'


def _team(team: list[tuple[str, bool]]) -> SafeString:
    if not team:
        return SafeString(NO_TEAM)
    return format_html_join(SafeString("<br>"), "{}{}", (
        (name, " (lead)" if is_lead else "") for name, is_lead in team))


@register.simple_tag
def peer_review_rows(rows, tenant_slug: str) -> SafeString:
    """A cycle's reviews (`support.selectors.peer_review.cycle_rows`): school (linked to the
    review), dates, team (the lead marked), themes recorded, workshop date."""
    return format_html_join("", ROW.format(
        CELL.format('<a class="govuk-link" href="{}">{}</a>') + CELL.format("{} to {}") + CELL
        + NUMBER + CELL), (
        (reverse("support:peer-review-detail", args=[tenant_slug, row.review_id]),
         row.school_name, date_format(row.starts_on, "j M Y"),
         date_format(row.ends_on, "j M Y"), _team(row.team), row.outcomes,
         date_format(row.workshop_on, "j M Y") if row.workshop_on else "–")
        for row in rows))


@register.simple_tag
def programme_school_rows(rows) -> SafeString:
    """A page of a programme's schools (`signed_up`): name, phase, signed up on."""
    return format_html_join("", ROW.format(CELL * 3), (
        (row.school.establishment.name, row.school.establishment.get_phase_display(),
         date_format(row.signed_up_on, "j M Y"))
        for row in rows))


@register.simple_tag
def programme_trained_rows(people) -> SafeString:
    """A programme's people trained: name, job title, school, trained on."""
    return format_html_join("", ROW.format(CELL * 4), (
        (person.name, person.job_title or "–",
         person.school.establishment.name if person.school else "–",
         date_format(person.trained_on, "j M Y"))
        for person in people))
