"""Formation (seed 003, Barnet): generating a proposal from the pro-formas
(`services.pro_formas`), editing it, consulting on it and confirming it, which creates the
partnerships and their memberships.

A proposal is edited only while it is a draft: once published, schools are responding to it,
and what they respond to must not change under them.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.audit import audit_record
from core.models import Tenant
from core.permissions import FORMATION_RESPOND, PARTNERSHIPS_MANAGE, has
from core.selectors import membership_for
from core.tenancy import ensure_same_tenant
from partnerships import formation
from partnerships.models import (
    FormationProposal,
    Partnership,
    PartnershipLevel,
    PartnershipMembership,
    PartnershipType,
    ProposalResponse,
    ProposedMember,
    ProposedPartnership,
)
from partnerships.selectors import formation_candidates, proposal_as_formation
from partnerships.services.memberships import periods_overlap
from partnerships.signals import send_after_commit, send_partnerships_created
from schools.models import School
from schools.selectors import is_own_school

# --- Generating and editing ---------------------------------------------------------------


@transaction.atomic
def proposal_generate(
    *, tenant: Tenant, actor: User | None, name: str, level: PartnershipLevel,
    min_size: int, max_size: int, seed: int = 1, phases: list[str] | None = None,
    schools: list[School] | None = None,
    partnership_type: str = PartnershipType.STRUCTURED, algorithm: str = "local_search",
) -> FormationProposal:
    """Run the generator (or, with algorithm="greedy", the baseline) over the open schools of
    the given phases (all open schools by default) or over `schools`, and store the result as a
    draft with each partnership's explanation. Impossible sizes are refused with the reason."""
    ensure_same_tenant(tenant, level=level)
    if schools is None:
        query = School.objects.filter(establishment__is_open=True)
        if phases:
            query = query.filter(establishment__phase__in=phases)
        schools = list(query.select_related("establishment").order_by("establishment_id"))
    else:
        for school in schools:
            if school.tenant_id != tenant.id:
                raise ValidationError({"schools": "One of the schools is not in this tenant's "
                                                  "register."})
    if not schools:
        raise ValidationError({"schools": "There are no schools to place."})
    proposal = FormationProposal(
        tenant=tenant, name=name.strip(), level=level, min_size=min_size, max_size=max_size,
        seed=seed, partnership_type=partnership_type, algorithm=algorithm,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    proposal.full_clean()
    candidates = formation_candidates(schools=schools)
    constraints = formation.Constraints(min_size, max_size)
    names = [f"Proposed {level.name.lower()} {i}"
             for i in range(1, formation.choose_group_count(len(schools), constraints) + 1)
             ] if _feasible(len(schools), constraints) else None
    try:
        run = formation.greedy_baseline if algorithm == "greedy" else formation.generate
        result = run(candidates, constraints, seed=seed, names=names)
    except formation.Infeasible as error:
        raise ValidationError({"max_size": str(error)}) from error
    proposal.summary = result.metrics
    proposal.save()
    for position, group in enumerate(result.groups, start=1):
        proposed = ProposedPartnership.objects.create(
            tenant=tenant, proposal=proposal, name=names[position - 1], position=position,
            lead_school_id=group.lead, explanation=group.explanation,
        )
        ProposedMember.objects.bulk_create([
            ProposedMember(tenant=tenant, proposal=proposal, proposed_partnership=proposed,
                           school_id=key)
            for key in group.members
        ])
    audit_record(tenant=tenant, actor=actor, action="proposal.generate", obj=proposal,
                 summary=f"Generated {proposal.name}: {len(result.groups)} partnerships of "
                         f"{len(schools)} schools", changes=result.metrics)
    return proposal


def _feasible(n: int, constraints: formation.Constraints) -> bool:
    try:
        formation.group_count_range(n, constraints)
    except formation.Infeasible:
        return False
    return True


def _require_status(proposal: FormationProposal, status: str, doing: str) -> None:
    if proposal.status != status:
        raise ValidationError({"status": (
            f"Only a {FormationProposal.Status(status).label.lower()} proposal can be {doing}; "
            f"this one is {proposal.get_status_display().lower()}."
        )})


def _refresh(proposal: FormationProposal) -> list[str]:
    """After an edit: keep each lead that may still lead, choose one where not, rewrite every
    explanation and the figures. Returns the hard constraints now broken (shown, not refused:
    an officer may pass through a broken state while moving several schools)."""
    candidates, constraints, proposed, groups = proposal_as_formation(proposal=proposal)
    by_key = {c.key: c for c in candidates}
    for group in proposed:
        members = [by_key[k] for k in group.members]
        if group.lead not in group.members or not formation.may_lead(by_key[group.lead], members):
            group.lead = formation.choose_lead(members)
    where = {k: i for i, g in enumerate(proposed) for k in g.members}
    names = [g.name for g in groups]
    short = sum(c.can_give_support for c in candidates) < len(proposed)
    for group, stored in zip(proposed, groups, strict=True):
        explanation = (formation.explain(group, by_key, where, names, short)
                       if group.members else "No schools.")
        if stored.lead_school_id != group.lead or stored.explanation != explanation:
            stored.lead_school_id = group.lead
            stored.explanation = explanation
            stored.save(update_fields=["lead_school", "explanation"])
    problems = formation.violations(candidates, constraints, proposed)
    proposal.summary = {**formation.measure(candidates, constraints, proposed),
                        "edited": True, "problems": problems}
    proposal.save(update_fields=["summary"])
    return problems


@transaction.atomic
def proposal_move_school(
    *, tenant: Tenant, actor: User | None, proposal: FormationProposal, school: School,
    to: ProposedPartnership,
) -> ProposedMember:
    """Move a school to another proposed partnership of the same draft proposal."""
    ensure_same_tenant(tenant, proposal=proposal, school=school, to=to)
    _require_status(proposal, FormationProposal.Status.DRAFT, "edited")
    if to.proposal_id != proposal.pk:
        raise ValidationError({"to": "That partnership is not part of this proposal."})
    member = ProposedMember.objects.filter(proposal=proposal, school=school).select_related(
        "proposed_partnership").first()
    if member is None:
        raise ValidationError({"school": f"{school} is not in this proposal."})
    before = member.proposed_partnership
    member.proposed_partnership = to
    member.full_clean()
    member.save(update_fields=["proposed_partnership"])
    problems = _refresh(proposal)
    audit_record(tenant=tenant, actor=actor, action="proposal.move_school", obj=proposal,
                 summary=f"Moved {school} from {before.name} to {to.name}",
                 changes={"school": school.urn, "from": before.name, "to": to.name,
                          "problems": problems})
    return member


@transaction.atomic
def proposal_set_lead(
    *, tenant: Tenant, actor: User | None, proposed: ProposedPartnership, school: School
) -> ProposedPartnership:
    """Choose the lead school of a proposed partnership: one of its schools, and a secondary
    only if every primary in it agreed to be led by a secondary."""
    ensure_same_tenant(tenant, proposed=proposed, school=school)
    proposal = proposed.proposal
    _require_status(proposal, FormationProposal.Status.DRAFT, "edited")
    candidates = formation_candidates(
        schools=[m.school for m in proposed.members.select_related("school__establishment")]
    )
    by_key = {c.key: c for c in candidates}
    if school.pk not in by_key:
        raise ValidationError({"school": f"{school} is not one of {proposed.name}'s schools."})
    if not formation.may_lead(by_key[school.pk], candidates):
        refusing = ", ".join(c.name for c in candidates
                             if c.is_primary and not c.accepts_secondary_lead)
        raise ValidationError({"school": (
            f"{school} is a secondary school and {refusing} did not agree to be led by a "
            "secondary school."
        )})
    before = proposed.lead_school
    proposed.lead_school = school
    proposed.save(update_fields=["lead_school"])
    _refresh(proposal)
    proposed.refresh_from_db()
    audit_record(tenant=tenant, actor=actor, action="proposal.set_lead", obj=proposed,
                 summary=f"{school} leads {proposed.name}",
                 changes={"lead": [str(before or ""), str(school)]})
    return proposed


# --- Consultation and decision ------------------------------------------------------------


@transaction.atomic
def proposal_publish(
    *, tenant: Tenant, actor: User | None, proposal: FormationProposal
) -> FormationProposal:
    """Publish a draft for consultation; refused while it breaks a hard constraint."""
    ensure_same_tenant(tenant, proposal=proposal)
    _require_status(proposal, FormationProposal.Status.DRAFT, "published")
    problems = _refresh(proposal)
    if problems:
        raise ValidationError({"status": ["Fix these before publishing:", *problems]})
    proposal.status = FormationProposal.Status.PUBLISHED
    proposal.published_at = timezone.now()
    proposal.save(update_fields=["status", "published_at"])
    audit_record(tenant=tenant, actor=actor, action="proposal.publish", obj=proposal,
                 summary=f"Published {proposal.name} for consultation")
    return proposal


@transaction.atomic
def proposal_record_response(
    *, tenant: Tenant, actor: User | None, proposal: FormationProposal, school: School,
    answer: str, comment: str = "",
) -> ProposalResponse:
    """A school's answer to a published proposal; a later answer replaces an earlier one (the
    audit trail keeps both). A headteacher answers for their own school only; an officer who
    manages partnerships records any school's answer (a paper reply)."""
    ensure_same_tenant(tenant, proposal=proposal, school=school)
    _ensure_may_answer_for(tenant, actor, school)
    _require_status(proposal, FormationProposal.Status.PUBLISHED, "responded to")
    if not ProposedMember.objects.filter(proposal=proposal, school=school).exists():
        raise ValidationError({"school": f"{school} is not in this proposal."})
    response = ProposalResponse.objects.filter(proposal=proposal, school=school).first() or (
        ProposalResponse(tenant=tenant, proposal=proposal, school=school)
    )
    response.answer = answer
    response.comment = comment
    response.recorded_by = actor if actor is not None and actor.is_authenticated else None
    response.full_clean()
    response.save()
    audit_record(tenant=tenant, actor=actor, action="proposal.response", obj=response,
                 summary=f"{school}: {response.get_answer_display()} with {proposal.name}",
                 changes={"answer": answer, "comment": comment[:200]})
    return response


def _ensure_may_answer_for(tenant: Tenant, actor: User | None, school: School) -> None:
    membership = membership_for(user=actor, tenant=tenant) if actor is not None else None
    if membership is not None and (
            has(membership, PARTNERSHIPS_MANAGE)
            or (has(membership, FORMATION_RESPOND)
                and is_own_school(membership=membership, school=school))):
        return
    raise PermissionDenied("You can answer only for your own school.")


@transaction.atomic
def proposal_confirm(
    *, tenant: Tenant, actor: User | None, proposal: FormationProposal,
    start_date: date | None = None,
) -> list[Partnership]:
    """The formal decision: create one partnership per proposed partnership at the proposal's
    level, each led by its lead school, with a membership for every school from `start_date`.

    Refused, with every reason, if a hard constraint is broken, if a school is already in a
    partnership of that level on or after `start_date`, or if a name is taken at that level.
    """
    ensure_same_tenant(tenant, proposal=proposal)
    _require_status(proposal, FormationProposal.Status.PUBLISHED, "confirmed")
    start_date = start_date or timezone.localdate()
    candidates, constraints, proposed, groups = proposal_as_formation(proposal=proposal)
    problems = formation.violations(candidates, constraints, proposed)
    school_ids = [k for g in proposed for k in g.members]
    clashes = (PartnershipMembership.objects.filter(school_id__in=school_ids, level=proposal.level)
               .select_related("partnership", "school__establishment"))
    for other in clashes:
        if periods_overlap(start_date, None, other.start_date, other.end_date):
            problems.append(f"{other.school} is already in {other.partnership.name}, a "
                            f"{proposal.level.name}; end that membership first.")
    for stored in groups:
        problems += [f"{m.school} has closed." for m in stored.members.all()
                     if not m.school.establishment.is_open]
    taken = set(Partnership.objects.filter(level=proposal.level, name__in=[g.name for g in groups])
                .values_list("name", flat=True))
    problems += [f"There is already a {proposal.level.name} called {name}." for name in taken]
    if problems:
        raise ValidationError({"status": ["The proposal cannot be confirmed:", *problems]})
    created = []
    for stored, group in zip(groups, proposed, strict=True):
        partnership = Partnership(
            tenant=tenant, level=proposal.level, name=stored.name,
            partnership_type=proposal.partnership_type, start_date=start_date,
            lead_school_id=group.lead, description=stored.explanation,
        )
        partnership.full_clean()
        partnership.save()
        send_partnerships_created(tenant=tenant, partnership_ids=[partnership.pk])
        PartnershipMembership.objects.bulk_create([
            PartnershipMembership(tenant=tenant, partnership=partnership, school_id=key,
                                  level=proposal.level, start_date=start_date)
            for key in group.members
        ])
        send_after_commit(tenant=tenant, partnership_ids=[partnership.pk],
                          school_ids=group.members)
        stored.created_partnership = partnership
        stored.save(update_fields=["created_partnership"])
        audit_record(tenant=tenant, actor=actor, action="partnership.create", obj=partnership,
                     summary=f"Created {partnership.name} from {proposal.name}",
                     changes={"proposal": proposal.pk,
                              "schools": sorted(m.school.urn for m in stored.members.all())})
        created.append(partnership)
    proposal.status = FormationProposal.Status.CONFIRMED
    proposal.confirmed_at = timezone.now()
    proposal.save(update_fields=["status", "confirmed_at"])
    audit_record(tenant=tenant, actor=actor, action="proposal.confirm", obj=proposal,
                 summary=f"Confirmed {proposal.name}: {len(created)} partnerships",
                 changes={"start_date": str(start_date)})
    return created
