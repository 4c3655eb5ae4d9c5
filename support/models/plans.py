"""Support plans (issue 13 item 8): a school in support has actions on the core action model
(`core.actions`: owner, due date, progress, RAG, every update kept), overdue ones in the core
digest and "waiting for you"."""

from __future__ import annotations

from django.db import models

from core.actions import Action, ActionUpdate


class SupportPlanAction(Action):
    """One action of a school's support plan, owned by a member of the tenant (an officer, the
    headteacher, a system leader) or a named outsider."""

    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="+")

    class Meta(Action.Meta):
        indexes = [models.Index(fields=["tenant", "school"]),
                   models.Index(fields=["tenant", "owner", "due_date"])]


class SupportPlanActionUpdate(ActionUpdate):
    """One progress update of a support plan action, never edited."""

    action = models.ForeignKey(SupportPlanAction, on_delete=models.CASCADE,
                               related_name="updates")

    class Meta(ActionUpdate.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.action}: {self.get_status_display()}"
