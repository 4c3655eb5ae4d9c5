"""Hub self-management API: meetings, notes, priorities and actions of one hub.

Thin views over `selectors.hubs` and `services.hubs`, with the pages' rule
(`partnerships.permissions.hub_for_member`): any member of the hub (its member schools' heads,
officers) reads; the hub's chair or an officer writes; another tenant's hub is 404.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import TENANT_PARAMETER, api_refusal, path_parameter
from core.models import Membership
from core.tenancy import TenantAPIMixin
from partnerships.models import (
    HubAction,
    HubActionUpdate,
    HubMeeting,
    HubMeetingNote,
    HubPriority,
    Partnership,
)
from partnerships.permissions import hub_for_member
from partnerships.selectors import hubs as selectors
from partnerships.services import hubs as services
from schools.selectors import HEADSHIP_RELATED

# --- Serializers ------------------------------------------------------------------------------


class HubMeetingSerializer(serializers.ModelSerializer):
    class Meta:
        model = HubMeeting
        fields = ["id", "partnership", "starts_at", "location", "is_online", "agenda", "status",
                  "status_reason", "created_at"]
        read_only_fields = fields


class HubMeetingCreateSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    location = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                     default="")
    is_online = serializers.BooleanField(required=False, default=False)
    agenda = serializers.CharField(required=False, allow_blank=True, default="")


class HubMeetingNoteSerializer(serializers.ModelSerializer):
    author = serializers.StringRelatedField()

    class Meta:
        model = HubMeetingNote
        fields = ["id", "meeting", "author", "text", "replaces", "created_at"]
        read_only_fields = fields


class HubMeetingNoteCreateSerializer(serializers.Serializer):
    text = serializers.CharField()


class HubPrioritySerializer(serializers.ModelSerializer):
    class Meta:
        model = HubPriority
        fields = ["id", "partnership", "title", "description", "status", "start_date",
                  "end_date"]
        read_only_fields = fields


class HubPriorityCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    start_date = serializers.DateField(required=False, allow_null=True, default=None)


class HubActionSerializer(serializers.ModelSerializer):
    owner_label = serializers.CharField(read_only=True)

    class Meta:
        model = HubAction
        fields = ["id", "partnership", "priority", "meeting", "description", "owner",
                  "owner_name", "owner_label", "due_date", "status", "rag", "progress_note",
                  "completed_at", "created_at", "updated_at"]
        read_only_fields = fields


class HubActionCreateSerializer(serializers.Serializer):
    description = serializers.CharField()
    priority = serializers.IntegerField(required=False, allow_null=True, default=None)
    meeting = serializers.IntegerField(required=False, allow_null=True, default=None)
    owner = serializers.IntegerField(required=False, allow_null=True, default=None,
                                     help_text="The membership id of a member school's head.")
    owner_name = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                       default="")
    due_date = serializers.DateField(required=False, allow_null=True, default=None)


class HubActionProgressSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=HubAction.Progress.choices)
    rag = serializers.ChoiceField(choices=HubAction.Rag.choices, required=False, allow_blank=True,
                                  help_text="Red, amber or green; left out keeps the rating.")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class HubActionUpdateSerializer(serializers.ModelSerializer):
    author = serializers.StringRelatedField()

    class Meta:
        model = HubActionUpdate
        fields = ["id", "action", "status", "rag", "note", "author", "created_at"]
        read_only_fields = fields


# --- Views ------------------------------------------------------------------------------------


HUB_PARAMETERS = [
    TENANT_PARAMETER,
    path_parameter("partnership_id", "The hub's (partnership's) id."),
]
MEETING_PARAMETER = path_parameter("hub_meeting_id", "The meeting's id.")
ACTION_PARAMETER = path_parameter("hub_action_id", "The action's id.")


class HubAPIBase(TenantAPIMixin, generics.GenericAPIView):
    """Any member of the tenant reaches these views; the hub rule decides (403 or 404)."""

    filter_backends: list = []
    model: type = HubMeeting

    def hub(self, *, manage: bool = False) -> Partnership:
        partnership, _ = hub_for_member(membership=self.membership,
                                        partnership_id=self.kwargs["partnership_id"],
                                        manage=manage)
        return partnership

    def fake(self) -> bool:
        # Schema generation runs outside any tenant scope.
        return getattr(self, "swagger_fake_view", False)

    def list_response(self, queryset) -> Response:
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def created(self, obj, serializer_class) -> Response:
        return Response(serializer_class(obj).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["hubs"], parameters=HUB_PARAMETERS)
class HubMeetingListAPI(HubAPIBase):
    """A hub's meetings (GET, newest first); the chair or an officer plans one (POST)."""

    serializer_class = HubMeetingSerializer

    def get_queryset(self):
        if self.fake():
            return HubMeeting.objects.none()
        return HubMeeting.objects.filter(partnership=self.hub()).order_by("-starts_at", "-id")

    def get(self, request: Request, *args, **kwargs) -> Response:
        return self.list_response(self.get_queryset())

    @extend_schema(request=HubMeetingCreateSerializer, responses={201: HubMeetingSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        partnership = self.hub(manage=True)
        data = HubMeetingCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            meeting = services.hub_meeting_create(tenant=self.tenant, actor=request.user,
                                                  partnership=partnership, **data.validated_data)
        except DjangoValidationError as error:
            raise api_refusal(error) from error
        return self.created(meeting, HubMeetingSerializer)


@extend_schema(tags=["hubs"], parameters=[*HUB_PARAMETERS, MEETING_PARAMETER])
class HubMeetingNoteListAPI(HubAPIBase):
    """A meeting's notes, every version (an edited note is `replaces`d by its next version);
    the chair or an officer adds one (POST)."""

    serializer_class = HubMeetingNoteSerializer

    def meeting(self, partnership: Partnership) -> HubMeeting:
        meeting = selectors.hub_meeting_for(partnership=partnership,
                                            meeting_id=self.kwargs["hub_meeting_id"])
        if meeting is None:
            raise exceptions.NotFound("No such meeting.")
        return meeting

    def get_queryset(self):
        if self.fake():
            return HubMeetingNote.objects.none()
        return (HubMeetingNote.objects.filter(meeting=self.meeting(self.hub()))
                .select_related("author").order_by("created_at", "id"))

    def get(self, request: Request, *args, **kwargs) -> Response:
        return self.list_response(self.get_queryset())

    @extend_schema(request=HubMeetingNoteCreateSerializer,
                   responses={201: HubMeetingNoteSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        meeting = self.meeting(self.hub(manage=True))
        data = HubMeetingNoteCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            note = services.hub_meeting_note_add(tenant=self.tenant, actor=request.user,
                                                 meeting=meeting, text=data.validated_data["text"])
        except DjangoValidationError as error:
            raise api_refusal(error) from error
        return self.created(note, HubMeetingNoteSerializer)


@extend_schema(tags=["hubs"], parameters=HUB_PARAMETERS)
class HubPriorityListAPI(HubAPIBase):
    """A hub's priorities, active and ended (GET); the chair or an officer adds one (POST)."""

    serializer_class = HubPrioritySerializer

    def get_queryset(self):
        if self.fake():
            return HubPriority.objects.none()
        return HubPriority.objects.filter(partnership=self.hub()).order_by("start_date", "id")

    def get(self, request: Request, *args, **kwargs) -> Response:
        return self.list_response(self.get_queryset())

    @extend_schema(request=HubPriorityCreateSerializer, responses={201: HubPrioritySerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        partnership = self.hub(manage=True)
        data = HubPriorityCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            priority = services.hub_priority_create(tenant=self.tenant, actor=request.user,
                                                    partnership=partnership,
                                                    **data.validated_data)
        except DjangoValidationError as error:
            raise api_refusal(error) from error
        return self.created(priority, HubPrioritySerializer)


@extend_schema(tags=["hubs"], parameters=HUB_PARAMETERS)
class HubActionListAPI(HubAPIBase):
    """A hub's actions with their progress (GET); the chair or an officer records one (POST):
    its owner is a member school's headteacher (`owner`) or a name (`owner_name`)."""

    serializer_class = HubActionSerializer

    def get_queryset(self):
        if self.fake():
            return HubAction.objects.none()
        return (HubAction.objects.filter(partnership=self.hub())
                .select_related(*selectors.ACTION_RELATED).order_by("due_date", "id"))

    def get(self, request: Request, *args, **kwargs) -> Response:
        return self.list_response(self.get_queryset())

    @extend_schema(request=HubActionCreateSerializer, responses={201: HubActionSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        partnership = self.hub(manage=True)
        data = HubActionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        lookups = {
            "priority": HubPriority.objects.filter(partnership=partnership),
            "meeting": HubMeeting.objects.filter(partnership=partnership),
            "owner": Membership.objects.select_related("user", HEADSHIP_RELATED),
        }
        for name, queryset in lookups.items():
            if values[name] is not None:
                found = queryset.filter(pk=values[name]).first()
                if found is None:
                    raise exceptions.ValidationError({name: [f"No such {name} in this hub."]})
                values[name] = found
        try:
            action = services.hub_action_create(tenant=self.tenant, actor=request.user,
                                                partnership=partnership, **values)
        except DjangoValidationError as error:
            raise api_refusal(error) from error
        return self.created(action, HubActionSerializer)


@extend_schema(tags=["hubs"], parameters=[*HUB_PARAMETERS, ACTION_PARAMETER])
class HubActionProgressAPI(HubAPIBase):
    """An action's progress updates, newest first (GET); the chair or an officer records the
    next one (POST), which returns the action."""

    serializer_class = HubActionUpdateSerializer

    def hub_action(self, partnership: Partnership) -> HubAction:
        action = HubAction.objects.filter(partnership=partnership,
                                          pk=self.kwargs["hub_action_id"]).first()
        if action is None:
            raise exceptions.NotFound("No such action.")
        return action

    def get_queryset(self):
        if self.fake():
            return HubActionUpdate.objects.none()
        return (HubActionUpdate.objects.filter(action=self.hub_action(self.hub()))
                .select_related("author").order_by("-created_at", "-id"))

    def get(self, request: Request, *args, **kwargs) -> Response:
        return self.list_response(self.get_queryset())

    @extend_schema(request=HubActionProgressSerializer, responses={200: HubActionSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        action = self.hub_action(self.hub(manage=True))
        data = HubActionProgressSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            action = services.hub_action_update_progress(tenant=self.tenant, actor=request.user,
                                                         action=action, **data.validated_data)
        except DjangoValidationError as error:
            raise api_refusal(error) from error
        return Response(HubActionSerializer(action).data)
