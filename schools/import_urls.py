from django.urls import path

from schools import import_views

urlpatterns = [
    path("", import_views.gias_import_list, name="gias-import-list"),
]
