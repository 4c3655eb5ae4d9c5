"""The allocation API: formulas and their versions, runs with their snapshots, confirming, and
the what-if. The pages' rules (funding.views.allocations): the admin writes; officers read
formulas, every school's line and the what-if; a run's totals per partnership are for everyone
who sees aggregates, a headteacher gets their own school's line only."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import TENANT_PARAMETER, api_refusal, path_parameter
from core.kept import kept
from core.permissions import FUNDING_MANAGE, FUNDING_VIEW
from funding.api.serializers import money
from funding.api.views import YEAR_PARAMETERS, FundingAPIBase
from funding.models import AllocationFormula, AllocationRun, RunPeriod
from funding.selectors.allocations import (
    formula_for,
    formula_list,
    latest_formulas,
    run_for,
    run_partnerships,
    run_school_rows,
    run_schools,
    runs_of,
)
from funding.selectors.funds import fund_for
from funding.services import allocations as services
from funding.whatif import cached_what_if

RUN_SCHOOLS_TTL = 60 * 60 * 24

RUN_PARAMETERS = [TENANT_PARAMETER, path_parameter("run_id", "The allocation run's id.")]


class FormulaSerializer(serializers.ModelSerializer):
    class Meta:
        model = AllocationFormula
        fields = ["id", "name", "version", "mode", "level_name", "rates", "amount",
                  "triggering_codes", "minimum_pupils", "cost_centre", "ledger_code",
                  "change_note", "created_at"]
        read_only_fields = fields


class FormulaCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False,
                                 help_text="Required for a new formula; a new version of "
                                           "`revises` keeps its name.")
    revises = serializers.IntegerField(required=False, help_text="The formula's id: a new "
                                                                 "version of it.")
    level_name = serializers.CharField(max_length=100)
    # Strings: the service refuses a mode, value or amount it cannot use, naming the field.
    mode = serializers.CharField(required=False, default="category_rates",
                                 help_text="category_rates, pot, days, flat or band.")
    rates = serializers.DictField(child=serializers.CharField(), required=False, default=dict,
                                  help_text='Category code -> the mode\'s value: pounds per '
                                            'pupil {"3A": "25.00"}, a weight per pupil (pot), '
                                            'whole days (days) or a band\'s pounds (band).')
    amount = serializers.CharField(required=False, allow_blank=True, default="",
                                   help_text="The pot, the day rate or the amount per school, "
                                             "in pounds.")
    triggering_codes = serializers.ListField(child=serializers.CharField(), required=False,
                                             default=list)
    minimum_pupils = serializers.IntegerField(min_value=0, required=False, default=0)
    change_note = serializers.CharField(required=False, allow_blank=True, default="")
    cost_centre = serializers.CharField(required=False, allow_blank=True, allow_null=True,
                                        default=None, help_text="The council's cost centre; "
                                        "a new version keeps the last one's when left out.")
    ledger_code = serializers.CharField(required=False, allow_blank=True, allow_null=True,
                                        default=None)


class RunSerializer(serializers.ModelSerializer):
    formula_name = serializers.CharField(source="formula.name", read_only=True)
    formula_version = serializers.IntegerField(source="formula.version", read_only=True)
    total = money(allow_null=True)

    class Meta:
        model = AllocationRun
        fields = ["id", "year", "formula", "formula_name", "formula_version", "inputs_on",
                  "status", "parameters", "total", "fund", "origin", "period",
                  "first_year_months", "cost_centre", "ledger_code", "created_at",
                  "confirmed_at", "confirmed_by_name"]
        read_only_fields = fields


class RunCreateSerializer(serializers.Serializer):
    formula = serializers.IntegerField(help_text="The id of a formula's newest version.")
    inputs_on = serializers.DateField()
    fund = serializers.IntegerField(required=False, allow_null=True, default=None,
                                    help_text="A pot formula only: the strategic fund whose "
                                              "remainder it shares.")
    pot = serializers.CharField(required=False, allow_blank=True, default="",
                                help_text="A pot formula only: the pot, in pounds (default: "
                                          "what remains of the fund, or the formula's pot).")
    period = serializers.ChoiceField(choices=RunPeriod.choices, required=False,
                                     default=RunPeriod.FINANCIAL,
                                     help_text="academic: the academic year starting in "
                                               "September of the year, profiled across it and "
                                               "the next financial year.")
    first_year_months = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=11,
        help_text="An academic-year run: twelfths in the first financial year (default: the "
                  "council's setting, 7).")


class RunPartnershipSerializer(serializers.Serializer):
    name = serializers.CharField()
    schools = serializers.IntegerField()
    funded_schools = serializers.IntegerField()
    funded_pupils = serializers.IntegerField()
    amount = money()


class RunSchoolSerializer(serializers.Serializer):
    urn = serializers.IntegerField()
    name = serializers.CharField(source="school_name")
    partnership = serializers.CharField(source="partnership.name", allow_null=True,
                                        default=None)
    category_step_id = serializers.IntegerField(allow_null=True)
    category_code = serializers.CharField()
    category_label = serializers.CharField()
    triggers = serializers.BooleanField()
    pupils = serializers.IntegerField(allow_null=True)
    census_date = serializers.DateField(allow_null=True)
    pupils_source = serializers.CharField()
    rate = money(allow_null=True)
    days = serializers.IntegerField(allow_null=True)
    weight = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    amount = money()
    reason = serializers.CharField()


class RunDetailSerializer(serializers.Serializer):
    run = RunSerializer()
    partnerships = RunPartnershipSerializer(many=True, allow_null=True)
    schools = RunSchoolSerializer(many=True)


class RunConfirmSerializer(serializers.Serializer):
    confirm = serializers.BooleanField(help_text="true: a confirmed run is never changed.")

    def validate_confirm(self, value: bool) -> bool:
        if not value:
            raise serializers.ValidationError("Send true to confirm the run.")
        return value


class WhatIfSerializer(serializers.Serializer):
    rates = serializers.DictField(child=serializers.CharField(), required=False)
    triggering_codes = serializers.ListField(child=serializers.CharField(), required=False)
    minimum_pupils = serializers.IntegerField(min_value=0, required=False)
    suppose_urn = serializers.IntegerField(required=False)
    suppose_code = serializers.CharField(required=False, default="")
    amount = serializers.CharField(required=False, allow_blank=True, default="",
                                   help_text="Another pot, day rate or amount per school.")

    def validate(self, attrs: dict) -> dict:
        if not any(attrs.get(key) not in (None, "", {}, []) for key in
                   ("rates", "triggering_codes", "minimum_pupils", "suppose_urn", "amount")):
            raise serializers.ValidationError("Ask for at least one change.")
        return attrs


class DifferenceSerializer(serializers.Serializer):
    name = serializers.CharField()
    before = money()
    after = money()
    difference = money()


class SchoolDifferenceSerializer(DifferenceSerializer):
    urn = serializers.IntegerField()
    partnership = serializers.CharField()
    reason_before = serializers.CharField()
    reason_after = serializers.CharField()


class WhatIfResultSerializer(serializers.Serializer):
    before = serializers.DecimalField(max_digits=14, decimal_places=2, source="before_total")
    after = serializers.DecimalField(max_digits=14, decimal_places=2, source="after_total")
    difference = money()
    supposed = serializers.CharField()
    partnerships = DifferenceSerializer(many=True)
    schools = SchoolDifferenceSerializer(many=True)


@extend_schema(tags=["funding"], parameters=[TENANT_PARAMETER])
class FormulaListAPI(FundingAPIBase):
    """Every formula and version (GET, officers); the admin adds one or a new version of one
    (POST, `revises`)."""

    serializer_class = FormulaSerializer
    required_permission = FUNDING_VIEW
    write_permission = FUNDING_MANAGE

    @extend_schema(operation_id="funding_formulas_list", responses=FormulaSerializer(many=True))
    def get(self, request: Request, *args, **kwargs) -> Response:
        return Response(FormulaSerializer(formula_list(), many=True).data)

    @extend_schema(request=FormulaCreateSerializer, responses={201: FormulaSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        data = FormulaCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        revises = values.pop("revises", None)
        if revises is not None:
            values.pop("name", None)
            formula = self.call(services.allocation_formula_revise,
                            formula=formula_for(revises), **values)
        else:
            formula = self.call(services.allocation_formula_create,
                            name=values.pop("name", ""), **values)
        return Response(FormulaSerializer(formula).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["funding"], parameters=YEAR_PARAMETERS)
class RunListAPI(FundingAPIBase):
    """The year's runs with their totals (GET, those who see totals); the admin makes a draft
    (POST)."""

    serializer_class = RunSerializer
    write_permission = FUNDING_MANAGE

    @extend_schema(operation_id="funding_runs_list", responses=RunSerializer(many=True))
    def get(self, request: Request, *args, **kwargs) -> Response:
        if not self.access().can_see_totals:
            raise exceptions.PermissionDenied("Your role does not show funding totals.")
        return Response(RunSerializer(runs_of(self.year()), many=True).data)

    @extend_schema(request=RunCreateSerializer, responses={201: RunSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        year = self.year()
        data = RunCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        formula = next((f for f in latest_formulas()
                        if f.pk == data.validated_data["formula"]), None)
        if formula is None:
            raise exceptions.ValidationError({"formula": ["Give the id of a formula's newest "
                                                          "version in this area."]})
        fund_id = data.validated_data["fund"]
        run = self.call(services.allocation_run_create, year=year, formula=formula,
                        inputs_on=data.validated_data["inputs_on"],
                        fund=fund_for(fund_id) if fund_id is not None else None,
                        pot=data.validated_data["pot"], period=data.validated_data["period"],
                        first_year_months=data.validated_data["first_year_months"])
        return Response(RunSerializer(run).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["funding"], parameters=RUN_PARAMETERS)
class RunDetailAPI(FundingAPIBase):
    """A run and its snapshot: partnership totals (null without aggregates), every school's
    line for officers, a headteacher's own school's line only."""

    serializer_class = RunDetailSerializer

    def get(self, request: Request, *args, **kwargs) -> Response:
        access = self.access()
        run = run_for(self.kwargs["run_id"])
        if access.can_see_schools:
            # A run's snapshot rows never change once written (a discarded run's id is never
            # used again), so every school's serialised line is kept under the run's id; the
            # run itself (its status) is read each time.
            schools = kept(f"funding:run-schools:t{run.tenant_id}:{run.pk}",
                           lambda: [dict(row) for row in RunSchoolSerializer(
                               run_schools(run), many=True).data], ttl=RUN_SCHOOLS_TTL)
        elif access.own_school is not None:
            schools = [dict(row) for row in RunSchoolSerializer(run_school_rows(run).filter(
                school=access.own_school), many=True).data]
        else:
            schools = []
        data = RunDetailSerializer({
            "run": run, "schools": [],
            "partnerships": run_partnerships(run) if access.can_see_totals else None}).data
        data["schools"] = schools
        return Response(data)


@extend_schema(tags=["funding"], parameters=RUN_PARAMETERS)
class RunConfirmAPI(FundingAPIBase):
    """Confirm a draft (the admin, `{"confirm": true}`); a confirmed run is refused."""

    serializer_class = RunSerializer
    required_permission = FUNDING_MANAGE
    write_permission = FUNDING_MANAGE

    @extend_schema(request=RunConfirmSerializer, responses={200: RunSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        run = run_for(self.kwargs["run_id"])
        RunConfirmSerializer(data=request.data).is_valid(raise_exception=True)
        confirmed = self.call(services.allocation_run_confirm, run=run)
        return Response(RunSerializer(confirmed).data)


@extend_schema(tags=["funding"], parameters=RUN_PARAMETERS)
class RunWhatIfAPI(FundingAPIBase):
    """A draft's what-if (officers): the differences per school and partnership. Saves
    nothing; a POST only because the changes are a body."""

    serializer_class = WhatIfResultSerializer
    required_permission = FUNDING_VIEW
    write_permission = FUNDING_VIEW

    @extend_schema(request=WhatIfSerializer, responses={200: WhatIfResultSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        run = run_for(self.kwargs["run_id"])
        data = WhatIfSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if run.is_confirmed:
            raise exceptions.ValidationError("A confirmed run has no what-if: make a draft.")
        try:
            result = cached_what_if(self.council(), run, **data.validated_data)
        except DjangoValidationError as error:
            raise api_refusal(error) from error
        return Response(WhatIfResultSerializer(result).data)
