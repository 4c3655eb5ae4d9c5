"""The deployments API: every deployment with its days used, impact and value for money; one
deployment with its reviews; and its steps (agree, termly review, impact review, quality
assurance). Officers and admins, as the pages; the same services decide."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import TENANT_PARAMETER, path_parameter
from core.permissions import VISIT_NOTES_CHECK, VISITS_RECORD
from support.api.base import SupportAPI
from support.models import (
    Deployment,
    DeploymentReview,
    Impact,
    Progress,
    QualityAssurance,
    ValueForMoney,
)
from support.selectors import brokering as reads
from support.selectors.deployments import deployment_row, deployment_rows
from support.services import deployments as services

DEPLOYMENT_PARAMETERS = [TENANT_PARAMETER, path_parameter("deployment_id",
                                                          "The deployment's id.")]


class SupportDeploymentReviewSerializer(serializers.ModelSerializer):
    reviewed_by = serializers.CharField(source="reviewed_by.user.email", allow_null=True,
                                        default=None, read_only=True)

    class Meta:
        model = DeploymentReview
        fields = ["id", "kind", "reviewed_on", "progress", "impact", "days_used", "summary",
                  "reviewed_by"]


class SupportQualityAssuranceSerializer(serializers.ModelSerializer):
    checked_by = serializers.CharField(source="checked_by.user.email", allow_null=True,
                                       default=None, read_only=True)

    class Meta:
        model = QualityAssurance
        fields = ["value_for_money", "comment", "checked_by", "checked_on"]


class SupportDeploymentSerializer(serializers.ModelSerializer):
    urn = serializers.IntegerField(source="school.urn", read_only=True)
    school_name = serializers.CharField(source="school.establishment.name", read_only=True)
    supporter = serializers.CharField(source="supporter.user.email", allow_null=True,
                                      default=None, read_only=True,
                                      help_text="The leader's e-mail; null when a school "
                                                "gives the support with no leader named.")
    supporter_school_urn = serializers.IntegerField(source="supporter_school.urn",
                                                    allow_null=True, default=None,
                                                    read_only=True)
    commitment = serializers.CharField(source="commitment.reference", allow_null=True,
                                       default=None, read_only=True)
    days_used = serializers.DecimalField(max_digits=5, decimal_places=1, read_only=True)
    impact = serializers.CharField(allow_null=True, read_only=True)
    quality_assurance = SupportQualityAssuranceSerializer(allow_null=True, default=None,
                                                          read_only=True)

    class Meta:
        model = Deployment
        fields = ["id", "urn", "school_name", "supporter", "supporter_school_urn", "need",
                  "objectives", "days", "cost", "starts_on", "ends_on", "status", "commitment",
                  "days_used", "impact", "quality_assurance"]


class SupportDeploymentDetailSerializer(SupportDeploymentSerializer):
    reviews = SupportDeploymentReviewSerializer(source="reviews_list", many=True,
                                                read_only=True)

    class Meta(SupportDeploymentSerializer.Meta):
        fields = [*SupportDeploymentSerializer.Meta.fields, "reviews"]


class SupportDeploymentReviewInSerializer(serializers.Serializer):
    reviewed_on = serializers.DateField()
    progress = serializers.ChoiceField(choices=Progress.choices)
    days_used = serializers.CharField(max_length=10)
    summary = serializers.CharField(max_length=5000)


class SupportDeploymentImpactInSerializer(serializers.Serializer):
    reviewed_on = serializers.DateField()
    impact = serializers.ChoiceField(choices=Impact.choices)
    days_used = serializers.CharField(max_length=10)
    summary = serializers.CharField(max_length=5000)


class SupportQualityAssuranceInSerializer(serializers.Serializer):
    value_for_money = serializers.ChoiceField(choices=ValueForMoney.choices)
    comment = serializers.CharField(max_length=5000)
    on = serializers.DateField()


class _DeploymentAPI(SupportAPI):
    required_permission = VISITS_RECORD

    def detail(self) -> Response:
        # One read of the deployment as the list shows it (a step's service has written it).
        return Response(SupportDeploymentDetailSerializer(
            deployment_row(self.kwargs["deployment_id"])).data)


@extend_schema(tags=["support"], parameters=[TENANT_PARAMETER])
class DeploymentListAPI(_DeploymentAPI):
    """Every deployment of the partnership, newest first, with the days used to date (its
    latest review's), its impact once ended and its quality assurance."""

    serializer_class = SupportDeploymentSerializer

    @extend_schema(operation_id="support_deployment_list",
                   responses=SupportDeploymentSerializer(many=True))
    def get(self, request: Request, *args, **kwargs) -> Response:
        return Response(SupportDeploymentSerializer(deployment_rows(), many=True).data)


@extend_schema(tags=["support"], parameters=DEPLOYMENT_PARAMETERS)
class DeploymentDetailAPI(_DeploymentAPI):
    """One deployment with its reviews, oldest first."""

    serializer_class = SupportDeploymentDetailSerializer

    @extend_schema(operation_id="support_deployment_detail",
                   responses=SupportDeploymentDetailSerializer)
    def get(self, request: Request, *args, **kwargs) -> Response:
        return self.detail()


class _DeploymentStep(_DeploymentAPI):
    write_permission = VISITS_RECORD
    input_serializer: type | None = None
    service = staticmethod(services.deployment_review)
    created = True

    def post(self, request: Request, *args, **kwargs) -> Response:
        deployment = reads.deployment_for(self.kwargs["deployment_id"])
        values = {}
        if self.input_serializer is not None:
            data = self.input_serializer(data=request.data)
            data.is_valid(raise_exception=True)
            values = dict(data.validated_data)
        self.call(self.service, deployment=deployment, **values)
        response = self.detail()
        response.status_code = status.HTTP_201_CREATED if self.created else status.HTTP_200_OK
        return response


@extend_schema(tags=["support"], parameters=DEPLOYMENT_PARAMETERS, request=None,
               responses={200: SupportDeploymentDetailSerializer})
class DeploymentAgreeAPI(_DeploymentStep):
    """Record that the school, the supporter and the council agreed the deployment."""

    serializer_class = SupportDeploymentDetailSerializer
    service = staticmethod(services.deployment_agree)
    created = False


@extend_schema(tags=["support"], parameters=DEPLOYMENT_PARAMETERS,
               request=SupportDeploymentReviewInSerializer,
               responses={201: SupportDeploymentDetailSerializer})
class DeploymentReviewAPI(_DeploymentStep):
    """A termly review: progress against the objectives and the days used to date (never
    fewer than the last review's, never more than brokered)."""

    serializer_class = SupportDeploymentReviewInSerializer
    input_serializer = SupportDeploymentReviewInSerializer


@extend_schema(tags=["support"], parameters=DEPLOYMENT_PARAMETERS,
               request=SupportDeploymentImpactInSerializer,
               responses={201: SupportDeploymentDetailSerializer})
class DeploymentImpactAPI(_DeploymentStep):
    """The impact review, which ends the deployment."""

    serializer_class = SupportDeploymentImpactInSerializer
    input_serializer = SupportDeploymentImpactInSerializer
    service = staticmethod(services.deployment_impact_review)


@extend_schema(tags=["support"], parameters=DEPLOYMENT_PARAMETERS,
               request=SupportQualityAssuranceInSerializer,
               responses={201: SupportDeploymentDetailSerializer})
class DeploymentQualityAPI(_DeploymentStep):
    """A senior officer's value-for-money judgement of an ended deployment they did not
    broker."""

    serializer_class = SupportQualityAssuranceInSerializer
    input_serializer = SupportQualityAssuranceInSerializer
    write_permission = VISIT_NOTES_CHECK
    service = staticmethod(services.deployment_quality_assure)
