"""The escalation API (officers and admins, as the pages): every escalation; a school's
escalations and opening one; one escalation with its steps and the next steps open today; a
step recorded (refused when its kind was not open on its date) and the escalation closed."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import TENANT_PARAMETER, path_parameter
from core.permissions import VISITS_RECORD, VISITS_VIEW
from support.api.base import SupportAPI
from support.models import Deployment, Escalation, EscalationStep, EscalationStepRevision
from support.models.escalation import STEP_CHOICES
from support.permissions import school_for_visits
from support.selectors import escalation as reads
from support.services import escalation as services

SCHOOL_PARAMETERS = [TENANT_PARAMETER, path_parameter("urn", "The school's URN.")]
ESCALATION_PARAMETERS = [TENANT_PARAMETER,
                         path_parameter("escalation_id", "The escalation's id.")]


class SupportEscalationStepRevisionSerializer(serializers.ModelSerializer):
    revised_by = serializers.CharField(source="revised_by.user.email", allow_null=True,
                                       default=None, read_only=True)

    class Meta:
        model = EscalationStepRevision
        fields = ["kind", "taken_on", "note", "reason", "revised_by", "revised_at"]


class SupportEscalationStepSerializer(serializers.ModelSerializer):
    recorded_by = serializers.CharField(source="recorded_by.user.email", allow_null=True,
                                        default=None, read_only=True)
    revisions = SupportEscalationStepRevisionSerializer(
        many=True, read_only=True, help_text="What the step said before each correction, "
                                             "oldest first.")

    class Meta:
        model = EscalationStep
        fields = ["id", "kind", "taken_on", "note", "recorded_by", "revisions"]


class SupportNextStepSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    by = serializers.CharField()
    basis = serializers.CharField()


class SupportEscalationSerializer(serializers.ModelSerializer):
    urn = serializers.IntegerField(source="school.urn", read_only=True)
    school_name = serializers.CharField(source="school.establishment.name", read_only=True)
    governance = serializers.CharField(source="school.establishment.governance",
                                       read_only=True)

    class Meta:
        model = Escalation
        fields = ["id", "urn", "school_name", "governance", "agreed_support", "evidence",
                  "noticed_on", "opened_on", "deployment", "closed_on", "outcome"]


class SupportEscalationDetailSerializer(SupportEscalationSerializer):
    steps = serializers.SerializerMethodField()
    next_steps = serializers.SerializerMethodField()

    class Meta(SupportEscalationSerializer.Meta):
        fields = [*SupportEscalationSerializer.Meta.fields, "steps", "next_steps"]

    @extend_schema_field(SupportEscalationStepSerializer(many=True))
    def get_steps(self, escalation: Escalation) -> list:
        return SupportEscalationStepSerializer(reads.steps_of(escalation), many=True).data

    @extend_schema_field(SupportNextStepSerializer(many=True))
    def get_next_steps(self, escalation: Escalation) -> list:
        """The next steps open today (none once closed)."""
        if not escalation.is_open:
            return []
        return SupportNextStepSerializer(
            reads.next_steps_for(escalation.school, timezone.localdate()), many=True).data


class SupportEscalationOpenSerializer(serializers.Serializer):
    agreed_support = serializers.CharField(max_length=5000)
    evidence = serializers.CharField(max_length=20000)
    noticed_on = serializers.DateField()
    opened_on = serializers.DateField()
    deployment = serializers.IntegerField(required=False, allow_null=True)


class SupportEscalationStepInSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=STEP_CHOICES)
    taken_on = serializers.DateField()
    note = serializers.CharField(max_length=20000)


class SupportEscalationStepCorrectSerializer(SupportEscalationStepInSerializer):
    reason = serializers.CharField(max_length=5000, help_text="Why the step is corrected.")


class SupportEscalationCloseSerializer(serializers.Serializer):
    closed_on = serializers.DateField()
    outcome = serializers.CharField(max_length=5000)


class _EscalationAPI(SupportAPI):
    required_permission = VISITS_VIEW
    write_permission = VISITS_RECORD

    def detail(self, escalation: Escalation, code: int = status.HTTP_200_OK, *,
               reread: bool = True) -> Response:
        """The escalation as the API shows it: read again after a write (`reread`)."""
        if reread:
            escalation = reads.escalation_for(escalation.pk)
        return Response(SupportEscalationDetailSerializer(escalation).data, status=code)



@extend_schema(tags=["support"], parameters=[TENANT_PARAMETER])
class EscalationListAPI(_EscalationAPI):
    """Every escalation of the partnership, open ones first."""

    serializer_class = SupportEscalationSerializer

    @extend_schema(operation_id="support_escalation_list",
                   responses=SupportEscalationSerializer(many=True))
    def get(self, request: Request, *args, **kwargs) -> Response:
        return Response(SupportEscalationSerializer(reads.escalations(), many=True).data)


@extend_schema(tags=["support"], parameters=SCHOOL_PARAMETERS)
class SchoolEscalationsAPI(_EscalationAPI):
    """A school's escalations, newest first (GET); record that it is not engaging (POST)."""

    serializer_class = SupportEscalationSerializer

    @extend_schema(operation_id="support_school_escalations",
                   responses=SupportEscalationSerializer(many=True))
    def get(self, request: Request, *args, **kwargs) -> Response:
        school = school_for_visits(membership=self.membership, urn=self.kwargs["urn"])
        return Response(SupportEscalationSerializer(
            reads.escalations().filter(school=school), many=True).data)

    @extend_schema(request=SupportEscalationOpenSerializer,
                   responses={201: SupportEscalationDetailSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        school = school_for_visits(membership=self.membership, urn=self.kwargs["urn"])
        values = self.values(SupportEscalationOpenSerializer)
        deployment_id = values.pop("deployment", None)
        deployment = None
        if deployment_id is not None:
            deployment = Deployment.objects.filter(pk=deployment_id, school=school).first()
            if deployment is None:
                return Response({"deployment": ["No such deployment for this school."]},
                                status=status.HTTP_400_BAD_REQUEST)
        escalation = self.call(services.escalation_open, school=school,
                               deployment=deployment, **values)
        return self.detail(escalation, status.HTTP_201_CREATED)


@extend_schema(tags=["support"], parameters=ESCALATION_PARAMETERS)
class EscalationDetailAPI(_EscalationAPI):
    """One escalation with its steps and the next steps open today."""

    serializer_class = SupportEscalationDetailSerializer

    @extend_schema(operation_id="support_escalation_detail",
                   responses=SupportEscalationDetailSerializer)
    def get(self, request: Request, *args, **kwargs) -> Response:
        return self.detail(reads.escalation_for(self.kwargs["escalation_id"]), reread=False)


@extend_schema(tags=["support"], parameters=ESCALATION_PARAMETERS,
               request=SupportEscalationStepInSerializer,
               responses={201: SupportEscalationDetailSerializer})
class EscalationStepAPI(_EscalationAPI):
    """Record a next step, of a kind open to the council for this school on its date."""

    serializer_class = SupportEscalationStepInSerializer
    required_permission = VISITS_RECORD

    def post(self, request: Request, *args, **kwargs) -> Response:
        escalation = reads.escalation_for(self.kwargs["escalation_id"])
        self.call(services.escalation_step, escalation=escalation,
                  **self.values(SupportEscalationStepInSerializer))
        return self.detail(escalation, status.HTTP_201_CREATED)


@extend_schema(tags=["support"], parameters=ESCALATION_PARAMETERS,
               request=SupportEscalationCloseSerializer,
               responses={200: SupportEscalationDetailSerializer})
class EscalationCloseAPI(_EscalationAPI):
    """Close the escalation with its outcome."""

    serializer_class = SupportEscalationCloseSerializer
    required_permission = VISITS_RECORD

    def post(self, request: Request, *args, **kwargs) -> Response:
        escalation = reads.escalation_for(self.kwargs["escalation_id"])
        self.call(services.escalation_close, escalation=escalation,
                  **self.values(SupportEscalationCloseSerializer))
        return self.detail(escalation)


@extend_schema(tags=["support"],
               parameters=[TENANT_PARAMETER,
                           path_parameter("escalation_step_id", "The step's id.")],
               request=SupportEscalationStepCorrectSerializer,
               responses={200: SupportEscalationDetailSerializer})
class EscalationStepCorrectAPI(_EscalationAPI):
    """Correct a step of an open escalation (its kind, date or note) with the reason: what it
    said before is kept (the step's `revisions`); the corrected step must still be of a kind
    open to the council for this school on its date."""

    serializer_class = SupportEscalationStepCorrectSerializer
    required_permission = VISITS_RECORD

    def post(self, request: Request, *args, **kwargs) -> Response:
        step = reads.step_for(self.kwargs["escalation_step_id"])
        self.call(services.escalation_step_correct, step=step,
                  **self.values(SupportEscalationStepCorrectSerializer))
        return self.detail(step.escalation)
