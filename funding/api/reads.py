"""Read-only funding API beside the pages of the same names: the census returns and the pupils
each applied return gave (the admin, FUNDING_MANAGE, as the census pages), the budget history
(everyone who sees funding totals) and the tenant's funding settings (officers and the admin,
who commit against the approval limit). Amounts are strings of pounds and pence."""

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import TENANT_PARAMETER, path_parameter
from core.permissions import FUNDING_MANAGE, FUNDING_VIEW
from funding.api.serializers import money
from funding.api.views import FundingAPIBase
from funding.models import CensusReturn, FundingSettings
from funding.selectors.kept import kept_history
from funding.selectors.pupils import census_pupils_shown, census_return_for, census_returns
from funding.selectors.spending import funding_settings

CENSUS_PARAMETERS = [TENANT_PARAMETER, path_parameter("census_id", "The census return's id.")]


class CensusReturnSerializer(serializers.ModelSerializer):
    rows_in_file = serializers.SerializerMethodField()

    class Meta:
        model = CensusReturn
        fields = ["id", "census_date", "source", "original_name", "status", "created_at",
                  "applied_at", "rows_in_file"]
        read_only_fields = fields

    def get_rows_in_file(self, record: CensusReturn) -> int:
        return len(record.rows)


class CensusPupilsSerializer(serializers.Serializer):
    urn = serializers.IntegerField(source="school.urn")
    name = serializers.CharField(source="school.establishment.name")
    pupils = serializers.IntegerField()
    eal_pupils = serializers.IntegerField(allow_null=True)
    primary_pupils = serializers.IntegerField(allow_null=True)
    secondary_pupils = serializers.IntegerField(allow_null=True)


class CensusErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(required=False, allow_null=True)
    column = serializers.CharField(required=False, allow_blank=True)
    message = serializers.CharField()


class CensusReturnDetailSerializer(CensusReturnSerializer):
    problems = CensusErrorSerializer(many=True, read_only=True, source="errors",
                                     help_text="What is wrong with the file, by row and "
                                               "column (none once it can be applied).")
    schools = CensusPupilsSerializer(many=True, read_only=True, source="applied_schools",
                                     help_text="Each school's pupils, once the return is "
                                               "applied.")

    class Meta(CensusReturnSerializer.Meta):
        fields = [*CensusReturnSerializer.Meta.fields, "problems", "schools"]
        read_only_fields = fields


@extend_schema(tags=["funding"], parameters=[TENANT_PARAMETER])
class CensusListAPI(FundingAPIBase):
    """The council's census returns, newest census first."""

    required_permission = FUNDING_MANAGE
    serializer_class = CensusReturnSerializer

    @extend_schema(operation_id="funding_census_returns_list",
                   responses=CensusReturnSerializer(many=True))
    def get(self, request: Request, *args, **kwargs) -> Response:
        return Response(CensusReturnSerializer(census_returns(), many=True).data)


@extend_schema(tags=["funding"], parameters=CENSUS_PARAMETERS)
class CensusDetailAPI(FundingAPIBase):
    """A census return: its file's problems (row and column) and, once applied, each school's
    pupils."""

    required_permission = FUNDING_MANAGE
    serializer_class = CensusReturnDetailSerializer

    def get(self, request: Request, *args, **kwargs) -> Response:
        record = census_return_for(self.kwargs["census_id"], with_file=False)
        record.applied_schools = []  # type: ignore[attr-defined]
        data = CensusReturnDetailSerializer(record).data
        data["schools"] = census_pupils_shown(record)  # as CensusPupilsSerializer draws them
        return Response(data)


class HistoryAmountSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text="The funding year's id.")
    amount = money(allow_null=True)


class HistoryRowSerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.CharField()
    amounts = HistoryAmountSerializer(many=True, help_text="One per year; null: no such "
                                                           "line or fund that year.")


class HistoryYearSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    start_year = serializers.IntegerField()
    year_label = serializers.CharField(source="label")


class HistorySerializer(serializers.Serializer):
    years = HistoryYearSerializer(many=True)
    rows = HistoryRowSerializer(many=True)
    totals = HistoryAmountSerializer(many=True)


@extend_schema(tags=["funding"], parameters=[TENANT_PARAMETER])
class HistoryAPI(FundingAPIBase):
    """The budget history: every funding year, each de-delegation line, strategic fund, the
    formula allocations and money carried forward, with each year's total."""

    serializer_class = HistorySerializer

    def get(self, request: Request, *args, **kwargs) -> Response:
        if not self.access().can_see_totals:
            raise exceptions.PermissionDenied("Your role does not show funding totals.")
        history = kept_history(self.council())
        years = history.years

        def amounts(row) -> list[dict]:
            return [{"year": year.pk, "amount": row.amount_in(year)} for year in years]

        return Response(HistorySerializer({
            "years": [{"id": y.pk, "start_year": y.start_year, "label": y.label} for y in years],
            "rows": [{"name": r.name, "kind": r.kind, "amounts": amounts(r)}
                     for r in history.rows],
            "totals": amounts(history.totals)}).data)


class FundingSettingsSerializer(serializers.ModelSerializer):
    class Meta:
        model = FundingSettings
        fields = ["approval_limit", "conversion_rule", "first_year_months", "updated_at"]
        read_only_fields = fields


@extend_schema(tags=["funding"], parameters=[TENANT_PARAMETER])
class SettingsAPI(FundingAPIBase):
    """The council's funding settings: the approval limit for commitments, the mid-year
    conversion rule and the months of an academic year profiled into its first financial
    year (the defaults until the admin changes them)."""

    required_permission = FUNDING_VIEW
    serializer_class = FundingSettingsSerializer

    def get(self, request: Request, *args, **kwargs) -> Response:
        return Response(FundingSettingsSerializer(funding_settings()).data)
