"""Core's tenant API (/api/t/<tenant_slug>/): what is waiting for the signed-in person."""

from django.urls import path

from core.waiting_api import WaitingAPI

app_name = "core_api"

urlpatterns = [
    path("waiting/", WaitingAPI.as_view(), name="api-waiting"),
]
