"""The API of changes to what peer review and programmes recorded (officers, as the pages): a
review's dates (its team's access follows the new end date), the themes and a theme retired, a
training record corrected and a programme changed. The same services decide as for the pages:
`support.services.peer_review_edits` and `support.services.programmes`."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import TENANT_PARAMETER, path_parameter
from core.models import Membership, Tenant
from core.permissions import VISITS_RECORD, VISITS_VIEW
from support.api.base import SupportAPI
from support.api.peer_review import (
    REVIEW_PARAMETERS,
    SupportPeerReviewSerializer,
    SupportPeerReviewTrainingSerializer,
)
from support.models.peer_review import PeerReviewTheme, PeerReviewTraining
from support.peer_review_access import review_for
from support.selectors import peer_review as selectors
from support.services import peer_review_edits as services

THEME_PARAMETERS = [TENANT_PARAMETER, path_parameter("theme_id", "The theme's id.")]
TRAINING_PARAMETERS = [TENANT_PARAMETER,
                       path_parameter("training_id", "The training record's id.")]


class SupportPeerReviewDatesSerializer(serializers.Serializer):
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(help_text="The team's access ends the day after.")


class SupportPeerReviewThemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = PeerReviewTheme
        fields = ["id", "name", "position", "retired"]


class SupportPeerReviewTrainingEditSerializer(serializers.Serializer):
    trained_on = serializers.DateField()
    trained_by = serializers.CharField(max_length=200)


class _EditAPI(SupportAPI):
    # Resolved by TenantAPIMixin before any handler runs.
    tenant: Tenant
    membership: Membership
    required_permission: str | None = VISITS_RECORD
    write_permission: str | None = VISITS_RECORD



@extend_schema(tags=["support"], parameters=REVIEW_PARAMETERS,
               request=SupportPeerReviewDatesSerializer,
               responses={200: SupportPeerReviewSerializer})
class PeerReviewDatesAPI(_EditAPI):
    """Move the review's dates within its cycle: refused, naming the rule, when a reviewer was
    not trained by the new first day."""

    serializer_class = SupportPeerReviewDatesSerializer

    def post(self, request: Request, *args, **kwargs) -> Response:
        review, _ = review_for(membership=self.membership, review_id=self.kwargs["review_id"],
                               write=True)
        self.call(services.review_dates_change, review=review,
                  **self.values(SupportPeerReviewDatesSerializer))
        return Response(SupportPeerReviewSerializer(selectors.review(review.pk)).data)


@extend_schema(tags=["support"], parameters=[TENANT_PARAMETER])
class PeerReviewThemesAPI(_EditAPI):
    """Every theme in the tenant's order, retired ones flagged (kept on past reviews, no
    longer offered)."""

    serializer_class = SupportPeerReviewThemeSerializer
    required_permission = VISITS_VIEW

    @extend_schema(operation_id="support_peer_review_themes",
                   responses=SupportPeerReviewThemeSerializer(many=True))
    def get(self, request: Request, *args, **kwargs) -> Response:
        return Response(SupportPeerReviewThemeSerializer(
            selectors.themes(tenant=self.tenant, with_retired=True), many=True).data)


@extend_schema(tags=["support"], parameters=THEME_PARAMETERS, request=None,
               responses={200: SupportPeerReviewThemeSerializer})
class PeerReviewThemeRetireAPI(_EditAPI):
    """Retire a theme: no longer offered for outcomes; those recorded under it stay."""

    serializer_class = SupportPeerReviewThemeSerializer

    def post(self, request: Request, *args, **kwargs) -> Response:
        theme = PeerReviewTheme.objects.filter(pk=self.kwargs["theme_id"]).first()
        if theme is None:
            raise Http404("No such theme.")
        theme = self.call(services.theme_retire, theme=theme)
        return Response(SupportPeerReviewThemeSerializer(theme).data)


@extend_schema(tags=["support"], parameters=TRAINING_PARAMETERS)
class PeerReviewTrainingRecordAPI(_EditAPI):
    """One training record (GET: officers); correct its date or trainer (PUT), refused when
    the person would be on a team they were not yet trained for."""

    serializer_class = SupportPeerReviewTrainingSerializer
    required_permission = VISITS_VIEW

    def record(self) -> PeerReviewTraining:
        record = (PeerReviewTraining.objects.filter(pk=self.kwargs["training_id"])
                  .select_related("person__user").first())
        if record is None:
            raise Http404("No such training record.")
        return record

    @extend_schema(operation_id="support_peer_review_training_record",
                   responses=SupportPeerReviewTrainingSerializer)
    def get(self, request: Request, *args, **kwargs) -> Response:
        return Response(SupportPeerReviewTrainingSerializer(self.record()).data)

    @extend_schema(request=SupportPeerReviewTrainingEditSerializer,
                   responses={200: SupportPeerReviewTrainingSerializer})
    def put(self, request: Request, *args, **kwargs) -> Response:
        record = self.call(services.training_edit, record=self.record(),
                           **self.values(SupportPeerReviewTrainingEditSerializer))
        return Response(SupportPeerReviewTrainingSerializer(record).data)
