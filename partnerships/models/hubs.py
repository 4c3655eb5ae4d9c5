"""Hub self-management: the chair's meetings, notes, shared priorities and actions."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from core.actions import Action, ActionUpdate
from core.models import TenantOwned
from partnerships.models.structure import Partnership
from schools.selectors import school_of


class HubMeeting(TenantOwned):
    """A meeting of a hub's headteachers. Cancelled rather than deleted, so the record stays."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT,
                                    related_name="hub_meetings")
    starts_at = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True)
    is_online = models.BooleanField(default=False)
    agenda = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    status_reason = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "partnership", "starts_at"],
                                    name="hubmeeting_one_per_time"),
        ]

    def __str__(self) -> str:
        return f"{self.partnership} meeting, {self.starts_at:%d %B %Y}"

    def clean(self) -> None:
        if not self.is_online and not self.location.strip():
            raise ValidationError({"location": "Say where the meeting is, or that it is online."})


class HubMeetingNote(TenantOwned):
    """A note on a meeting. An edit adds a new note that `replaces` the old one, so the
    earlier text, its author and time are kept; the current notes are those not replaced."""

    meeting = models.ForeignKey(HubMeeting, on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    text = models.TextField()
    replaces = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="replaced_by")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            # One later version per note: two edits of the same text cannot both win.
            models.UniqueConstraint(fields=["tenant", "replaces"], name="hubmeetingnote_one_edit"),
        ]

    def __str__(self) -> str:
        return f"Note on {self.meeting} by {self.author or 'someone'}"


class HubPriority(TenantOwned):
    """A priority the hub shares (an area of focus, e.g. "Disadvantaged learners")."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        ACHIEVED = "achieved", "Achieved"
        ENDED = "ended", "Ended"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT,
                                    related_name="hub_priorities")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start_date", "title"]
        verbose_name_plural = "hub priorities"
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "partnership", "title"], condition=Q(status="active"),
                name="hubpriority_one_active_title",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date cannot be before the start date."})


class HubAction(Action):
    """An action a hub agreed (core.actions.Action: owner, due date, progress, RAG). Cancelled
    rather than deleted; every progress update is kept as a `HubActionUpdate`."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT,
                                    related_name="hub_actions")
    priority = models.ForeignKey(HubPriority, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="actions")
    meeting = models.ForeignKey(HubMeeting, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="actions",
                                help_text="The meeting that agreed the action, if any.")

    class Meta(Action.Meta):
        pass

    @property
    def owner_label(self) -> str:
        if self.owner_id:
            own_school = school_of(self.owner)
            school = f" ({own_school})" if own_school else ""
            return f"{self.owner.user}{school}"
        return self.owner_name


class HubActionUpdate(ActionUpdate):
    """One progress update of an action, kept so the action's history is never lost."""

    action = models.ForeignKey(HubAction, on_delete=models.PROTECT, related_name="updates")

    class Meta(ActionUpdate.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.action}: {self.get_status_display()}"
