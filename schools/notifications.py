"""The register's part of "waiting for you" (core.notifications): GIAS imports checked and
ready to apply."""

from django.urls import reverse

from core.notifications import Source, Waiting
from core.permissions import IMPORTS_RUN
from schools.models import GiasImport


def _waiting(membership, permissions) -> list[Waiting]:
    if IMPORTS_RUN not in permissions:
        return []
    ready = GiasImport.objects.filter(status=GiasImport.Status.PREVIEWED).order_by("-pk")
    return [Waiting(f"The GIAS import {gias_import.original_name} is checked and ready to apply",
                    reverse("imports:gias-import-detail", args=[membership.tenant.slug,
                                                                gias_import.pk]))
            for gias_import in ready[:5]]


SOURCE = Source(key="schools", waiting=_waiting)
