"""Minutes of a meeting: drafted by the clerk item by item, circulated, approved by a decision
at a later meeting (then locked) and published with exempt items redacted."""

from django.conf import settings
from django.db import models

from boards.models.decisions import Decision
from boards.models.meetings import AgendaItem, Meeting
from core.models import TenantOwned


class Minutes(TenantOwned):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        CIRCULATED = "circulated", "Circulated to members"
        APPROVED = "approved", "Approved"
        PUBLISHED = "published", "Published"

    LOCKED = (Status.APPROVED, Status.PUBLISHED)

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    circulated_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "minutes"
        constraints = [
            models.UniqueConstraint(fields=["tenant", "meeting"], name="minutes_one_per_meeting"),
        ]

    def __str__(self) -> str:
        return f"Minutes of {self.meeting} ({self.get_status_display().lower()})"

    @property
    def is_locked(self) -> bool:
        return self.status in self.LOCKED


class MinuteEntry(TenantOwned):
    """The minute of one agenda item."""

    minutes = models.ForeignKey(Minutes, on_delete=models.PROTECT, related_name="entries")
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "minute entries"
        ordering = ["item__number"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "minutes", "item"],
                                    name="minuteentry_one_per_item"),
        ]

    def __str__(self) -> str:
        return f"Minute of {self.item}"


class MinuteCorrection(TenantOwned):
    """A correction to one item's minute after the minutes were approved (issue 12 item 8): the
    clerk proposes new wording with a reason; a carried decision at a later meeting approves
    it. The approved minute is never edited: the correction is kept beside it, and both are
    shown (the published view shows a public item's corrections; an exempt item's, never)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        APPROVED = "approved", "Approved"

    minutes = models.ForeignKey(Minutes, on_delete=models.PROTECT, related_name="corrections")
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("corrected minute")
    reason = models.TextField("why the minute is corrected")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["proposed_at", "id"]
        constraints = [
            # One correction of an item waits for approval at a time.
            models.UniqueConstraint(fields=["tenant", "minutes", "item"],
                                    condition=models.Q(status="proposed"),
                                    name="minutecorrection_one_proposed_per_item"),
        ]

    def __str__(self) -> str:
        return f"Correction to the minute of {self.item} ({self.get_status_display().lower()})"
