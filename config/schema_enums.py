"""The names of the API schema's enums (drf-spectacular's ENUM_NAME_OVERRIDES): several models
have a `status` or a `kind`, so each choice set is named here and the schema's enums stay stable
as apps add their own."""

ENUM_NAME_OVERRIDES = {
    # A partnership's type and a pro-forma's preferred type share one choice set.
    "PartnershipTypeEnum": "partnerships.models.PartnershipType",
    # Formation API: the register's phases, and a proposal's status beside other statuses.
    "PhaseEnum": "schools.models.Phase",
    "ProposalStatusEnum": "partnerships.models.FormationProposal.Status",
    # A council's upload: Ofsted or performance; boards: a seat's kind and a holding's
    # kind; all beside a partnership role's kind (which keeps the name it had).
    "DataImportKindEnum": "categorisation.models.DataImport.Kind",
    "KindEnum": "partnerships.models.RoleKind",
    "SeatKindEnum": "boards.models.SeatKind",
    "SeatHoldingKindEnum": "boards.models.HoldingKind",
    "BoardMeetingStatusEnum": "boards.models.Meeting.Status",
    # A registered interest's and a declaration's kind; a paper's kind (PDF or Word).
    "InterestKindEnum": "boards.models.InterestKind",
    "PaperKindEnum": "boards.models.PaperKind",
    # A funding commitment's status, beside the other statuses.
    "CommitmentStatusEnum": "funding.models.CommitmentStatus",
    # A brokered deployment's status, beside the other statuses.
    "DeploymentStatusEnum": "support.models.DeploymentStatus",
    # What a de-delegation rate is charged on, for both phases.
    "ChargeBasisEnum": "funding.models.ChargeBasis",
    # A census return's status (previewed, failed, applied), beside the other statuses.
    "CensusReturnStatusEnum": "funding.models.CensusReturn.Status",
    # An action's progress (boards' and support's actions on the core action model).
    "ActionProgressEnum": "core.actions.Progress",
    # An escalation step's kind (the step, its revisions and the API's input); a system
    # leader's specialisms (the directory) and a deployment's need.
    "EscalationStepKindEnum": "support.models.escalation.STEP_CHOICES",
    "SpecialismEnum": "support.models.Specialism",
    # A system-leader designation (NLE, LLE), beside the other kinds.
    "DesignationEnum": "partnerships.models.Designation",
}
