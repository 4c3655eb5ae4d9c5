"""Roles in a partnership (chair, lead, advisers, regional lead, school improvement partner),
each with its rule of who may hold it and how many at a time.

Every service takes the tenant and the acting user, refuses objects of another tenant, checks
its rule with a reason a person can act on (a `ValidationError`), saves after `full_clean()`
and writes an audit row in the same transaction.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.audit import audit_record
from core.models import Membership, Role, Tenant
from core.tenancy import ensure_same_tenant
from partnerships import eligibility
from partnerships.models import Partnership, PartnershipMembership, PartnershipRole, RoleKind
from partnerships.signals import send_roles_changed
from schools.models import School
from schools.selectors import school_of

ONE_HOLDER_KINDS = (RoleKind.CHAIR, RoleKind.REGIONAL_LEAD)
OFFICER_ROLES = (Role.OFFICER, Role.ADMIN)


def _check_head_of_member(
    partnership: Partnership, person: Membership, on: date, title: str
) -> School:
    school = school_of(person)
    if person.role != Role.HEADTEACHER or school is None:
        raise ValidationError({"person": (
            f"The {title} must be a headteacher of a member school; {person.user} is not a "
            "headteacher in this tenant."
        )})
    is_member = PartnershipMembership.objects.current(on).filter(
        partnership=partnership, school_id=school.pk
    ).exists()
    if not is_member:
        raise ValidationError({"person": (
            f"The {title} must be the headteacher of a member school; {school} is not a "
            f"current member of {partnership.name}."
        )})
    return school


def _check_lead_rule(
    partnership: Partnership, person: Membership, school: School, evidence_note: str
) -> str:
    """Apply the level's lead rule; returns the note to keep with the role."""
    level = partnership.level
    evidence = eligibility.lead_rule_evidence(level.lead_eligibility, person=person,
                                              school=school)
    rule = level.get_lead_eligibility_display().lower()
    if evidence.met is False:
        raise ValidationError({"person": (
            f"A {level.lead_title.lower()} of a {level.name} must be {rule}: {evidence.reason}."
        )})
    if evidence.met is None and not evidence_note.strip():
        raise ValidationError({"evidence_note": (
            f"A {level.lead_title.lower()} of a {level.name} must be {rule}, and the product "
            f"cannot check it yet ({evidence.reason}). Say what shows it, for example the date "
            "of the Ofsted report or of the NLE designation."
        )})
    return evidence_note.strip() if evidence.met is None else evidence.reason


@transaction.atomic
def partnership_assign_role(
    *, tenant: Tenant, actor: User | None, partnership: Partnership, kind: str,
    person: Membership | None = None, external_name: str = "", start_date: date | None = None,
    evidence_note: str = "",
) -> PartnershipRole:
    """Give someone a role in a partnership, by the role's rule:

    - chair: the headteacher of a current member school;
    - lead: the same, and the level's lead rule (an outstanding school, an NLE/LLE …);
      when the data to check the rule is missing, the officer's `evidence_note` is required;
    - adviser: an officer of the tenant, at most `level.max_advisers` at a time;
    - regional lead: an officer, over a partnership whose level contains other levels;
    - school improvement partner: a member of the tenant or a name typed in.
    One chair and one regional lead at a time, and as many leads as the level allows
    (`level.max_leads`: Warwickshire's consortia take two); end a current one first.
    """
    ensure_same_tenant(tenant, partnership=partnership, person=person)
    start_date = start_date or timezone.localdate()
    level = partnership.level
    if person is not None and not person.is_active:
        raise ValidationError({"person": f"{person.user} is no longer active in this tenant."})
    if kind != RoleKind.IMPROVEMENT_PARTNER and person is None:
        raise ValidationError({"person": "Choose the person."})
    current = PartnershipRole.objects.current(start_date).filter(partnership=partnership,
                                                                 kind=kind)
    if person is not None and current.filter(person=person).exists():
        raise ValidationError({"person": f"{person.user} already has this role here."})
    school = None
    note = ""
    if kind in (RoleKind.CHAIR, RoleKind.LEAD):
        title = "chair" if kind == RoleKind.CHAIR else level.lead_title.lower()
        school = _check_head_of_member(partnership, person, start_date, title)
        if kind == RoleKind.LEAD:
            note = _check_lead_rule(partnership, person, school, evidence_note)
    elif kind in (RoleKind.ADVISER, RoleKind.REGIONAL_LEAD):
        if person.role not in OFFICER_ROLES:
            raise ValidationError({"person": f"{person.user} is not an officer of this tenant."})
        if kind == RoleKind.ADVISER and current.count() >= level.max_advisers:
            raise ValidationError({"person": (
                f"{partnership.name} already has {level.max_advisers} school improvement "
                f"adviser{'s' if level.max_advisers != 1 else ''}, the most a {level.name} may "
                "have. End one adviser's role first."
            )})
        if kind == RoleKind.REGIONAL_LEAD and not level.child_levels.exists():
            raise ValidationError({"kind": (
                f"A regional lead oversees a partnership that contains others; no level sits "
                f"inside {level.name}."
            )})
    if kind == RoleKind.LEAD and current.count() >= level.max_leads:
        raise ValidationError({"person": (
            f"{partnership.name} already has {level.max_leads} "
            f"{level.lead_title.lower()}{'s' if level.max_leads != 1 else ''}, the most a "
            f"{level.name} may have; end one first."
        )})
    if kind in ONE_HOLDER_KINDS and current.exists():
        holder = current.select_related("person__user").first()
        raise ValidationError({"person": (
            f"{partnership.name} already has a {holder.get_kind_display().split(' (')[0].lower()}"
            f" ({holder.person.user if holder.person_id else holder.external_name}); end that "
            "role first."
        )})
    role = PartnershipRole(
        tenant=tenant, partnership=partnership, kind=kind, person=person, school=school,
        external_name=external_name.strip(), eligibility_note=note[:300], start_date=start_date,
    )
    role.full_clean()
    role.save()
    send_roles_changed(tenant=tenant, partnership_ids=[partnership.pk])
    audit_record(tenant=tenant, actor=actor, action="partnership.assign_role", obj=role,
                 summary=str(role)[:300],
                 changes={"kind": kind, "person": person.pk if person else None,
                          "school": school.urn if school else None, "evidence": note})
    return role


@transaction.atomic
def partnership_end_role(
    *, tenant: Tenant, actor: User | None, role: PartnershipRole, end_date: date | None = None
) -> PartnershipRole:
    ensure_same_tenant(tenant, role=role)
    end_date = end_date or timezone.localdate()
    if role.end_date is not None:
        raise ValidationError({"end_date": "That role has already ended."})
    if end_date <= role.start_date:
        raise ValidationError({"end_date": "A role must end after the day it started."})
    role.end_date = end_date
    role.full_clean()
    role.save(update_fields=["end_date"])
    send_roles_changed(tenant=tenant, partnership_ids=[role.partnership_id])
    audit_record(tenant=tenant, actor=actor, action="partnership.end_role", obj=role,
                 summary=f"Ended: {role}"[:300], changes={"end_date": str(end_date)})
    return role
