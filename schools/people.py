"""The register's part of inviting people: a headteacher is invited to lead one school of the
tenant's register, and leads it once they accept (core.people explains the extension point)."""

from django import forms
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled

from core.forms import ValuesChoiceField
from core.models import Invitation, Membership, Role, Tenant
from core.people import MemberDetail
from core.tenancy import ensure_same_tenant
from schools.models import Headship, InvitedHeadship, School


def _fields(tenant: Tenant) -> dict[str, forms.Field]:
    with scopes_disabled():
        # Only what an option shows (the school's name): the people page of a 1,000-school
        # council built every school's establishment and link adviser for this list.
        schools = (School.objects.filter(tenant=tenant, establishment__is_open=True)
                   .select_related("establishment")
                   .only("pk", "tenant_id", "establishment__urn", "establishment__name")
                   .order_by("establishment__name"))
    return {"school": ValuesChoiceField(schools, label_from="establishment__name",
                                        label="School (for a headteacher)", required=False)}


def _check(*, tenant: Tenant, role: str, values: dict) -> None:
    school = values.get("school")
    ensure_same_tenant(tenant, school=school)
    if role == Role.HEADTEACHER and school is None:
        raise ValidationError({"school": "Choose the school the headteacher leads."})
    if role != Role.HEADTEACHER and school is not None:
        raise ValidationError({"school": "Only a headteacher leads a school: leave the school "
                                         "empty for this role."})


def _save(*, invitation: Invitation, values: dict) -> None:
    if values.get("school") is not None:
        InvitedHeadship.objects.create(tenant=invitation.tenant, invitation=invitation,
                                       school=values["school"])


def _accept(*, invitation: Invitation, membership: Membership) -> None:
    """The invited school becomes the member's; accepting another role ends a headship."""
    invited = InvitedHeadship.objects.filter(invitation=invitation).first()
    if invited is None:
        Headship.objects.filter(membership=membership).delete()
        return
    Headship.objects.update_or_create(
        membership=membership, defaults={"tenant": invitation.tenant, "school": invited.school})


def _describe_members(memberships) -> dict[int, str]:
    ids = [membership.pk for membership in memberships]
    return dict(Headship.objects.filter(membership_id__in=ids)
                .values_list("membership_id", "school__establishment__name"))


def _describe_invitations(invitations) -> dict[int, str]:
    ids = [invitation.pk for invitation in invitations]
    return dict(InvitedHeadship.objects.filter(invitation_id__in=ids)
                .values_list("invitation_id", "school__establishment__name"))


HEADTEACHER_SCHOOL = MemberDetail(
    key="schools.headship", label="School", fields=_fields, check=_check, save=_save,
    accept=_accept, describe_members=_describe_members,
    describe_invitations=_describe_invitations,
)
