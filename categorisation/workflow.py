"""The life of a school's category, as services: proposal -> officer confirms or overrides ->
the headteacher agrees or disagrees -> a disagreement is moderated by a senior officer or the
board.

Each step appends a `SchoolCategory` row (who, when, why, the engine's reasons and evidence, the
step and category it replaced) and makes it the one in force; nothing is edited or deleted, so
the history is the list of steps. Every service is atomic, takes keyword-only `tenant=` and
`actor=`, checks the actor's permission in that tenant (PermissionDenied, a 403 in the views)
and writes an audit row. Refusals of the data itself (a stale proposal, a missing reason) raise
`WorkflowRefused`, a ValidationError whose message the pages show.

Notifications are sent after commit: the headteachers of the school when a category is
confirmed, overridden or moderated (the link adviser hears of proposals from the recompute).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from categorisation.models import (
    CategoryProposal,
    ModerationCase,
    SchemeCategory,
    SchoolCategory,
)
from categorisation.permissions import require_headteacher_of, require_permission
from categorisation.signals import CategoryChange, categories_changed
from core import permissions
from core.audit import audit_record
from core.models import Role, Tenant
from core.notifications import absolute
from core.tenancy import ensure_same_tenant
from schools.models import School
from schools.selectors import heads_of


class WorkflowRefused(ValidationError):
    """A step the data does not allow (stale proposal, missing reason, nothing to respond to)."""


# --- Who may act -------------------------------------------------------------------------------


def _reason(reason: str, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowRefused({"reason": f"Enter why you {what}."})
    return reason


# --- Steps -------------------------------------------------------------------------------------


def _current_step(tenant: Tenant, school: School) -> SchoolCategory | None:
    return (SchoolCategory.objects.select_for_update()
            .filter(tenant=tenant, school=school, is_current=True)
            .select_related("category", "scheme").first())


def _append_step(
    *, tenant: Tenant, actor: User | None, school: School, category: SchemeCategory,
    status: str, proposal: CategoryProposal | None = None, reason: str = "",
    reasons: list | None = None, evidence: dict | None = None,
    previous: SchoolCategory | None = None,
) -> SchoolCategory:
    if previous is not None:
        previous.is_current = False
        previous.save(update_fields=["is_current"])
    step = SchoolCategory(
        tenant=tenant, school=school, scheme=category.scheme, category=category, status=status,
        proposal=proposal, previous=previous,
        previous_category=previous.category if previous is not None else None,
        reason=reason, reasons=reasons or [], evidence=evidence or {}, is_current=True,
        decided_by=actor if actor is not None and actor.is_authenticated else None,
    )
    step.full_clean(exclude=["school", "scheme", "category", "proposal", "previous",
                             "previous_category", "decided_by", "tenant"])
    step.save()
    if previous is None or previous.category_id != category.pk:
        change = CategoryChange(
            school_id=school.pk, old_step_id=previous.pk if previous else None,
            new_step_id=step.pk, old_code=previous.category.code if previous else None,
            new_code=category.code)
        transaction.on_commit(
            lambda: categories_changed.send(sender=SchoolCategory, tenant=tenant,
                                            changes=[change]))
    return step


def _open_proposal(tenant: Tenant, proposal: CategoryProposal) -> CategoryProposal:
    ensure_same_tenant(tenant, proposal=proposal)
    # Lock the proposal's own row only: its category may be empty (not determined), and
    # PostgreSQL cannot lock the nullable side of the outer join that reads it.
    proposal = (CategoryProposal.objects.select_for_update(of=("self",))
                .select_related("school__establishment", "scheme", "category")
                .get(pk=proposal.pk))
    if proposal.status == CategoryProposal.Status.SUPERSEDED:
        raise WorkflowRefused("This proposal is out of date: newer data produced another one. "
                              "Review the newest proposal instead.")
    if proposal.status != CategoryProposal.Status.OPEN:
        done = proposal.get_status_display().lower()
        raise WorkflowRefused(f"This proposal has already been {done}.")
    if not proposal.scheme.is_active:
        raise WorkflowRefused("This proposal was made by a scheme or version no longer in "
                              "use; the school is worked out again under the active scheme.")
    return proposal


@transaction.atomic
def proposal_confirm(
    *, tenant: Tenant, actor: User | None, proposal: CategoryProposal, note: str = "",
) -> SchoolCategory:
    """An officer confirms the computed category: it becomes the school's category."""
    require_permission(tenant=tenant, actor=actor, permission=permissions.CATEGORIES_DECIDE)
    proposal = _open_proposal(tenant, proposal)
    if proposal.category is None:
        raise WorkflowRefused(
            "The data did not decide this school's category ("
            + " or ".join(proposal.undetermined)
            + "): choose one, with your reason, instead of confirming.")
    school = proposal.school
    previous = _current_step(tenant, school)
    step = _append_step(
        tenant=tenant, actor=actor, school=school, category=proposal.category,
        status=SchoolCategory.Status.CONFIRMED, proposal=proposal, reason=note.strip(),
        reasons=proposal.reasons, evidence=proposal.evidence, previous=previous,
    )
    proposal.status = CategoryProposal.Status.CONFIRMED
    proposal.save(update_fields=["status"])
    audit_record(tenant=tenant, actor=actor, action="categorisation.category_confirmed", obj=step,
                 summary=f"{school}: confirmed {proposal.category}",
                 changes=_change(previous, step))
    _notify_headteachers(tenant, school, step)
    return step


