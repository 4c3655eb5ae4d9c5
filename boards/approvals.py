"""Boards' answers to `core.approvals`: the board decision that approved an allocation run or
decided a moderation case, for funding's and categorisation's pages (which may not import
boards). Only decisions carried or agreed count; the text names the board, the meeting's date
and the item's number, never an exempt item's title or motion. One query for any ids."""

from django.urls import reverse
from django.utils import timezone

from boards.models import Decision
from core.approvals import Approval

DECIDED = (Decision.Outcome.CARRIED, Decision.Outcome.AGREED)


def _approvals(tenant, ids, field: str, verb: str) -> dict[int, Approval]:
    found: dict[int, Approval] = {}
    for decision in (Decision.objects.filter(**{f"{field}__in": ids}, outcome__in=DECIDED)
                     .select_related("item__meeting__board").order_by("closed_at", "pk")):
        meeting = decision.item.meeting
        day = timezone.localtime(meeting.starts_at).date()
        found[getattr(decision, f"{field}_id")] = Approval(
            text=f"{verb} by {meeting.board.name} at its meeting of {day.day} {day:%B %Y} "
                 f"(item {decision.item.number}, {decision.get_outcome_display().lower()})",
            url=reverse("boards:decision-detail", args=[
                tenant.slug, meeting.board_id, meeting.pk, decision.pk]))
    return found


def run_approvals(*, tenant, ids: list[int]) -> dict[int, Approval]:
    return _approvals(tenant, ids, "approves_run", "Approved")


def case_decisions(*, tenant, ids: list[int]) -> dict[int, Approval]:
    return _approvals(tenant, ids, "decides_case", "Decided")
