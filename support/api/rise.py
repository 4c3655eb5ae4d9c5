"""The RISE cases API: every case (officers), a school's cases (officers; its headteacher) and
opening one, one case with its history and reviews (officers; its school's headteacher) and the
officers' steps: change, move the stage, review, close. The same services decide as for the
pages (`support.services.rise`)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import TENANT_PARAMETER, path_parameter
from core.permissions import VISITS_RECORD, VISITS_VIEW
from support.api.base import SupportAPI
from support.models import Progress, RiseCase, RiseCaseChange, RiseReview, RiseStage, RiseTier
from support.permissions import rise_case_for, school_for_visits
from support.selectors.rise import history_of, reviews_of, rise_cases
from support.services import rise as services

SCHOOL_PARAMETERS = [TENANT_PARAMETER, path_parameter("urn", "The school's URN.")]
CASE_PARAMETERS = [TENANT_PARAMETER, path_parameter("case_id", "The RISE case's id.")]


class SupportRiseChangeSerializer(serializers.ModelSerializer):
    changed_by = serializers.CharField(source="changed_by.user.email", allow_null=True,
                                       default=None, read_only=True)

    class Meta:
        model = RiseCaseChange
        fields = ["field", "old_value", "new_value", "note", "changed_by", "changed_at"]


class SupportRiseReviewSerializer(serializers.ModelSerializer):
    reviewed_by = serializers.CharField(source="reviewed_by.user.email", allow_null=True,
                                        default=None, read_only=True)

    class Meta:
        model = RiseReview
        fields = ["id", "reviewed_on", "progress", "summary", "reviewed_by"]


class SupportRiseCaseSerializer(serializers.ModelSerializer):
    urn = serializers.IntegerField(source="school.urn", read_only=True)
    school_name = serializers.CharField(source="school.establishment.name", read_only=True)
    governance = serializers.CharField(source="school.establishment.governance",
                                       read_only=True)
    grant_is_external = serializers.SerializerMethodField()

    class Meta:
        model = RiseCase
        fields = ["id", "urn", "school_name", "governance", "tier", "stage", "adviser",
                  "supporting_organisation", "funding_band", "grant", "grant_is_external",
                  "plan", "opened_on", "closed_on"]

    def get_grant_is_external(self, case: RiseCase) -> bool:
        """Always true: DfE's grant is never the council's money."""
        return True


class SupportRiseCaseDetailSerializer(SupportRiseCaseSerializer):
    history = serializers.SerializerMethodField()
    reviews = serializers.SerializerMethodField()

    class Meta(SupportRiseCaseSerializer.Meta):
        fields = [*SupportRiseCaseSerializer.Meta.fields, "history", "reviews"]

    @extend_schema_field(SupportRiseChangeSerializer(many=True))
    def get_history(self, case: RiseCase) -> list:
        return SupportRiseChangeSerializer(history_of(case), many=True).data

    @extend_schema_field(SupportRiseReviewSerializer(many=True))
    def get_reviews(self, case: RiseCase) -> list:
        return SupportRiseReviewSerializer(reviews_of(case), many=True).data


class _Values(serializers.Serializer):
    adviser = serializers.CharField(max_length=200, required=False, allow_blank=True)
    supporting_organisation = serializers.CharField(max_length=200, required=False,
                                                    allow_blank=True)
    funding_band = serializers.CharField(max_length=100, required=False, allow_blank=True)
    grant = serializers.CharField(max_length=20, required=False, allow_blank=True,
                                  allow_null=True)
    plan = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    conflict_override = serializers.CharField(
        max_length=2000, required=False, allow_blank=True,
        help_text="Why DfE's choice stands when the adviser or supporting organisation has a "
                  "conflict of interest with the school (else such a change is refused).")


class SupportRiseOpenSerializer(_Values):
    tier = serializers.ChoiceField(choices=RiseTier.choices)
    opened_on = serializers.DateField()


class SupportRiseChangeInSerializer(_Values):
    tier = serializers.ChoiceField(choices=RiseTier.choices, required=False)


class SupportRiseStageSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=RiseStage.choices)
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class SupportRiseReviewInSerializer(serializers.Serializer):
    reviewed_on = serializers.DateField()
    progress = serializers.ChoiceField(choices=Progress.choices)
    summary = serializers.CharField(max_length=5000)


class SupportRiseCloseSerializer(serializers.Serializer):
    closed_on = serializers.DateField()
    note = serializers.CharField(max_length=5000)


class _RiseAPI(SupportAPI):

    def case(self) -> RiseCase:
        return rise_case_for(membership=self.membership, case_id=self.kwargs["case_id"])

    def detail(self, case: RiseCase, code: int = status.HTTP_200_OK) -> Response:
        case.refresh_from_db()
        return Response(SupportRiseCaseDetailSerializer(case).data, status=code)



@extend_schema(tags=["support"], parameters=[TENANT_PARAMETER])
class RiseListAPI(_RiseAPI):
    """Every RISE case of the partnership, open ones first."""

    serializer_class = SupportRiseCaseSerializer
    required_permission = VISITS_VIEW

    @extend_schema(operation_id="support_rise_case_list",
                   responses=SupportRiseCaseSerializer(many=True))
    def get(self, request: Request, *args, **kwargs) -> Response:
        return Response(SupportRiseCaseSerializer(rise_cases(), many=True).data)


@extend_schema(tags=["support"], parameters=SCHOOL_PARAMETERS)
class SchoolRiseAPI(_RiseAPI):
    """A school's RISE cases, newest first (GET: officers any school, a headteacher their
    own); an officer opens one at identification (POST)."""

    serializer_class = SupportRiseCaseSerializer
    write_permission = VISITS_RECORD

    @extend_schema(operation_id="support_school_rise_cases",
                   responses=SupportRiseCaseSerializer(many=True))
    def get(self, request: Request, *args, **kwargs) -> Response:
        school = school_for_visits(membership=self.membership, urn=self.kwargs["urn"])
        return Response(SupportRiseCaseSerializer(
            rise_cases().filter(school=school), many=True).data)

    @extend_schema(request=SupportRiseOpenSerializer,
                   responses={201: SupportRiseCaseDetailSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        school = school_for_visits(membership=self.membership, urn=self.kwargs["urn"])
        case = self.call(services.rise_case_open, school=school,
                         **self.values(SupportRiseOpenSerializer))
        return self.detail(case, status.HTTP_201_CREATED)


@extend_schema(tags=["support"], parameters=CASE_PARAMETERS)
class RiseDetailAPI(_RiseAPI):
    """One RISE case with its history and termly reviews (GET: officers; the school's
    headteacher); an officer records DfE's changes (PATCH), each kept in the history."""

    serializer_class = SupportRiseCaseDetailSerializer
    write_permission = VISITS_RECORD
    http_method_names = ["get", "patch", "head", "options"]

    @extend_schema(operation_id="support_rise_case_detail",
                   responses=SupportRiseCaseDetailSerializer)
    def get(self, request: Request, *args, **kwargs) -> Response:
        return self.detail(self.case())

    @extend_schema(request=SupportRiseChangeInSerializer,
                   responses={200: SupportRiseCaseDetailSerializer})
    def patch(self, request: Request, *args, **kwargs) -> Response:
        case = self.case()
        self.call(services.rise_case_update, case=case,
                  **self.values(SupportRiseChangeInSerializer))
        return self.detail(case)


