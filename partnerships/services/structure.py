"""Levels and partnerships: the shape of the structure, and the nesting of one partnership
inside another. Memberships and roles are `services.memberships` and `services.roles`.

Every service takes the tenant and the acting user, refuses objects of another tenant, checks
its rule with a reason a person can act on (a `ValidationError`), saves after `full_clean()`
and writes an audit row in the same transaction.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from accounts.models import User
from core.audit import audit_record
from core.models import Tenant
from core.tenancy import ensure_same_tenant
from partnerships.models import (
    LeadEligibility,
    Partnership,
    PartnershipLevel,
    PartnershipRole,
    PartnershipType,
    RoleKind,
)
from partnerships.signals import send_partnerships_created


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
    send_partnerships_created(tenant=tenant, partnership_ids=[partnership.pk])
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
