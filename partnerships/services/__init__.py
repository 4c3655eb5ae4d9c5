"""Writes of the partnerships domain, split by sub-domain; import from here."""

from partnerships.services.memberships import partnership_add_school, partnership_end_membership
from partnerships.services.proposals import (
    pro_forma_set_support,
    pro_forma_submit,
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
from partnerships.services.surveys import survey_create, survey_response_record

__all__ = [
    "partnership_add_school",
    "partnership_assign_role",
    "partnership_create",
    "partnership_end_membership",
    "partnership_end_role",
    "partnership_level_create",
    "partnership_level_update",
    "partnership_set_parent",
    "partnership_update",
    "pro_forma_set_support",
    "pro_forma_submit",
    "proposal_confirm",
    "proposal_generate",
    "proposal_move_school",
    "proposal_publish",
    "proposal_record_response",
    "proposal_set_lead",
    "survey_create",
    "survey_response_record",
]
