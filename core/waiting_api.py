"""The "waiting for you" list by API: the same items as the page (core.notifications), for the
signed-in member (or their API token) in the tenant of the address. Every member has one; a
person of another tenant gets 404 (core.tenancy.TenantAPIMixin)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import TENANT_PARAMETER
from core.notifications import absolute, waiting_for
from core.tenancy import TenantAPIMixin


class WaitingSerializer(serializers.Serializer):
    text = serializers.CharField(help_text="What waits, in a sentence.")
    url = serializers.CharField(help_text="The page of the thing, as a path of this site.")
    link = serializers.CharField(help_text="The same page as a full address.")
    count = serializers.IntegerField(help_text="How many things the line stands for.")


@extend_schema(tags=["core"], parameters=[TENANT_PARAMETER])
class WaitingAPI(TenantAPIMixin, generics.GenericAPIView):
    """What needs the signed-in person's action in this tenant now: proposals to confirm,
    categories or capacity levels to answer, disagreements to moderate, minutes to take to
    their next step, actions overdue, visit notes to check or answer, imports to apply."""

    serializer_class = WaitingSerializer
    filter_backends: list = []
    pagination_class = None

    @extend_schema(operation_id="waiting_list", responses=WaitingSerializer(many=True))
    def get(self, request: Request, *args, **kwargs) -> Response:
        assert self.membership is not None  # TenantAPIMixin.initial answered 404 otherwise
        items = [{"text": item.text, "url": item.url, "link": absolute(item.url),
                  "count": item.count} for item in waiting_for(self.membership)]
        return Response(WaitingSerializer(items, many=True).data)

