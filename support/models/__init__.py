"""Support's models, one module per area: visits (the year's plan, visits, re-plan notices),
notes (templates, notes, their RAG ratings) and the tenant's support settings."""

from support.models import peer_review, programmes  # noqa: F401  (their own modules)
from support.models.access import NotesGrant
from support.models.brokering import (
    DeclaredInterest,
    Deployment,
    DeploymentReview,
    DeploymentStatus,
    Employment,
    Impact,
    LeaderCapacity,
    Progress,
    QualityAssurance,
    Specialism,
    ValueForMoney,
)
from support.models.escalation import Escalation, EscalationStep, EscalationStepRevision
from support.models.notes import NoteRating, NoteStatus, NoteTemplate, Rating, Response, VisitNote
from support.models.plans import SupportPlanAction, SupportPlanActionUpdate
from support.models.rise import RiseCase, RiseCaseChange, RiseReview, RiseStage, RiseTier
from support.models.settings import SupportSettings
from support.models.visits import ReplanNotice, Visit, VisitOrigin, VisitPlan, VisitStatus

__all__ = [
    "DeclaredInterest", "Deployment", "DeploymentReview", "DeploymentStatus", "Employment",
    "Escalation", "EscalationStep", "EscalationStepRevision",
    "Impact", "LeaderCapacity", "Progress", "QualityAssurance", "Specialism", "ValueForMoney",
    "NotesGrant", "NoteRating", "NoteStatus", "NoteTemplate", "Rating", "ReplanNotice", "Response",
    "RiseCase", "RiseCaseChange", "RiseReview", "RiseStage", "RiseTier", "SupportSettings",
    "SupportPlanAction", "SupportPlanActionUpdate", "Visit", "VisitNote", "VisitOrigin",
    "VisitPlan", "VisitStatus",
]
