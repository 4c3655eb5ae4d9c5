"""Officer judgements the rules read (`officer.<key>`), as services: the Welsh improvement
capacity A-D, recorded by an officer with a reason, and the Wiltshire capacity level, agreed
with the school: officer proposes -> the headteacher agrees, or disagrees with a reason -> a
disagreement is moderated by a senior officer or the board.

What the recompute reads (the rule of this module): only a step that counts
(`OfficerJudgement.COUNTING`: recorded, agreed by the school, or decided in moderation). A
level the officer has proposed, or one the school disputes, is shown on the school's category
page but changes nothing until it is agreed or moderated: the level agreed before stays in
force, and where none was ever agreed the scheme's data rules propose the school's level (the
Wiltshire preset says so). The agreed level always wins over the data.

Why capacity-level disagreements are not `ModerationCase` rows: a case is bound to a category
step (`disagreement` and `decision` are `SchoolCategory` rows of a scheme, one open case per
school), and its pages and API read the scheme's categories. A level is a judgement, not a
category step, and a school may dispute its level and its category at once. So the steps
themselves carry the case (the newest step "disagreed" is an open disagreement), and the
moderation is the categories' own: the same queue page, the same people (a senior officer
decides; an officer records a board's decision, naming it), a reason always.

Every step appends an `OfficerJudgement` row (who, when, why, the value that counted before)
and writes an audit row; nothing is edited, so the rows are the history. Every service is
atomic, takes keyword-only `tenant=` and `actor=`, checks the actor's permission (PermissionDenied,
a 403) and refuses bad data with a ValidationError naming the field.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from categorisation import recompute
from categorisation.models import OfficerJudgement
from categorisation.permissions import require_headteacher_of, require_permission
from categorisation.schemes.judgements import KINDS, JudgementKind
from categorisation.selectors.judgements import judgement_kinds_offered
from core import permissions
from core.audit import audit_record
from core.models import Role, Tenant
from core.notifications import absolute
from core.tenancy import ensure_same_tenant
from schools.models import School
from schools.selectors import heads_of

Status = OfficerJudgement.Status


class JudgementRefused(ValidationError):
    """A step the data do not allow (a value out of range, no reason, nothing to answer)."""


# --- Checks ------------------------------------------------------------------------------------


def _kind(tenant: Tenant, key: str) -> JudgementKind:
    """The judgement, if the tenant's active scheme reads it; refused naming `key` if not."""
    for kind in judgement_kinds_offered(tenant=tenant):
        if kind.key == key:
            return kind
    raise JudgementRefused({"key": "Your partnership's scheme does not use this judgement."})


def _value(kind: JudgementKind, value: str) -> str:
    value = (value or "").strip().upper()
    if value not in kind.values:
        raise JudgementRefused({"value": kind.value_error})
    return value


