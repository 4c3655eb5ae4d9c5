"""The officer judgements API: a school's judgements (what counts, what waits, every step), an
officer's judgement (recorded, or a capacity level proposed to the school), the headteacher's
agreement or disagreement, and the moderation of a disagreement. Thin views over
`categorisation.judgements`, the services behind the pages; tenant-scoped by `TenantAPIMixin`
(another tenant's school or step is 404), a role or school beyond the caller's is 403, and a
refusal is 400 naming the field."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from categorisation import judgements, permissions
from categorisation.api.workflow import SchoolCategoryBase
from categorisation.models import OfficerJudgement
from categorisation.schemes.judgements import KINDS
from categorisation.selectors.judgements import (
    SchoolJudgement,
    judgement_step,
    school_judgements,
)
from core.api import TENANT_PARAMETER
from core.models import Tenant
from core.permissions import CATEGORIES_DECIDE, OWN_CATEGORY_RESPOND, has
from core.tenancy import TenantAPIMixin
from schools.openapi import URN_PARAMETER

JUDGEMENT_PARAMETER = OpenApiParameter("officer_judgement_id", OpenApiTypes.INT,
                                       OpenApiParameter.PATH,
                                       description="The school's disagreement (a step).")


class JudgementStepSerializer(serializers.ModelSerializer):
    reason = serializers.CharField(source="note", read_only=True)
    entered_by = serializers.CharField(source="entered_by.email", read_only=True,
                                       allow_null=True, default=None)

    class Meta:
        model = OfficerJudgement
        fields = ["id", "key", "value", "status", "previous_value", "reason", "judged_on",
                  "entered_by", "entered_at"]




class SchoolJudgementSerializer(serializers.Serializer):
    key = serializers.CharField(source="kind.key")
    name = serializers.CharField(source="kind.label")
    needs_agreement = serializers.BooleanField(
        source="kind.needs_agreement",
        help_text="Agreed with the school: an officer's value is a proposal until the "
                  "headteacher agrees or moderation decides.")
    choices = serializers.SerializerMethodField()
    in_force = JudgementStepSerializer(allow_null=True,
                                       help_text="The step the recompute reads.")
    waiting = JudgementStepSerializer(allow_null=True,
                                      help_text="A level proposed, waiting for the school.")
    disputed = JudgementStepSerializer(allow_null=True,
                                       help_text="The school's disagreement, waiting for "
                                                 "moderation.")
    history = JudgementStepSerializer(many=True, help_text="Every step, newest first.")

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_choices(self, judgement: SchoolJudgement) -> dict[str, str]:
        """The values a judgement takes, with their words: {"1": "Level 1: gives capacity"}."""
        return dict(judgement.kind.choices)


class JudgementInSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="capacity_level or improvement_capacity: one the "
                                          "tenant's active scheme reads.")
    value = serializers.CharField(help_text="1-4 for a capacity level, A-D for improvement "
                                            "capacity.")
    reason = serializers.CharField(allow_blank=True)
    judged_on = serializers.DateField(required=False, allow_null=True, default=None)


class JudgementAgreeInSerializer(serializers.Serializer):
    key = serializers.CharField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class JudgementDisagreeInSerializer(serializers.Serializer):
    key = serializers.CharField()
    reason = serializers.CharField(allow_blank=True)


class JudgementModerateInSerializer(serializers.Serializer):
    value = serializers.CharField()
    reason = serializers.CharField(allow_blank=True)
    by_board = serializers.BooleanField(required=False, default=False)
    board_name = serializers.CharField(required=False, allow_blank=True, default="")


def _tenant(view: TenantAPIMixin) -> Tenant:
    assert view.tenant is not None  # TenantAPIMixin answers 404 without one
    return view.tenant


def _body(serializer_class, request: Request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


@extend_schema(tags=["categorisation"], parameters=[TENANT_PARAMETER, URN_PARAMETER])
class SchoolJudgementsAPI(SchoolCategoryBase):
    """A school's officer judgements: those the tenant's active scheme reads, each with what
    counts, what waits and every step. Officers: any school; a headteacher: their own."""

    @extend_schema(responses={200: SchoolJudgementSerializer(many=True)})
    def get(self, request: Request, tenant_slug: str, urn: int) -> Response:
        school = self.get_school()
        return Response(SchoolJudgementSerializer(
            school_judgements(tenant=_tenant(self), school=school), many=True).data)

    @extend_schema(request=JudgementInSerializer, responses={201: JudgementStepSerializer},
                   description="An officer records a judgement with a reason. A capacity "
                               "level is proposed to the school and counts once agreed; an "
                               "improvement capacity counts at once.")
    def post(self, request: Request, tenant_slug: str, urn: int) -> Response:
        school = self.get_school()
        if not has(self.membership, CATEGORIES_DECIDE):
            raise exceptions.PermissionDenied("Only an officer records a judgement.")
        data = _body(JudgementInSerializer, request)
        step = self.call(judgements.judgement_record, school=school, **data)
        return Response(JudgementStepSerializer(step).data, status=201)


class OwnSchoolJudgementBase(SchoolCategoryBase):
    """A headteacher answers for their own school only (checked before the body is read)."""

    required_permission = OWN_CATEGORY_RESPOND

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # Another school is refused whatever the method, as the pages refuse it.
        self._own_school()

    def _own_school(self):
        school = self.get_school()
        if self.membership is None or not permissions.is_own_school(
                membership=self.membership, school=school):
            raise exceptions.PermissionDenied("Only the school's headteacher answers for it.")
        return school


@extend_schema(tags=["categorisation"], parameters=[TENANT_PARAMETER, URN_PARAMETER],
               request=JudgementAgreeInSerializer, responses={200: JudgementStepSerializer})
class SchoolJudgementAgreeAPI(OwnSchoolJudgementBase):
    """The school's headteacher agrees with the level proposed: it counts from now."""

    def post(self, request: Request, tenant_slug: str, urn: int) -> Response:
        school = self._own_school()
        data = _body(JudgementAgreeInSerializer, request)
        step = self.call(judgements.judgement_agree, school=school, **data)
        return Response(JudgementStepSerializer(step).data)


