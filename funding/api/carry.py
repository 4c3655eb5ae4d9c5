"""The year-end step in the API: what was carried forward out of and into a year (GET,
officers and the admin) and carrying a budget's underspend into the next year (POST, the
admin). The rules are the service's (`funding.services.carry`)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from funding.api.spending import SpendingAPIBase
from funding.api.views import YEAR_PARAMETERS
from funding.models import CarryForward
from funding.selectors.spending import carried_forward
from funding.services.carry import carry_forward


class CarryForwardSerializer(serializers.ModelSerializer):
    budget = serializers.CharField(source="source_key", read_only=True,
                                   help_text="The budget carried from, by its key in the "
                                             "year it left.")
    from_year_label = serializers.CharField(source="from_year.label", read_only=True)
    to_year_label = serializers.CharField(source="to_year.label", read_only=True)

    class Meta:
        model = CarryForward
        fields = ["id", "from_year", "from_year_label", "to_year", "to_year_label", "budget",
                  "source_name", "source_kind", "amount", "reason", "cost_centre",
                  "ledger_code", "carried_by_name", "carried_at"]
        read_only_fields = fields


class CarryForwardCreateSerializer(serializers.Serializer):
    budget = serializers.CharField(help_text='A budget of the year by its key in the '
                                             'reconciliation, e.g. "allocation:12".')
    amount = serializers.CharField(help_text='In pounds, e.g. "1250.00": at most what the '
                                             'budget has neither committed nor spent.')
    reason = serializers.CharField()


@extend_schema(tags=["funding"], parameters=YEAR_PARAMETERS)
class CarryForwardListAPI(SpendingAPIBase):
    """Money carried forward out of the year and into it (GET); the admin carries a budget's
    underspend into the next financial year once the year has ended (POST)."""

    serializer_class = CarryForwardSerializer

    @extend_schema(operation_id="funding_carry_forwards_list",
                   responses=CarryForwardSerializer(many=True))
    def get(self, request: Request, *args, **kwargs) -> Response:
        return Response(CarryForwardSerializer(carried_forward(self.year()), many=True).data)

    @extend_schema(request=CarryForwardCreateSerializer, responses={201: CarryForwardSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        year = self.year()
        data = CarryForwardCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        carried = self.call(carry_forward, year=year, budget_key=data.validated_data["budget"],
                            amount=data.validated_data["amount"],
                            reason=data.validated_data["reason"])
        return Response(CarryForwardSerializer(carried).data, status=status.HTTP_201_CREATED)
