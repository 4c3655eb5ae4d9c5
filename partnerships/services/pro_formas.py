"""Pro-formas (seed 003, Barnet): what each school asks for, which proposals are built from.

A school's pro-forma is what the proposal is built from, so it closes once a proposal that
places the school has been published: what the school responds to in the consultation must be
what it asked for. Until then the school (or an officer for it) may change it as often as it
likes (`pro_forma_update`, which the pages and the API call).
"""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from core.audit import audit_record
from core.models import Tenant
from core.tenancy import ensure_same_tenant
from partnerships.models import (
    FormationProposal,
    PartnershipType,
    ProForma,
    ProFormaPartner,
    ProposedMember,
)
from schools.models import School

CLOSED_STATUSES = (FormationProposal.Status.PUBLISHED, FormationProposal.Status.CONFIRMED)


def pro_forma_closed_by(*, school: School) -> FormationProposal | None:
    """The published or confirmed proposal that places `school`, if any (which closes its
    pro-forma). One query."""
    member = (
        ProposedMember.objects.filter(school=school, proposal__status__in=CLOSED_STATUSES)
        .select_related("proposal").order_by("-proposal__created_at").first()
    )
    return member.proposal if member else None


@transaction.atomic
def pro_forma_update(
    *, tenant: Tenant, actor: User | None, school: School,
    informal_partners: Sequence[School] = (), preferred_partners: Sequence[School] = (),
    preferred_type: str = "", accepts_secondary_lead: bool = False, comments: str = "",
) -> ProForma:
    """Submit or change a school's pro-forma, refused once a proposal placing the school has
    been published (see the module docstring)."""
    closed_by = pro_forma_closed_by(school=school)
    if closed_by is not None:
        raise ValidationError(
            f"The pro-forma for {school} is closed: {closed_by.name} was "
            f"{closed_by.get_status_display().lower()} with the school in it. Respond to the "
            "proposal instead."
        )
    return pro_forma_submit(
        tenant=tenant, actor=actor, school=school, informal_partners=informal_partners,
        preferred_partners=preferred_partners, preferred_type=preferred_type,
        accepts_secondary_lead=accepts_secondary_lead, comments=comments,
    )


@transaction.atomic
def pro_forma_submit(
    *, tenant: Tenant, actor: User | None, school: School,
    informal_partners: Sequence[School] = (), preferred_partners: Sequence[School] = (),
    preferred_type: str = "", accepts_secondary_lead: bool = False, comments: str = "",
) -> ProForma:
    """Record (or replace) a school's pro-forma. Every named school must be in this tenant's
    register; a school of another tenant is refused without revealing which one it was."""
    ensure_same_tenant(tenant, school=school)
    for field_name, named in (("informal_partners", informal_partners),
                              ("preferred_partners", preferred_partners)):
        for other in named:
            if other.tenant_id != tenant.id:
                raise ValidationError({field_name: (
                    "One of the schools named is not in this tenant's register; name only "
                    "schools of this area."
                )})
            if other.pk == school.pk:
                raise ValidationError({field_name: "A school cannot name itself as a partner."})
    if preferred_type and preferred_type not in PartnershipType.values:
        raise ValidationError({"preferred_type": "Choose hard, structured or loose."})
    pro_forma = ProForma.objects.filter(school=school).first() or ProForma(
        tenant=tenant, school=school
    )
    pro_forma.preferred_type = preferred_type
    pro_forma.accepts_secondary_lead = accepts_secondary_lead
    pro_forma.comments = comments
    pro_forma.submitted_by = actor if actor is not None and actor.is_authenticated else None
    pro_forma.full_clean()
    pro_forma.save()
    pro_forma.partners.all().delete()
    partners = [
        ProFormaPartner(tenant=tenant, pro_forma=pro_forma, school=other, kind=kind)
        for kind, named in ((ProFormaPartner.Kind.INFORMAL, informal_partners),
                            (ProFormaPartner.Kind.PREFERRED, preferred_partners))
        for other in {s.pk: s for s in named}.values()
    ]
    ProFormaPartner.objects.bulk_create(partners)
    audit_record(tenant=tenant, actor=actor, action="pro_forma.submit", obj=pro_forma,
                 summary=f"Pro-forma of {school}",
                 changes={"informal": sorted(s.urn for s in informal_partners),
                          "preferred": sorted(s.urn for s in preferred_partners),
                          "preferred_type": preferred_type,
                          "accepts_secondary_lead": accepts_secondary_lead})
    return pro_forma


@transaction.atomic
def pro_forma_set_support(
    *, tenant: Tenant, actor: User | None, school: School, can_give_support: bool
) -> ProForma:
    """An officer records whether a school can give support, as agreed with the school."""
    ensure_same_tenant(tenant, school=school)
    pro_forma, _ = ProForma.objects.get_or_create(tenant=tenant, school=school)
    before = pro_forma.can_give_support
    pro_forma.can_give_support = can_give_support
    pro_forma.full_clean()
    pro_forma.save(update_fields=["can_give_support", "updated_at"])
    audit_record(tenant=tenant, actor=actor, action="pro_forma.set_support", obj=pro_forma,
                 summary=f"{school} {'can' if can_give_support else 'cannot'} give support",
                 changes={"can_give_support": [before, can_give_support]})
    return pro_forma
