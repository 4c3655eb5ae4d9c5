"""The peer review API: cycles (officers; set one up, for every school of a partnership in one
step), a cycle's reviews with their teams and outcomes, one review (officers; its team while
the review lasts; the school's headteacher), a reviewer put on a team (refused with the rule
that forbids it), an outcome by theme, the training records and the themes' trends (counts,
no school named). The same services decide as for the pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import TENANT_PARAMETER, api_refusal, path_parameter
from core.models import Membership
from core.permissions import AGGREGATES_VIEW, VISITS_RECORD, VISITS_VIEW
from support.api.base import SupportAPI
from support.models.peer_review import (
    Judgement,
    PeerReview,
    PeerReviewCycle,
    PeerReviewer,
    PeerReviewOutcome,
    PeerReviewTheme,
    PeerReviewTraining,
)
from support.peer_review_access import review_for
from support.selectors import peer_review as selectors
from support.services import peer_review as services

CYCLE_PARAMETERS = [TENANT_PARAMETER, path_parameter("cycle_id", "The cycle's id.")]
REVIEW_PARAMETERS = [TENANT_PARAMETER, path_parameter("review_id", "The review's id.")]


class SupportPeerReviewerSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="person.user.get_full_name", read_only=True)

    class Meta:
        model = PeerReviewer
        fields = ["id", "person", "name", "is_lead"]


class SupportPeerReviewOutcomeSerializer(serializers.ModelSerializer):
    theme_name = serializers.CharField(source="theme.name", read_only=True)

    class Meta:
        model = PeerReviewOutcome
        fields = ["theme", "theme_name", "judgement", "text"]


class SupportPeerReviewSerializer(serializers.ModelSerializer):
    urn = serializers.IntegerField(source="school.urn", read_only=True)
    school_name = serializers.CharField(source="school.establishment.name", read_only=True)
    cycle_name = serializers.CharField(source="cycle.name", read_only=True)
    team = SupportPeerReviewerSerializer(many=True, read_only=True)
    outcomes = SupportPeerReviewOutcomeSerializer(many=True, read_only=True)

    class Meta:
        model = PeerReview
        fields = ["id", "cycle", "cycle_name", "urn", "school_name", "starts_on", "ends_on",
                  "team", "outcomes", "summary", "workshop_on", "workshop_notes"]


class SupportPeerReviewCycleSerializer(serializers.ModelSerializer):
    academic_year_label = serializers.CharField(source="year_label", read_only=True)

    class Meta:
        model = PeerReviewCycle
        fields = ["id", "name", "academic_year", "academic_year_label", "starts_on", "ends_on",
                  "partnership_id", "partnership_name"]


class SupportPeerReviewCycleDetailSerializer(SupportPeerReviewCycleSerializer):
    reviews = serializers.SerializerMethodField()

    class Meta(SupportPeerReviewCycleSerializer.Meta):
        fields = [*SupportPeerReviewCycleSerializer.Meta.fields, "reviews"]

    @extend_schema_field(SupportPeerReviewSerializer(many=True))
    def get_reviews(self, cycle: PeerReviewCycle) -> list:
        # Every review (the contract), as plain rows: no serializer per review or reviewer.
        return selectors.cycle_reviews_values(cycle)


class SupportPeerReviewCycleInSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    academic_year = serializers.IntegerField(min_value=2000, max_value=2100)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    partnership_id = serializers.IntegerField(required=False, allow_null=True, default=None,
                                              help_text="Review every open school of this "
                                                        "partnership, in one step.")
    team_size = serializers.IntegerField(required=False, default=0, min_value=0, max_value=6)


class SupportPeerReviewerInSerializer(serializers.Serializer):
    person = serializers.IntegerField(help_text="The headteacher's membership id.")
    is_lead = serializers.BooleanField(required=False, default=False)


class SupportPeerReviewOutcomeInSerializer(serializers.Serializer):
    theme = serializers.IntegerField(help_text="The theme's id.")
    judgement = serializers.ChoiceField(choices=Judgement.choices)
    text = serializers.CharField(max_length=10000)


class SupportPeerReviewTrainingSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="person.user.get_full_name", read_only=True)

    class Meta:
        model = PeerReviewTraining
        fields = ["id", "person", "name", "trained_on", "trained_by"]


class SupportPeerReviewTrainingInSerializer(serializers.Serializer):
    person = serializers.IntegerField(help_text="The headteacher's membership id.")
    trained_on = serializers.DateField()
    trained_by = serializers.CharField(max_length=200)


class SupportPeerReviewTrendSerializer(serializers.Serializer):
    theme = serializers.CharField()
    cycle = serializers.CharField()
    academic_year = serializers.CharField()
    strengths = serializers.IntegerField()
    areas_to_develop = serializers.IntegerField()


class _PeerReviewAPI(SupportAPI):


    def person(self, person_id: int) -> Membership:
        found = Membership.objects.filter(tenant=self.tenant, pk=person_id).first()
        if found is None:
            raise api_refusal(ValidationError({"person": "No such person in this partnership."}))
        return found


@extend_schema(tags=["support"], parameters=[TENANT_PARAMETER])
class PeerReviewCyclesAPI(_PeerReviewAPI):
    """Every peer review cycle (GET: officers); an officer sets one up (POST), for every open
    school of a partnership in one step with teams proposed from the trained heads."""

    serializer_class = SupportPeerReviewCycleSerializer
    required_permission = VISITS_VIEW
    write_permission = VISITS_RECORD

    @extend_schema(operation_id="support_peer_review_cycle_list",
                   responses=SupportPeerReviewCycleSerializer(many=True))
    def get(self, request: Request, *args, **kwargs) -> Response:
        return Response(SupportPeerReviewCycleSerializer(
            selectors.cycles(tenant=self.tenant), many=True).data)

    @extend_schema(request=SupportPeerReviewCycleInSerializer,
                   responses={201: SupportPeerReviewCycleDetailSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        cycle = self.call(services.cycle_create,
                          **self.values(SupportPeerReviewCycleInSerializer))
        return Response(SupportPeerReviewCycleDetailSerializer(cycle).data,
                        status=status.HTTP_201_CREATED)


@extend_schema(tags=["support"], parameters=CYCLE_PARAMETERS)
class PeerReviewCycleAPI(_PeerReviewAPI):
    """One cycle with its reviews, their teams and outcomes (officers)."""

    serializer_class = SupportPeerReviewCycleDetailSerializer
    required_permission = VISITS_VIEW

    @extend_schema(operation_id="support_peer_review_cycle_detail",
                   responses=SupportPeerReviewCycleDetailSerializer)
    def get(self, request: Request, *args, **kwargs) -> Response:
        cycle = PeerReviewCycle.objects.filter(pk=self.kwargs["cycle_id"]).first()
        if cycle is None:
            raise Http404("No such peer review cycle.")
        return Response(SupportPeerReviewCycleDetailSerializer(cycle).data)


@extend_schema(tags=["support"], parameters=REVIEW_PARAMETERS)
class PeerReviewAPI(_PeerReviewAPI):
    """One review (officers; its team while the review lasts; the school's headteacher): the
    school, the dates, the team, the outcomes by theme and the workshop."""

    serializer_class = SupportPeerReviewSerializer

    @extend_schema(operation_id="support_peer_review_detail",
                   responses=SupportPeerReviewSerializer)
    def get(self, request: Request, *args, **kwargs) -> Response:
        review, _ = review_for(membership=self.membership, review_id=self.kwargs["review_id"])
        return Response(SupportPeerReviewSerializer(review).data)


def _fresh(review_id: int) -> dict:
    return SupportPeerReviewSerializer(selectors.review(review_id)).data


@extend_schema(tags=["support"], parameters=REVIEW_PARAMETERS,
               request=SupportPeerReviewerInSerializer,
               responses={201: SupportPeerReviewSerializer})
class PeerReviewTeamAPI(_PeerReviewAPI):
    """Put a trained headteacher on the review's team (officers): refused, naming the rule,
    for the school's own head, a head of its trust, or anyone untrained."""

    serializer_class = SupportPeerReviewerInSerializer
    required_permission = VISITS_RECORD

    def post(self, request: Request, *args, **kwargs) -> Response:
        review, _ = review_for(membership=self.membership, review_id=self.kwargs["review_id"])
        values = self.values(SupportPeerReviewerInSerializer)
        self.call(services.reviewer_assign, review=review, person=self.person(values["person"]),
                  is_lead=values["is_lead"])
        return Response(_fresh(review.pk), status=status.HTTP_201_CREATED)


@extend_schema(tags=["support"], parameters=REVIEW_PARAMETERS,
               request=SupportPeerReviewOutcomeInSerializer,
               responses={201: SupportPeerReviewSerializer})
class PeerReviewOutcomeAPI(_PeerReviewAPI):
    """Record what the review found on one theme (its team while the review lasts; officers)."""

    serializer_class = SupportPeerReviewOutcomeInSerializer

    def post(self, request: Request, *args, **kwargs) -> Response:
        review, _ = review_for(membership=self.membership, review_id=self.kwargs["review_id"],
                               write=True)
        values = self.values(SupportPeerReviewOutcomeInSerializer)
        theme = PeerReviewTheme.objects.filter(tenant=self.tenant, pk=values.pop("theme")).first()
        if theme is None:
            raise api_refusal(ValidationError({"theme": "No such theme."}))
        self.call(services.outcome_record, review=review, theme=theme, **values)
        return Response(_fresh(review.pk), status=status.HTTP_201_CREATED)


@extend_schema(tags=["support"], parameters=[TENANT_PARAMETER])
class PeerReviewTrainingAPI(_PeerReviewAPI):
    """Who was trained as a peer reviewer, when and by whom (GET: officers); an officer
    records a training (POST)."""

    serializer_class = SupportPeerReviewTrainingSerializer
    required_permission = VISITS_VIEW
    write_permission = VISITS_RECORD

    @extend_schema(operation_id="support_peer_review_training_list",
                   responses=SupportPeerReviewTrainingSerializer(many=True))
    def get(self, request: Request, *args, **kwargs) -> Response:
        return Response(SupportPeerReviewTrainingSerializer(
            selectors.trainings(tenant=self.tenant), many=True).data)

    @extend_schema(request=SupportPeerReviewTrainingInSerializer,
                   responses={201: SupportPeerReviewTrainingSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        values = self.values(SupportPeerReviewTrainingInSerializer)
        record = self.call(services.training_record, person=self.person(values.pop("person")),
                           **values)
        return Response(SupportPeerReviewTrainingSerializer(record).data,
                        status=status.HTTP_201_CREATED)


@extend_schema(tags=["support"], parameters=[TENANT_PARAMETER])
class PeerReviewTrendsAPI(_PeerReviewAPI):
    """For each theme and cycle, how many reviews found it a strength and how many an area
    to develop (counts, no school named: the board's aggregate)."""

    serializer_class = SupportPeerReviewTrendSerializer
    required_permission = AGGREGATES_VIEW

    @extend_schema(operation_id="support_peer_review_trends",
                   responses=SupportPeerReviewTrendSerializer(many=True))
    def get(self, request: Request, *args, **kwargs) -> Response:
        cycles, trends = selectors.theme_trends(tenant=self.tenant)
        return Response([{"theme": trend.theme.name, "cycle": cycle.name,
                          "academic_year": cycle.year_label,
                          "strengths": trend.of(cycle)[0],
                          "areas_to_develop": trend.of(cycle)[1]}
                         for trend in trends for cycle in cycles])
