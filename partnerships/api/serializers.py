"""Shapes of the partnerships API. Input serializers parse only; the services decide.

Related-object fields build their querysets per request, inside the tenant scope, so an id of
another tenant's object is simply "not found" (400 naming the field)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.models import Membership
from partnerships.models import (
    Partnership,
    PartnershipLevel,
    PartnershipMembership,
    PartnershipRole,
    PartnershipType,
    RoleKind,
)
from schools.models import School


@extend_schema_field(OpenApiTypes.INT)
class ScopedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A primary key of the active tenant's rows of `model`."""

    def __init__(self, model, **kwargs):
        self.model = model
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.model.objects.all()


class LevelSerializer(serializers.ModelSerializer):
    parent_level = ScopedPrimaryKeyField(PartnershipLevel, allow_null=True, required=False)

    class Meta:
        model = PartnershipLevel
        fields = ["id", "name", "rank", "parent_level", "lead_title", "lead_eligibility",
                  "max_advisers", "max_leads", "description"]
        read_only_fields = ["id"]
        # The service checks the name once per tenant (the model's unique constraint).
        validators: list = []


class PartnershipSerializer(serializers.ModelSerializer):
    level_name = serializers.CharField(source="level.name", read_only=True)
    parent_name = serializers.CharField(source="parent.name", read_only=True, allow_null=True,
                                        default=None)
    member_count = serializers.IntegerField(read_only=True, default=None,
                                            help_text="Current member schools.")

    class Meta:
        model = Partnership
        fields = ["id", "level", "level_name", "name", "partnership_type", "parent",
                  "parent_name", "is_geographical", "teaching_school_hub", "description",
                  "start_date", "end_date", "member_count"]
        read_only_fields = fields


class PartnershipCreateSerializer(serializers.Serializer):
    level = ScopedPrimaryKeyField(PartnershipLevel)
    name = serializers.CharField(max_length=200)
    partnership_type = serializers.ChoiceField(choices=PartnershipType.choices,
                                               default=PartnershipType.STRUCTURED)
    parent = ScopedPrimaryKeyField(Partnership, allow_null=True, required=False, default=None)
    is_geographical = serializers.BooleanField(default=True)
    teaching_school_hub = serializers.CharField(max_length=200, required=False, default="",
                                                allow_blank=True)
    description = serializers.CharField(required=False, default="", allow_blank=True)
    start_date = serializers.DateField(required=False, allow_null=True, default=None)


class MembershipSerializer(serializers.ModelSerializer):
    urn = serializers.IntegerField(source="school.establishment_id", read_only=True)
    school_name = serializers.CharField(source="school.establishment.name", read_only=True)

    class Meta:
        model = PartnershipMembership
        fields = ["id", "partnership", "urn", "school_name", "start_date", "end_date",
                  "end_reason", "days_purchased"]
        read_only_fields = fields


class MembershipAddSerializer(serializers.Serializer):
    urn = serializers.IntegerField(help_text="The URN of a school in the tenant's register.")
    start_date = serializers.DateField(required=False, allow_null=True, default=None)
    days_purchased = serializers.DecimalField(max_digits=5, decimal_places=1, min_value=0,
                                              required=False, allow_null=True, default=None)

    def validate_urn(self, urn: int) -> School:
        school = School.objects.select_related("establishment").filter(
            establishment_id=urn).first()
        if school is None:
            raise serializers.ValidationError("No school with that URN in this register.")
        return school


class MembershipEndSerializer(serializers.Serializer):
    end_date = serializers.DateField(required=False, allow_null=True, default=None,
                                     help_text="The first day the school is no longer a member; "
                                               "today when left out.")
    reason = serializers.CharField(max_length=300)


class RoleSerializer(serializers.ModelSerializer):
    person_name = serializers.SerializerMethodField()
    urn = serializers.IntegerField(source="school.establishment_id", read_only=True,
                                   allow_null=True, default=None)

    class Meta:
        model = PartnershipRole
        fields = ["id", "partnership", "kind", "person", "person_name", "urn", "external_name",
                  "eligibility_note", "start_date", "end_date"]
        read_only_fields = fields

    def get_person_name(self, role: PartnershipRole) -> str:
        return str(role.person.user) if role.person_id else role.external_name


class RoleAssignSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RoleKind.choices)
    person = ScopedPrimaryKeyField(Membership, allow_null=True, required=False, default=None,
                                   help_text="A membership id of this tenant.")
    external_name = serializers.CharField(max_length=200, required=False, default="",
                                          allow_blank=True)
    start_date = serializers.DateField(required=False, allow_null=True, default=None)
    evidence_note = serializers.CharField(max_length=300, required=False, default="",
                                          allow_blank=True)


class CoverageRowSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    total = serializers.IntegerField()
    covered = serializers.IntegerField()
    uncovered = serializers.IntegerField()
    share = serializers.FloatField(help_text="Share covered, 0 to 1.")


class UncoveredSchoolSerializer(serializers.Serializer):
    urn = serializers.IntegerField(source="establishment_id")
    name = serializers.CharField(source="establishment.name")
    phase = serializers.CharField(source="establishment.phase")
    governance = serializers.CharField(source="establishment.governance")


class CoverageSerializer(serializers.Serializer):
    level = serializers.IntegerField(source="level.pk", allow_null=True, default=None)
    on = serializers.DateField()
    overall = CoverageRowSerializer()
    by_phase = CoverageRowSerializer(many=True)
    by_governance = CoverageRowSerializer(many=True)
    uncovered = UncoveredSchoolSerializer(many=True)


class CoverageQuerySerializer(serializers.Serializer):
    level = serializers.IntegerField(required=False, help_text="A level id; any level when left "
                                                               "out.")

