"""Reads of escalations: every one for the officers' list (a fixed number of queries), one with
its steps, and the next steps open today for its school (`support.escalation`)."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from categorisation.published import ACADEMY_ORDER_DUTY_REPEALED
from schools.models import School
from support.escalation import NextStep, next_steps
from support.models import Deployment, Escalation, EscalationStep


def escalations() -> QuerySet[Escalation]:
    return (Escalation.objects.select_related("school__establishment")
            .annotate(step_count=Count("steps")).order_by("closed_on", "-opened_on", "-pk"))


def escalation_for(escalation_id: int) -> Escalation:
    # The deployment (most escalations have none) in a query of its own, made only when there
    # is one: one join of both schools' register rows took longer to build than to answer.
    escalation = (Escalation.objects.filter(pk=escalation_id)
                  .select_related("school__establishment", "raised_by__user")
                  .prefetch_related(Prefetch("deployment", Deployment.objects.select_related(
                      "supporter__user", "supporter_school__establishment"))).first())
    if escalation is None:
        raise Http404("No such escalation.")
    return escalation


def steps_of(escalation: Escalation) -> list[EscalationStep]:
    return list(escalation.steps.select_related("recorded_by__user")
                .prefetch_related("revisions__revised_by__user"))


def step_for(step_id: int) -> EscalationStep:
    step = (EscalationStep.objects.filter(pk=step_id)
            .select_related("escalation__school__establishment").first())
    if step is None:
        raise Http404("No such step.")
    return step


def open_escalation_of(school: School) -> Escalation | None:
    return Escalation.objects.filter(school=school, closed_on__isnull=True).first()


def next_steps_for(school: School, on: date) -> tuple[NextStep, ...]:
    return next_steps(is_maintained=school.establishment.is_maintained, on=on,
                      repealed_from=ACADEMY_ORDER_DUTY_REPEALED)
