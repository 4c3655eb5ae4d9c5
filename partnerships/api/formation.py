"""The formation and survey API: pro-formas, proposals (generate, edit, publish, respond,
confirm) and consultation surveys (create, respond, tally). Thin views over the same services,
selectors and object rules as the pages; every view runs inside the tenant's scope, so another
tenant's object is simply not found (404), and one beyond the caller's role is 403.

Schools are named by URN throughout, as on the pages.
"""

import uuid

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import TENANT_PARAMETER, api_refusal
from core.permissions import FORMATION_RESPOND, PARTNERSHIPS_MANAGE
from core.tenancy import TenantAPIMixin
from partnerships import selectors, services
from partnerships.models import (
    FormationProposal,
    PartnershipLevel,
    PartnershipType,
    ProposalResponse,
    ProposedMember,
    ProposedPartnership,
    Rating,
    RespondentRole,
    Survey,
    SurveyOption,
)
from partnerships.permissions import formation_school_for_member
from partnerships.services import pro_forma_update, respondent_key_for, survey_is_open
from schools.models import Phase, School
from schools.openapi import URN_PARAMETER
from schools.selectors import school_of

PROPOSAL = OpenApiParameter("proposal_id", OpenApiTypes.INT, OpenApiParameter.PATH)
SURVEY = OpenApiParameter("survey_id", OpenApiTypes.INT, OpenApiParameter.PATH)


def _school(urn: int) -> School:
    school = School.objects.select_related("establishment").filter(establishment_id=urn).first()
    if school is None:
        raise exceptions.ValidationError({"school": [f"No school with URN {urn} in this "
                                                     "register."]})
    return school


class FormationAPIBase(TenantAPIMixin, APIView):
    """`any_permission`: the caller's role must grant one of these (checked before the method,
    so a role with none gets 403 whatever it asks)."""

    any_permission: tuple[str, ...] = (PARTNERSHIPS_MANAGE,)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not set(self.any_permission) & set(self.tenant_permissions):
            raise exceptions.PermissionDenied("Your role does not allow this.")

    @property
    def is_officer(self) -> bool:
        return PARTNERSHIPS_MANAGE in self.tenant_permissions

    def require_officer(self) -> None:
        if not self.is_officer:
            raise exceptions.PermissionDenied("Your role does not allow this.")

    def get_proposal(self) -> FormationProposal:
        proposal = (FormationProposal.objects.select_related("level")
                    .filter(pk=self.kwargs["proposal_id"]).first())
        if proposal is None:
            raise exceptions.NotFound("No such proposal.")
        return proposal

    def get_survey(self) -> Survey:
        survey = Survey.objects.filter(pk=self.kwargs["survey_id"]).first()
        if survey is None:
            raise exceptions.NotFound("No such survey.")
        return survey


# --- Pro-formas ---------------------------------------------------------------------------


class ProFormaSerializer(serializers.Serializer):
    urn = serializers.IntegerField(source="school.urn", read_only=True)
    school_name = serializers.CharField(source="school.establishment.name", read_only=True)
    returned = serializers.BooleanField(read_only=True)
    informal_partners = serializers.ListField(child=serializers.IntegerField(), required=False,
                                              help_text="URNs of existing informal partners.")
    preferred_partners = serializers.ListField(child=serializers.IntegerField(), required=False,
                                               help_text="URNs of preferred partners.")
    preferred_type = serializers.ChoiceField(choices=[("", "No preference"),
                                                      *PartnershipType.choices],
                                             required=False, default="")
    accepts_secondary_lead = serializers.BooleanField(required=False, default=False)
    can_give_support = serializers.BooleanField(read_only=True)
    comments = serializers.CharField(required=False, allow_blank=True, default="")


def _pro_forma_data(row: selectors.ProFormaRow) -> dict:
    pf = row.pro_forma
    return {
        "school": row.school, "returned": row.returned,
        "informal_partners": [s.urn for s in row.informal],
        "preferred_partners": [s.urn for s in row.preferred],
        "preferred_type": pf.preferred_type if pf else "",
        "accepts_secondary_lead": bool(pf and pf.accepts_secondary_lead),
        "can_give_support": bool(pf and pf.can_give_support),
        "comments": pf.comments if pf else "",
    }


