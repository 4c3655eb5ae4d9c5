"""Consultation surveys over the API: create, read, answer (a headteacher for themselves, an
officer a paper response) and tally."""

import uuid

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import TENANT_PARAMETER, api_refusal
from core.permissions import FORMATION_RESPOND, PARTNERSHIPS_MANAGE
from partnerships import selectors, services
from partnerships.api.formation.base import FormationAPIBase
from partnerships.models import FormationProposal, Rating, RespondentRole, Survey, SurveyOption
from partnerships.services import respondent_key_for, survey_is_open
from schools.models import Phase, School
from schools.selectors import school_of

SURVEY = OpenApiParameter("survey_id", OpenApiTypes.INT, OpenApiParameter.PATH)


class SurveyOptionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()


class SurveySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    options = serializers.ListField(child=serializers.CharField(max_length=200), write_only=True,
                                    help_text="The labels of the options to rate.")
    option_list = SurveyOptionSerializer(many=True, read_only=True, source="options.all")
    proposal = serializers.IntegerField(required=False, allow_null=True, default=None,
                                        source="proposal_id")
    opens_on = serializers.DateField(required=False, allow_null=True, default=None)
    closes_on = serializers.DateField(required=False, allow_null=True, default=None)
    is_open = serializers.SerializerMethodField()

    def get_is_open(self, survey: Survey) -> bool:
        return survey_is_open(survey)


class SurveyAnswerSerializer(serializers.Serializer):
    ratings = serializers.DictField(
        child=serializers.ChoiceField(choices=Rating.choices),
        help_text="Option id -> rating on the five-point scale.")
    respondent_role = serializers.ChoiceField(
        choices=RespondentRole.choices, required=False,
        help_text="For an officer's paper response; a headteacher answers as a headteacher.")
    phase = serializers.ChoiceField(choices=Phase.choices, required=False,
                                    help_text="For an officer's paper response.")


class TallyRowSerializer(serializers.Serializer):
    label = serializers.CharField()
    role = serializers.CharField()
    phase = serializers.CharField()
    total = serializers.IntegerField()
    counts = serializers.DictField(child=serializers.IntegerField())
    percents = serializers.DictField(child=serializers.IntegerField())
    support_percent = serializers.IntegerField()
    against_percent = serializers.IntegerField()


class OptionTallySerializer(serializers.Serializer):
    option = SurveyOptionSerializer()
    rows = TallyRowSerializer(many=True)


@extend_schema(tags=["surveys"], parameters=[TENANT_PARAMETER])
class SurveyListAPI(FormationAPIBase):
    """Consultation surveys; POST creates one with its options."""

    @extend_schema(responses={200: SurveySerializer(many=True)})
    def get(self, request: Request, *args, **kwargs) -> Response:
        surveys = Survey.objects.prefetch_related("options").order_by("-created_at")
        return Response(SurveySerializer(surveys, many=True).data)

    @extend_schema(request=SurveySerializer, responses={201: SurveySerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        incoming = SurveySerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        proposal = None
        if data.get("proposal_id"):
            proposal = FormationProposal.objects.filter(pk=data["proposal_id"]).first()
            if proposal is None:
                raise exceptions.ValidationError({"proposal": ["No such proposal."]})
        try:
            survey = services.survey_create(
                tenant=self.tenant, actor=request.user, title=data["title"],
                options=data["options"], description=data["description"], proposal=proposal,
                opens_on=data["opens_on"], closes_on=data["closes_on"])
        except DjangoValidationError as error:
            raise api_refusal(error) from error
        return Response(SurveySerializer(survey).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["surveys"], parameters=[TENANT_PARAMETER, SURVEY],
               responses={200: SurveySerializer})
class SurveyDetailAPI(FormationAPIBase):
    """A survey and its options (to answer it: headteachers and officers)."""

    any_permission = (PARTNERSHIPS_MANAGE, FORMATION_RESPOND)

    def get(self, request: Request, *args, **kwargs) -> Response:
        return Response(SurveySerializer(self.get_survey()).data)


@extend_schema(tags=["surveys"], parameters=[TENANT_PARAMETER, SURVEY])
class SurveyResponsesAPI(FormationAPIBase):
    """Answer a survey: a headteacher for themselves while it is open (answering again
    replaces their ratings); an officer enters a paper response with the respondent's role
    and phase."""

    any_permission = (PARTNERSHIPS_MANAGE, FORMATION_RESPOND)

    @extend_schema(request=SurveyAnswerSerializer, responses={201: inline_serializer(
        "SurveyAnswerRecorded", {"recorded": serializers.IntegerField()})})
    def post(self, request: Request, *args, **kwargs) -> Response:
        survey = self.get_survey()
        incoming = SurveyAnswerSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        options = {str(o.pk): o for o in SurveyOption.objects.filter(survey=survey)}
        unknown = [key for key in data["ratings"] if key not in options]
        if unknown or not data["ratings"]:
            raise exceptions.ValidationError({"ratings": [
                "Rate at least one option, by the ids of this survey's options."]})
        ratings = {options[key]: value for key, value in data["ratings"].items()}
        if self.is_officer:
            if "respondent_role" not in data or "phase" not in data:
                raise exceptions.ValidationError(
                    {"respondent_role": ["Give the respondent's role and phase."]})
            key, role, phase, school = (f"paper:{uuid.uuid4().hex}", data["respondent_role"],
                                        data["phase"], None)
        else:
            school = school_of(self.membership)
            if school is None:
                raise exceptions.PermissionDenied("Your membership names no school.")
            if not survey_is_open(survey):
                raise exceptions.ValidationError({"survey": ["This survey is not open."]})
            key, role, phase = respondent_key_for(request.user), RespondentRole.HEADTEACHER, ""
            school = School.objects.select_related("establishment").get(pk=school.pk)
        try:
            recorded = services.survey_response_record(
                tenant=self.tenant, actor=request.user, survey=survey, respondent_key=key,
                respondent_role=role, ratings=ratings, school=school, phase=phase)
        except DjangoValidationError as error:
            raise api_refusal(error) from error
        return Response({"recorded": len(recorded)}, status=status.HTTP_201_CREATED)


@extend_schema(tags=["surveys"], parameters=[TENANT_PARAMETER, SURVEY],
               responses={200: OptionTallySerializer(many=True)})
class SurveyTallyAPI(FormationAPIBase):
    """Counts and percentages of each rating per option: all respondents, by role, by phase
    and by role within phase."""

    def get(self, request: Request, *args, **kwargs) -> Response:
        tallies = selectors.survey_tally(survey=self.get_survey())
        return Response(OptionTallySerializer([
            {"option": {"id": t.option.pk, "label": t.option.label}, "rows": t.rows}
            for t in tallies], many=True).data)