class _Step(_RiseAPI):
    required_permission = VISITS_RECORD
    input_serializer: type = SupportRiseStageSerializer
    service = staticmethod(services.rise_stage_move)
    code = status.HTTP_200_OK

    def post(self, request: Request, *args, **kwargs) -> Response:
        case = self.case()
        self.call(self.service, case=case, **self.values(self.input_serializer))
        return self.detail(case, self.code)


@extend_schema(tags=["support"], parameters=CASE_PARAMETERS,
               request=SupportRiseStageSerializer,
               responses={200: SupportRiseCaseDetailSerializer})
class RiseStageAPI(_Step):
    """Move the case one stage on (or back, with a note)."""

    serializer_class = SupportRiseStageSerializer


@extend_schema(tags=["support"], parameters=CASE_PARAMETERS,
               request=SupportRiseReviewInSerializer,
               responses={201: SupportRiseCaseDetailSerializer})
class RiseReviewAPI(_Step):
    """A termly review of the approved plan (the monitoring stage)."""

    serializer_class = SupportRiseReviewInSerializer
    input_serializer = SupportRiseReviewInSerializer
    service = staticmethod(services.rise_review)
    code = status.HTTP_201_CREATED


@extend_schema(tags=["support"], parameters=CASE_PARAMETERS,
               request=SupportRiseCloseSerializer,
               responses={200: SupportRiseCaseDetailSerializer})
class RiseCloseAPI(_Step):
    """Close the case (DfE's support ended), with why."""

    serializer_class = SupportRiseCloseSerializer
    input_serializer = SupportRiseCloseSerializer
    service = staticmethod(services.rise_case_close)
