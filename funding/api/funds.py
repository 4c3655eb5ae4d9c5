"""The strategic funds API: a year's funds (GET those who see totals; POST the admin), a fund
with its sums, fixed costs and contributions, adding a cost and recording a contribution. The
pages' rules (funding.views.funds): a contributing school is named to officers only."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import TENANT_PARAMETER, path_parameter
from core.permissions import FUNDING_MANAGE
from funding.api.serializers import money
from funding.api.views import YEAR_PARAMETERS, FundingAPIBase
from funding.models import FundContribution, FundCost, StrategicFund
from funding.permissions import FundingAccess
from funding.selectors.funds import fund_for, fund_summaries, fund_summary
from funding.selectors.register import school_named_by_urn
from funding.services import funds as services

FUND_PARAMETERS = [TENANT_PARAMETER, path_parameter("fund_id", "The strategic fund's id.")]


class FundCostSerializer(serializers.ModelSerializer):
    class Meta:
        model = FundCost
        fields = ["id", "name", "amount", "cost_centre", "ledger_code"]
        read_only_fields = fields


class FundCostCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    amount = serializers.CharField(help_text="Pounds and pence, e.g. \"4500.00\".")
    cost_centre = serializers.CharField(required=False, allow_blank=True, default="",
                                        help_text="Empty: the fund's.")
    ledger_code = serializers.CharField(required=False, allow_blank=True, default="",
                                        help_text="Empty: the fund's.")


class FundContributionSerializer(serializers.ModelSerializer):
    urn = serializers.SerializerMethodField()
    contributor_name = serializers.SerializerMethodField()

    class Meta:
        model = FundContribution
        fields = ["id", "contributor_kind", "contributor_name", "urn", "basis", "rate",
                  "pupils", "census_date", "pupils_source", "amount", "received_on",
                  "reference", "cost_centre", "ledger_code"]
        read_only_fields = fields

    def _named(self) -> bool:
        return bool(self.context.get("can_see_schools"))

    def get_urn(self, contribution: FundContribution) -> int | None:
        return contribution.school.urn if contribution.school and self._named() else None

    def get_contributor_name(self, contribution: FundContribution) -> str:
        if contribution.school_id and not self._named():
            return "A school"
        return contribution.contributor_name


class FundContributionCreateSerializer(serializers.Serializer):
    # Strings: the service refuses a kind, basis, amount or rate it cannot use, naming it.
    contributor_kind = serializers.CharField(help_text="school, council or other.")
    contributor_name = serializers.CharField(required=False, allow_blank=True, default="")
    urn = serializers.IntegerField(required=False, allow_null=True, default=None,
                                   help_text="The contributing school's URN.")
    basis = serializers.CharField(help_text="fixed or per_pupil.")
    amount = serializers.CharField(required=False, allow_blank=True, default="")
    rate = serializers.CharField(required=False, allow_blank=True, default="")
    pupils = serializers.IntegerField(required=False, allow_null=True, default=None)
    received_on = serializers.DateField()
    reference = serializers.CharField(max_length=100)
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    cost_centre = serializers.CharField(required=False, allow_blank=True, default="",
                                        help_text="Empty: the fund's.")
    ledger_code = serializers.CharField(required=False, allow_blank=True, default="",
                                        help_text="Empty: the fund's.")


class FundSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="fund.pk")
    year = serializers.IntegerField(source="fund.year_id")
    name = serializers.CharField(source="fund.name")
    description = serializers.CharField(source="fund.description")
    cost_centre = serializers.CharField(source="fund.cost_centre")
    ledger_code = serializers.CharField(source="fund.ledger_code")
    base_amount = serializers.DecimalField(max_digits=14, decimal_places=2, source="base",
                                           read_only=True)
    contributed = money()
    fixed_costs = money()
    available = money()
    shared = money()
    remaining = money()


class FundDetailSerializer(FundSerializer):
    costs = FundCostSerializer(many=True)
    contributions = FundContributionSerializer(many=True)


class FundCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    base_amount = serializers.CharField(help_text="The council's budget, e.g. \"100000.00\".")
    description = serializers.CharField(required=False, allow_blank=True, default="")
    cost_centre = serializers.CharField(required=False, allow_blank=True, default="")
    ledger_code = serializers.CharField(required=False, allow_blank=True, default="")


class FundAPIBase(FundingAPIBase):
    def totals(self) -> FundingAccess:
        access = self.access()
        if not access.can_see_totals:
            raise exceptions.PermissionDenied("Your role does not show funding totals.")
        return access

    def fund(self) -> StrategicFund:
        return fund_for(self.kwargs["fund_id"])


@extend_schema(tags=["funding"], parameters=YEAR_PARAMETERS)
class FundListAPI(FundAPIBase):
    """The year's strategic funds with their sums (GET); the admin adds one (POST)."""

    serializer_class = FundSerializer
    write_permission = FUNDING_MANAGE

    @extend_schema(operation_id="funding_funds_list", responses=FundSerializer(many=True))
    def get(self, request: Request, *args, **kwargs) -> Response:
        self.totals()
        return Response(FundSerializer(fund_summaries(self.year()), many=True).data)

    @extend_schema(request=FundCreateSerializer, responses={201: FundSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        year = self.year()
        data = FundCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fund = self.call(services.strategic_fund_create, year=year, **data.validated_data)
        return Response(FundSerializer(fund_summary(fund.pk)).data,
                        status=status.HTTP_201_CREATED)


@extend_schema(tags=["funding"], parameters=FUND_PARAMETERS)
class FundDetailAPI(FundAPIBase):
    """A fund: its sums, fixed costs and contributions (a school named to officers only)."""

    serializer_class = FundDetailSerializer

    def get(self, request: Request, *args, **kwargs) -> Response:
        access = self.totals()
        return Response(FundDetailSerializer(
            fund_summary(self.kwargs["fund_id"]),
            context={"can_see_schools": access.can_see_schools}).data)


@extend_schema(tags=["funding"], parameters=FUND_PARAMETERS)
class FundCostListAPI(FundAPIBase):
    """The fund's fixed costs (GET); the admin adds one (POST): a cost larger than what
    remains is refused naming `amount`."""

    serializer_class = FundCostSerializer
    write_permission = FUNDING_MANAGE

    @extend_schema(operation_id="funding_fund_costs_list",
                   responses=FundCostSerializer(many=True))
    def get(self, request: Request, *args, **kwargs) -> Response:
        self.totals()
        return Response(FundCostSerializer(fund_summary(self.kwargs["fund_id"]).costs,
                                           many=True).data)

    @extend_schema(request=FundCostCreateSerializer, responses={201: FundCostSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        fund = self.fund()
        data = FundCostCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cost = self.call(services.fund_cost_add, fund=fund, **data.validated_data)
        return Response(FundCostSerializer(cost).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["funding"], parameters=FUND_PARAMETERS)
class FundContributionListAPI(FundAPIBase):
    """The fund's contributions (GET); the admin records one (POST)."""

    serializer_class = FundContributionSerializer
    write_permission = FUNDING_MANAGE

    @extend_schema(operation_id="funding_fund_contributions_list",
                   responses=FundContributionSerializer(many=True))
    def get(self, request: Request, *args, **kwargs) -> Response:
        access = self.totals()
        return Response(FundContributionSerializer(
            fund_summary(self.kwargs["fund_id"]).contributions, many=True,
            context={"can_see_schools": access.can_see_schools}).data)

    @extend_schema(request=FundContributionCreateSerializer,
                   responses={201: FundContributionSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        fund = self.fund()
        data = FundContributionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        try:
            school = school_named_by_urn(values, "urn")
        except DjangoValidationError as error:
            raise exceptions.ValidationError(error.message_dict) from error
        try:
            contribution = self.call(services.fund_contribution_record, fund=fund,
                                     school=school, **values)
        except exceptions.ValidationError as error:
            detail = error.detail
            if isinstance(detail, dict) and "school" in detail:
                detail["urn"] = detail.pop("school")
            raise
        return Response(FundContributionSerializer(
            contribution, context={"can_see_schools": True}).data,
            status=status.HTTP_201_CREATED)
