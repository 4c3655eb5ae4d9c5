"""The base of every support API view: tenant-scoped (`TenantAPIMixin`), no list filters or
pages unless a view asks, one way to read a write's body, and one way to read a school it names
by URN."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from rest_framework import generics, serializers

from core.api import api_refusal
from core.tenancy import TenantAPIMixin
from schools.models import School


class SupportAPI(TenantAPIMixin, generics.GenericAPIView):
    filter_backends: list = []
    pagination_class = None

    def values(self, serializer_class: type[serializers.Serializer]) -> dict:
        """The request's body checked by `serializer_class` (a 400 naming each bad field)."""
        data = serializer_class(data=self.request.data)
        data.is_valid(raise_exception=True)
        return dict(data.validated_data)

    def school_named(self, urn: int | None, *, field: str) -> School | None:
        """The council's school with that URN (None when none is named); refused naming
        `field` when the register has no such school."""
        if urn is None:
            return None
        school = School.objects.filter(establishment_id=urn).first()
        if school is None:
            raise api_refusal(ValidationError({field: "Not a school of this council's "
                                                      "register."}))
        return school
