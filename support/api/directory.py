"""The directory API (as its pages): officers and admins list the system leaders and the
schools able to give support, and add, edit and end a leader's entry; a leader reads their own
entry and no one else's; anyone else (a headteacher) is refused, since capacity is
confidential. The rules are `support.services.directory`'s and the reads
`support.selectors.directory`'s."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import TENANT_PARAMETER, api_refusal, path_parameter
from core.models import Membership, Tenant
from core.permissions import VISITS_RECORD, has
from partnerships.models import Designation
from support.api.base import SupportAPI
from support.models import Specialism
from support.selectors.directory import (
    DirectoryEntry,
    directory_leaders,
    directory_schools,
    own_entry,
)
from support.services import directory as services

PERSON_PARAMETERS = [TENANT_PARAMETER,
                     path_parameter("person_id", "The leader's membership id.")]


class SupportDirectoryEntrySerializer(serializers.Serializer):
    person_id = serializers.IntegerField(allow_null=True,
                                         help_text="The leader's membership (none: a school).")
    urn = serializers.IntegerField(allow_null=True, help_text="A school able to give support.")
    name = serializers.CharField()
    designation = serializers.CharField()
    is_school = serializers.BooleanField()
    specialisms = serializers.ListField(child=serializers.CharField())
    days_per_year = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True,
                                             help_text="None: no capacity recorded.")
    days_left = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True)
    expires_on = serializers.DateField(allow_null=True)
    employer = serializers.CharField()
    interests = serializers.ListField(child=serializers.CharField(),
                                      help_text="Schools of declared interests.")


class SupportDirectoryCapacitySerializer(serializers.Serializer):
    days_per_year = serializers.CharField(max_length=10, help_text="Days a year, e.g. 10.5.")
    specialisms = serializers.ListField(
        child=serializers.ChoiceField(choices=Specialism.choices), max_length=20, default=list)
    expires_on = serializers.DateField(required=False, allow_null=True, default=None)
    employer_urn = serializers.IntegerField(required=False, allow_null=True, default=None,
                                            help_text="The URN of the school employing them.")
    employer_organisation = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default="",
        help_text="A trust or the council, when no school employs them.")


class SupportDirectoryCreateSerializer(SupportDirectoryCapacitySerializer):
    person = serializers.IntegerField(help_text="The membership id of the person.")
    designation = serializers.ChoiceField(choices=Designation.choices)
    designated_on = serializers.DateField()
    evidence = serializers.CharField(max_length=300)


class SupportDirectoryEndSerializer(serializers.Serializer):
    ended_on = serializers.DateField()
    reason = serializers.CharField(max_length=300)
    designation = serializers.ChoiceField(choices=Designation.choices, required=False,
                                          allow_blank=True, default="",
                                          help_text="Only this one (blank: every one held).")


class SupportDesignationEndedSerializer(serializers.Serializer):
    designation = serializers.CharField()
    ended_on = serializers.DateField()


class SupportDirectoryEndedSerializer(serializers.Serializer):
    ended = SupportDesignationEndedSerializer(many=True)


def _values(entry: DirectoryEntry) -> dict:
    return {"person_id": entry.person_id, "urn": entry.urn, "name": entry.name,
            "designation": entry.designation, "is_school": entry.is_school,
            "specialisms": list(entry.specialisms), "days_per_year": entry.days_per_year,
            "days_left": entry.days_left, "expires_on": entry.expires_on,
            "employer": entry.employer, "interests": list(entry.interests)}


def _entry(entry: DirectoryEntry) -> dict:
    return dict(SupportDirectoryEntrySerializer(_values(entry)).data)


def _entries(entries: list[DirectoryEntry]) -> list[dict]:
    """Every entry through one serializer (its fields are built once, not once an entry)."""
    return [dict(row) for row in SupportDirectoryEntrySerializer(
        [_values(entry) for entry in entries], many=True).data]


class _DirectoryAPI(SupportAPI):
    # Resolved by TenantAPIMixin before any handler runs.
    tenant: Tenant
    membership: Membership
    serializer_class: type[serializers.Serializer] = SupportDirectoryEntrySerializer
    required_permission: str | None = VISITS_RECORD
    write_permission = VISITS_RECORD


    def employer(self, values: dict) -> dict:
        school = self.school_named(values.pop("employer_urn"), field="employer_urn")
        return {**values, "employer_school": school}

    def person(self, person_id: int, *, field: str | None = None) -> Membership:
        person = (Membership.objects.filter(tenant=self.tenant, pk=person_id)
                  .select_related("user").first())
        if person is None:
            if field:
                raise api_refusal(ValidationError({field: "Not a person of this "
                                                          "partnership."}))
            raise Http404("No such person.")
        return person

    def entry(self, person: Membership, code: int = status.HTTP_200_OK) -> Response:
        found = own_entry(tenant=self.tenant, on=timezone.localdate(), person_id=person.pk)
        if found is None:
            raise Http404(f"{person.user} is not in the directory.")
        return Response(_entry(found), status=code)


@extend_schema(tags=["support"], parameters=[TENANT_PARAMETER])
class DirectoryLeadersAPI(_DirectoryAPI):
    """The system leaders in force today, by name, with capacity left this year (GET);
    add a person to the directory: designation, capacity, specialisms, expiry, employer
    (POST)."""

    @extend_schema(operation_id="support_directory_leaders",
                   responses=SupportDirectoryEntrySerializer(many=True))
    def get(self, request: Request, *args, **kwargs) -> Response:
        leaders = directory_leaders(tenant=self.tenant, on=timezone.localdate())
        return Response(_entries(leaders))

    @extend_schema(request=SupportDirectoryCreateSerializer,
                   responses={201: SupportDirectoryEntrySerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        values = self.employer(self.values(SupportDirectoryCreateSerializer))
        person = self.person(values.pop("person"), field="person")
        self.call(services.directory_entry_create, person=person, **values)
        return self.entry(person, status.HTTP_201_CREATED)


@extend_schema(tags=["support"], parameters=[TENANT_PARAMETER])
class DirectorySchoolsAPI(_DirectoryAPI):
    """The schools whose agreed capacity level gives support today, with days left."""

    @extend_schema(operation_id="support_directory_schools",
                   responses=SupportDirectoryEntrySerializer(many=True))
    def get(self, request: Request, *args, **kwargs) -> Response:
        schools = directory_schools(tenant=self.tenant, on=timezone.localdate())
        return Response(_entries(schools))


@extend_schema(tags=["support"], parameters=[TENANT_PARAMETER])
class DirectoryMineAPI(_DirectoryAPI):
    """The caller's own entry (403 when they hold no designation)."""

    required_permission = None

    @extend_schema(operation_id="support_directory_mine",
                   responses=SupportDirectoryEntrySerializer)
    def get(self, request: Request, *args, **kwargs) -> Response:
        found = own_entry(tenant=self.tenant, on=timezone.localdate(),
                          person_id=self.membership.pk)
        if found is None:
            raise PermissionDenied("You hold no system-leader designation in this "
                                   "partnership.")
        return Response(_entry(found))


