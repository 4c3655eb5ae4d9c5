"""Each tenant's schemes (versioned rules as data), their categories and officers'
judgements the rules may read."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from core.models import TenantOwned


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
    leadership". `attributes` hold what is read beyond the rules (support days, give/receive,
    whether it triggers funding) without a schema change."""

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

    Each row is one step, appended and never edited, so the rows of a key are its history. A
    judgement agreed with the school (`categorisation.judgements`) passes through steps that do
    not count yet (proposed to the school, disagreed by it); the rules read the newest row per
    key among those that count (`COUNTING`: recorded, agreed, or decided in moderation)."""

    class Status(models.TextChoices):
        RECORDED = "recorded", "Recorded by an officer"
        PROPOSED = "proposed", "Proposed to the school"
        AGREED = "agreed", "Agreed by the school"
        DISAGREED = "disagreed", "Disagreed by the school"
        MODERATED = "moderated", "Decided in moderation"

    COUNTING = (Status.RECORDED, Status.AGREED, Status.MODERATED)

    school = models.ForeignKey(
        "schools.School", on_delete=models.CASCADE, related_name="officer_judgements"
    )
    key = models.SlugField(max_length=60)
    value = models.CharField(max_length=100)
    note = models.TextField(blank=True)
    # Rows written before the agreement workflow, and judgements needing no agreement, count
    # at once: "recorded".
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECORDED)
    previous_value = models.CharField(
        max_length=100, blank=True, help_text="The value that counted before this step.")
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
