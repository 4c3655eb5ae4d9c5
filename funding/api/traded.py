"""The traded days API: a year's purchases (GET: officers every one, a headteacher their own
school's) and recording one (POST, the admin); the year's day rate (GET officers, POST the
admin); marking a purchase's invoice request as sent (POST, the admin). The pages' rules
(funding.views.traded)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import TENANT_PARAMETER, path_parameter
from core.permissions import FUNDING_MANAGE, FUNDING_VIEW
from funding.api.views import YEAR_PARAMETERS, FundingAPIBase
from funding.models import TradedDayPurchase, TradedDayRate
from funding.permissions import funding_access
from funding.selectors.register import school_named_by_urn
from funding.selectors.traded import SENT, UNSENT, day_rate_of, purchase_for, purchases_of
from funding.services import traded as services

PURCHASE_PARAMETERS = [TENANT_PARAMETER,
                       path_parameter("purchase_id", "The traded-day purchase's id.")]


class DayRateSerializer(serializers.ModelSerializer):
    class Meta:
        model = TradedDayRate
        fields = ["day_rate", "vat", "cost_centre", "ledger_code", "set_at"]
        read_only_fields = fields


class DayRateSetSerializer(serializers.Serializer):
    # A string: the service names what is wrong with a rate.
    day_rate = serializers.CharField(help_text="Pounds and pence, e.g. \"450.00\".")
    vat = serializers.BooleanField(required=False, default=True)
    cost_centre = serializers.CharField(required=False, allow_blank=True, default="")
    ledger_code = serializers.CharField(required=False, allow_blank=True, default="")


class PurchaseSerializer(serializers.ModelSerializer):
    urn = serializers.SerializerMethodField()

    class Meta:
        model = TradedDayPurchase
        fields = ["id", "reference", "year", "customer_kind", "customer_name", "urn", "ukprn",
                  "days", "rate", "amount", "vat", "purchased_on", "cost_centre",
                  "ledger_code", "notes", "recorded_by_name", "recorded_at", "request_sent_at",
                  "request_sent_by_name"]
        read_only_fields = fields

    def get_urn(self, purchase: TradedDayPurchase) -> int | None:
        return purchase.school.urn if purchase.school is not None else None


class PurchaseCreateSerializer(serializers.Serializer):
    # Strings: the service refuses days, a rate or codes it cannot use, naming the field.
    customer_kind = serializers.CharField(help_text="school (an academy) or trust.")
    urn = serializers.IntegerField(required=False, allow_null=True, default=None,
                                   help_text="The academy's URN.")
    trust_name = serializers.CharField(required=False, allow_blank=True, default="")
    ukprn = serializers.CharField(required=False, allow_blank=True, default="")
    days = serializers.CharField(required=False, allow_blank=True, default="",
                                 help_text="Empty: the days the academy bought with its "
                                           "partnership membership.")
    purchased_on = serializers.DateField()
    rate = serializers.CharField(required=False, allow_blank=True, default="",
                                 help_text="Empty: the year's day rate.")
    vat = serializers.BooleanField(required=False, allow_null=True, default=None)
    cost_centre = serializers.CharField(required=False, allow_blank=True, default="")
    ledger_code = serializers.CharField(required=False, allow_blank=True, default="")
    notes = serializers.CharField(required=False, allow_blank=True, default="")


@extend_schema(tags=["funding"], parameters=YEAR_PARAMETERS)
class TradedDayListAPI(FundingAPIBase):
    """The year's traded-day purchases (GET; `?status=sent|unsent`): officers every one, a
    headteacher their own school's. The admin records one (POST)."""

    serializer_class = PurchaseSerializer
    write_permission = FUNDING_MANAGE

    @extend_schema(operation_id="funding_traded_days_list",
                   responses=PurchaseSerializer(many=True))
    def get(self, request: Request, *args, **kwargs) -> Response:
        access = funding_access(self.membership)  # type: ignore[arg-type]
        if not access.can_see_schools and access.own_school is None:
            raise exceptions.PermissionDenied("Your role does not show traded-day purchases.")
        state = request.query_params.get("status", "")
        purchases = purchases_of(self.year(),
                                 school=None if access.can_see_schools else access.own_school,
                                 status=state if state in (SENT, UNSENT) else "")
        return Response(PurchaseSerializer(purchases, many=True).data)

    @extend_schema(request=PurchaseCreateSerializer, responses={201: PurchaseSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        year = self.year()
        data = PurchaseCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        try:
            school = school_named_by_urn(values, "urn")
        except DjangoValidationError as error:
            raise exceptions.ValidationError(error.message_dict) from error
        try:
            purchase = self.call(services.traded_day_purchase_record, year=year, school=school,
                                 **values)
        except exceptions.ValidationError as error:
            detail = error.detail
            if isinstance(detail, dict) and "school" in detail:
                detail["urn"] = detail.pop("school")
            raise
        return Response(PurchaseSerializer(purchase).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["funding"], parameters=YEAR_PARAMETERS)
class DayRateAPI(FundingAPIBase):
    """The year's traded day rate (GET, officers; null when not set); the admin sets it
    (POST). Purchases already recorded keep their rate."""

    serializer_class = DayRateSerializer
    required_permission = FUNDING_VIEW
    write_permission = FUNDING_MANAGE

    @extend_schema(responses={200: DayRateSerializer})
    def get(self, request: Request, *args, **kwargs) -> Response:
        price = day_rate_of(self.year())
        return Response(None if price is None else DayRateSerializer(price).data)

    @extend_schema(request=DayRateSetSerializer, responses={200: DayRateSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        year = self.year()
        data = DayRateSetSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        price = self.call(services.traded_day_rate_set, year=year, **data.validated_data)
        return Response(DayRateSerializer(price).data)


@extend_schema(tags=["funding"], parameters=PURCHASE_PARAMETERS)
class TradedDayMarkSentAPI(FundingAPIBase):
    """Mark a purchase's invoice request as sent to the council's ledger (POST, the admin);
    refused when it was marked before."""

    serializer_class = PurchaseSerializer
    required_permission = FUNDING_VIEW
    write_permission = FUNDING_MANAGE

    @extend_schema(request=None, responses={200: PurchaseSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        purchase = purchase_for(self.kwargs["purchase_id"])
        purchase = self.call(services.traded_day_request_mark_sent, purchase=purchase)
        return Response(PurchaseSerializer(purchase).data)
