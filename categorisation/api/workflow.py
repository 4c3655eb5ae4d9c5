"""The categorisation workflow API: proposals (list, confirm, override), a school's category
(reasons, entitlement, inspection timing, history; agree, disagree) and moderation. Thin views
over the same services and selectors as the pages; tenant-scoped by `TenantAPIMixin`, so another
tenant's objects are 404; a role or school beyond the caller's is 403; a refusal is 400."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from categorisation import permissions, selectors, workflow
from categorisation.api.serializers import (
    AgreeInSerializer,
    CategoryProposalSerializer,
    CategoryStepSerializer,
    ConfirmInSerializer,
    DisagreeInSerializer,
    ModerateInSerializer,
    ModerationCaseSerializer,
    OverrideInSerializer,
    SchoolCategorySerializer,
)
from categorisation.models import CategoryProposal, ModerationCase, SchemeCategory
from core.api import TENANT_PARAMETER, api_refusal
from core.permissions import CATEGORIES_DECIDE, CATEGORIES_VIEW, OWN_CATEGORY_RESPOND
from core.tenancy import TenantAPIMixin
from schools.openapi import URN_PARAMETER
from schools.selectors import school_of

PROPOSAL_PARAMETER = OpenApiParameter("category_proposal_id", OpenApiTypes.INT,
                                      OpenApiParameter.PATH)
CASE_PARAMETER = OpenApiParameter("moderation_case_id", OpenApiTypes.INT,
                                  OpenApiParameter.PATH)


def _category(scheme_id: int, code: str) -> SchemeCategory:
    category = SchemeCategory.objects.filter(scheme_id=scheme_id, code=code).first()
    if category is None:
        raise exceptions.ValidationError({"category": ["No category with that code in the "
                                                       "scheme."]})
    return category


def _proposal(category_proposal_id: int) -> CategoryProposal:
    try:
        return selectors.proposal_detail(proposal_id=category_proposal_id)
    except CategoryProposal.DoesNotExist as missing:
        raise exceptions.NotFound("No such proposal.") from missing


def _body(serializer_class, request: Request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


@extend_schema(tags=["categorisation"], parameters=[TENANT_PARAMETER])
class ProposalListAPI(TenantAPIMixin, generics.ListAPIView):
    """Proposals waiting for an officer, oldest first."""

    required_permission = CATEGORIES_VIEW
    serializer_class = CategoryProposalSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CategoryProposal.objects.none()
        return selectors.proposals_waiting(tenant=self.tenant)


@extend_schema(tags=["categorisation"], parameters=[TENANT_PARAMETER, PROPOSAL_PARAMETER],
               request=ConfirmInSerializer, responses={200: CategoryStepSerializer})
class ProposalConfirmAPI(TenantAPIMixin, APIView):
    """Confirm the computed category: it becomes the school's category in force."""

    required_permission = CATEGORIES_DECIDE

    def post(self, request: Request, tenant_slug: str, category_proposal_id: int) -> Response:
        proposal = _proposal(category_proposal_id)
        data = _body(ConfirmInSerializer, request)
        try:
            step = workflow.proposal_confirm(tenant=self.tenant, actor=request.user,
                                             proposal=proposal, note=data["note"])
        except DjangoValidationError as error:
            raise api_refusal(error) from error
        return Response(CategoryStepSerializer(step).data)


@extend_schema(tags=["categorisation"], parameters=[TENANT_PARAMETER, PROPOSAL_PARAMETER],
               request=OverrideInSerializer, responses={200: CategoryStepSerializer},
               description="Set another category of the same scheme, with a reason (400 "
                           "without one).")
class ProposalOverrideAPI(TenantAPIMixin, APIView):
    required_permission = CATEGORIES_DECIDE

    def post(self, request: Request, tenant_slug: str, category_proposal_id: int) -> Response:
        proposal = _proposal(category_proposal_id)
        data = _body(OverrideInSerializer, request)
        category = _category(proposal.scheme_id, data["category"])
        try:
            step = workflow.proposal_override(tenant=self.tenant, actor=request.user,
                                              proposal=proposal, category=category,
                                              reason=data["reason"])
        except DjangoValidationError as error:
            raise api_refusal(error) from error
        return Response(CategoryStepSerializer(step).data)


class SchoolCategoryBase(TenantAPIMixin, APIView):
    def get_school(self):
        # Http404 and PermissionDenied become 404 and 403.
        return permissions.school_for_category(membership=self.membership,
                                               urn=self.kwargs["urn"])


