"""Uploading an Ofsted or performance file from a script: how a council loads its monthly files
with a write token, the same three steps as the page (upload and check; read the preview;
apply), and the same rules (`categorisation.importing`). What it writes is the council's own
data (DESIGN §2), read by no other council.

    curl -H "Authorization: Token $TOKEN" -F kind=performance -F file=@2025-2026_ks2.csv \\
         https://…/api/t/<slug>/categorisation/data-imports/
    curl -H "Authorization: Token $TOKEN" https://…/api/t/<slug>/categorisation/data-imports/7/
    curl -X POST -H "Authorization: Token $TOKEN" \\
         https://…/api/t/<slug>/categorisation/data-imports/7/apply/
"""

from typing import cast

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from categorisation import importing
from categorisation.models import DataImport
from core.api import TENANT_PARAMETER
from core.models import Tenant
from core.permissions import IMPORTS_RUN
from core.tenancy import TenantAPIMixin


class DataImportInSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DataImport.Kind.choices)
    file = serializers.FileField(help_text="A CSV file: Ofsted's management information, or a "
                                           "DfE performance tables or EES school-level file.")
    academic_year = serializers.IntegerField(
        required=False, allow_null=True, min_value=2000, max_value=2100,
        help_text="Start year of the academic year (2025 = 2025/26), for a performance file "
                  "whose name does not say it.")


class DataImportSerializer(serializers.ModelSerializer):
    """An upload's state. `summary` is the preview once checked: counts (created, updated,
    unchanged, already_national), `reach` (rows not for your council) and `missing` (your
    schools not in this file); `errors` name the row and column."""

    class Meta:
        model = DataImport
        fields = ["id", "kind", "original_name", "academic_year", "status", "progress_note",
                  "processed_rows", "total_rows", "summary", "errors", "created_at",
                  "finished_at"]
        read_only_fields = fields


class DataImportListAPI(TenantAPIMixin, APIView):
    """The council's uploads, newest first; upload a new file to check."""

    required_permission = IMPORTS_RUN
    parser_classes = [MultiPartParser]

    @extend_schema(tags=["categorisation"], parameters=[TENANT_PARAMETER],
                   responses={200: DataImportSerializer(many=True)},
                   description="The council's Ofsted and performance uploads, newest first "
                               "(the last 50).")
    def get(self, request: Request, *args, **kwargs) -> Response:
        rows = DataImport.objects.order_by("-created_at")[:50]
        return Response(DataImportSerializer(rows, many=True).data)

    @extend_schema(
        tags=["categorisation"], parameters=[TENANT_PARAMETER],
        request={"multipart/form-data": DataImportInSerializer},
        responses={202: DataImportSerializer},
        description=(
            "Upload a file to check. It is checked in the background: read the upload until "
            "its status is `previewed` (or `failed`), then apply it. Nothing is written before "
            "apply. A write token is needed."),
    )
    def post(self, request: Request, *args, **kwargs) -> Response:
        incoming = DataImportInSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        # A refusal (an empty or too large file) is the API's 400 (core.api).
        record = importing.data_import_create(
            tenant=_tenant(self), actor=_actor(request), kind=incoming.validated_data["kind"],
            uploaded_file=incoming.validated_data["file"],
            academic_year=incoming.validated_data.get("academic_year"))
        record.refresh_from_db()  # with tasks inline the check has run already
        return Response(DataImportSerializer(record).data, status=status.HTTP_202_ACCEPTED)


def _actor(request: Request) -> User:
    # TenantAPIMixin has admitted only a signed-in member by now.
    return cast(User, request.user)


def _tenant(view: TenantAPIMixin) -> Tenant:
    assert view.tenant is not None  # TenantAPIMixin answers 404 without one
    return view.tenant


def _record(data_import_id: int) -> DataImport:
    # The tenant's scope is active: another council's upload is not found.
    record = DataImport.objects.filter(pk=data_import_id).first()
    if record is None:
        raise NotFound("No such upload.")
    return record


class DataImportDetailAPI(TenantAPIMixin, APIView):
    required_permission = IMPORTS_RUN

    @extend_schema(tags=["categorisation"], parameters=[TENANT_PARAMETER],
                   responses={200: DataImportSerializer},
                   description="One upload: its status, progress, preview and errors.")
    def get(self, request: Request, data_import_id: int, *args, **kwargs) -> Response:
        return Response(DataImportSerializer(_record(data_import_id)).data)


class DataImportApplyAPI(TenantAPIMixin, APIView):
    required_permission = IMPORTS_RUN

    @extend_schema(
        tags=["categorisation"], parameters=[TENANT_PARAMETER], request=None,
        responses={202: DataImportSerializer},
        description=(
            "Apply a checked upload (status `previewed`): its rows are written to the "
            "council's own data in one transaction and the categories of its schools whose "
            "data changed are worked out again. 403 when it is not ready to apply (not yet "
            "checked, applied already, or the check found errors)."),
    )
    def post(self, request: Request, data_import_id: int, *args, **kwargs) -> Response:
        record = importing.data_import_apply_request(data_import=_record(data_import_id),
                                                     actor=_actor(request))
        record.refresh_from_db()
        return Response(DataImportSerializer(record).data, status=status.HTTP_202_ACCEPTED)
