"""Pages listed below bench_pages' 0.02 target, each with its reason and a floor of its own.

A listed page must stay at or above its floor (a ratio against the trivial view, measured in
the same run), so a listed page that gets slower still fails `make bench-pages`. Floors are 0.6
of the slowest role's ratio on the run that listed it, which leaves room for a noisy machine
but not for a page that has doubled. A page that comes to meet 0.02 for every role is reported,
and should leave the list.
"""

REASONS = {
    "fixed": (
        "a page's fixed cost, 12-24 ms against 12 ms: the session, the signed-in user, "
        "membership and tenant reads, the GOV.UK page frame with its navigation and "
        "\"waiting\" count, and a handful of small reads of its own. A trivial view pays "
        "almost none of that; reaching 0.02 would need the signed-in identity cached per "
        "session."),
    "funding": (
        "funding's money pages read the year's budgets, commitments and spend afresh: "
        "balances decide whether a commitment may be made. The lines' totals, the schedule "
        "and the schools table are kept per version of the charges."),
    "directory": (
        "the system leaders' directory, brokering and a new deployment build about 130 "
        "entries with their capacity, conflicts and reasons on each request."),
    "unpaged-api": (
        "the pro-formas API returns every school unpaged (about 220 KB), as its contract "
        "says; the page itself is paged."),
    "waiting": (
        "home and \"waiting for you\" ask every app's waiting sources on each visit; the "
        "list is not kept because items appear with no write (a due date passing)."),
    "boards": (
        "a board's and a meeting's pages read the day's seats, holders, replies and "
        "attendance, the agenda with its decisions, votes, papers and declarations: 10-18 "
        "fixed queries."),
    "school-inputs": (
        "a school's category page and its API make 12-20 small reads of that school's inputs "
        "(inspections and indicators in both layers, judgements, intelligence, history)."),
    "wide-api": "the schools API serialises 100 rows of about 50 fields each.",
}