@extend_schema(tags=["categorisation"], parameters=[TENANT_PARAMETER, URN_PARAMETER],
               request=JudgementDisagreeInSerializer, responses={200: JudgementStepSerializer})
class SchoolJudgementDisagreeAPI(OwnSchoolJudgementBase):
    """The school's headteacher disagrees with the level proposed, with a reason (400 without
    one): it waits for moderation."""

    def post(self, request: Request, tenant_slug: str, urn: int) -> Response:
        school = self._own_school()
        data = _body(JudgementDisagreeInSerializer, request)
        step = self.call(judgements.judgement_disagree, school=school, **data)
        return Response(JudgementStepSerializer(step).data)


@extend_schema(tags=["categorisation"], parameters=[TENANT_PARAMETER, JUDGEMENT_PARAMETER],
               request=JudgementModerateInSerializer, responses={200: JudgementStepSerializer},
               description="Settle a school's disagreement with a level: a senior officer "
                           "decides; an officer records a board's decision with by_board and "
                           "board_name.")
class JudgementModerateAPI(TenantAPIMixin, APIView):
    required_permission = CATEGORIES_DECIDE

    def post(self, request: Request, tenant_slug: str, officer_judgement_id: int) -> Response:
        if self.membership is None or not permissions.may_moderate(self.membership):
            raise exceptions.PermissionDenied("Your role does not allow moderation.")
        try:
            disagreement = judgement_step(judgement_id=officer_judgement_id)
        except OfficerJudgement.DoesNotExist as missing:
            raise Http404("No such disagreement.") from missing
        if (disagreement.key not in KINDS
                or disagreement.status != OfficerJudgement.Status.DISAGREED):
            raise Http404("No such disagreement.")
        data = _body(JudgementModerateInSerializer, request)
        step = self.call(judgements.judgement_moderate, disagreement=disagreement, **data)
        return Response(JudgementStepSerializer(step).data)
