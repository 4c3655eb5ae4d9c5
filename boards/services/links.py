"""A decision that approves a funding allocation run or decides a category moderation case.

The link lives on the boards side (DESIGN §4: funding and categorisation never import boards):
the decision points at the run or the case; when the motion is carried (or agreed without a
vote) boards calls funding's service to confirm the run, or categorisation's to record the
board's decision of the case, as the person closing the decision. Their pages read the approval
back through `core.approvals`, which `boards.approvals` answers.

The rights stay the lower apps': confirming a run needs the funding manager's rights, recording
a board's moderation decision an officer's. They are checked when the motion is put, so a board
never votes on something nobody present may carry out.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from boards.models import AgendaItem, Decision
from categorisation.models import ModerationCase, SchemeCategory
from categorisation.workflow import moderation_decide
from core.models import Tenant
from core.permissions import CATEGORIES_DECIDE, CATEGORIES_MODERATE, FUNDING_MANAGE, has
from core.selectors import membership_for
from core.tenancy import ensure_same_tenant
from funding.models import AllocationRun
from funding.services.allocations import allocation_run_confirm


def check_links(*, tenant: Tenant, actor: User | None, item: AgendaItem,
                run: AllocationRun | None, case: ModerationCase | None,
                category: SchemeCategory | None, approves_minutes: bool) -> None:
    """Refuse, naming the field, a link the motion cannot carry out."""
    ensure_same_tenant(tenant, approves_run=run, decides_case=case, decides_category=category)
    if (run is not None) + (case is not None) + approves_minutes > 1:
        raise ValidationError({"approves_run" if run is not None else "decides_case": (
            "A motion approves one thing: put a motion for each.")})
    membership = membership_for(user=actor, tenant=tenant) if actor is not None else None
    if run is not None:
        if run.is_confirmed:
            raise ValidationError({"approves_run": f"{run} is already confirmed."})
        if membership is None or not has(membership, FUNDING_MANAGE):
            raise ValidationError({"approves_run": (
                "Confirming an allocation run needs the funding manager's rights (the tenant "
                "admin): they put this motion.")})
    if category is not None and case is None:
        raise ValidationError({"decides_category": "Choose the moderation case it decides."})
    if case is not None:
        if case.status != ModerationCase.Status.OPEN:
            raise ValidationError({"decides_case": "That disagreement is already moderated."})
        if category is None:
            raise ValidationError({"decides_category": "Choose the category the board "
                                                       "decides."})
        if category.scheme_id != case.disagreement.scheme_id:
            raise ValidationError({"decides_category": "Choose a category of the school's "
                                                       "scheme."})
        if membership is None or not (has(membership, CATEGORIES_DECIDE)
                                      or has(membership, CATEGORIES_MODERATE)):
            raise ValidationError({"decides_case": (
                "Recording the board's moderation decision needs an officer's rights: an "
                "officer puts this motion.")})


def carry_out(*, tenant: Tenant, actor: User | None, decision: Decision) -> None:
    """The carried (or agreed) decision's effect on the run or the case. The reason given to
    categorisation names the meeting and the item's number only: never an exempt item's
    text."""
    if decision.approves_run is not None:
        allocation_run_confirm(tenant=tenant, actor=actor, run=decision.approves_run)
    if decision.decides_case is not None and decision.decides_category is not None:
        meeting = decision.item.meeting
        day = timezone.localtime(meeting.starts_at).date()
        moderation_decide(
            tenant=tenant, actor=actor, case=decision.decides_case,
            category=decision.decides_category, by_board=True, board_name=meeting.board.name,
            reason=f"the board's decision at its meeting of {day.day} {day:%B %Y}, item "
                   f"{decision.item.number} ({decision.get_outcome_display().lower()})")
