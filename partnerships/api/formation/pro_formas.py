"""Pro-formas over the API: the returns (officers) and one school's pro-forma (an officer any
school's, a headteacher their own)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import TENANT_PARAMETER, api_refusal
from core.permissions import FORMATION_RESPOND, PARTNERSHIPS_MANAGE
from partnerships import selectors
from partnerships.api.formation.base import FormationAPIBase
from partnerships.models import PartnershipType
from partnerships.permissions import formation_school_for_member
from partnerships.services import pro_forma_update
from schools.models import School
from schools.openapi import URN_PARAMETER


class ProFormaSerializer(serializers.Serializer):
    urn = serializers.IntegerField(source="school.urn", read_only=True)
    school_name = serializers.CharField(source="school.establishment.name", read_only=True)
    returned = serializers.BooleanField(read_only=True)
    informal_partners = serializers.ListField(child=serializers.IntegerField(), required=False,
                                              help_text="URNs of existing informal partners.")
    preferred_partners = serializers.ListField(child=serializers.IntegerField(), required=False,
                                               help_text="URNs of preferred partners.")
    preferred_type = serializers.ChoiceField(choices=[("", "No preference"),
                                                      *PartnershipType.choices],
                                             required=False, default="")
    accepts_secondary_lead = serializers.BooleanField(required=False, default=False)
    can_give_support = serializers.BooleanField(read_only=True)
    comments = serializers.CharField(required=False, allow_blank=True, default="")


def _pro_forma_data(row: selectors.ProFormaRow) -> dict:
    pf = row.pro_forma
    return {
        "school": row.school, "returned": row.returned,
        "informal_partners": [s.urn for s in row.informal],
        "preferred_partners": [s.urn for s in row.preferred],
        "preferred_type": pf.preferred_type if pf else "",
        "accepts_secondary_lead": bool(pf and pf.accepts_secondary_lead),
        "can_give_support": bool(pf and pf.can_give_support),
        "comments": pf.comments if pf else "",
    }


@extend_schema(tags=["formation"], parameters=[TENANT_PARAMETER])
class ProFormaListAPI(FormationAPIBase):
    """Every open school's pro-forma (officers); `returned` false marks the chase list."""

    @extend_schema(responses={200: ProFormaSerializer(many=True)})
    def get(self, request: Request, *args, **kwargs) -> Response:
        rows = selectors.pro_forma_rows()
        return Response(ProFormaSerializer([_pro_forma_data(r) for r in rows], many=True).data)


@extend_schema(tags=["formation"], parameters=[TENANT_PARAMETER, URN_PARAMETER])
class ProFormaDetailAPI(FormationAPIBase):
    """One school's pro-forma: an officer any school's, a headteacher their own. PUT replaces
    it, refused once a proposal placing the school is published."""

    any_permission = (PARTNERSHIPS_MANAGE, FORMATION_RESPOND)

    def get_school(self) -> School:
        try:
            return formation_school_for_member(membership=self.membership,
                                               urn=self.kwargs["urn"])
        except Http404 as error:
            raise exceptions.NotFound(str(error)) from error

    def _row(self, school: School) -> dict:
        pf = selectors.pro_forma_of(school=school)
        if pf is not None:
            pf = (type(pf).objects.filter(pk=pf.pk).prefetch_related(
                "partners__school__establishment").first())
        return _pro_forma_data(selectors.ProFormaRow(school, pf))

    @extend_schema(responses={200: ProFormaSerializer})
    def get(self, request: Request, *args, **kwargs) -> Response:
        return Response(ProFormaSerializer(self._row(self.get_school())).data)

    @extend_schema(request=ProFormaSerializer, responses={200: ProFormaSerializer})
    def put(self, request: Request, *args, **kwargs) -> Response:
        school = self.get_school()
        incoming = ProFormaSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data

        def schools(urns: list[int], field: str) -> list[School]:
            found = list(School.objects.filter(establishment_id__in=urns))
            if len(found) != len(set(urns)):
                raise exceptions.ValidationError({field: [
                    "One of the schools named is not in this tenant's register; name only "
                    "schools of this area."]})
            return found

        try:
            pro_forma_update(
                tenant=self.tenant, actor=request.user, school=school,
                informal_partners=schools(data.get("informal_partners", []),
                                          "informal_partners"),
                preferred_partners=schools(data.get("preferred_partners", []),
                                           "preferred_partners"),
                preferred_type=data["preferred_type"],
                accepts_secondary_lead=data["accepts_secondary_lead"],
                comments=data["comments"],
            )
        except DjangoValidationError as error:
            raise api_refusal(error) from error
        return Response(ProFormaSerializer(self._row(school)).data)
