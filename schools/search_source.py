"""The register's part of the header search (core.search): schools by any spelling of their
name or former name, URN, LAESTAB, postcode, town or trust, closest first."""

from typing import Any

from django.urls import reverse

from core import search
from core.permissions import REGISTER_VIEW
from schools.models import School


def find_schools(request: Any, text: str) -> list[search.Result] | None:
    if REGISTER_VIEW not in request.tenant_permissions:
        return None
    schools = (School.objects.with_establishment().search(text).ranked(text)[:search.LIMIT])
    prefix = reverse("schools:school-list", args=[request.tenant.slug])
    return [search.Result(
        title=school.establishment.name, url=f"{prefix}{school.urn}/",
        hint=" · ".join(part for part in (
            f"URN {school.urn}", school.establishment.laestab and
            f"LAESTAB {school.establishment.la_code}/{school.establishment.establishment_number}",
            school.establishment.town, school.establishment.postcode,
            "" if school.establishment.is_open else "Closed") if part))
        for school in schools]


SOURCE = search.Source(key="schools", title="Schools", order=10, find=find_schools,
                       permission=REGISTER_VIEW)
