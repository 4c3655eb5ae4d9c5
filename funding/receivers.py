"""Funding's reaction to categorisation's published hook (`categorisation.signals`): when
categories in force change, money that follows them may change, so a new draft run is queued.
The receiver only enqueues (after commit, by task name); the task calls the service."""

from django_scopes import scope

from core.tasks import enqueue_on_commit
from funding.models import AllocationRun, RunStatus

ORIGIN_LIMIT = 300


def _origin(changes: list) -> str:
    names = ", ".join(f"{change.old_code or 'none'} to {change.new_code}" for change in changes)
    text = f"Made after categories changed ({len(changes)} school" \
           f"{'s' if len(changes) != 1 else ''}: {names})"
    return text if len(text) <= ORIGIN_LIMIT else text[:ORIGIN_LIMIT - 2] + "…)"


def on_categories_changed(sender, *, tenant, changes, **kwargs) -> None:
    """Queue a redraft only for a tenant that has confirmed a run: the rest have nothing that
    a change could make out of date."""
    with scope(tenant=tenant):
        confirmed = AllocationRun.objects.filter(status=RunStatus.CONFIRMED).exists()
    if confirmed and changes:
        enqueue_on_commit("funding.tasks.allocation_redraft", tenant.pk, _origin(changes))