@extend_schema(tags=["formation"], parameters=[TENANT_PARAMETER])
class ProFormaListAPI(FormationAPIBase):
    """Every open school's pro-forma (officers); `returned` false marks the chase list."""

    @extend_schema(responses={200: ProFormaSerializer(many=True)})
    def get(self, request: Request, *args, **kwargs) -> Response:
        rows = selectors.pro_forma_rows()
        return Response(ProFormaSerializer([_pro_forma_data(r) for r in rows], many=True).data)


@extend_schema(tags=["formation"], parameters=[TENANT_PARAMETER, URN_PARAMETER])
class ProFormaDetailAPI(FormationAPIBase):
    """One school's pro-forma: an officer any school's, a headteacher their own. PUT replaces
    it, refused once a proposal placing the school is published."""

    any_permission = (PARTNERSHIPS_MANAGE, FORMATION_RESPOND)

    def get_school(self) -> School:
        try:
            return formation_school_for_member(membership=self.membership,
                                               urn=self.kwargs["urn"])
        except Http404 as error:
            raise exceptions.NotFound(str(error)) from error

    def _row(self, school: School) -> dict:
        pf = selectors.pro_forma_of(school=school)
        if pf is not None:
            pf = (type(pf).objects.filter(pk=pf.pk).prefetch_related(
                "partners__school__establishment").first())
        return _pro_forma_data(selectors.ProFormaRow(school, pf))

    @extend_schema(responses={200: ProFormaSerializer})
    def get(self, request: Request, *args, **kwargs) -> Response:
        return Response(ProFormaSerializer(self._row(self.get_school())).data)

    @extend_schema(request=ProFormaSerializer, responses={200: ProFormaSerializer})
    def put(self, request: Request, *args, **kwargs) -> Response:
        school = self.get_school()
        incoming = ProFormaSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data

        def schools(urns: list[int], field: str) -> list[School]:
            found = list(School.objects.filter(establishment_id__in=urns))
            if len(found) != len(set(urns)):
                raise exceptions.ValidationError({field: [
                    "One of the schools named is not in this tenant's register; name only "
                    "schools of this area."]})
            return found

        try:
            pro_forma_update(
                tenant=self.tenant, actor=request.user, school=school,
                informal_partners=schools(data.get("informal_partners", []),
                                          "informal_partners"),
                preferred_partners=schools(data.get("preferred_partners", []),
                                           "preferred_partners"),
                preferred_type=data["preferred_type"],
                accepts_secondary_lead=data["accepts_secondary_lead"],
                comments=data["comments"],
            )
        except DjangoValidationError as error:
            raise api_refusal(error) from error
        return Response(ProFormaSerializer(self._row(school)).data)


# --- Proposals ------------------------------------------------------------------------------


class ProposedPartnershipSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    lead_urn = serializers.IntegerField(allow_null=True)
    explanation = serializers.CharField()
    member_urns = serializers.ListField(child=serializers.IntegerField())
    created_partnership = serializers.IntegerField(allow_null=True)


class ProposalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    level = serializers.IntegerField(source="level_id")
    status = serializers.ChoiceField(choices=FormationProposal.Status.choices)
    partnership_type = serializers.CharField()
    min_size = serializers.IntegerField()
    max_size = serializers.IntegerField()
    seed = serializers.IntegerField()
    summary = serializers.DictField(help_text="The generator's figures: preferences honoured, "
                                              "support spread, distances, rules broken.")
    created_at = serializers.DateTimeField()
    published_at = serializers.DateTimeField(allow_null=True)
    confirmed_at = serializers.DateTimeField(allow_null=True)


class ProposalDetailSerializer(ProposalSerializer):
    partnerships = ProposedPartnershipSerializer(many=True)
    problems = serializers.ListField(child=serializers.CharField())


class GenerateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    level = serializers.IntegerField(help_text="The id of the partnership level.")
    min_size = serializers.IntegerField(min_value=1)
    max_size = serializers.IntegerField(min_value=1)
    phases = serializers.ListField(child=serializers.ChoiceField(choices=Phase.choices),
                                   required=False, default=list)
    partnership_type = serializers.ChoiceField(choices=PartnershipType.choices,
                                               default=PartnershipType.STRUCTURED)
    seed = serializers.IntegerField(min_value=1, default=1)


class MoveSerializer(serializers.Serializer):
    school = serializers.IntegerField(help_text="URN of the school to move.")
    to = serializers.IntegerField(help_text="Id of the proposed partnership to move it to.")


