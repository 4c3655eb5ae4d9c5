"""Partnerships' part of "waiting for you" (core.notifications): the hub actions a person owns
that are past their date."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core.actions import CLOSED
from core.notifications import Source, Waiting
from partnerships.models import HubAction


def _waiting(membership, permissions) -> list[Waiting]:
    overdue = list(
        HubAction.objects.filter(owner=membership, due_date__lt=timezone.localdate())
        .filter(~Q(status__in=CLOSED)).select_related("partnership").order_by("due_date"))
    return [Waiting(f"Overdue since {action.due_date:%d %B %Y}: {action} "
                    f"({action.partnership.name})",
                    reverse("partnerships:hub-action-progress", args=[membership.tenant.slug,
                                                         action.partnership_id, action.pk]))
            for action in overdue]


SOURCE = Source(key="partnerships", waiting=_waiting)