# route: (floor, reason)
LISTED: dict[str, tuple[float, str]] = {
    "boards:action-create": (0.01, "boards"),
    "boards:action-detail": (0.0095, "boards"),
    "boards:action-edit": (0.0072, "boards"),
    "boards:action-list": (0.009, "boards"),
    "boards:board-detail": (0.0042, "boards"),
    "boards:board-list": (0.006, "boards"),
    "boards:board-members": (0.0078, "boards"),
    "boards:decision-create": (0.0084, "boards"),
    "boards:decision-detail": (0.0065, "boards"),
    "boards:interest-register": (0.01, "boards"),
    "boards:item-presence": (0.01, "boards"),
    "boards:meeting-attendance": (0.0084, "boards"),
    "boards:meeting-declarations": (0.006, "boards"),
    "boards:meeting-detail": (0.0036, "boards"),
    "boards:meeting-pack": (0.0078, "boards"),
    "boards:meeting-pack-published": (0.01, "boards"),
    "boards:minute-correction-create": (0.01, "boards"),
    "boards:minutes-edit": (0.01, "boards"),
    "boards:minutes-published": (0.006, "boards"),
    "boards:priority-edit": (0.011, "boards"),
    "boards:priority-list": (0.0084, "boards"),
    "boards:seat-holding-add": (0.01, "boards"),
    "boards_api:api-action-list": (0.0084, "boards"),
    "boards_api:api-agenda-item-list": (0.01, "boards"),
    "boards_api:api-board-detail": (0.0095, "boards"),
    "boards_api:api-board-list": (0.0078, "boards"),
    "boards_api:api-paper-list": (0.011, "boards"),
    "boards_api:api-published-minutes": (0.006, "boards"),
    "categorisation:category-moderation-list": (0.006, "fixed"),
    "categorisation:category-proposal-detail": (0.0065, "fixed"),
    "categorisation:category-proposal-list": (0.0084, "fixed"),
    "categorisation:category-round-detail": (0.0078, "fixed"),
    "categorisation:scheme-rules": (0.0065, "fixed"),
    "categorisation:scheme-versions": (0.0078, "fixed"),
    "categorisation:school-category": (0.0047, "school-inputs"),
    "categorisation_api:api-category-round-detail": (0.0072, "fixed"),
    "categorisation_api:api-school-category": (0.0053, "school-inputs"),
    "core:access": (0.0042, "fixed"),
    "core:member-list": (0.0036, "fixed"),
    "core:security-log": (0.011, "fixed"),
    "core:tenant-home": (0.003, "waiting"),
    "core:waiting": (0.0042, "waiting"),
    "core_api:api-waiting": (0.0047, "waiting"),
    "funding:budget-history": (0.0065, "funding"),
    "funding:carry-forward-create": (0.0036, "funding"),
    "funding:commitment-create": (0.0036, "funding"),
    "funding:commitment-list": (0.0036, "funding"),
    "funding:fund-detail": (0.011, "funding"),
    "funding:fund-list": (0.01, "funding"),
    "funding:fund-run-create": (0.0095, "funding"),
    "funding:reconciliation": (0.0023, "funding"),
    "funding:run-detail": (0.006, "funding"),
    "funding:school-charges": (0.0072, "funding"),
    "funding:traded-day-list": (0.0084, "funding"),
    "funding:year-detail": (0.0036, "funding"),
    "funding:year-report": (0.0018, "funding"),
    "funding_api:api-budget-history": (0.0078, "funding"),
    "funding_api:api-commitment-list": (0.0047, "funding"),
    "funding_api:api-reconciliation": (0.0042, "funding"),
    "funding_api:api-run-detail": (0.0023, "funding"),
    "funding_api:api-school-charges": (0.0065, "funding"),
    "funding_api:api-year-schedule": (0.0065, "funding"),
    "partnerships:coverage-summary": (0.01, "fixed"),
    "partnerships:formation-my-school": (0.0084, "fixed"),
    "partnerships:partnership-add-school": (0.0053, "fixed"),
    "partnerships:partnership-coverage": (0.0053, "fixed"),
    "partnerships:partnership-detail": (0.0047, "fixed"),
    "partnerships:partnership-role-assign": (0.0078, "fixed"),
    "partnerships:partnership-structure": (0.0078, "fixed"),
    "partnerships:pro-forma-list": (0.0053, "fixed"),
    "partnerships:proposal-detail": (0.01, "fixed"),
    "partnerships:proposal-respond": (0.0072, "fixed"),
    "partnerships:proposal-schools": (0.009, "fixed"),
    "partnerships:system-leaders": (0.01, "fixed"),
    "partnerships_api:api-partnership-list": (0.011, "fixed"),
    "partnerships_api:api-pro-forma-list": (0.003, "unpaged-api"),
    "schools:school-detail": (0.0065, "fixed"),
    "schools_api:api-school-list": (0.0047, "wide-api"),
    "support:broker": (0.0023, "directory"),
    "support:caseload": (0.0042, "fixed"),
    "support:deployment-commit": (0.0036, "directory"),
    "support:deployment-create": (0.003, "directory"),
    "support:deployment-detail": (0.006, "fixed"),
    "support:deployment-impact": (0.01, "fixed"),
    "support:deployment-quality": (0.01, "fixed"),
    "support:deployment-review": (0.0084, "fixed"),
    "support:directory": (0.003, "directory"),
    "support:escalation-open": (0.0095, "fixed"),
    "support:note-check": (0.011, "fixed"),
    "support:note-names-staff": (0.009, "fixed"),
    "support:note-print": (0.01, "fixed"),
    "support:note-school-part": (0.0084, "fixed"),
    "support:note-write": (0.009, "fixed"),
    "support:peer-review-cycle-create": (0.0036, "fixed"),
    "support:peer-review-mine": (0.0047, "fixed"),
    "support:peer-review-training-record": (0.009, "fixed"),
    "support:peer-review-trends": (0.009, "fixed"),
    "support:plan-action-create": (0.01, "fixed"),
    "support:school-visits": (0.0072, "fixed"),
    "support:support-plan": (0.0078, "fixed"),
    "support:visit-detail": (0.0078, "fixed"),
    "support_api:api-caseload": (0.0042, "fixed"),
    "support_api:api-deployment-detail": (0.01, "fixed"),
    "support_api:api-directory-leaders": (0.003, "directory"),
    "support_api:api-directory-schools": (0.0023, "directory"),
}
