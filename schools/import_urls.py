from django.urls import path

from schools import import_views

urlpatterns = [
    path("", import_views.gias_import_list, name="gias-import-list"),
    path("<int:import_id>/", import_views.gias_import_detail, name="gias-import-detail"),
    path("<int:import_id>/progress/", import_views.gias_import_progress,
         name="gias-import-progress"),
    path("<int:import_id>/apply/", import_views.gias_import_apply, name="gias-import-apply"),
]
