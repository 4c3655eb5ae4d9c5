"""Categorisation: the public inspection and indicator store, and each tenant's schemes and results.

Public reference data (no tenant, keyed by URN, stored once for every tenant, like
`schools.Establishment`): `GradeScale`, `GradeLabel`, `Inspection`, `PerformanceIndicator`.

Tenant data (subclasses of `core.models.TenantOwned`): `CategorisationScheme` and its
`SchemeCategory` rows, `OfficerJudgement` (an adviser's capacity judgement and the like),
`CategoryProposal` (what the engine computed) and `SchoolCategory` (each workflow step).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from core.models import FileImport, TenantOwned
from core.years import AcademicYear

# --- Grade labels: the words Ofsted publishes, kept as data ---------------------------------


class GradeScale(models.Model):
    """A family of labels Ofsted uses in one kind of column (OEIF grades, report-card grades...)."""

    class Code(models.TextChoices):
        OEIF = "oeif", "Graded inspection (1 to 4)"
        REPORT_CARD = "report_card", "Report card evaluation area"
        UNGRADED_OUTCOME = "ungraded_outcome", "Ungraded inspection outcome"
        SAFEGUARDING = "safeguarding", "Safeguarding"
        CATEGORY_OF_CONCERN = "category_of_concern", "Category of concern"

    code = models.CharField(max_length=30, choices=Code.choices, unique=True)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class GradeLabel(models.Model):
    """One label of a scale, with the spellings Ofsted has used for it and what it means.

    `rank` orders the judgements of a scale, 1 best (OEIF 1 Outstanding ... 4 Inadequate; report
    card 1 exceptional ... 5 urgent improvement; safeguarding 1 met, 2 not met). A label that is
    not a judgement ("Not judged", "9", "Not applicable") has `is_judgement` False and no rank:
    it is read as empty, never as a grade.
    """

    class Signal(models.TextChoices):
        NONE = "", "None"
        MAINTAINED = "maintained", "Standards maintained"
        CONCERNS = "concerns", "Concerns: a graded inspection is next"
        IMPROVING = "improving", "Improving: a graded inspection is next"

    scale = models.ForeignKey(GradeScale, on_delete=models.CASCADE, related_name="labels")
    code = models.CharField(max_length=60, help_text="Stable code used by rules, e.g. 'good'.")
    label = models.CharField(max_length=120, help_text="The wording shown to people.")
    aliases = models.JSONField(
        default=list, blank=True,
        help_text="Other spellings found in Ofsted's files, matched ignoring case and spacing.",
    )
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    is_judgement = models.BooleanField(default=True)
    # For an ungraded outcome: the graded judgement it confirms (School remains Good -> 2), or
    # null when it keeps whatever the last graded inspection said (Standards maintained).
    implied_grade = models.PositiveSmallIntegerField(null=True, blank=True)
    signal = models.CharField(max_length=20, choices=Signal.choices, blank=True, default="")

    class Meta:
        ordering = ["scale", "rank", "code"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "code"], name="gradelabel_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.scale.code}: {self.label}"

    def spellings(self) -> list[str]:
        return [self.label, self.code, *self.aliases]


# --- Inspections --------------------------------------------------------------------------


class InspectionEra(models.TextChoices):
    OEIF_GRADED = "oeif_graded", "Graded inspection (OEIF, 2019 to 2024)"
    OEIF_SUB_JUDGEMENTS = "oeif_sub_judgements", "Graded inspection without overall grade (2024-25)"
    UNGRADED = "ungraded", "Ungraded inspection"
    REPORT_CARD = "report_card", "Report card (from November 2025)"


class CategoryOfConcern(models.TextChoices):
    NONE = "", "None"
    SERIOUS_WEAKNESSES = "serious_weaknesses", "Serious weaknesses"
    SPECIAL_MEASURES = "special_measures", "Special measures"
    REQUIRES_SIGNIFICANT_IMPROVEMENT = (
        "requires_significant_improvement", "Requires significant improvement",
    )


class InspectionQuerySet(models.QuerySet):
    def for_urns(self, urns) -> InspectionQuerySet:
        """Inspections reported for, or carried out on, any of these URNs."""
        urns = list(urns)
        return self.filter(models.Q(urn__in=urns) | models.Q(inspected_urn__in=urns))


class Inspection(models.Model):
    """One Ofsted inspection of a state-funded school. Public: shared by every tenant.

    `urn` is the school the inspection is reported for (the current school in Ofsted's file);
    `inspected_urn` is the URN it was carried out on, which differs when the inspection was of a
    predecessor (Ofsted: "Does the latest full inspection relate to the URN of the current
    school?" -> `relates_to_current_urn`). Grades are stored as ranks of their `GradeScale`
    (OEIF 1-4; report card 1 exceptional ... 5 urgent improvement); their wording is data.
    """

    inspection_number = models.CharField(max_length=20, unique=True)
    urn = models.PositiveIntegerField("URN", db_index=True)
    inspected_urn = models.PositiveIntegerField("URN at the time of inspection", db_index=True)
    relates_to_current_urn = models.BooleanField(null=True, blank=True)
    inspected_name = models.CharField("school name at the time", max_length=200, blank=True)
    inspected_type = models.CharField("school type at the time", max_length=100, blank=True)
    era = models.CharField(max_length=30, choices=InspectionEra.choices, db_index=True)
    inspection_type = models.CharField(max_length=100, blank=True)
    inspection_type_grouping = models.CharField(max_length=100, blank=True)
    event_type_grouping = models.CharField(max_length=100, blank=True)
    start_date = models.DateField(db_index=True)
    publication_date = models.DateField(null=True, blank=True)
    category_of_concern = models.CharField(
        max_length=40, choices=CategoryOfConcern.choices, blank=True, default="",
        help_text="As Ofsted published it; derived categories are computed, not stored.",
    )
    safeguarding_met = models.BooleanField(null=True, blank=True)
    # OEIF graded (2019 to 2025): 1 Outstanding ... 4 Inadequate.
    overall_effectiveness = models.PositiveSmallIntegerField(null=True, blank=True)
    quality_of_education = models.PositiveSmallIntegerField(null=True, blank=True)
    behaviour_and_attitudes = models.PositiveSmallIntegerField(null=True, blank=True)
    personal_development = models.PositiveSmallIntegerField(null=True, blank=True)
    leadership_and_management = models.PositiveSmallIntegerField(null=True, blank=True)
    early_years = models.PositiveSmallIntegerField(null=True, blank=True)
    sixth_form = models.PositiveSmallIntegerField(null=True, blank=True)
    # Report cards (from November 2025): 1 exceptional ... 5 urgent improvement.
    inclusion = models.PositiveSmallIntegerField(null=True, blank=True)
    curriculum_and_teaching = models.PositiveSmallIntegerField(null=True, blank=True)
    achievement = models.PositiveSmallIntegerField(null=True, blank=True)
    attendance_and_behaviour = models.PositiveSmallIntegerField(null=True, blank=True)
    personal_development_and_wellbeing = models.PositiveSmallIntegerField(null=True, blank=True)
    early_years_report_card = models.PositiveSmallIntegerField(null=True, blank=True)
    post_16 = models.PositiveSmallIntegerField(null=True, blank=True)
    leadership_and_governance = models.PositiveSmallIntegerField(null=True, blank=True)
    # Ungraded inspections: Ofsted's outcome wording and the label it matched.
    ungraded_outcome = models.CharField(max_length=120, blank=True)
    ungraded_outcome_label = models.ForeignKey(
        GradeLabel, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(max_length=200, blank=True, help_text="File name, or 'api'.")
    # A digest of the imported values: an unchanged re-import is recognised without a write.
    row_hash = models.CharField(max_length=32, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InspectionQuerySet.as_manager()

    OEIF_FIELDS = (
        "overall_effectiveness", "quality_of_education", "behaviour_and_attitudes",
        "personal_development", "leadership_and_management", "early_years", "sixth_form",
    )
    REPORT_CARD_FIELDS = (
        "inclusion", "curriculum_and_teaching", "achievement", "attendance_and_behaviour",
        "personal_development_and_wellbeing", "early_years_report_card", "post_16",
        "leadership_and_governance",
    )

    class Meta:
        ordering = ["-start_date", "inspection_number"]
        indexes = [models.Index(fields=["urn", "start_date"])]

    def __str__(self) -> str:
        return f"Inspection {self.inspection_number} of {self.inspected_urn} ({self.start_date})"

    @property
    def is_of_predecessor(self) -> bool:
        return self.inspected_urn != self.urn


# --- Performance indicators --------------------------------------------------------------


class PerformanceIndicator(models.Model):
    """One published performance measure of a school for one academic year. Public.

    `year` is the calendar year the academic year starts in (2018 = 2018/19). A revised release
    supersedes the provisional one of the same year; both are kept.
    """

    class Release(models.TextChoices):
        PROVISIONAL = "provisional", "Provisional"
        REVISED = "revised", "Revised"
        FINAL = "final", "Final"

    urn = models.PositiveIntegerField("URN", db_index=True)
    measure = models.CharField(max_length=60, help_text="e.g. ks2_rwm_expected, ks4_att8.")
    year = models.PositiveSmallIntegerField(help_text="Start year of the academic year.")
    release = models.CharField(max_length=20, choices=Release.choices)
    value = models.DecimalField(max_digits=9, decimal_places=3, null=True, blank=True)
    national = models.DecimalField(max_digits=9, decimal_places=3, null=True, blank=True)
    higher_is_better = models.BooleanField(default=True)
    # A suppression code (SUPP, NE, NA, LOWCOV) when no value is published.
    suppression = models.CharField(max_length=20, blank=True)
    source = models.CharField(max_length=200, blank=True)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["urn", "measure", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["urn", "measure", "year", "release"], name="indicator_unique_release"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.academic_year} for {self.urn}: {self.value}"

    @property
    def academic_year(self) -> str:
        return AcademicYear(self.year).label


# --- Schemes (tenant-owned) ---------------------------------------------------------------


class CategorisationScheme(TenantOwned):
    """One version of a tenant's scheme: its rules as data (see `categorisation.engine`).

    A change never edits a version in place: it creates the next version and retires the
    active one, so every stored result can say which rules produced it. A tenant has at most
    one active version of any scheme: a school has one category in force (`SchoolCategory`),
    so it is given by one scheme.
    """

    class Preset(models.TextChoices):
        WARWICKSHIRE = "warwickshire", "Warwickshire (eight categories)"
        WILTSHIRE = "wiltshire", "Wiltshire (four capacity levels)"
        WELSH = "welsh", "Welsh national model (support colour)"
        CUSTOM = "custom", "Custom"

    key = models.SlugField(max_length=60, help_text="Names the scheme across its versions.")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    preset = models.CharField(max_length=20, choices=Preset.choices, default=Preset.CUSTOM)
    version = models.PositiveIntegerField(default=1)
    is_active = models.BooleanField(default=True)
    # {"parameters": {...}, "derive": [...], "rules": [...]}; validated by the engine.
    definition = models.JSONField(default=dict)
    change_note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["key", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "key", "version"], name="scheme_version_unique"
            ),
            models.UniqueConstraint(
                fields=["tenant"], condition=models.Q(is_active=True),
                name="scheme_one_active_per_tenant",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"


class SchemeCategory(TenantOwned):
    """A category of one scheme version, e.g. Warwickshire "3D Requires improvement with good
    leadership". `attributes` hold what later issues read (support days, give/receive, whether
    it triggers funding) without a schema change."""

    scheme = models.ForeignKey(
        CategorisationScheme, on_delete=models.CASCADE, related_name="categories"
    )
    code = models.CharField(max_length=20)
    label = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    colour = models.CharField(max_length=20, blank=True)
    attributes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["scheme", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "scheme", "code"], name="schemecategory_unique_code"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class OfficerJudgement(TenantOwned):
    """A judgement an officer records for a school that rules may read (`officer.<key>`):
    the Welsh improvement capacity A-D, a Wiltshire capacity level agreed with the school.
    The newest row per key counts; older rows are history."""

    school = models.ForeignKey(
        "schools.School", on_delete=models.CASCADE, related_name="officer_judgements"
    )
    key = models.SlugField(max_length=60)
    value = models.CharField(max_length=100)
    note = models.TextField(blank=True)
    judged_on = models.DateField()
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["school", "key", "-judged_on", "-entered_at"]
        indexes = [models.Index(fields=["tenant", "school", "key"])]

    def __str__(self) -> str:
        return f"{self.key} = {self.value} ({self.judged_on})"


# --- Results (tenant-owned); the workflow that moves them is a later issue ----------------


class CategoryProposal(TenantOwned):
    """What the engine computed for a school under one scheme version, with its reasons and the
    inputs it used. `input_hash` lets a recompute recognise "nothing changed" and write nothing."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for an officer"
        CONFIRMED = "confirmed", "Confirmed"
        OVERRIDDEN = "overridden", "Overridden"
        SUPERSEDED = "superseded", "Superseded by a newer proposal"

    school = models.ForeignKey(
        "schools.School", on_delete=models.CASCADE, related_name="category_proposals"
    )
    scheme = models.ForeignKey(
        CategorisationScheme, on_delete=models.PROTECT, related_name="proposals"
    )
    category = models.ForeignKey(
        SchemeCategory, on_delete=models.PROTECT, related_name="proposals"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    reasons = models.JSONField(default=list)
    evidence = models.JSONField(default=dict, help_text="The facts the rules read.")
    input_hash = models.CharField(max_length=64)
    previous_category = models.ForeignKey(
        SchemeCategory, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["tenant", "school", "status"])]

    def __str__(self) -> str:
        return f"Proposal {self.category.code} for {self.school_id} ({self.status})"


class SchoolCategory(TenantOwned):
    """One step in the life of a school's category: who, when, why, the evidence and the value
    it replaced. Steps are appended, never edited; `is_current` marks the step in force."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        CONFIRMED = "confirmed", "Confirmed by an officer"
        OVERRIDDEN = "overridden", "Overridden by an officer"
        AGREED = "agreed", "Agreed by the school"
        DISAGREED = "disagreed", "Disagreed by the school"
        MODERATED = "moderated", "Moderated"

    school = models.ForeignKey(
        "schools.School", on_delete=models.CASCADE, related_name="category_steps"
    )
    scheme = models.ForeignKey(
        CategorisationScheme, on_delete=models.PROTECT, related_name="school_categories"
    )
    category = models.ForeignKey(
        SchemeCategory, on_delete=models.PROTECT, related_name="school_categories"
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    proposal = models.ForeignKey(
        CategoryProposal, null=True, blank=True, on_delete=models.SET_NULL, related_name="steps"
    )
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    previous_category = models.ForeignKey(
        SchemeCategory, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True, help_text="Why: required to override or disagree.")
    reasons = models.JSONField(default=list, blank=True, help_text="The engine's reasons.")
    evidence = models.JSONField(default=dict, blank=True)
    is_current = models.BooleanField(default=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["school", "-decided_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "school"], condition=models.Q(is_current=True),
                name="schoolcategory_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category.code} for {self.school_id} ({self.status})"


# --- Recompute pipeline (public status records) --------------------------------------------


class DataArrival(models.Model):
    """A batch of inspections or indicators that arrived for some URNs and must be recomputed
    in every tenant whose register holds them. Public (no tenant): one arrival serves every
    tenant. The nightly sweep re-enqueues the arrivals left pending or failed."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be recomputed"
        PROCESSING = "processing", "Being recomputed"
        DONE = "done", "Recomputed"
        FAILED = "failed", "Failed"

    urns = models.JSONField(default=list)
    reason = models.CharField(max_length=200)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    tenants_count = models.PositiveIntegerField(default=0)
    schools_count = models.PositiveIntegerField(default=0)
    proposals_count = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Arrival {self.pk} ({self.reason}, {len(self.urns)} URNs, {self.status})"


class CategoryComputation(TenantOwned):
    """The last time a school was computed under a scheme (by key), with the hash of the result.

    One row per school and scheme key, rewritten only when the result changes; `computed_at`
    moves on every computation. The recompute compares `input_hash` to write nothing for an
    unchanged result; the nightly sweep compares `computed_at` with the inputs' timestamps and
    `scheme` with the active version to find schools a lost task never reached.
    """

    school = models.ForeignKey(
        "schools.School", on_delete=models.CASCADE, related_name="category_computations"
    )
    scheme_key = models.SlugField(max_length=60)
    scheme = models.ForeignKey(CategorisationScheme, on_delete=models.CASCADE, related_name="+")
    input_hash = models.CharField(max_length=64)
    category_code = models.CharField(max_length=20, blank=True)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["school", "scheme_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "school", "scheme_key"], name="computation_one_per_scheme"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme_key} {self.category_code or '-'} for {self.school_id}"


class ModerationCase(TenantOwned):
    """A school's disagreement with its category, waiting for a senior officer or the board.

    Opened by the headteacher's disagreement step; closed by the moderation step, which records
    the category decided, who decided it (a senior officer, or an officer recording the board's
    decision, `by_board`) and why.
    """

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for moderation"
        DECIDED = "decided", "Decided"

    school = models.ForeignKey(
        "schools.School", on_delete=models.CASCADE, related_name="moderation_cases"
    )
    disagreement = models.ForeignKey(
        SchoolCategory, on_delete=models.PROTECT, related_name="moderation_cases"
    )
    decision = models.ForeignKey(
        SchoolCategory, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    by_board = models.BooleanField(
        default=False, help_text="The decision is the board's, recorded by an officer."
    )
    board_name = models.CharField(max_length=200, blank=True)
    opened_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "school"], condition=models.Q(status="open"),
                name="moderation_one_open_per_school",
            ),
        ]

    def __str__(self) -> str:
        return f"Moderation for {self.school_id} ({self.status})"


# --- Data imports by a tenant admin (status records) -----------------------------------------


class DataImport(FileImport):
    """One upload of an Ofsted MI file or a performance file by a tenant admin: its status,
    progress, preview and result. The data it writes is public (the inspection and indicator
    stores serve every tenant); the record of who uploaded what is the tenant's."""

    class Kind(models.TextChoices):
        OFSTED = "ofsted", "Ofsted inspections (management information)"
        PERFORMANCE = "performance", "Performance tables (key stage 2 or 4)"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    file = models.FileField(upload_to="imports/data/%Y/%m/")
    # Start year of the academic year, when the person importing chose it (performance files
    # carry none); otherwise read from the file name.
    academic_year = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta(FileImport.Meta):
        pass
