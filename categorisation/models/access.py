"""Who besides the council and the headteacher may see a school's category: a chair of
governors, given it by an officer for dated terms, where the tenant allows it."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django_scopes import ScopedManager

from core.models import TenantOwned


class ChairOfGovernorsQuerySet(models.QuerySet):
    def current(self, on: date) -> ChairOfGovernorsQuerySet:
        """The terms that hold on the date: started, and not yet at their end date."""
        return self.filter(start_date__lte=on).filter(Q(end_date__isnull=True)
                                                      | Q(end_date__gt=on))


class ChairOfGovernors(TenantOwned):
    """A member of the tenant recorded as a school's chair of governors, from `start_date`
    until the day before `end_date` (open-ended when empty). While it holds, and while the
    tenant allows it (`Tenant.chairs_of_governors_see_category`), the member may read that
    school's category page (a grant, `categorisation.permissions.chair_of_governors_grants`)."""

    school = models.ForeignKey("schools.School", on_delete=models.CASCADE,
                               related_name="chairs_of_governors")
    holder = models.ForeignKey("core.Membership", on_delete=models.CASCADE, related_name="+")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True,
                                help_text="The first day it no longer holds.")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)

    # The scoped manager with `.current(on)`; django-stubs types `objects` as a class variable.
    objects = ScopedManager(  # type: ignore[misc]
        tenant="tenant", _manager_class=models.Manager.from_queryset(ChairOfGovernorsQuerySet))

    class Meta:
        ordering = ["school", "-start_date", "-pk"]
        verbose_name_plural = "chairs of governors"
        constraints = [
            models.UniqueConstraint(fields=["tenant", "school", "holder"],
                                    condition=Q(end_date__isnull=True),
                                    name="chairofgovernors_one_open_term"),
        ]

    def __str__(self) -> str:
        return f"Chair of governors of {self.school_id} from {self.start_date}"
