"""POST one inspection: for a council's own systems, or Ofsted data between monthly files. It is
stored in the council's own layer (DESIGN §2): read by this council only, shown as entered by
it, and superseded when the national Ofsted file carries the same inspection number.

Two shapes are accepted: the simple one documented below (the inspection's field names, with
grades as Ofsted's own labels), or one row of Ofsted's MI CSV as a JSON object of its column
names (recognised by its "URN" key). Both go through the same parser as a file, so the same
rules apply: an unknown label or a future date is a 400 naming the field.
"""

from drf_spectacular.utils import OpenApiExample, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from categorisation import importing, ofsted
from categorisation.models import Inspection, InspectionValues, TenantInspection
from core.api import TENANT_PARAMETER
from core.permissions import CATEGORIES_DECIDE
from core.tenancy import TenantAPIMixin

GRADE_HELP = "Ofsted's label, e.g. 'Good', 'Requires improvement', 'Not judged'."
CARD_HELP = ("Report-card label: 'Exceptional', 'Strong standard', 'Expected standard', "
             "'Needs attention' or 'Urgent improvement'.")


def _grade(help_text: str = GRADE_HELP) -> serializers.CharField:
    return serializers.CharField(required=False, allow_blank=True, help_text=help_text)


class InspectionInSerializer(serializers.Serializer):
    """The simple shape. Dates are YYYY-MM-DD (DD/MM/YYYY also accepted)."""

    urn = serializers.IntegerField(help_text="The school the inspection is reported for.")
    inspection_number = serializers.CharField(max_length=20)
    start_date = serializers.CharField(help_text="Inspection start date; not in the future.")
    publication_date = serializers.CharField(required=False, allow_blank=True)
    inspected_urn = serializers.IntegerField(
        required=False, help_text="The URN inspected, when it was a predecessor school.")
    inspection_type = serializers.CharField(required=False, allow_blank=True)
    category_of_concern = _grade("'Serious weaknesses', 'Special measures' or empty.")
    safeguarding_met = _grade("'Yes' / 'No' (graded) or 'Met' / 'Not met' (report card).")
    overall_effectiveness = _grade()
    quality_of_education = _grade()
    behaviour_and_attitudes = _grade()
    personal_development = _grade()
    leadership_and_management = _grade()
    early_years = _grade()
    sixth_form = _grade()
    inclusion = _grade(CARD_HELP)
    curriculum_and_teaching = _grade(CARD_HELP)
    achievement = _grade(CARD_HELP)
    attendance_and_behaviour = _grade(CARD_HELP)
    personal_development_and_wellbeing = _grade(CARD_HELP)
    early_years_report_card = _grade(CARD_HELP)
    post_16 = _grade(CARD_HELP)
    leadership_and_governance = _grade(CARD_HELP)
    ungraded_outcome = _grade("For an ungraded inspection, e.g. 'School remains Good'.")


InspectionOutSerializer = inline_serializer("InspectionReceived", {
    "inspection_number": serializers.CharField(),
    "urn": serializers.IntegerField(),
    "era": serializers.CharField(),
    "created": serializers.BooleanField(),
    "changed": serializers.BooleanField(),
    "in_national_data": serializers.BooleanField(
        help_text="The national Ofsted file has this inspection already: it is used, and "
                  "nothing was stored."),
    "recompute_urns": serializers.ListField(child=serializers.IntegerField()),
})
ErrorsSerializer = inline_serializer("InspectionErrors", {
    "errors": serializers.ListField(child=inline_serializer("InspectionError", {
        "field": serializers.CharField(), "column": serializers.CharField(),
        "message": serializers.CharField(),
    })),
})


def _block(data: dict) -> ofsted.Block:
    if any(name in data for name in ofsted.REPORT_CARD_BLOCK.grades):
        return ofsted.REPORT_CARD_BLOCK
    if data.get("ungraded_outcome"):
        return ofsted.UNGRADED_BLOCK
    return ofsted.OEIF_BLOCK


