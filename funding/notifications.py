"""Funding's part of "waiting for you" (core.notifications): the census returns and the
actuals from the finance system that were checked without errors and wait to be applied, for
whoever may apply them (FUNDING_MANAGE)."""

from django.urls import reverse

from core.notifications import Source, Waiting
from core.permissions import FUNDING_MANAGE
from funding.models import CensusReturn, SpendImport

SHOWN = 5  # the newest of each kind; older ones are on the list pages


def _waiting(membership, permissions) -> list[Waiting]:
    if FUNDING_MANAGE not in permissions:
        return []
    slug = membership.tenant.slug
    # Only what the sentences name: not the uploaded file and its preview, read on every
    # home page.
    census = (CensusReturn.objects.filter(status=CensusReturn.Status.PREVIEWED)
              .only("pk", "tenant", "source", "census_date", "original_name").order_by("-pk"))
    actuals = (SpendImport.objects.filter(status=SpendImport.Status.PREVIEWED)
               .only("pk", "tenant", "original_name").order_by("-pk"))
    return [Waiting(f"The census return {record} ({record.original_name}) is checked and "
                    "ready to apply", reverse("funding:census-detail", args=[slug, record.pk]))
            for record in census[:SHOWN]] + \
        [Waiting(f"The actuals file {record.original_name} is checked and ready to import",
                 reverse("funding:actuals-detail", args=[slug, record.pk]))
         for record in actuals[:SHOWN]]


SOURCE = Source(key="funding", waiting=_waiting)
