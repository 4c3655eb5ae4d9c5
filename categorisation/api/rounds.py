"""The categorisation round API: list and open rounds, a round's review (what changed since the
last round, unchanged proposals, those needing a choice), bulk confirm and close. Thin views
over the same services and selectors as the pages; another tenant's round is 404, a role
beyond the caller's 403, a refusal 400."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from categorisation import rounds, selectors
from categorisation.models import CategorisationRound
from core.api import TENANT_PARAMETER
from core.permissions import CATEGORIES_DECIDE, CATEGORIES_VIEW
from core.tenancy import TenantAPIMixin

ROUND_PARAMETER = OpenApiParameter("category_round_id", OpenApiTypes.INT, OpenApiParameter.PATH)


class RoundSerializer(serializers.ModelSerializer):
    opened_by = serializers.CharField(source="opened_by.email", read_only=True, allow_null=True,
                                      default=None)
    closed_by = serializers.CharField(source="closed_by.email", read_only=True, allow_null=True,
                                      default=None)
    summary = serializers.DictField(read_only=True, help_text="Written when the round closes.")

    class Meta:
        model = CategorisationRound
        fields = ["id", "name", "status", "opened_by", "opened_at", "closed_by", "closed_at",
                  "summary"]


class RoundOpenInSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)


class RoundRowSerializer(serializers.Serializer):
    proposal_id = serializers.IntegerField(source="proposal.pk")
    urn = serializers.IntegerField(source="school.establishment_id")
    school_name = serializers.CharField(source="school.establishment.name")
    proposed = serializers.CharField(source="proposal.proposed")
    in_force = serializers.CharField(source="in_force.words", allow_null=True, default=None)
    at_last_round = serializers.CharField(source="baseline.words", allow_null=True,
                                          default=None)
    reasons = serializers.ListField(child=serializers.CharField(), source="proposal.reasons")


class RoundReviewSerializer(serializers.Serializer):
    round = RoundSerializer()
    last_closed_round = RoundSerializer(source="baseline_round", allow_null=True)
    changed = RoundRowSerializer(many=True)
    unchanged = RoundRowSerializer(many=True)
    needing_choice = RoundRowSerializer(many=True)
    to_review = RoundRowSerializer(many=True)


class RoundConfirmInSerializer(serializers.Serializer):
    proposals = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1), required=False,
        allow_null=True, default=None, max_length=10_000,
        help_text="Proposal ids to confirm; leave out to confirm every unchanged proposal.")


class RefusalSerializer(serializers.Serializer):
    urn = serializers.IntegerField(source="school.establishment_id")
    school_name = serializers.CharField(source="school.establishment.name")
    reason = serializers.CharField()


class BulkConfirmSerializer(serializers.Serializer):
    confirmed = serializers.SerializerMethodField()
    refused = RefusalSerializer(many=True)
    needing_choice = serializers.SerializerMethodField()
    remaining = serializers.IntegerField(
        help_text=f"Chosen but left for the next call: each call confirms at most "
                  f"{rounds.BULK_BATCH}.")

    def get_confirmed(self, result) -> list[int]:
        return [step.school.establishment_id for step in result.confirmed]

    def get_needing_choice(self, result) -> list[int]:
        return [proposal.school.establishment_id for proposal in result.needing_choice]


def _round(category_round_id: int) -> CategorisationRound:
    try:
        return selectors.round_detail(round_id=category_round_id)
    except CategorisationRound.DoesNotExist as missing:
        raise exceptions.NotFound("No such round.") from missing


class RoundAPIBase(TenantAPIMixin, APIView):
    """A round's endpoints: each write runs its service through `TenantAPIMixin.call`."""


@extend_schema(tags=["categorisation"], parameters=[TENANT_PARAMETER])
class RoundListAPI(RoundAPIBase):
    """The tenant's rounds, newest first (GET); open a round (POST, officers)."""

    required_permission = CATEGORIES_VIEW
    write_permission = CATEGORIES_DECIDE

    @extend_schema(responses={200: RoundSerializer(many=True)})
    def get(self, request: Request, tenant_slug: str) -> Response:
        found = CategorisationRound.objects.filter(tenant=self.tenant).select_related(
            "opened_by", "closed_by")
        return Response(RoundSerializer(found, many=True).data)

    @extend_schema(request=RoundOpenInSerializer, responses={201: RoundSerializer})
    def post(self, request: Request, tenant_slug: str) -> Response:
        body = RoundOpenInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        opened = self.call(rounds.round_open, name=body.validated_data["name"])
        return Response(RoundSerializer(opened).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["categorisation"], parameters=[TENANT_PARAMETER, ROUND_PARAMETER],
               responses={200: RoundReviewSerializer})
class RoundDetailAPI(RoundAPIBase):
    """A round: for an open one, what changed since the last closed round and what is left to
    decide; for a closed one, its summary (the lists are empty)."""

    required_permission = CATEGORIES_VIEW

    def get(self, request: Request, tenant_slug: str, category_round_id: int) -> Response:
        round = _round(category_round_id)
        if round.is_open:
            review = selectors.round_review(tenant=self.tenant,  # type: ignore[arg-type]
                                            round=round)
        else:
            review = selectors.RoundReview(round=round, baseline_round=None)
        return Response(RoundReviewSerializer(review).data)


@extend_schema(tags=["categorisation"], parameters=[TENANT_PARAMETER, ROUND_PARAMETER],
               request=RoundConfirmInSerializer, responses={200: BulkConfirmSerializer})
class RoundConfirmAPI(RoundAPIBase):
    """Confirm every unchanged proposal (or those named), one audited confirmation per school,
    at most `rounds.BULK_BATCH` a call (`remaining` says how many are left: call again). The
    answer names each school refused and why, and those needing a choice."""

    required_permission = CATEGORIES_DECIDE

    def post(self, request: Request, tenant_slug: str, category_round_id: int) -> Response:
        round = _round(category_round_id)
        body = RoundConfirmInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        result = self.call(rounds.round_bulk_confirm, round=round,
                           proposal_ids=body.validated_data["proposals"],
                           limit=rounds.BULK_BATCH)
        return Response(BulkConfirmSerializer(result).data)


@extend_schema(tags=["categorisation"], parameters=[TENANT_PARAMETER, ROUND_PARAMETER],
               request=None, responses={200: RoundSerializer})
class RoundCloseAPI(RoundAPIBase):
    """Close the round with its summary; a closed round is read-only (400 to close again)."""

    required_permission = CATEGORIES_DECIDE

    def post(self, request: Request, tenant_slug: str, category_round_id: int) -> Response:
        round = _round(category_round_id)
        closed = self.call(rounds.round_close, round=round)
        return Response(RoundSerializer(closed).data)
