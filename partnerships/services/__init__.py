"""Writes of the partnerships domain, split by sub-domain: `structure` (levels and
partnerships), `memberships`, `roles`, `pro_formas`, `proposals` and `surveys`. Import their
names from here. (A hub's meetings, notes, priorities and actions are boards': a hub is a
board of kind hub.)
"""

from partnerships.services.memberships import partnership_add_school, partnership_end_membership
from partnerships.services.pro_formas import (
    pro_forma_closed_by,
    pro_forma_set_support,
    pro_forma_submit,
    pro_forma_update,
)
from partnerships.services.proposals import (
    proposal_confirm,
    proposal_generate,
    proposal_move_school,
    proposal_publish,
    proposal_record_response,
    proposal_set_lead,
)
from partnerships.services.roles import partnership_assign_role, partnership_end_role
from partnerships.services.structure import (
    partnership_create,
    partnership_level_create,
    partnership_level_update,
    partnership_set_parent,
    partnership_update,
)
from partnerships.services.surveys import (
    respondent_key_for,
    survey_create,
    survey_is_open,
    survey_response_record,
)
from partnerships.services.system_leaders import (
    system_leader_designate,
    system_leader_designation_end,
)

__all__ = [
    "system_leader_designate",
    "system_leader_designation_end",
    "partnership_add_school",
    "partnership_assign_role",
    "partnership_create",
    "partnership_end_membership",
    "partnership_end_role",
    "partnership_level_create",
    "partnership_level_update",
    "partnership_set_parent",
    "partnership_update",
    "pro_forma_closed_by",
    "pro_forma_set_support",
    "pro_forma_submit",
    "pro_forma_update",
    "proposal_confirm",
    "proposal_generate",
    "proposal_move_school",
    "proposal_publish",
    "proposal_record_response",
    "proposal_set_lead",
    "respondent_key_for",
    "survey_create",
    "survey_is_open",
    "survey_response_record",
]
