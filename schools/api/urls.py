from django.urls import path

from schools.api import views

app_name = "schools_api"

urlpatterns = [
    path("schools/", views.SchoolListAPI.as_view(), name="api-school-list"),
    path("schools/<int:urn>/", views.SchoolDetailAPI.as_view(), name="api-school-detail"),
    path("schools/<int:urn>/lineage/", views.SchoolLineageAPI.as_view(),
         name="api-school-lineage"),
]
