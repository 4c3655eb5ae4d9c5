"""The programmes API (officers, as the pages): the programmes, one with its schools, people
trained and totals by phase and partnership, schools signed up (by URN) and a person trained.
The same services decide as for the pages."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import TENANT_PARAMETER, path_parameter
from core.permissions import VISITS_RECORD, VISITS_VIEW
from support.api.base import SupportAPI
from support.models.programmes import Programme, ProgrammeSchool, ProgrammeTraining
from support.selectors import programmes as selectors
from support.services import programmes as services

PROGRAMME_PARAMETERS = [TENANT_PARAMETER, path_parameter("programme_id", "The programme's id.")]


class SupportProgrammeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Programme
        fields = ["id", "name", "provider", "description", "starts_on", "ends_on"]


class SupportProgrammeSchoolSerializer(serializers.ModelSerializer):
    urn = serializers.IntegerField(source="school.urn", read_only=True)
    school_name = serializers.CharField(source="school.establishment.name", read_only=True)
    phase = serializers.CharField(source="school.establishment.phase", read_only=True)

    class Meta:
        model = ProgrammeSchool
        fields = ["urn", "school_name", "phase", "signed_up_on"]


class SupportProgrammeTrainingSerializer(serializers.ModelSerializer):
    urn = serializers.IntegerField(source="school.urn", read_only=True, allow_null=True,
                                   default=None)

    class Meta:
        model = ProgrammeTraining
        fields = ["id", "name", "job_title", "urn", "trained_on"]


class SupportProgrammeTotalSerializer(serializers.Serializer):
    label = serializers.CharField()
    schools = serializers.IntegerField()
    trained = serializers.IntegerField()


class SupportProgrammeDetailSerializer(SupportProgrammeSerializer):
    schools = serializers.SerializerMethodField()
    trained = serializers.SerializerMethodField()
    by_phase = serializers.SerializerMethodField()
    by_partnership = serializers.SerializerMethodField()

    class Meta(SupportProgrammeSerializer.Meta):
        fields = [*SupportProgrammeSerializer.Meta.fields, "schools", "trained", "by_phase",
                  "by_partnership"]

    def _totals(self, programme: Programme) -> selectors.Totals:
        if not hasattr(self, "_cached"):
            self._cached = selectors.programme_totals(
                tenant=programme.tenant, programme=programme, on=timezone.localdate())
        return self._cached

    @extend_schema_field(SupportProgrammeSchoolSerializer(many=True))
    def get_schools(self, programme: Programme) -> list:
        # Every school (the contract), as plain rows: no model or serializer per school.
        return selectors.signed_up_values(programme)

    @extend_schema_field(SupportProgrammeTrainingSerializer(many=True))
    def get_trained(self, programme: Programme) -> list:
        return SupportProgrammeTrainingSerializer(selectors.trained(programme), many=True).data

    @extend_schema_field(SupportProgrammeTotalSerializer(many=True))
    def get_by_phase(self, programme: Programme) -> list:
        return SupportProgrammeTotalSerializer(self._totals(programme).by_phase, many=True).data

    @extend_schema_field(SupportProgrammeTotalSerializer(many=True))
    def get_by_partnership(self, programme: Programme) -> list:
        return SupportProgrammeTotalSerializer(self._totals(programme).by_partnership,
                                               many=True).data


class SupportProgrammeInSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    provider = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                     default="")
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True,
                                        default="")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True, default=None)


class SupportProgrammeSignUpSerializer(serializers.Serializer):
    urns = serializers.ListField(child=serializers.IntegerField(min_value=1),
                                 max_length=services.MOST_AT_ONCE)
    signed_up_on = serializers.DateField()


class SupportProgrammeTrainingInSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    job_title = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                      default="")
    urn = serializers.IntegerField(required=False, allow_null=True, default=None,
                                   help_text="The URN of the school they work at.")
    trained_on = serializers.DateField()


class _ProgrammeAPI(SupportAPI):


    def programme(self) -> Programme:
        programme = Programme.objects.filter(pk=self.kwargs["programme_id"]).first()
        if programme is None:
            raise Http404("No such programme.")
        return programme

    def detail(self, programme: Programme, code: int = status.HTTP_200_OK) -> Response:
        return Response(SupportProgrammeDetailSerializer(programme).data, status=code)


@extend_schema(tags=["support"], parameters=[TENANT_PARAMETER])
class ProgrammesAPI(_ProgrammeAPI):
    """Every programme (GET: officers); an officer records one (POST)."""

    serializer_class = SupportProgrammeSerializer
    required_permission = VISITS_VIEW
    write_permission = VISITS_RECORD

    @extend_schema(operation_id="support_programme_list",
                   responses=SupportProgrammeSerializer(many=True))
    def get(self, request: Request, *args, **kwargs) -> Response:
        return Response(SupportProgrammeSerializer(selectors.programmes(tenant=self.tenant),
                                                   many=True).data)

    @extend_schema(request=SupportProgrammeInSerializer,
                   responses={201: SupportProgrammeDetailSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        programme = self.call(services.programme_create,
                              **self.values(SupportProgrammeInSerializer))
        return self.detail(programme, status.HTTP_201_CREATED)


@extend_schema(tags=["support"], parameters=PROGRAMME_PARAMETERS)
class ProgrammeAPI(_ProgrammeAPI):
    """One programme: its schools, people trained and totals by phase and partnership (GET);
    change its name, provider, description and dates (PUT: officers)."""

    serializer_class = SupportProgrammeDetailSerializer
    required_permission = VISITS_VIEW
    write_permission = VISITS_RECORD

    @extend_schema(operation_id="support_programme_detail",
                   responses=SupportProgrammeDetailSerializer)
    def get(self, request: Request, *args, **kwargs) -> Response:
        return self.detail(self.programme())

    @extend_schema(request=SupportProgrammeInSerializer,
                   responses={200: SupportProgrammeDetailSerializer})
    def put(self, request: Request, *args, **kwargs) -> Response:
        """Change the programme's name, provider, description and dates (officers)."""
        programme = self.call(services.programme_edit, programme=self.programme(),
                              **self.values(SupportProgrammeInSerializer))
        return self.detail(programme)


