"""A Warwickshire-style world for the allocation tests: the seed's categories (seed 001,
appendix D: 1, 2A, 2B, 3A, 3B, 4), a partnership level "Consortium" and helpers that give a
school a category step and a consortium place, straight into the tables (the categorisation and
partnerships apps' own tests cover how those are made)."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone
from django_scopes import scopes_disabled

from categorisation.models import CategorisationScheme, SchemeCategory, SchoolCategory
from partnerships.models import Partnership, PartnershipLevel, PartnershipMembership
from tests.funding.conftest import school as make_school

# code, label, triggers funding in the scheme's own attributes (seed: 3A and 3B trigger)
CATEGORIES = [("1", "Outstanding", False), ("2A", "Good - improving", False),
              ("2B", "Good - declining", False), ("3A", "Satisfactory - declining", True),
              ("3B", "Satisfactory - improving", True), ("4", "Inadequate", False)]
DECIDED = date(2025, 3, 1)
RUN_ON = date(2025, 4, 1)


class World:
    def __init__(self, tenant):
        self.tenant = tenant
        with scopes_disabled():
            self.scheme = CategorisationScheme.objects.create(
                tenant=tenant, key="warwickshire-test", name="Warwickshire", is_active=False)
            self.categories = {
                code: SchemeCategory.objects.create(
                    tenant=tenant, scheme=self.scheme, code=code, label=label, position=n,
                    attributes={"triggers_funding": triggers})
                for n, (code, label, triggers) in enumerate(CATEGORIES)}
            self.level = PartnershipLevel.objects.create(tenant=tenant, name="Consortium")
        self.partnerships: dict[str, Partnership] = {}

    def partnership(self, name: str) -> Partnership:
        if name not in self.partnerships:
            with scopes_disabled():
                self.partnerships[name] = Partnership.objects.create(
                    tenant=self.tenant, level=self.level, name=name,
                    start_date=date(2020, 9, 1))
        return self.partnerships[name]

    def join(self, school, name: str, *, start=date(2020, 9, 1), end=None):
        with scopes_disabled():
            return PartnershipMembership.objects.create(
                tenant=self.tenant, partnership=self.partnership(name), school=school,
                level=self.level, start_date=start, end_date=end)

    def categorise(self, school, code: str, *, on: date = DECIDED, status="confirmed",
                   at: datetime | None = None):
        """A step decided at 10:00 of `on`, or at exactly `at` (a test that races the clock
        with the product's own "decided now" must not depend on the time of day it runs)."""
        with scopes_disabled():
            SchoolCategory.objects.filter(school=school, is_current=True).update(
                is_current=False)
            step = SchoolCategory.objects.create(
                tenant=self.tenant, school=school, scheme=self.scheme,
                category=self.categories[code], status=status, is_current=True)
            SchoolCategory.objects.filter(pk=step.pk).update(
                decided_at=at or timezone.make_aware(datetime(on.year, on.month, on.day, 10)))
        return step

    def school(self, name: str, code: str | None, consortium: str | None, pupils: int | None,
               **kwargs):
        made = make_school(self.tenant, name, pupils=pupils, **kwargs)
        if consortium:
            self.join(made, consortium)
        if code:
            self.categorise(made, code)
        return made


# The seed's worked example: 20 schools in one consortium, 1 x5, 2A x5, 2B x5, 3A x3, 3B x2,
# 4 x0. Pupils chosen unequal so a wrong school would show in the total.
WORKED_EXAMPLE = (
    [("1", 210 + n) for n in range(5)] + [("2A", 180 + n) for n in range(5)]
    + [("2B", 320 + n) for n in range(5)] + [("3A", p) for p in (187, 93, 412)]
    + [("3B", p) for p in (1043, 58)])


def worked_example(world: World) -> list:
    return [world.school(f"Consortium School {n + 1:02d}", code, "North Consortium", pupils)
            for n, (code, pupils) in enumerate(WORKED_EXAMPLE)]
