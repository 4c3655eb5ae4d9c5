"""The base of the formation and survey API: the role each view asks for, and the lookups
of a proposal, a survey and a school by URN."""

from rest_framework import exceptions
from rest_framework.views import APIView

from core.permissions import PARTNERSHIPS_MANAGE
from core.tenancy import TenantAPIMixin
from partnerships.models import FormationProposal, Survey
from schools.models import School


def school_by_urn(urn: int) -> School:
    """The school of this tenant's register with this URN, or a 400 naming the `school` field
    (the scope keeps another tenant's school out)."""
    school = School.objects.select_related("establishment").filter(establishment_id=urn).first()
    if school is None:
        raise exceptions.ValidationError({"school": [f"No school with URN {urn} in this "
                                                     "register."]})
    return school


class FormationAPIBase(TenantAPIMixin, APIView):
    """`any_permission`: the caller's role must grant one of these (checked before the method,
    so a role with none gets 403 whatever it asks)."""

    any_permission: tuple[str, ...] = (PARTNERSHIPS_MANAGE,)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not set(self.any_permission) & set(self.tenant_permissions):
            raise exceptions.PermissionDenied("Your role does not allow this.")

    @property
    def is_officer(self) -> bool:
        return PARTNERSHIPS_MANAGE in self.tenant_permissions

    def require_officer(self) -> None:
        if not self.is_officer:
            raise exceptions.PermissionDenied("Your role does not allow this.")

    def get_proposal(self) -> FormationProposal:
        proposal = (FormationProposal.objects.select_related("level")
                    .filter(pk=self.kwargs["proposal_id"]).first())
        if proposal is None:
            raise exceptions.NotFound("No such proposal.")
        return proposal

    def get_survey(self) -> Survey:
        survey = Survey.objects.filter(pk=self.kwargs["survey_id"]).first()
        if survey is None:
            raise exceptions.NotFound("No such survey.")
        return survey