def simple_to_row(data: dict) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """The simple shape as one MI row (2025-onwards columns), column -> field name, and the
    fields given that this kind of inspection does not have."""
    block = _block(data)
    columns = {"urn": ofsted.URN_COLUMN, "inspection_number": block.number,
               "start_date": block.start, **block.columns,
               **{name: column for name, (column, _scale) in block.grades.items()}}
    row = {ofsted.OEIF_BLOCK.number: ""}  # names the format; empty unless this block is OEIF
    fields = {}
    for name, column in columns.items():
        if name in data and data[name] is not None:
            row[column] = str(data[name])
            fields[column] = name
    misplaced = sorted(name for name, value in data.items()
                       if name not in columns and value not in (None, ""))
    return row, fields, [f"{name} is not part of a {block.name}" for name in misplaced]


class InspectionCreateAPI(TenantAPIMixin, APIView):
    """Receive one inspection; admins and officers only."""

    required_permission = CATEGORIES_DECIDE

    @extend_schema(
        tags=["categorisation"], parameters=[TENANT_PARAMETER],
        request=InspectionInSerializer,
        responses={201: InspectionOutSerializer, 200: InspectionOutSerializer,
                   400: ErrorsSerializer},
        description=(
            "Store one Ofsted inspection in this council's own data (read by this council "
            "only, until the national Ofsted file carries the same inspection number) and "
            "schedule the recompute of the categories of its schools it affects. The school "
            "must be in the council's register (or be the predecessor of one). 201 when it is "
            "new, 200 when it updates or repeats a stored one (idempotent), or when the "
            "national data has it already (in_national_data). The body is "
            "the simple shape below, or one row of Ofsted's MI CSV as an object of its column "
            "names (with a \"URN\" key). 400 names each bad field: an unknown grade label, a "
            "date in the future, a malformed URN."),
        examples=[OpenApiExample("A graded inspection", request_only=True, value={
            "urn": 100010, "inspection_number": "10300001", "start_date": "2025-01-14",
            "overall_effectiveness": "Not judged", "quality_of_education": "Good",
            "leadership_and_management": "Requires improvement", "safeguarding_met": "Yes"})],
    )
    def post(self, request: Request, *args, **kwargs) -> Response:
        data = request.data if isinstance(request.data, dict) else {}
        if ofsted.URN_COLUMN in data:
            row = {str(key): "" if value is None else str(value) for key, value in data.items()}
            fields = {column: column for column in row}
        else:
            incoming = InspectionInSerializer(data=data)
            incoming.is_valid(raise_exception=True)
            unknown = sorted(set(data) - set(InspectionInSerializer().fields))
            if unknown:
                return Response({"errors": [
                    {"field": name, "column": "", "message": "Unknown field."}
                    for name in unknown]}, status=status.HTTP_400_BAD_REQUEST)
            row, fields, misplaced = simple_to_row(incoming.validated_data)
            if misplaced:
                return Response({"errors": [
                    {"field": text.split(" ")[0], "column": "", "message": text + "."}
                    for text in misplaced]}, status=status.HTTP_400_BAD_REQUEST)
        result = importing.inspection_receive(tenant=self.tenant, actor=request.user, row=row)
        if result.errors:
            return Response({"errors": [
                {"field": fields.get(error.column, error.column), "column": error.column,
                 "message": error.message}
                for error in result.errors]}, status=status.HTTP_400_BAD_REQUEST)
        if not result.by_era:
            return Response({"errors": [{"field": "inspection_number", "column": "",
                                         "message": "No inspection number was given."}]},
                            status=status.HTTP_400_BAD_REQUEST)
        number = _number(row)
        inspection: InspectionValues | None = (
            TenantInspection.objects.filter(tenant=self.tenant, inspection_number=number).first()
            if not result.already_national else None)
        if inspection is None:
            inspection = Inspection.objects.get(inspection_number=number)
        return Response({
            "inspection_number": inspection.inspection_number, "urn": inspection.urn,
            "era": inspection.era, "created": bool(result.created),
            "changed": bool(result.updated), "in_national_data": bool(result.already_national),
            "recompute_urns": sorted(result.affected_urns),
        }, status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK)


def _number(row: dict[str, str]) -> str:
    for block in (*ofsted.FORMATS[ofsted.FORMAT_2026], *ofsted.FORMATS[ofsted.FORMAT_LEGACY]):
        for column, value in row.items():
            if (ofsted.normalise(column) == ofsted.normalise(block.number)
                    and value.strip().lower() not in ofsted.NULL_VALUES):
                return value.strip()
    return ""
