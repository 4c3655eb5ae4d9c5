"""The commitments and spend API: a year's commitments (GET) and committing money (POST),
a commitment with its spend, approving and cancelling it, recording spend, and the year's
reconciliation. The pages' rules (funding.views.spending): officers and the admin read
(FUNDING_VIEW); only the admin writes (FUNDING_MANAGE); headteachers, board members and
viewers see nothing of commitments. Amounts are strings of pounds and pence, net of VAT."""

from django.db.models import Q
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import TENANT_PARAMETER, path_parameter
from core.permissions import FUNDING_MANAGE, FUNDING_VIEW
from funding.api.serializers import money
from funding.api.views import YEAR_PARAMETERS, FundingAPIBase
from funding.exports import budget_totals
from funding.models import (
    NO_PENCE,
    AllocationRunPartnership,
    Commitment,
    DeDelegationLine,
    RunPeriod,
    Spend,
)
from funding.selectors.kept import kept_balances, kept_reconciliation
from funding.selectors.spending import budget_by_key, commitment_for, spend_of
from funding.services import spending as services

COMMITMENT_PARAMETERS = [TENANT_PARAMETER,
                         path_parameter("commitment_id", "The commitment's id.")]


class CommitmentSerializer(serializers.ModelSerializer):
    budget = serializers.CharField(source="budget_key", read_only=True,
                                   help_text='The budget: "line:<id>", "allocation:<id>", '
                                             '"fund:<id>" or "carry_forward:<id>".')
    gross = money()
    # Set by the selectors that sum spend; absent on a commitment just written.
    spent = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True,
                                     allow_null=True, default=None)

    class Meta:
        model = Commitment
        fields = ["id", "reference", "year", "budget", "line", "allocation", "fund",
                  "carry_forward", "description",
                  "supplier", "amount", "vat", "vat_amount", "gross", "committed_on",
                  "cost_centre", "ledger_code", "status", "source", "approval_limit",
                  "approved_by_name", "approved_at", "override_reason", "cancelled_at",
                  "cancel_reason", "spent"]
        read_only_fields = fields


class CommitmentCreateSerializer(serializers.Serializer):
    line = serializers.IntegerField(required=False, allow_null=True, min_value=1,
                                    max_value=2**31 - 1,
                                    help_text="A de-delegation line of the year (or give "
                                              "`allocation`).")
    allocation = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=2**31 - 1,
        help_text="A partnership's allocation in a confirmed run with money in the year.")
    budget = serializers.CharField(
        required=False, allow_blank=True, default="",
        help_text='Instead of line or allocation: any budget of the year by the key the '
                  'reconciliation gives it ("fund:<id>", "carry_forward:<id>", ...).')
    description = serializers.CharField(max_length=300)
    supplier = serializers.CharField(max_length=200)
    # A string: the service refuses what is not pounds and pence, naming `amount`.
    amount = serializers.CharField(help_text="Net of VAT, e.g. \"2500.00\".")
    vat = serializers.BooleanField(required=False, default=False)
    vat_amount = serializers.CharField(required=False, allow_blank=True, allow_null=True,
                                       default=None,
                                       help_text="Default: 20% of the net amount.")
    on = serializers.DateField()
    reference = serializers.CharField(required=False, allow_blank=True, default="")
    cost_centre = serializers.CharField(required=False, allow_blank=True, default="")
    ledger_code = serializers.CharField(required=False, allow_blank=True, default="")
    override_reason = serializers.CharField(
        required=False, allow_blank=True, default="",
        help_text="An admin's reason for committing past the budget.")


class CommitmentApproveSerializer(serializers.Serializer):
    override_reason = serializers.CharField(required=False, allow_blank=True, default="")


class CommitmentCancelSerializer(serializers.Serializer):
    reason = serializers.CharField()


class SpendSerializer(serializers.ModelSerializer):
    class Meta:
        model = Spend
        fields = ["id", "commitment", "spent_on", "amount", "description", "ledger_reference",
                  "source", "spend_import", "recorded_at"]
        read_only_fields = fields


class SpendCreateSerializer(serializers.Serializer):
    amount = serializers.CharField(help_text="Net of VAT; negative for a credit.")
    on = serializers.DateField()
    description = serializers.CharField(required=False, allow_blank=True, default="")
    ledger_reference = serializers.CharField(required=False, allow_blank=True, default="")
    confirm_over_commitment = serializers.BooleanField(required=False, default=False)


class CommitmentDetailSerializer(CommitmentSerializer):
    spend = SpendSerializer(many=True, read_only=True, source="spend_rows")

    class Meta(CommitmentSerializer.Meta):
        fields = [*CommitmentSerializer.Meta.fields, "spend"]
        read_only_fields = fields


class ReconciliationBudgetSerializer(serializers.Serializer):
    budget = serializers.CharField(source="key")
    kind = serializers.CharField()
    name = serializers.CharField()
    cost_centre = serializers.CharField()
    ledger_code = serializers.CharField()
    amount = money()
    committed = money()
    spent = money()
    remaining = money()
    underspend = money()
    carried = money()  # carried forward to the next financial year
    note = serializers.CharField(help_text="How an academic-year allocation's part was "
                                           "profiled, or why money was carried in.")


class ReconciliationTotalsSerializer(serializers.Serializer):
    amount = money()
    committed = money()
    spent = money()
    remaining = money()
    underspend = money()
    carried = money()


class IncomeSerializer(serializers.Serializer):
    name = serializers.CharField()
    purchases = serializers.IntegerField()
    days = serializers.DecimalField(max_digits=8, decimal_places=1)
    amount = money()
    sent = money()
    not_sent = money()


