"""A board's priorities (its areas of focus, dated, in order) and its actions on the core
action model (`core.actions`: owner, due date, progress with RAG, every update kept)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from boards.models.boards import Board
from boards.models.meetings import AgendaItem
from core.actions import Action, ActionUpdate
from core.models import TenantOwned
from core.years import AcademicYear


class BoardPriority(TenantOwned):
    """An area of focus of the board (e.g. "Disadvantaged learners") for one academic year,
    from a start date, in the board's order for that year. A board sets its priorities each
    year (the same title may come back the next year, as a new priority with its own actions).
    Ended with a date and a reason, never deleted: the actions linked to it keep their
    history."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="priorities")
    academic_year = models.PositiveSmallIntegerField(
        help_text="The year the academic year starts in: 2025 for 2025/26.")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True,
                                help_text="The day the board stopped working on it.")
    end_reason = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # The id of the partnerships hub priority this was copied from (migration boards 0012), so
    # the old address answers with a redirect here.
    hub_copy_of = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-academic_year", "position", "id"]
        verbose_name_plural = "board priorities"
        constraints = [
            models.UniqueConstraint(fields=["tenant", "board", "academic_year", "title"],
                                    condition=Q(end_date__isnull=True),
                                    name="boardpriority_one_current_title_a_year"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.end_date is not None:
            problems = {}
            if self.start_date and self.end_date < self.start_date:
                problems["end_date"] = "A priority cannot end before it started."
            if not self.end_reason.strip():
                problems["end_reason"] = "Say why the priority ends (achieved, replaced...)."
            if problems:
                raise ValidationError(problems)
        elif self.end_reason:
            raise ValidationError({"end_reason": "Only an ended priority has a reason."})

    @property
    def is_current(self) -> bool:
        return self.end_date is None

    @property
    def year(self) -> AcademicYear:
        return AcademicYear(self.academic_year)


class BoardAction(Action):
    """An action the board agreed: optionally arising from an item of one of its meetings and
    serving one of its priorities; owned by a member of the board or a named outsider."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="actions")
    priority = models.ForeignKey(BoardPriority, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="actions")
    item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="actions",
                             help_text="The agenda item the action arose from, if any.")
    # The id of the partnerships hub action this was copied from (migration boards 0012), so
    # the old address answers with a redirect here.
    hub_copy_of = models.PositiveIntegerField(null=True, blank=True, editable=False)


    class Meta(Action.Meta):
        pass

    @property
    def owner_label(self) -> str:
        return str(self.owner.user) if self.owner_id and self.owner else self.owner_name


class BoardActionUpdate(ActionUpdate):
    """One progress update of a board action, kept so its history is never lost."""

    action = models.ForeignKey(BoardAction, on_delete=models.PROTECT, related_name="updates")

    class Meta(ActionUpdate.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.action}: {self.get_status_display()}"
