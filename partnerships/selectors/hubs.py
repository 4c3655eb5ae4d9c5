"""A headteacher's hubs: the partnerships their school is in. (A hub's own page, meetings,
notes, priorities and actions are boards': a hub is a board of kind hub.)"""

from datetime import date

from django.utils import timezone

from partnerships.models import PartnershipMembership
from schools.models import School


def hubs_of_school(*, school: School, on: date | None = None) -> list[PartnershipMembership]:
    """The partnerships the school is in today, at every level, narrowest first."""
    return list(
        PartnershipMembership.objects.current(on or timezone.localdate())
        .filter(school=school)
        .select_related("partnership__level", "partnership__parent")
        .order_by("level__rank", "partnership__name")
    )
