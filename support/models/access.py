"""Who besides the council and the headteacher may read a school's released visit notes: a
named person (a chair of governors) given them by an officer until an end date, where the
tenant allows it (`SupportSettings.chairs_see_notes`)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django_scopes import ScopedManager

from core.models import TenantOwned


class NotesGrantQuerySet(models.QuerySet):
    def current(self, on: date) -> NotesGrantQuerySet:
        """The grants that hold on the date: started, and not yet at their end date."""
        return self.filter(starts_on__lte=on, ends_on__gt=on)


class NotesGrant(TenantOwned):
    """`holder` may read `school`'s released visit notes from `starts_on` until the day
    before `ends_on` (the first day it no longer holds), while the tenant allows it. Ending it
    early moves `ends_on`; rows are never deleted, so who could read what, when, is kept."""

    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")
    holder = models.ForeignKey("core.Membership", on_delete=models.CASCADE, related_name="+")
    capacity = models.CharField(max_length=100, default="Chair of governors",
                                help_text="Why they read the notes, e.g. chair of governors.")
    starts_on = models.DateField()
    ends_on = models.DateField(help_text="The first day it no longer holds.")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")

    objects = ScopedManager(  # type: ignore[misc]
        tenant="tenant", _manager_class=models.Manager.from_queryset(NotesGrantQuerySet))

    class Meta:
        ordering = ["-ends_on", "-pk"]
        indexes = [models.Index(fields=["tenant", "holder", "ends_on"])]

    def __str__(self) -> str:
        return f"Visit notes of {self.school_id} for {self.holder_id} until {self.ends_on}"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            raise ValidationError({"ends_on": "The end must be after the start."})