class LeadSerializer(serializers.Serializer):
    proposed_partnership = serializers.IntegerField()
    school = serializers.IntegerField(help_text="URN of the new lead school.")


class ResponseSerializer(serializers.Serializer):
    school = serializers.IntegerField(required=False, help_text=(
        "URN of the school answering; an officer must give it, a headteacher answers for their "
        "own school."))
    answer = serializers.ChoiceField(choices=ProposalResponse.Answer.choices)
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    recorded_at = serializers.DateTimeField(read_only=True)


class ConfirmSerializer(serializers.Serializer):
    start_date = serializers.DateField()


def _proposal_data(proposal: FormationProposal, *, detail: bool = False) -> dict:
    data = {field: getattr(proposal, field) for field in (
        "id", "name", "level_id", "status", "partnership_type", "min_size", "max_size", "seed",
        "summary", "created_at", "published_at", "confirmed_at")}
    if detail:
        groups = selectors.proposal_groups(proposal=proposal)
        data["partnerships"] = [{
            "id": g.pk, "name": g.name, "lead_urn": g.lead_school_id and g.lead_school.urn,
            "explanation": g.explanation,
            "member_urns": [m.school.urn for m in g.members.all()],
            "created_partnership": g.created_partnership_id,
        } for g in groups]
        data["problems"] = (proposal.summary or {}).get("problems", []) if (
            proposal.status == FormationProposal.Status.DRAFT) else []
    return data


