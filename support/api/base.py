"""The base of every support API view: tenant-scoped (`TenantAPIMixin`), no list filters or
pages unless a view asks, and one way to read a write's body."""

from __future__ import annotations

from rest_framework import generics, serializers

from core.tenancy import TenantAPIMixin


class SupportAPI(TenantAPIMixin, generics.GenericAPIView):
    filter_backends: list = []
    pagination_class = None

    def values(self, serializer_class: type[serializers.Serializer]) -> dict:
        """The request's body checked by `serializer_class` (a 400 naming each bad field)."""
        data = serializer_class(data=self.request.data)
        data.is_valid(raise_exception=True)
        return dict(data.validated_data)