@transaction.atomic
def proposal_override(
    *, tenant: Tenant, actor: User | None, proposal: CategoryProposal, category: SchemeCategory,
    reason: str,
) -> SchoolCategory:
    """An officer sets another category than the computed one — or chooses one where the data
    did not decide — saying why; the engine's reasons and evidence are kept beside the
    officer's."""
    require_permission(tenant=tenant, actor=actor, permission=permissions.CATEGORIES_DECIDE)
    reason = _reason(reason, "override the proposed category")
    proposal = _open_proposal(tenant, proposal)
    ensure_same_tenant(tenant, category=category)
    if category.scheme_id != proposal.scheme_id:
        raise WorkflowRefused({"category": "Choose a category of the scheme that made the "
                                           "proposal."})
    school = proposal.school
    previous = _current_step(tenant, school)
    step = _append_step(
        tenant=tenant, actor=actor, school=school, category=category,
        status=(SchoolCategory.Status.CHOSEN if proposal.category is None
                else SchoolCategory.Status.OVERRIDDEN), proposal=proposal, reason=reason,
        reasons=proposal.reasons, evidence=proposal.evidence, previous=previous,
    )
    proposal.status = CategoryProposal.Status.OVERRIDDEN
    proposal.save(update_fields=["status"])
    audit_record(tenant=tenant, actor=actor, action="categorisation.category_overridden",
                 obj=step, summary=f"{school}: {category} instead of {proposal.proposed}. "
                                   f"{reason}",
                 changes=_change(previous, step))
    _notify_headteachers(tenant, school, step)
    return step


RESPONDABLE = (SchoolCategory.Status.CONFIRMED, SchoolCategory.Status.OVERRIDDEN,
               SchoolCategory.Status.CHOSEN)


def _respondable_step(tenant: Tenant, school: School) -> SchoolCategory:
    step = _current_step(tenant, school)
    if step is None or step.status not in RESPONDABLE:
        raise WorkflowRefused("There is no newly confirmed category for your school to respond "
                              "to.")
    return step


@transaction.atomic
def category_agree(
    *, tenant: Tenant, actor: User | None, school: School, note: str = "",
) -> SchoolCategory:
    """The school's headteacher agrees with the category confirmed for it."""
    ensure_same_tenant(tenant, school=school)
    require_headteacher_of(tenant=tenant, actor=actor, school=school)
    previous = _respondable_step(tenant, school)
    step = _append_step(
        tenant=tenant, actor=actor, school=school, category=previous.category,
        status=SchoolCategory.Status.AGREED, proposal=previous.proposal, reason=note.strip(),
        reasons=previous.reasons, evidence=previous.evidence, previous=previous,
    )
    audit_record(tenant=tenant, actor=actor, action="categorisation.category_agreed", obj=step,
                 summary=f"{school}: the school agreed with {step.category}")
    return step


@transaction.atomic
def category_disagree(
    *, tenant: Tenant, actor: User | None, school: School, reason: str,
) -> tuple[SchoolCategory, ModerationCase]:
    """The school's headteacher disagrees, saying why: the category stays in force and a
    moderation case opens for a senior officer or the board."""
    ensure_same_tenant(tenant, school=school)
    require_headteacher_of(tenant=tenant, actor=actor, school=school)
    reason = _reason(reason, "disagree")
    previous = _respondable_step(tenant, school)
    step = _append_step(
        tenant=tenant, actor=actor, school=school, category=previous.category,
        status=SchoolCategory.Status.DISAGREED, proposal=previous.proposal, reason=reason,
        reasons=previous.reasons, evidence=previous.evidence, previous=previous,
    )
    case = ModerationCase(tenant=tenant, school=school, disagreement=step)
    case.save()
    audit_record(tenant=tenant, actor=actor, action="categorisation.category_disagreed",
                 obj=step, summary=f"{school}: the school disagreed with {step.category}. "
                                   f"{reason}")
    return step, case


