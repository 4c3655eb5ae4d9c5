"""Support's reaction to categorisation's published hook (`categorisation.signals`): when the
category in force of schools changes, their untouched future visits are re-planned. The
receiver only enqueues (after commit, by task name) for schools an officer has planned this
year; the task calls the service."""

from django.utils import timezone
from django_scopes import scope

from core.tasks import enqueue_on_commit
from support.models import VisitPlan
from support.services.visits import current_year


def on_categories_changed(sender, *, tenant, changes, **kwargs) -> None:
    ids = sorted({change.school_id for change in changes})
    with scope(tenant=tenant):
        planned = VisitPlan.objects.filter(academic_year=current_year(timezone.localdate()),
                                           school_id__in=ids).exists()
    if planned:
        # Plain values: [school id, old code, new code] per change.
        enqueue_on_commit("support.tasks.visits_replan", tenant.pk,
                          [[c.school_id, c.old_code or "", c.new_code] for c in changes])
