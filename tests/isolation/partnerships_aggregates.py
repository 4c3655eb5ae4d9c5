"""Isolation rows for the aggregates pages of partnerships (coverage and survey tallies as
counts, for everyone who sees aggregates; a headteacher does not). `survey_id` is filled by
partnerships_formation."""

from tests.isolation import FORBIDDEN, statuses

COUNTS_PAGE = statuses((200, 405), (200, 405), FORBIDDEN, (200, 405), (200, 405))

EXPECTED = {
    "partnerships:coverage-summary": COUNTS_PAGE,
    "partnerships:survey-results-list": COUNTS_PAGE,
    "partnerships:survey-results": COUNTS_PAGE,
}


def fillers(tenant_a, personas) -> dict:
    return {}
