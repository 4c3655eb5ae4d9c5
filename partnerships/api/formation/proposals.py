"""Proposals over the API: generate, read, edit (move a school, change a lead), publish,
record the consultation's answers and confirm."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import TENANT_PARAMETER, api_refusal
from core.permissions import FORMATION_RESPOND, PARTNERSHIPS_MANAGE
from partnerships import selectors, services
from partnerships.api.formation.base import FormationAPIBase, school_by_urn
from partnerships.models import (
    FormationProposal,
    PartnershipLevel,
    PartnershipType,
    ProposalResponse,
    ProposedPartnership,
)
from schools.models import Phase
from schools.selectors import school_of

PROPOSAL = OpenApiParameter("proposal_id", OpenApiTypes.INT, OpenApiParameter.PATH)


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
                                          school=school_by_urn(incoming.validated_data["school"]),
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
                                       school=school_by_urn(incoming.validated_data["school"]))
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
            school = school_by_urn(data["school"])
        else:
            school = school_of(self.membership)
            if school is None or selectors.proposal_place_of(proposal=proposal,
                                                             school=school) is None:
                raise exceptions.PermissionDenied("This proposal does not place your school.")
        try:
            answer = services.proposal_record_response(
                tenant=self.tenant, actor=request.user, proposal=proposal, school=school,
                answer=data["answer"], comment=data["comment"])
        except DjangoValidationError as error:
            raise api_refusal(error) from error
        return Response(ProposalResponseOutSerializer(answer).data,
                        status=status.HTTP_201_CREATED)
