from django.urls import path

from schools.views.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.upload, name="gias-import-list"),
    path("<int:import_id>/", views.detail, name="gias-import-detail"),
    path("<int:import_id>/progress/", views.progress, name="gias-import-progress"),
    path("<int:import_id>/apply/", views.apply, name="gias-import-apply"),
]
