"""The structure API: levels, partnerships, memberships, roles and coverage. Thin views over the
same selectors and services as the pages (`TenantAPIMixin` scopes every query to the tenant).

Refusals: a service's reason is 400 naming the field; beyond one's role 403; an object of
another tenant 404 (it is out of scope, so it is not found).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import TENANT_PARAMETER, api_refusal
from core.permissions import PARTNERSHIPS_MANAGE, PARTNERSHIPS_VIEW
from core.tenancy import TenantAPIMixin
from partnerships import selectors, services
from partnerships.api.serializers import (
    CoverageQuerySerializer,
    CoverageSerializer,
    LevelSerializer,
    MembershipAddSerializer,
    MembershipEndSerializer,
    MembershipSerializer,
    PartnershipCreateSerializer,
    PartnershipSerializer,
    RoleAssignSerializer,
    RoleSerializer,
)
from partnerships.models import (
    Partnership,
    PartnershipLevel,
    PartnershipMembership,
    PartnershipRole,
)
from partnerships.selectors.coverage_kept import kept_coverage

PARTNERSHIP = OpenApiParameter("partnership_id", OpenApiTypes.INT, OpenApiParameter.PATH,
                               description="The partnership's id.")
MEMBERSHIP = OpenApiParameter("partnership_membership_id", OpenApiTypes.INT,
                              OpenApiParameter.PATH, description="The membership's id.")


class StructureAPI(TenantAPIMixin, generics.GenericAPIView):
    required_permission = PARTNERSHIPS_VIEW
    write_permission = PARTNERSHIPS_MANAGE
    filter_backends: list = []
    pagination_class = None

    def fake(self) -> bool:
        # Schema generation runs outside any tenant scope.
        return getattr(self, "swagger_fake_view", False)

    def get_partnership(self) -> Partnership:
        return get_object_or_404(Partnership.objects.select_related("level", "parent"),
                                 pk=self.kwargs["partnership_id"])


@extend_schema(tags=["partnerships"], parameters=[TENANT_PARAMETER])
class LevelListAPI(StructureAPI, generics.ListCreateAPIView):
    """The tenant's levels (region, hub, family cluster …), narrowest first. POST adds one."""

    serializer_class = LevelSerializer

    def get_queryset(self):
        return PartnershipLevel.objects.none() if self.fake() else (
            selectors.partnership_level_list())

    def perform_create(self, serializer: LevelSerializer) -> None:
        try:
            serializer.instance = services.partnership_level_create(
                tenant=self.tenant, actor=self.request.user, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise api_refusal(error) from error


@extend_schema(tags=["partnerships"], parameters=[TENANT_PARAMETER])
class PartnershipListAPI(StructureAPI, generics.ListCreateAPIView):
    """Every partnership with its level, parent and number of current member schools. POST
    creates one (the nesting rule applies: a hub sits inside a region, never in a loop)."""

    serializer_class = PartnershipSerializer

    def get_queryset(self):
        return Partnership.objects.none() if self.fake() else selectors.partnership_list()

    @extend_schema(request=PartnershipCreateSerializer, responses={201: PartnershipSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        data = PartnershipCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            partnership = services.partnership_create(
                tenant=self.tenant, actor=request.user, **data.validated_data
            )
        except DjangoValidationError as error:
            raise api_refusal(error) from error
        partnership = selectors.partnership_list().get(pk=partnership.pk)
        return Response(PartnershipSerializer(partnership).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["partnerships"], parameters=[TENANT_PARAMETER, PARTNERSHIP])
class PartnershipDetailAPI(StructureAPI, generics.RetrieveAPIView):
    serializer_class = PartnershipSerializer

    def get_object(self) -> Partnership:
        return get_object_or_404(selectors.partnership_list(), pk=self.kwargs["partnership_id"])


@extend_schema(tags=["partnerships"], parameters=[
    TENANT_PARAMETER, PARTNERSHIP,
    OpenApiParameter("include_past", OpenApiTypes.BOOL, OpenApiParameter.QUERY,
                     description="Also the memberships that have ended (history)."),
])
class MembershipListAPI(StructureAPI):
    """The member schools of a partnership (GET) and adding one (POST): a school may be in only
    one partnership of a level at a time."""

    serializer_class = MembershipSerializer

    def get(self, request: Request, *args, **kwargs) -> Response:
        partnership = self.get_partnership()
        include_past = request.query_params.get("include_past") in ("1", "true", "yes")
        memberships = selectors.partnership_members(partnership=partnership,
                                                    include_past=include_past)
        return Response(MembershipSerializer(memberships, many=True).data)

    @extend_schema(request=MembershipAddSerializer, responses={201: MembershipSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        partnership = self.get_partnership()
        data = MembershipAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            membership = services.partnership_add_school(
                tenant=self.tenant, actor=request.user, partnership=partnership,
                school=data.validated_data["urn"], start_date=data.validated_data["start_date"],
                days_purchased=data.validated_data["days_purchased"],
            )
        except DjangoValidationError as error:
            raise api_refusal(error) from error
        return Response(MembershipSerializer(membership).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["partnerships"], parameters=[TENANT_PARAMETER, PARTNERSHIP, MEMBERSHIP],
               request=MembershipEndSerializer, responses={200: MembershipSerializer})
class MembershipEndAPI(StructureAPI):
    """End a membership with a reason; it is kept, with its dates, as history."""

    serializer_class = MembershipEndSerializer
    required_permission = PARTNERSHIPS_MANAGE

    def post(self, request: Request, *args, **kwargs) -> Response:
        partnership = self.get_partnership()
        membership = get_object_or_404(
            PartnershipMembership.objects.select_related("school__establishment", "partnership"),
            pk=self.kwargs["partnership_membership_id"], partnership=partnership,
        )
        data = MembershipEndSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.partnership_end_membership(
                tenant=self.tenant, actor=request.user, membership=membership,
                end_date=data.validated_data["end_date"], reason=data.validated_data["reason"],
            )
        except DjangoValidationError as error:
            raise api_refusal(error) from error
        return Response(MembershipSerializer(membership).data)


@extend_schema(tags=["partnerships"], parameters=[TENANT_PARAMETER, PARTNERSHIP])
class RoleListAPI(StructureAPI):
    """The current roles of a partnership (GET) and assigning one (POST), by the role's rule:
    a chair heads a member school, a lead meets the level's rule, advisers are officers and
    at most the level's number …"""

    serializer_class = RoleSerializer

    def get(self, request: Request, *args, **kwargs) -> Response:
        roles = selectors.partnership_roles(partnership=self.get_partnership())
        return Response(RoleSerializer(roles, many=True).data)

    @extend_schema(request=RoleAssignSerializer, responses={201: RoleSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        partnership = self.get_partnership()
        data = RoleAssignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            role = services.partnership_assign_role(
                tenant=self.tenant, actor=request.user, partnership=partnership,
                **data.validated_data,
            )
        except DjangoValidationError as error:
            raise api_refusal(error) from error
        role = PartnershipRole.objects.select_related("person__user", "school").get(pk=role.pk)
        return Response(RoleSerializer(role).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["partnerships"], parameters=[TENANT_PARAMETER, CoverageQuerySerializer],
               responses={200: CoverageSerializer})
class CoverageAPI(StructureAPI):
    """Open schools in a partnership of a level (or of any level): overall, by phase, by
    governance, and the schools in none."""

    serializer_class = CoverageSerializer

    def get(self, request: Request, *args, **kwargs) -> Response:
        query = CoverageQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        level = None
        if "level" in query.validated_data:
            level = get_object_or_404(PartnershipLevel, pk=query.validated_data["level"])
        coverage = kept_coverage(tenant=self.tenant, level=level)
        return Response(CoverageSerializer(coverage).data)