def school_category_data(tenant, school) -> dict:
    overview = selectors.school_category_overview(tenant=tenant, school=school,
                                                           today=timezone.localdate())
    timing = overview.timing
    return {
        "urn": school.establishment_id, "school_name": school.establishment.name,
        "in_force": overview.in_force, "entitlement": overview.entitlement,
        "academic_year": overview.academic_year,
        "inspection_timing": {
            "last_inspection_date": timing.latest.start_date if timing.latest else None,
            "last_inspection_of_predecessor": timing.of_predecessor,
            "next_window_opens": timing.window.opens, "next_due_by": timing.window.due_by,
            "overdue": timing.window.overdue, "rule": timing.window.rule,
            "category_of_concern": timing.concern.category if timing.concern else "",
            "stuck": timing.stuck.value,
        },
        "flags": [{"key": key, "value": str(flag.value), "raised": flag.raised,
                   "conclusion": flag.conclusion, "inputs": list(flag.inputs), "rule": flag.rule}
                  for key, flag in timing.flags.items()],
        "flags_as_at": timing.as_at,
        "history": overview.history,
        "open_proposal_id": overview.open_proposal.pk if overview.open_proposal else None,
        "open_moderation_case_id": overview.open_case.pk if overview.open_case else None,
    }


@extend_schema(tags=["categorisation"], parameters=[TENANT_PARAMETER, URN_PARAMETER],
               responses={200: SchoolCategorySerializer})
class SchoolCategoryAPI(SchoolCategoryBase):
    """A school's category in force with its reasons, what it entitles the school to, the
    inspection timing and every step of its history. Officers: any school; a headteacher:
    their own."""

    def get(self, request: Request, tenant_slug: str, urn: int) -> Response:
        school = self.get_school()
        return Response(SchoolCategorySerializer(school_category_data(self.tenant, school)).data)


class OwnSchoolBase(TenantAPIMixin, APIView):
    """A headteacher responds for their own school only: the school is the caller's, never a
    URL argument, so there is no other school to name."""

    required_permission = OWN_CATEGORY_RESPOND

    def own_school(self):
        school = school_of(self.membership)
        if school is None:
            raise exceptions.PermissionDenied("Your membership names no school.")
        return school


@extend_schema(tags=["categorisation"], parameters=[TENANT_PARAMETER],
               request=AgreeInSerializer, responses={200: CategoryStepSerializer})
class OwnCategoryAgreeAPI(OwnSchoolBase):
    """The headteacher agrees with the category confirmed for their school."""

    def post(self, request: Request, tenant_slug: str) -> Response:
        school = self.own_school()
        data = _body(AgreeInSerializer, request)
        try:
            step = workflow.category_agree(tenant=self.tenant, actor=request.user,
                                           school=school, note=data["note"])
        except DjangoValidationError as error:
            raise api_refusal(error) from error
        return Response(CategoryStepSerializer(step).data)


@extend_schema(tags=["categorisation"], parameters=[TENANT_PARAMETER],
               request=DisagreeInSerializer, responses={200: ModerationCaseSerializer})
class OwnCategoryDisagreeAPI(OwnSchoolBase):
    """The headteacher disagrees, with a reason (400 without one): a moderation case opens."""

    def post(self, request: Request, tenant_slug: str) -> Response:
        school = self.own_school()
        data = _body(DisagreeInSerializer, request)
        try:
            _, case = workflow.category_disagree(tenant=self.tenant, actor=request.user,
                                                 school=school, reason=data["reason"])
        except DjangoValidationError as error:
            raise api_refusal(error) from error
        return Response(ModerationCaseSerializer(case).data)


@extend_schema(tags=["categorisation"], parameters=[TENANT_PARAMETER, CASE_PARAMETER],
               request=ModerateInSerializer, responses={200: CategoryStepSerializer},
               description="A senior officer decides; an officer records a board's decision "
                           "with by_board and board_name.")
class ModerationDecideAPI(TenantAPIMixin, APIView):
    required_permission = CATEGORIES_DECIDE

    def post(self, request: Request, tenant_slug: str, moderation_case_id: int) -> Response:
        if not permissions.may_moderate(self.membership):
            raise exceptions.PermissionDenied("Your role does not allow moderation.")
        try:
            case = selectors.moderation_case(case_id=moderation_case_id)
        except ModerationCase.DoesNotExist as missing:
            raise Http404("No such moderation case.") from missing
        data = _body(ModerateInSerializer, request)
        category = _category(case.disagreement.scheme_id, data["category"])
        try:
            step = workflow.moderation_decide(
                tenant=self.tenant, actor=request.user, case=case, category=category,
                reason=data["reason"], by_board=data["by_board"],
                board_name=data["board_name"])
        except DjangoValidationError as error:
            raise api_refusal(error) from error
        return Response(CategoryStepSerializer(step).data)
