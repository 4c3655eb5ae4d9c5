"""Reads of the partnerships domain. Each runs inside the active tenant scope and makes a fixed
number of queries, however many schools, partnerships or responses the tenant has (tests assert
it).

Modules: `structure` (levels, partnerships, members, roles), `coverage` (who is in no
partnership, the map's points), `formation` (the generator's view of schools, pro-formas,
proposals), `surveys` (the consultation surveys and their tally) and `hubs` (the
partnerships a headteacher's school is in, imported as `partnerships.selectors.hubs`). The
names below are the package's API.
"""

from partnerships.selectors.coverage import (
    Coverage,
    CoverageRow,
    MapPoint,
    partnership_coverage,
    school_map_points,
)
from partnerships.selectors.formation import (
    ProFormaCounts,
    ProFormaRow,
    ProposalPage,
    formation_candidates,
    open_schools,
    open_schools_to_chase,
    pro_forma_counts,
    pro_forma_of,
    pro_forma_rows,
    proposal_as_formation,
    proposal_groups,
    proposal_list,
    proposal_page,
    proposal_place_of,
    proposal_preferences,
    proposal_violations,
    proposals_for_school,
)
from partnerships.selectors.structure import (
    partnership_level_list,
    partnership_list,
    partnership_members,
    partnership_roles,
    school_partnerships,
)
from partnerships.selectors.surveys import (
    OptionTally,
    TallyRow,
    survey_list,
    survey_respondent_counts,
    survey_tally,
    surveys_answered_by,
)

__all__ = [
    "Coverage", "CoverageRow", "MapPoint", "OptionTally", "ProFormaRow", "ProposalPage",
    "TallyRow", "formation_candidates", "open_schools", "partnership_coverage",
    "partnership_level_list", "partnership_list", "partnership_members", "partnership_roles",
    "ProFormaCounts", "open_schools_to_chase", "pro_forma_counts",
    "pro_forma_of", "pro_forma_rows", "proposal_as_formation", "proposal_groups",
    "proposal_list", "proposal_page", "proposal_place_of", "proposal_preferences",
    "proposal_violations", "proposals_for_school",
    "school_map_points", "school_partnerships", "survey_list", "survey_respondent_counts",
    "survey_tally", "surveys_answered_by",
]
