"""Partnerships: the tenant's own levels (region > hub, family cluster > alliance …), the
partnerships at each level, dated memberships of schools, roles, the formation of partnerships
by match-making (seed 003, Barnet) and consultation surveys. (A hub's meetings, notes,
priorities and actions are boards': a hub is a board of kind hub.)

One module per sub-domain; every model is importable from `partnerships.models`. The rules (who
may chair, no school in two partnerships of one level at once, no nesting cycle) live in
`partnerships.services`; `clean()` checks only what one row can know by itself.
"""

from partnerships.models.formation import (
    FormationProposal,
    ProForma,
    ProFormaPartner,
    ProposalResponse,
    ProposedMember,
    ProposedPartnership,
)
from partnerships.models.structure import (
    LeadEligibility,
    MembershipQuerySet,
    Partnership,
    PartnershipLevel,
    PartnershipMembership,
    PartnershipRole,
    PartnershipType,
    RoleKind,
)
from partnerships.models.surveys import (
    OPPOSING_RATINGS,
    SUPPORTING_RATINGS,
    Rating,
    RespondentRole,
    Survey,
    SurveyOption,
    SurveyResponse,
)
from partnerships.models.system_leaders import Designation, SystemLeaderDesignation

__all__ = [
    "Designation", "FormationProposal", "LeadEligibility", "MembershipQuerySet", "Partnership",
    "PartnershipLevel", "PartnershipMembership", "PartnershipRole", "PartnershipType",
    "ProForma", "ProFormaPartner", "ProposalResponse", "ProposedMember", "ProposedPartnership",
    "Rating", "RespondentRole", "RoleKind", "Survey", "SurveyOption", "SurveyResponse",
    "SystemLeaderDesignation", "OPPOSING_RATINGS", "SUPPORTING_RATINGS",
]