@extend_schema(tags=["support"], parameters=PROGRAMME_PARAMETERS,
               request=SupportProgrammeSignUpSerializer,
               responses={201: SupportProgrammeDetailSerializer})
class ProgrammeSignUpAPI(_ProgrammeAPI):
    """Sign schools up, by URN (refused whole, naming them, for a URN not in the register)."""

    serializer_class = SupportProgrammeSignUpSerializer
    required_permission = VISITS_RECORD

    def post(self, request: Request, *args, **kwargs) -> Response:
        programme = self.programme()
        values = self.values(SupportProgrammeSignUpSerializer)
        self.call(services.programme_schools_sign_up, programme=programme,
                  urns=list(dict.fromkeys(values["urns"])), signed_up_on=values["signed_up_on"])
        return self.detail(programme, status.HTTP_201_CREATED)


@extend_schema(tags=["support"], parameters=PROGRAMME_PARAMETERS,
               request=SupportProgrammeTrainingInSerializer,
               responses={201: SupportProgrammeDetailSerializer})
class ProgrammeTrainingAPI(_ProgrammeAPI):
    """Record a person trained in the programme's materials."""

    serializer_class = SupportProgrammeTrainingInSerializer
    required_permission = VISITS_RECORD

    def post(self, request: Request, *args, **kwargs) -> Response:
        programme = self.programme()
        values = self.values(SupportProgrammeTrainingInSerializer)
        school = self.school_named(values.pop("urn"), field="urn")
        self.call(services.programme_training_record, programme=programme, school=school,
                  **values)
        return self.detail(programme, status.HTTP_201_CREATED)
