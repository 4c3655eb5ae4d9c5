"""The register's API: thin views over the same selectors and services as the pages.

Every view runs inside the tenant's scope (`TenantAPIMixin`), so another tenant's school is
simply not found. Refusals follow the design: 404 for another tenant, 403 beyond one's role.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import TENANT_PARAMETER, api_refusal
from core.permissions import REGISTER_VIEW
from core.tenancy import TenantAPIMixin
from schools import selectors, services
from schools.api.serializers import (
    LineageSerializer,
    SchoolSerializer,
    SchoolUpdateSerializer,
)
from schools.filters import RegisterFilter
from schools.models import School
from schools.openapi import URN_PARAMETER


class SchoolAPIBase(TenantAPIMixin, generics.GenericAPIView):
    serializer_class = SchoolSerializer
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            # Schema generation runs outside any tenant scope.
            return School.objects.none()
        return School.objects.with_establishment()

    def get_serializer_context(self) -> dict:
        context = super().get_serializer_context()
        permissions = getattr(self, "tenant_permissions", frozenset())
        # The schema documents the field; a request shows it only to a role that sees notes.
        context["show_officer_notes"] = (
            getattr(self, "swagger_fake_view", False) or REGISTER_VIEW in permissions
        )
        return context

    def get_school(self) -> School:
        # DRF turns Django's Http404 and PermissionDenied into 404 and 403.
        return selectors.school_for_member(membership=self.membership, urn=self.kwargs["urn"])


@extend_schema(tags=["register"])
class SchoolListAPI(SchoolAPIBase, generics.ListAPIView):
    """The tenant's register, filtered as on the register page."""

    required_permission = REGISTER_VIEW
    filter_backends = [DjangoFilterBackend]
    filterset_class = RegisterFilter

    @extend_schema(parameters=[TENANT_PARAMETER])
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


@extend_schema(tags=["register"], parameters=[TENANT_PARAMETER, URN_PARAMETER])
class SchoolDetailAPI(SchoolAPIBase):
    """One register entry. PATCH changes the tenant-owned fields the caller's role allows:
    officers the tenant's fields, a headteacher their own school's contact fields."""

    def get(self, request: Request, *args, **kwargs) -> Response:
        return Response(self.get_serializer(self.get_school()).data)

    @extend_schema(
        request=SchoolUpdateSerializer,
        responses={200: SchoolSerializer},
        description="Fields beyond the caller's role are refused with 403; invalid values with "
                    "400 naming the fields.",
    )
    def patch(self, request: Request, *args, **kwargs) -> Response:
        school = self.get_school()
        writable = set(SchoolUpdateSerializer.Meta.fields)
        unknown = sorted(set(request.data) - writable)
        if unknown:
            raise exceptions.ValidationError(
                {name: ["This field cannot be changed here."] for name in unknown}
            )
        update = SchoolUpdateSerializer(school, data=request.data, partial=True)
        update.is_valid(raise_exception=True)
        try:
            services.school_update(
                school=school, actor=request.user, membership=self.membership,
                data=dict(update.validated_data),
            )
        except DjangoValidationError as error:
            raise api_refusal(error) from error
        school = selectors.school_for_urn(urn=school.urn)
        return Response(self.get_serializer(school).data)


@extend_schema(tags=["register"], parameters=[TENANT_PARAMETER, URN_PARAMETER],
               responses={200: LineageSerializer})
class SchoolLineageAPI(SchoolAPIBase):
    """Predecessors and successors of a school, following GIAS links through conversions."""

    serializer_class = LineageSerializer

    def get(self, request: Request, *args, **kwargs) -> Response:
        school = self.get_school()
        lineage = selectors.school_lineage(school=school)
        return Response(LineageSerializer({"urn": school.urn, **lineage}).data)
