"""Programmes (issue 13 item 7): a research or improvement project schools sign up to (the
EEF's "Mobilise" teaching-assistant project: about 300 Lincolnshire schools signed up and 400
leaders trained), which schools signed up and when, who was trained and when."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from core.models import TenantOwned


class Programme(TenantOwned):
    name = models.CharField(max_length=200)
    provider = models.CharField(max_length=200, blank=True,
                                help_text="Who runs or funds it, e.g. the Education "
                                          "Endowment Foundation.")
    description = models.TextField(blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [models.UniqueConstraint(fields=["tenant", "name"],
                                               name="programme_unique_name")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The programme cannot end before it starts."})


class ProgrammeSchool(TenantOwned):
    """A school signed up to the programme, from the day it signed up."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="schools")
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="+")
    signed_up_on = models.DateField()

    class Meta:
        ordering = ["signed_up_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["tenant", "programme", "school"],
                                               name="programmeschool_once")]

    def __str__(self) -> str:
        return f"School {self.school_id} in {self.programme_id}"


class ProgrammeTraining(TenantOwned):
    """One person trained in the programme's materials: most are not users of the product
    (a school's teaching-assistant lead), so they are named, with their school."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="trained")
    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    school = models.ForeignKey("schools.School", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    trained_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-trained_on", "name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} trained in {self.programme_id} on {self.trained_on}"
