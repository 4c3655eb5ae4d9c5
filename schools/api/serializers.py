"""The register's API shapes: GIAS's public fields nested, the tenant's own fields beside them."""

from rest_framework import serializers

from core.models import Membership, Role
from schools.models import Establishment, School


class EstablishmentSerializer(serializers.ModelSerializer):
    """The public reference data from GIAS, identical for every tenant."""

    laestab = serializers.CharField(read_only=True)
    headteacher = serializers.CharField(read_only=True)
    age_range = serializers.CharField(read_only=True)

    class Meta:
        model = Establishment
        fields = [
            "urn", "laestab", "la_code", "la_name", "establishment_number", "name",
            "type_name", "type_group", "governance", "phase", "status_name", "is_open",
            "open_date", "close_date", "reason_opened", "reason_closed", "statutory_low_age",
            "statutory_high_age", "age_range", "number_of_pupils", "school_capacity", "gender",
            "religious_character", "diocese", "trust_name", "ukprn", "federation_name",
            "street", "locality", "town", "postcode", "website", "telephone", "headteacher",
            "district", "ward", "constituency", "region", "urban_rural", "easting", "northing",
            "last_changed_date",
        ]
        read_only_fields = fields


class AdviserField(serializers.PrimaryKeyRelatedField):
    """A membership id of an officer or admin of the active tenant.

    The queryset is built per request, inside the tenant scope: building it at import time would
    raise (no scope), and the scope is what makes another tenant's membership id "not found".
    """

    def get_queryset(self):
        return Membership.objects.filter(role__in=[Role.OFFICER, Role.ADMIN], is_active=True)


class SchoolSerializer(serializers.ModelSerializer):
    """A school in the tenant's register: GIAS's public data under `establishment`, beside the
    fields the tenant keeps. `officer_notes` is present only for admins and officers."""

    urn = serializers.IntegerField(source="establishment_id", read_only=True)
    establishment = EstablishmentSerializer(read_only=True)
    link_adviser = AdviserField(allow_null=True, required=False)
    link_adviser_email = serializers.EmailField(
        source="link_adviser.user.email", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = School
        fields = [
            "urn", "establishment", "locality", "link_adviser", "link_adviser_email",
            "headteacher_name", "headteacher_email", "contact_email", "contact_phone",
            "officer_notes", "added_at", "updated_at",
        ]
        read_only_fields = ["added_at", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.context.get("show_officer_notes", False):
            self.fields.pop("officer_notes")


class SchoolUpdateSerializer(serializers.ModelSerializer):
    """What a PATCH may carry: the tenant-owned fields. Which of them the caller may change is
    the service's rule (`schools.services.school_update`), not this serializer's."""

    link_adviser = AdviserField(allow_null=True, required=False)

    class Meta:
        model = School
        fields = list(School.OFFICER_FIELDS)


class LineageEntrySerializer(serializers.Serializer):
    urn = serializers.IntegerField(source="link.linked_urn")
    name = serializers.SerializerMethodField()
    link_type = serializers.CharField(source="link.link_type")
    established_date = serializers.DateField(source="link.established_date", allow_null=True)
    in_register = serializers.SerializerMethodField()

    def get_name(self, entry) -> str:
        if entry.establishment is not None:
            return entry.establishment.name
        return entry.link.linked_name

    def get_in_register(self, entry) -> bool:
        return entry.in_register is not None


class LineageSerializer(serializers.Serializer):
    urn = serializers.IntegerField()
    predecessors = LineageEntrySerializer(many=True)
    successors = LineageEntrySerializer(many=True)
    merged_with = LineageEntrySerializer(
        many=True, help_text="Schools that merged with this one into a common successor.")