@transaction.atomic
def moderation_decide(
    *, tenant: Tenant, actor: User | None, case: ModerationCase, category: SchemeCategory,
    reason: str, by_board: bool = False, board_name: str = "",
) -> SchoolCategory:
    """Settle a disagreement: a senior officer decides (CATEGORIES_MODERATE), or an officer
    records the board's decision (`by_board`, naming the board). The category decided may be
    the one in force or another of the same scheme."""
    ensure_same_tenant(tenant, case=case, category=category)
    if by_board:
        require_permission(tenant=tenant, actor=actor, permission=permissions.CATEGORIES_DECIDE)
        board_name = board_name.strip()
        if not board_name:
            raise WorkflowRefused({"board_name": "Enter the board that decided."})
    else:
        require_permission(tenant=tenant, actor=actor, permission=permissions.CATEGORIES_MODERATE)
    reason = _reason(reason, "decided this way")
    case = ModerationCase.objects.select_for_update().select_related(
        "disagreement__scheme", "school__establishment").get(pk=case.pk)
    if case.status != ModerationCase.Status.OPEN:
        raise WorkflowRefused("This disagreement has already been moderated.")
    if category.scheme_id != case.disagreement.scheme_id:
        raise WorkflowRefused({"category": "Choose a category of the school's scheme."})
    school = case.school
    previous = _current_step(tenant, school)
    step = _append_step(
        tenant=tenant, actor=actor, school=school, category=category,
        status=SchoolCategory.Status.MODERATED, proposal=case.disagreement.proposal,
        reason=(f"Decided by {board_name}: {reason}" if by_board else reason),
        reasons=case.disagreement.reasons, evidence=case.disagreement.evidence,
        previous=previous,
    )
    case.status, case.decision, case.decided_at = ModerationCase.Status.DECIDED, step, \
        timezone.now()
    case.by_board, case.board_name = by_board, board_name[:200]
    case.save()
    audit_record(tenant=tenant, actor=actor, action="categorisation.category_moderated",
                 obj=step, summary=f"{school}: moderated to {category}"
                                   + (f" by {board_name}" if by_board else "") + f". {reason}",
                 changes=_change(previous, step))
    _notify_headteachers(tenant, school, step)
    return step


# --- Reads -------------------------------------------------------------------------------------


def category_history(*, tenant: Tenant, school: School) -> list[SchoolCategory]:
    """Every step of the school's category, newest first."""
    return list(SchoolCategory.objects.filter(tenant=tenant, school=school)
                .select_related("category", "previous_category", "decided_by", "proposal")
                .order_by("-decided_at", "-pk"))


def category_in_force(*, tenant: Tenant, school: School) -> SchoolCategory | None:
    return (SchoolCategory.objects.filter(tenant=tenant, school=school, is_current=True)
            .select_related("category", "scheme").first())


# --- Helpers -----------------------------------------------------------------------------------


def _change(previous: SchoolCategory | None, step: SchoolCategory) -> dict:
    return {"category": [previous.category.code if previous else "", step.category.code]}


def _notify_headteachers(tenant: Tenant, school: School, step: SchoolCategory) -> None:
    emails = sorted(set(
        heads_of([school]).filter(tenant=tenant, role=Role.HEADTEACHER)
        .values_list("user__email", flat=True)
    ))
    if not emails:
        return
    verb = {
        SchoolCategory.Status.CONFIRMED: "confirmed",
        SchoolCategory.Status.OVERRIDDEN: "set",
        SchoolCategory.Status.CHOSEN: "set",
        SchoolCategory.Status.MODERATED: "decided after moderation",
    }[step.status]
    subject = f"{school}: category {step.category.code} {verb}"
    lines = [f"{tenant.name} has {verb} the category of {school}: "
             f"{step.category.code} {step.category.label}.", ""]
    if step.reason:
        lines += [f"Why: {step.reason}", ""]
    if step.reasons:
        lines += ["What the data say:", *[f"- {reason}" for reason in step.reasons], ""]
    lines += ["See what it means for your school, and agree or disagree:",
              absolute(reverse("categorisation:school-category",
                               args=[tenant.slug, school.urn]))]
    body = "\n".join(lines)
    transaction.on_commit(lambda: send_mail(
        subject=subject, message=body, from_email=None, recipient_list=emails,
        fail_silently=True,
    ))
