"""The scheme API (tenant admins, as the scheme pages): the tenant's scheme versions, one version
with its rules, categories and the other versions of the scheme, and a preview of a definition
(where every school would land, which would move and which would be left uncategorised),
writing nothing. Another tenant's scheme is 404, a role beyond the caller's 403, a definition
the engine refuses 400 with each problem naming its field."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from categorisation.models import CategorisationScheme
from categorisation.schemes.transfer import read_definition
from categorisation.selectors.scheme_compare import categories_of
from categorisation.selectors.scheme_preview import scheme_preview
from core.api import TENANT_PARAMETER
from core.permissions import SCHEMES_MANAGE
from core.tenancy import TenantAPIMixin

SCHEME_PARAMETER = OpenApiParameter("category_scheme_id", OpenApiTypes.INT,
                                    OpenApiParameter.PATH)


class SchemeVersionSerializer(serializers.ModelSerializer):
    created_by = serializers.CharField(source="created_by.email", read_only=True,
                                       allow_null=True, default=None)

    class Meta:
        model = CategorisationScheme
        fields = ["id", "key", "name", "version", "is_active", "preset", "change_note",
                  "created_by", "created_at"]


class CategorySerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    description = serializers.CharField()
    colour = serializers.CharField()
    attributes = serializers.DictField()


class SchemeDetailSerializer(SchemeVersionSerializer):
    definition = serializers.DictField(
        help_text="parameters (thresholds), derive (derived facts) and rules, in order: the "
                  "first rule that matches decides.")
    categories = serializers.SerializerMethodField()
    versions = serializers.SerializerMethodField()

    class Meta(SchemeVersionSerializer.Meta):
        fields = [*SchemeVersionSerializer.Meta.fields, "description", "definition",
                  "categories", "versions"]

    @extend_schema_field(CategorySerializer(many=True))
    def get_categories(self, scheme: CategorisationScheme) -> list[dict]:
        return categories_of(scheme)

    @extend_schema_field(SchemeVersionSerializer(many=True))
    def get_versions(self, scheme: CategorisationScheme) -> list[dict]:
        return list(SchemeVersionSerializer(self.context["versions"], many=True).data)


class PreviewInSerializer(serializers.Serializer):
    definition = serializers.JSONField(
        help_text="The rules to try: parameters, derive and rules, as a version's definition.")
    categories = serializers.JSONField(
        required=False, allow_null=True, default=None,
        help_text="The categories the rules name (code, label, description, colour, "
                  "attributes); leave out to use those of the scheme in use.")


class CountSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="A category's code, 'undetermined' or 'none'.")
    label = serializers.CharField()  # type: ignore[assignment]
    before = serializers.IntegerField(help_text="Open schools under the scheme in use.")
    after = serializers.IntegerField(help_text="Open schools under the rules previewed.")


class SchemeMoveSerializer(serializers.Serializer):
    urn = serializers.IntegerField(source="school.establishment_id")
    school_name = serializers.CharField(source="school.establishment.name")
    before = serializers.CharField()
    after = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())


class UncategorisedSerializer(serializers.Serializer):
    urn = serializers.IntegerField()
    school_name = serializers.CharField()
    reason = serializers.CharField()


class PreviewSerializer(serializers.Serializer):
    schools = serializers.IntegerField(help_text="Open schools counted.")
    closed = serializers.IntegerField(help_text="Closed schools, not counted.")
    counts = CountSerializer(many=True)
    moves = SchemeMoveSerializer(many=True)
    uncategorised = serializers.SerializerMethodField(
        help_text="Schools no rule would categorise: such rules cannot be saved.")
    warnings = serializers.ListField(child=serializers.CharField())

    @extend_schema_field(UncategorisedSerializer(many=True))
    def get_uncategorised(self, preview) -> list[dict]:
        return [{"urn": school.establishment_id, "school_name": school.establishment.name,
                 "reason": outcome.summary} for school, outcome in preview.uncategorised]


def _active(tenant) -> CategorisationScheme | None:
    return (CategorisationScheme.objects.filter(tenant=tenant, is_active=True)
            .prefetch_related("categories").first())


class SchemeAPIBase(TenantAPIMixin, APIView):
    required_permission = SCHEMES_MANAGE


@extend_schema(tags=["categorisation"], parameters=[TENANT_PARAMETER],
               responses={200: SchemeVersionSerializer(many=True)})
class SchemeListAPI(SchemeAPIBase):
    """Every version of the tenant's schemes, by scheme and newest version first: who saved it,
    when and why."""

    def get(self, request: Request, tenant_slug: str) -> Response:
        versions = (CategorisationScheme.objects.filter(tenant=self.tenant)
                    .select_related("created_by").order_by("key", "-version"))
        return Response(SchemeVersionSerializer(versions, many=True).data)


@extend_schema(tags=["categorisation"], parameters=[TENANT_PARAMETER, SCHEME_PARAMETER],
               responses={200: SchemeDetailSerializer})
class SchemeDetailAPI(SchemeAPIBase):
    """One version with its rules and categories, and every version of its scheme."""

    def get(self, request: Request, tenant_slug: str, category_scheme_id: int) -> Response:
        scheme = (CategorisationScheme.objects.select_related("created_by")
                  .prefetch_related("categories").filter(pk=category_scheme_id).first())
        if scheme is None:
            raise exceptions.NotFound("No such scheme version.")
        versions = (CategorisationScheme.objects.filter(tenant=self.tenant, key=scheme.key)
                    .select_related("created_by").order_by("-version"))
        return Response(SchemeDetailSerializer(scheme, context={"versions": versions}).data)


@extend_schema(tags=["categorisation"], parameters=[TENANT_PARAMETER],
               request=PreviewInSerializer, responses={200: PreviewSerializer})
class SchemePreviewAPI(SchemeAPIBase):
    """Where every school of the register would land under `definition`, against the scheme in
    use: counts per category, the schools that would move (from, to, why) and those left with
    no category. Nothing is written."""

    def post(self, request: Request, tenant_slug: str) -> Response:
        body = PreviewInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        active = _active(self.tenant)
        categories = body.validated_data["categories"]
        if categories is None:
            if active is None:
                raise exceptions.ValidationError(
                    {"categories": ["No scheme is in use: send the categories."]})
            categories = categories_of(active)
        reading = read_definition(body.validated_data["definition"], categories)
        if not reading.is_valid:
            errors: dict[str, list[str]] = {}
            for problem in reading.problems:
                field = "categories" if problem.startswith("categories") else "definition"
                errors.setdefault(field, []).append(problem)
            raise exceptions.ValidationError(errors)
        preview = scheme_preview(tenant=self.tenant,  # type: ignore[arg-type]
                                 current=active, definition=reading.definition,
                                 categories=reading.categories)
        return Response(PreviewSerializer(preview).data)
