"""The API of a school's visit notes given to a named person (a chair of governors), as its
page: officers and admins list a school's grants, give one (where the tenant allows it) and end
one early. The rules are `support.services.access`'s (the same as the page's)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import TENANT_PARAMETER, api_refusal, path_parameter
from core.models import Membership, Tenant
from core.permissions import VISITS_RECORD
from support.api.base import SupportAPI
from support.models import NotesGrant
from support.permissions import school_for_visits
from support.services import access as services

SCHOOL_PARAMETERS = [TENANT_PARAMETER, path_parameter("urn", "The school's URN.")]
GRANT_PARAMETERS = [TENANT_PARAMETER, path_parameter("notes_grant_id", "The grant's id.")]


class SupportNotesGrantSerializer(serializers.ModelSerializer):
    urn = serializers.IntegerField(source="school.urn", read_only=True)
    holder_email = serializers.CharField(source="holder.user.email", read_only=True)
    granted_by = serializers.CharField(source="granted_by.email", allow_null=True,
                                       default=None, read_only=True)
    ended_by = serializers.CharField(source="ended_by.email", allow_null=True, default=None,
                                     read_only=True)
    holds_today = serializers.SerializerMethodField()

    class Meta:
        model = NotesGrant
        fields = ["id", "urn", "holder", "holder_email", "capacity", "starts_on", "ends_on",
                  "holds_today", "granted_by", "granted_at", "ended_by"]

    def get_holds_today(self, grant: NotesGrant) -> bool:
        return grant.starts_on <= timezone.localdate() < grant.ends_on


class SupportNotesGrantInSerializer(serializers.Serializer):
    holder = serializers.IntegerField(help_text="The membership id of a viewer or board "
                                                "member.")
    capacity = serializers.CharField(max_length=100, required=False,
                                     default="Chair of governors")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(help_text="The first day it no longer holds.")


class SupportNotesGrantEndSerializer(serializers.Serializer):
    ends_on = serializers.DateField(help_text="The first day it no longer holds.")


def _grants(school) -> list[NotesGrant]:
    return list(NotesGrant.objects.filter(school=school)
                .select_related("school", "holder__user", "granted_by", "ended_by"))


class _AccessAPI(SupportAPI):
    # Resolved by TenantAPIMixin before any handler runs.
    tenant: Tenant
    membership: Membership
    serializer_class: type[serializers.Serializer] = SupportNotesGrantSerializer
    required_permission: str | None = VISITS_RECORD
    write_permission = VISITS_RECORD



@extend_schema(tags=["support"], parameters=SCHOOL_PARAMETERS)
class SchoolNotesGrantsAPI(_AccessAPI):
    """Who is given the school's released visit notes, newest end first (GET); give a viewer
    or board member (a chair of governors) them from a date until an end date (POST)."""

    @extend_schema(operation_id="support_school_notes_grants",
                   responses=SupportNotesGrantSerializer(many=True))
    def get(self, request: Request, *args, **kwargs) -> Response:
        school = school_for_visits(membership=self.membership, urn=self.kwargs["urn"])
        return Response(SupportNotesGrantSerializer(_grants(school), many=True).data)

    @extend_schema(request=SupportNotesGrantInSerializer,
                   responses={201: SupportNotesGrantSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        school = school_for_visits(membership=self.membership, urn=self.kwargs["urn"])
        values = self.values(SupportNotesGrantInSerializer)
        holder_id = values.pop("holder")
        holder = next((person for person in services.possible_holders(self.tenant)
                       if person.pk == holder_id), None)
        if holder is None:
            raise api_refusal(ValidationError({"holder": "Choose a viewer or board member of "
                                                         "this partnership."}))
        grant = self.call(services.notes_grant_give, school=school, holder=holder, **values)
        return Response(SupportNotesGrantSerializer(grant).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["support"], parameters=GRANT_PARAMETERS,
               request=SupportNotesGrantEndSerializer,
               responses={200: SupportNotesGrantSerializer})
class NotesGrantEndAPI(_AccessAPI):
    """End a grant early: from the date given the holder no longer reads the notes."""

    serializer_class = SupportNotesGrantEndSerializer

    def post(self, request: Request, *args, **kwargs) -> Response:
        # The scope is active: another tenant's grant is not found (404).
        grant = NotesGrant.objects.filter(pk=self.kwargs["notes_grant_id"]).first()
        if grant is None:
            raise Http404("No such grant.")
        grant = self.call(services.notes_grant_end, grant=grant,
                          **self.values(SupportNotesGrantEndSerializer))
        return Response(SupportNotesGrantSerializer(
            NotesGrant.objects.select_related("school", "holder__user", "granted_by",
                                              "ended_by").get(pk=grant.pk)).data)
