"""The action every app records the same way: who owns it, by when, how far it has got (and a
red, amber or green judgement of it), every update kept, overdue when its date passes undone.

Board actions (a hub's included: a hub is a board), visit-note actions and deployment
objectives use the same two abstract models and the same progress rule:

    class BoardAction(Action):
        board = models.ForeignKey(...)
    class BoardActionUpdate(ActionUpdate):
        action = models.ForeignKey(BoardAction, related_name="updates", ...)

    update = record_progress(action, update_model=BoardActionUpdate, actor=..., status=..., ...)
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from core.models import TenantOwned


class Progress(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class Rag(models.TextChoices):
    RED = "red", "Red: off track"
    AMBER = "amber", "Amber: at risk"
    GREEN = "green", "Green: on track"


CLOSED = (Progress.DONE, Progress.CANCELLED)
# How far ahead an owner is told of an action falling due ("waiting for you").
DUE_SOON = timedelta(days=7)


class Action(TenantOwned):
    description = models.TextField()
    # A member of the tenant, or a name typed in (someone outside the tenant).
    owner = models.ForeignKey("core.Membership", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    owner_name = models.CharField(max_length=200, blank=True)
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Progress.choices,
                              default=Progress.NOT_STARTED)
    rag = models.CharField("RAG rating", max_length=10, choices=Rag.choices, blank=True)
    progress_note = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The choices, reachable from each concrete model as before (BoardAction.Progress).
    Progress = Progress
    Rag = Rag

    class Meta:
        abstract = True
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.description[:80]

    def clean(self) -> None:
        if not self.owner_id and not self.owner_name.strip():
            raise ValidationError({"owner": "Say who owns the action."})

    def is_overdue(self, today: date | None = None) -> bool:
        """Past its due date and neither done nor cancelled."""
        today = today or timezone.localdate()
        return (self.due_date is not None and self.due_date < today
                and self.status not in CLOSED)


class ActionUpdate(TenantOwned):
    """One progress update of an action (the subclass adds `action`), never edited."""

    status = models.CharField(max_length=20, choices=Progress.choices)
    rag = models.CharField("RAG rating", max_length=10, choices=Rag.choices, blank=True)
    note = models.TextField(blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]


def record_progress(action: Action, *, update_model: type[ActionUpdate], actor, status: str,
                    note: str = "", rag: str | None = None) -> ActionUpdate:
    """Move an action on with a note (and, optionally, a new RAG rating); keep the update.

    Refused, naming the field: an unknown status or rating; any change to a cancelled action
    (record a new one); cancelling without saying why; an update that changes nothing.
    `completed_at` is set when the action is done and cleared if it is reopened. The caller
    checks who may do this and audits it.
    """
    note = note.strip()
    if status not in Progress.values:
        raise ValidationError({"status": "Choose not started, in progress, done or cancelled."})
    if rag is not None and rag not in ("", *Rag.values):
        raise ValidationError({"rag": "Choose red, amber or green."})
    if action.status == Progress.CANCELLED:
        raise ValidationError({"status": "That action was cancelled; record a new one instead."})
    if status == Progress.CANCELLED and not note:
        raise ValidationError({"note": "Say why the action is cancelled."})
    new_rag = action.rag if rag is None else rag
    if status == action.status and new_rag == action.rag and not note:
        raise ValidationError({"note": "Nothing changed: choose a new status or add a note."})
    action.status, action.rag, action.progress_note = status, new_rag, note
    action.completed_at = (action.completed_at or timezone.now()) if status == Progress.DONE \
        else None
    action.full_clean()
    action.save()
    update = update_model(tenant_id=action.tenant_id, status=status, rag=new_rag, note=note,
                          author=actor)
    # Each subclass declares its own `action` key.
    update.action = action  # type: ignore[attr-defined]
    update.full_clean()
    update.save()
    return update


# The reminders every app's actions give (core.notifications): an owner is asked to act on their
# open actions overdue or due within `DUE_SOON`; whoever oversees them hears, in the weekly
# digest, of the actions that fell overdue since the last one.

def owned_due_soon(actions: models.QuerySet, *, owner, today: date) -> models.QuerySet:
    """The open actions of `actions` that `owner` (a Membership) owns, overdue or due within
    `DUE_SOON` of `today`, soonest first."""
    return (actions.filter(owner=owner, due_date__lte=today + DUE_SOON)
            .exclude(status__in=CLOSED).order_by("due_date", "pk"))


def fell_overdue(actions: models.QuerySet, *, since: date, today: date) -> models.QuerySet:
    """The open actions of `actions` whose due date passed between `since` and `today`: due on
    or after `since`, before `today`."""
    return actions.filter(due_date__gte=since, due_date__lt=today).exclude(status__in=CLOSED)


def due_sentence(action: Action, today: date) -> str:
    """"Overdue since 3 March 2027: <action>" or "Due 10 March 2027: <action>"."""
    assert action.due_date is not None
    when = (f"Overdue since {action.due_date:%-d %B %Y}" if action.due_date < today
            else f"Due {action.due_date:%-d %B %Y}")
    return f"{when}: {action}"


def owner_label(action: Action) -> str:
    """Who owns the action, in words: the member, or the name typed in."""
    return str(action.owner.user) if action.owner is not None else action.owner_name
