"""Levels, partnerships, memberships and roles: the rules of the structure.

Every service takes the tenant and the acting user, refuses objects of another tenant, checks
its rule with a reason a person can act on (a `ValidationError`), saves after `full_clean()`
and writes an audit row in the same transaction.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from accounts.models import User
from core.audit import audit_record
from core.models import Membership, Role, Tenant
from core.tenancy import ensure_same_tenant
from partnerships import eligibility
from partnerships.models import (
    LeadEligibility,
    Partnership,
    PartnershipLevel,
    PartnershipMembership,
    PartnershipRole,
    PartnershipType,
    RoleKind,
)
from partnerships.signals import send_after_commit
from schools.models import School
from schools.selectors import school_of


def _overlaps(start: date, end: date | None, other_start: date, other_end: date | None) -> bool:
    """Whether [start, end) and [other_start, other_end) share a day; None is open-ended."""
    return (other_end is None or other_end > start) and (end is None or end > other_start)


# --- Levels and partnerships --------------------------------------------------------------


@transaction.atomic
def partnership_level_create(
    *, tenant: Tenant, actor: User | None, name: str, rank: int = 1,
    parent_level: PartnershipLevel | None = None, lead_title: str = "Lead",
    lead_eligibility: str = LeadEligibility.HEAD_OF_MEMBER, max_advisers: int = 2,
    max_leads: int | None = 1, description: str = "",
) -> PartnershipLevel:
    ensure_same_tenant(tenant, parent_level=parent_level)
    max_leads = max_leads or 1
    level = PartnershipLevel(
        tenant=tenant, name=name.strip(), rank=rank, parent_level=parent_level,
        lead_title=lead_title, lead_eligibility=lead_eligibility, max_advisers=max_advisers,
        max_leads=max_leads, description=description,
    )
    level.full_clean()
    level.save()
    audit_record(tenant=tenant, actor=actor, action="partnership_level.create", obj=level,
                 summary=f"Created the level {level.name}",
                 changes={"rank": rank, "parent_level": str(parent_level or "")})
    return level


def _check_fewer_allowed(level: PartnershipLevel, kind: str, field: str, holders: str,
                         allowed: int) -> None:
    """Refuse allowing fewer holders of a role than a partnership of the level has in post."""
    if allowed >= getattr(level, field):
        return
    busiest = (PartnershipRole.objects.current(timezone.localdate())
               .filter(partnership__level=level, kind=kind)
               .values("partnership__name").annotate(n=Count("id")).order_by("-n").first())
    if busiest and busiest["n"] > allowed:
        raise ValidationError({field: (
            f"{busiest['partnership__name']} has {busiest['n']} {holders} in post; end a role "
            f"before allowing only {allowed}."
        )})


@transaction.atomic
def partnership_level_update(
    *, tenant: Tenant, actor: User | None, level: PartnershipLevel, name: str, rank: int,
    parent_level: PartnershipLevel | None, lead_title: str, lead_eligibility: str,
    max_advisers: int, max_leads: int | None = None, description: str = "",
) -> PartnershipLevel:
    """Change a level. Its rank must stay below its parent level's and above every level inside
    it; its parent level may change only while none of its partnerships sits inside another;
    fewer advisers are refused while a partnership of the level has more in post."""
    ensure_same_tenant(tenant, level=level, parent_level=parent_level)
    before = {"name": level.name, "rank": level.rank, "parent_level": str(level.parent_level or ""),
              "lead_eligibility": level.lead_eligibility, "max_advisers": level.max_advisers,
              "max_leads": level.max_leads}
    max_leads = level.max_leads if max_leads is None else max_leads
    for child in level.child_levels.all():
        if child.rank >= rank:
            raise ValidationError({"rank": (
                f"{child.name} (rank {child.rank}) sits inside {level.name}, so {level.name} "
                f"needs a rank above {child.rank}."
            )})
    if parent_level is not None and parent_level.pk == level.pk:
        raise ValidationError({"parent_level": "A level cannot sit inside itself."})
    if parent_level != level.parent_level:
        nested = level.partnerships.filter(parent__isnull=False).first()
        if nested is not None:
            raise ValidationError({"parent_level": (
                f"{nested.name} sits inside {nested.parent}; move the {level.name} partnerships "
                "out first, then change the level they sit inside."
            )})
    _check_fewer_allowed(level, RoleKind.ADVISER, "max_advisers", "advisers", max_advisers)
    _check_fewer_allowed(level, RoleKind.LEAD, "max_leads", "leads", max_leads)
    level.max_leads = max_leads
    level.name, level.rank, level.parent_level = name.strip(), rank, parent_level
    level.lead_title, level.lead_eligibility = lead_title, lead_eligibility
    level.max_advisers, level.description = max_advisers, description
    level.full_clean()
    level.save()
    after = {"name": level.name, "rank": rank, "parent_level": str(parent_level or ""),
             "lead_eligibility": lead_eligibility, "max_advisers": max_advisers,
             "max_leads": max_leads}
    audit_record(tenant=tenant, actor=actor, action="partnership_level.update", obj=level,
                 summary=f"Changed the level {level.name}",
                 changes={key: [before[key], after[key]] for key in before
                          if before[key] != after[key]})
    return level


def _check_parent(partnership: Partnership, parent: Partnership | None) -> None:
    """The nesting rule: a partnership sits inside one of its level's parent level, and never
    (directly or through others) inside itself."""
    level = partnership.level
    if parent is None:
        return
    if parent.tenant_id != partnership.tenant_id:
        raise ValidationError({"parent": "That partnership is not in this tenant."})
    # The cycle first: it is the clearer reason when both rules fail.
    walker: Partnership | None = parent
    steps = 0
    while walker is not None and steps < 50:
        if partnership.pk is not None and walker.pk == partnership.pk:
            raise ValidationError({"parent": (
                f"{partnership.name} cannot sit inside {parent.name}: {parent.name} is already "
                f"inside {partnership.name}, which would make a loop."
            )})
        walker = walker.parent
        steps += 1
    if level.parent_level_id is None:
        raise ValidationError({"parent": (
            f"A {level.name} does not sit inside another partnership: the level has no parent "
            "level."
        )})
    if parent.level_id != level.parent_level_id:
        raise ValidationError({"parent": (
            f"A {level.name} sits inside a {level.parent_level.name}, and {parent.name} is a "
            f"{parent.level.name}."
        )})


@transaction.atomic
def partnership_create(
    *, tenant: Tenant, actor: User | None, level: PartnershipLevel, name: str,
    partnership_type: str = PartnershipType.STRUCTURED, parent: Partnership | None = None,
    is_geographical: bool = True, start_date: date | None = None, description: str = "",
    teaching_school_hub: str = "",
) -> Partnership:
    ensure_same_tenant(tenant, level=level, parent=parent)
    partnership = Partnership(
        tenant=tenant, level=level, name=name.strip(), partnership_type=partnership_type,
        parent=parent, is_geographical=is_geographical,
        start_date=start_date or timezone.localdate(), description=description,
        teaching_school_hub=teaching_school_hub,
    )
    _check_parent(partnership, parent)
    partnership.full_clean()
    partnership.save()
    audit_record(tenant=tenant, actor=actor, action="partnership.create", obj=partnership,
                 summary=f"Created the {level.name} {partnership.name}",
                 changes={"type": partnership_type, "parent": str(parent or "")})
    return partnership


@transaction.atomic
def partnership_set_parent(
    *, tenant: Tenant, actor: User | None, partnership: Partnership, parent: Partnership | None
) -> Partnership:
    """Move a partnership inside another (or out of any), refusing loops and level mismatches."""
    ensure_same_tenant(tenant, partnership=partnership, parent=parent)
    before = str(partnership.parent or "")
    _check_parent(partnership, parent)
    partnership.parent = parent
    partnership.full_clean()
    partnership.save(update_fields=["parent"])
    audit_record(tenant=tenant, actor=actor, action="partnership.set_parent", obj=partnership,
                 summary=f"{partnership.name} now sits inside {parent or 'no partnership'}",
                 changes={"parent": [before, str(parent or "")]})
    return partnership


@transaction.atomic
def partnership_update(
    *, tenant: Tenant, actor: User | None, partnership: Partnership, name: str,
    partnership_type: str, parent: Partnership | None, is_geographical: bool,
    teaching_school_hub: str = "", description: str = "",
) -> Partnership:
    """Rename a partnership, change its type, its linked teaching school hub or where it sits
    (by the nesting rule of `partnership_set_parent`)."""
    ensure_same_tenant(tenant, partnership=partnership, parent=parent)
    fields = ("name", "partnership_type", "parent", "is_geographical", "teaching_school_hub",
              "description")
    before = {field: str(getattr(partnership, field) or "") for field in fields}
    if parent != partnership.parent:
        _check_parent(partnership, parent)
    partnership.name, partnership.partnership_type = name.strip(), partnership_type
    partnership.parent, partnership.is_geographical = parent, is_geographical
    partnership.teaching_school_hub = teaching_school_hub.strip()
    partnership.description = description
    partnership.full_clean()
    partnership.save(update_fields=list(fields))
    after = {field: str(getattr(partnership, field) or "") for field in fields}
    audit_record(tenant=tenant, actor=actor, action="partnership.update", obj=partnership,
                 summary=f"Changed {partnership.name}",
                 changes={key: [before[key], after[key]] for key in fields
                          if before[key] != after[key]})
    return partnership


# --- Memberships --------------------------------------------------------------------------


def check_membership_allowed(
    *, partnership: Partnership, school: School, start_date: date, end_date: date | None = None
) -> None:
    """A school may be in only one partnership of a level at a time, and only in an open
    partnership while it is open itself. Raises ValidationError with the reason."""
    if not school.establishment.is_open:
        raise ValidationError({"school": f"{school} is closed; only open schools can join."})
    if partnership.end_date and start_date >= partnership.end_date:
        raise ValidationError({"start_date": f"{partnership.name} ended on "
                                             f"{partnership.end_date:%d %B %Y}."})
    existing = PartnershipMembership.objects.filter(
        school=school, level_id=partnership.level_id
    ).select_related("partnership")
    for other in existing:
        if _overlaps(start_date, end_date, other.start_date, other.end_date):
            level = partnership.level.name
            if other.partnership_id == partnership.id:
                raise ValidationError({"school": f"{school} is already a member of "
                                                 f"{partnership.name}."})
            until = f" until {other.end_date:%d %B %Y}" if other.end_date else ""
            raise ValidationError({"school": (
                f"{school} is already in {other.partnership.name} (a {level}) from "
                f"{other.start_date:%d %B %Y}{until}; a school can be in only one {level} at a "
                "time. End that membership first."
            )})


@transaction.atomic
def partnership_add_school(
    *, tenant: Tenant, actor: User | None, partnership: Partnership, school: School,
    start_date: date | None = None, days_purchased: Decimal | None = None,
) -> PartnershipMembership:
    """Add a school from `start_date` (today by default). See `check_membership_allowed`."""
    ensure_same_tenant(tenant, partnership=partnership, school=school)
    start_date = start_date or timezone.localdate()
    # Serialise concurrent additions of the same school, so two requests cannot both pass the
    # overlap check (the partial unique constraint backs this up for open-ended memberships).
    School.objects.select_for_update().filter(pk=school.pk).first()
    check_membership_allowed(partnership=partnership, school=school, start_date=start_date)
    membership = PartnershipMembership(
        tenant=tenant, partnership=partnership, school=school, level_id=partnership.level_id,
        start_date=start_date, days_purchased=days_purchased,
    )
    membership.full_clean()
    membership.save()
    send_after_commit(tenant=tenant, partnership_ids=[partnership.pk], school_ids=[school.pk])
    audit_record(tenant=tenant, actor=actor, action="partnership.add_school", obj=membership,
                 summary=f"{school} joined {partnership.name}",
                 changes={"partnership": partnership.pk, "school": school.urn,
                          "start_date": str(start_date),
                          "days_purchased": str(days_purchased or "")})
    return membership


@transaction.atomic
def partnership_end_membership(
    *, tenant: Tenant, actor: User | None, membership: PartnershipMembership,
    end_date: date | None = None, reason: str = "",
) -> PartnershipMembership:
    """End a school's membership (it is kept, with its dates). A chair or lead appointed as the
    head of that school stops holding the role on the same day."""
    ensure_same_tenant(tenant, membership=membership)
    end_date = end_date or timezone.localdate()
    if membership.end_date is not None:
        raise ValidationError({"end_date": "That membership has already ended."})
    if end_date <= membership.start_date:
        raise ValidationError({"end_date": "A membership must end after the day it started."})
    membership.end_date = end_date
    membership.end_reason = reason
    membership.full_clean()
    membership.save(update_fields=["end_date", "end_reason"])
    partnership = membership.partnership
    send_after_commit(tenant=tenant, partnership_ids=[partnership.pk],
                      school_ids=[membership.school_id])
    roles = PartnershipRole.objects.filter(
        partnership=partnership, school=membership.school, end_date__isnull=True,
        kind__in=[RoleKind.CHAIR, RoleKind.LEAD],
    )
    ended_roles = [str(role) for role in roles]
    roles.update(end_date=end_date)
    if partnership.lead_school_id == membership.school_id:
        partnership.lead_school = None
        partnership.save(update_fields=["lead_school"])
    audit_record(tenant=tenant, actor=actor, action="partnership.end_membership", obj=membership,
                 summary=f"{membership.school} left {partnership.name}",
                 changes={"end_date": str(end_date), "reason": reason,
                          "roles_ended": ended_roles})
    return membership


# --- Roles --------------------------------------------------------------------------------

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
    audit_record(tenant=tenant, actor=actor, action="partnership.end_role", obj=role,
                 summary=f"Ended: {role}"[:300], changes={"end_date": str(end_date)})
    return role