@extend_schema(tags=["formation"], parameters=[TENANT_PARAMETER])
class ProposalListAPI(FormationAPIBase):
    """Proposals, newest first; POST runs the generator (seconds) and returns the draft."""

    @extend_schema(responses={200: ProposalSerializer(many=True)})
    def get(self, request: Request, *args, **kwargs) -> Response:
        proposals = FormationProposal.objects.order_by("-created_at")
        return Response(ProposalSerializer([_proposal_data(p) for p in proposals],
                                           many=True).data)

    @extend_schema(request=GenerateSerializer, responses={201: ProposalDetailSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        incoming = GenerateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        level = PartnershipLevel.objects.filter(pk=data["level"]).first()
        if level is None:
            raise exceptions.ValidationError({"level": ["No such level in this tenant."]})
        try:
            proposal = services.proposal_generate(
                tenant=self.tenant, actor=request.user, name=data["name"], level=level,
                min_size=data["min_size"], max_size=data["max_size"], seed=data["seed"],
                phases=data["phases"] or None, partnership_type=data["partnership_type"])
        except DjangoValidationError as error:
            raise api_refusal(error) from error
        return Response(ProposalDetailSerializer(_proposal_data(proposal, detail=True)).data,
                        status=status.HTTP_201_CREATED)


@extend_schema(tags=["formation"], parameters=[TENANT_PARAMETER, PROPOSAL],
               responses={200: ProposalDetailSerializer})
class ProposalDetailAPI(FormationAPIBase):
    """A proposal with its partnerships, each with members, lead and why."""

    def get(self, request: Request, *args, **kwargs) -> Response:
        return Response(ProposalDetailSerializer(
            _proposal_data(self.get_proposal(), detail=True)).data)


class ProposalActionAPI(FormationAPIBase):
    """A write on a proposal; answers the proposal as it is afterwards."""

    def done(self, proposal: FormationProposal) -> Response:
        proposal.refresh_from_db()
        return Response(ProposalDetailSerializer(_proposal_data(proposal, detail=True)).data)


@extend_schema(tags=["formation"], parameters=[TENANT_PARAMETER, PROPOSAL], request=MoveSerializer,
               responses={200: ProposalDetailSerializer},
               description="Move a school to another partnership of a draft. A move that breaks "
                           "a hard rule is made and the rule is listed in `problems`; publishing "
                           "is refused until it is fixed.")
class ProposalMoveAPI(ProposalActionAPI):
    def post(self, request: Request, *args, **kwargs) -> Response:
        proposal = self.get_proposal()
        incoming = MoveSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        to = ProposedPartnership.objects.filter(pk=incoming.validated_data["to"],
                                                proposal=proposal).first()
        if to is None:
            raise exceptions.ValidationError({"to": ["Not a partnership of this proposal."]})
        try:
            services.proposal_move_school(tenant=self.tenant, actor=request.user,
                                          proposal=proposal,
                                          school=_school(incoming.validated_data["school"]),
                                          to=to)
        except DjangoValidationError as error:
            raise api_refusal(error) from error
        return self.done(proposal)


@extend_schema(tags=["formation"], parameters=[TENANT_PARAMETER, PROPOSAL], request=LeadSerializer,
               responses={200: ProposalDetailSerializer})
class ProposalLeadAPI(ProposalActionAPI):
    """Change a proposed partnership's lead (refused: a secondary over primaries that did not
    agree)."""

    def post(self, request: Request, *args, **kwargs) -> Response:
        proposal = self.get_proposal()
        incoming = LeadSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        proposed = ProposedPartnership.objects.filter(
            pk=incoming.validated_data["proposed_partnership"], proposal=proposal).first()
        if proposed is None:
            raise exceptions.ValidationError(
                {"proposed_partnership": ["Not a partnership of this proposal."]})
        try:
            services.proposal_set_lead(tenant=self.tenant, actor=request.user,
                                       proposed=proposed,
                                       school=_school(incoming.validated_data["school"]))
        except DjangoValidationError as error:
            raise api_refusal(error) from error
        return self.done(proposal)


@extend_schema(tags=["formation"], parameters=[TENANT_PARAMETER, PROPOSAL], request=None,
               responses={200: ProposalDetailSerializer})
class ProposalPublishAPI(ProposalActionAPI):
    """Publish a draft for consultation; refused with the rules it breaks."""

    def post(self, request: Request, *args, **kwargs) -> Response:
        proposal = self.get_proposal()
        try:
            services.proposal_publish(tenant=self.tenant, actor=request.user, proposal=proposal)
        except DjangoValidationError as error:
            raise api_refusal(error) from error
        return self.done(proposal)


@extend_schema(tags=["formation"], parameters=[TENANT_PARAMETER, PROPOSAL],
               request=ConfirmSerializer, responses={200: ProposalDetailSerializer})
class ProposalConfirmAPI(ProposalActionAPI):
    """The decision: creates the partnerships and memberships, or is refused with reasons."""

    def post(self, request: Request, *args, **kwargs) -> Response:
        proposal = self.get_proposal()
        incoming = ConfirmSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            services.proposal_confirm(tenant=self.tenant, actor=request.user, proposal=proposal,
                                      start_date=incoming.validated_data["start_date"])
        except DjangoValidationError as error:
            raise api_refusal(error) from error
        return self.done(proposal)


class ProposalResponseOutSerializer(serializers.Serializer):
    school = serializers.IntegerField(source="school.urn")
    answer = serializers.CharField()
    comment = serializers.CharField()
    recorded_at = serializers.DateTimeField()


@extend_schema(tags=["formation"], parameters=[TENANT_PARAMETER, PROPOSAL])
class ProposalResponsesAPI(FormationAPIBase):
    """The consultation's answers (officers); POST records one — a headteacher's for their own
    school, an officer's on a school's behalf."""

    any_permission = (PARTNERSHIPS_MANAGE, FORMATION_RESPOND)

    @extend_schema(responses={200: ProposalResponseOutSerializer(many=True)})
    def get(self, request: Request, *args, **kwargs) -> Response:
        self.require_officer()
        responses = (ProposalResponse.objects.filter(proposal=self.get_proposal())
                     .select_related("school"))
        return Response(ProposalResponseOutSerializer(responses, many=True).data)

    @extend_schema(request=ResponseSerializer, responses={201: ProposalResponseOutSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        proposal = self.get_proposal()
        incoming = ResponseSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        if self.is_officer:
            if "school" not in data:
                raise exceptions.ValidationError({"school": ["Give the school's URN."]})
            school = _school(data["school"])
        else:
            school = school_of(self.membership)
            if school is None or not ProposedMember.objects.filter(
                    proposal=proposal, school=school).exists() or (
                    proposal.status == FormationProposal.Status.DRAFT):
                raise exceptions.PermissionDenied("This proposal does not place your school.")
        try:
            answer = services.proposal_record_response(
                tenant=self.tenant, actor=request.user, proposal=proposal, school=school,
                answer=data["answer"], comment=data["comment"])
        except DjangoValidationError as error:
            raise api_refusal(error) from error
        return Response(ProposalResponseOutSerializer(answer).data,
                        status=status.HTTP_201_CREATED)


# --- Surveys --------------------------------------------------------------------------------


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