def _reason(reason: str, message: str, name: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise JudgementRefused({name: message})
    return reason


def _history(tenant: Tenant, school: School, key: str) -> list[OfficerJudgement]:
    # Locking the school serialises two people answering the same judgement at once (its
    # first step has no row of its own to lock).
    School.objects.select_for_update().filter(pk=school.pk).first()
    return list(OfficerJudgement.objects.filter(tenant=tenant, school=school, key=key)
                .order_by("-pk"))


def _counting_value(history: list[OfficerJudgement]) -> str:
    return next((step.value for step in history if step.status in OfficerJudgement.COUNTING),
                "")


def _append(*, tenant: Tenant, actor: User | None, school: School, key: str, value: str,
            status: str, note: str, previous_value: str,
            judged_on: date | None = None) -> OfficerJudgement:
    step = OfficerJudgement(
        tenant=tenant, school=school, key=key, value=value, status=status, note=note,
        previous_value=previous_value, judged_on=judged_on or timezone.localdate(),
        entered_by=actor if actor is not None and actor.is_authenticated else None,
    )
    step.full_clean()
    step.save()
    return step


def _audit(tenant: Tenant, actor: User | None, step: OfficerJudgement, action: str,
           summary: str) -> None:
    audit_record(tenant=tenant, actor=actor, action=f"categorisation.judgement_{action}",
                 obj=step, summary=f"{step.school}: {summary}",
                 changes={step.key: [step.previous_value, step.value],
                          "status": ["", step.status]})


def _recompute(tenant: Tenant, step: OfficerJudgement, kind: JudgementKind) -> None:
    recompute.schedule_tenant_recompute(
        tenant=tenant, school_ids=[step.school_id],
        reason=f"{kind.label}: {kind.words(step.value)}")


# --- Steps -------------------------------------------------------------------------------------


@transaction.atomic
def judgement_record(
    *, tenant: Tenant, actor: User | None, school: School, key: str, value: str, reason: str,
    judged_on: date | None = None,
) -> OfficerJudgement:
    """An officer records a judgement with a reason. One agreed with the school (the capacity
    level) is a proposal the headteacher answers, and counts only once agreed or moderated;
    any other counts at once and recomputes the school. Refused while the school's
    disagreement with an earlier proposal waits for moderation: it must be settled there."""
    ensure_same_tenant(tenant, school=school)
    require_permission(tenant=tenant, actor=actor, permission=permissions.CATEGORIES_DECIDE)
    kind = _kind(tenant, key)
    value = _value(kind, value)
    reason = _reason(reason, f"Enter why you judge the {kind.noun} this way")
    if judged_on is not None and judged_on > timezone.localdate():
        raise JudgementRefused({"judged_on": "The date of the judgement cannot be in the future"})
    if not school.establishment.is_open:
        raise JudgementRefused("This school has closed: it has no category and no judgements.")
    history = _history(tenant, school, kind.key)
    if history and history[0].status == Status.DISAGREED:
        raise JudgementRefused("The school disagreed with the last level proposed: a senior "
                               "officer or the board decides it in moderation.")
    proposing = kind.needs_agreement
    step = _append(tenant=tenant, actor=actor, school=school, key=kind.key, value=value,
                   status=Status.PROPOSED if proposing else Status.RECORDED, note=reason,
                   previous_value=_counting_value(history), judged_on=judged_on)
    if proposing:
        _audit(tenant, actor, step, "proposed",
               f"proposed {kind.words(value)} to the school. {reason}")
        _notify_headteachers(tenant, school, kind, step)
    else:
        _audit(tenant, actor, step, "recorded", f"{kind.words(value)}. {reason}")
        _recompute(tenant, step, kind)
    return step


def _waiting_proposal(tenant: Tenant, school: School, kind: JudgementKind,
                      ) -> tuple[OfficerJudgement, list[OfficerJudgement]]:
    history = _history(tenant, school, kind.key)
    if not history or history[0].status != Status.PROPOSED:
        raise JudgementRefused(f"There is no {kind.noun} waiting for your school's "
                               "answer.")
    return history[0], history


@transaction.atomic
def judgement_agree(
    *, tenant: Tenant, actor: User | None, school: School, key: str, note: str = "",
) -> OfficerJudgement:
    """The school's headteacher agrees with the level proposed: it counts from now, and the
    school is recomputed."""
    ensure_same_tenant(tenant, school=school)
    require_headteacher_of(tenant=tenant, actor=actor, school=school)
    kind = _kind(tenant, key)
    proposed, history = _waiting_proposal(tenant, school, kind)
    note = (note or "").strip()
    step = _append(tenant=tenant, actor=actor, school=school, key=kind.key,
                   value=proposed.value, status=Status.AGREED,
                   note="Agreed with the school" + (f": {note}" if note else ""),
                   previous_value=_counting_value(history))
    _audit(tenant, actor, step, "agreed", f"the school agreed {kind.words(step.value)}")
    _recompute(tenant, step, kind)
    return step


@transaction.atomic
def judgement_disagree(
    *, tenant: Tenant, actor: User | None, school: School, key: str, reason: str,
) -> OfficerJudgement:
    """The school's headteacher disagrees with the level proposed, saying why: it goes to
    moderation, and the level agreed before (if any) stays in force until then."""
    ensure_same_tenant(tenant, school=school)
    require_headteacher_of(tenant=tenant, actor=actor, school=school)
    kind = _kind(tenant, key)
    reason = _reason(reason, f"Enter why you disagree with the {kind.noun}")
    proposed, history = _waiting_proposal(tenant, school, kind)
    step = _append(tenant=tenant, actor=actor, school=school, key=kind.key,
                   value=proposed.value, status=Status.DISAGREED, note=reason,
                   previous_value=_counting_value(history))
    _audit(tenant, actor, step, "disagreed",
           f"the school disagreed with {kind.words(step.value)}. {reason}")
    return step


@transaction.atomic
def judgement_moderate(
    *, tenant: Tenant, actor: User | None, disagreement: OfficerJudgement, value: str,
    reason: str, by_board: bool = False, board_name: str = "",
) -> OfficerJudgement:
    """Settle a school's disagreement with a proposed level, as category disagreements are
    settled: a senior officer decides (CATEGORIES_MODERATE), or an officer records the board's
    decision (`by_board`, naming the board). The level decided counts from now."""
    ensure_same_tenant(tenant, disagreement=disagreement)
    if by_board:
        require_permission(tenant=tenant, actor=actor, permission=permissions.CATEGORIES_DECIDE)
        board_name = _reason(board_name, "Enter the board that decided", "board_name")
    else:
        require_permission(tenant=tenant, actor=actor, permission=permissions.CATEGORIES_MODERATE)
    kind = KINDS.get(disagreement.key)
    if kind is None:
        raise JudgementRefused({"key": "This judgement is not one the product records."})
    value = _value(kind, value)
    reason = _reason(reason, "Enter why it was decided this way")
    school = disagreement.school
    history = _history(tenant, school, kind.key)
    if not history or history[0].pk != disagreement.pk or \
            disagreement.status != Status.DISAGREED:
        raise JudgementRefused("This disagreement has already been moderated.")
    step = _append(tenant=tenant, actor=actor, school=school, key=kind.key, value=value,
                   status=Status.MODERATED,
                   note=(f"Decided by {board_name[:200]}: {reason}" if by_board else reason),
                   previous_value=_counting_value(history))
    _audit(tenant, actor, step, "moderated",
           f"moderated to {kind.words(value)}" + (f" by {board_name}" if by_board else "")
           + f". {reason}")
    _recompute(tenant, step, kind)
    return step


# --- Helpers -----------------------------------------------------------------------------------


def _notify_headteachers(tenant: Tenant, school: School, kind: JudgementKind,
                         step: OfficerJudgement) -> None:
    emails = sorted(set(heads_of([school]).filter(tenant=tenant, role=Role.HEADTEACHER)
                        .values_list("user__email", flat=True)))
    if not emails:
        return
    subject = f"{school}: {kind.noun} proposed"
    body = "\n".join([
        f"{tenant.name} proposes this {kind.noun} for {school}: "
        f"{kind.words(step.value)}.", "", f"Why: {step.note}", "",
        "Agree, or disagree and say why, on the school's category page:",
        absolute(reverse("categorisation:school-category", args=[tenant.slug, school.urn])),
    ])
    transaction.on_commit(lambda: send_mail(
        subject=subject, message=body, from_email=None, recipient_list=emails,
        fail_silently=True,
    ))
