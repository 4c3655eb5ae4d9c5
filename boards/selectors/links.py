"""What a board's motion may approve or decide beyond its own minutes: the tenant's draft
allocation runs, its open moderation cases and the categories of their schemes. Three
queries."""

from categorisation.models import ModerationCase, SchemeCategory
from funding.models import AllocationRun, RunStatus


def open_to_decide() -> tuple[list[AllocationRun], list[ModerationCase], list[SchemeCategory]]:
    runs = list(AllocationRun.objects.filter(status=RunStatus.DRAFT)
                .select_related("year").order_by("-created_at", "-pk"))
    cases = list(ModerationCase.objects.filter(status=ModerationCase.Status.OPEN)
                 .select_related("school__establishment", "disagreement")
                 .order_by("school__establishment__name", "pk"))
    schemes = {case.disagreement.scheme_id for case in cases}
    categories = list(SchemeCategory.objects.filter(scheme_id__in=schemes)
                      .select_related("scheme").order_by("scheme__name", "position", "pk")) \
        if schemes else []
    return runs, cases, categories
