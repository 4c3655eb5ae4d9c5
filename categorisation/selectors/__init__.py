"""Reads for categorisation. Tenant reads run inside the caller's scope; public reads are plain.

Modules: `attainment` (the national bottom quarters of the low-attainment watchlist, a named
cross-tenant read of public data), `inputs` (the Ofsted labels the parsers know; every input of
many schools in a fixed number of queries, and the recompute's named cross-tenant read),
`schemes` (scheme versions and what a version would decide), `workflow` (the proposals queue, a
school's category overview and the moderation queue) and `rounds` (a categorisation round and
the category export). The names below are the package's API.
"""

from categorisation.selectors.attainment import national_bottom_quartiles
from categorisation.selectors.inputs import (
    RecomputeBatch,
    label_book,
    recompute_batch_across_tenants,
    school_inputs,
)
from categorisation.selectors.rounds import (
    InForce,
    RoundReview,
    RoundRow,
    SchoolCategoryRow,
    categories_in_force_at,
    categories_in_force_now,
    category_export_rows,
    closed_rounds,
    last_closed_round,
    open_round,
    proposal_is_unchanged,
    round_detail,
    round_review,
)
from categorisation.selectors.schemes import (
    active_schemes,
    scheme_outcomes,
    scheme_versions,
)
from categorisation.selectors.workflow import (
    InspectionTiming,
    SchoolCategoryOverview,
    advisers,
    inspection_timing,
    moderation_case,
    moderation_cases,
    proposal_detail,
    proposals_waiting,
    school_category_overview,
)

__all__ = [
    "InForce", "InspectionTiming", "RecomputeBatch", "RoundReview", "RoundRow",
    "SchoolCategoryOverview", "SchoolCategoryRow", "categories_in_force_at",
    "categories_in_force_now", "category_export_rows", "closed_rounds", "last_closed_round",
    "open_round", "proposal_is_unchanged", "round_detail", "round_review",
    "active_schemes", "advisers", "inspection_timing", "label_book",
    "moderation_case", "moderation_cases", "national_bottom_quartiles", "proposal_detail",
    "proposals_waiting",
    "recompute_batch_across_tenants", "school_category_overview", "school_inputs",
    "scheme_outcomes", "scheme_versions",
]