class ReconciliationSerializer(serializers.Serializer):
    budgets = ReconciliationBudgetSerializer(many=True)
    totals = ReconciliationTotalsSerializer()
    income = IncomeSerializer(many=True, help_text="Income by source (traded days sold), then "
                                                   "the total; not a budget.")


class SpendingAPIBase(FundingAPIBase):
    required_permission = FUNDING_VIEW
    write_permission = FUNDING_MANAGE

    def commitment(self) -> Commitment:
        return commitment_for(self.kwargs["commitment_id"])


@extend_schema(tags=["funding"], parameters=YEAR_PARAMETERS)
class CommitmentListAPI(SpendingAPIBase):
    """The year's commitments with what is spent (GET); the admin commits money (POST)
    against exactly one of `line` or `allocation`. Past the budget it is refused naming
    `amount` unless `override_reason` is given; above the tenant's approval limit it is made
    `requested`, waiting for a second person's approval."""

    serializer_class = CommitmentSerializer

    @extend_schema(operation_id="funding_commitments_list",
                   responses=CommitmentSerializer(many=True))
    def get(self, request: Request, *args, **kwargs) -> Response:
        _, commitments = kept_balances(self.year())
        return Response(CommitmentSerializer(commitments, many=True).data)

    @extend_schema(request=CommitmentCreateSerializer, responses={201: CommitmentSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        year = self.year()
        data = CommitmentCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        line, allocation = values.pop("line", None), values.pop("allocation", None)
        key = values.pop("budget", "")
        if [line is not None, allocation is not None, bool(key)].count(True) != 1:
            raise exceptions.ValidationError({"line": ["Give exactly one of line, allocation "
                                                       "or budget."]})
        if key:
            budget = budget_by_key(year, key)
            field = "budget"
        elif line is not None:
            budget, field = DeDelegationLine.objects.filter(pk=line, year=year).first(), "line"
        else:
            # Of a run with money in the year (a draft's is refused by the service, naming
            # the budget).
            budget = (AllocationRunPartnership.objects.filter(pk=allocation)
                      .filter(Q(run__year=year) | Q(run__year__start_year=year.start_year - 1,
                                                    run__period=RunPeriod.ACADEMIC))
                      .select_related("run__year").first())
            field = "allocation"
        if budget is None:
            raise exceptions.ValidationError({field: ["Not a budget of this year."]})
        commitment = self.call(services.commitment_create, budget=budget, **values)
        return Response(CommitmentSerializer(commitment).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["funding"], parameters=COMMITMENT_PARAMETERS)
class CommitmentDetailAPI(SpendingAPIBase):
    """A commitment with its spend."""

    serializer_class = CommitmentDetailSerializer

    def get(self, request: Request, *args, **kwargs) -> Response:
        commitment = self.commitment()
        rows = spend_of(commitment)
        commitment.spend_rows = rows  # type: ignore[attr-defined]
        commitment.spent = sum((row.amount for row in rows),  # type: ignore[attr-defined]
                               NO_PENCE)
        return Response(CommitmentDetailSerializer(commitment).data)


@extend_schema(tags=["funding"], parameters=COMMITMENT_PARAMETERS)
class CommitmentApproveAPI(SpendingAPIBase):
    """A second person approves a commitment awaiting approval (not who requested it)."""

    serializer_class = CommitmentApproveSerializer

    @extend_schema(request=CommitmentApproveSerializer, responses=CommitmentSerializer)
    def post(self, request: Request, *args, **kwargs) -> Response:
        commitment = self.commitment()
        data = CommitmentApproveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        approved = self.call(services.commitment_approve, commitment=commitment,
                             **data.validated_data)
        return Response(CommitmentSerializer(approved).data)


@extend_schema(tags=["funding"], parameters=COMMITMENT_PARAMETERS)
class CommitmentCancelAPI(SpendingAPIBase):
    """Cancel a commitment with nothing spent against it."""

    serializer_class = CommitmentCancelSerializer

    @extend_schema(request=CommitmentCancelSerializer, responses=CommitmentSerializer)
    def post(self, request: Request, *args, **kwargs) -> Response:
        commitment = self.commitment()
        data = CommitmentCancelSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cancelled = self.call(services.commitment_cancel, commitment=commitment,
                              **data.validated_data)
        return Response(CommitmentSerializer(cancelled).data)


@extend_schema(tags=["funding"], parameters=COMMITMENT_PARAMETERS)
class SpendListAPI(SpendingAPIBase):
    """Spend against a commitment (GET); the admin records spend (POST). Past the
    commitment's amount it is refused naming `amount` until `confirm_over_commitment`."""

    serializer_class = SpendSerializer

    @extend_schema(operation_id="funding_spend_list", responses=SpendSerializer(many=True))
    def get(self, request: Request, *args, **kwargs) -> Response:
        return Response(SpendSerializer(spend_of(self.commitment()), many=True).data)

    @extend_schema(request=SpendCreateSerializer, responses={201: SpendSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        commitment = self.commitment()
        data = SpendCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        spend = self.call(services.spend_record, commitment=commitment, **data.validated_data)
        return Response(SpendSerializer(spend).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["funding"], parameters=YEAR_PARAMETERS)
class ReconciliationAPI(SpendingAPIBase):
    """The year's reconciliation: per budget, the budget, committed, spent, remaining
    (budget - committed) and underspend (budget - spent, negative where overspent), and the
    totals."""

    serializer_class = ReconciliationSerializer

    def get(self, request: Request, *args, **kwargs) -> Response:
        year = self.year()
        kept = kept_reconciliation(year)
        return Response(ReconciliationSerializer(
            {"budgets": kept.budgets, "totals": budget_totals(kept.budgets),
             "income": kept.income}).data)
