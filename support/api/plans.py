"""The support plans API: a school's plan (GET: officers any school, its headteacher; POST: an
officer adds an action) and an action moved on (officers; its owner). The same services decide
as for the pages (`support.services.plans`)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from core.actions import Progress, Rag
from core.api import TENANT_PARAMETER, path_parameter
from core.models import Membership
from core.permissions import VISITS_RECORD
from support.api.base import SupportAPI
from support.models import SupportPlanAction
from support.permissions import plan_action_for, school_for_visits
from support.selectors.plans import plan_rows
from support.services import plans as services

SCHOOL_PARAMETERS = [TENANT_PARAMETER, path_parameter("urn", "The school's URN.")]
ACTION_PARAMETERS = [TENANT_PARAMETER,
                     path_parameter("plan_action_id", "The support plan action's id.")]


class SupportPlanActionSerializer(serializers.ModelSerializer):
    urn = serializers.IntegerField(source="school.urn", read_only=True)
    owner = serializers.CharField(source="owner.user.email", allow_null=True, default=None,
                                  read_only=True)
    is_overdue = serializers.SerializerMethodField()

    class Meta:
        model = SupportPlanAction
        fields = ["id", "urn", "description", "owner", "owner_name", "due_date", "status",
                  "rag", "progress_note", "is_overdue"]

    def get_is_overdue(self, action: SupportPlanAction) -> bool:
        return action.is_overdue(timezone.localdate())


class SupportPlanActionInSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=5000)
    owner = serializers.IntegerField(required=False, allow_null=True,
                                     help_text="A member's id (membership) of the "
                                               "partnership.")
    owner_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    due_date = serializers.DateField(required=False, allow_null=True)
    rag = serializers.ChoiceField(choices=[("", "None"), *Rag.choices], required=False)


class SupportPlanProgressSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Progress.choices)
    rag = serializers.ChoiceField(choices=[("", "None"), *Rag.choices], required=False,
                                  allow_null=True, default=None)
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True)


@extend_schema(tags=["support"], parameters=SCHOOL_PARAMETERS)
class SupportPlanAPI(SupportAPI):
    """A school's support plan: its actions, open ones soonest due first (GET: officers any
    school, a headteacher their own); an officer adds one to the plan of a school in support
    (POST)."""

    serializer_class = SupportPlanActionSerializer
    write_permission = VISITS_RECORD

    @extend_schema(operation_id="support_plan_actions",
                   responses=SupportPlanActionSerializer(many=True))
    def get(self, request: Request, *args, **kwargs) -> Response:
        school = school_for_visits(membership=self.membership, urn=self.kwargs["urn"])
        rows = plan_rows(school=school, today=timezone.localdate())
        return Response(SupportPlanActionSerializer([r.action for r in rows], many=True).data)

    @extend_schema(request=SupportPlanActionInSerializer,
                   responses={201: SupportPlanActionSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        school = school_for_visits(membership=self.membership, urn=self.kwargs["urn"])
        data = SupportPlanActionInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        owner_id = values.pop("owner", None)
        owner = None
        if owner_id is not None:
            owner = Membership.objects.filter(pk=owner_id, is_active=True).first()
            if owner is None:
                return Response({"owner": ["No such member of this partnership."]},
                                status=status.HTTP_400_BAD_REQUEST)
        action = self.call(services.plan_action_add, school=school, owner=owner,
                           description=values["description"],
                           owner_name=values.get("owner_name", ""),
                           due_date=values.get("due_date"), rag=values.get("rag", ""))
        return Response(SupportPlanActionSerializer(action).data,
                        status=status.HTTP_201_CREATED)


@extend_schema(tags=["support"], parameters=ACTION_PARAMETERS,
               request=SupportPlanProgressSerializer,
               responses={200: SupportPlanActionSerializer})
class SupportPlanProgressAPI(SupportAPI):
    """Move an action on (officers; the action's owner): status, RAG rating and a note, every
    update kept."""

    serializer_class = SupportPlanProgressSerializer

    def post(self, request: Request, *args, **kwargs) -> Response:
        action = plan_action_for(membership=self.membership,
                                 action_id=self.kwargs["plan_action_id"])
        if not services.may_progress(self.membership, action):
            raise PermissionDenied("Only officers and the action's owner record its progress.")
        data = SupportPlanProgressSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        self.call(services.plan_action_progress, action=action, **data.validated_data)
        action.refresh_from_db()
        return Response(SupportPlanActionSerializer(action).data)