@extend_schema(tags=["support"], parameters=PERSON_PARAMETERS)
class DirectoryLeaderAPI(_DirectoryAPI):
    """One leader's entry (GET: officers, or the leader themselves); change their capacity,
    specialisms, expiry and employer (PUT: officers)."""

    required_permission = None

    @extend_schema(operation_id="support_directory_leader",
                   responses=SupportDirectoryEntrySerializer)
    def get(self, request: Request, *args, **kwargs) -> Response:
        person_id = self.kwargs["person_id"]
        if not has(self.membership, VISITS_RECORD) and person_id != self.membership.pk:
            raise PermissionDenied("Capacity is confidential: you see your own entry only.")
        return self.entry(self.person(person_id))

    @extend_schema(request=SupportDirectoryCapacitySerializer,
                   responses={200: SupportDirectoryEntrySerializer})
    def put(self, request: Request, *args, **kwargs) -> Response:
        person = self.person(self.kwargs["person_id"])
        values = self.employer(self.values(SupportDirectoryCapacitySerializer))
        self.call(services.directory_entry_edit, person=person, **values)
        return self.entry(person)


@extend_schema(tags=["support"], parameters=PERSON_PARAMETERS,
               request=SupportDirectoryEndSerializer,
               responses={200: SupportDirectoryEndedSerializer})
class DirectoryLeaderEndAPI(_DirectoryAPI):
    """End the leader's designations in force (or the one named) with a date and a reason:
    they leave the directory then; the history is kept."""

    serializer_class = SupportDirectoryEndSerializer

    def post(self, request: Request, *args, **kwargs) -> Response:
        person = self.person(self.kwargs["person_id"])
        ended = self.call(services.directory_entry_end, person=person,
                          **self.values(SupportDirectoryEndSerializer))
        return Response(SupportDirectoryEndedSerializer({"ended": [
            {"designation": record.designation, "ended_on": record.ended_on}
            for record in ended]}).data)
