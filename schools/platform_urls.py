"""The platform operator's national GIAS imports, under /platform/imports/gias/."""

from django.urls import path

from schools.views.platform_imports import views

app_name = "platform_gias"

urlpatterns = [
    path("", views.upload, name="gias-import-list"),
    path("<int:import_id>/", views.detail, name="gias-import-detail"),
    path("<int:import_id>/progress/", views.progress, name="gias-import-progress"),
    path("<int:import_id>/apply/", views.apply, name="gias-import-apply"),
]
