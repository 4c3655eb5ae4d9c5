"""Public reference data, stored once for every tenant and keyed by URN: Ofsted's grade
words, inspections and performance indicators."""

from __future__ import annotations

from datetime import date

from django.db import models

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
    # Graded with an overall grade 1-4: every graded inspection until September 2024 (the
    # value's name is historical: the era reaches back before the 2019 framework).
    OEIF_GRADED = "oeif_graded", "Graded inspection (overall grade 1 to 4)"
    OEIF_SUB_JUDGEMENTS = ("oeif_sub_judgements",
                           "Inspection with grades but no overall grade (2024-25)")
    UNGRADED = "ungraded", "Ungraded inspection"
    REPORT_CARD = "report_card", "Report card (from November 2025)"


def era_words(era: str) -> str:
    """The era's label inside a sentence ("…: graded inspection (overall grade 1 to 4)"): only
    its first letter lowered, so November stays November."""
    label = InspectionEra(era).label
    return label[:1].lower() + label[1:]


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


class InspectionValues(models.Model):
    """What Ofsted publishes about one inspection: the columns shared by the national store
    (`Inspection`) and a council's own entries (`categorisation.models.TenantInspection`), so
    the rules read either alike.

    `urn` is the school the inspection is reported for (the current school in Ofsted's file);
    `inspected_urn` is the URN it was carried out on, which differs when the inspection was of a
    predecessor (Ofsted: "Does the latest full inspection relate to the URN of the current
    school?" -> `relates_to_current_urn`). Grades are stored as ranks of their `GradeScale`
    (OEIF 1-4; report card 1 exceptional ... 5 urgent improvement); their wording is data.
    """


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
    updated_at = models.DateTimeField(auto_now=True)

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
        abstract = True

    inspection_number: str  # unique nationally; once per council in its own layer

    def __str__(self) -> str:
        return f"Inspection {self.inspection_number} of {self.inspected_urn} ({self.start_date})"

    @property
    def era_words(self) -> str:
        return era_words(self.era)

    @property
    def entered_by_council_on(self) -> date | None:
        """The day a council entered it, for a row of its own layer; None for national data."""
        return None


class Inspection(InspectionValues):
    """One Ofsted inspection of a state-funded school, from the national file. Public: shared
    by every tenant, written only by the national import."""

    inspection_number = models.CharField(max_length=20, unique=True)
    imported_at = models.DateTimeField(auto_now_add=True)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "inspection_number"]
        indexes = [models.Index(fields=["urn", "start_date"])]


# --- Performance indicators --------------------------------------------------------------


class IndicatorValues(models.Model):
    """One performance measure of a school for one academic year: the columns shared by the
    national store (`PerformanceIndicator`) and a council's own (`TenantIndicator`).

    `year` is the calendar year the academic year starts in (2018 = 2018/19).
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
    # What a trend needs to tell a real change from noise (`categorisation.trends`): the
    # pupils the value is of (KS2: eligible pupils; KS4: pupils at the end of the key stage),
    # and Progress 8's published 95% confidence interval.
    cohort = models.PositiveIntegerField(null=True, blank=True)
    ci_low = models.DecimalField(max_digits=9, decimal_places=3, null=True, blank=True)
    ci_high = models.DecimalField(max_digits=9, decimal_places=3, null=True, blank=True)
    source = models.CharField(max_length=200, blank=True)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.measure} {self.academic_year} for {self.urn}: {self.value}"

    @property
    def academic_year(self) -> str:
        return AcademicYear(self.year).label

    @property
    def entered_by_council_on(self) -> date | None:
        return None  # as `InspectionValues.entered_by_council_on`


class PerformanceIndicator(IndicatorValues):
    """A published performance measure from the national files. Public, written only by the
    national import. A revised release supersedes the provisional one of the same year; both
    are kept."""

    class Meta:
        ordering = ["urn", "measure", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["urn", "measure", "year", "release"], name="indicator_unique_release"
            ),
        ]
