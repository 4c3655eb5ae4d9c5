"""The platform operator's national Ofsted and performance imports: /platform/imports/data/."""

from django.urls import path

from categorisation.views.platform_imports import views

app_name = "platform_data"

urlpatterns = [
    path("", views.upload, name="data-import-list"),
    path("<int:import_id>/", views.detail, name="data-import-detail"),
    path("<int:import_id>/progress/", views.progress, name="data-import-progress"),
    path("<int:import_id>/apply/", views.apply, name="data-import-apply"),
]
