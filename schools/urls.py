from django.urls import path

from schools.views import register as views

app_name = "schools"

urlpatterns = [
    path("", views.school_list, name="school-list"),
    path("export/", views.school_list_export, name="school-list-export"),
    path("<int:urn>/", views.school_detail, name="school-detail"),
    path("<int:urn>/edit/", views.school_edit, name="school-edit"),
]
