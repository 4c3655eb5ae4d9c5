from django.urls import path  # noqa: F401

from categorisation.api.inspections import InspectionCreateAPI

urlpatterns: list = []

urlpatterns += [
    path("inspections/", InspectionCreateAPI.as_view(), name="api-inspection-create"),
]
